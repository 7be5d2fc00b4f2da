// Validation of an OSCAL 1.1 profile document ({"profile": {...}}) as far as resolution reads it.
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>

#include "json_util.h"
#include "model_check.h"
#include "profile_internal.h"
#include "qx/oscal/profile_resolver.h"

namespace qx::oscal {
namespace detail {
namespace {

namespace json = boost::json;

Status OneOf(const json::object& o, std::string_view key, const std::string& path,
             std::initializer_list<std::string_view> allowed) {
  QX_ASSIGN_OR_RETURN(std::string_view v, OptionalString(o, key, path));
  if (!o.contains(key) || std::find(allowed.begin(), allowed.end(), v) != allowed.end()) {
    return Ok();
  }
  return Invalid(Member(path, key), fmt::format("unsupported value '{}'", v));
}

Status StringArray(const json::object& o, std::string_view key, const std::string& path,
                   bool tokens, std::vector<std::string>* out) {
  QX_ASSIGN_OR_RETURN(const json::array* items, OptionalArray(o, key, path));
  if (items == nullptr) return Ok();
  const std::string items_path = Member(path, key);
  if (items->empty()) return Invalid(items_path, "must not be empty");
  for (size_t i = 0; i < items->size(); ++i) {
    const json::string* s = (*items)[i].if_string();
    if (s == nullptr) return Invalid(Index(items_path, i), "expected a string");
    if (tokens && !IsToken(View(*s))) {
      return Invalid(Index(items_path, i),
                     fmt::format("'{}' is not a valid OSCAL token", View(*s)));
    }
    if (out != nullptr) out->emplace_back(View(*s));
  }
  return Ok();
}

Result<Selector> ParseSelector(const json::object& o, const std::string& path) {
  Selector sel;
  sel.path = path;
  // A misspelt member ("with-id") would otherwise leave a selector that selects nothing, a
  // warning where the schema says no (additionalProperties: false).
  QX_RETURN_IF_ERROR(KnownMembers(o, path, "control selector", {"with-child-controls", "with-ids", "matching"}));
  QX_RETURN_IF_ERROR(OneOf(o, "with-child-controls", path, {"yes", "no"}));
  sel.with_child_controls = FindString(o, "with-child-controls") == "yes";
  QX_RETURN_IF_ERROR(StringArray(o, "with-ids", path, true, &sel.with_ids));
  QX_RETURN_IF_ERROR(
      EachObject(o, "matching", path, [&](const json::object& m, const std::string& mp) -> Status {
        // req-include-by-match-empty: schema-valid, and it matches nothing (so does "").
        QX_RETURN_IF_ERROR(KnownMembers(m, mp, "matching", {"pattern"}));
        QX_ASSIGN_OR_RETURN(std::string_view pattern, OptionalString(m, "pattern", mp));
        if (pattern.empty()) {
          sel.warnings.push_back(fmt::format("{}: no pattern, matches nothing", mp));
        } else {
          sel.patterns.emplace_back(pattern);
        }
        return Ok();
      }));
  if (!o.contains("with-ids") && !o.contains("matching")) {  // schema-valid too
    sel.warnings.push_back(fmt::format("{}: neither with-ids nor matching, selects nothing", path));
  }
  return sel;
}

Result<ImportSpec> ParseImport(const json::object& o, const std::string& path) {
  ImportSpec spec;
  spec.path = path;
  QX_RETURN_IF_ERROR(KnownMembers(o, path, "import",
                                  {"href", "include-all", "include-controls",
                                   "exclude-controls"}));
  QX_ASSIGN_OR_RETURN(std::string_view href, RequireString(o, "href", path));
  if (href.empty()) return Invalid(Member(path, "href"), "empty");
  spec.href = std::string(href);
  QX_ASSIGN_OR_RETURN(const json::object* include_all, OptionalObject(o, "include-all", path));
  if (include_all != nullptr && !include_all->empty()) {
    return Invalid(Member(path, "include-all"), "must be an empty object");
  }
  if (o.contains("include-all") && o.contains("include-controls")) {
    return Invalid(path, "give include-all or include-controls, not both");
  }
  for (const auto& entry : {std::pair{"include-controls", &spec.include},
                            std::pair{"exclude-controls", &spec.exclude}}) {
    std::vector<Selector>* out = entry.second;
    QX_RETURN_IF_ERROR(EachObject(o, entry.first, path,
                                  [&](const json::object& s, const std::string& sp) -> Status {
                                    QX_ASSIGN_OR_RETURN(Selector sel, ParseSelector(s, sp));
                                    out->push_back(std::move(sel));
                                    return Ok();
                                  }));
  }
  return spec;
}

Status CheckProps(const json::object& o, const std::string& path) {
  return EachObject(o, "props", path, CheckProp);
}

Status CheckLinks(const json::object& o, const std::string& path) {
  return EachObject(o, "links", path, CheckLink);
}

// Param values are OSCAL strings: non-empty, no leading or trailing whitespace.
Status CheckValues(const json::object& p, const std::string& path) {
  QX_RETURN_IF_ERROR(StringArray(p, "values", path, false, nullptr));
  const json::array* values = FindArray(p, "values");
  for (size_t i = 0; values != nullptr && i < values->size(); ++i) {
    const std::string_view v = View((*values)[i].get_string());
    if (!IsOscalString(v)) {
      return Invalid(Index(Member(path, "values"), i),
                     fmt::format("'{}' is not a valid OSCAL string (empty, several lines, or "
                                 "leading or trailing whitespace)",
                                 v));
    }
  }
  return Ok();
}

// The members of a param (or, with param-id for id, of a set-parameter) that resolution copies.
Status CheckParamContent(const json::object& p, const std::string& path, std::string_view id_key) {
  QX_RETURN_IF_ERROR(KnownMembers(p, path, id_key == "id" ? "param" : "set-parameter",
                                  {id_key, "class", "depends-on", "props", "links", "label",
                                   "usage", "constraints", "guidelines", "values", "select",
                                   "remarks"}));
  QX_RETURN_IF_ERROR(OptionalToken(p, "class", path));
  QX_RETURN_IF_ERROR(OptionalToken(p, "depends-on", path));
  QX_RETURN_IF_ERROR(OptionalString(p, "label", path));
  QX_RETURN_IF_ERROR(OptionalString(p, "usage", path));
  QX_RETURN_IF_ERROR(CheckProps(p, path));
  QX_RETURN_IF_ERROR(CheckLinks(p, path));
  QX_RETURN_IF_ERROR(CheckValues(p, path));
  QX_ASSIGN_OR_RETURN(const json::object* select, OptionalObject(p, "select", path));
  if (select != nullptr) {
    const std::string select_path = Member(path, "select");
    QX_RETURN_IF_ERROR(KnownMembers(*select, select_path, "select", {"how-many", "choice"}));
    QX_RETURN_IF_ERROR(OneOf(*select, "how-many", select_path, {"one", "one-or-more"}));
    QX_RETURN_IF_ERROR(StringArray(*select, "choice", select_path, false, nullptr));
  }
  if (p.contains("values") && p.contains("select")) {
    return Invalid(path, "give values or select, not both");
  }
  QX_RETURN_IF_ERROR(
      EachObject(p, "guidelines", path, [](const json::object& g, const std::string& gp) -> Status {
        QX_RETURN_IF_ERROR(KnownMembers(g, gp, "guideline", {"prose"}));
        return RequireString(g, "prose", gp).map([](std::string_view) {});
      }));
  return EachObject(p, "constraints", path,
                    [](const json::object& c, const std::string& cp) -> Status {
                      QX_RETURN_IF_ERROR(
                          KnownMembers(c, cp, "constraint", {"description", "tests"}));
                      return OptionalString(c, "description", cp).map([](std::string_view) {});
                    });
}

Status CheckPart(const json::object& part, const std::string& path, int depth) {
  if (depth > kMaxNesting) return Invalid(path, "parts nested too deeply");
  QX_RETURN_IF_ERROR(KnownMembers(part, path, "part",
                                  {"id", "name", "ns", "class", "title", "props", "prose", "parts",
                                   "links"}));
  QX_RETURN_IF_ERROR(OptionalToken(part, "id", path));
  QX_RETURN_IF_ERROR(RequireToken(part, "name", path));
  QX_RETURN_IF_ERROR(OptionalUri(part, "ns", path));
  QX_RETURN_IF_ERROR(OptionalToken(part, "class", path));
  QX_RETURN_IF_ERROR(OptionalString(part, "title", path));
  QX_RETURN_IF_ERROR(OptionalString(part, "prose", path));
  QX_RETURN_IF_ERROR(CheckProps(part, path));
  QX_RETURN_IF_ERROR(CheckLinks(part, path));
  return EachObject(part, "parts", path, [&](const json::object& p, const std::string& pp) {
    return CheckPart(p, pp, depth + 1);
  });
}

Status CheckAdd(const json::object& add, const std::string& path) {
  QX_RETURN_IF_ERROR(KnownMembers(add, path, "add",
                                  {"position", "by-id", "title", "params", "props", "links",
                                   "parts"}));
  QX_RETURN_IF_ERROR(OneOf(add, "position", path, {"before", "after", "starting", "ending"}));
  QX_RETURN_IF_ERROR(OptionalToken(add, "by-id", path));
  QX_RETURN_IF_ERROR(OptionalString(add, "title", path));
  QX_RETURN_IF_ERROR(
      EachObject(add, "params", path, [](const json::object& p, const std::string& pp) -> Status {
        QX_RETURN_IF_ERROR(RequireToken(p, "id", pp));
        return CheckParamContent(p, pp, "id");
      }));
  QX_RETURN_IF_ERROR(CheckProps(add, path));
  QX_RETURN_IF_ERROR(CheckLinks(add, path));
  QX_RETURN_IF_ERROR(
      EachObject(add, "parts", path,
                 [](const json::object& p, const std::string& pp) { return CheckPart(p, pp, 1); }));
  for (std::string_view key : {"title", "params", "props", "links", "parts"}) {
    if (add.contains(key)) return Ok();
  }
  return Invalid(path, "adds nothing");
}

Status CheckRemove(const json::object& remove, const std::string& path) {
  QX_RETURN_IF_ERROR(KnownMembers(remove, path, "remove",
                                  {"by-name", "by-class", "by-id", "by-item-name", "by-ns"}));
  bool any = false;
  for (std::string_view key : {"by-name", "by-class", "by-id", "by-item-name"}) {
    QX_RETURN_IF_ERROR(OptionalToken(remove, key, path));
    any = any || remove.contains(key);
  }
  QX_RETURN_IF_ERROR(OptionalUri(remove, "by-ns", path));
  QX_RETURN_IF_ERROR(
      OneOf(remove, "by-item-name", path, {"param", "prop", "link", "part", "mapping", "map"}));
  if (!any && !remove.contains("by-ns"))
    return Invalid(path, "removes nothing: give a by-* criterion");
  return Ok();
}

Status CheckModify(const json::object& profile, const std::string& path) {
  QX_ASSIGN_OR_RETURN(const json::object* modify, OptionalObject(profile, "modify", path));
  if (modify == nullptr) return Ok();
  const std::string modify_path = Member(path, "modify");
  QX_RETURN_IF_ERROR(KnownMembers(*modify, modify_path, "modify", {"set-parameters", "alters"}));
  QX_RETURN_IF_ERROR(EachObject(*modify, "set-parameters", modify_path,
                                [](const json::object& s, const std::string& sp) -> Status {
                                  QX_RETURN_IF_ERROR(RequireToken(s, "param-id", sp));
                                  return CheckParamContent(s, sp, "param-id");
                                }));
  return EachObject(*modify, "alters", modify_path,
                    [](const json::object& a, const std::string& ap) -> Status {
                      QX_RETURN_IF_ERROR(
                          KnownMembers(a, ap, "alter", {"control-id", "removes", "adds"}));
                      QX_RETURN_IF_ERROR(RequireToken(a, "control-id", ap));
                      QX_RETURN_IF_ERROR(EachObject(a, "removes", ap, CheckRemove));
                      return EachObject(a, "adds", ap, CheckAdd);
                    });
}

Status CheckMerge(const json::object& profile, const std::string& path, ProfileSpec& spec) {
  QX_ASSIGN_OR_RETURN(const json::object* merge, OptionalObject(profile, "merge", path));
  if (merge == nullptr) return Ok();
  const std::string merge_path = Member(path, "merge");
  QX_RETURN_IF_ERROR(KnownMembers(*merge, merge_path, "merge", {"combine", "flat", "as-is", "custom"}));
  QX_ASSIGN_OR_RETURN(const json::object* combine, OptionalObject(*merge, "combine", merge_path));
  if (combine != nullptr) {
    const std::string combine_path = Member(merge_path, "combine");
    QX_RETURN_IF_ERROR(KnownMembers(*combine, combine_path, "combine", {"method"}));
    QX_RETURN_IF_ERROR(OneOf(*combine, "method", combine_path, {"keep", "use-first", "merge"}));
    const std::string_view method = FindString(*combine, "method");
    spec.combine = method == "use-first" ? Combine::kUseFirst
                   : method == "merge"   ? Combine::kMerge
                                         : Combine::kKeep;
  }
  if (merge->contains("custom")) {
    return Invalid(Member(merge_path, "custom"),
                   "custom grouping is not supported; use as-is or flat");
  }
  QX_RETURN_IF_ERROR(OptionalObject(*merge, "flat", merge_path));
  if (const json::value* as_is = merge->if_contains("as-is")) {
    if (!as_is->is_bool()) return Invalid(Member(merge_path, "as-is"), "expected a boolean");
    if (as_is->get_bool() && merge->contains("flat")) {
      return Invalid(merge_path, "give as-is or flat, not both");
    }
    spec.structure = as_is->get_bool() ? Structure::kAsIs : Structure::kFlat;
  }
  return Ok();
}

}  // namespace

Result<ProfileSpec> ParseProfile(const json::value& document) {
  const json::object* root = document.if_object();
  if (root == nullptr) return Invalid("$", "expected an object");
  QX_ASSIGN_OR_RETURN(const json::object* profile, RequireObject(*root, "profile", "$"));
  const std::string path = "$.profile";
  QX_RETURN_IF_ERROR(KnownMembers(*profile, path, "profile",
                                  {"uuid", "metadata", "imports", "merge", "modify",
                                   "back-matter"}));
  ProfileSpec spec;
  QX_ASSIGN_OR_RETURN(std::string_view uuid, RequireString(*profile, "uuid", path));
  if (!IsUuid(uuid)) {
    return Invalid(Member(path, "uuid"), fmt::format("'{}' is not a version 4 or 5 uuid", uuid));
  }
  spec.uuid = std::string(uuid);
  QX_ASSIGN_OR_RETURN(const json::object* metadata, RequireObject(*profile, "metadata", path));
  QX_RETURN_IF_ERROR(CheckMetadata(*metadata, Member(path, "metadata")));
  if (!profile->contains("imports")) return Invalid(Member(path, "imports"), "missing");
  QX_RETURN_IF_ERROR(EachObject(*profile, "imports", path,
                                [&](const json::object& o, const std::string& ip) -> Status {
                                  QX_ASSIGN_OR_RETURN(ImportSpec import, ParseImport(o, ip));
                                  spec.imports.push_back(std::move(import));
                                  return Ok();
                                }));
  QX_RETURN_IF_ERROR(CheckMerge(*profile, path, spec));
  QX_RETURN_IF_ERROR(CheckModify(*profile, path));
  QX_ASSIGN_OR_RETURN(const json::object* back, OptionalObject(*profile, "back-matter", path));
  if (back != nullptr) QX_RETURN_IF_ERROR(CheckBackMatter(*back, Member(path, "back-matter")));
  return spec;
}

}  // namespace detail

Result<std::vector<std::string>> ValidateProfile(const boost::json::value& profile) {
  QX_ASSIGN_OR_RETURN(detail::ProfileSpec spec, detail::ParseProfile(profile));
  std::vector<std::string> hrefs;
  hrefs.reserve(spec.imports.size());
  for (detail::ImportSpec& import : spec.imports) hrefs.push_back(std::move(import.href));
  return hrefs;
}

}  // namespace qx::oscal
