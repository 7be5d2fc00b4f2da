// Store interface for the append-only, hash-chained audit trail.
#pragma once

#include <functional>
#include <optional>

#include "qx/audit/chain.h"
#include "qx/core/result.h"
#include "qx/store/page.h"

namespace qx::store {

struct AuditFilter {
  std::optional<std::int64_t> org_id;
  std::optional<std::string> actor;
  std::optional<UnixMillis> since;  // inclusive
  std::optional<UnixMillis> until;  // exclusive
};

class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  // Seals entry onto the end of the chain at time `at`. Must run in a write transaction, which
  // serialises appenders so that the chain never forks.
  virtual Result<audit::AuditRecord> Append(const audit::AuditEntry& entry, UnixMillis at) = 0;
  // Records matching filter in seq order, after page.after.
  virtual Result<Page<audit::AuditRecord>> List(const AuditFilter& filter,
                                                const PageRequest& page) = 0;
  // Calls visit for every record in seq order until it returns false.
  virtual Status Scan(const std::function<bool(const audit::AuditRecord&)>& visit) = 0;
};

}  // namespace qx::store
