#include "qx/agent_server/agent_service.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "bundle_results.h"
#include "declared_cache.h"
#include "known_requirements.h"
#include "qx/agent/bundle.h"
#include "qx/agent/native_policy.h"
#include "qx/crypto/digest.h"
#include "qx/crypto/secrets.h"
#include "qx/domain/registry.h"
#include "qx/identity/audited.h"

namespace qx::agent_server {
namespace {

namespace json = boost::json;
using domain::Action;
using identity::Actor;
using store::AgentRecord;
using store::Tx;
using store::TxMode;

// Audit entries written on the agent's behalf carry this label (no person is acting).
std::string AgentLabel(const AgentRecord& a) { return fmt::format("agent:{}", a.id); }

using domain::ValidateText;

// What a host says of itself, enrolled online or from a request file: the same rules for both.
Status ValidateHost(std::string_view public_key, std::string_view hostname, std::string_view machine_id) {
  if (!crypto::IsEd25519PublicKey(public_key)) {
    return MakeError(ErrorCode::kInvalidArgument, "public_key must be an Ed25519 public key: 64 lower-case hex digits");
  }
  // At most 190; the observation source "agent:<hostname>#<id>" shortens it to fit.
  QX_RETURN_IF_ERROR(ValidateText("hostname", hostname, 190, true));
  return ValidateText("machine_id", machine_id, 255, false);
}

// The policy the bundle was evaluated against, by the digest the host signed: it must be one the
// server serves or has served for the object (history is kept, so a policy republished between
// the agent's fetch and its upload still counts). One indexed lookup of the stored digests: no
// document is hashed. kInvalidArgument for a digest of no such policy.
Result<store::AgentPolicy> IssuedPolicy(Tx& tx, const domain::CiiObject& obj, const std::string& sha256) {
  if (sha256.empty()) return MakeError(ErrorCode::kInvalidArgument, "bundle: policy.sha256 is missing");
  QX_ASSIGN_OR_RETURN(auto issued, tx.agents().IssuedPolicy(obj.id, obj.sector, sha256));
  if (!issued) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "bundle: evaluated against a policy this server never issued for the agent's object");
  }
  return std::move(*issued);
}

// The policy an agent of the object is served: the newest of the most specific assignment. One
// choice for the agent's fetch and for a person downloading it for an air-gapped host, so that
// both carry the same bytes.
Result<store::AgentPolicy> CurrentPolicy(Tx& tx, const domain::CiiObject& obj) {
  QX_ASSIGN_OR_RETURN(auto p, tx.agents().PolicyFor(obj.id, obj.sector));
  if (!p) return MakeError(ErrorCode::kNotFound, "no policy is published for this object yet");
  return std::move(*p);
}

// The object and the policy its agents are served, `authorize` asked between the two.
struct Found {
  domain::CiiObject object;
  store::AgentPolicy policy;
};
Result<Found> FindServed(Tx& tx, std::int64_t object_id, const std::function<Status(const domain::CiiObject&)>& authorize) {
  QX_ASSIGN_OR_RETURN(domain::CiiObject obj, tx.registry().GetObject(object_id));
  if (authorize) QX_RETURN_IF_ERROR(authorize(obj));
  QX_ASSIGN_OR_RETURN(store::AgentPolicy p, CurrentPolicy(tx, obj));
  return Found{std::move(obj), std::move(p)};
}

