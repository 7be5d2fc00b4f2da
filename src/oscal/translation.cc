#include "qx/oscal/translation.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <initializer_list>

#include "catalog_walk.h"
#include "json_util.h"
#include "markup.h"

namespace qx::oscal {
namespace {

namespace json = boost::json;
using detail::Invalid;
using detail::Member;
using detail::View;

std::string KeyPath(std::string_view path, std::string_view key) {
  return fmt::format("{}['{}']", path, key);
}

Status OnlyKeys(const json::object& o, std::initializer_list<std::string_view> allowed,
                std::string_view path) {
  for (const auto& kv : o) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Invalid(KeyPath(path, key), "unknown member");
    }
  }
  return Ok();
}

// A translated text: a non-empty string carrying the same insert placeholders as the source.
Status CheckText(const json::value& v, std::string_view source, std::string_view path) {
  const json::string* s = v.if_string();
  if (s == nullptr) return Invalid(path, "expected a string");
  if (s->empty()) return Invalid(path, "empty translation (omit it to fall back)");
  std::vector<std::string> want = detail::InsertPlaceholders(source);
  std::vector<std::string> got = detail::InsertPlaceholders(View(*s));
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  if (want != got) {
    return Invalid(path, fmt::format("insert placeholders differ from the source: expected [{}], "
                                     "got [{}]",
                                     fmt::join(want, ", "), fmt::join(got, ", ")));
  }
  return Ok();
}

Result<const json::object*> ObjectAt(const json::value& v, std::string_view path) {
  if (const json::object* o = v.if_object()) return o;
  return Invalid(path, "expected an object");
}

// The group with `id` under `owner` (depth bounded by the catalog's validation).
const json::object* FindGroup(const json::object& owner, std::string_view id, int depth) {
  const json::array* groups = detail::FindArray(owner, "groups");
  if (groups == nullptr || depth > detail::kMaxNesting) return nullptr;
  for (const json::value& g : *groups) {
    const json::object* obj = g.if_object();
    if (obj == nullptr) continue;
    if (detail::FindString(*obj, "id") == id) return obj;
    if (const json::object* found = FindGroup(*obj, id, depth + 1)) return found;
  }
  return nullptr;
}

Status CheckControl(const ControlInfo& control, const json::object& entry,
                    const std::string& path) {
  QX_RETURN_IF_ERROR(OnlyKeys(entry, {"title", "parts", "params"}, path));
  if (const json::value* title = entry.if_contains("title")) {
    QX_RETURN_IF_ERROR(CheckText(*title, control.title, Member(path, "title")));
  }
  if (const json::value* parts = entry.if_contains("parts")) {
    const std::string parts_path = Member(path, "parts");
    QX_ASSIGN_OR_RETURN(const json::object* by_id, ObjectAt(*parts, parts_path));
    for (const auto& kv : *by_id) {
      const std::string_view part_id(kv.key().data(), kv.key().size());
      const std::string part_path = KeyPath(parts_path, part_id);
      auto it = std::find_if(control.parts.begin(), control.parts.end(),
                             [&](const PartText& p) { return !p.id.empty() && p.id == part_id; });
      if (it == control.parts.end()) {
        return Invalid(part_path,
                       fmt::format("control '{}' has no part '{}'", control.id, part_id));
      }
      QX_RETURN_IF_ERROR(CheckText(kv.value(), it->prose, part_path));
    }
  }
  if (const json::value* params = entry.if_contains("params")) {
    const std::string params_path = Member(path, "params");
    QX_ASSIGN_OR_RETURN(const json::object* by_id, ObjectAt(*params, params_path));
    for (const auto& kv : *by_id) {
      const std::string_view param_id(kv.key().data(), kv.key().size());
      const std::string param_path = KeyPath(params_path, param_id);
      auto it = std::find_if(control.params.begin(), control.params.end(),
                             [&](const ParamInfo& p) { return p.id == param_id; });
      if (it == control.params.end()) {
        return Invalid(param_path,
                       fmt::format("control '{}' has no param '{}'", control.id, param_id));
      }
      QX_ASSIGN_OR_RETURN(const json::object* param, ObjectAt(kv.value(), param_path));
      QX_RETURN_IF_ERROR(OnlyKeys(*param, {"label"}, param_path));
      if (const json::value* label = param->if_contains("label")) {
        QX_RETURN_IF_ERROR(CheckText(*label, it->label, Member(param_path, "label")));
      }
    }
  }
  return Ok();
}

// The translated string at overlay[k0][k1]...; nullptr unless it is a non-empty string.
const json::string* Lookup(const json::object* o, std::initializer_list<std::string_view> keys) {
  const json::value* v = nullptr;
  for (std::string_view key : keys) {
    if (o == nullptr) return nullptr;
    v = o->if_contains(key);
    if (v == nullptr) return nullptr;
    o = v->if_object();
  }
  const json::string* s = v == nullptr ? nullptr : v->if_string();
  return s != nullptr && !s->empty() ? s : nullptr;
}

void ReplaceIf(json::object& target, std::string_view key, const json::string* text) {
  if (text != nullptr) target[key] = *text;
}

