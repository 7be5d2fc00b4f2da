// The common properties of STIX objects (spec 3.2), markings (7.2.2, 7.2.3) and extensions.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "object_types.h"
#include "qx/stix/identifier.h"

namespace qx::stix::detail {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The shape of an RFC 5646 language tag: subtags of 1-8 letters or digits joined by '-', the first
// 2-8 letters, or "x" / "i" for private-use and grandfathered tags.
bool IsLanguageTag(std::string_view tag) {
  size_t start = 0;
  for (size_t index = 0;; ++index) {
    const size_t dash = tag.find('-', start);
    const std::string_view sub =
        tag.substr(start, dash == std::string_view::npos ? dash : dash - start);
    if (sub.empty() || sub.size() > 8) return false;
    for (const char c : sub) {
      if (!IsAlpha(c) && !(index > 0 && IsDigit(c))) return false;
    }
    if (index == 0 && sub.size() == 1 && sub != "x" && sub != "i" && sub != "X" && sub != "I") {
      return false;
    }
    if (dash == std::string_view::npos) return true;
    start = dash + 1;
  }
}

bool IsPropertyName(std::string_view name) {
  if (name.empty() || name.size() > 250) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; });
}

// Dictionary keys (spec 2.3): 1-250 ASCII letters, digits, '-' and '_'.
bool IsDictionaryKey(std::string_view key) {
  if (key.empty() || key.size() > 250) return false;
  return std::all_of(key.begin(), key.end(),
                     [](char c) { return IsAlpha(c) || IsDigit(c) || c == '-' || c == '_'; });
}