// Every copy of a policy that leaves the server is audited: who took which version for which
// object (the actor is the agent for its own fetch, the person for an air-gapped host's copy). An
// answer that carries none of the policy's bytes (a 304 to a client that holds it, a HEAD) is
// decided in a read transaction: nothing leaves, nothing is written (an agent fetching hourly
// leaves one entry per version, not one per hour). Otherwise the write transaction serves and
// audits the policy current then.
Result<ServedPolicy> Serve(store::Database& db, const Actor& actor, std::int64_t object_id, UnixMillis now,
                           const std::function<Status(const domain::CiiObject&)>& authorize,
                           const Withheld& withheld) {
  if (withheld) {
    QX_ASSIGN_OR_RETURN(Found found, store::Transact(db, TxMode::kRead, [&](Tx& tx) {
                          return FindServed(tx, object_id, authorize);
                        }));
    if (withheld(found.policy)) return ServedPolicy{std::move(found.policy), true};
  }
  return store::Transact(db, TxMode::kWrite, [&](Tx& tx) -> Result<ServedPolicy> {
    QX_ASSIGN_OR_RETURN(Found found, FindServed(tx, object_id, authorize));
    const store::AgentPolicy& p = found.policy;
    QX_RETURN_IF_ERROR(identity::AuditChange(tx, actor, found.object.owner_org, "agent.policy.download",
                                             "agent_policy", p.id,
                                             {{"object", found.object.id},
                                              {"name", p.name},
                                              {"version", p.version},
                                              {"sha256", p.sha256}},
                                             now));
    return ServedPolicy{std::move(found.policy), false};
  });
}

// What the issued policy lets each rule report on. A native policy names requirements per rule;
// SCAP content names none (its rules' results become no observation).
Result<DeclaredRequirements> DeclaredBy(const store::AgentPolicy& p) {
  DeclaredRequirements out;
  if (p.kind != "native") return out;
  auto parsed = agent::ParseNativePolicy(p.document);
  if (!parsed) {
    return MakeError(ErrorCode::kInvalidArgument, "bundle: its policy (" + p.name + ") is not a readable native policy");
  }
  for (const agent::NativeRule& r : parsed->rules) out[r.id].insert(r.requirements.begin(), r.requirements.end());
  return out;
}

// What a result record names: the server's policy, not the host's claim about it.
std::string PolicyRef(const store::AgentPolicy& p) { return fmt::format("{} v{} (policy {})", p.name, p.version, p.id); }

}  // namespace

AgentService::AgentService(store::Database& db, const Clock& clock, const crypto::SigningKey& policy_key,
                           AgentOptions options)
    : db_(db),
      clock_(clock),
      policy_key_(policy_key),
      options_(options),
      declared_(std::make_unique<DeclaredCache>(options.declared_cache_policies)) {}

AgentService::~AgentService() = default;

Result<IssuedEnrolment> AgentService::CreateEnrolment(const Actor& actor, std::int64_t object_id,
                                                      std::chrono::seconds ttl) {
  if (ttl.count() < 0 || ttl > options_.max_enrolment_ttl) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("ttl_seconds must be 1-{}", options_.max_enrolment_ttl.count()));
  }
  if (ttl.count() == 0) ttl = options_.default_enrolment_ttl;
  const UnixMillis now = clock_.Now();
  IssuedEnrolment out;
  out.token = crypto::RandomToken("qxe_");
  out.object_id = object_id;
  out.expires_at = now + std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count();
  QX_RETURN_IF_ERROR(db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(domain::CiiObject obj, tx.registry().GetObject(object_id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAgentManage, obj.owner_org));
    store::AgentEnrolment e{0, crypto::Sha256Hex(out.token), object_id, obj.owner_org, actor.label(), now,
                            out.expires_at, std::nullopt, std::nullopt};
    QX_ASSIGN_OR_RETURN(out.id, tx.agents().InsertEnrolment(e));
    return identity::AuditChange(tx, actor, obj.owner_org, "agent.enrolment.create", "cii_object", object_id,
                                 {{"enrolment", out.id}, {"expires_at", FormatRfc3339(out.expires_at)}}, now);
  }));
  return out;
}

