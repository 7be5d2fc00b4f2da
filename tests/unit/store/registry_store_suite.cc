// The store contract for the registry and self-assessments (runs against every backend).
#include "store_suite.h"

namespace qx::store::testing {
namespace {

using domain::OrgKind;

OrgId AddOperator(Database& db, std::string name, std::string sector = "energy") {
  return *Transact(db, TxMode::kWrite, [&](Tx& tx) {
    return tx.orgs().Insert({0, std::move(name), OrgKind::kOperator, std::move(sector), 1000});
  });
}

domain::CiiObject Object(OrgId owner, std::string name, std::vector<domain::ObjectId> deps = {}) {
  domain::CiiObject o;
  o.owner_org = owner;
  o.name = std::move(name);
  o.sector = "energy";
  o.kind = domain::ObjectKind::kOt;
  o.location = "Baku";
  o.depends_on = std::move(deps);
  o.created_at = o.updated_at = 5;
  return o;
}

domain::ObjectId AddObject(Database& db, const domain::CiiObject& o) {
  return *Transact(db, TxMode::kWrite, [&](Tx& tx) { return tx.registry().InsertObject(o); });
}

TEST_P(StoreSuite, ObjectsKeepTheirFieldsDependenciesAndUniqueNamesPerOwner) {
  const OrgId a = AddOperator(*db_, "A"), b = AddOperator(*db_, "B");
  const auto base = AddObject(*db_, Object(a, "Billing"));
  const auto scada = AddObject(*db_, Object(a, "SCADA", {base}));
  AddObject(*db_, Object(b, "SCADA"));  // the same name for another owner
  auto dup = Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.registry().InsertObject(Object(a, "SCADA")); });
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  auto got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().GetObject(scada); });
  EXPECT_EQ(got.name, "SCADA");
  EXPECT_EQ(got.kind, domain::ObjectKind::kOt);
  EXPECT_EQ(got.location, "Baku");
  EXPECT_EQ(got.depends_on, std::vector<domain::ObjectId>{base});
  EXPECT_FALSE(got.category);
  auto dependents = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().ListDependents(base); });
  EXPECT_EQ(dependents, std::vector<domain::ObjectId>{scada});

  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.registry().SetCategory(scada, 2, "proposed", 9); }));
  auto of_a = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().ListObjects({a, {}, {}}, {0, 1}); });
  ASSERT_EQ(of_a.items.size(), 1u);
  ASSERT_TRUE(of_a.next);
  auto cat2 = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().ListObjects({{}, "energy", 2}, {}); });
  ASSERT_EQ(cat2.items.size(), 1u);
  EXPECT_EQ(cat2.items[0].category, 2);
  auto none = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().ListObjects({{}, {}, 0}, {}); });
  EXPECT_EQ(none.items.size(), 2u);

  got.name = "Main SCADA";
  got.depends_on = {};
  got.updated_at = 10;
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.registry().UpdateObject(got); }));
  got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().GetObject(scada); });
  EXPECT_EQ(got.name, "Main SCADA");
  EXPECT_TRUE(got.depends_on.empty());
  EXPECT_EQ(got.category, 2);  // not touched by an update
}

TEST_P(StoreSuite, OtArchitectureIsReplacedWhole) {
  const auto id = AddObject(*db_, Object(AddOperator(*db_, "A"), "DCS"));
  domain::OtArchitecture ot{{{"control", 3, "PLCs"}, {"dmz", 2, ""}}, {{"c1", "control", "dmz", "historian"}}};
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.registry().ReplaceOtArchitecture(id, ot); }));
  auto got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().GetOtArchitecture(id); });
  ASSERT_EQ(got.zones.size(), 2u);
  EXPECT_EQ(got.zones[0].target_sl, 3);
  EXPECT_EQ(got.conduits[0].description, "historian");
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) {
    return tx.registry().ReplaceOtArchitecture(id, {{{"only", 1, ""}}, {}});
  }));
  got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().GetOtArchitecture(id); });
  EXPECT_EQ(got.zones.size(), 1u);
  EXPECT_TRUE(got.conduits.empty());
}

