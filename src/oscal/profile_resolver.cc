#include "qx/oscal/profile_resolver.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "json_util.h"
#include "markup.h"
#include "profile_internal.h"
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

// The profile's metadata, plus a resolution-tool prop and a source-profile link. The
// specification's resolution-timestamp prop is left out: resolution is pure and deterministic.
json::object ResolvedMetadata(const json::object& profile, std::string_view profile_uuid) {
  json::object metadata = *FindObject(profile, "metadata");
  json::object link;
  link["href"] = fmt::format("urn:uuid:{}", profile_uuid);
  link["rel"] = "source-profile";
  Prepend(metadata, "links", std::move(link));
  json::object prop;
  prop["name"] = "resolution-tool";
  prop["value"] = kResolutionTool;
  Prepend(metadata, "props", std::move(prop));
  return metadata;
}

bool KeepAlways(const json::object& resource) {
  const json::array* props = FindArray(resource, "props");
  if (props == nullptr) return false;
  for (const json::value& p : *props) {
    const json::object* o = p.if_object();
    if (o != nullptr && FindString(*o, "name") == "keep" && FindString(*o, "value") == "always") {
      return true;
    }
  }
  return false;
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
    if (it == chosen.end() || KeepAlways(*all[i]) || !KeepAlways(*all[it->second])) {
      chosen[uuid] = i;
    }
  }
  std::set<std::string> referenced;
  for (const auto& kv : result) detail::CollectUuidFragments(kv.value(), referenced);
  std::vector<size_t> keep;
  for (const auto& [uuid, i] : chosen) {
    if (referenced.count(uuid) != 0 || KeepAlways(*all[i])) keep.push_back(i);
  }
  std::sort(keep.begin(), keep.end());
  json::array out;
  for (size_t i : keep) out.push_back(*all[i]);
  return out;
}

}  // namespace

Result<json::value> ResolveProfile(const json::value& profile, const CatalogLookup& catalogs) {
  QX_ASSIGN_OR_RETURN(detail::ProfileSpec spec, detail::ParseProfile(profile));
  const json::object& source = *FindObject(profile.get_object(), "profile");

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
          *sets, detail::Member(modify_path, "set-parameters"), imported, body, loose));
    }
    if (const json::array* alters = FindArray(*modify, "alters")) {
      QX_RETURN_IF_ERROR(
          detail::ApplyAlters(*alters, detail::Member(modify_path, "alters"), imported, body));
    }
  }
  detail::PlaceLooseParams(body, loose);

  json::object catalog;
  catalog["uuid"] = DerivedUuid(spec.uuid, profile, imported);
  catalog["metadata"] = ResolvedMetadata(source, spec.uuid);
  for (std::string_view key : {"params", "controls", "groups"}) {
    if (json::value* v = body.if_contains(key)) catalog[key] = std::move(*v);
  }
  json::array resources = ResolvedResources(imported, source, catalog);
  if (!resources.empty())
    catalog["back-matter"].emplace_object()["resources"] = std::move(resources);
  json::value document;
  document.emplace_object()["catalog"] = std::move(catalog);

  // The result must itself be a valid catalog (alters may, say, remove a param still inserted).
  auto check = CatalogIndex::Build(document);
  if (!check) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("the resolved catalog is invalid: {}", check.error().message));
  }
  return document;
}

}  // namespace qx::oscal
