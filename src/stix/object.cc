// ValidateObject: the dispatch from an object's type to its checks.

#include "qx/stix/object.h"

#include <fmt/format.h>

#include <array>

#include "object_types.h"
#include "qx/stix/identifier.h"

namespace qx::stix {
namespace detail {
namespace {

using C = ObjectCategory;

constexpr std::array<TypeInfo, 42> kSpecTypes = {{
    // SDOs (spec section 4).
    {"attack-pattern", C::kSdo, CheckAttackPattern},
    {"campaign", C::kSdo, CheckNamedWithSeen},
    {"course-of-action", C::kSdo, CheckNamed},
    {"grouping", C::kSdo, CheckGrouping},
    {"identity", C::kSdo, CheckIdentity},
    {"incident", C::kSdo, CheckNamed},
    {"indicator", C::kSdo, CheckIndicator},
    {"infrastructure", C::kSdo, CheckInfrastructure},
    {"intrusion-set", C::kSdo, CheckNamedWithSeen},
    {"location", C::kSdo, CheckLocation},
    {"malware", C::kSdo, CheckMalware},
    {"malware-analysis", C::kSdo, CheckMalwareAnalysis},
    {"note", C::kSdo, CheckNote},
    {"observed-data", C::kSdo, CheckObservedData},
    {"opinion", C::kSdo, CheckOpinion},
    {"report", C::kSdo, CheckReport},
    {"threat-actor", C::kSdo, CheckNamedWithSeen},
    {"tool", C::kSdo, CheckTool},
    {"vulnerability", C::kSdo, CheckNamed},
    // SROs (section 5).
    {"relationship", C::kSro, CheckRelationship},
    {"sighting", C::kSro, CheckSighting},
    // SCOs (section 6).
    {"artifact", C::kSco, CheckArtifact},
    {"autonomous-system", C::kSco, CheckAutonomousSystem},
    {"directory", C::kSco, CheckDirectory},
    {"domain-name", C::kSco, CheckValueSco},
    {"email-addr", C::kSco, CheckEmailAddr},
    {"email-message", C::kSco, CheckEmailMessage},
    {"file", C::kSco, CheckFile},
    {"ipv4-addr", C::kSco, CheckIpv4Addr},
    {"ipv6-addr", C::kSco, CheckIpv6Addr},
    {"mac-addr", C::kSco, CheckMacAddr},
    {"mutex", C::kSco, CheckMutex},
    {"network-traffic", C::kSco, CheckNetworkTraffic},
    {"process", C::kSco, CheckProcess},
    {"software", C::kSco, CheckSoftware},
    {"url", C::kSco, CheckValueSco},
    {"user-account", C::kSco, CheckUserAccount},
    {"windows-registry-key", C::kSco, CheckWindowsRegistryKey},
    {"x509-certificate", C::kSco, CheckX509Certificate},
    // Meta objects (section 7).
    {"language-content", C::kMeta, CheckLanguageContent},
    {"marking-definition", C::kMeta, CheckMarkingDefinition},
    {"extension-definition", C::kMeta, CheckExtensionDefinition},
}};

// The category a custom type declares through an extension definition ("new-sdo", ...).
std::optional<ObjectCategory> DeclaredCategory(const json::object& object) {
  const json::value* extensions = object.if_contains("extensions");
  if (!extensions || !extensions->is_object()) return std::nullopt;
  for (const auto& [key, value] : extensions->get_object()) {
    const json::object* body = value.if_object();
    const json::value* kind = body ? body->if_contains("extension_type") : nullptr;
    const json::string* s = kind ? kind->if_string() : nullptr;
    if (!key.starts_with("extension-definition--") || !s) continue;
    if (*s == "new-sdo") return C::kSdo;
    if (*s == "new-sco") return C::kSco;
    if (*s == "new-sro") return C::kSro;
  }
  return std::nullopt;
}

// How errors name the object: its id when well-formed, else its type.
std::string LabelOf(const json::object& object) {
  const json::value* id = object.if_contains("id");
  if (id && id->is_string() && ParseIdentifier(id->get_string()))
    return std::string(id->get_string());
  const json::value* type = object.if_contains("type");
  if (type && type->is_string() && IsValidTypeName(type->get_string())) {
    return std::string(type->get_string());
  }
  return "object";
}

}  // namespace

const TypeInfo* FindSpecType(std::string_view type) {
  for (const TypeInfo& info : kSpecTypes) {
    if (info.type == type) return &info;
  }
  return nullptr;
}

}  // namespace detail

std::string_view ObjectCategoryName(ObjectCategory category) {
  switch (category) {
    case ObjectCategory::kSdo:
      return "sdo";
    case ObjectCategory::kSro:
      return "sro";
    case ObjectCategory::kSco:
      return "sco";
    case ObjectCategory::kMeta:
      return "meta";
  }
  return "?";
}

std::optional<ObjectCategory> SpecCategoryOf(std::string_view type) {
  const detail::TypeInfo* info = detail::FindSpecType(type);
  if (!info) return std::nullopt;
  return info->category;
}

Result<ObjectSummary> ValidateObject(const boost::json::value& value) {
  const boost::json::object* object = value.if_object();
  if (!object) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("a STIX object must be a JSON object, found {}", detail::KindName(value)));
  }
  const detail::ObjectReader reader(*object, detail::LabelOf(*object));
  QX_ASSIGN_OR_RETURN(std::string_view type, reader.String("type"));
  if (!IsValidTypeName(type)) {
    return reader.Fail("type", fmt::format("must be 3-250 characters of a-z, 0-9 and '-' starting "
                                           "with a letter, found {}",
                                           detail::Quote(type)));
  }
  if (type == "bundle") {
    return reader.Fail("type", "bundle is a container, not a STIX object: validate its objects");
  }
  ObjectSummary summary;
  summary.type = std::string(type);
  const detail::TypeInfo* info = detail::FindSpecType(type);
  std::optional<ObjectCategory> category;
  if (info) {
    category = info->category;
  } else {
    category = detail::DeclaredCategory(*object);
    if (!category && type.starts_with("x-")) {
      category = object->contains("created") ? ObjectCategory::kSdo : ObjectCategory::kSco;
    }
    if (!category) {
      return reader.Fail("type", fmt::format("{} is not a STIX 2.1 type (custom types start with "
                                             "'x-' or declare a new-sdo, new-sco or new-sro "
                                             "extension)",
                                             detail::Quote(type)));
    }
  }
  summary.category = *category;
  QX_RETURN_IF_ERROR(detail::CheckCommonProperties(reader, summary.category, summary));
  if (info && info->check) {
    QX_RETURN_IF_ERROR(info->check(reader, summary));
  }
  return summary;
}

}  // namespace qx::stix
