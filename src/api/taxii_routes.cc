// TAXII 2.1 (OASIS TAXII 2.1 OS): discovery, the API root, collections, objects, versions,
// manifest and status, under /taxii2/. HTTP Basic against the user store, or a bearer API token.
#include <boost/json.hpp>

#include "qx/crypto/signing.h"
#include "qx/taxii/filter.h"
#include "qx/taxii/protocol.h"
#include "authn.h"
#include "routes.h"

namespace qx::api {
namespace {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;
using identity::Principal;

constexpr std::string_view kApiRoot = "/taxii2/qalxan/";

Result<Principal> TaxiiAuthenticate(Request& req, identity::AuthService& auth) {
  const std::string_view header = req.Header("Authorization");
  Result<Principal> p = MakeError(ErrorCode::kUnauthenticated, "send HTTP Basic credentials or a bearer token");
  if (header.empty() && !req.Header("Cookie").empty()) {
    return Authenticate(req, auth);  // the dashboard: its session cookie, CSRF-checked
  }
  if (header.substr(0, 7) == "Bearer ") {
    p = auth.AuthenticateToken(std::string(header.substr(7)));
  } else if (header.substr(0, 6) == "Basic ") {
    auto decoded = crypto::Base64Decode(header.substr(6));
    const size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) return MakeError(ErrorCode::kUnauthenticated, "malformed Basic credentials");
    p = auth.AuthenticateBasic(decoded->substr(0, colon), decoded->substr(colon + 1));
  }
  if (p) req.actor = p->actor;
  return p;
}

using TaxiiBody = std::function<Result<Response>(Request&, const Principal&)>;

// Negotiates, authenticates and maps every error to the TAXII error message.
http::Handler Taxii(ApiContext& ctx, TaxiiBody body) {
  return [&ctx, body = std::move(body)](Request& req) -> Response {
    if (!taxii::AcceptsTaxii(req.Header("Accept"))) {
      return taxii::ErrorResponse(406, "not acceptable", "Accept application/taxii+json;version=2.1");
    }
    if (req.method == Method::kPost && !taxii::IsTaxiiContentType(req.Header("Content-Type"))) {
      return taxii::ErrorResponse(415, "unsupported media type",
                                  "Content-Type must be application/taxii+json;version=2.1");
    }
    auto principal = TaxiiAuthenticate(req, ctx.auth);
    if (!principal) {
      Response r = taxii::ErrorResponse(principal.error());
      // A browser session that expired must not make the browser prompt for Basic credentials,
      // yet a 401 needs a challenge (RFC 7235 3.1): the dashboard's, Bearer, which browsers do
      // not prompt for (the dashboard only looks at the status).
      if (req.Header("Authorization").empty() && !req.Header("Cookie").empty()) {
        r.SetHeader("WWW-Authenticate", "Bearer realm=\"qalxan\"");
      }
      return r;
    }
    auto response = body(req, *principal);
    return response ? std::move(*response) : taxii::ErrorResponse(response.error());
  };
}

json::object CollectionJson(const intel::CollectionView& v) {
  return {{"id", v.collection.id},
          {"title", v.collection.title},
          {"description", v.collection.description},
          {"can_read", v.access.read},
          {"can_write", v.access.write},
          {"media_types", json::array{std::string(taxii::kStixMediaType)}}};
}

// TAXII 2.1 3.2: every 200 of objects, object, versions and manifest carries both headers. An
// empty page has no date_added to tell, and the spec gives none: both headers are then the
// start of the window asked about, added_after or else the Unix epoch. A client that continues
// with added_after=X-TAXII-Date-Added-Last skips nothing that way (the request time could skip an
// object whose ingest commits just after the request).
void SetDateAddedHeaders(Response& r, const store::Page<store::StoredObject>& page,
                         const std::optional<std::int64_t>& added_after_us) {
  if (page.items.empty()) {
    const std::string start = taxii::FormatTimestamp(added_after_us.value_or(0));
    r.SetHeader("X-TAXII-Date-Added-First", start);
    r.SetHeader("X-TAXII-Date-Added-Last", start);
    return;
  }
  auto [first, last] = std::minmax_element(
      page.items.begin(), page.items.end(),
      [](const auto& a, const auto& b) { return a.date_added_us < b.date_added_us; });
  r.SetHeader("X-TAXII-Date-Added-First", taxii::FormatTimestamp(first->date_added_us));
  r.SetHeader("X-TAXII-Date-Added-Last", taxii::FormatTimestamp(last->date_added_us));
}

// A page of manifest entries or versions with `more`, `next` and the date headers.
template <typename ItemFn>
Response PageResponse(const store::Page<store::StoredObject>& page,
                      const std::optional<std::int64_t>& added_after_us, std::string_view field,
                      ItemFn item) {
  json::array items;
  for (const auto& o : page.items) items.push_back(item(o));
  json::object body;
  body["more"] = page.next.has_value();
  if (page.next) body["next"] = taxii::EncodeCursor(*page.next);
  if (!items.empty()) body[field] = std::move(items);
  Response r = taxii::TaxiiJson(200, body);
  SetDateAddedHeaders(r, page, added_after_us);
  return r;
}

// A page of objects as a TAXII envelope. The objects are spliced in as stored: the server
// serialised each one itself at ingest, so parsing and serialising it again would only cost time
// (most of a page's, measured).
Response ObjectsPageResponse(const store::Page<store::StoredObject>& page,
                             const std::optional<std::int64_t>& added_after_us) {
  std::size_t size = 64;
  for (const auto& o : page.items) size += o.json.size() + 1;
  std::string body;
  body.reserve(size);
  body += page.next ? R"({"more":true,"next":)" : R"({"more":false)";
  if (page.next) body += json::serialize(json::value(taxii::EncodeCursor(*page.next)));
  if (!page.items.empty()) {
    body += R"(,"objects":[)";
    for (std::size_t i = 0; i < page.items.size(); ++i) {
      if (i > 0) body += ',';
      body += page.items[i].json;
    }
    body += ']';
  }
  body += '}';
  Response r;
  r.status = 200;
  r.SetHeader("Content-Type", std::string(taxii::kTaxiiMediaType));
  r.body = std::move(body);
  SetDateAddedHeaders(r, page, added_after_us);
  return r;
}

// Get an Object / Get Object Versions: when the filters leave nothing, the answer is an empty
// envelope (TAXII 2.1 5.6, 5.8) if some version of the id is readable, and 404 only if none is.
Status RequireReadableObject(intel::IntelService& svc, const Principal& p, Request& req) {
  store::ObjectQuery any;
  any.ids = {req.Param("oid")};
  any.versions = store::VersionMatch{false, false, true, {}};
  any.limit = 1;
  QX_ASSIGN_OR_RETURN(auto page, svc.Objects(p, req.Param("cid"), std::move(any)));
  if (page.items.empty()) return MakeError(ErrorCode::kNotFound, "no such object");
  return Ok();
}

json::value StatusJson(const store::StatusRecord& s) {
  boost::system::error_code ec;
  json::value detail = json::parse(s.detail_json, ec);
  if (ec || !detail.is_object()) detail = json::object();
  auto list = [&](const char* key) {
    const auto* v = detail.as_object().if_contains(key);
    return v && v->is_array() ? v->as_array() : json::array();
  };
  const json::array successes = list("successes"), failures = list("failures"),
                    pendings = list("pendings");
  json::object out{{"id", s.id},
                   {"status", s.status},
                   {"request_timestamp", taxii::FormatTimestamp(s.request_us)},
                   {"total_count", s.total},
                   {"success_count", successes.size()},
                   {"failure_count", failures.size()},
                   {"pending_count", s.status == "complete" ? 0 : pendings.size()}};
  if (!successes.empty()) out["successes"] = successes;
  if (!failures.empty()) out["failures"] = failures;
  if (s.status != "complete" && !pendings.empty()) out["pendings"] = pendings;
  return out;
}

}  // namespace

