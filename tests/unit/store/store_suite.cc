#include "store_suite.h"

#include <fmt/format.h>

#include <map>
#include <mutex>
#include <thread>

namespace qx::store::testing {
namespace {

using domain::OrgKind;
using domain::Role;

Organisation Org(std::string name, OrgKind kind = OrgKind::kOperator) {
  return {0, std::move(name), kind, kind == OrgKind::kOperator ? "energy" : "", 1000};
}

OrgId AddOrg(Database& db, std::string name) {
  return *Transact(db, TxMode::kWrite, [&](Tx& tx) { return tx.orgs().Insert(Org(name)); });
}

TEST_P(StoreSuite, OrganisationsRoundTripAndNamesAreUnique) {
  const OrgId id = AddOrg(*db_, "Azneft");
  auto org = Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.orgs().Get(id); });
  ASSERT_TRUE(org);
  EXPECT_EQ(org->name, "Azneft");
  EXPECT_EQ(org->kind, OrgKind::kOperator);
  EXPECT_EQ(org->sector, "energy");
  auto dup = Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.orgs().Insert(Org("Azneft")); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  auto missing = Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.orgs().Get(999); });
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreSuite, ListsPageByKey) {
  for (int i = 0; i < 5; ++i) AddOrg(*db_, "org " + std::to_string(i));
  PageRequest page{0, 2};
  std::vector<std::string> names;
  for (;;) {
    auto p = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.orgs().List(page); });
    for (auto& o : p.items) names.push_back(o.name);
    if (!p.next) break;
    page.after = *p.next;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"org 0", "org 1", "org 2", "org 3", "org 4"}));
}

TEST_P(StoreSuite, AFailedTransactionLeavesNothingBehind) {
  auto r = db_->Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_RETURN_IF_ERROR(tx.orgs().Insert(Org("half")));
    return MakeError(ErrorCode::kInvalidArgument, "second step failed");
  });
  EXPECT_FALSE(r);
  auto page = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.orgs().List({}); });
  EXPECT_TRUE(page.items.empty());
}

TEST_P(StoreSuite, UsersKeepTheirCredentialAndUsernamesAreUnique) {
  const OrgId org = AddOrg(*db_, "Bank");
  User u{0, org, "alice", "Alice", Role::kOfficer, false, 5};
  const UserId id = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.users().Insert(u, "H1"); });
  auto cred = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.users().FindByUsername("alice"); });
  EXPECT_EQ(cred.user.id, id);
  EXPECT_EQ(cred.user.role, Role::kOfficer);
  EXPECT_EQ(cred.password_hash, "H1");
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_RETURN_IF_ERROR(tx.users().SetPasswordHash(id, "H2"));
    return tx.users().SetDisabled(id, true);
  }));
  cred = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.users().FindByUsername("alice"); });
  EXPECT_EQ(cred.password_hash, "H2");
  EXPECT_TRUE(cred.user.disabled);
  auto dup = Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.users().Insert(u, "H3"); });
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(StoreSuite, AUserNeedsAnExistingOrganisation) {
  User u{0, 12345, "ghost", "Ghost", Role::kStaff, false, 5};
  auto r = Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.users().Insert(u, "H"); });
  EXPECT_FALSE(r);
}

TEST_P(StoreSuite, TokensAreFoundByHashAndRevoked) {
  const OrgId org = AddOrg(*db_, "Telecom");
  ApiToken t;
  t.org_id = org;
  t.role = Role::kMachine;
  t.name = "matcher";
  t.created_at = 1;
  t.expires_at = 100;
  const auto id = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.tokens().Insert(t, "hash-1"); });
  auto found = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.tokens().FindBySecretHash("hash-1"); });
  EXPECT_EQ(found.id, id);
  EXPECT_FALSE(found.revoked_at);
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.tokens().Revoke(id, 50); }));
  found = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.tokens().Get(id); });
  EXPECT_EQ(found.revoked_at, 50);
}

