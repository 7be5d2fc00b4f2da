// Campaigns: /api/v1/campaigns, one campaign, and its board.
#include <fmt/format.h>

#include "authn.h"
#include "registry_json.h"
#include "routes.h"

namespace qx::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using identity::Actor;
using identity::Principal;

json::object CampaignJson(const domain::Campaign& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"description", c.description},
          {"profile", {{"catalog_id", c.profile.catalog_id}, {"seq", c.profile.seq}}},
          {"due_at", FormatRfc3339(c.due_at)},
          {"sector", c.sector},
          {"category", c.category ? json::value(*c.category) : json::value(nullptr)},
          {"created_by", c.created_by},
          {"created_at", FormatRfc3339(c.created_at)}};
}

json::object SummaryJson(const campaign::CampaignSummary& s) {
  json::object o = CampaignJson(s.campaign);
  o["subjects"] = s.subjects;
  return o;
}

json::object RowJson(const domain::BoardRow& r) {
  const auto& s = r.subject;
  return {{"id", s.id},
          {"subject_kind", domain::Name(s.subject_kind)},
          {"subject_id", s.subject_id},
          {"subject_name", s.subject_name},
          {"owner_org", s.owner_org},
          {"owner_name", s.owner_name},
          {"assessment_id", s.assessment_id ? json::value(*s.assessment_id) : json::value(nullptr)},
          {"linked", s.linked},
          {"status", s.status ? json::value(domain::Name(*s.status)) : json::value(nullptr)},
          {"state", domain::Name(r.state)},
          {"score", OptionalNumber(s.score)},
          {"note", s.note}};
}

Result<std::vector<campaign::SubjectRef>> SubjectsField(const json::object& body) {
  std::vector<campaign::SubjectRef> out;
  const json::value* v = body.if_contains("subjects");
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return MakeError(ErrorCode::kInvalidArgument, "subjects must be a list");
  if (v->as_array().size() > campaign::kMaxSubjects) {
    return MakeError(ErrorCode::kInvalidArgument, "too many subjects");
  }
  for (const auto& item : v->as_array()) {
    if (!item.is_object()) {
      return MakeError(ErrorCode::kInvalidArgument, "each subject is {\"subject_kind\", \"subject_id\"}");
    }
    campaign::SubjectRef ref;
    QX_ASSIGN_OR_RETURN(auto kind, OptionalString(item.as_object(), "subject_kind"));
    if (kind) {
      auto k = domain::ParseSubjectKind(*kind);
      if (!k) return MakeError(ErrorCode::kInvalidArgument, "subject_kind must be object or provider");
      ref.kind = *k;
    }
    QX_ASSIGN_OR_RETURN(auto id, OptionalInt(item.as_object(), "subject_id"));
    if (!id || *id <= 0) return MakeError(ErrorCode::kInvalidArgument, "subject_id must be a positive integer");
    ref.id = *id;
    out.push_back(ref);
  }
  return out;
}

// limit and cursor of the board: pages of up to a whole campaign, so that a client can read every
// row in one request (the rows are small).
Result<store::PageRequest> BoardPage(const Request& req) {
  store::PageRequest page;
  QX_ASSIGN_OR_RETURN(auto limit, OptionalIntQuery(req, "limit"));
  if (limit) {
    if (*limit < 1 || *limit > static_cast<std::int64_t>(campaign::kMaxSubjects)) {
      return MakeError(ErrorCode::kInvalidArgument, fmt::format("limit must be 1-{}", campaign::kMaxSubjects));
    }
    page.limit = static_cast<int>(*limit);
  }
  QX_ASSIGN_OR_RETURN(auto cursor, OptionalIntQuery(req, "cursor"));
  page.after = cursor.value_or(0);
  return page;
}

}  // namespace

