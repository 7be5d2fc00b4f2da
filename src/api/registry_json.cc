#include "registry_json.h"

#include <fmt/format.h>

#include "json_io.h"
#include "qx/registry/thresholds_json.h"

namespace qx::api {

json::value OptionalNumber(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

namespace {

json::value OptionalCategory(const std::optional<int>& c) {
  return c ? json::value(*c) : json::value(nullptr);
}

json::array Strings(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

}  // namespace

Result<std::optional<UnixMillis>> OptionalTime(const json::object& o, std::string_view key) {
  QX_ASSIGN_OR_RETURN(auto text, OptionalString(o, key));
  if (!text) return std::optional<UnixMillis>();
  auto t = ParseRfc3339(*text);
  if (!t) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} must be an RFC 3339 time", key));
  return std::optional<UnixMillis>(*t);
}

Result<std::vector<std::string>> StringList(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} must be a list of strings", key));
  for (const auto& e : v->as_array()) {
    if (!e.is_string()) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} must be a list of strings", key));
    out.emplace_back(e.as_string());
  }
  return out;
}

json::object ToJson(const domain::CiiObject& o) {
  json::array deps;
  for (auto d : o.depends_on) deps.emplace_back(d);
  return {{"id", o.id},
          {"owner_org", o.owner_org},
          {"name", o.name},
          {"sector", o.sector},
          {"kind", domain::Name(o.kind)},
          {"description", o.description},
          {"location", o.location},
          {"responsible_person", o.responsible_person},
          {"depends_on", std::move(deps)},
          {"category", OptionalCategory(o.category)},
          {"category_status", o.category_status.empty() ? json::value(nullptr) : json::value(o.category_status)},
          {"created_at", FormatRfc3339(o.created_at)},
          {"updated_at", FormatRfc3339(o.updated_at)}};
}

json::object ToJson(const domain::OtArchitecture& ot) {
  json::array zones, conduits;
  for (const auto& z : ot.zones) {
    zones.push_back(json::object{{"name", z.name}, {"target_sl", z.target_sl}, {"description", z.description}});
  }
  for (const auto& c : ot.conduits) {
    conduits.push_back(json::object{{"name", c.name},
                                    {"from", c.from_zone},
                                    {"to", c.to_zone},
                                    {"description", c.description}});
  }
  return {{"zones", std::move(zones)}, {"conduits", std::move(conduits)}};
}

json::object ToJson(const registry::ObjectView& v) {
  json::object out = ToJson(v.object);
  out["ot"] = ToJson(v.ot);
  json::array dependents;
  for (auto d : v.dependents) dependents.emplace_back(d);
  out["dependents"] = std::move(dependents);
  out["categorisation"] = v.categorisation ? json::value(ToJson(*v.categorisation)) : json::value(nullptr);
  return out;
}

json::object ToJson(const domain::Categorisation& c) {
  return {{"id", c.id},
          {"object_id", c.object_id},
          {"answers", registry::AnswersToJson(c.answers)},
          {"thresholds_seq", c.thresholds_seq},
          {"computed", OptionalCategory(c.computed)},
          {"status", domain::Name(c.status)},
          {"decided", OptionalCategory(c.decided)},
          {"reason", c.reason},
          {"submitted_by", c.submitted_by},
          {"submitted_at", FormatRfc3339(c.submitted_at)},
          {"decided_by", c.decided_by},
          {"decided_at", TimeOrNull(c.decided_at)}};
}

json::object ToJson(const registry::ThresholdsView& t) {
  static const char* const kUnits[] = {"people", "thousand AZN", "hectares", "level 0-3",
                                       "level 0-3", "CII objects"};
  json::array criteria;
  for (size_t i = 0; i < domain::kCriterionCount; ++i) {
    criteria.push_back(json::object{{"name", domain::Name(static_cast<domain::Criterion>(i))},
                                    {"unit", kUnits[i]}});
  }
  return {{"thresholds", registry::ThresholdsToJson(t.thresholds)},
          {"criteria", std::move(criteria)},
          {"seq", t.seq},
          {"set_by", t.set_by},
          {"set_at", t.seq ? json::value(FormatRfc3339(t.set_at)) : json::value(nullptr)}};
}

