// The properties of STIX Domain Objects (spec section 4).

#include <fmt/format.h>

#include "object_types.h"
#include "qx/stix/pattern.h"

namespace qx::stix::detail {

Status CheckNamed(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.String("name"));
  return Checked(r.OptString("description"));
}

Status CheckNamedWithSeen(const ObjectReader& r, ObjectSummary& s) {
  QX_RETURN_IF_ERROR(CheckNamed(r, s));
  QX_RETURN_IF_ERROR(r.OptStringList("aliases"));
  return r.Ordered("first_seen", "last_seen", false);
}

Status CheckAttackPattern(const ObjectReader& r, ObjectSummary& s) {
  QX_RETURN_IF_ERROR(CheckNamed(r, s));
  return r.OptKillChainPhases("kill_chain_phases");
}

Status CheckTool(const ObjectReader& r, ObjectSummary& s) {
  QX_RETURN_IF_ERROR(CheckNamed(r, s));
  QX_RETURN_IF_ERROR(r.OptStringList("aliases"));
  QX_RETURN_IF_ERROR(r.OptStringList("tool_types"));
  return r.OptKillChainPhases("kill_chain_phases");
}

Status CheckInfrastructure(const ObjectReader& r, ObjectSummary& s) {
  QX_RETURN_IF_ERROR(CheckNamedWithSeen(r, s));
  QX_RETURN_IF_ERROR(r.OptStringList("infrastructure_types"));
  return r.OptKillChainPhases("kill_chain_phases");
}

Status CheckGrouping(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.String("context"));
  return Checked(r.RefList("object_refs", kAnyRef));
}

Status CheckIdentity(const ObjectReader& r, ObjectSummary& s) {
  QX_RETURN_IF_ERROR(CheckNamed(r, s));
  QX_RETURN_IF_ERROR(r.OptString("identity_class"));  // optional in 2.1 (required in 2.0)
  QX_RETURN_IF_ERROR(r.OptStringList("roles"));
  QX_RETURN_IF_ERROR(r.OptStringList("sectors"));
  return Checked(r.OptString("contact_information"));
}

Status CheckIndicator(const ObjectReader& r, ObjectSummary& s) {
  QX_ASSIGN_OR_RETURN(std::string_view pattern, r.String("pattern"));
  QX_ASSIGN_OR_RETURN(std::string_view pattern_type, r.String("pattern_type"));
  QX_RETURN_IF_ERROR(r.OptString("pattern_version"));
  QX_RETURN_IF_ERROR(r.OptString("name"));
  QX_RETURN_IF_ERROR(r.OptStringList("indicator_types"));
  QX_RETURN_IF_ERROR(r.OptKillChainPhases("kill_chain_phases"));
  QX_ASSIGN_OR_RETURN(StixTimestamp valid_from, r.Timestamp("valid_from"));
  QX_ASSIGN_OR_RETURN(std::optional<StixTimestamp> valid_until, r.OptTimestamp("valid_until"));
  if (valid_until) {
    if (!(*valid_until > valid_from))
      return r.Fail("valid_until", "must be later than 'valid_from'");
    s.valid_until = valid_until->millis;
  }
  if (pattern_type == "stix") {
    auto parsed = ParsePattern(pattern);
    if (!parsed) {
      return r.Fail("pattern",
                    fmt::format("is not a valid STIX pattern: {}", parsed.error().message));
    }
  }
  return Ok();
}

Status CheckLocation(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.OptString("region"));
  QX_RETURN_IF_ERROR(r.OptString("country"));
  QX_ASSIGN_OR_RETURN(std::optional<double> latitude, r.OptNumber("latitude", -90, 90));
  QX_ASSIGN_OR_RETURN(std::optional<double> longitude, r.OptNumber("longitude", -180, 180));
  QX_RETURN_IF_ERROR(r.OptNumber("precision", 0, 1e12));
  if (latitude.has_value() != longitude.has_value()) {
    return r.FailObject("'latitude' and 'longitude' must be given together");
  }
  if (r.Has("precision") && !latitude) {
    return r.Fail("precision", "requires 'latitude' and 'longitude'");
  }
  if (!latitude && !r.Has("region") && !r.Has("country")) {
    return r.FailObject("one of 'region', 'country' or 'latitude' and 'longitude' is required");
  }
  return Ok();
}

