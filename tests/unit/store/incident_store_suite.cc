// The store contract for incident reports (runs against every backend).
#include "store_suite.h"

namespace qx::store::testing {
namespace {

using domain::OrgKind;

struct Fixture {
  OrgId org = 0;
  domain::ObjectId object = 0;
};

Fixture AddOperatorWithObject(Database& db, const std::string& name) {
  Fixture f;
  f.org = *Transact(db, TxMode::kWrite, [&](Tx& tx) {
    return tx.orgs().Insert({0, name, OrgKind::kOperator, "energy", 1000});
  });
  domain::CiiObject o;
  o.owner_org = f.org;
  o.name = name + " SCADA";
  o.sector = "energy";
  o.created_at = o.updated_at = 5;
  f.object = *Transact(db, TxMode::kWrite, [&](Tx& tx) { return tx.registry().InsertObject(o); });
  return f;
}

domain::Incident Incident(const Fixture& f, std::string title, std::optional<UnixMillis> next_due) {
  domain::Incident i;
  i.org_id = f.org;
  i.object_ids = {f.object};
  i.sector = "energy";
  i.regime = "nis2";
  i.title = std::move(title);
  i.description = "Ransomware on the historian";
  i.detection_source = "EDR";
  i.aware_at = 1000;
  i.malicious = true;
  i.impact.availability = domain::ImpactLevel::kHigh;
  i.severity = domain::IncidentSeverity::kHigh;
  i.indicators = {{"ipv4-addr", "198.51.100.7"}, {"domain-name", "evil.example"}};
  i.created_at = 2000;
  i.created_by = "op-analyst";
  i.next_due_at = next_due;
  return i;
}

domain::IncidentId Add(Database& db, const domain::Incident& i) {
  return *Transact(db, TxMode::kWrite, [&](Tx& tx) { return tx.incidents().InsertIncident(i); });
}

TEST_P(StoreSuite, IncidentsKeepTheirFieldsAndListByNextDeadline) {
  const Fixture a = AddOperatorWithObject(*db_, "A"), b = AddOperatorWithObject(*db_, "B");
  const auto late = Add(*db_, Incident(a, "late", 90'000));
  const auto none = Add(*db_, Incident(a, "none", std::nullopt));
  const auto soon = Add(*db_, Incident(b, "soon", 50'000));
  auto got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().GetIncident(late); });
  EXPECT_EQ(got.title, "late");
  EXPECT_EQ(got.object_ids, std::vector<std::int64_t>{a.object});
  ASSERT_EQ(got.indicators.size(), 2u);
  EXPECT_EQ(got.indicators[1].value, "evil.example");
  EXPECT_TRUE(got.malicious);
  EXPECT_FALSE(got.cross_border);
  EXPECT_EQ(got.impact.availability, domain::ImpactLevel::kHigh);
  EXPECT_EQ(got.severity, domain::IncidentSeverity::kHigh);
  EXPECT_EQ(got.status, domain::IncidentStatus::kNew);
  EXPECT_FALSE(got.classified_at);
  EXPECT_EQ(got.next_due_at, 90'000);

  auto all = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListIncidents({}, {0, 2}); });
  ASSERT_EQ(all.items.size(), 2u);
  EXPECT_EQ(all.items[0].id, soon);
  EXPECT_EQ(all.items[1].id, late);
  ASSERT_TRUE(all.next);
  auto rest = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListIncidents({}, {*all.next, 2}); });
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.items[0].id, none);
  EXPECT_FALSE(rest.next);
  auto of_a = *Transact(*db_, TxMode::kRead, [&](Tx& tx) {
    return tx.incidents().ListIncidents({a.org, {}, true}, {});
  });
  ASSERT_EQ(of_a.items.size(), 1u);
  EXPECT_EQ(of_a.items[0].id, late);

  got.status = domain::IncidentStatus::kTriage;
  got.assignee = "cert-analyst";
  got.tlp = "red";
  got.classified_at = 1500;
  got.next_due_at.reset();
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.incidents().UpdateIncident(got); }));
  auto again = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().GetIncident(late); });
  EXPECT_EQ(again.status, domain::IncidentStatus::kTriage);
  EXPECT_EQ(again.assignee, "cert-analyst");
  EXPECT_EQ(again.tlp, "red");
  EXPECT_EQ(again.classified_at, 1500);
  EXPECT_FALSE(again.next_due_at);
  auto triage = *Transact(*db_, TxMode::kRead, [&](Tx& tx) {
    return tx.incidents().ListIncidents({{}, domain::IncidentStatus::kTriage, false}, {});
  });
  ASSERT_EQ(triage.items.size(), 1u);
  auto missing = Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().GetIncident(999); });
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreSuite, AStageIsSubmittedAndRequestedOnce) {
  const Fixture a = AddOperatorWithObject(*db_, "A");
  const auto id = Add(*db_, Incident(a, "x", 5));
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) {
    return tx.incidents().InsertSubmission({id, "early_warning", 3000, "op", R"({"a":1})"});
  }));
  auto twice = db_->Run(TxMode::kWrite, [&](Tx& tx) {
    return tx.incidents().InsertSubmission({id, "early_warning", 4000, "op", "{}"});
  });
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  auto subs = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListSubmissions(id); });
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].submitted_at, 3000);
  EXPECT_EQ(subs[0].fields_json, R"({"a":1})");
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) {
    return tx.incidents().InsertStageRequest({id, "intermediate", 3500, "cert"});
  }));
  auto requested_twice = db_->Run(TxMode::kWrite, [&](Tx& tx) {
    return tx.incidents().InsertStageRequest({id, "intermediate", 3600, "cert"});
  });
  EXPECT_EQ(requested_twice.error().code, ErrorCode::kAlreadyExists);
  auto reqs = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListStageRequests(id); });
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].requested_by, "cert");
}

