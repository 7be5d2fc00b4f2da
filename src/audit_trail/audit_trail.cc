#include "qx/audit_trail/audit_trail.h"

namespace qx::audit_trail {

Result<store::Page<audit::AuditRecord>> AuditTrail::List(const identity::Actor& actor,
                                                         const store::AuditFilter& filter,
                                                         const store::PageRequest& page) {
  QX_RETURN_IF_ERROR(actor.Authorize(domain::Action::kAuditRead, filter.org_id.value_or(0)));
  return store::Transact(db_, store::TxMode::kRead,
                         [&](store::Tx& tx) { return tx.audit().List(filter, page); });
}

Result<VerifyReport> AuditTrail::Verify() {
  audit::ChainVerifier verifier;
  QX_RETURN_IF_ERROR(db_.Run(store::TxMode::kRead, [&](store::Tx& tx) {
    return tx.audit().Scan([&](const audit::AuditRecord& r) { return verifier.Add(r); });
  }));
  VerifyReport report;
  report.ok = verifier.ok();
  report.records = verifier.count();
  report.broken_seq = verifier.broken_seq();
  report.reason = verifier.reason();
  return report;
}

}  // namespace qx::audit_trail
