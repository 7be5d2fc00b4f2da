// Modify phase of profile resolution: set-parameters and alters (removes, then adds).
#include <fmt/format.h>

#include "json_util.h"
#include "profile_internal.h"

namespace qx::oscal::detail {
namespace {

namespace json = boost::json;

bool AnyHasControl(const std::vector<const CatalogIndex*>& catalogs, std::string_view id) {
  for (const CatalogIndex* c : catalogs) {
    if (c->Find(id) != nullptr) return true;
  }
  return false;
}

template <typename F>
void ForEachParam(json::object& owner, F&& f, int depth) {
  if (depth > 4 * kMaxNesting) return;
  if (json::array* params = FindArray(owner, "params")) {
    for (json::value& p : *params) {
      if (json::object* o = p.if_object()) f(*o);
    }
  }
  for (std::string_view key : {"controls", "groups"}) {
    if (json::array* items = FindArray(owner, key)) {
      for (json::value& v : *items) {
        if (json::object* o = v.if_object()) ForEachParam(*o, f, depth + 1);
      }
    }
  }
}

// Inserts copies of `items` into the array member `key` of `into` at `pos` (npos = the end).
void InsertItems(json::object& into, std::string_view key, const json::array& items, size_t pos) {
  json::value& slot = into[key];
  if (!slot.is_array()) slot.emplace_array();
  json::array& arr = slot.get_array();
  const size_t at = std::min(pos, arr.size());
  arr.insert(arr.begin() + static_cast<std::ptrdiff_t>(at), items.begin(), items.end());
}

// The set-parameter rules of the specification: label, usage, class, depends-on replace; props,
// links, constraints, guidelines are added after those present; values or select replace both.
void ApplySet(json::object& param, const json::object& set) {
  for (std::string_view key : {"class", "depends-on", "label", "usage"}) {
    if (const json::value* v = set.if_contains(key)) param[key] = *v;
  }
  for (std::string_view key : {"props", "links", "constraints", "guidelines"}) {
    if (const json::array* items = FindArray(set, key)) {
      InsertItems(param, key, *items, std::string_view::npos);
    }
  }
  for (std::string_view key : {"values", "select"}) {
    if (const json::value* v = set.if_contains(key)) {
      param.erase("values");
      param.erase("select");
      param[key] = *v;
    }
  }
}

struct Criteria {
  std::string_view name, cls, id, ns, item;
};

bool Matches(const json::object& o, std::string_view kind, const Criteria& c) {
  return (c.item.empty() || c.item == kind) &&
         (c.name.empty() || FindString(o, "name") == c.name) &&
         (c.cls.empty() || FindString(o, "class") == c.cls) &&
         (c.id.empty() || FindString(o, "id") == c.id) &&
         (c.ns.empty() || FindString(o, "ns") == c.ns);
}

// Removes the matching params, props, links and parts under `owner` (not child controls).
size_t RemoveIn(json::object& owner, const Criteria& c, int depth) {
  if (depth > 4 * kMaxNesting) return 0;
  size_t removed = 0;
  static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
      {"params", "param"}, {"props", "prop"}, {"links", "link"}, {"parts", "part"}};
  for (const auto& [key, kind] : kKinds) {
    json::array* items = FindArray(owner, key);
    if (items == nullptr) continue;
    json::array kept;
    for (json::value& v : *items) {
      json::object* o = v.if_object();
      if (o != nullptr && Matches(*o, kind, c)) {
        ++removed;
        continue;
      }
      if (o != nullptr && (kind == "param" || kind == "part"))
        removed += RemoveIn(*o, c, depth + 1);
      kept.push_back(std::move(v));
    }
    if (kept.empty()) {
      owner.erase(key);
    } else {
      *items = std::move(kept);
    }
  }
  return removed;
}

struct Target {
  json::object* parent = nullptr;  // the control or part holding the target
  bool parent_is_control = false;
  std::string_view key;  // "params", "parts" or "controls"
  size_t index = 0;
};

// Finds the param, part or child control `id` inside `owner` (a control, or a part), at any
// depth: req-modify-alter-add-nested makes child controls and their contents targets as well.
bool Locate(json::object& owner, bool owner_is_control, std::string_view id, int depth,
            Target& out) {
  if (depth > 4 * kMaxNesting) return false;
  for (std::string_view key : {"params", "parts", "controls"}) {
    if (key != "parts" && !owner_is_control) continue;  // parts hold parts only
    json::array* items = FindArray(owner, key);
    if (items == nullptr) continue;
    for (size_t i = 0; i < items->size(); ++i) {
      json::object* o = (*items)[i].if_object();
      if (o == nullptr) continue;
      if (FindString(*o, "id") == id) {
        out = Target{&owner, owner_is_control, key, i};
        return true;
      }
      if (key != "params" && Locate(*o, key == "controls", id, depth + 1, out)) return true;
    }
  }
  return false;
}

Status ApplyAdd(json::object& control, const json::object& add, const std::string& path,
                std::vector<std::string>& warnings) {
  const std::string_view id = FindString(control, "id");
  std::string_view position = FindString(add, "position");
  if (position.empty()) position = "ending";
  const bool front = position == "starting" || position == "before";
  const std::string_view by_id = FindString(add, "by-id");
  const json::value* title = add.if_contains("title");
  static constexpr std::string_view kKeys[] = {"params", "props", "links", "parts"};
  if (by_id.empty()) {  // implicit binding: before/after act as starting/ending
    for (std::string_view key : kKeys) {
      if (const json::array* items = FindArray(add, key)) {
        InsertItems(control, key, *items, front ? 0 : std::string_view::npos);
      }
    }
    if (title != nullptr) control["title"] = *title;
    return Ok();
  }
  // req-modify-alter-add-explicit-id(-ignore): by-id names an object inside the control, not the
  // control itself; otherwise the add is inoperative and ignored.
  Target target;
  if (by_id == id) {
    warnings.push_back(fmt::format("{}: '{}' is the control itself, not an object inside it; "
                                   "the add is ignored",
                                   Member(path, "by-id"), by_id));
    return Ok();
  }
  if (!Locate(control, true, by_id, 0, target)) {
    warnings.push_back(fmt::format("{}: control '{}' holds no object '{}'; the add is ignored",
                                   Member(path, "by-id"), id, by_id));
    return Ok();
  }
  const bool target_is_part = target.key == "parts";
  const bool target_is_control = target.key == "controls";
  if (position == "starting" || position == "ending") {
    json::object& into = (*FindArray(*target.parent, target.key))[target.index].get_object();
    for (std::string_view key : kKeys) {
      const json::array* items = FindArray(add, key);
      if (items == nullptr) continue;
      if (!target_is_control && (key == "params" || (key == "parts" && !target_is_part))) {
        return Invalid(Member(path, key), fmt::format("cannot add {} inside '{}'", key, by_id));
      }
      InsertItems(into, key, *items, front ? 0 : std::string_view::npos);
    }
    if (title != nullptr) {
      if (!target_is_part && !target_is_control) {
        return Invalid(Member(path, "title"), "a param has no title");
      }
      into["title"] = *title;
    }
    return Ok();
  }
  if (title != nullptr) {
    return Invalid(Member(path, "title"), "a title needs position starting or ending");
  }
  const bool parent_is_control = target.parent_is_control;
  // An add holds no controls (an unknown member is not copied): beside a child control, all its
  // items go to the control that holds it.
  const json::array* same = target_is_control ? nullptr : FindArray(add, target.key);
  if (same != nullptr) {
    InsertItems(*target.parent, target.key, *same, front ? target.index : target.index + 1);
  }
  for (std::string_view key : kKeys) {
    const json::array* items = FindArray(add, key);
    if (items == nullptr || key == target.key) continue;
    if (key == "params" && !parent_is_control) {
      return Invalid(Member(path, "params"), "params can only be added to the control");
    }
    InsertItems(*target.parent, key, *items, front ? 0 : std::string_view::npos);
  }
  return Ok();
}

}  // namespace

