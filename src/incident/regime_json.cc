#include "qx/incident/regime_json.h"

#include <fmt/format.h>

#include "qx/domain/identity.h"

namespace qx::incident {
namespace {

namespace json = boost::json;


Result<std::string> StringOf(const json::object& o, std::string_view key, bool required = true) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} is required", key));
    return std::string();
  }
  if (!v->is_string()) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} must be a string", key));
  return std::string(v->as_string());
}

}  // namespace

json::object RegimeToJson(const domain::Regime& r) {
  json::array stages;
  for (const auto& s : r.stages) {
    json::array fields;
    for (const auto& f : s.required_fields) fields.emplace_back(f);
    json::object o{{"key", s.key},
                   {"name", s.name},
                   {"anchor", domain::Name(s.anchor)},
                   {"within", domain::FormatIsoDuration(s.within)},
                   {"max_from_awareness", s.max_from_awareness
                                              ? json::value(domain::FormatIsoDuration(*s.max_from_awareness))
                                              : json::value(nullptr)},
                   {"required_fields", std::move(fields)},
                   {"on_request", s.on_request}};
    if (s.anchor == domain::StageAnchor::kNotification) {
      o["anchor_stage"] = s.anchor_stage.empty() ? "notification" : s.anchor_stage;
    }
    stages.push_back(std::move(o));
  }
  return {{"id", r.id}, {"name", r.name}, {"stages", std::move(stages)}};
}

Result<domain::Regime> RegimeFromJson(const json::value& v) {
  if (!v.is_object()) return MakeError(ErrorCode::kInvalidArgument, "a regime is an object");
  const auto& o = v.as_object();
  domain::Regime r;
  QX_ASSIGN_OR_RETURN(r.id, StringOf(o, "id"));
  QX_ASSIGN_OR_RETURN(r.name, StringOf(o, "name"));
  const json::value* stages = o.if_contains("stages");
  if (!stages || !stages->is_array()) return MakeError(ErrorCode::kInvalidArgument, "stages must be a list");
  for (const auto& sv : stages->as_array()) {
    if (!sv.is_object()) return MakeError(ErrorCode::kInvalidArgument, "each stage is an object");
    const auto& so = sv.as_object();
    domain::StageDefinition s;
    QX_ASSIGN_OR_RETURN(s.key, StringOf(so, "key"));
    QX_ASSIGN_OR_RETURN(s.name, StringOf(so, "name"));
    QX_ASSIGN_OR_RETURN(std::string anchor, StringOf(so, "anchor"));
    auto parsed = domain::ParseStageAnchor(anchor);
    if (!parsed) return MakeError(ErrorCode::kInvalidArgument,
                                  fmt::format("stage {}: anchor must be awareness, classification, notification or request", s.key));
    s.anchor = *parsed;
    QX_ASSIGN_OR_RETURN(s.anchor_stage, StringOf(so, "anchor_stage", false));
    QX_ASSIGN_OR_RETURN(std::string within, StringOf(so, "within"));
    QX_ASSIGN_OR_RETURN(s.within, domain::ParseIsoDuration(within));
    QX_ASSIGN_OR_RETURN(std::string max, StringOf(so, "max_from_awareness", false));
    if (!max.empty()) {
      QX_ASSIGN_OR_RETURN(s.max_from_awareness, domain::ParseIsoDuration(max));
    }
    if (const json::value* fields = so.if_contains("required_fields")) {
      if (!fields->is_array()) return MakeError(ErrorCode::kInvalidArgument, "required_fields must be a list");
      for (const auto& f : fields->as_array()) {
        if (!f.is_string()) return MakeError(ErrorCode::kInvalidArgument, "required_fields must be strings");
        s.required_fields.emplace_back(f.as_string());
      }
    }
    if (const json::value* on_request = so.if_contains("on_request"); on_request && !on_request->is_null()) {
      if (!on_request->is_bool()) return MakeError(ErrorCode::kInvalidArgument, "on_request must be true or false");
      s.on_request = on_request->as_bool();
    }
    r.stages.push_back(std::move(s));
  }
  QX_RETURN_IF_ERROR(domain::ValidateRegime(r));
  return r;
}

json::object MappingToJson(const std::map<std::string, std::string>& mapping) {
  json::object out;
  for (const auto& [sector, regime] : mapping) out[sector] = regime;
  return out;
}

Result<std::map<std::string, std::string>> MappingFromJson(const json::value& v) {
  if (!v.is_object()) return MakeError(ErrorCode::kInvalidArgument, "mapping must be an object of sector: regime");
  std::map<std::string, std::string> out;
  for (const auto& [sector, regime] : v.as_object()) {
    if (!domain::IsKnownSector(sector)) {
      return MakeError(ErrorCode::kInvalidArgument, fmt::format("unknown sector '{}'", std::string(sector)));
    }
    if (!regime.is_string() || (regime.as_string() != "nis2" && regime.as_string() != "dora" &&
                                regime.as_string() != "national")) {
      return MakeError(ErrorCode::kInvalidArgument, fmt::format("sector {}: regime must be nis2, dora or national", std::string(sector)));
    }
    out[std::string(sector)] = std::string(regime.as_string());
  }
  return out;
}

}  // namespace qx::incident
