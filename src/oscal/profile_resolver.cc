#include "qx/oscal/profile_resolver.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <optional>
#include <map>
#include <set>

#include "json_util.h"
#include "markup.h"
#include "profile_internal.h"
#include "qx/core/clock.h"
#include "qx/crypto/uuid.h"
#include "qx/oscal/canonical_json.h"

namespace qx::oscal {
namespace {

namespace json = boost::json;
using detail::FindArray;
using detail::FindObject;
using detail::FindString;

constexpr std::string_view kResolutionTool = "Qalxan";

// merge.combine.method "merge": members the first representation lacks are added; array
// members gain the items it does not already hold (deep equality); child controls are selected
// on their own and are left alone.
void MergeControl(json::object& first, const json::object& other) {
  for (const auto& kv : other) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (key == "controls") continue;
    json::value* mine = first.if_contains(key);
    if (mine == nullptr) {
      first.emplace(key, kv.value());
      continue;
    }
    json::array* items = mine->if_array();
    const json::array* more = kv.value().if_array();
    if (items == nullptr || more == nullptr) continue;
    for (const json::value& item : *more) {
      if (std::find(items->begin(), items->end(), item) == items->end()) items->push_back(item);
    }
  }
}

// A version 5 (name-based) uuid in Qalxan's namespace from the profile's uuid, its canonical
// form and the uuids of the catalogs it imports (a new catalog revision carries a new uuid): the
// same inputs always give the same resolved uuid.
std::string DerivedUuid(std::string_view profile_uuid, const json::value& profile,
                        const std::vector<const CatalogIndex*>& catalogs) {
  std::string material =
      fmt::format("qalxan-resolved-profile\n{}\n{}", profile_uuid, CanonicalJson(profile));
  for (const CatalogIndex* c : catalogs)
    fmt::format_to(std::back_inserter(material), "\n{}", c->uuid());
  return crypto::QalxanUuid5(material);
}

void Prepend(json::object& o, std::string_view key, json::value item) {
  json::value& slot = o[key];
  if (!slot.is_array()) slot.emplace_array();
  slot.get_array().insert(slot.get_array().begin(), std::move(item));
}

std::string_view CatalogMetadata(const CatalogIndex& c, std::string_view key) {
  const json::object* metadata = FindObject(*FindObject(c.document().get_object(), "catalog"),
                                            "metadata");
  return metadata == nullptr ? std::string_view() : FindString(*metadata, key);
}

// MAJOR.MINOR[.PATCH] and an optional "-..." or "+..." suffix (as in "1.0.0-rc2").
std::optional<std::array<int, 3>> ParseOscalVersion(std::string_view v) {
  std::array<int, 3> out{0, 0, 0};
  const char* p = v.data();
  const char* const end = v.data() + v.size();
  for (size_t k = 0; k < out.size(); ++k) {
    if (k > 0) {
      if (p == end || *p != '.') {
        if (k == 2) break;  // no patch
        return std::nullopt;
      }
      ++p;
    }
    if (p == end || *p < '0' || *p > '9') return std::nullopt;
    auto [next, ec] = std::from_chars(p, end, out[k]);
    if (ec != std::errc()) return std::nullopt;
    p = next;
  }
  if (p != end && *p != '-' && *p != '+') return std::nullopt;
  return out;
}

// req-meta-oscal-version: the most recent minor version among the profile and the imported
// catalogs, capped at the version this resolver implements; a major version that differs from
// the resolver's is an error (the specification: SHOULD error and cease processing).
Result<std::string> ResolvedOscalVersion(const json::object& metadata,
                                         const std::vector<const CatalogIndex*>& catalogs,
                                         const std::vector<detail::ImportSpec>& imports) {
  const std::array<int, 3> tool = *ParseOscalVersion(kResolverOscalVersion);
  std::string best;
  std::array<int, 3> best_version{};
  const auto consider = [&](std::string_view text, const std::string& path,
                            bool catalog) -> Status {
    const std::optional<std::array<int, 3>> v = ParseOscalVersion(text);
    if (!v) {
      return detail::Invalid(path, fmt::format("{}'{}' is not an OSCAL version (MAJOR.MINOR.PATCH)",
                                               catalog ? "the catalog's oscal-version " : "", text));
    }
    if ((*v)[0] != tool[0]) {
      return detail::Invalid(path, fmt::format("the {}'s oscal-version '{}' and the resolver's '{}' "
                                               "differ in major version",
                                               catalog ? "catalog" : "profile", text,
                                               kResolverOscalVersion));
    }
    if (best.empty() || *v > best_version) {
      best = std::string(text);
      best_version = *v;
    }
    return Ok();
  };
  QX_RETURN_IF_ERROR(consider(FindString(metadata, "oscal-version"),
                              "$.profile.metadata.oscal-version", false));
  for (size_t i = 0; i < catalogs.size(); ++i) {
    QX_RETURN_IF_ERROR(
        consider(CatalogMetadata(*catalogs[i], "oscal-version"), imports[i].path, true));
  }
  if (best_version > tool) return std::string(kResolverOscalVersion);
  return best;
}

// req-meta-last-modified: the resolution time the caller gives, else the latest last-modified of
// the inputs (an input whose timestamp does not parse is passed over).
Result<std::string> ResolvedLastModified(const json::object& metadata,
                                         const std::vector<const CatalogIndex*>& catalogs,
                                         const ResolveOptions& options) {
  if (!options.resolved_at.empty()) {
    if (!ParseRfc3339(options.resolved_at)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("resolved_at: '{}' is not an RFC 3339 timestamp",
                                   options.resolved_at));
    }
    return options.resolved_at;
  }
  std::string best(FindString(metadata, "last-modified"));
  auto best_time = ParseRfc3339(best);
  for (const CatalogIndex* c : catalogs) {
    const std::string_view text = CatalogMetadata(*c, "last-modified");
    auto t = ParseRfc3339(text);
    if (t && (!best_time || *t > *best_time)) {
      best = std::string(text);
      best_time = t;
    }
  }
  return best;
}