void LocalizeParts(json::object& owner, const json::object* parts_tr, int depth) {
  json::array* parts = detail::FindArray(owner, "parts");
  if (parts == nullptr || depth > detail::kMaxNesting) return;
  for (json::value& p : *parts) {
    json::object* part = p.if_object();
    if (part == nullptr) continue;
    const std::string_view id = detail::FindString(*part, "id");
    if (!id.empty()) ReplaceIf(*part, "prose", Lookup(parts_tr, {id}));
    LocalizeParts(*part, parts_tr, depth + 1);
  }
}

void LocalizeTree(json::object& owner, const json::object* overlay, int depth) {
  if (depth > 2 * detail::kMaxNesting) return;
  if (json::array* groups = detail::FindArray(owner, "groups")) {
    for (json::value& g : *groups) {
      json::object* group = g.if_object();
      if (group == nullptr) continue;
      const std::string_view id = detail::FindString(*group, "id");
      if (!id.empty()) ReplaceIf(*group, "title", Lookup(overlay, {"groups", id, "title"}));
      LocalizeTree(*group, overlay, depth + 1);
    }
  }
  if (json::array* controls = detail::FindArray(owner, "controls")) {
    for (json::value& c : *controls) {
      json::object* control = c.if_object();
      if (control == nullptr) continue;
      const std::string id(detail::FindString(*control, "id"));
      const json::object* entry = nullptr;
      if (const json::object* all =
              overlay == nullptr ? nullptr : detail::FindObject(*overlay, "controls")) {
        entry = detail::FindObject(*all, id);
      }
      if (entry != nullptr) {
        ReplaceIf(*control, "title", Lookup(entry, {"title"}));
        LocalizeParts(*control, detail::FindObject(*entry, "parts"), 1);
        if (json::array* params = detail::FindArray(*control, "params")) {
          for (json::value& p : *params) {
            json::object* param = p.if_object();
            if (param == nullptr) continue;
            const std::string_view pid = detail::FindString(*param, "id");
            ReplaceIf(*param, "label", Lookup(entry, {"params", pid, "label"}));
          }
        }
      }
      LocalizeTree(*control, overlay, depth + 1);
    }
  }
}

}  // namespace

Result<std::string> ValidateTranslation(const CatalogIndex& catalog, const json::value& overlay) {
  QX_ASSIGN_OR_RETURN(const json::object* root, ObjectAt(overlay, "$"));
  QX_RETURN_IF_ERROR(OnlyKeys(*root, {"lang", "catalog", "groups", "controls"}, "$"));
  QX_ASSIGN_OR_RETURN(std::string_view lang, detail::RequireString(*root, "lang", "$"));
  const bool lang_ok =
      (lang.size() == 2 || lang.size() == 3) &&
      std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (!lang_ok) {
    return Invalid("$.lang",
                   fmt::format("'{}' is not a language tag of 2-3 lower-case letters", lang));
  }
  QX_RETURN_IF_ERROR(detail::OptionalString(*root, "catalog", "$"));
  if (const json::value* groups = root->if_contains("groups")) {
    QX_ASSIGN_OR_RETURN(const json::object* by_id, ObjectAt(*groups, "$.groups"));
    const json::object* root_doc = catalog.document().if_object();
    const json::object* cat =
        root_doc == nullptr ? nullptr : detail::FindObject(*root_doc, "catalog");
    for (const auto& kv : *by_id) {
      const std::string_view id(kv.key().data(), kv.key().size());
      const std::string path = KeyPath("$.groups", id);
      const json::object* group = cat == nullptr ? nullptr : FindGroup(*cat, id, 1);
      if (group == nullptr) return Invalid(path, fmt::format("the catalog has no group '{}'", id));
      QX_ASSIGN_OR_RETURN(const json::object* entry, ObjectAt(kv.value(), path));
      QX_RETURN_IF_ERROR(OnlyKeys(*entry, {"title"}, path));
      if (const json::value* title = entry->if_contains("title")) {
        QX_RETURN_IF_ERROR(
            CheckText(*title, detail::FindString(*group, "title"), Member(path, "title")));
      }
    }
  }
  if (const json::value* controls = root->if_contains("controls")) {
    QX_ASSIGN_OR_RETURN(const json::object* by_id, ObjectAt(*controls, "$.controls"));
    for (const auto& kv : *by_id) {
      const std::string_view id(kv.key().data(), kv.key().size());
      const std::string path = KeyPath("$.controls", id);
      const ControlInfo* control = catalog.Find(id);
      if (control == nullptr)
        return Invalid(path, fmt::format("the catalog has no control '{}'", id));
      QX_ASSIGN_OR_RETURN(const json::object* entry, ObjectAt(kv.value(), path));
      QX_RETURN_IF_ERROR(CheckControl(*control, *entry, path));
    }
  }
  return std::string(lang);
}

json::value Localize(const CatalogIndex& catalog, const json::value& overlay) {
  json::value out = catalog.document();
  json::object* root = out.if_object();
  json::object* cat = nullptr;
  if (root != nullptr) {
    if (json::value* c = root->if_contains("catalog")) cat = c->if_object();
  }
  if (cat != nullptr) LocalizeTree(*cat, overlay.if_object(), 0);
  return out;
}

}  // namespace qx::oscal
