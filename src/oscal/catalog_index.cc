#include "qx/oscal/catalog_index.h"

#include <algorithm>

#include "catalog_walk.h"
#include "datatypes.h"
#include "json_util.h"

namespace qx::oscal {
namespace {

namespace json = boost::json;

bool SortedContains(const std::vector<std::string>& sorted, std::string_view key) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), key,
                             [](const std::string& a, std::string_view b) { return a < b; });
  return it != sorted.end() && *it == key;
}

}  // namespace

Result<CatalogIndex> CatalogIndex::BuildStored(json::value document) {
  const detail::StoredDocumentScope stored;
  return Build(std::move(document));
}

Result<CatalogIndex> CatalogIndex::Build(json::value document) {
  const json::object* root = document.if_object();
  if (root == nullptr) return detail::Invalid("$", "expected an object");
  QX_ASSIGN_OR_RETURN(const json::object* catalog, detail::RequireObject(*root, "catalog", "$"));
  detail::CatalogWalker walker;
  QX_ASSIGN_OR_RETURN(detail::CatalogWalkResult walked, walker.Walk(*catalog, "$.catalog"));

  CatalogIndex index;
  index.uuid_ = std::string(detail::FindString(*catalog, "uuid"));
  const json::object* metadata = detail::FindObject(*catalog, "metadata");
  index.title_ = std::string(detail::FindString(*metadata, "title"));
  index.version_ = std::string(detail::FindString(*metadata, "version"));
  index.controls_ = std::move(walked.controls);
  index.locators_ = std::move(walked.locators);
  index.param_ids_ = std::move(walked.param_ids);
  index.group_ids_ = std::move(walked.group_ids);
  for (size_t i = 0; i < index.controls_.size(); ++i)
    index.by_id_.emplace(index.controls_[i].id, i);
  index.document_ = std::move(document);
  return index;
}

const ControlInfo* CatalogIndex::Find(std::string_view control_id) const {
  auto it = by_id_.find(std::string(control_id));
  return it == by_id_.end() ? nullptr : &controls_[it->second];
}

bool CatalogIndex::HasParam(std::string_view param_id) const {
  return SortedContains(param_ids_, param_id);
}

bool CatalogIndex::HasGroup(std::string_view group_id) const {
  return SortedContains(group_ids_, group_id);
}

const json::object* CatalogIndex::ControlObject(std::string_view control_id) const {
  auto it = by_id_.find(std::string(control_id));
  if (it == by_id_.end()) return nullptr;
  const json::object* root = document_.if_object();
  const json::object* node = root == nullptr ? nullptr : detail::FindObject(*root, "catalog");
  for (uint32_t step : locators_[it->second]) {
    if (node == nullptr) return nullptr;
    const json::array* items = detail::FindArray(*node, (step & 1) != 0 ? "controls" : "groups");
    const size_t i = step / 2;
    if (items == nullptr || i >= items->size()) return nullptr;
    node = (*items)[i].if_object();
  }
  return node;
}

}  // namespace qx::oscal