TEST_P(StoreSuite, SessionsExpireAndEndWithTheirUser) {
  const OrgId org = AddOrg(*db_, "Ministry");
  const UserId uid = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
    return tx.users().Insert({0, org, "bob", "Bob", Role::kStaff, false, 1}, "H");
  });
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_RETURN_IF_ERROR(tx.sessions().Insert({"s-old", uid, "c1", 0, 10}));
    return tx.sessions().Insert({"s-new", uid, "c2", 0, 1000});
  }));
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.sessions().DeleteExpired(500); }));
  auto old = Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.sessions().FindBySecretHash("s-old"); });
  EXPECT_FALSE(old);
  auto fresh = Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.sessions().FindBySecretHash("s-new"); });
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->csrf_token, "c2");
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.sessions().DeleteForUser(uid); }));
  EXPECT_FALSE(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.sessions().FindBySecretHash("s-new"); }));
}

TEST_P(StoreSuite, ThrottleStateIsKeptPerKey) {
  auto zero = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.throttle().Get("user:x"); });
  EXPECT_EQ(zero.failures, 0);
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.throttle().Put("user:x", {3, 10, 20}); }));
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.throttle().Put("user:x", {4, 10, 30}); }));
  auto s = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.throttle().Get("user:x"); });
  EXPECT_EQ(s.failures, 4);
  EXPECT_EQ(s.locked_until, 30);
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.throttle().Clear("user:x"); }));
  EXPECT_EQ((*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.throttle().Get("user:x"); })).failures, 0);
}

TEST_P(StoreSuite, AuditAppendsAChainThatVerifies) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
      return tx.audit().Append({"user:1", i % 2 + 1, "x.change", "x", std::to_string(i), "{}"},
                               100 + i);
    }));
  }
  audit::ChainVerifier v;
  ASSERT_TRUE(db_->Run(TxMode::kRead, [&](Tx& tx) {
    return tx.audit().Scan([&](const audit::AuditRecord& r) { return v.Add(r); });
  }));
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(v.count(), 3);
  AuditFilter only_org_2;
  only_org_2.org_id = 2;
  auto page = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.audit().List(only_org_2, {}); });
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].entry.object_id, "1");
  AuditFilter window;
  window.since = 101;
  window.until = 102;
  page = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.audit().List(window, {}); });
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].seq, 2);
}

TEST_P(StoreSuite, ConcurrentWritersNeverForkTheAuditChain) {
  auto writer = [&](int base) {
    for (int i = 0; i < 25; ++i) {
      auto r = Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
        return tx.audit().Append({"user:1", 1, "x.change", "x", std::to_string(base + i), "{}"}, i);
      });
      ASSERT_TRUE(r) << r.error().message;
    }
  };
  std::thread a(writer, 0), b(writer, 100);
  a.join();
  b.join();
  audit::ChainVerifier v;
  ASSERT_TRUE(db_->Run(TxMode::kRead, [&](Tx& tx) {
    return tx.audit().Scan([&](const audit::AuditRecord& r) { return v.Add(r); });
  }));
  EXPECT_TRUE(v.ok()) << v.reason();
  EXPECT_EQ(v.count(), 50);
}
TEST_P(StoreSuite, SightingsKeepTheirLatestVersionAndSumPerOrganisationAndDay) {
  constexpr std::int64_t kDay = 86'400'000;
  auto upsert = [&](SightingRecord r) {
    ASSERT_TRUE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.intel().UpsertSighting(r); }));
  };
  const std::vector<std::string> c1 = {"c1"};
  // org 7 saw it twice on day 100 (GREEN), org 8 once on day 102 (AMBER+STRICT, its own).
  upsert({"c1", "sighting--1", 10, "indicator--a", 7, "green", {}, 3, 100 * kDay, 100 * kDay + 5});
  upsert({"c1", "sighting--1", 5, "indicator--a", 7, "green", {}, 99, 1, 2});  // an older version: kept out
  upsert({"c1", "sighting--2", 10, "indicator--a", 7, "green", {}, 1, std::nullopt, 100 * kDay + 9});
  upsert({"c1", "sighting--3", 10, "indicator--a", 8, "amber+strict", {}, 2, 102 * kDay, std::nullopt});
  upsert({"c1", "sighting--4", 10, "indicator--b", 7, "green", {}, 1, std::nullopt, std::nullopt});

  auto totals = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.intel().SightingTotalsFor("indicator--a", c1, 9); });
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].producer_org, 7);
  EXPECT_TRUE(totals[0].visible);
  EXPECT_EQ(totals[0].sightings, 2);
  EXPECT_EQ(totals[0].count, 4);
  EXPECT_EQ(totals[0].first_seen_ms, 100 * kDay);
  EXPECT_EQ(totals[0].last_seen_ms, 100 * kDay + 9);
  EXPECT_FALSE(totals[1].visible);  // AMBER+STRICT of org 8, seen by org 9
  auto all = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.intel().SightingTotalsFor("", c1, 9); });
  EXPECT_EQ(all.size(), 3u);

  auto days = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.intel().SightingDaysFor("indicator--a", c1, 8); });
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, 100);
  EXPECT_TRUE(days[0].visible);
  EXPECT_EQ(days[0].sightings, 2);
  EXPECT_EQ(days[0].count, 4);
  EXPECT_EQ(days[1].day, 102);  // first_seen when there is no last_seen
  EXPECT_TRUE(days[1].visible);  // its own
  auto hidden = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.intel().SightingDaysFor("indicator--a", c1, 9); });
  ASSERT_EQ(hidden.size(), 2u);
  EXPECT_FALSE(hidden[1].visible);
}

