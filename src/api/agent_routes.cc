// Host assessment agents: the operator's enrolment tokens, air-gapped hosts' enrolment requests
// and agent list, the regulator's signed policies, and the agent's own calls (enrol with a
// one-time token; fetch its policy and post signed results with its bearer credential).
#include <fmt/format.h>

#include <algorithm>

#include "authn.h"
#include "json_io.h"
#include "qx/crypto/digest.h"
#include "qx/crypto/signing.h"
#include "qx/http/conditional.h"
#include "routes.h"

namespace qx::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using identity::Actor;
using identity::Principal;

json::object AgentJson(const store::AgentRecord& a) {
  return {{"id", a.id},
          {"object_id", a.object_id},
          {"org_id", a.org_id},
          {"hostname", a.hostname},
          {"machine_id", a.machine_id},
          {"key_id", crypto::KeyIdOf(a.public_key)},
          {"public_key", a.public_key},
          {"enrolled_at", FormatRfc3339(a.enrolled_at)},
          {"last_sequence", a.last_sequence},
          {"last_seen_at", TimeOrNull(a.last_seen_at)},
          {"revoked", a.revoked},
          {"offline", a.offline}};
}

json::object ResultJson(const store::AgentResultRecord& r) {
  return {{"id", r.id},
          {"agent_id", r.agent_id},
          {"object_id", r.object_id},
          {"sequence", r.sequence},
          {"results_sha256", r.results_sha256},
          {"bundle_sha256", r.bundle_sha256},
          {"via", r.via},
          {"policy", r.policy_ref},
          {"received_at", FormatRfc3339(r.received_at)},
          {"rules", r.rules},
          {"observations_added", r.observations_added}};
}

json::object PolicyJson(const store::AgentPolicy& p, bool with_document) {
  json::object o{{"id", p.id},
                 {"name", p.name},
                 {"kind", p.kind},
                 {"profile", p.profile},
                 {"sector", p.sector},
                 {"object_id", p.object_id ? json::value(*p.object_id) : json::value(nullptr)},
                 {"version", p.version},
                 {"key_id", p.key_id},
                 {"signature", p.signature},
                 {"sha256", p.sha256},
                 {"published_by", p.published_by},
                 {"published_at", FormatRfc3339(p.published_at)}};
  if (with_document) o["document"] = p.document;
  return o;
}

// A policy download's answer, conditional on If-None-Match (RFC 9110 13.1.2). The entity tag is
// the SHA-256 of the very body a 200 carries (the same on both download endpoints), so whatever
// changes the body (a new version, a new signature) changes the tag. When the request names it,
// 304 with the tag and no content; a HEAD gets the 200's headers without the body. Neither
// carries any of the policy's bytes, which the service is told (`withheld`: decided without an
// audit entry). `serve` is the service call. The body and its tag are made once per policy.
template <typename Serve>
Result<Response> PolicyDownload(const Request& req, Serve serve) {
  struct Answer {
    std::int64_t policy_id = 0;
    std::string body, etag;
    bool not_modified = false;  // the request's If-None-Match names the tag
  };
  std::optional<Answer> answer;
  const auto answer_for = [&](const store::AgentPolicy& p) -> const Answer& {
    if (!answer || answer->policy_id != p.id) {
      std::string body = json::serialize(PolicyJson(p, true));
      std::string etag = http::StrongEtag(body);
      const bool named = http::IfNoneMatchNames(req, etag);
      answer = Answer{p.id, std::move(body), std::move(etag), named};
    }
    return *answer;
  };
  const bool head = req.method == http::Method::kHead;
  agent_server::Withheld withheld;
  if (head || http::HasIfNoneMatch(req)) {
    withheld = [&](const store::AgentPolicy& p) { return head || answer_for(p).not_modified; };
  }
  QX_ASSIGN_OR_RETURN(agent_server::ServedPolicy served, serve(withheld));
  const Answer& a = answer_for(served.policy);  // the write transaction may have found a newer one
  Response r;
  if (a.not_modified) {
    r = http::NotModified(a.etag);
  } else {
    // A HEAD's body is dropped by the server once its Content-Length is set.
    r.status = 200;
    r.body = a.body;
    r.SetHeader("Content-Type", "application/json");
    r.SetHeader("ETag", a.etag);
  }
  // No shared cache keeps it, and a kept copy is checked with the server on every use: each use
  // passes authentication, authorisation and (when something is served) the audit trail.
  r.SetHeader("Cache-Control", "private, no-cache");
  return r;
}

