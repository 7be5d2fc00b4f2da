// Merge phase of profile resolution: the structure of the resolved catalog, and the loose
// parameters that follow the controls inserting them.
#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <span>

#include "json_util.h"
#include "markup.h"
#include "profile_internal.h"

namespace qx::oscal::detail {
namespace {

namespace json = boost::json;

constexpr std::string_view kControlOrder[] = {"id",    "class", "title", "params",
                                              "props", "links", "parts", "controls"};
constexpr std::string_view kGroupOrder[] = {"id",    "class", "title",    "params", "props",
                                            "links", "parts", "controls", "groups"};

// A copy of `o` without the members in `skip`, nor members named like our temporary ones (an
// untrusted catalog could carry them).
json::object CopyWithout(const json::object& o, std::initializer_list<std::string_view> skip) {
  json::object out;
  for (const auto& kv : o) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (key.starts_with(kInternalPrefix)) continue;
    if (std::find(skip.begin(), skip.end(), key) == skip.end()) out.emplace(key, kv.value());
  }
  return out;
}

// `o` with the listed members first, in that order, then the rest as they were.
void Reorder(json::object& o, std::span<const std::string_view> order) {
  json::object out;
  out.reserve(o.size());
  for (std::string_view key : order) {
    if (json::value* v = o.if_contains(key)) out.emplace(key, std::move(*v));
  }
  for (auto& kv : o) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (!out.contains(key)) out.emplace(key, std::move(kv.value()));
  }
  o = std::move(out);
}

class BodyBuilder {
 public:
  BodyBuilder(const Source& source, std::vector<LooseParam>& loose, int& next_slot)
      : source_(source), loose_(loose), next_slot_(next_slot) {
    const std::vector<ControlInfo>& controls = source.catalog->controls();
    has_selected_.assign(controls.size(), false);
    for (size_t i = controls.size(); i-- > 0;) {
      if (!source.selected[i] && !has_selected_[i]) continue;
      has_selected_[i] = true;
      if (const ControlInfo* parent = source.catalog->Find(controls[i].parent_control)) {
        has_selected_[static_cast<size_t>(parent - controls.data())] = true;
      }
    }
  }

  const json::object& Catalog() const {
    return *FindObject(source_.catalog->document().get_object(), "catalog");
  }

  // Flat (req-merge-flat): every selected control directly under the catalog, in document order,
  // without its child controls (no grouping, no nesting); the params of everything else loose.
  void Flat(json::array& top) {
    AddLoose(Catalog(), 0);
    FlatChildren(Catalog(), top);
  }

  // As-is (id-structure-as-is-list-1): groups that hold selected controls, with their own
  // content; a selected control whose parent is not selected takes the parent's place
  // ("up-levelled"), and the parent does not appear.
  void AsIs(json::object& out) {
    const json::object& catalog = Catalog();
    AddLoose(catalog, 0);
    json::array& controls = out["controls"].emplace_array();
    json::array& groups = out["groups"].emplace_array();
    AsIsChildren(catalog, 0, controls, groups);
  }

 private:
  size_t IndexOf(const json::object& c) const {
    const ControlInfo* info = source_.catalog->Find(FindString(c, "id"));
    return static_cast<size_t>(info - source_.catalog->controls().data());
  }
  bool Selected(const json::object& c) const { return source_.selected[IndexOf(c)]; }
  bool HasSelected(const json::object& c) const { return has_selected_[IndexOf(c)]; }

  void AddLoose(const json::object& owner, int slot) {
    if (const json::array* params = FindArray(owner, "params")) {
      for (const json::value& p : *params) loose_.push_back(LooseParam{p, slot});
    }
  }

  // The params of a control that is left out, and of all its descendants.
  void Drop(const json::object& c, int slot) {
    AddLoose(c, slot);
    if (const json::array* children = FindArray(c, "controls")) {
      for (const json::value& v : *children) Drop(v.get_object(), slot);
    }
  }