json::object ToJson(const domain::ProviderDeclaration& d) {
  return {{"org_id", d.org_id},
          {"services", Strings(d.services)},
          {"sectors", Strings(d.sectors)},
          {"description", d.description},
          {"contact", d.contact},
          {"declared_at", FormatRfc3339(d.declared_at)},
          {"updated_at", FormatRfc3339(d.updated_at)}};
}

json::object ToJson(const registry::PublicProvider& p) {
  json::object out = ToJson(p.declaration);
  out["name"] = p.org.name;
  out["conformity"] = domain::Name(p.conformity);
  out["score"] = OptionalNumber(p.score);
  out["assessment_id"] = p.assessment_id ? json::value(*p.assessment_id) : json::value(nullptr);
  out["assessed_at"] = TimeOrNull(p.assessed_at);
  return out;
}

json::object ToJson(const registry::ImportReport& r) {
  json::array rows;
  for (const auto& row : r.plan.rows) {
    json::object o{{"line", row.line}, {"errors", Strings(row.errors)}};
    o["ok"] = row.errors.empty();
    rows.push_back(std::move(o));
  }
  json::array ids;
  for (auto id : r.ids) ids.emplace_back(id);
  return {{"imported", r.imported},
          {"created", r.created},
          {"ids", std::move(ids)},
          {"header_errors", Strings(r.plan.header_errors)},
          {"rows", std::move(rows)}};
}

json::object ToJson(const domain::Assessment& a) {
  json::array special;
  for (const auto& s : a.special) special.push_back(json::object{{"catalog_id", s.catalog_id}, {"seq", s.seq}});
  return {{"id", a.id},
          {"subject_kind", domain::Name(a.subject_kind)},
          {"subject_id", a.subject_id},
          {"owner_org", a.owner_org},
          {"sector", a.sector},
          {"category", OptionalCategory(a.category)},
          {"profile", json::object{{"catalog_id", a.profile.catalog_id}, {"seq", a.profile.seq}}},
          {"special", std::move(special)},
          {"status", domain::Name(a.status)},
          {"previous_id", a.previous_id ? json::value(*a.previous_id) : json::value(nullptr)},
          {"superseded_by", a.superseded_by ? json::value(*a.superseded_by) : json::value(nullptr)},
          {"campaign_id", a.campaign_id ? json::value(*a.campaign_id) : json::value(nullptr)},
          {"due_at", TimeOrNull(a.due_at)},
          {"score", OptionalNumber(a.score)},
          {"created_at", FormatRfc3339(a.created_at)},
          {"created_by", a.created_by},
          {"updated_at", FormatRfc3339(a.updated_at)},
          {"submitted_at", TimeOrNull(a.submitted_at)},
          {"decided_at", TimeOrNull(a.decided_at)}};
}

json::object ToJson(const domain::AssessmentItem& i) {
  return {{"catalog_id", i.catalog_id},
          {"control_id", i.control_id},
          {"ordinal", i.ordinal},
          {"title", i.title},
          {"group_path", i.group_path},
          {"result", domain::Name(i.result)},
          {"justification", i.justification},
          {"comment", i.comment},
          {"flag", domain::Name(i.flag)},
          {"previous_result", i.previous_result.empty() ? json::value(nullptr) : json::value(i.previous_result)},
          {"updated_at", FormatRfc3339(i.updated_at)},
          {"updated_by", i.updated_by}};
}

