#include "incident_json.h"

#include <fmt/format.h>

#include "json_io.h"

namespace qx::api {
namespace {

json::value ParsedOr(const std::string& text, json::value fallback) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? fallback : v;
}

Result<bool> BoolField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return false;
  if (!v->is_bool()) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} must be true or false", key));
  return v->as_bool();
}

Result<UnixMillis> TimeField(const json::object& o, std::string_view key) {
  QX_ASSIGN_OR_RETURN(std::string text, RequiredString(o, key));
  auto t = ParseRfc3339(text);
  if (!t) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} must be an RFC 3339 time", key));
  return *t;
}

Result<domain::ImpactLevel> LevelField(const json::object& o, std::string_view key) {
  QX_ASSIGN_OR_RETURN(auto text, OptionalString(o, key));
  if (!text) return domain::ImpactLevel::kNone;
  auto l = domain::ParseImpactLevel(*text);
  if (!l) return MakeError(ErrorCode::kInvalidArgument, fmt::format("impact.{} must be none, low, medium or high", key));
  return *l;
}

}  // namespace

json::object ToJson(const domain::TimelineEntry& e) {
  return {{"id", e.id}, {"at", FormatRfc3339(e.at)}, {"actor", e.actor}, {"org_id", e.org_id},
          {"kind", e.kind}, {"text", e.text}, {"detail", ParsedOr(e.detail_json, json::object{})}};
}

json::object ToJson(const domain::Rfi& r) {
  return {{"id", r.id},
          {"incident_id", r.incident_id},
          {"question", r.question},
          {"asked_by", r.asked_by},
          {"asked_at", FormatRfc3339(r.asked_at)},
          {"answer", r.answer ? json::value(*r.answer) : json::value(nullptr)},
          {"answered_by", r.answer ? json::value(r.answered_by) : json::value(nullptr)},
          {"answered_at", TimeOrNull(r.answered_at)}};
}

json::object ToJson(const domain::IncidentAttachment& a) {
  return {{"id", a.id},
          {"incident_id", a.incident_id},
          {"filename", a.filename},
          {"media_type", a.media_type},
          {"size", a.size},
          {"sha256", a.sha256},
          {"stage", a.stage_key.empty() ? json::value(nullptr) : json::value(a.stage_key)},
          {"uploaded_by", a.uploaded_by},
          {"uploaded_at", FormatRfc3339(a.uploaded_at)}};
}

json::object ToJson(const domain::IncidentDelivery& d) {
  return {{"id", d.id},           {"incident_id", d.incident_id}, {"stage", d.stage},
          {"event", d.event},     {"channel", d.channel},         {"attempts", d.attempts},
          {"delivered_at", TimeOrNull(d.delivered_at)},
          {"last_error", d.last_error.empty() ? json::value(nullptr) : json::value(d.last_error)}};
}

json::object ToJson(const incident::IncidentView& v) {
  const auto& i = v.incident;
  json::array objects, names, indicators, stages;
  for (auto id : i.object_ids) objects.emplace_back(id);
  for (const auto& n : v.object_names) names.emplace_back(n);
  for (const auto& ind : i.indicators) indicators.push_back(json::object{{"type", ind.type}, {"value", ind.value}});
  for (const auto& s : v.stages) {
    stages.push_back(json::object{
        {"key", s.definition.key},
        {"name", s.definition.name},
        {"due_at", TimeOrNull(s.timing.due_at)},
        {"due_soon_at", TimeOrNull(s.timing.due_soon_at)},
        {"submitted_at", TimeOrNull(s.submission ? std::optional(s.submission->submitted_at) : std::nullopt)},
        {"submitted_by", s.submission ? json::value(s.submission->submitted_by) : json::value(nullptr)},
        {"state", domain::Name(s.timing.state)},
        {"on_request", s.definition.on_request},
        {"fields", s.submission ? ParsedOr(s.submission->fields_json, nullptr) : json::value(nullptr)}});
  }
  return {{"id", i.id},
          {"org_id", i.org_id},
          {"org_name", v.org_name},
          {"object_ids", std::move(objects)},
          {"object_names", std::move(names)},
          {"sector", i.sector},
          {"regime", i.regime},
          {"title", i.title},
          {"description", i.description},
          {"detection_source", i.detection_source},
          {"aware_at", FormatRfc3339(i.aware_at)},
          {"classified_at", TimeOrNull(i.classified_at)},
          {"malicious", i.malicious},
          {"cross_border", i.cross_border},
          {"affected_services", i.affected_services},
          {"impact", {{"confidentiality", domain::Name(i.impact.confidentiality)},
                      {"integrity", domain::Name(i.impact.integrity)},
                      {"availability", domain::Name(i.impact.availability)}}},
          {"severity", domain::Name(i.severity)},
          {"tlp", i.tlp},
          {"status", domain::Name(i.status)},
          {"assignee", i.assignee.empty() ? json::value(nullptr) : json::value(i.assignee)},
          {"indicators", std::move(indicators)},
          {"created_at", FormatRfc3339(i.created_at)},
          {"created_by", i.created_by},
          {"stages", std::move(stages)},
          {"next_due_at", TimeOrNull(i.next_due_at)}};
}