Result<Enrolled> AgentService::Enrol(const EnrolRequest& req) {
  QX_RETURN_IF_ERROR(ValidateText("token", req.token, 200, true));
  QX_RETURN_IF_ERROR(ValidateHost(req.public_key, req.hostname, req.machine_id));
  const UnixMillis now = clock_.Now();
  Enrolled out;
  QX_RETURN_IF_ERROR(db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(auto e, tx.agents().FindEnrolment(crypto::Sha256Hex(req.token)));
    if (!e || e->expires_at <= now) {
      return MakeError(ErrorCode::kUnauthenticated, "unknown or expired enrolment token");
    }
    if (e->used_at) return MakeError(ErrorCode::kConflict, "the enrolment token was used already");
    out.credential = crypto::RandomToken("qxa_");
    AgentRecord a{0, e->object_id, e->org_id, req.public_key, crypto::Sha256Hex(out.credential), req.hostname,
                  req.machine_id, now, 0, std::nullopt, false, false};
    auto inserted = tx.agents().InsertAgent(a);
    if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists) {
      return MakeError(ErrorCode::kAlreadyExists, "an agent with this public key is enrolled already");
    }
    QX_ASSIGN_OR_RETURN(a.id, std::move(inserted));
    QX_RETURN_IF_ERROR(tx.agents().UseEnrolment(e->id, now, a.id));
    out.agent = a;
    return identity::AuditChange(tx, Actor::System(AgentLabel(a)), a.org_id, "agent.enrol", "agent", a.id,
                                 {{"object", a.object_id},
                                  {"hostname", a.hostname},
                                  {"key_id", crypto::KeyIdOf(a.public_key)},
                                  {"enrolment", e->id}},
                                 now);
  }));
  out.policy_public_key = policy_key_.PublicKeyHex();
  out.policy_key_id = policy_key_.KeyId();
  return out;
}

Result<AgentRecord> AgentService::EnrolOffline(const Actor& actor, std::int64_t object_id,
                                              const OfflineEnrolRequest& req) {
  QX_RETURN_IF_ERROR(ValidateHost(req.public_key, req.hostname, req.machine_id));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<AgentRecord> {
    QX_ASSIGN_OR_RETURN(domain::CiiObject obj, tx.registry().GetObject(object_id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAgentManage, obj.owner_org));
    // No credential: the column's placeholder is no SHA-256 hex, and the store never finds an
    // offline agent by a credential anyway.
    AgentRecord a{0, obj.id, obj.owner_org, req.public_key, "none:" + req.public_key, req.hostname,
                  req.machine_id, now, 0, std::nullopt, false, true};
    auto inserted = tx.agents().InsertAgent(a);
    if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists) {
      return MakeError(ErrorCode::kAlreadyExists, "an agent with this public key is enrolled already");
    }
    QX_ASSIGN_OR_RETURN(a.id, std::move(inserted));
    QX_RETURN_IF_ERROR(identity::AuditChange(tx, actor, a.org_id, "agent.enrol.offline", "agent", a.id,
                                             {{"object", a.object_id},
                                              {"hostname", a.hostname},
                                              {"machine_id", a.machine_id},
                                              {"key_id", crypto::KeyIdOf(a.public_key)}},
                                             now));
    return a;
  });
}

Result<AgentRecord> AgentService::AuthenticateAgent(std::string_view credential) {
  if (credential.empty() || credential.size() > 200) {
    return MakeError(ErrorCode::kUnauthenticated, "send the agent credential as a bearer token");
  }
  QX_ASSIGN_OR_RETURN(auto a, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return tx.agents().FindAgentByCredential(crypto::Sha256Hex(credential));
                      }));
  if (!a || a->revoked || a->offline) return MakeError(ErrorCode::kUnauthenticated, "unknown or revoked agent credential");
  return *a;
}

