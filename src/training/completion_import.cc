// TrainingService::ImportCompletionsCsv: loads what the organisation has, plans the file
// (completion_csv.h) and writes every row or none.
#include <fmt/format.h>

#include "qx/core/text.h"
#include "qx/identity/audited.h"
#include "qx/training/training_service.h"

namespace qx::training {
namespace {

using store::Tx;

Result<CompletionDirectory> LoadDirectory(Tx& tx, domain::OrgId org) {
  CompletionDirectory dir;
  store::PageRequest page{0, 1000};
  for (;;) {
    QX_ASSIGN_OR_RETURN(auto staff, tx.training().ListStaff(org, page));
    for (const auto& s : staff.items) {
      dir.staff_ids.insert(s.id);
      dir.staff_by_ref.emplace(s.staff_ref, s.id);
      if (!s.email.empty()) {
        std::string email = s.email;
        for (auto& c : email) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        dir.staff_by_email[email].push_back(s.id);
      }
    }
    if (!staff.next) break;
    page.after = *staff.next;
  }
  QX_ASSIGN_OR_RETURN(auto courses, tx.training().ListCourses(org));
  for (const auto& c : courses) {
    dir.course_ids.insert(c.id);
    dir.course_by_title.emplace(FoldCase(c.title), c.id);
  }
  page = {0, 1000};
  for (;;) {
    QX_ASSIGN_OR_RETURN(auto done, tx.training().ListCompletions(org, {}, page));
    for (const auto& c : done.items) dir.recorded.emplace(c.staff_id, c.course_id, c.completed_on);
    if (!done.next) break;
    page.after = *done.next;
  }
  return dir;
}

}  // namespace

Result<CompletionImportReport> TrainingService::ImportCompletionsCsv(const identity::Actor& actor,
                                                                    domain::OrgId org, std::string_view csv,
                                                                    bool dry_run) {
  QX_RETURN_IF_ERROR(actor.Authorize(domain::Action::kTrainingManage, org));
  if (csv.size() > kMaxCompletionCsvBytes) {
    return MakeError(ErrorCode::kPayloadTooLarge,
                     fmt::format("the file is larger than {} bytes", kMaxCompletionCsvBytes));
  }
  QX_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(csv, kMaxCompletionCsvRows + 1).map_error([](Error e) {
    if (e.code == ErrorCode::kPayloadTooLarge) {
      e.message = fmt::format("the file has more than {} rows", kMaxCompletionCsvRows);
    }
    return e;
  }));
  const UnixMillis now = clock_.Now();
  const Days today = DayOf(now);
  // A dry run only reads; the import plans and writes in one transaction, so the checks hold
  // for what is written.
  return store::Transact(db_, dry_run ? store::TxMode::kRead : store::TxMode::kWrite,
                         [&](Tx& tx) -> Result<CompletionImportReport> {
    QX_RETURN_IF_ERROR(tx.orgs().Get(org));
    QX_ASSIGN_OR_RETURN(CompletionDirectory dir, LoadDirectory(tx, org));
    CompletionImportReport report;
    report.dry_run = dry_run;
    report.plan = PlanCompletionImport(table, dir, today);
    if (!report.plan.ok() || dry_run) return report;
    for (const auto& c : report.plan.completions) {
      domain::Completion done{0, org, c.staff_id, c.course_id, c.completed_on, "csv", actor.label(), now};
      QX_RETURN_IF_ERROR(tx.training().InsertCompletion(done));
      ++report.created;
    }
    report.imported = true;
    QX_RETURN_IF_ERROR(identity::AuditChange(tx, actor, org, "training.completions.import", "organisation", org,
                                             {{"rows", report.plan.rows},
                                              {"created", report.created},
                                              {"duplicates", report.plan.duplicates}},
                                             now));
    return report;
  });
}

}  // namespace qx::training
