// The properties of relationship objects (spec section 5) and meta objects (section 7).

#include <fmt/format.h>

#include <algorithm>

#include "object_types.h"
#include "qx/stix/tlp.h"

namespace qx::stix::detail {
namespace {

bool IsRelationshipType(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// TLP 1.0 (spec 7.2.1.4): definition_type "tlp", definition {"tlp": level}, and only the four
// predefined ids.
Status CheckTlp1Marking(const ObjectReader& r, ObjectSummary& s, const json::object& definition) {
  const ObjectReader d(definition, r.label(), "definition.");
  QX_ASSIGN_OR_RETURN(std::string_view level, d.String("tlp"));
  QX_RETURN_IF_ERROR(d.OptEnum("tlp", {"white", "green", "amber", "red"}));
  const std::string_view expected = level == "white"   ? kTlp1WhiteId
                                    : level == "green" ? kTlp1GreenId
                                    : level == "amber" ? kTlp1AmberId
                                                       : kTlp1RedId;
  if (s.id != expected) {
    return r.Fail("id", fmt::format("of a TLP {} marking must be the predefined {} (other TLP "
                                    "marking-definitions must not be created)",
                                    level, expected));
  }
  return Ok();
}

// TLP 2.0 (OASIS extension-definition--60a3c5c5-...): {"tlp_2_0": level} and the predefined id
// and name of that level.
Status CheckTlp2Marking(const ObjectReader& r, ObjectSummary& s, const json::object& extension) {
  const ObjectReader ext(extension, r.label(), fmt::format("extensions.{}.", kTlp2ExtensionId));
  QX_RETURN_IF_ERROR(ext.OptEnum("extension_type", {"property-extension"}));
  QX_ASSIGN_OR_RETURN(std::string_view level, ext.String("tlp_2_0"));
  for (const Tlp tlp : {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed}) {
    if (level != Tlp2Value(tlp)) continue;
    if (s.id != Tlp2MarkingId(tlp)) {
      return r.Fail("id", fmt::format("of a TLP 2.0 {} marking must be the predefined {}", level,
                                      Tlp2MarkingId(tlp)));
    }
    QX_ASSIGN_OR_RETURN(std::string_view name, r.String("name"));
    if (name != TlpName(tlp)) {
      return r.Fail("name", fmt::format("of the TLP 2.0 {} marking must be '{}', found {}", level,
                                        TlpName(tlp), Quote(name)));
    }
    return Ok();
  }
  return ext.Fail("tlp_2_0", fmt::format("must be one of clear, green, amber, amber+strict, red, "
                                         "found {}",
                                         Quote(level)));
}

}  // namespace

Status CheckRelationship(const ObjectReader& r, ObjectSummary&) {
  QX_ASSIGN_OR_RETURN(std::string_view type, r.String("relationship_type"));
  if (!IsRelationshipType(type)) {
    return r.Fail("relationship_type",
                  fmt::format("must be ASCII a-z, 0-9 and '-', found {}", Quote(type)));
  }
  QX_RETURN_IF_ERROR(r.OptString("description"));
  QX_RETURN_IF_ERROR(r.Ref("source_ref", kSdoOrScoRef));
  QX_RETURN_IF_ERROR(r.Ref("target_ref", kSdoOrScoRef));
  return r.Ordered("start_time", "stop_time", true);
}

Status CheckSighting(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.OptString("description"));
  QX_RETURN_IF_ERROR(r.Ordered("first_seen", "last_seen", false));
  QX_RETURN_IF_ERROR(r.OptInteger("count", 0, 999'999'999));
  QX_RETURN_IF_ERROR(r.Ref("sighting_of_ref", kSdoRef));
  QX_RETURN_IF_ERROR(r.OptRefList("observed_data_refs", kObservedDataRef));
  QX_RETURN_IF_ERROR(r.OptRefList("where_sighted_refs", kIdentityOrLocationRef));
  return Checked(r.OptBool("summary"));
}

Status CheckMarkingDefinition(const ObjectReader& r, ObjectSummary& s) {
  QX_RETURN_IF_ERROR(r.OptString("name"));
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> definition_type,
                      r.OptString("definition_type"));
  QX_ASSIGN_OR_RETURN(const json::object* definition, r.OptObject("definition"));
  QX_ASSIGN_OR_RETURN(const json::object* extensions, r.OptObject("extensions"));
  if (!extensions && (!definition_type || !definition)) {
    return r.FailObject("'definition_type' and 'definition' are required without 'extensions'");
  }
  if (definition_type.has_value() != (definition != nullptr)) {
    return r.FailObject("'definition_type' and 'definition' must be given together");
  }
  const std::optional<Tlp> predefined = TlpOfMarking(s.id);
  const json::value* tlp2 = extensions ? extensions->if_contains(kTlp2ExtensionId) : nullptr;
  if (definition_type == "statement") {
    QX_RETURN_IF_ERROR(ObjectReader(*definition, r.label(), "definition.").String("statement"));
  } else if (definition_type == "tlp") {
    QX_RETURN_IF_ERROR(CheckTlp1Marking(r, s, *definition));
  }
  if (tlp2) {
    const json::object* extension = tlp2->if_object();
    if (!extension) {
      return r.Fail(fmt::format("extensions.{}", kTlp2ExtensionId),
                    fmt::format("must be an object, found {}", KindName(*tlp2)));
    }
    QX_RETURN_IF_ERROR(CheckTlp2Marking(r, s, *extension));
  }
  if (predefined && definition_type != "tlp" && !tlp2) {
    return r.Fail("id", fmt::format("{} is a predefined TLP marking, but the object defines no TLP",
                                    Quote(s.id)));
  }
  return Ok();
}

Status CheckLanguageContent(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.Ref("object_ref", kAnyRef));
  QX_RETURN_IF_ERROR(r.OptTimestamp("object_modified"));
  QX_ASSIGN_OR_RETURN(const json::object* contents, r.Object("contents"));
  for (const auto& [language, translation] : *contents) {
    if (!translation.is_object()) {
      return r.Fail(fmt::format("contents.{}", std::string_view(language)),
                    fmt::format("must be an object, found {}", KindName(translation)));
    }
  }
  return Ok();
}

Status CheckExtensionDefinition(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.Ref("created_by_ref", kIdentityRef));
  QX_RETURN_IF_ERROR(r.String("name"));
  QX_RETURN_IF_ERROR(r.OptString("description"));
  QX_RETURN_IF_ERROR(r.String("schema"));
  QX_RETURN_IF_ERROR(r.String("version"));
  QX_ASSIGN_OR_RETURN(std::vector<std::string_view> types, r.StringList("extension_types"));
  bool toplevel = false;
  for (size_t i = 0; i < types.size(); ++i) {
    const std::string_view t = types[i];
    toplevel = toplevel || t == "toplevel-property-extension";
    if (t != "new-sdo" && t != "new-sco" && t != "new-sro" && t != "property-extension" &&
        t != "toplevel-property-extension") {
      return r.Fail(fmt::format("extension_types[{}]", i),
                    fmt::format("must be one of new-sdo, new-sco, new-sro, property-extension, "
                                "toplevel-property-extension, found {}",
                                Quote(t)));
    }
  }
  QX_RETURN_IF_ERROR(r.OptStringList("extension_properties"));
  if (r.Has("extension_properties") && !toplevel) {
    return r.Fail("extension_properties",
                  "is only allowed with the 'toplevel-property-extension' extension type");
  }
  return Ok();
}

}  // namespace qx::stix::detail