Result<store::AgentPolicy> AgentService::Publish(const Actor& actor, NewPolicy p) {
  QX_RETURN_IF_ERROR(ValidateText("name", p.name, 200, true));
  if (p.kind != "native" && p.kind != "scap") {
    return MakeError(ErrorCode::kInvalidArgument, "kind must be native or scap");
  }
  QX_RETURN_IF_ERROR(ValidateText("profile", p.profile, 255, false));
  QX_RETURN_IF_ERROR(ValidateText("sector", p.sector, 100, false));
  if (p.document.empty()) return MakeError(ErrorCode::kInvalidArgument, "document is required");
  if (p.document.size() > options_.max_policy_bytes) {
    return MakeError(ErrorCode::kPayloadTooLarge, "the policy document is too large");
  }
  // A native policy the agents cannot read would be served, signed, to every host it is for, and
  // every bundle they sent back would be refused: it is refused here instead, with the reason.
  std::vector<NamedRequirement> named;
  if (p.kind == "native") {
    auto parsed = agent::ParseNativePolicy(p.document);
    if (!parsed) return tl::unexpected(parsed.error());
    named = RequirementsNamed(*parsed);
  }
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<store::AgentPolicy> {
    const domain::OrgId org = actor.subject() ? actor.subject()->org_id : 0;
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAgentPolicyPublish, org));
    std::optional<domain::OrgId> object_owner;
    if (p.object_id) {
      QX_ASSIGN_OR_RETURN(domain::CiiObject obj, tx.registry().GetObject(*p.object_id));
      object_owner = obj.owner_org;
    }
    // Results for a requirement no published catalog holds would match no assessment's item: a
    // mistyped id is refused here, not reported on by every host and shown nowhere.
    QX_ASSIGN_OR_RETURN(const auto unknown, FirstUnknownRequirement(tx, named, object_owner));
    if (unknown) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("policy: rule {} names requirement {}, which no published catalog or profile holds",
                                   unknown->rule, unknown->requirement));
    }
    QX_ASSIGN_OR_RETURN(int version, tx.agents().LatestPolicyVersion(p.sector, p.object_id));
    QX_ASSIGN_OR_RETURN(const store::AgentPolicy out,
                        tx.agents().InsertPolicy({0, p.name, p.kind, p.profile, p.document, policy_key_.Sign(p.document),
                                                  policy_key_.KeyId(), p.sector, p.object_id, version + 1,
                                                  actor.label(), now, /*sha256: the store's*/ {}}));
    QX_RETURN_IF_ERROR(identity::AuditChange(
        tx, actor, org, "agent.policy.publish", "agent_policy", out.id,
        {{"name", out.name},
         {"kind", out.kind},
         {"sector", out.sector},
         {"object", out.object_id ? json::value(*out.object_id) : json::value(nullptr)},
         {"version", out.version},
         {"sha256", out.sha256}},
        now));
    return out;
  });
}

Result<std::vector<store::AgentPolicy>> AgentService::Policies(const Actor& actor) {
  const domain::OrgId org = actor.subject() ? actor.subject()->org_id : 0;
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kAgentPolicyRead, org));
  return store::Transact(db_, TxMode::kRead, [](Tx& tx) { return tx.agents().ListPolicies(); });
}

Result<ServedPolicy> AgentService::PolicyFor(const AgentRecord& agent, const Withheld& withheld) {
  return Serve(db_, Actor::System(AgentLabel(agent)), agent.object_id, clock_.Now(), {}, withheld);
}

Result<ServedPolicy> AgentService::PolicyForObject(const Actor& actor, std::int64_t object_id,
                                                   const Withheld& withheld) {
  auto authorize = [&](const domain::CiiObject& obj) {
    return actor.Authorize(Action::kAgentPolicyDownload, obj.owner_org);
  };
  return Serve(db_, actor, object_id, clock_.Now(), authorize, withheld);
}

