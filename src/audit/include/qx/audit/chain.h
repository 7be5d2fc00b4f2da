// The audit trail's hash chain: every record carries the SHA-256 of its predecessor and of its own
// content, so that an edit, insertion or deletion behind the server's back breaks the chain.
// Pure logic; the store appends and reads records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "qx/core/clock.h"

namespace qx::audit {

// The hash that precedes the first record.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// What a change says about itself; the store turns it into a sealed record.
struct AuditEntry {
  std::string actor;                 // "user:12", "token:5", "system"
  std::int64_t org_id = 0;           // the organisation whose data changed (0: installation)
  std::string action;                // "user.create", "token.revoke", ...
  std::string object_type;           // "user", "organisation", ...
  std::string object_id;
  std::string detail;                // JSON describing the change; never a secret
};

struct AuditRecord {
  std::int64_t seq = 0;  // 1, 2, 3 ... in append order
  UnixMillis at = 0;
  AuditEntry entry;
  std::string digest;     // SHA-256 of entry.detail
  std::string prev_hash;  // hash of record seq-1, or kGenesisHash
  std::string hash;       // SHA-256 over all of the above
};

// Fills digest, prev_hash and hash of a record whose seq, at and entry are set.
void Seal(AuditRecord& record, std::string_view prev_hash);

// Checks records one at a time in seq order; remembers the first broken link.
class ChainVerifier {
 public:
  // Returns false once the chain is broken (at this record or before).
  bool Add(const AuditRecord& record);
  bool ok() const { return !broken_seq_; }
  std::optional<std::int64_t> broken_seq() const { return broken_seq_; }
  const std::string& reason() const { return reason_; }
  std::int64_t count() const { return count_; }

 private:
  std::string prev_hash_{kGenesisHash};
  std::int64_t expected_seq_ = 1;
  std::int64_t count_ = 0;
  std::optional<std::int64_t> broken_seq_;
  std::string reason_;
};

}  // namespace qx::audit
