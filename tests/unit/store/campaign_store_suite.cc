// The store contract for campaigns (runs against every backend).
#include "store_suite.h"

namespace qx::store::testing {
namespace {

using domain::OrgKind;

TEST_P(StoreSuite, CampaignsKeepTheirSubjectsAndReadTheBoardWithNamesAndStatuses) {
  const OrgId a = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
    return tx.orgs().Insert({0, "Op A", OrgKind::kOperator, "energy", 1000});
  });
  const OrgId b = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
    return tx.orgs().Insert({0, "Op B", OrgKind::kOperator, "energy", 1000});
  });
  auto object = [&](OrgId owner, std::string name) {
    domain::CiiObject o;
    o.owner_org = owner;
    o.name = std::move(name);
    o.sector = "energy";
    o.created_at = o.updated_at = 5;
    return *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.registry().InsertObject(o); });
  };
  const auto grid = object(a, "Grid SCADA"), plant = object(a, "Plant DCS"), other = object(b, "Billing");
  const auto catalog = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
    return tx.requirements().InsertCatalog({0, "energy", domain::CatalogKind::kProfile,
                                            domain::CatalogScope::kGeneral, a, "Energy", 1});
  });
  domain::Assessment as;
  as.subject_id = grid;
  as.owner_org = a;
  as.sector = "energy";
  as.profile = {catalog, 1};
  as.status = domain::AssessmentStatus::kSubmitted;
  as.created_by = "user:1";
  const auto assessment = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.assessments().InsertAssessment(as, {}); });

  domain::Campaign c;
  c.name = "Energy 2027";
  c.description = "The yearly inspection";
  c.profile = {catalog, 1};
  c.due_at = 9000;
  c.sector = "energy";
  c.category = 2;
  c.created_by = "user:1";
  c.created_at = 100;
  const auto id = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.campaigns().InsertCampaign(c); });
  auto got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().GetCampaign(id); });
  EXPECT_EQ(got.name, "Energy 2027");
  EXPECT_EQ(got.profile, (domain::SourceRef{catalog, 1}));
  EXPECT_EQ(got.due_at, 9000);
  EXPECT_EQ(got.category, 2);
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().GetCampaign(id + 7); }).error().code,
            ErrorCode::kNotFound);

  std::vector<domain::CampaignSubject> rows(3);
  for (auto& r : rows) r.campaign_id = id;
  rows[0].subject_id = grid;
  rows[0].owner_org = a;
  rows[0].assessment_id = assessment;
  rows[0].linked = true;
  rows[1].subject_id = plant;
  rows[1].owner_org = a;
  rows[1].note = "no profile";
  rows[2].subject_id = other;
  rows[2].owner_org = b;
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.campaigns().InsertSubjects(rows); }));
  // A subject appears once per campaign; the failed write leaves nothing behind.
  auto dup = db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.campaigns().InsertSubjects({rows[2]}); });
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);

  const domain::StatusFilter every;
  auto all = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().ListSubjects(id, std::nullopt, every, 0, 10); });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].subject_name, "Grid SCADA");
  EXPECT_EQ(all[0].owner_name, "Op A");
  EXPECT_EQ(all[0].status, domain::AssessmentStatus::kSubmitted);
  EXPECT_TRUE(all[0].linked);
  EXPECT_EQ(all[1].note, "no profile");
  EXPECT_FALSE(all[1].status);
  EXPECT_FALSE(all[1].assessment_id);
  EXPECT_LT(all[0].id, all[1].id);
  auto after_first = *Transact(*db_, TxMode::kRead, [&](Tx& tx) {
    return tx.campaigns().ListSubjects(id, std::nullopt, every, all[0].id, 1);
  });
  ASSERT_EQ(after_first.size(), 1u);
  EXPECT_EQ(after_first[0].id, all[1].id);
  auto of_b = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().ListSubjects(id, b, every, 0, 10); });
  ASSERT_EQ(of_b.size(), 1u);
  EXPECT_EQ(of_b[0].subject_name, "Billing");
  EXPECT_EQ(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().CountSubjects(id); }), 3);

  // Filters on the status: submitted; no assessment; not accepted; none.
  using Mode = domain::StatusFilter::Mode;
  auto list = [&](domain::StatusFilter f) {
    return *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().ListSubjects(id, std::nullopt, f, 0, 10); });
  };
  EXPECT_EQ(list({Mode::kStatus, "submitted"}).size(), 1u);
  EXPECT_EQ(list({Mode::kStatus, ""}).size(), 2u);
  EXPECT_EQ(list({Mode::kNotAccepted, ""}).size(), 3u);
  EXPECT_EQ(list({Mode::kStatus, "accepted"}).size(), 0u);
  EXPECT_EQ(list({Mode::kNone, ""}).size(), 0u);
  auto counts = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().CountStatuses(id, std::nullopt); });
  std::int64_t without = 0, submitted = 0;
  for (const auto& [status, n] : counts) {
    if (!status) without += n;
    if (status == domain::AssessmentStatus::kSubmitted) submitted += n;
  }
  EXPECT_EQ(without, 2);
  EXPECT_EQ(submitted, 1);
  auto counts_b = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().CountStatuses(id, b); });
  ASSERT_EQ(counts_b.size(), 1u);
  EXPECT_EQ(counts_b[0].second, 1);

  c.name = "Later";
  c.sector.clear();
  c.category.reset();
  const auto later = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.campaigns().InsertCampaign(c); });
  auto newest = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().ListCampaigns(std::nullopt, {0, 1}); });
  ASSERT_EQ(newest.items.size(), 1u);
  EXPECT_EQ(newest.items[0].id, later);  // newest first
  ASSERT_TRUE(newest.next);
  auto rest = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().ListCampaigns(std::nullopt, {*newest.next, 10}); });
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.items[0].id, id);
  EXPECT_EQ(rest.items[0].category, 2);
  auto with_b = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.campaigns().ListCampaigns(b, {}); });
  ASSERT_EQ(with_b.items.size(), 1u);  // only the campaign naming one of b's subjects
  EXPECT_EQ(with_b.items[0].id, id);
}

}  // namespace
}  // namespace qx::store::testing