// A granular-marking selector (spec 7.2.3): components separated by '.', each a property name or
// dictionary key, or "[n]" for a list index, all present in `root`.
bool SelectorResolves(const json::object& root, std::string_view selector) {
  const json::value* cur = nullptr;  // nullptr: still at `root`
  size_t start = 0;
  while (true) {
    const size_t dot = selector.find('.', start);
    const std::string_view part =
        selector.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty()) return false;
    if (part.size() > 2 && part.front() == '[' && part.back() == ']') {
      const std::string_view digits = part.substr(1, part.size() - 2);
      size_t index = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      const json::array* a = cur ? cur->if_array() : nullptr;
      if (ec != std::errc() || end != digits.data() + digits.size() || !a || index >= a->size()) {
        return false;
      }
      cur = &(*a)[index];
    } else {
      const json::object* o = cur ? cur->if_object() : &root;
      if (!o) return false;
      cur = o->if_contains(part);
      if (!cur) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

Status CheckId(const ObjectReader& r, ObjectSummary& s) {
  QX_ASSIGN_OR_RETURN(std::string_view id, r.String("id"));
  const std::optional<Identifier> parsed = ParseIdentifier(id);
  if (!parsed) {
    return r.Fail("id", fmt::format("must be '{}--<RFC 4122 UUID>', found {}", s.type, Quote(id)));
  }
  if (parsed->type != s.type) {
    return r.Fail(
        "id", fmt::format("must start with the object's type '{}--', found {}", s.type, Quote(id)));
  }
  s.id = std::string(id);
  return Ok();
}

Status CheckTimestamps(const ObjectReader& r, ObjectCategory category, ObjectSummary& s) {
  if (category == ObjectCategory::kSco) {
    s.has_timestamps = false;
    return Ok();
  }
  QX_ASSIGN_OR_RETURN(StixTimestamp created, r.Timestamp("created"));
  s.created = s.modified = created.millis;
  if (s.type == "marking-definition") return Ok();  // cannot be versioned: no "modified"
  QX_ASSIGN_OR_RETURN(StixTimestamp modified, r.Timestamp("modified"));
  if (modified < created) return r.Fail("modified", "must not be earlier than 'created'");
  s.modified = modified.millis;
  return Ok();
}

Status CheckExternalReferences(const ObjectReader& r) {
  QX_ASSIGN_OR_RETURN(std::vector<const json::object*> refs,
                      r.OptObjectList("external_references"));
  for (size_t i = 0; i < refs.size(); ++i) {
    const ObjectReader ref(*refs[i], r.label(), fmt::format("external_references[{}].", i));
    QX_RETURN_IF_ERROR(ref.String("source_name"));
    QX_RETURN_IF_ERROR(ref.OptString("description"));
    QX_RETURN_IF_ERROR(ref.OptString("url"));
    QX_RETURN_IF_ERROR(ref.OptString("external_id"));
    QX_RETURN_IF_ERROR(ref.OptHashes("hashes"));
    QX_RETURN_IF_ERROR(ref.AtLeastOneOf({"description", "url", "external_id"}));
  }
  return Ok();
}

Status CheckMarkings(const ObjectReader& r, ObjectSummary& s) {
  const bool is_marking = s.type == "marking-definition";
  QX_ASSIGN_OR_RETURN(std::vector<std::string_view> refs,
                      r.OptRefList("object_marking_refs", kMarkingRef));
  for (const std::string_view ref : refs) {
    if (is_marking && ref == s.id) {
      return r.Fail("object_marking_refs", "must not reference the marking-definition itself");
    }
    s.object_marking_refs.emplace_back(ref);
  }
  QX_ASSIGN_OR_RETURN(std::vector<const json::object*> granular,
                      r.OptObjectList("granular_markings"));
  for (size_t i = 0; i < granular.size(); ++i) {
    const ObjectReader marking(*granular[i], r.label(), fmt::format("granular_markings[{}].", i));
    QX_ASSIGN_OR_RETURN(std::optional<std::string_view> lang, marking.OptString("lang"));
    QX_ASSIGN_OR_RETURN(std::optional<std::string_view> ref,
                        marking.OptRef("marking_ref", kMarkingRef));
    if (lang.has_value() == ref.has_value()) {
      return marking.FailObject(
          fmt::format("'granular_markings[{}]' must have exactly one of "
                      "'lang' and 'marking_ref'",
                      i));
    }
    if (lang && !IsLanguageTag(*lang)) {
      return marking.Fail("lang",
                          fmt::format("must be an RFC 5646 language tag, found {}", Quote(*lang)));
    }
    if (is_marking && ref && *ref == s.id) {
      return marking.Fail("marking_ref", "must not reference the marking-definition itself");
    }
    if (ref) s.granular_marking_refs.emplace_back(*ref);
    QX_ASSIGN_OR_RETURN(std::vector<std::string_view> selectors, marking.StringList("selectors"));
    for (size_t k = 0; k < selectors.size(); ++k) {
      if (!SelectorResolves(r.object(), selectors[k])) {
        return marking.Fail(fmt::format("selectors[{}]", k),
                            fmt::format("must select content present in the object, found {}",
                                        Quote(selectors[k])));
      }
    }
  }
  return Ok();
}

Status CheckExtensions(const ObjectReader& r) {
  QX_ASSIGN_OR_RETURN(const json::object* extensions, r.OptObject("extensions"));
  if (!extensions) return Ok();
  for (const auto& [key, value] : *extensions) {
    const std::string property = fmt::format("extensions.{}", std::string_view(key));
    if (!IsDictionaryKey(key)) {
      return r.Fail("extensions", fmt::format("has an invalid key {}", Quote(key)));
    }
    const json::object* body = value.if_object();
    if (!body) return r.Fail(property, fmt::format("must be an object, found {}", KindName(value)));
    if (!key.starts_with("extension-definition--")) continue;  // a predefined or custom extension
    const std::optional<Identifier> id = ParseIdentifier(key);
    if (!id || id->type != "extension-definition") {
      return r.Fail("extensions",
                    fmt::format("has a malformed extension-definition id {}", Quote(key)));
    }
    const ObjectReader ext(*body, r.label(), property + ".");
    QX_RETURN_IF_ERROR(ext.String("extension_type"));
    QX_RETURN_IF_ERROR(ext.OptEnum(
        "extension_type",
        {"new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension"}));
  }
  return Ok();
}

}  // namespace

Status CheckCommonProperties(const ObjectReader& r, ObjectCategory category, ObjectSummary& s) {
  for (const auto& [key, value] : r.object()) {
    if (!IsPropertyName(key)) {
      return r.FailObject(
          fmt::format("property name {} must be 1-250 ASCII letters, digits or '_'", Quote(key)));
    }
  }
  QX_RETURN_IF_ERROR(CheckId(r, s));
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> version, r.OptString("spec_version"));
  if (!version && category != ObjectCategory::kSco) return r.Fail("spec_version", "is required");
  if (version && *version != "2.1") {
    return r.Fail("spec_version", fmt::format("must be \"2.1\", found {}", Quote(*version)));
  }
  s.spec_version = "2.1";
  QX_RETURN_IF_ERROR(CheckTimestamps(r, category, s));
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> creator,
                      r.OptRef("created_by_ref", kIdentityRef));
  if (creator) s.created_by_ref = std::string(*creator);
  QX_ASSIGN_OR_RETURN(std::optional<bool> revoked, r.OptBool("revoked"));
  s.revoked = revoked.value_or(false);
  QX_RETURN_IF_ERROR(r.OptStringList("labels"));
  QX_RETURN_IF_ERROR(r.OptInteger("confidence", 0, 100));
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> lang, r.OptString("lang"));
  if (lang && !IsLanguageTag(*lang)) {
    return r.Fail("lang", fmt::format("must be an RFC 5646 language tag, found {}", Quote(*lang)));
  }
  QX_RETURN_IF_ERROR(CheckExternalReferences(r));
  QX_RETURN_IF_ERROR(CheckMarkings(r, s));
  QX_RETURN_IF_ERROR(CheckExtensions(r));
  QX_RETURN_IF_ERROR(r.OptBool("defanged"));
  if (r.Has("defanged") && category != ObjectCategory::kSco) {
    return r.Fail("defanged", "is only allowed on cyber-observable objects (SCOs)");
  }
  return Ok();
}

}  // namespace qx::stix::detail
