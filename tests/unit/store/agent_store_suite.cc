// The store contract for host assessment agents (runs against every backend).
#include <cctype>

#include "qx/crypto/digest.h"
#include "store_suite.h"

namespace qx::store::testing {
namespace {

using domain::OrgKind;

struct AgentFixture {
  OrgId org = 0;
  std::int64_t object = 0;
};

AgentFixture MakeObject(Database& db) {
  AgentFixture f;
  f.org = *Transact(db, TxMode::kWrite, [&](Tx& tx) {
    return tx.orgs().Insert({0, "Op A", OrgKind::kOperator, "energy", 1000});
  });
  domain::CiiObject o;
  o.owner_org = f.org;
  o.name = "Grid SCADA";
  o.sector = "energy";
  o.created_at = o.updated_at = 5;
  f.object = *Transact(db, TxMode::kWrite, [&](Tx& tx) { return tx.registry().InsertObject(o); });
  return f;
}

TEST_P(StoreSuite, AgentEnrolmentTokensAreUsedOnce) {
  const auto f = MakeObject(*db_);
  AgentEnrolment e{0, "hash-1", f.object, f.org, "user:1", 10, 1000, std::nullopt, std::nullopt};
  const auto id = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.agents().InsertEnrolment(e); });
  auto found = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindEnrolment("hash-1"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->object_id, f.object);
  EXPECT_EQ(found->expires_at, 1000);
  EXPECT_FALSE(found->used_at);
  EXPECT_FALSE(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindEnrolment("hash-2"); }));

  AgentRecord a{0, f.object, f.org, "aa", "cred-1", "host1", "mid", 20, 0, std::nullopt, false};
  const auto agent = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.agents().InsertAgent(a); });
  EXPECT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.agents().UseEnrolment(id, 30, agent); }));
  auto second = db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.agents().UseEnrolment(id, 40, agent); });
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  found = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindEnrolment("hash-1"); });
  EXPECT_EQ(found->used_at, 30);
  EXPECT_EQ(found->agent_id, agent);
}

// An agent enrolled offline keeps that mark, and no credential lookup finds it, not even by the
// placeholder stored in place of a credential's digest.
TEST_P(StoreSuite, AgentsEnrolledOfflineAreNeverFoundByACredential) {
  const auto f = MakeObject(*db_);
  AgentRecord online{0, f.object, f.org, "aa", "cred-1", "host1", "mid-1", 20, 0, std::nullopt, false, false};
  AgentRecord offline{0, f.object, f.org, "bb", "none:bb", "host2", "", 21, 0, std::nullopt, false, true};
  const auto on = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.agents().InsertAgent(online); });
  const auto off = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.agents().InsertAgent(offline); });
  EXPECT_FALSE(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().GetAgent(on); })->offline);
  const auto got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().GetAgent(off); });
  EXPECT_TRUE(got.offline);
  EXPECT_EQ(got.credential_sha256, "none:bb");
  EXPECT_EQ(got.machine_id, "");
  EXPECT_FALSE(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindAgentByCredential("none:bb"); }));
  EXPECT_TRUE(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindAgentByCredential("cred-1"); }));
  auto by_key = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindAgentByKey("bb"); });
  ASSERT_TRUE(by_key);
  EXPECT_EQ(by_key->id, off);
  EXPECT_TRUE(by_key->offline);
  const auto all = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().ListAgents(f.org); });
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[0].offline);
  EXPECT_TRUE(all[1].offline);
}