TEST_P(StoreSuite, CategorisationsKeepTheirHistoryAndDecisions) {
  const auto id = AddObject(*db_, Object(AddOperator(*db_, "A"), "DCS"));
  domain::Categorisation c;
  c.object_id = id;
  c.answers = {600, 0, 0, 2, 0, 1};
  c.computed = 2;
  c.submitted_by = "user:1";
  c.submitted_at = 10;
  const auto first = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.registry().InsertCategorisation(c); });
  c.computed.reset();
  c.submitted_at = 20;
  const auto second = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.registry().InsertCategorisation(c); });
  auto history = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().ListCategorisations(id); });
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].id, second);  // newest first
  EXPECT_FALSE(history[0].computed);
  EXPECT_EQ(history[1].answers, (domain::Answers{600, 0, 0, 2, 0, 1}));
  history[0].status = domain::CategorisationStatus::kOverridden;
  history[0].decided = 1;
  history[0].reason = "feeds the grid";
  history[0].decided_by = "user:2";
  history[0].decided_at = 30;
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.registry().DecideCategorisation(history[0]); }));
  auto got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().GetCategorisation(second); });
  EXPECT_EQ(got.status, domain::CategorisationStatus::kOverridden);
  EXPECT_EQ(got.decided, 1);
  EXPECT_EQ(got.reason, "feeds the grid");
  EXPECT_EQ(got.decided_at, 30);
  EXPECT_NE(first, second);
}

TEST_P(StoreSuite, SettingsAreVersionedAndDeclarationsKeepTheirFirstDate) {
  auto none = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().LatestSetting("k"); });
  EXPECT_FALSE(none);
  for (int i = 1; i <= 2; ++i) {
    auto seq = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
      return tx.registry().PutSetting({"k", 0, "{\"v\":" + std::to_string(i) + "}", "user:1", i * 10});
    });
    EXPECT_EQ(seq, i);
  }
  auto latest = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().LatestSetting("k"); });
  EXPECT_EQ(latest->value_json, "{\"v\":2}");
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().SettingHistory("k"); })->size(), 2u);

  const OrgId p = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
    return tx.orgs().Insert({0, "Provider", OrgKind::kProvider, "", 1});
  });
  domain::ProviderDeclaration d{p, {"SOC"}, {"energy"}, "desc", "soc@x", 100, 100};
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.registry().PutDeclaration(d); }));
  d.services = {"SOC", "pentest"};
  d.declared_at = 999;
  d.updated_at = 200;
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.registry().PutDeclaration(d); }));
  auto got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().GetDeclaration(p); });
  EXPECT_EQ(got.services.size(), 2u);
  EXPECT_EQ(got.declared_at, 100);
  EXPECT_EQ(got.updated_at, 200);
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.registry().ListDeclarations({}); })->items.size(), 1u);
}

// A catalog row for assessments to point at.
std::int64_t AddCatalog(Database& db, OrgId owner) {
  return *Transact(db, TxMode::kWrite, [&](Tx& tx) {
    return tx.requirements().InsertCatalog({0, "profile-x", domain::CatalogKind::kProfile,
                                            domain::CatalogScope::kGeneral, owner, "X", 1});
  });
}

