// The validating walk over an OSCAL catalog that CatalogIndex::Build runs: checks the model
// (types, required members, id syntax and uniqueness, nesting depth, inserts, Qalxan props) and
// collects the index entries.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "qx/core/result.h"
#include "qx/oscal/catalog_index.h"

namespace qx::oscal::detail {

struct CatalogWalkResult {
  std::vector<ControlInfo> controls;
  std::vector<std::vector<uint32_t>> locators;
  std::vector<std::string> param_ids;  // sorted
  std::vector<std::string> group_ids;  // sorted
};

class CatalogWalker {
 public:
  // Walks the catalog object found at `path` ("$.catalog").
  Result<CatalogWalkResult> Walk(const boost::json::object& catalog, const std::string& path);

 private:
  struct Place {
    std::vector<std::string> group_path;
    std::vector<uint32_t> locator;
    std::string parent_control;
  };

  Status Group(const boost::json::object& g, const std::string& path, int depth, Place& place);
  Status Control(const boost::json::object& c, const std::string& path, int depth, Place& place);
  Status Children(const boost::json::object& owner, const std::string& path, int depth,
                  Place& place);
  Status Params(const boost::json::object& owner, const std::string& path,
                std::vector<ParamInfo>* out);
  Status Param(const boost::json::object& p, const std::string& path, ParamInfo& out);
  Status Props(const boost::json::object& owner, const std::string& path, Applicability& app);
  Status Links(const boost::json::object& owner, const std::string& path);
  Status Parts(const boost::json::object& owner, const std::string& path, int depth,
               std::vector<PartText>& out);
  Status Markup(std::string_view text, const std::string& path);
  Status MarkupMember(const boost::json::object& o, std::string_view key, const std::string& path,
                      std::string* out);
  Status ClaimId(std::string_view id, const std::string& path);
  Status BackMatter(const boost::json::object& catalog, const std::string& path);

  CatalogWalkResult result_;
  std::unordered_set<std::string> ids_;  // groups, controls, parts
  std::unordered_set<std::string> param_ids_;
  std::vector<std::pair<std::string, std::string>> inserts_;  // param id, path of the text
};

}  // namespace qx::oscal::detail