json::object ToJson(const domain::EvidenceRecord& e) {
  return {{"id", e.id},
          {"assessment_id", e.assessment_id},
          {"catalog_id", e.catalog_id},
          {"control_id", e.control_id},
          {"sha256", e.sha256},
          {"size", e.size},
          {"filename", e.filename},
          {"description", e.description},
          {"effective_at", FormatRfc3339(e.effective_at)},
          {"expires_at", TimeOrNull(e.expires_at)},
          {"uploaded_by", e.uploaded_by},
          {"uploaded_at", FormatRfc3339(e.uploaded_at)}};
}

json::object ToJson(const domain::ReviewComment& c) {
  return {{"id", c.id},         {"catalog_id", c.catalog_id}, {"control_id", c.control_id},
          {"body", c.body},     {"author", c.author},         {"author_org", c.author_org},
          {"at", FormatRfc3339(c.at)}};
}

json::object ToJson(const domain::RemediationAction& r) {
  return {{"id", r.id},
          {"assessment_id", r.assessment_id},
          {"catalog_id", r.catalog_id},
          {"control_id", r.control_id},
          {"action", r.action},
          {"owner", r.owner},
          {"due_at", FormatRfc3339(r.due_at)},
          {"status", domain::Name(r.status)},
          {"created_at", FormatRfc3339(r.created_at)},
          {"updated_at", FormatRfc3339(r.updated_at)}};
}

json::object ToJson(const domain::Observation& o) {
  return {{"id", o.id},
          {"subject_kind", domain::Name(o.subject_kind)},
          {"subject_id", o.subject_id},
          {"control_id", o.control_id},
          {"source", o.source},
          {"result", domain::Name(o.result)},
          {"detail", o.detail},
          {"observed_at", FormatRfc3339(o.observed_at)},
          {"recorded_at", FormatRfc3339(o.recorded_at)},
          {"recorded_by", o.recorded_by}};
}

json::object ToJson(const domain::Score& s) {
  return {{"value", OptionalNumber(s.value)},
          {"met", s.met},
          {"applicable", s.applicable},
          {"compliant", s.compliant},
          {"partial", s.partial},
          {"non_compliant", s.non_compliant},
          {"not_applicable", s.not_applicable},
          {"unanswered", s.unanswered},
          {"stale", s.stale}};
}

json::object ToJson(const assessment::AssessmentView& v, UnixMillis now) {
  json::object out = ToJson(v.assessment);
  json::array items;
  int answered = 0;
  for (const auto& iv : v.items) {
    json::object item = ToJson(iv.item);
    json::array evidence, comments, remediation, observations;
    for (const auto& e : iv.evidence) {
      json::object ej = ToJson(e);
      ej["in_force"] = domain::InForce(e, now);
      evidence.push_back(std::move(ej));
    }
    for (const auto& c : iv.comments) comments.push_back(ToJson(c));
    for (const auto& r : iv.remediation) remediation.push_back(ToJson(r));
    for (const auto& o : iv.observations) observations.push_back(ToJson(o));
    item["evidence"] = std::move(evidence);
    item["evidence_in_force"] = iv.evidence_current;
    item["comments"] = std::move(comments);
    item["remediation"] = std::move(remediation);
    item["observations"] = std::move(observations);
    answered += iv.item.result != domain::ItemResult::kUnanswered;
    items.push_back(std::move(item));
  }
  out["items"] = std::move(items);
  out["live_score"] = ToJson(v.score);
  out["progress"] = json::object{{"answered", answered}, {"total", v.items.size()}};
  return out;
}

json::object ToJson(const assessment::WeightsView& w) {
  return {{"weights", assessment::WeightsToJson(w.weights)},
          {"seq", w.seq},
          {"set_by", w.set_by},
          {"set_at", w.seq ? json::value(FormatRfc3339(w.set_at)) : json::value(nullptr)}};
}

json::object ToJson(const store::PosturePoint& p) {
  return {{"at", FormatRfc3339(p.at)}, {"score", OptionalNumber(p.score)}, {"subjects", p.subjects}};
}

}  // namespace qx::api