void AddTaxiiRoutes(http::Router& router, ApiContext& ctx) {
  auto& svc = ctx.intel;
  const int max_page = ctx.taxii_max_page;

  router.Add(Method::kGet, "/taxii2", Taxii(ctx, [](Request&, const Principal&) -> Result<Response> {
    return taxii::TaxiiJson(200, json::object{{"title", "Qalxan TAXII 2.1"},
                                              {"description", "Threat intelligence shared under the national CII regime"},
                                              {"default", kApiRoot},
                                              {"api_roots", json::array{kApiRoot}}});
  }));

  router.Add(Method::kGet, "/taxii2/qalxan", Taxii(ctx, [&ctx](Request&, const Principal&) -> Result<Response> {
    return taxii::TaxiiJson(200, json::object{{"title", "Qalxan"},
                                              {"versions", json::array{std::string(taxii::kTaxiiMediaType)}},
                                              {"max_content_length", ctx.max_content_length}});
  }));

  router.Add(Method::kGet, "/taxii2/qalxan/status/{id}",
             Taxii(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto status, svc.GetStatus(p, req.Param("id")));
               return taxii::TaxiiJson(200, StatusJson(status));
             }));

  router.Add(Method::kGet, "/taxii2/qalxan/collections",
             Taxii(ctx, [&svc](Request&, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto collections, svc.Collections(p));
               json::array items;
               for (const auto& c : collections) items.push_back(CollectionJson(c));
               json::object body;
               if (!items.empty()) body["collections"] = std::move(items);
               return taxii::TaxiiJson(200, body);
             }));

  router.Add(Method::kGet, "/taxii2/qalxan/collections/{cid}",
             Taxii(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto c, svc.Collection(p, req.Param("cid")));
               return taxii::TaxiiJson(200, CollectionJson(c));
             }));

  router.Add(Method::kGet, "/taxii2/qalxan/collections/{cid}/objects",
             Taxii(ctx, [&svc, max_page](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto q, taxii::ParseFilter(req.query, max_page));
               // Qalxan's extension: only what is in force now (not revoked, not expired).
               if (const std::string* v = req.Query("valid_now"); v && *v == "true") {
                 q.valid_at_ms = SystemClock().Now();
               }
               const auto added_after = q.added_after_us;
               QX_ASSIGN_OR_RETURN(auto page, svc.Objects(p, req.Param("cid"), std::move(q)));
               return ObjectsPageResponse(page, added_after);
             }));

  router.Add(Method::kPost, "/taxii2/qalxan/collections/{cid}/objects",
             Taxii(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               boost::system::error_code ec;
               json::parse_options options;
               options.max_depth = 64;
               json::value body = json::parse(req.body, ec, {}, options);
               // TAXII 2.1 5.5: a malformed body is 422 Unprocessable Entity.
               if (ec || !body.is_object()) {
                 return taxii::ErrorResponse(422, "unprocessable entity",
                                             "the body must be a TAXII envelope or a STIX bundle");
               }
               const json::value* objects = body.as_object().if_contains("objects");
               if (!objects || !objects->is_array()) {
                 return taxii::ErrorResponse(422, "unprocessable entity", "the envelope has no 'objects' list");
               }
               std::vector<json::value> list(objects->as_array().begin(), objects->as_array().end());
               QX_ASSIGN_OR_RETURN(auto status, svc.Add(p, req.Param("cid"), std::move(list)));
               return taxii::TaxiiJson(202, StatusJson(status));
             }));

  router.Add(Method::kGet, "/taxii2/qalxan/collections/{cid}/objects/{oid}",
             Taxii(ctx, [&svc, max_page](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto q, taxii::ParseFilter(req.query, max_page));
               q.ids = {req.Param("oid")};
               const auto added_after = q.added_after_us;
               QX_ASSIGN_OR_RETURN(auto page, svc.Objects(p, req.Param("cid"), std::move(q)));
               if (page.items.empty()) QX_RETURN_IF_ERROR(RequireReadableObject(svc, p, req));
               return ObjectsPageResponse(page, added_after);
             }));

  router.Add(Method::kDelete, "/taxii2/qalxan/collections/{cid}/objects/{oid}",
             Taxii(ctx, [&svc, max_page](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto q, taxii::ParseFilter(req.query, max_page, /*all=*/true));
               QX_RETURN_IF_ERROR(svc.Delete(p, req.Param("cid"), req.Param("oid"), q.versions));
               Response r;
               r.status = 200;
               r.SetHeader("Content-Type", std::string(taxii::kTaxiiMediaType));
               return r;
             }));

  router.Add(Method::kGet, "/taxii2/qalxan/collections/{cid}/objects/{oid}/versions",
             Taxii(ctx, [&svc, max_page](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto q, taxii::ParseFilter(req.query, max_page, /*all=*/true));
               q.ids = {req.Param("oid")};
               const auto added_after = q.added_after_us;
               QX_ASSIGN_OR_RETURN(auto page, svc.Objects(p, req.Param("cid"), std::move(q)));
               if (page.items.empty()) QX_RETURN_IF_ERROR(RequireReadableObject(svc, p, req));
               return PageResponse(page, added_after, "versions", [](const store::StoredObject& o) {
                 return json::value(o.version);
               });
             }));

  router.Add(Method::kGet, "/taxii2/qalxan/collections/{cid}/manifest",
             Taxii(ctx, [&svc, max_page](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto q, taxii::ParseFilter(req.query, max_page));
               const auto added_after = q.added_after_us;
               QX_ASSIGN_OR_RETURN(auto page, svc.Objects(p, req.Param("cid"), std::move(q)));
               return PageResponse(page, added_after, "objects", [](const store::StoredObject& o) {
                 return json::object{{"id", o.object_id},
                                     {"date_added", taxii::FormatTimestamp(o.date_added_us)},
                                     {"version", o.version},
                                     {"media_type", std::string(taxii::kStixMediaType)}};
               });
             }));
}

}  // namespace qx::api
