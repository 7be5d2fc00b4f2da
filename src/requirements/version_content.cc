#include "version_content.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <deque>

#include "qx/oscal/profile_resolver.h"
#include "qx/oscal/translation.h"
#include "requirement_indexer.h"

namespace qx::requirements {
namespace json = boost::json;

Result<json::value> ParseJsonText(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 64;
  json::value v = json::parse(text, ec, {}, options);
  if (ec) {
    return MakeError(ErrorCode::kInvalidArgument, fmt::format("{}: malformed JSON: {}", what, ec.message()));
  }
  return v;
}

std::string CatalogNameFromHref(std::string_view href) {
  href = href.substr(0, href.find('#'));
  const size_t slash = href.find_last_of('/');
  if (slash != std::string_view::npos) href = href.substr(slash + 1);
  for (std::string_view suffix : {".catalog.json", ".profile.json", ".json"}) {
    if (href.size() > suffix.size() && href.substr(href.size() - suffix.size()) == suffix) {
      href.remove_suffix(suffix.size());
      break;
    }
  }
  return std::string(href);
}

namespace {

std::string MetadataField(const json::value& doc, std::string_view root, std::string_view field) {
  const auto* r = doc.is_object() ? doc.as_object().if_contains(root) : nullptr;
  const auto* m = r && r->is_object() ? r->as_object().if_contains("metadata") : nullptr;
  const auto* f = m && m->is_object() ? m->as_object().if_contains(field) : nullptr;
  return f && f->is_string() ? std::string(f->as_string()) : "";
}

// Keeps only the groups and controls the resolved catalog has.
json::value RestrictOverlay(const json::value& overlay, const oscal::CatalogIndex& index,
                            const std::string& name) {
  json::object out{{"lang", overlay.as_object().at("lang")}, {"catalog", name}};
  json::object controls;
  json::object groups;
  std::vector<std::string> group_ids;
  for (const auto& c : index.controls()) {
    for (const auto& g : c.group_path) group_ids.push_back(g);
  }
  const auto& o = overlay.as_object();
  if (const auto* cs = o.if_contains("controls"); cs && cs->is_object()) {
    for (const auto& [id, v] : cs->as_object()) {
      if (index.Find(std::string_view(id))) controls[id] = v;
    }
  }
  if (const auto* gs = o.if_contains("groups"); gs && gs->is_object()) {
    for (const auto& [id, v] : gs->as_object()) {
      if (std::find(group_ids.begin(), group_ids.end(), std::string_view(id)) != group_ids.end()) {
        groups[id] = v;
      }
    }
  }
  out["groups"] = std::move(groups);
  out["controls"] = std::move(controls);
  return out;
}

// Merges b's groups and controls into a (a wins on conflicts).
void MergeOverlay(json::value& a, const json::value& b) {
  for (const char* key : {"groups", "controls"}) {
    auto& into = a.as_object()[key];
    if (!into.is_object()) into = json::object();
    const auto* from = b.as_object().if_contains(key);
    if (!from || !from->is_object()) continue;
    for (const auto& [id, v] : from->as_object()) {
      if (!into.as_object().contains(id)) into.as_object()[id] = v;
    }
  }
}

}  // namespace

Result<VersionContent> CatalogContent(json::value document,
                                      const std::vector<json::value>& overlays) {
  VersionContent out;
  out.kind = domain::CatalogKind::kCatalog;
  out.title = MetadataField(document, "catalog", "title");
  out.version = MetadataField(document, "catalog", "version");
  QX_ASSIGN_OR_RETURN(oscal::CatalogIndex index, oscal::CatalogIndex::Build(document));
  out.document = std::move(document);
  for (size_t i = 0; i < overlays.size(); ++i) {
    auto lang = oscal::ValidateTranslation(index, overlays[i]);
    if (!lang) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("translation {}: {}", i + 1, lang.error().message));
    }
    if (out.translations.count(*lang)) {
      return MakeError(ErrorCode::kInvalidArgument, fmt::format("two translations for '{}'", *lang));
    }
    out.translations.emplace(*lang, overlays[i]);
  }
  std::vector<json::value> all;
  for (const auto& [lang, o] : out.translations) all.push_back(o);
  out.index = IndexRequirements(index, all);
  out.effective.emplace(std::move(index));
  return out;
}

Result<VersionContent> ProfileContent(json::value document, const ImportedCatalogLookup& lookup,
                                      const std::string& resolved_at) {
  VersionContent out;
  out.kind = domain::CatalogKind::kProfile;
  out.title = MetadataField(document, "profile", "title");
  out.version = MetadataField(document, "profile", "version");
  QX_ASSIGN_OR_RETURN(std::vector<std::string> hrefs, oscal::ValidateProfile(document));
  std::map<std::string, ImportedCatalog> imported;
  for (const std::string& href : hrefs) {
    const std::string name = CatalogNameFromHref(href);
    QX_ASSIGN_OR_RETURN(auto found, lookup(name));
    if (!found) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("$.profile.imports: no catalog named '{}' (from href '{}')", name, href));
    }
    imported.emplace(href, *found);
  }
  QX_ASSIGN_OR_RETURN(oscal::ResolvedProfile resolved,
                      oscal::ResolveProfile(
                          document,
                          [&](std::string_view href) {
                            auto it = imported.find(std::string(href));
                            return it == imported.end() ? nullptr : it->second.index;
                          },
                          {.resolved_at = resolved_at}));
  out.warnings = std::move(resolved.warnings);
  QX_ASSIGN_OR_RETURN(oscal::CatalogIndex index,
                      oscal::CatalogIndex::Build(std::move(resolved.catalog)));
  for (const auto& [href, cat] : imported) {
    if (!cat.translations) continue;
    for (const auto& [lang, overlay] : *cat.translations) {
      json::value restricted = RestrictOverlay(overlay, index, CatalogNameFromHref(href));
      auto it = out.translations.find(lang);
      if (it == out.translations.end()) {
        out.translations.emplace(lang, std::move(restricted));
      } else {
        MergeOverlay(it->second, restricted);
      }
    }
  }
  std::vector<json::value> all;
  for (const auto& [lang, o] : out.translations) all.push_back(o);
  out.index = IndexRequirements(index, all);
  out.document = std::move(document);
  out.effective.emplace(std::move(index));
  return out;
}

}  // namespace qx::requirements