  void FlatChildren(const json::object& owner, json::array& top) {
    if (const json::array* controls = FindArray(owner, "controls")) {
      for (const json::value& v : *controls) {
        const json::object& c = v.get_object();
        if (Selected(c)) {
          top.emplace_back(CopyWithout(c, {"controls"}));
        } else {
          AddLoose(c, 0);
        }
        FlatChildren(c, top);
      }
    }
    if (const json::array* groups = FindArray(owner, "groups")) {
      for (const json::value& g : *groups) {
        AddLoose(g.get_object(), 0);
        FlatChildren(g.get_object(), top);
      }
    }
  }

  void AsIsChildren(const json::object& owner, int slot, json::array& controls,
                    json::array& groups) {
    if (const json::array* children = FindArray(owner, "controls")) {
      for (const json::value& v : *children) AsIsControl(v.get_object(), slot, controls);
    }
    if (const json::array* children = FindArray(owner, "groups")) {
      for (const json::value& v : *children) {
        if (std::optional<json::object> g = AsIsGroup(v.get_object(), slot)) {
          groups.emplace_back(std::move(*g));
        }
      }
    }
  }

  // Appends `c` (with its selected descendants nested) to `into`; when `c` is not selected, its
  // selected descendants in its place and its params loose in the enclosing `slot`.
  void AsIsControl(const json::object& c, int slot, json::array& into) {
    if (!HasSelected(c)) {
      Drop(c, slot);
      return;
    }
    const json::array* children = FindArray(c, "controls");
    if (!Selected(c)) {
      AddLoose(c, slot);
      if (children != nullptr) {
        for (const json::value& v : *children) AsIsControl(v.get_object(), slot, into);
      }
      return;
    }
    json::object copy = CopyWithout(c, {"controls"});
    json::array nested;
    if (children != nullptr) {
      for (const json::value& v : *children) AsIsControl(v.get_object(), slot, nested);
    }
    if (!nested.empty()) copy["controls"] = std::move(nested);
    into.emplace_back(std::move(copy));
  }

  std::optional<json::object> AsIsGroup(const json::object& g, int parent_slot) {
    const int slot = next_slot_++;
    const size_t first_loose = loose_.size();
    json::object copy = CopyWithout(g, {"params", "controls", "groups"});
    copy[kSlotKey] = slot;
    AddLoose(g, slot);
    json::array controls;
    json::array groups;
    AsIsChildren(g, slot, controls, groups);
    if (controls.empty() && groups.empty() && !HasKeepAlways(g)) {  // req-prune-keep
      for (size_t k = first_loose; k < loose_.size(); ++k) loose_[k].slot = parent_slot;
      return std::nullopt;
    }
    if (!controls.empty()) copy["controls"] = std::move(controls);
    if (!groups.empty()) copy["groups"] = std::move(groups);
    return copy;
  }

  const Source& source_;
  std::vector<LooseParam>& loose_;
  int& next_slot_;
  std::vector<bool> has_selected_;  // selected, or holds a selected descendant
};

// Moves the kept params into their slots, removes the temporary members, orders members.
void Finalize(json::object& o, std::map<int, json::array>& by_slot, bool is_group, int depth) {
  if (depth > 4 * kMaxNesting) return;
  if (const json::value* slot = o.if_contains(kSlotKey)) {
    const int n = slot->is_int64() ? static_cast<int>(slot->get_int64()) : -1;
    o.erase(kSlotKey);
    auto it = by_slot.find(n);
    if (it != by_slot.end()) {
      json::value& params = o["params"];
      if (!params.is_array()) params.emplace_array();
      for (json::value& p : it->second) params.get_array().push_back(std::move(p));
      by_slot.erase(it);
    }
  }
  for (std::string_view key : {"groups", "controls"}) {
    if (json::array* items = FindArray(o, key)) {
      for (json::value& v : *items) {
        if (json::object* child = v.if_object())
          Finalize(*child, by_slot, key == "groups", depth + 1);
      }
    }
  }
  if (depth > 0) {
    Reorder(o, is_group ? std::span<const std::string_view>(kGroupOrder)
                        : std::span<const std::string_view>(kControlOrder));
  }
}