Result<Ingested> AgentService::Ingest(std::string_view bundle, const std::optional<AgentRecord>& sender,
                                      std::string_view via) {
  if (bundle.size() > options_.max_bundle_bytes) {
    return MakeError(ErrorCode::kPayloadTooLarge, "the result bundle is too large");
  }
  // The signature first: nothing of an unsigned or forged bundle is read further.
  QX_ASSIGN_OR_RETURN(agent::VerifiedBundle verified,
                      agent::VerifyBundle(bundle, sender ? std::string_view(sender->public_key) : ""));
  QX_ASSIGN_OR_RETURN(BundleBody body, ParseBundleBody(verified.body));  // parsed once, by VerifyBundle
  const std::vector<RequirementOutcome> outcomes = OutcomesByRequirement(body.rules);
  const std::string bundle_sha256 = crypto::Sha256Hex(bundle);
  const UnixMillis now = clock_.Now();
  // The agent as the bundle's key names it, checked again in the write transaction below.
  const auto find_agent = [&](Tx& tx) -> Result<AgentRecord> {
    QX_ASSIGN_OR_RETURN(auto found, tx.agents().FindAgentByKey(verified.public_key_hex));
    if (!found) return MakeError(ErrorCode::kUnauthenticated, "the bundle's key belongs to no enrolled agent");
    if (found->revoked) return MakeError(ErrorCode::kUnauthenticated, "the agent is revoked");
    if (sender && sender->id != found->id) return MakeError(ErrorCode::kUnauthenticated, "signed by another agent");
    return std::move(*found);
  };
  // The issued policy and what its rules declare, before the write transaction (with SQLite one
  // writer at a time): a policy not in the cache is parsed. Issued policies never change, so what
  // is read here holds.
  QX_ASSIGN_OR_RETURN(store::AgentPolicy policy, store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<store::AgentPolicy> {
                        QX_ASSIGN_OR_RETURN(AgentRecord agent, find_agent(tx));
                        QX_ASSIGN_OR_RETURN(domain::CiiObject obj, tx.registry().GetObject(agent.object_id));
                        return IssuedPolicy(tx, obj, body.policy_sha256);
                      }));
  QX_ASSIGN_OR_RETURN(const auto declared,
                      declared_->Get(policy.id, policy.sha256, [&] { return DeclaredBy(policy); }));
  Ingested out;
  QX_RETURN_IF_ERROR(db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    out = Ingested{};
    QX_ASSIGN_OR_RETURN(const AgentRecord agent, find_agent(tx));
    // Replays, the nonce first: the last accepted bundle again is answered idempotently; any
    // other bundle seen before is named as a replay (it also fails the sequence check, which
    // would hide why), and so is a nonce reused under a new sequence. Then the sequence, which
    // must count up.
    QX_ASSIGN_OR_RETURN(auto seen, tx.agents().FindResultByNonce(agent.id, body.nonce));
    if (seen && seen->bundle_sha256 == bundle_sha256 && seen->sequence == agent.last_sequence) {
      // The very bundle accepted last, sent again (an agent or a proxy retrying after a lost
      // answer, a file imported twice): the earlier outcome, nothing written.
      out.result_id = seen->id;
      out.agent_id = agent.id;
      out.object_id = seen->object_id;
      out.sequence = seen->sequence;
      out.rules = seen->rules;
      out.observations_added = seen->observations_added;
      out.observations_unchanged = static_cast<int>(outcomes.size()) - seen->observations_added;
      out.duplicate = true;
      return Ok();
    }
    if (seen) {
      return MakeError(ErrorCode::kConflict, fmt::format("replayed bundle: its nonce was seen before (result {})",
                                                         seen->id));
    }
    if (body.sequence <= agent.last_sequence) {
      return MakeError(ErrorCode::kConflict, fmt::format("replayed bundle: sequence {} is not above {}",
                                                         body.sequence, agent.last_sequence));
    }
    QX_ASSIGN_OR_RETURN(domain::CiiObject obj, tx.registry().GetObject(agent.object_id));
    QX_RETURN_IF_ERROR(CheckRequirementsDeclared(body.rules, *declared));
    // Only changes become observations: compare with the newest one per requirement of this agent.
    // Per agent, not per hostname: two agents of one object may have the same hostname.
    const std::string source = ObservationSource(agent.id, agent.hostname);
    // The host's clock says when it ran, unless that is in the future or unreadable.
    const auto created = ParseRfc3339(body.created_at);
    const UnixMillis observed_at = created && *created > 0 && *created <= now ? *created : now;
    QX_ASSIGN_OR_RETURN(auto latest, tx.assessments().LatestObservations(domain::SubjectKind::kObject, obj.id));
    std::map<std::string, const domain::Observation*> previous;
    for (const auto& o : latest) {
      if (o.source == source) previous[o.control_id] = &o;
    }
    for (const RequirementOutcome& r : outcomes) {
      auto it = previous.find(r.control_id);
      if (it != previous.end() && it->second->result == r.result && it->second->detail == r.detail) {
        ++out.observations_unchanged;
        continue;
      }
      domain::Observation o;
      o.subject_kind = domain::SubjectKind::kObject;
      o.subject_id = obj.id;
      o.owner_org = obj.owner_org;
      o.control_id = r.control_id;
      o.source = source;
      o.result = r.result;
      o.detail = r.detail;
      o.observed_at = observed_at;
      o.recorded_at = now;
      o.recorded_by = AgentLabel(agent);
      QX_RETURN_IF_ERROR(domain::ValidateObservation(o));
      QX_RETURN_IF_ERROR(tx.assessments().InsertObservation(o).map([](auto&&) {}));
      ++out.observations_added;
    }
    store::AgentResultRecord rec{0, agent.id, obj.id, obj.owner_org, body.sequence, body.nonce,
                                 body.results_sha256, bundle_sha256, std::string(via), PolicyRef(policy), now,
                                 static_cast<int>(body.rules.size()), out.observations_added};
    auto inserted = tx.agents().InsertResult(rec);
    if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists) {
      // Only a concurrent upload of the same nonce gets here (the check above saw none).
      return MakeError(ErrorCode::kConflict, "replayed bundle: its nonce was seen before");
    }
    QX_ASSIGN_OR_RETURN(out.result_id, std::move(inserted));
    QX_RETURN_IF_ERROR(tx.agents().RecordRun(agent.id, body.sequence, now));
    out.agent_id = agent.id;
    out.object_id = obj.id;
    out.sequence = body.sequence;
    out.rules = static_cast<int>(body.rules.size());
    return identity::AuditChange(tx, Actor::System(AgentLabel(agent)), obj.owner_org, "agent.results", "agent",
                                 agent.id,
                                 {{"object", obj.id},
                                  {"sequence", body.sequence},
                                  {"via", via},
                                  {"rules", out.rules},
                                  {"observations_added", out.observations_added},
                                  {"bundle_sha256", bundle_sha256}},
                                 now);
  }));
  return out;
}