TEST_P(StoreSuite, AssessmentsWithItemsEvidenceCommentsAndRemediation) {
  const OrgId org = AddOperator(*db_, "A");
  const auto object = AddObject(*db_, Object(org, "DCS"));
  const auto catalog = AddCatalog(*db_, org);
  domain::Assessment a;
  a.subject_id = object;
  a.owner_org = org;
  a.sector = "energy";
  a.category = 1;
  a.profile = {catalog, 2};
  a.special = {{catalog, 1}};
  a.created_at = a.updated_at = 50;
  a.created_by = "user:1";
  std::vector<domain::AssessmentItem> items(2);
  items[0].catalog_id = items[1].catalog_id = catalog;
  items[0].control_id = "b-1";
  items[0].ordinal = 2;
  items[1].control_id = "a-1";
  items[1].ordinal = 1;
  items[1].flag = domain::ItemFlag::kNew;
  const auto id = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.assessments().InsertAssessment(a, items); });
  auto got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().GetAssessment(id); });
  EXPECT_EQ(got.profile, (domain::SourceRef{catalog, 2}));
  ASSERT_EQ(got.special.size(), 1u);
  EXPECT_EQ(got.category, 1);
  EXPECT_FALSE(got.score);
  auto listed = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().ListItems(id); });
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].control_id, "a-1");  // by ordinal
  EXPECT_EQ(listed[0].flag, domain::ItemFlag::kNew);

  listed[1].result = domain::ItemResult::kNotApplicable;
  listed[1].justification = "none";
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.assessments().UpdateItem(listed[1]); }));
  auto item = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().GetItem(id, catalog, "b-1"); });
  EXPECT_EQ(item.result, domain::ItemResult::kNotApplicable);
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().GetItem(id, catalog, "zz"); })
                .error().code, ErrorCode::kNotFound);

  got.status = domain::AssessmentStatus::kSubmitted;
  got.score = 0.5;
  got.submitted_at = 60;
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.assessments().UpdateAssessment(got); }));
  auto submitted = *Transact(*db_, TxMode::kRead, [&](Tx& tx) {
    return tx.assessments().ListAssessments({org, {}, {}, domain::AssessmentStatus::kSubmitted, {}}, {});
  });
  ASSERT_EQ(submitted.items.size(), 1u);
  EXPECT_DOUBLE_EQ(*submitted.items[0].score, 0.5);
  EXPECT_TRUE(Transact(*db_, TxMode::kRead, [&](Tx& tx) {
                return tx.assessments().ListAssessments({org + 100, {}, {}, {}, {}}, {});
              })->items.empty());

  // The sweep's snapshot: each digest an evidence row names, once, however many rows name it.
  auto digests = [&] {
    std::multiset<std::string> out;
    EXPECT_TRUE(db_->Run(TxMode::kRead, [&](Tx& tx) {
      return tx.assessments().ForEachEvidenceDigest([&](const std::string& d) { out.insert(d); });
    }));
    return out;
  };
  EXPECT_TRUE(digests().empty());
  domain::EvidenceRecord e{0, id, catalog, "a-1", std::string(64, 'a'), 10, "x.pdf", "", 1, 2, "user:1", 3};
  const auto e1 = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.assessments().InsertEvidence(e); });
  ASSERT_TRUE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.assessments().InsertEvidence(e); }));
  domain::EvidenceRecord other = e;
  other.sha256 = std::string(64, 'b');
  const auto e3 = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.assessments().InsertEvidence(other); });
  EXPECT_EQ(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().CountEvidenceWithDigest(e.sha256); }), 2);
  EXPECT_EQ(digests(), (std::multiset<std::string>{e.sha256, other.sha256}));
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.assessments().DeleteEvidence(e3); }));
  EXPECT_EQ(digests(), (std::multiset<std::string>{e.sha256}));
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.assessments().DeleteEvidence(e1); }));
  EXPECT_EQ(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().CountEvidenceWithDigest(e.sha256); }), 1);
  auto ev = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().ListEvidence(id); });
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].expires_at, 2);

  ASSERT_TRUE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
    return tx.assessments().InsertComment({0, id, catalog, "a-1", "why?", "user:9", 1, 70});
  }));
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().ListComments(id); })->at(0).body, "why?");

  domain::RemediationAction r{0, id, catalog, "a-1", "patch", "OT lead", 1000,
                              domain::RemediationStatus::kOpen, 80, 80};
  r.id = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.assessments().InsertRemediation(r); });
  r.status = domain::RemediationStatus::kDone;
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.assessments().UpdateRemediation(r); }));
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().GetRemediation(r.id); })->status,
            domain::RemediationStatus::kDone);
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().ListRemediation(id); })->size(), 1u);
}

