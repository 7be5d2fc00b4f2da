// AuditTrail: reading the audit log (for the regulator) and verifying its hash chain.
#pragma once

#include <optional>
#include <string>

#include "qx/identity/principal.h"
#include "qx/store/database.h"

namespace qx::audit_trail {

struct VerifyReport {
  bool ok = true;
  std::int64_t records = 0;                // records checked up to and including a broken one
  std::optional<std::int64_t> broken_seq;  // the first record whose link is broken
  std::string reason;
};

class AuditTrail {
 public:
  explicit AuditTrail(store::Database& db) : db_(db) {}

  Result<store::Page<audit::AuditRecord>> List(const identity::Actor& actor,
                                               const store::AuditFilter& filter,
                                               const store::PageRequest& page);

  // Walks the whole chain from the first record; stops at the first broken link.
  Result<VerifyReport> Verify();

 private:
  store::Database& db_;
};

}  // namespace qx::audit_trail