TEST_P(StoreSuite, SightingsCountOnlyInTheCollectionsGivenAndOnceAcrossThem) {
  constexpr std::int64_t kDay = 86'400'000;
  auto upsert = [&](SightingRecord r) {
    ASSERT_TRUE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.intel().UpsertSighting(r); }));
  };
  upsert({"national", "sighting--1", 10, "indicator--a", 7, "green", {}, 3, std::nullopt, 100 * kDay});
  upsert({"inbox", "sighting--2", 10, "indicator--a", 8, "green", {}, 5, std::nullopt, 101 * kDay});
  // One sighting in two collections: an older version in one, the newer in the other.
  upsert({"national", "sighting--3", 10, "indicator--a", 9, "green", {}, 1, std::nullopt, 102 * kDay});
  upsert({"sector", "sighting--3", 20, "indicator--a", 9, "green", {}, 4, std::nullopt, 103 * kDay});
  auto totals = [&](std::vector<std::string> collections, std::string indicator = "indicator--a") {
    auto t = Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.intel().SightingTotalsFor(indicator, collections, 1); });
    EXPECT_TRUE(t) << t.error().message;
    std::string out;
    for (const auto& r : *t) out += fmt::format("{}:{}/{} ", r.producer_org, r.sightings, r.count);
    return out;
  };
  EXPECT_EQ(totals({"national"}), "7:1/3 9:1/1 ");
  EXPECT_EQ(totals({"national"}, ""), "7:1/3 9:1/1 ");
  EXPECT_EQ(totals({"national", "inbox"}), "7:1/3 8:1/5 9:1/1 ");
  EXPECT_EQ(totals({"national", "sector"}), "7:1/3 9:1/4 ");  // once, at its latest version
  EXPECT_EQ(totals({"sector", "national", "inbox"}, ""), "7:1/3 8:1/5 9:1/4 ");
  EXPECT_EQ(totals({}), "");
  EXPECT_EQ(totals({"elsewhere"}), "");
  auto days = [&](std::vector<std::string> collections) {
    auto d = Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.intel().SightingDaysFor("indicator--a", collections, 1); });
    EXPECT_TRUE(d) << d.error().message;
    std::string out;
    for (const auto& r : *d) out += fmt::format("{}:{}/{} ", r.day, r.sightings, r.count);
    return out;
  };
  EXPECT_EQ(days({"national"}), "100:1/3 102:1/1 ");
  EXPECT_EQ(days({"national", "sector", "inbox"}), "100:1/3 101:1/5 103:1/4 ");
  EXPECT_EQ(days({}), "");
}

}  // namespace
}  // namespace qx::store::testing