TEST_P(StoreSuite, ObservationsAnswerTheNewestPerControlAndSource) {
  domain::Observation o;
  o.subject_id = 7;
  o.owner_org = 1;
  o.control_id = "acc-1";
  o.source = "agent:a";
  o.result = domain::ObservationResult::kFail;
  o.observed_at = 100;
  for (auto [source, at, result] : {std::tuple{"agent:a", 100, domain::ObservationResult::kFail},
                                    std::tuple{"agent:a", 300, domain::ObservationResult::kPass},
                                    std::tuple{"agent:a", 200, domain::ObservationResult::kError},
                                    std::tuple{"training:x", 50, domain::ObservationResult::kInfo}}) {
    o.source = source;
    o.observed_at = at;
    o.result = result;
    ASSERT_TRUE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.assessments().InsertObservation(o); }));
  }
  auto latest = *Transact(*db_, TxMode::kRead, [&](Tx& tx) {
    return tx.assessments().LatestObservations(domain::SubjectKind::kObject, 7);
  });
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0].source, "agent:a");
  EXPECT_EQ(latest[0].result, domain::ObservationResult::kPass);
  EXPECT_EQ(latest[1].source, "training:x");
  EXPECT_TRUE(Transact(*db_, TxMode::kRead, [&](Tx& tx) {
                return tx.assessments().LatestObservations(domain::SubjectKind::kProvider, 7);
              })->empty());
}

TEST_P(StoreSuite, ScoresRollUpPerOrganisationSectorAndNation) {
  using domain::SubjectKind;
  auto put = [&](SubjectKind k, std::int64_t id, OrgId org, std::string sector, std::optional<double> s) {
    ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) {
      return tx.assessments().PutSubjectScore({k, id, org, sector, id * 10, s, 5});
    }));
  };
  put(SubjectKind::kObject, 1, 3, "energy", 1.0);
  put(SubjectKind::kObject, 2, 3, "energy", 0.5);
  put(SubjectKind::kObject, 3, 5, "finance", 0.0);
  put(SubjectKind::kObject, 4, 5, "finance", std::nullopt);  // nothing applicable: not counted
  put(SubjectKind::kProvider, 4, 4, "", 0.2);
  put(SubjectKind::kObject, 2, 3, "energy", 0.7);  // a newer accepted score replaces the old
  auto nation = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().RollupNation(); });
  EXPECT_EQ(nation.subjects, 3);
  EXPECT_NEAR(*nation.score, (1.0 + 0.7 + 0.0) / 3, 1e-9);
  auto sectors = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().RollupBySector(); });
  ASSERT_EQ(sectors.size(), 2u);
  EXPECT_EQ(sectors[0].key, "energy");
  EXPECT_NEAR(*sectors[0].score, 0.85, 1e-9);
  auto orgs = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().RollupByOrg(std::nullopt); });
  ASSERT_EQ(orgs.size(), 3u);  // the provider's organisation too
  auto finance = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().RollupByOrg("finance"); });
  ASSERT_EQ(finance.size(), 1u);
  EXPECT_EQ(finance[0].key, "5");
  auto org3 = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().RollupOfOrg(3); });
  EXPECT_NEAR(*org3.score, 0.85, 1e-9);
  auto provider = *Transact(*db_, TxMode::kRead, [&](Tx& tx) {
    return tx.assessments().GetSubjectScore(SubjectKind::kProvider, 4);
  });
  EXPECT_NEAR(*provider->score, 0.2, 1e-9);
  EXPECT_FALSE(*Transact(*db_, TxMode::kRead, [&](Tx& tx) {
    return tx.assessments().GetSubjectScore(SubjectKind::kProvider, 99);
  }));

  for (int at : {30, 10, 20}) {
    ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) {
      return tx.assessments().AppendPosture({"nation", "", at, at / 100.0, 1});
    }));
  }
  auto series = *Transact(*db_, TxMode::kRead, [&](Tx& tx) {
    return tx.assessments().PostureSeries("nation", "", 15, 1000);
  });
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].at, 20);
  EXPECT_EQ(series[1].at, 30);
}

}  // namespace
}  // namespace qx::store::testing