Status ApplySetParameters(const json::array& sets, const std::string& path, json::object& out,
                          std::vector<LooseParam>& loose, std::vector<std::string>& warnings) {
  for (size_t i = 0; i < sets.size(); ++i) {
    const json::object& set = sets[i].get_object();
    const std::string_view id = FindString(set, "param-id");
    bool found = false;
    const auto apply = [&](json::object& param) {
      if (FindString(param, "id") != id) return;
      ApplySet(param, set);
      found = true;
    };
    ForEachParam(out, apply, 0);
    for (LooseParam& p : loose) {
      if (json::object* o = p.param.if_object()) apply(*o);
    }
    // req-modify-set-param-warning / -id-ignore: warn, and processing continues.
    if (!found) {
      warnings.push_back(fmt::format("{}: no included param '{}'; the set-parameter is ignored",
                                     Member(Index(path, i), "param-id"), id));
    }
  }
  return Ok();
}

Status ApplyAlters(const json::array& alters, const std::string& path,
                   const std::vector<const CatalogIndex*>& catalogs, json::object& out,
                   std::vector<std::string>& warnings) {
  for (size_t i = 0; i < alters.size(); ++i) {
    const json::object& alter = alters[i].get_object();
    const std::string alter_path = Index(path, i);
    const std::string_view id = FindString(alter, "control-id");
    json::object* control = FindResultControl(out, id);
    if (control == nullptr) {
      if (AnyHasControl(catalogs, id)) {  // known but not selected: inoperative
        warnings.push_back(fmt::format("{}: control '{}' is not in the resolved catalog; the "
                                       "alter is ignored",
                                       Member(alter_path, "control-id"), id));
        continue;
      }
      return Invalid(Member(alter_path, "control-id"), fmt::format("unknown control '{}'", id));
    }
    if (const json::array* removes = FindArray(alter, "removes")) {
      for (size_t k = 0; k < removes->size(); ++k) {
        const json::object& r = (*removes)[k].get_object();
        const Criteria c{FindString(r, "by-name"), FindString(r, "by-class"),
                         FindString(r, "by-id"), FindString(r, "by-ns"),
                         FindString(r, "by-item-name")};
        const size_t removed = RemoveIn(*control, c, 0);
        if (removed == 0 && !c.id.empty()) {
          return Invalid(Member(Index(Member(alter_path, "removes"), k), "by-id"),
                         fmt::format("matches nothing in control '{}'", id));
        }
      }
    }
    if (const json::array* adds = FindArray(alter, "adds")) {
      for (size_t k = 0; k < adds->size(); ++k) {
        QX_RETURN_IF_ERROR(ApplyAdd(*control, (*adds)[k].get_object(),
                                    Index(Member(alter_path, "adds"), k), warnings));
      }
    }
  }
  return Ok();
}

}  // namespace qx::oscal::detail