namespace qx::store::testing {
namespace {

domain::IntelCollection Collection(std::string id) {
  return {std::move(id), "National", "every organisation", domain::Audience::kNational, ""};
}

StoredObject Indicator(std::string id, std::int64_t version_us, std::int64_t added_us,
                       domain::OrgId producer, std::string tlp,
                       std::vector<domain::OrgId> recipients = {}) {
  StoredObject o;
  o.collection_id = "c1";
  o.object_id = std::move(id);
  o.type = "indicator";
  o.spec_version = "2.1";
  o.version = std::to_string(version_us);
  o.version_us = version_us;
  o.date_added_us = added_us;
  o.producer_org = producer;
  o.tlp = std::move(tlp);
  o.recipients = std::move(recipients);
  o.json = "{}";
  return o;
}

// Six indicator versions of producers 1 and 2 under every TLP.
void SeedIntel(Database& db) {
    ASSERT_TRUE(db.Run(TxMode::kWrite, [](Tx& tx) -> Status {
      QX_RETURN_IF_ERROR(tx.intel().InsertCollection(Collection("c1")));
      for (const auto& o : {Indicator("indicator--a", 10, 100, 1, "green"),
                            Indicator("indicator--a", 20, 200, 1, "green"),
                            Indicator("indicator--b", 10, 300, 2, "amber", {3}),
                            Indicator("indicator--c", 10, 400, 2, "amber+strict"),
                            Indicator("indicator--d", 10, 500, 2, "red", {1}),
                            Indicator("indicator--e", 10, 600, 2, "clear")}) {
        QX_RETURN_IF_ERROR(tx.intel().InsertObject(o));
      }
      return Ok();
    }));
}

std::vector<std::string> Visible(Database& db, ObjectQuery q) {
  q.collection_id = "c1";
  auto page = Transact(db, TxMode::kRead, [&](Tx& tx) { return tx.intel().QueryObjects(q); });
  EXPECT_TRUE(page) << page.error().message;
  std::vector<std::string> out;
  if (!page) return out;
  for (const auto& o : page->items) out.push_back(o.object_id + "@" + std::to_string(o.version_us));
  return out;
}

TEST_P(StoreSuite, TlpDecidesWhoReadsWhat) {
  SeedIntel(*db_);
  ObjectQuery q;
  q.viewer_org = 1;  // producer of a; named on the RED d
  EXPECT_EQ(Visible(*db_, q), (std::vector<std::string>{"indicator--a@20", "indicator--d@10", "indicator--e@10"}));
  q.viewer_org = 2;  // producer of b..e
  EXPECT_EQ(Visible(*db_, q), (std::vector<std::string>{"indicator--a@20", "indicator--b@10", "indicator--c@10",
                                                  "indicator--d@10", "indicator--e@10"}));
  q.viewer_org = 3;  // named on the AMBER b
  EXPECT_EQ(Visible(*db_, q), (std::vector<std::string>{"indicator--a@20", "indicator--b@10", "indicator--e@10"}));
  q.viewer_org = 4;  // nobody in particular
  EXPECT_EQ(Visible(*db_, q), (std::vector<std::string>{"indicator--a@20", "indicator--e@10"}));
}

TEST_P(StoreSuite, IntelVersionsAndFiltersCombine) {
  SeedIntel(*db_);
  ObjectQuery q;
  q.viewer_org = 2;
  q.versions = {false, false, true, {}};
  q.ids = {"indicator--a"};
  EXPECT_EQ(Visible(*db_, q), (std::vector<std::string>{"indicator--a@10", "indicator--a@20"}));
  q.versions = {false, true, false, {}};
  EXPECT_EQ(Visible(*db_, q), (std::vector<std::string>{"indicator--a@10"}));
  q.versions = {false, false, false, {20}};
  EXPECT_EQ(Visible(*db_, q), (std::vector<std::string>{"indicator--a@20"}));
  q = {};
  q.viewer_org = 2;
  q.added_after_us = 300;
  EXPECT_EQ(Visible(*db_, q), (std::vector<std::string>{"indicator--c@10", "indicator--d@10", "indicator--e@10"}));
  q.types = {"malware"};
  EXPECT_TRUE(Visible(*db_, q).empty());
  // One type (the type index) and several (a list) give the same as no type filter.
  q = {};
  q.viewer_org = 2;
  const auto all = Visible(*db_, q);
  ASSERT_EQ(all.size(), 5u);
  q.types = {"indicator"};
  EXPECT_EQ(Visible(*db_, q), all);
  q.types = {"malware", "indicator"};
  EXPECT_EQ(Visible(*db_, q), all);
  q.types = {"malware"};
  EXPECT_TRUE(Visible(*db_, q).empty());
}

TEST_P(StoreSuite, IntelPagesByKeyWithTheSameFilters) {
  SeedIntel(*db_);
  ObjectQuery q;
  q.viewer_org = 2;
  q.limit = 2;
  q.collection_id = "c1";
  std::vector<std::string> all;
  for (;;) {
    auto page = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.intel().QueryObjects(q); });
    for (const auto& o : page.items) all.push_back(o.object_id);
    if (!page.next) break;
    q.after_seq = *page.next;
  }
  EXPECT_EQ(all.size(), 5u);
  q.after_seq = 0;
  q.types = {"indicator"};  // through the type index, page by page the same
  std::vector<std::string> typed;
  for (;;) {
    auto page = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.intel().QueryObjects(q); });
    for (const auto& o : page.items) typed.push_back(o.object_id);
    if (!page.next) break;
    q.after_seq = *page.next;
  }
  EXPECT_EQ(typed, all);
}