Result<std::vector<AgentRecord>> AgentService::List(const Actor& actor, const std::optional<domain::OrgId>& org) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kAgentRead, org.value_or(-1)));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.agents().ListAgents(org); });
}

Result<AgentRecord> AgentService::Revoke(const Actor& actor, std::int64_t agent_id) {
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<AgentRecord> {
    QX_ASSIGN_OR_RETURN(AgentRecord a, tx.agents().GetAgent(agent_id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAgentManage, a.org_id));
    if (a.revoked) return a;
    QX_RETURN_IF_ERROR(tx.agents().RevokeAgent(agent_id));
    a.revoked = true;
    QX_RETURN_IF_ERROR(identity::AuditChange(tx, actor, a.org_id, "agent.revoke", "agent", a.id,
                                             {{"object", a.object_id}, {"hostname", a.hostname}}, now));
    return a;
  });
}

Result<std::vector<store::AgentResultRecord>> AgentService::Results(const Actor& actor, std::int64_t agent_id,
                                                                    int limit) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<std::vector<store::AgentResultRecord>> {
    QX_ASSIGN_OR_RETURN(AgentRecord a, tx.agents().GetAgent(agent_id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAgentRead, a.org_id));
    return tx.agents().ListResults(agent_id, limit);
  });
}

}  // namespace qx::agent_server
