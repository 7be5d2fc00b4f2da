// Generates a national dataset into a migrated Qalxan SQLite database through the server's own
// store (qx::store_sqlite): OPERATORS operators over the ten sectors, OBJECTS CII objects spread
// over them, one assessment of REQUIREMENTS requirements per object (a mix of every status, the
// accepted ones with their subject scores for the national roll-up), and one campaign naming
// every object. Prints the campaign's id. Deterministic (a fixed seed), so runs compare.
//
//   campaign_generate DB_PATH [OPERATORS [OBJECTS [REQUIREMENTS]]]
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "qx/store/database.h"
#include "qx/store_sqlite/sqlite_database.h"

namespace {

using namespace qx;
using store::Tx;
using store::TxMode;

constexpr const char* kSectors[] = {"oil_and_gas", "energy", "finance", "telecom", "government",
                                    "transport",   "health", "water",   "digital",  "other"};
constexpr int kBatch = 500;  // objects (with their assessments) per write transaction

int Fail(const Status& s, const char* what) {
  fmt::print(stderr, "campaign_generate: {}: {}\n", what, s.error().message);
  return 1;
}

int Run(const std::string& path, int operators, int objects, int requirements) {
  auto db = store::sqlite::OpenSqliteDatabase({path, 2});
  if (!db) return Fail(tl::unexpected(db.error()), "open");
  if (auto m = (*db)->Migrate(); !m) return Fail(m, "migrate");
  const UnixMillis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  std::mt19937_64 rng(20261128);
  std::vector<domain::OrgId> orgs;
  std::int64_t profile = 0;
  auto setup = (*db)->Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    orgs.clear();
    QX_ASSIGN_OR_RETURN(profile, tx.requirements().InsertCatalog(
                                     {0, fmt::format("bench-national-{}", now), domain::CatalogKind::kProfile,
                                      domain::CatalogScope::kGeneral, 1, "National baseline (bench)", now}));
    for (int i = 0; i < operators; ++i) {
      QX_ASSIGN_OR_RETURN(auto id, tx.orgs().Insert({0, fmt::format("Bench operator {:04d} ({})", i, now),
                                                     domain::OrgKind::kOperator, kSectors[i % 10], now}));
      orgs.push_back(id);
    }
    return qx::Ok();
  });
  if (!setup) return Fail(setup, "organisations");

  // Statuses in rough national proportions; accepted ones get a score.
  constexpr domain::AssessmentStatus kStatuses[] = {
      domain::AssessmentStatus::kAccepted, domain::AssessmentStatus::kAccepted, domain::AssessmentStatus::kAccepted,
      domain::AssessmentStatus::kSubmitted, domain::AssessmentStatus::kInReview, domain::AssessmentStatus::kDraft,
      domain::AssessmentStatus::kDraft, domain::AssessmentStatus::kChangesRequested};
  std::vector<domain::CampaignSubject> rows;
  rows.reserve(objects);
  for (int start = 0; start < objects; start += kBatch) {
    const int end = std::min(objects, start + kBatch);
    auto batch = (*db)->Run(TxMode::kWrite, [&](Tx& tx) -> Status {
      for (int i = start; i < end; ++i) {
        const domain::OrgId owner = orgs[static_cast<size_t>(i) % orgs.size()];
        const char* sector = kSectors[(static_cast<size_t>(i) % orgs.size()) % 10];
        domain::CiiObject o;
        o.owner_org = owner;
        o.name = fmt::format("Object {:05d}", i);
        o.sector = sector;
        o.kind = i % 3 == 0 ? domain::ObjectKind::kOt : domain::ObjectKind::kIt;
        o.location = "Baku";
        o.responsible_person = "CISO";
        o.created_at = o.updated_at = now;
        QX_ASSIGN_OR_RETURN(auto object, tx.registry().InsertObject(o));
        QX_RETURN_IF_ERROR(tx.registry().SetCategory(object, 1 + i % 3, "confirmed", now));

        domain::Assessment a;
        a.subject_id = object;
        a.owner_org = owner;
        a.sector = sector;
        a.category = 1 + i % 3;
        a.profile = {profile, 1};
        a.status = kStatuses[rng() % std::size(kStatuses)];
        a.created_at = a.updated_at = now;
        a.created_by = "bench";
        const bool accepted = a.status == domain::AssessmentStatus::kAccepted;
        if (accepted) {
          a.score = static_cast<double>(rng() % 1001) / 1000.0;
          a.decided_at = now;
        }
        std::vector<domain::AssessmentItem> items(static_cast<size_t>(requirements));
        for (int r = 0; r < requirements; ++r) {
          auto& item = items[static_cast<size_t>(r)];
          item.catalog_id = profile;
          item.control_id = fmt::format("req-{}", r + 1);
          item.ordinal = r + 1;
          item.title = fmt::format("Requirement {}", r + 1);
          item.group_path = "Baseline";
          item.result = a.status == domain::AssessmentStatus::kDraft && r > requirements / 2
                            ? domain::ItemResult::kUnanswered
                            : static_cast<domain::ItemResult>(1 + rng() % 4);
          item.updated_at = now;
        }
        QX_ASSIGN_OR_RETURN(a.id, tx.assessments().InsertAssessment(a, items));
        if (accepted) {
          QX_RETURN_IF_ERROR(tx.assessments().PutSubjectScore(
              {domain::SubjectKind::kObject, object, owner, sector, a.id, a.score, now}));
        }
        domain::CampaignSubject row;
        row.subject_id = object;
        row.owner_org = owner;
        row.assessment_id = a.id;
        rows.push_back(row);
      }
      return qx::Ok();
    });
    if (!batch) return Fail(batch, "objects and assessments");
  }

  domain::Campaign c;
  c.name = "National inspection (bench)";
  c.profile = {profile, 1};
  c.due_at = now + 30LL * 86'400'000;
  c.created_by = "bench";
  c.created_at = now;
  std::int64_t campaign = 0;
  auto made = (*db)->Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(campaign, tx.campaigns().InsertCampaign(c));
    for (auto& r : rows) r.campaign_id = campaign;
    return tx.campaigns().InsertSubjects(rows);
  });
  if (!made) return Fail(made, "campaign");
  fmt::print("{}\n", campaign);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 5) {
    fmt::print(stderr, "usage: campaign_generate DB_PATH [OPERATORS [OBJECTS [REQUIREMENTS]]]\n");
    return 2;
  }
  const int operators = argc > 2 ? std::atoi(argv[2]) : 2000;
  const int objects = argc > 3 ? std::atoi(argv[3]) : 20000;
  const int requirements = argc > 4 ? std::atoi(argv[4]) : 100;
  if (operators < 1 || objects < 1 || requirements < 1) {
    fmt::print(stderr, "campaign_generate: counts must be positive\n");
    return 2;
  }
  return Run(argv[1], operators, objects, requirements);
}