TEST_P(StoreSuite, IntelDuplicatesAreRefusedAndDeletesCount) {
  SeedIntel(*db_);
  auto dup = Transact(*db_, TxMode::kWrite, [](Tx& tx) {
    return tx.intel().InsertObject(Indicator("indicator--a", 10, 999, 1, "green"));
  });
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  auto removed = Transact(*db_, TxMode::kWrite, [](Tx& tx) {
    return tx.intel().DeleteObject("c1", "indicator--a", {false, false, true, {}});
  });
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(*removed, 2);
  EXPECT_EQ(*Transact(*db_, TxMode::kRead, [](Tx& tx) { return tx.intel().LastDateAdded(); }), 600);
}

// The creator of an object in a collection is the producer of its earliest stored version,
// whatever came later; ids absent from the collection (or only in another) are absent.
TEST_P(StoreSuite, IntelCreatorsAreTheProducersOfTheEarliestVersions) {
  SeedIntel(*db_);
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [](Tx& tx) -> Status {
    // Versions by other producers as stored before only creators could version (one later,
    // one earlier than the first).
    QX_ASSIGN_OR_RETURN(auto later, tx.intel().InsertObject(Indicator("indicator--b", 30, 700, 1, "green")));
    QX_ASSIGN_OR_RETURN(auto earlier, tx.intel().InsertObject(Indicator("indicator--e", 5, 800, 3, "green")));
    (void)later;
    (void)earlier;
    return Ok();
  }));
  auto creators = Transact(*db_, TxMode::kRead, [](Tx& tx) {
    return tx.intel().CreatorsOf("c1", {"indicator--a", "indicator--b", "indicator--e", "indicator--zz"});
  });
  ASSERT_TRUE(creators) << creators.error().message;
  EXPECT_EQ(*creators, (std::map<std::string, domain::OrgId>{
                           {"indicator--a", 1}, {"indicator--b", 2}, {"indicator--e", 3}}));
  EXPECT_TRUE(Transact(*db_, TxMode::kRead, [](Tx& tx) {
                return tx.intel().CreatorsOf("c2", {"indicator--a"});
              })->empty());
  EXPECT_TRUE(Transact(*db_, TxMode::kRead, [](Tx& tx) { return tx.intel().CreatorsOf("c1", {}); })->empty());
}


}  // namespace
}  // namespace qx::store::testing