// The profile's metadata with last-modified and oscal-version of the resolution, and the props
// source-profile (req-meta-source-profile) and resolution-tool (req-meta-resolution-tool).
Result<json::object> ResolvedMetadata(const json::object& profile, std::string_view profile_uuid,
                                      const std::vector<const CatalogIndex*>& catalogs,
                                      const std::vector<detail::ImportSpec>& imports,
                                      const ResolveOptions& options) {
  json::object metadata = *FindObject(profile, "metadata");
  QX_ASSIGN_OR_RETURN(metadata["last-modified"],
                      ResolvedLastModified(metadata, catalogs, options));
  QX_ASSIGN_OR_RETURN(metadata["oscal-version"],
                      ResolvedOscalVersion(metadata, catalogs, imports));
  json::object tool;
  tool["name"] = "resolution-tool";
  tool["value"] = kResolutionTool;
  Prepend(metadata, "props", std::move(tool));
  json::object source;
  source["name"] = "source-profile";
  source["value"] = fmt::format("urn:uuid:{}", profile_uuid);
  Prepend(metadata, "props", std::move(source));
  return metadata;
}

// Back matter per the specification: the resources of the imported catalogs (in import order)
// then the profile's; of resources sharing a uuid the last is kept (the last marked keep=always
// if any is); a resource survives if the result references "#uuid" or it is marked keep=always.
json::array ResolvedResources(const std::vector<const CatalogIndex*>& catalogs,
                              const json::object& profile, const json::object& result) {
  std::vector<const json::object*> all;
  std::set<const CatalogIndex*> seen;
  const auto add_from = [&](const json::object& doc) {
    const json::object* back = FindObject(doc, "back-matter");
    const json::array* resources = back == nullptr ? nullptr : FindArray(*back, "resources");
    if (resources == nullptr) return;
    for (const json::value& r : *resources) {
      if (const json::object* o = r.if_object()) all.push_back(o);
    }
  };
  for (const CatalogIndex* c : catalogs) {
    if (seen.insert(c).second) add_from(*FindObject(c->document().get_object(), "catalog"));
  }
  add_from(profile);
  std::map<std::string, size_t> chosen;  // uuid -> index in `all`
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string uuid(FindString(*all[i], "uuid"));
    auto it = chosen.find(uuid);
    if (it == chosen.end() || detail::HasKeepAlways(*all[i]) ||
        !detail::HasKeepAlways(*all[it->second])) {
      chosen[uuid] = i;
    }
  }
  std::set<std::string> referenced;
  for (const auto& kv : result) detail::CollectUuidFragments(kv.value(), referenced);
  std::vector<size_t> keep;
  for (const auto& [uuid, i] : chosen) {
    if (referenced.count(uuid) != 0 || detail::HasKeepAlways(*all[i])) keep.push_back(i);
  }
  std::sort(keep.begin(), keep.end());
  json::array out;
  for (size_t i : keep) out.push_back(*all[i]);
  return out;
}

}  // namespace