json::object IngestedJson(const agent_server::Ingested& in) {
  return {{"result_id", in.result_id},
          {"agent_id", in.agent_id},
          {"object_id", in.object_id},
          {"sequence", in.sequence},
          {"rules", in.rules},
          {"observations_added", in.observations_added},
          {"observations_unchanged", in.observations_unchanged},
          {"duplicate", in.duplicate}};
}

// The agent's own calls carry its credential as a bearer token (never a user's token).
using AgentHandler = std::function<Result<Response>(Request&, const store::AgentRecord&)>;

http::Handler AgentAuthed(ApiContext& ctx, AgentHandler body) {
  return [&ctx, body = std::move(body)](Request& req) -> Response {
    auto run = [&]() -> Result<Response> {
      QX_ASSIGN_OR_RETURN(const auto credential, BearerToken(req));
      if (!credential) return MakeError(ErrorCode::kUnauthenticated, "send the agent credential as a bearer token");
      QX_ASSIGN_OR_RETURN(auto agent, ctx.agents.AuthenticateAgent(*credential));
      req.actor = fmt::format("agent:{}", agent.id);
      return body(req, agent);
    };
    auto response = run();
    if (response) return std::move(*response);
    Response r = http::ErrorResponse(response.error());
    if (response.error().code == ErrorCode::kUnauthenticated) r.SetHeader("WWW-Authenticate", "Bearer realm=\"qalxan-agent\"");
    return r;
  };
}

}  // namespace