namespace qx::store::testing {
namespace {

TEST_P(StoreSuite, TrainingRecordsKeepTheirOrganisationAndLatestCompletions) {
  const OrgId org = AddOrg(*db_, "Refinery");
  auto ids = Transact(*db_, TxMode::kWrite, [&](Tx& tx) -> Result<std::vector<std::int64_t>> {
    auto& t = tx.training();
    QX_ASSIGN_OR_RETURN(auto course, t.InsertCourse({0, org, "Phishing", "", 12, 5}));
    QX_ASSIGN_OR_RETURN(auto a, t.InsertStaff({0, org, "E1", "Aygun", "", true}));
    QX_ASSIGN_OR_RETURN(auto b, t.InsertStaff({0, org, "E2", "Boris", "b@example.az", false}));
    QX_ASSIGN_OR_RETURN(auto audience, t.InsertAudience({0, org, "Control room", "", {}}));
    QX_RETURN_IF_ERROR(t.SetAudienceMembers(audience, {a, b}));
    for (Days d : {100, 300, 200}) {
      QX_RETURN_IF_ERROR(t.InsertCompletion({0, org, a, course, d, "manual", "user:1", 7}));
    }
    QX_RETURN_IF_ERROR(t.InsertCompletion({0, org, b, course, 50, "csv", "user:1", 7}));
    QX_ASSIGN_OR_RETURN(auto rule, t.InsertRule({0, org, "nis-g.2", course, audience, 90, 12}));
    return std::vector<std::int64_t>{course, a, b, audience, rule};
  });
  ASSERT_TRUE(ids) << ids.error().message;
  const auto [course, a, b, audience, rule] = std::tuple((*ids)[0], (*ids)[1], (*ids)[2], (*ids)[3], (*ids)[4]);

  auto read = Transact(*db_, TxMode::kRead, [&](Tx& tx) -> Status {
    auto& t = tx.training();
    QX_ASSIGN_OR_RETURN(auto latest, t.LatestCompletions(course));
    EXPECT_EQ(latest, (std::map<std::int64_t, Days>{{a, 300}, {b, 50}}));
    QX_ASSIGN_OR_RETURN(auto members, t.Members(audience));
    EXPECT_EQ(members, (std::vector<std::int64_t>{a, b}));
    QX_ASSIGN_OR_RETURN(auto active, t.ActiveMembers(audience));
    EXPECT_EQ(active, (std::vector<std::int64_t>{a}));
    QX_ASSIGN_OR_RETURN(auto found, t.FindStaff(org, "E2"));
    EXPECT_TRUE(found && found->email == "b@example.az" && !found->active);
    QX_ASSIGN_OR_RETURN(auto missing, t.FindStaff(org, "E9"));
    EXPECT_FALSE(missing);
    QX_ASSIGN_OR_RETURN(auto page, t.ListCompletions(org, {std::nullopt, a}, {0, 2}));
    EXPECT_EQ(page.items.size(), 2u);
    EXPECT_TRUE(page.next);
    QX_ASSIGN_OR_RETURN(auto rest, t.ListCompletions(org, {std::nullopt, a}, {*page.next, 2}));
    EXPECT_EQ(rest.items.size(), 1u);
    EXPECT_GT(page.items[0].id, rest.items[0].id);  // newest recorded first
    QX_ASSIGN_OR_RETURN(auto r, t.GetRule(rule));
    EXPECT_EQ(r.requirement_id, "nis-g.2");
    EXPECT_EQ(r.min_percent, 90);
    return Ok();
  });
  ASSERT_TRUE(read) << read.error().message;

  auto duplicate = Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.training().InsertStaff({0, org, "E1", "X", "", true}); });
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  auto other = AddOrg(*db_, "Bank");
  EXPECT_TRUE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.training().InsertStaff({0, other, "E1", "X", "", true}); }));
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.training().GetCourse(424242); }).error().code,
            ErrorCode::kNotFound);
}

