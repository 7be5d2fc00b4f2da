#include "qx/audit/chain.h"

#include <fmt/format.h>

#include "qx/crypto/digest.h"

namespace qx::audit {
namespace {

// Length-prefixed fields: unambiguous whatever bytes the fields hold.
void AppendField(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += '\n';
}

std::string ContentHash(const AuditRecord& r) {
  std::string canonical = "qx-audit-v1\n";
  AppendField(canonical, std::to_string(r.seq));
  AppendField(canonical, std::to_string(r.at));
  AppendField(canonical, r.entry.actor);
  AppendField(canonical, std::to_string(r.entry.org_id));
  AppendField(canonical, r.entry.action);
  AppendField(canonical, r.entry.object_type);
  AppendField(canonical, r.entry.object_id);
  AppendField(canonical, r.digest);
  AppendField(canonical, r.prev_hash);
  return crypto::Sha256Hex(canonical);
}

}  // namespace

void Seal(AuditRecord& record, std::string_view prev_hash) {
  record.digest = crypto::Sha256Hex(record.entry.detail);
  record.prev_hash = std::string(prev_hash);
  record.hash = ContentHash(record);
}

bool ChainVerifier::Add(const AuditRecord& r) {
  if (broken_seq_) return false;
  ++count_;
  auto fail = [&](std::string why) {
    broken_seq_ = r.seq;
    reason_ = std::move(why);
    return false;
  };
  if (r.seq != expected_seq_) {
    return fail(fmt::format("expected record {} but found {} (a record was removed or inserted)",
                            expected_seq_, r.seq));
  }
  if (r.prev_hash != prev_hash_) return fail("prev_hash does not match the previous record");
  if (crypto::Sha256Hex(r.entry.detail) != r.digest) return fail("detail does not match digest");
  if (ContentHash(r) != r.hash) return fail("record content does not match its hash");
  prev_hash_ = r.hash;
  ++expected_seq_;
  return true;
}

}  // namespace qx::audit