Status CheckMalware(const ObjectReader& r, ObjectSummary&) {
  QX_ASSIGN_OR_RETURN(bool is_family, r.Bool("is_family"));
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> name, r.OptString("name"));
  if (is_family && (!name || name->empty())) {
    return r.Fail("name", "is required when 'is_family' is true");
  }
  QX_RETURN_IF_ERROR(r.OptStringList("malware_types"));
  QX_RETURN_IF_ERROR(r.OptStringList("aliases"));
  QX_RETURN_IF_ERROR(r.OptKillChainPhases("kill_chain_phases"));
  QX_RETURN_IF_ERROR(r.Ordered("first_seen", "last_seen", false));
  QX_RETURN_IF_ERROR(r.OptRefList("operating_system_refs", kAnyRef));
  return Checked(r.OptRefList("sample_refs", kAnyRef));
}

Status CheckMalwareAnalysis(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.String("product"));
  QX_RETURN_IF_ERROR(r.OptString("result"));
  QX_RETURN_IF_ERROR(r.OptRefList("analysis_sco_refs", kAnyRef));
  QX_RETURN_IF_ERROR(r.Ordered("analysis_started", "analysis_ended", false));
  return r.AtLeastOneOf({"result", "analysis_sco_refs"});
}

Status CheckNote(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.OptString("abstract"));
  QX_RETURN_IF_ERROR(r.String("content"));
  QX_RETURN_IF_ERROR(r.OptStringList("authors"));
  return Checked(r.RefList("object_refs", kAnyRef));
}

Status CheckObservedData(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.Timestamp("first_observed"));
  QX_RETURN_IF_ERROR(r.Timestamp("last_observed"));
  QX_RETURN_IF_ERROR(r.Ordered("first_observed", "last_observed", false));
  QX_RETURN_IF_ERROR(r.Integer("number_observed", 1, 999'999'999));
  const bool has_refs = r.Has("object_refs");
  const bool has_objects = r.Has("objects");
  if (has_refs && has_objects) {
    return r.FailObject("'objects' (deprecated) and 'object_refs' must not both be present");
  }
  if (!has_refs && !has_objects) return r.Fail("object_refs", "is required");
  QX_RETURN_IF_ERROR(r.OptRefList("object_refs", kAnyRef));
  QX_ASSIGN_OR_RETURN(const json::object* objects, r.OptObject("objects"));
  if (objects) {
    for (const auto& [key, value] : *objects) {
      const json::object* sco = value.if_object();
      const json::value* type = sco ? sco->if_contains("type") : nullptr;
      if (!type || !type->is_string()) {
        return r.Fail(fmt::format("objects.{}", std::string_view(key)),
                      "must be an object with a string 'type'");
      }
    }
  }
  return Ok();
}

Status CheckOpinion(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.String("opinion"));
  QX_RETURN_IF_ERROR(r.OptEnum(
      "opinion", {"strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"}));
  QX_RETURN_IF_ERROR(r.OptString("explanation"));
  QX_RETURN_IF_ERROR(r.OptStringList("authors"));
  return Checked(r.RefList("object_refs", kAnyRef));
}

Status CheckReport(const ObjectReader& r, ObjectSummary& s) {
  QX_RETURN_IF_ERROR(CheckNamed(r, s));
  QX_RETURN_IF_ERROR(r.OptStringList("report_types"));
  QX_RETURN_IF_ERROR(r.Timestamp("published"));
  return Checked(r.RefList("object_refs", kAnyRef));
}

}  // namespace qx::stix::detail