NewJob Notice(std::string key, UnixMillis run_at) {
  return {"notify.test", std::move(key), R"({"to":"cert"})", run_at};
}

TEST_P(StoreSuite, SchedulingAJobTwiceKeepsOne) {
  auto first = Transact(*db_, TxMode::kWrite, [](Tx& tx) { return tx.jobs().Enqueue(Notice("a", 10)); });
  auto again = Transact(*db_, TxMode::kWrite, [](Tx& tx) { return tx.jobs().Enqueue(Notice("a", 99)); });
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*first, *again);
  auto job = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.jobs().Get(*first); });
  EXPECT_EQ(job.run_at, 10);
  EXPECT_EQ(job.payload, R"({"to":"cert"})");
}

TEST_P(StoreSuite, EachDueJobIsClaimedByExactlyOneOfManyWorkers) {
  constexpr int kJobs = 120;
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [](Tx& tx) -> Status {
    for (int i = 0; i < kJobs; ++i) QX_RETURN_IF_ERROR(tx.jobs().Enqueue(Notice(std::to_string(i), i)));
    QX_RETURN_IF_ERROR(tx.jobs().Enqueue({"other.kind", "0", "{}", 0}));  // another worker's
    return tx.jobs().Enqueue(Notice("later", 1'000'000)).map([](auto) {});
  }));
  std::mutex mu;
  std::map<std::int64_t, std::string> owner;
  int duplicates = 0;
  auto worker = [&](std::string name) {
    for (;;) {
      auto claimed = Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
        return tx.jobs().ClaimDue("notify.test", name, 5000, 65000, 7);
      });
      ASSERT_TRUE(claimed) << claimed.error().message;
      if (claimed->empty()) return;
      std::lock_guard<std::mutex> lock(mu);
      for (const Job& j : *claimed) {
        EXPECT_EQ(j.claimed_by, name);
        if (!owner.emplace(j.id, name).second) ++duplicates;
      }
    }
  };
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i) workers.emplace_back(worker, "replica-" + std::to_string(i));
  for (auto& w : workers) w.join();
  EXPECT_EQ(duplicates, 0);
  EXPECT_EQ(owner.size(), static_cast<size_t>(kJobs));  // not the one due later, nor the other kind
  // Only the claimant completes; a second completion is refused, so a notice is sent once.
  const auto [id, name] = *owner.begin();
  EXPECT_EQ(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.jobs().Complete(id, "someone-else", 6000); })
                .error().code, ErrorCode::kConflict);
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.jobs().Complete(id, name, 6000); }));
  EXPECT_FALSE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.jobs().Complete(id, name, 6001); }));
  auto done = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.jobs().Get(id); });
  EXPECT_EQ(done.done_at, 6000);
}

TEST_P(StoreSuite, AnExpiredLeaseOrAReleaseMakesAJobClaimableAgain) {
  const auto id = *Transact(*db_, TxMode::kWrite, [](Tx& tx) { return tx.jobs().Enqueue(Notice("x", 0)); });
  auto claim = [&](const std::string& w, UnixMillis now) {
    return *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.jobs().ClaimDue("notify.test", w, now, now + 100, 10); });
  };
  ASSERT_EQ(claim("a", 10).size(), 1u);
  EXPECT_TRUE(claim("b", 50).empty());  // a's lease holds until 110
  auto retaken = claim("b", 120);         // a died: the lease ran out
  ASSERT_EQ(retaken.size(), 1u);
  EXPECT_EQ(retaken[0].attempts, 2);
  EXPECT_EQ(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.jobs().Complete(id, "a", 130); })
                .error().code, ErrorCode::kConflict);
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.jobs().Release(id, "b", 500, "smtp down"); }));
  EXPECT_TRUE(claim("c", 400).empty());
  auto later = claim("c", 500);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].last_error, "smtp down");
}

}  // namespace
}  // namespace qx::store::testing