void CollectParamIds(const json::object& owner, std::set<std::string>& ids, int depth) {
  if (depth > 4 * kMaxNesting) return;
  if (const json::array* params = FindArray(owner, "params")) {
    for (const json::value& p : *params) {
      if (const json::object* o = p.if_object()) ids.emplace(FindString(*o, "id"));
    }
  }
  for (std::string_view key : {"groups", "controls"}) {
    if (const json::array* items = FindArray(owner, key)) {
      for (const json::value& v : *items) {
        if (const json::object* o = v.if_object()) CollectParamIds(*o, ids, depth + 1);
      }
    }
  }
}

}  // namespace

void BuildBody(const std::vector<Source>& sources, Structure structure, json::object& out,
               std::vector<LooseParam>& loose) {
  int next_slot = 1;
  out[kSlotKey] = 0;
  if (structure == Structure::kFlat) {
    json::array top;
    for (const Source& source : sources) {
      BodyBuilder builder(source, loose, next_slot);
      builder.Flat(top);
    }
    if (!top.empty()) out["controls"] = std::move(top);
    return;
  }
  json::array controls;
  json::array groups;
  for (const Source& source : sources) {
    BodyBuilder builder(source, loose, next_slot);
    json::object part;
    builder.AsIs(part);
    for (json::value& c : part["controls"].get_array()) controls.push_back(std::move(c));
    for (json::value& g : part["groups"].get_array()) groups.push_back(std::move(g));
  }
  if (!controls.empty()) out["controls"] = std::move(controls);
  if (!groups.empty()) out["groups"] = std::move(groups);
}

bool HasKeepAlways(const json::object& o) {
  const json::array* props = FindArray(o, "props");
  if (props == nullptr) return false;
  for (const json::value& p : *props) {
    const json::object* prop = p.if_object();
    if (prop != nullptr && FindString(*prop, "name") == "keep" &&
        FindString(*prop, "value") == "always") {
      return true;
    }
  }
  return false;
}

void PlaceLooseParams(json::object& out, std::vector<LooseParam>& loose,
                      const std::set<std::string>& pinned) {
  // Kept: what the result inserts (transitively), what modify names (req-prune-modify) and what
  // is marked keep=always (req-prune-keep).
  std::set<std::string> referenced = pinned;
  for (const auto& kv : out) CollectInserts(kv.value(), referenced);
  // A param is placed once: the same catalog imported twice offers its loose params twice, and
  // a param already inside a selected control is not repeated loose.
  std::set<std::string> defined;
  CollectParamIds(out, defined, 0);
  std::vector<bool> keep(loose.size(), false);
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t k = 0; k < loose.size(); ++k) {
      if (keep[k]) continue;
      const json::object* p = loose[k].param.if_object();
      const std::string id(p == nullptr ? std::string_view() : FindString(*p, "id"));
      const bool wanted = referenced.count(id) != 0 || (p != nullptr && HasKeepAlways(*p));
      if (!wanted || defined.count(id) != 0) continue;
      keep[k] = true;
      changed = true;
      defined.insert(id);
      CollectInserts(loose[k].param, referenced);
    }
  }
  std::map<int, json::array> by_slot;
  for (size_t k = 0; k < loose.size(); ++k) {
    if (keep[k]) by_slot[loose[k].slot].push_back(std::move(loose[k].param));
  }
  loose.clear();
  Finalize(out, by_slot, false, 0);
}

json::object* FindResultControl(json::object& owner, std::string_view id, int depth) {
  if (depth > 4 * kMaxNesting) return nullptr;
  for (std::string_view key : {"controls", "groups"}) {
    json::array* items = FindArray(owner, key);
    if (items == nullptr) continue;
    for (json::value& v : *items) {
      json::object* o = v.if_object();
      if (o == nullptr) continue;
      if (key == "controls" && FindString(*o, "id") == id) return o;
      if (json::object* found = FindResultControl(*o, id, depth + 1)) return found;
    }
  }
  return nullptr;
}

}  // namespace qx::oscal::detail