TEST_P(StoreSuite, TimelineRfisAndDeliveries) {
  const Fixture a = AddOperatorWithObject(*db_, "A");
  const auto id = Add(*db_, Incident(a, "x", 5));
  for (int k = 0; k < 3; ++k) {
    ASSERT_TRUE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
      return tx.incidents().AppendTimeline({0, id, 100 + k, "cert", 2, "note", "n" + std::to_string(k), "{}"});
    }));
  }
  auto first = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListTimeline(id, {0, 2}); });
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[0].text, "n0");
  ASSERT_TRUE(first.next);
  auto second = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListTimeline(id, {*first.next, 2}); });
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].text, "n2");

  domain::Rfi rfi{0, id, "Which hosts?", "cert", 200, std::nullopt, "", std::nullopt};
  rfi.id = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.incidents().InsertRfi(rfi); });
  auto open = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().GetRfi(rfi.id); });
  EXPECT_FALSE(open.answer);
  rfi.answer = "Two historians";
  rfi.answered_by = "op";
  rfi.answered_at = 300;
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.incidents().AnswerRfi(rfi); }));
  auto again = db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.incidents().AnswerRfi(rfi); });
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto rfis = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListRfis(id, {}); });
  ASSERT_EQ(rfis.items.size(), 1u);
  EXPECT_EQ(rfis.items[0].answer, "Two historians");
  EXPECT_EQ(rfis.items[0].answered_at, 300);

  domain::IncidentDelivery d{0, id, "early_warning", "overdue", "webhook", 1, std::nullopt, "connection refused"};
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.incidents().RecordDelivery(d); }));
  d.attempts = 2;
  d.delivered_at = 900;
  d.last_error = "";
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.incidents().RecordDelivery(d); }));
  d.channel = "email";
  ASSERT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.incidents().RecordDelivery(d); }));
  auto log = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListDeliveries({0, 1}); });
  ASSERT_EQ(log.items.size(), 1u);
  EXPECT_EQ(log.items[0].channel, "email");
  ASSERT_TRUE(log.next);
  auto older = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListDeliveries({*log.next, 10}); });
  ASSERT_EQ(older.items.size(), 1u);
  EXPECT_EQ(older.items[0].attempts, 2);
  EXPECT_EQ(older.items[0].delivered_at, 900);
  EXPECT_EQ(older.items[0].last_error, "");
}

TEST_P(StoreSuite, AttachmentsKeepTheirFieldsAndCountTheirBlob) {
  const Fixture a = AddOperatorWithObject(*db_, "A");
  const auto one = Add(*db_, Incident(a, "one", std::nullopt));
  const auto two = Add(*db_, Incident(a, "two", std::nullopt));
  const std::string digest(64, 'a'), other(64, 'b');
  auto insert = [&](domain::IncidentId incident, const std::string& sha, std::string name) {
    domain::IncidentAttachment x{0, incident, sha, std::move(name), "text/plain", 42, "early_warning", "op-analyst", 3000};
    return *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.incidents().InsertAttachment(x); });
  };
  const auto first = insert(one, digest, "edr.log");
  const auto second = insert(one, other, "screen.png");
  insert(two, digest, "edr-copy.log");

  auto got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().GetAttachment(first); });
  EXPECT_EQ(got.incident_id, one);
  EXPECT_EQ(got.sha256, digest);
  EXPECT_EQ(got.filename, "edr.log");
  EXPECT_EQ(got.media_type, "text/plain");
  EXPECT_EQ(got.size, 42);
  EXPECT_EQ(got.stage_key, "early_warning");
  EXPECT_EQ(got.uploaded_by, "op-analyst");
  EXPECT_EQ(got.uploaded_at, 3000);

  auto list = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListAttachments(one); });
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, first);
  EXPECT_EQ(list[1].id, second);
  EXPECT_EQ(list[1].filename, "screen.png");
  // Counted per incident, without reading the rows.
  EXPECT_EQ(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().CountAttachments(one); }), 2);
  EXPECT_EQ(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().CountAttachments(two); }), 1);
  EXPECT_EQ(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().CountAttachments(two + 100); }), 0);
  EXPECT_EQ(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().CountAttachmentsWithDigest(digest); }), 2);
  EXPECT_EQ(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().CountAttachmentsWithDigest(other); }), 1);
  EXPECT_EQ(*Transact(*db_, TxMode::kRead, [&](Tx& tx) {
    return tx.incidents().CountAttachmentsWithDigest(std::string(64, 'c'));
  }), 0);
  // The sweep's snapshot: each digest a row names, once, however many rows name it.
  auto digests = [&] {
    std::multiset<std::string> out;
    EXPECT_TRUE(db_->Run(TxMode::kRead, [&](Tx& tx) {
      return tx.incidents().ForEachAttachmentDigest([&](const std::string& d) { out.insert(d); });
    }));
    return out;
  };
  EXPECT_EQ(digests(), (std::multiset<std::string>{digest, other}));
  auto missing = Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().GetAttachment(second + 100); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  // An attachment names an incident that exists.
  domain::IncidentAttachment orphan{0, 999'999, digest, "x", "text/plain", 1, "", "op", 1};
  EXPECT_FALSE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.incidents().InsertAttachment(orphan); }));
}

}  // namespace
}  // namespace qx::store::testing