Result<domain::Incident> IncidentFromJson(const json::object& body) {
  domain::Incident i;
  const json::value* ids = body.if_contains("object_ids");
  if (!ids || !ids->is_array()) return MakeError(ErrorCode::kInvalidArgument, "object_ids must be a list of CII object ids");
  for (const auto& id : ids->as_array()) {
    if (!id.is_int64() || id.as_int64() <= 0) return MakeError(ErrorCode::kInvalidArgument, "object_ids must be a list of CII object ids");
    i.object_ids.push_back(id.as_int64());
  }
  QX_ASSIGN_OR_RETURN(i.title, RequiredString(body, "title"));
  QX_ASSIGN_OR_RETURN(i.description, RequiredString(body, "description"));
  QX_ASSIGN_OR_RETURN(auto source, OptionalString(body, "detection_source"));
  i.detection_source = source.value_or("");
  QX_ASSIGN_OR_RETURN(i.aware_at, TimeField(body, "aware_at"));
  if (const auto* c = body.if_contains("classified_at"); c && !c->is_null()) {
    QX_ASSIGN_OR_RETURN(i.classified_at, TimeField(body, "classified_at"));
  }
  QX_ASSIGN_OR_RETURN(i.malicious, BoolField(body, "malicious"));
  QX_ASSIGN_OR_RETURN(i.cross_border, BoolField(body, "cross_border"));
  QX_ASSIGN_OR_RETURN(auto services, OptionalString(body, "affected_services"));
  i.affected_services = services.value_or("");
  if (const auto* impact = body.if_contains("impact"); impact && !impact->is_null()) {
    if (!impact->is_object()) return MakeError(ErrorCode::kInvalidArgument, "impact must be an object");
    QX_ASSIGN_OR_RETURN(i.impact.confidentiality, LevelField(impact->as_object(), "confidentiality"));
    QX_ASSIGN_OR_RETURN(i.impact.integrity, LevelField(impact->as_object(), "integrity"));
    QX_ASSIGN_OR_RETURN(i.impact.availability, LevelField(impact->as_object(), "availability"));
  }
  QX_ASSIGN_OR_RETURN(auto severity, OptionalString(body, "severity"));
  if (severity) {
    auto s = domain::ParseIncidentSeverity(*severity);
    if (!s) return MakeError(ErrorCode::kInvalidArgument, "severity must be low, medium, high or critical");
    i.severity = *s;
  }
  QX_ASSIGN_OR_RETURN(auto tlp, OptionalString(body, "tlp"));
  if (tlp) i.tlp = *tlp;
  if (const auto* list = body.if_contains("indicators"); list && !list->is_null()) {
    if (!list->is_array()) return MakeError(ErrorCode::kInvalidArgument, "indicators must be a list");
    for (const auto& item : list->as_array()) {
      if (!item.is_object()) return MakeError(ErrorCode::kInvalidArgument, "each indicator is an object with type and value");
      domain::IncidentIndicator ind;
      QX_ASSIGN_OR_RETURN(ind.type, RequiredString(item.as_object(), "type"));
      QX_ASSIGN_OR_RETURN(ind.value, RequiredString(item.as_object(), "value"));
      i.indicators.push_back(std::move(ind));
    }
  }
  return i;
}

}  // namespace qx::api