Result<ResolvedProfile> ResolveProfile(const json::value& profile, const CatalogLookup& catalogs,
                                       const ResolveOptions& options) {
  QX_ASSIGN_OR_RETURN(detail::ProfileSpec spec, detail::ParseProfile(profile));
  const json::object& source = *FindObject(profile.get_object(), "profile");
  ResolvedProfile out;
  for (const detail::ImportSpec& import : spec.imports) {
    for (const auto* selectors : {&import.include, &import.exclude}) {
      for (const detail::Selector& sel : *selectors) {
        out.warnings.insert(out.warnings.end(), sel.warnings.begin(), sel.warnings.end());
      }
    }
  }

  std::vector<const CatalogIndex*> imported;
  std::vector<std::vector<bool>> selections;
  for (const detail::ImportSpec& import : spec.imports) {
    const CatalogIndex* catalog = catalogs ? catalogs(import.href) : nullptr;
    if (catalog == nullptr || !catalog->document().is_object()) {  // unknown, or never built
      return detail::Invalid(detail::Member(import.path, "href"),
                             fmt::format("unknown catalog '{}'", import.href));
    }
    QX_ASSIGN_OR_RETURN(std::vector<bool> selected, detail::SelectControls(*catalog, import));
    imported.push_back(catalog);
    selections.push_back(std::move(selected));
  }
  std::vector<detail::MergeExtra> extras;
  QX_ASSIGN_OR_RETURN(std::vector<detail::Source> sources,
                      detail::CombineSelections(spec, imported, std::move(selections), extras));

  json::object body;
  std::vector<detail::LooseParam> loose;
  detail::BuildBody(sources, spec.structure, body, loose);
  for (const detail::MergeExtra& extra : extras) {
    json::object* control = detail::FindResultControl(body, extra.control_id);
    if (control != nullptr && extra.other != nullptr) MergeControl(*control, *extra.other);
  }
  if (const json::object* modify = FindObject(source, "modify")) {
    const std::string modify_path = "$.profile.modify";
    if (const json::array* sets = FindArray(*modify, "set-parameters")) {
      QX_RETURN_IF_ERROR(detail::ApplySetParameters(
          *sets, detail::Member(modify_path, "set-parameters"), body, loose, out.warnings));
    }
    if (const json::array* alters = FindArray(*modify, "alters")) {
      QX_RETURN_IF_ERROR(detail::ApplyAlters(*alters, detail::Member(modify_path, "alters"),
                                             imported, body, out.warnings));
    }
  }
  // req-prune-modify: a param that a set-parameter names is not pruned.
  std::set<std::string> pinned;
  if (const json::object* modify = FindObject(source, "modify")) {
    if (const json::array* sets = FindArray(*modify, "set-parameters")) {
      for (const json::value& set : *sets) pinned.emplace(FindString(set.get_object(), "param-id"));
    }
  }
  detail::PlaceLooseParams(body, loose, pinned);

  json::object catalog;
  catalog["uuid"] = DerivedUuid(spec.uuid, profile, imported);
  QX_ASSIGN_OR_RETURN(catalog["metadata"],
                      ResolvedMetadata(source, spec.uuid, imported, spec.imports, options));
  for (std::string_view key : {"params", "controls", "groups"}) {
    if (json::value* v = body.if_contains(key)) catalog[key] = std::move(*v);
  }
  json::array resources = ResolvedResources(imported, source, catalog);
  if (!resources.empty())
    catalog["back-matter"].emplace_object()["resources"] = std::move(resources);
  out.catalog.emplace_object()["catalog"] = std::move(catalog);

  // The result must itself be a valid catalog (alters may, say, remove a param still inserted).
  auto check = CatalogIndex::Build(out.catalog);
  if (!check) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("the resolved catalog is invalid: {}", check.error().message));
  }
  return out;
}

}  // namespace qx::oscal
