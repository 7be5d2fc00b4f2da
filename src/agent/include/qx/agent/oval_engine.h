// Evaluates OVAL 5.11 definitions against a Host: criteria logic, tests with check and
// check_existence, states, objects with filters and sets, and constant, external and local
// variables. Probes implement the test types the SCAP Security Guide's Debian content uses; any
// other type is "not evaluated" with the reason, never silently skipped.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "qx/agent/file_walk.h"
#include "qx/agent/regex.h"
#include "qx/agent/host.h"
#include "qx/agent/oval_item.h"
#include "qx/agent/oval_logic.h"
#include "qx/agent/xml.h"
#include "qx/core/result.h"

namespace qx::agent {

// The elements of one or more oval_definitions documents, indexed by id.
class OvalDocument {
 public:
  // Indexes definitions, tests, objects, states and variables of an oval_definitions element.
  Status Add(XmlNode oval_definitions);
  const XmlNode* Find(const std::string& id) const;
  std::vector<std::string> DefinitionIds() const;

 private:
  std::vector<std::unique_ptr<XmlNode>> roots_;
  std::unordered_map<std::string, const XmlNode*> by_id_;
  std::vector<std::string> definitions_;
};

struct OvalOptions {
  std::map<std::string, std::vector<std::string>> external_variables;
  size_t max_file_bytes = 64u << 20;  // textfilecontent reads larger files as an item error
  int64_t now_seconds = 0;            // for time_difference; 0: the system clock
};

struct DefinitionOutcome {
  OvalResult result = OvalResult::kError;
  std::string reason;  // why, when not true/false (the first error or unsupported construct)
};

class OvalEngine {
 public:
  OvalEngine(const OvalDocument& doc, const Host& host, OvalOptions options);
  ~OvalEngine();

  DefinitionOutcome EvaluateDefinition(const std::string& id);
  // Registers the walking objects reachable from these definitions so that the first one asked
  // for triggers a single filesystem walk answering them all.
  void PlanWalks(const std::vector<std::string>& definition_ids);
  const WalkStats& walk_stats() const { return walk_stats_; }
  size_t walks() const { return walks_; }

  // Exposed for tests and the native policy compiler.
  Result<Collected> CollectObject(const std::string& id);
  Result<std::vector<std::string>> VariableValues(const std::string& id);

 private:
  struct Outcome {
    OvalResult result;
    std::string reason;
  };
  Outcome EvalCriteria(const XmlNode& criteria, int depth);
  Outcome EvalTest(const std::string& id);
  Outcome EvalTestUncached(const XmlNode& test);
  Result<OvalResult> MatchState(const XmlNode& state, const Item& item);
  Result<OvalResult> MatchStateEntity(const XmlNode& entity, const Item& item, std::string_view field);
  // A state entity with its wanted values resolved (and parsed or compiled) once per scan: walks
  // compare hundreds of thousands of items against the same few states.
  struct PreparedEntity {
    std::string datatype, operation;
    OvalCheck entity_check = OvalCheck::kAll, var_check = OvalCheck::kAll;
    std::vector<std::string> wanted;
    std::vector<long long> wanted_int;                     // datatype int
    std::vector<std::shared_ptr<const Regex>> regexes;  // operation pattern match
  };
  Result<const PreparedEntity*> Prepare(const XmlNode& entity);
  std::unordered_map<const XmlNode*, PreparedEntity> prepared_;
  Result<Collected> CollectUncached(const XmlNode& object);
  Result<Collected> CollectSet(const XmlNode& set);
  Status ApplyFilters(const XmlNode& holder, std::vector<Item>& items);
  Result<std::vector<std::string>> VariableUncached(const XmlNode& var);
  Result<std::vector<std::string>> Component(const XmlNode& component);

  // Object entities: the values an object entity stands for (literal or from a variable).
  struct EntitySpec {
    bool present = false;
    bool nil = false;
    std::string operation = "equals";
    std::string datatype = "string";
    std::string var_check = "all";
    std::vector<std::string> values;
    std::vector<std::shared_ptr<const Regex>> regexes;  // compiled values of a pattern match
  };
  Result<EntitySpec> ObjectEntity(const XmlNode& object, std::string_view name);
  // True when value satisfies the entity (over its values, combined by var_check).
  Result<bool> EntityMatches(const EntitySpec& spec, std::string_view value);

  // Probes (probe_*.cc).
  Result<Collected> ProbeFile(const XmlNode& object, bool content);
  Result<Collected> ProbeDpkg(const XmlNode& object);
  Result<Collected> ProbeSysctl(const XmlNode& object);
  Result<Collected> ProbePartition(const XmlNode& object);
  Result<Collected> ProbeUname(const XmlNode& object);
  Result<Collected> ProbeFamily(const XmlNode& object);
  Result<Collected> ProbeShadow(const XmlNode& object);
  Result<Collected> ProbePassword(const XmlNode& object);
  Result<Collected> ProbeEnvironment(const XmlNode& object);
  Result<Collected> ProbeVariable(const XmlNode& object);
  Result<Collected> ProbeSystemdProperty(const XmlNode& object);
  Result<Collected> ProbeSystemdDependency(const XmlNode& object);
  Result<Collected> ProbeListeningPorts(const XmlNode& object);

  // Walk planning and the single walk (probe_file.cc).
  struct PendingWalk;
  Result<std::optional<WalkRequest>> WalkRequestFor(const XmlNode& object);
  void RunPlannedWalk();
  void CollectReachableObjects(const XmlNode& node, std::set<std::string>& objects, std::set<std::string>& seen,
                               int depth = 0);
  Item FileItem(const std::string& dir, std::optional<std::string_view> name, const FileStat& st);
  Status ContentItems(const XmlNode& object, const std::string& filepath, std::vector<Item>& out);

  // Installed packages from the dpkg database, read once per scan.
  struct Package {
    std::string name, arch, version;
  };
  Result<std::vector<Package>> InstalledPackages();
  std::optional<Result<std::vector<Package>>> packages_;

  const OvalDocument& doc_;
  const Host& host_;
  OvalOptions options_;
  std::unordered_map<std::string, Outcome> definition_cache_;
  std::unordered_map<std::string, Outcome> test_cache_;
  std::unordered_map<std::string, Result<Collected>> object_cache_;
  std::unordered_map<std::string, Result<std::vector<std::string>>> variable_cache_;
  std::set<std::string> in_progress_;  // cycle guard for definitions, objects and variables
  int depth_ = 0;                      // nesting of definitions, objects and variables (stack guard)
  struct DepthGuard {
    explicit DepthGuard(int& d) : d_(d) { ++d_; }
    ~DepthGuard() { --d_; }
    int& d_;
  };
  static constexpr int kMaxDepth = 200;
  // Planned walking objects: id -> items collected by the shared walk (before filters).
  std::vector<std::string> planned_ids_;
  std::vector<WalkRequest> planned_requests_;
  std::unordered_map<std::string, std::vector<Item>> walked_;
  bool walk_done_ = false;
  WalkStats walk_stats_;
  size_t walks_ = 0;
};

// The OVAL type of an element, e.g. "textfilecontent54" for textfilecontent54_object.
std::string OvalKind(const XmlNode& node);

}  // namespace qx::agent