TEST_P(StoreSuite, AgentsKeepTheirKeyAndReplayState) {
  const auto f = MakeObject(*db_);
  AgentRecord a{0, f.object, f.org, "aa", "cred-1", "host1", "mid-1", 20, 0, std::nullopt, false};
  const auto id = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.agents().InsertAgent(a); });
  a.credential_sha256 = "cred-2";
  auto dup = Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.agents().InsertAgent(a); });
  ASSERT_FALSE(dup);  // the same public key twice
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);

  EXPECT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.agents().RecordRun(id, 7, 99); }));
  auto got = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().GetAgent(id); });
  EXPECT_EQ(got.last_sequence, 7);
  EXPECT_EQ(got.last_seen_at, 99);
  EXPECT_EQ(got.hostname, "host1");
  EXPECT_FALSE(got.revoked);
  auto by_cred = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindAgentByCredential("cred-1"); });
  ASSERT_TRUE(by_cred);
  EXPECT_EQ(by_cred->id, id);
  auto by_key = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindAgentByKey("aa"); });
  ASSERT_TRUE(by_key);
  EXPECT_EQ(by_key->machine_id, "mid-1");
  EXPECT_FALSE(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindAgentByKey("bb"); }));
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().GetAgent(id + 5); }).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().ListAgents(f.org); })->size(), 1u);
  EXPECT_TRUE(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.agents().RevokeAgent(id); }));
  EXPECT_TRUE(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().GetAgent(id); })->revoked);
  EXPECT_EQ(db_->Run(TxMode::kWrite, [&](Tx& tx) { return tx.agents().RevokeAgent(id + 9); }).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().ListAgents(f.org + 100); })->size(), 0u);
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().ListAgents(std::nullopt); })->size(), 1u);

  AgentResultRecord r{0, id, f.object, f.org, 7, "nonce-1", "digest", "bundle", "http", "p1", 99, 3, 2};
  EXPECT_TRUE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.agents().InsertResult(r); }));
  r.sequence = 8;
  auto replay = Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.agents().InsertResult(r); });
  ASSERT_FALSE(replay);  // the same nonce again
  EXPECT_EQ(replay.error().code, ErrorCode::kAlreadyExists);
  r.nonce = "nonce-2";
  r.observations_added = 0;
  EXPECT_TRUE(Transact(*db_, TxMode::kWrite, [&](Tx& tx) { return tx.agents().InsertResult(r); }));
  auto by_nonce = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindResultByNonce(id, "nonce-1"); });
  ASSERT_TRUE(by_nonce);
  EXPECT_EQ(by_nonce->sequence, 7);
  EXPECT_EQ(by_nonce->bundle_sha256, "bundle");
  EXPECT_FALSE(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindResultByNonce(id, "nonce-9"); }));
  EXPECT_FALSE(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().FindResultByNonce(id + 1, "nonce-1"); }));
  auto results = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().ListResults(id, 10); });
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].nonce, "nonce-2");  // newest first
  EXPECT_EQ(results[1].observations_added, 2);
  EXPECT_EQ(results[1].via, "http");
}

// Publishes a policy of this name, document and assignment as the next version of it.
AgentPolicy Publish(Database& db, const std::string& name, const std::string& document, const std::string& sector,
                    std::optional<std::int64_t> object) {
  return *Transact(db, TxMode::kWrite, [&](Tx& tx) -> Result<AgentPolicy> {
    QX_ASSIGN_OR_RETURN(int v, tx.agents().LatestPolicyVersion(sector, object));
    return tx.agents().InsertPolicy({0, name, "native", "", document, "sig", "kid", sector, object, v + 1, "user:1", 5, ""});
  });
}

TEST_P(StoreSuite, AgentPoliciesResolveObjectThenSectorThenEveryone) {
  const auto f = MakeObject(*db_);
  auto publish = [&](std::string name, std::string sector, std::optional<std::int64_t> object) {
    return Publish(*db_, name, "doc " + name, sector, object);
  };
  EXPECT_FALSE(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().PolicyFor(f.object, "energy"); }));
  publish("all", "", std::nullopt);
  auto p = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().PolicyFor(f.object, "energy"); });
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "all");
  publish("energy-1", "energy", std::nullopt);
  publish("energy-2", "energy", std::nullopt);
  publish("water", "water", std::nullopt);
  p = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().PolicyFor(f.object, "energy"); });
  EXPECT_EQ(p->name, "energy-2");
  EXPECT_EQ(p->version, 2);
  EXPECT_EQ(p->document, "doc energy-2");
  publish("object", "", f.object);
  p = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().PolicyFor(f.object, "energy"); });
  EXPECT_EQ(p->name, "object");
  EXPECT_EQ(p->object_id, f.object);
  EXPECT_EQ(p->version, 1);
  EXPECT_EQ(Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().ListPolicies(); })->size(), 5u);
}