void AddAgentRoutes(http::Router& router, ApiContext& ctx) {
  auto& svc = ctx.agents;

  router.Add(Method::kPost, "/api/v1/objects/{id}/agent-enrolments",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               std::optional<std::int64_t> ttl;
               if (!req.body.empty()) {
                 QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
                 QX_ASSIGN_OR_RETURN(ttl, OptionalInt(body, "ttl_seconds"));
               }
               QX_ASSIGN_OR_RETURN(auto issued, svc.CreateEnrolment(Actor::Of(p), id, std::chrono::seconds(ttl.value_or(0))));
               Response r = http::JsonResponse(201, json::object{{"id", issued.id},
                                                                 {"token", issued.token},
                                                                 {"object_id", issued.object_id},
                                                                 {"expires_at", FormatRfc3339(issued.expires_at)}});
               r.SetHeader("Cache-Control", "no-store");
               return r;
             }));

  // An air-gapped host's enrolment request file (`qalxan-agent enrol --offline`), posted by a
  // person who manages the object's agents. The agent gets no credential: it never calls us.
  router.Add(Method::kPost, "/api/v1/objects/{id}/agents",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               agent_server::OfflineEnrolRequest in;
               QX_ASSIGN_OR_RETURN(in.public_key, RequiredString(body, "public_key"));
               QX_ASSIGN_OR_RETURN(in.hostname, RequiredString(body, "hostname"));
               QX_ASSIGN_OR_RETURN(auto machine, OptionalString(body, "machine_id"));
               in.machine_id = machine.value_or("");
               QX_ASSIGN_OR_RETURN(auto agent, svc.EnrolOffline(Actor::Of(p), id, in));
               return http::JsonResponse(201, AgentJson(agent));
             }));

  // What an agent of the object would fetch, for a person to carry to an air-gapped host: the
  // same body and entity tag as /api/v1/agent/policy, so "document" and "signature" become FILE and
  // FILE.sig.
  router.Add(Method::kGet, "/api/v1/objects/{id}/agent-policy",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               return PolicyDownload(req, [&](const agent_server::Withheld& withheld) {
                 return svc.PolicyForObject(Actor::Of(p), id, withheld);
               });
             }));

  router.Add(Method::kGet, "/api/v1/agents",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto org, OptionalIntQuery(req, "org"));
               // Default: one's own organisation; the regulator may ask for every agent (all=1).
               std::optional<domain::OrgId> scope = org.value_or(p.subject.org_id);
               if (const std::string* all = req.Query("all"); all && (*all == "1" || *all == "true")) scope.reset();
               QX_ASSIGN_OR_RETURN(auto list, svc.List(Actor::Of(p), scope));
               json::array items;
               for (const auto& a : list) items.push_back(AgentJson(a));
               return http::JsonResponse(200, json::object{{"items", std::move(items)}});
             }));

  router.Add(Method::kGet, "/api/v1/agents/{id}/results",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto limit, OptionalIntQuery(req, "limit"));
               const int n = static_cast<int>(std::clamp<std::int64_t>(limit.value_or(50), 1, 500));
               QX_ASSIGN_OR_RETURN(auto list, svc.Results(Actor::Of(p), id, n));
               json::array items;
               for (const auto& r : list) items.push_back(ResultJson(r));
               return http::JsonResponse(200, json::object{{"items", std::move(items)}});
             }));

  router.Add(Method::kPost, "/api/v1/agents/{id}/revoke",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto a, svc.Revoke(Actor::Of(p), id));
               return http::JsonResponse(200, AgentJson(a));
             }));

  router.Add(Method::kPost, "/api/v1/agent-policies",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               agent_server::NewPolicy in;
               QX_ASSIGN_OR_RETURN(in.name, RequiredString(body, "name"));
               QX_ASSIGN_OR_RETURN(in.kind, RequiredString(body, "kind"));
               QX_ASSIGN_OR_RETURN(in.document, RequiredString(body, "document"));
               QX_ASSIGN_OR_RETURN(auto profile, OptionalString(body, "profile"));
               in.profile = profile.value_or("");
               QX_ASSIGN_OR_RETURN(auto sector, OptionalString(body, "sector"));
               in.sector = sector.value_or("");
               QX_ASSIGN_OR_RETURN(in.object_id, OptionalInt(body, "object_id"));
               QX_ASSIGN_OR_RETURN(auto policy, svc.Publish(Actor::Of(p), std::move(in)));
               return http::JsonResponse(201, PolicyJson(policy, false));
             }));

  router.Add(Method::kGet, "/api/v1/agent-policies",
             Authed(ctx, [&svc](Request&, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto list, svc.Policies(Actor::Of(p)));
               json::array items;
               for (const auto& pol : list) items.push_back(PolicyJson(pol, false));
               return http::JsonResponse(200, json::object{{"items", std::move(items)}});
             }));

  // The agent's calls.
  router.Add(Method::kPost, "/api/v1/agent/enrol", [&svc](Request& req) -> Response {
    auto run = [&]() -> Result<Response> {
      QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
      agent_server::EnrolRequest in;
      QX_ASSIGN_OR_RETURN(in.token, RequiredString(body, "token"));
      QX_ASSIGN_OR_RETURN(in.public_key, RequiredString(body, "public_key"));
      QX_ASSIGN_OR_RETURN(in.hostname, RequiredString(body, "hostname"));
      QX_ASSIGN_OR_RETURN(auto machine, OptionalString(body, "machine_id"));
      in.machine_id = machine.value_or("");
      QX_ASSIGN_OR_RETURN(auto enrolled, svc.Enrol(in));
      req.actor = fmt::format("agent:{}", enrolled.agent.id);
      Response r = http::JsonResponse(201, json::object{{"agent_id", enrolled.agent.id},
                                                        {"object_id", enrolled.agent.object_id},
                                                        {"credential", enrolled.credential},
                                                        {"policy_public_key", enrolled.policy_public_key},
                                                        {"policy_key_id", enrolled.policy_key_id}});
      r.SetHeader("Cache-Control", "no-store");
      return r;
    };
    auto response = run();
    return response ? std::move(*response) : http::ErrorResponse(response.error());
  });

  router.Add(Method::kGet, "/api/v1/agent/policy",
             AgentAuthed(ctx, [&svc](Request& req, const store::AgentRecord& agent) -> Result<Response> {
               return PolicyDownload(req, [&](const agent_server::Withheld& withheld) {
                 return svc.PolicyFor(agent, withheld);
               });
             }));

  router.Add(Method::kPost, "/api/v1/agent/results",
             AgentAuthed(ctx, [&svc](Request& req, const store::AgentRecord& agent) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto in, svc.Ingest(req.body, agent, "http"));
               return http::JsonResponse(in.duplicate ? 200 : 201, IngestedJson(in));
             }));
}

}  // namespace qx::api