void AddCampaignRoutes(http::Router& router, ApiContext& ctx) {
  auto& svc = ctx.campaigns;

  router.Add(Method::kPost, "/api/v1/campaigns",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(json::object body, ParseJsonBody(req));
               campaign::NewCampaign in;
               QX_ASSIGN_OR_RETURN(in.name, RequiredString(body, "name"));
               QX_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
               in.description = description.value_or("");
               QX_ASSIGN_OR_RETURN(auto profile, OptionalInt(body, "profile_id"));
               if (!profile || *profile <= 0) return MakeError(ErrorCode::kInvalidArgument, "profile_id is required");
               in.profile_id = *profile;
               QX_ASSIGN_OR_RETURN(auto seq, OptionalInt(body, "profile_seq"));
               in.profile_seq = static_cast<int>(std::clamp<std::int64_t>(seq.value_or(0), 0, 1 << 20));
               QX_ASSIGN_OR_RETURN(auto due, OptionalTime(body, "due_at"));
               if (!due) return MakeError(ErrorCode::kInvalidArgument, "due_at is required (RFC 3339)");
               in.due_at = *due;
               QX_ASSIGN_OR_RETURN(in.subjects, SubjectsField(body));
               QX_ASSIGN_OR_RETURN(auto sector, OptionalString(body, "sector"));
               in.sector = sector.value_or("");
               QX_ASSIGN_OR_RETURN(auto category, OptionalInt(body, "category"));
               if (category) in.category = static_cast<int>(std::clamp<std::int64_t>(*category, -1, 100));
               QX_ASSIGN_OR_RETURN(auto report, svc.Create(Actor::Of(p), in));
               json::object out = CampaignJson(report.campaign);
               out["subjects"] = report.created + report.linked + report.not_started;
               out["created"] = report.created;
               out["linked"] = report.linked;
               out["not_started"] = report.not_started;
               return http::JsonResponse(201, out);
             }));

  router.Add(Method::kGet, "/api/v1/campaigns",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto page, PageParams(req));
               QX_ASSIGN_OR_RETURN(auto list, svc.List(Actor::Of(p), page));
               json::array items;
               for (const auto& s : list.items) items.push_back(SummaryJson(s));
               json::object out{{"items", std::move(items)}};
               out["next"] = list.next ? json::value(std::to_string(*list.next)) : json::value(nullptr);
               return http::JsonResponse(200, out);
             }));

  router.Add(Method::kGet, "/api/v1/campaigns/{id}",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto s, svc.Get(Actor::Of(p), id));
               return http::JsonResponse(200, SummaryJson(s));
             }));

  router.Add(Method::kGet, "/api/v1/campaigns/{id}/board",
             Authed(ctx, [&svc](Request& req, const Principal& p) -> Result<Response> {
               QX_ASSIGN_OR_RETURN(auto id, IdParam(req, "id"));
               QX_ASSIGN_OR_RETURN(auto page, BoardPage(req));
               std::optional<domain::BoardState> only;
               if (const std::string* s = req.Query("state"); s && !s->empty()) {
                 only = domain::ParseBoardState(*s);
                 if (!only) return MakeError(ErrorCode::kInvalidArgument, "unknown state");
               }
               QX_ASSIGN_OR_RETURN(auto view, svc.Board(Actor::Of(p), id, only, page));
               json::object counts;
               for (int i = 0; i < domain::kBoardStates; ++i) {
                 counts[domain::Name(static_cast<domain::BoardState>(i))] = view.board.counts[i];
               }
               json::array items;
               items.reserve(view.board.rows.size());
               for (const auto& r : view.board.rows) items.push_back(RowJson(r));
               json::object out{{"campaign", CampaignJson(view.campaign)},
                                {"counts", view.board.counted ? json::value(std::move(counts)) : json::value(nullptr)},
                                {"total", view.board.counted ? json::value(view.board.total) : json::value(nullptr)},
                                {"items", std::move(items)}};
               out["next"] = view.board.next ? json::value(std::to_string(*view.board.next)) : json::value(nullptr);
               return http::JsonResponse(200, out);
             }));
}

}  // namespace qx::api