// The store hashes the document when it writes a policy (whatever digest the caller sets), and
// every read carries the stored digest.
TEST_P(StoreSuite, AgentPoliciesKeepTheSha256OfTheirDocument) {
  const auto f = MakeObject(*db_);
  const std::string document = "policy: baku-\xc9\x99\n";  // not only ASCII: "ə"
  const std::string digest = crypto::Sha256Hex(document);
  const AgentPolicy inserted = *Transact(*db_, TxMode::kWrite, [&](Tx& tx) {
    return tx.agents().InsertPolicy({0, "n", "native", "", document, "sig", "kid", "", f.object, 1, "user:1", 5,
                                     std::string(64, 'a')});
  });
  EXPECT_GT(inserted.id, 0);
  EXPECT_EQ(inserted.sha256, digest);
  const auto served = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().PolicyFor(f.object, "energy"); });
  ASSERT_TRUE(served);
  EXPECT_EQ(served->id, inserted.id);
  EXPECT_EQ(served->sha256, digest);
  const auto all = *Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().ListPolicies(); });
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].sha256, digest);
}

// A result bundle names its policy by the document's digest: any version of any policy whose
// assignment covers the object is found, the most specific and newest first when several have
// the same document; another sector's or another object's never.
TEST_P(StoreSuite, AnIssuedAgentPolicyIsFoundByItsDigest) {
  const auto f = MakeObject(*db_);
  const auto issued = [&](std::int64_t object, const std::string& sector, const std::string& document) {
    return *Transact(*db_, TxMode::kRead, [&](Tx& tx) {
      return tx.agents().IssuedPolicy(object, sector, crypto::Sha256Hex(document));
    });
  };
  EXPECT_FALSE(issued(f.object, "energy", "doc all"));
  const AgentPolicy all = Publish(*db_, "all", "doc all", "", std::nullopt);
  const AgentPolicy energy1 = Publish(*db_, "energy", "doc energy 1", "energy", std::nullopt);
  const AgentPolicy energy2 = Publish(*db_, "energy", "doc energy 2", "energy", std::nullopt);
  Publish(*db_, "water", "doc water", "water", std::nullopt);
  const AgentPolicy object = Publish(*db_, "object", "doc object", "", f.object);
  for (const AgentPolicy* p : {&all, &energy1, &energy2, &object}) {
    const auto found = issued(f.object, "energy", p->document);
    ASSERT_TRUE(found) << p->document;
    EXPECT_EQ(found->id, p->id);
    EXPECT_EQ(found->version, p->version);
    EXPECT_EQ(found->document, p->document);
    EXPECT_EQ(found->sha256, p->sha256);
  }
  EXPECT_FALSE(issued(f.object, "energy", "doc water"));       // another sector's
  EXPECT_FALSE(issued(f.object + 1, "energy", "doc object"));  // another object's
  EXPECT_FALSE(issued(f.object, "energy", "doc nobody published"));
  EXPECT_EQ(issued(f.object + 1, "water", "doc water")->name, "water");
  EXPECT_EQ(issued(f.object + 1, "water", "doc all")->id, all.id);
  // Not the digest's upper-case spelling: the stored one is lower-case, as a host's must be.
  std::string upper = crypto::Sha256Hex("doc all");
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_FALSE(*Transact(*db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().IssuedPolicy(f.object, "energy", upper); }));

  // The same document published again, for everyone and for the object: the object's, the
  // most specific, wins; among versions of one assignment, the newest.
  const AgentPolicy again_all = Publish(*db_, "all", "doc energy 1", "", std::nullopt);
  EXPECT_EQ(issued(f.object, "energy", "doc energy 1")->id, energy1.id);
  const AgentPolicy again_object = Publish(*db_, "object", "doc energy 1", "", f.object);
  EXPECT_EQ(issued(f.object, "energy", "doc energy 1")->id, again_object.id);
  EXPECT_EQ(issued(f.object + 1, "water", "doc energy 1")->id, again_all.id);
  const AgentPolicy newest_object = Publish(*db_, "object", "doc energy 1", "", f.object);
  EXPECT_EQ(issued(f.object, "energy", "doc energy 1")->id, newest_object.id);
}

}  // namespace
}  // namespace qx::store::testing
