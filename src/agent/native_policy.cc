#include "qx/agent/native_policy.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <sstream>

#include "qx/agent/command_check.h"
#include "qx/agent/regex.h"

namespace qx::agent {
namespace {

constexpr std::string_view kOvalNs = "http://oval.mitre.org/XMLSchema/oval-definitions-5";

XmlNode Node(std::string name, std::vector<std::pair<std::string, std::string>> attrs = {},
             std::string text = "", std::vector<XmlNode> children = {}) {
  XmlNode n;
  n.name = std::move(name);
  n.ns = std::string(kOvalNs);
  n.attrs = std::move(attrs);
  n.text = std::move(text);
  n.children = std::move(children);
  return n;
}

std::string EscapeRegex(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\^$.|?*+()[]{}/").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

struct InvalidRule {
  std::string message;
};

// Builds the OVAL elements of one rule; throws InvalidRule (caught per policy) for bad fields.
class RuleCompiler {
 public:
  RuleCompiler(std::string rule_id, XmlNode& definitions, XmlNode& tests, XmlNode& objects,
               XmlNode& states, XmlNode& variables)
      : base_("oval:qx-" + rule_id), defs_(definitions), tests_(tests), objects_(objects),
        states_(states), variables_(variables) {}

  std::string Compile(const std::string& kind, const YAML::Node& spec) {
    std::vector<std::string> tests;
    if (kind == "file_content") tests = FileContent(spec);
    else if (kind == "file") tests = File(spec);
    else if (kind == "no_world_writable") tests = NoWorldWritable(spec);
    else if (kind == "sysctl") tests = Sysctl(spec);
    else if (kind == "package") tests = Package(spec);
    else if (kind == "systemd_unit") tests = SystemdUnit(spec);
    else if (kind == "mount") tests = Mount(spec);
    else if (kind == "listening_ports") tests = ListeningPorts(spec);
    else if (kind == "users") tests = Users(spec);
    else throw InvalidRule{"unknown check type '" + kind + "'"};
    std::vector<XmlNode> criteria;
    for (const std::string& t : tests) criteria.push_back(Node("criterion", {{"test_ref", t}}));
    const std::string id = base_ + ":def:1";
    defs_.children.push_back(Node("definition", {{"id", id}, {"class", "compliance"}}, "",
                                  {Node("criteria", {{"operator", "AND"}}, "", std::move(criteria))}));
    return id;
  }

 private:
  static std::string Str(const YAML::Node& spec, const char* key, bool required = true) {
    const YAML::Node v = spec[key];
    if (!v) {
      if (required) throw InvalidRule{std::string("missing '") + key + "'"};
      return "";
    }
    if (!v.IsScalar()) throw InvalidRule{std::string("'") + key + "' must be a scalar"};
    return v.as<std::string>();
  }
  static std::vector<std::string> List(const YAML::Node& spec, const char* key) {
    std::vector<std::string> out;
    const YAML::Node v = spec[key];
    if (!v) return out;
    if (v.IsScalar()) return {v.as<std::string>()};
    if (!v.IsSequence()) throw InvalidRule{std::string("'") + key + "' must be a list"};
    for (const auto& x : v) {
      if (!x.IsScalar()) throw InvalidRule{std::string("'") + key + "' must hold scalars"};
      out.push_back(x.as<std::string>());
    }
    return out;
  }
  static bool Bool(const YAML::Node& spec, const char* key, bool fallback) {
    const YAML::Node v = spec[key];
    if (!v) return fallback;
    const std::string s = v.IsScalar() ? v.as<std::string>() : "";
    if (s == "true" || s == "yes") return true;
    if (s == "false" || s == "no") return false;
    throw InvalidRule{std::string("'") + key + "' must be true or false"};
  }
  static void CheckRegex(const std::string& re) {
    auto ok = Regex::Compile(re);
    if (!ok) throw InvalidRule{ok.error().message};
  }

  std::string Next(const char* kind) { return base_ + "-" + std::to_string(++n_) + ":" + kind + ":1"; }

  std::string AddObject(const std::string& type, std::vector<XmlNode> entities) {
    const std::string id = Next("obj");
    XmlNode o = Node(type + "_object", {{"id", id}});
    o.children = std::move(entities);
    objects_.children.push_back(std::move(o));
    return id;
  }
  std::string AddState(const std::string& type, std::vector<XmlNode> entities, const std::string& op = "AND") {
    const std::string id = Next("ste");
    XmlNode s = Node(type + "_state", {{"id", id}, {"operator", op}});
    s.children = std::move(entities);
    states_.children.push_back(std::move(s));
    return id;
  }
  std::string AddTest(const std::string& type, const std::string& object, std::vector<std::string> states,
                      const std::string& existence, const std::string& check = "all") {
    const std::string id = Next("tst");
    XmlNode t = Node(type + "_test", {{"id", id}, {"check", check}, {"check_existence", existence}});
    t.children.push_back(Node("object", {{"object_ref", object}}));
    for (const std::string& s : states) t.children.push_back(Node("state", {{"state_ref", s}}));
    tests_.children.push_back(std::move(t));
    return id;
  }
  std::string AddConstant(const std::vector<std::string>& values, const std::string& datatype) {
    const std::string id = Next("var");
    XmlNode v = Node("constant_variable", {{"id", id}, {"datatype", datatype}});
    for (const std::string& x : values) v.children.push_back(Node("value", {}, x));
    variables_.children.push_back(std::move(v));
    return id;
  }

  std::vector<std::string> FileContent(const YAML::Node& spec) {
    const std::string path = Str(spec, "path");
    const std::string line = Str(spec, "line", false), regex = Str(spec, "regex", false), key = Str(spec, "key", false);
    const bool absent = Bool(spec, "absent", false);
    std::string pattern;
    std::vector<XmlNode> state;
    if (!key.empty()) {
      const std::string sep = Str(spec, "separator", false);
      const std::string sep_re = sep.empty() ? "(?:[ \\t]*=[ \\t]*|[ \\t]+)" : "[ \\t]*" + EscapeRegex(sep) + "[ \\t]*";
      pattern = "^[ \\t]*" + EscapeRegex(key) + sep_re + "(.*?)[ \\t]*$";
      if (const std::string v = Str(spec, "equals", false); !v.empty()) {
        state.push_back(Node("subexpression", {{"operation", "equals"}}, v));
      } else if (const std::string m = Str(spec, "match", false); !m.empty()) {
        CheckRegex(m);
        state.push_back(Node("subexpression", {{"operation", "pattern match"}}, m));
      } else if (const std::string most = Str(spec, "at_most", false); !most.empty()) {
        state.push_back(Node("subexpression", {{"operation", "less than or equal"}, {"datatype", "int"}}, most));
      } else if (const std::string least = Str(spec, "at_least", false); !least.empty()) {
        state.push_back(Node("subexpression", {{"operation", "greater than or equal"}, {"datatype", "int"}}, least));
      } else if (!absent) {
        throw InvalidRule{"a key check needs equals, match, at_most, at_least or absent"};
      }
    } else if (!line.empty()) {
      pattern = "^" + EscapeRegex(line) + "$";
    } else if (!regex.empty()) {
      pattern = regex;
    } else {
      throw InvalidRule{"file_content needs line, regex or key"};
    }
    CheckRegex(pattern);
    const std::string object = AddObject("textfilecontent54", {
        Node("filepath", {}, path), Node("pattern", {{"operation", "pattern match"}}, pattern),
        Node("instance", {{"datatype", "int"}, {"operation", "greater than or equal"}}, "1")});
    std::vector<std::string> states;
    if (!state.empty() && !absent) states.push_back(AddState("textfilecontent54", std::move(state)));
    return {AddTest("textfilecontent54", object, states, absent ? "none_exist" : "at_least_one_exists")};
  }

  std::vector<std::string> File(const YAML::Node& spec) {
    const std::string path = Str(spec, "path");
    const bool exists = Bool(spec, "exists", true);
    const std::string object = AddObject("file", {Node("filepath", {}, path)});
    if (!exists) return {AddTest("file", object, {}, "none_exist")};
    std::vector<XmlNode> entities;
    if (const std::string mode = Str(spec, "mode_max", false); !mode.empty()) {
      unsigned long allowed = 0;
      try {
        allowed = std::stoul(mode, nullptr, 8);
      } catch (...) {
        throw InvalidRule{"mode_max must be octal, e.g. 0640"};
      }
      if (allowed > 07777) throw InvalidRule{"mode_max must be octal, e.g. 0640"};
      static const std::pair<unsigned, const char*> kBits[] = {
          {04000, "suid"}, {02000, "sgid"}, {01000, "sticky"}, {0400, "uread"}, {0200, "uwrite"},
          {0100, "uexec"}, {040, "gread"}, {020, "gwrite"}, {010, "gexec"}, {04, "oread"},
          {02, "owrite"}, {01, "oexec"}};
      for (const auto& [bit, name] : kBits) {
        if (!(allowed & bit)) entities.push_back(Node(name, {{"datatype", "boolean"}}, "false"));
      }
    }
    if (const std::string owner = Str(spec, "owner_uid", false); !owner.empty()) {
      entities.push_back(Node("user_id", {{"datatype", "int"}}, owner));
    }
    if (const std::string group = Str(spec, "group_gid", false); !group.empty()) {
      entities.push_back(Node("group_id", {{"datatype", "int"}}, group));
    }
    std::vector<std::string> states;
    if (!entities.empty()) states.push_back(AddState("file", std::move(entities)));
    return {AddTest("file", object, states, "at_least_one_exists")};
  }

  std::vector<std::string> NoWorldWritable(const YAML::Node& spec) {
    const std::string root = Str(spec, "root", false).empty() ? "/" : Str(spec, "root", false);
    const std::string scope = Str(spec, "filesystems", false).empty() ? "defined" : Str(spec, "filesystems", false);
    if (scope != "defined" && scope != "local" && scope != "all") throw InvalidRule{"filesystems: defined, local or all"};
    // World-writable entries other than symbolic links and sticky directories.
    const std::string bad = AddState("file", {Node("owrite", {{"datatype", "boolean"}}, "true"),
                                              Node("type", {{"operation", "not equal"}}, "symbolic link")});
    const std::string sticky_dir = AddState("file", {Node("type", {}, "directory"),
                                                     Node("sticky", {{"datatype", "boolean"}}, "true")});
    XmlNode behaviors = Node("behaviors", {{"recurse", "directories"}, {"recurse_direction", "down"},
                                           {"max_depth", "-1"}, {"recurse_file_system", scope}});
    std::vector<XmlNode> entities{std::move(behaviors), Node("path", {}, root),
                                  Node("filename", {{"operation", "pattern match"}}, ".*"),
                                  Node("filter", {{"action", "include"}}, bad),
                                  Node("filter", {{"action", "exclude"}}, sticky_dir)};
    for (const std::string& ex : List(spec, "exclude")) {
      entities.push_back(Node("filter", {{"action", "exclude"}},
                              AddState("file", {Node("filepath", {{"operation", "pattern match"}}, "^" + EscapeRegex(ex) + "(/|$)")})));
    }
    const std::string object = AddObject("file", std::move(entities));
    return {AddTest("file", object, {}, "none_exist")};
  }

  std::vector<std::string> Sysctl(const YAML::Node& spec) {
    const std::string object = AddObject("sysctl", {Node("name", {}, Str(spec, "name"))});
    const std::string state = AddState("sysctl", {Node("value", {}, Str(spec, "equals"))});
    return {AddTest("sysctl", object, {state}, "at_least_one_exists")};
  }

  std::vector<std::string> Package(const YAML::Node& spec) {
    const std::string object = AddObject("dpkginfo", {Node("name", {}, Str(spec, "name"))});
    if (!Bool(spec, "installed", true)) return {AddTest("dpkginfo", object, {}, "none_exist")};
    std::vector<std::string> states;
    if (const std::string v = Str(spec, "version_at_least", false); !v.empty()) {
      states.push_back(AddState("dpkginfo", {Node("evr", {{"datatype", "debian_evr_string"}, {"operation", "greater than or equal"}}, v)}));
    }
    if (const std::string v = Str(spec, "version_below", false); !v.empty()) {
      states.push_back(AddState("dpkginfo", {Node("evr", {{"datatype", "debian_evr_string"}, {"operation", "less than"}}, v)}));
    }
    return {AddTest("dpkginfo", object, states, "at_least_one_exists")};
  }

  std::vector<std::string> SystemdUnit(const YAML::Node& spec) {
    const std::string object = AddObject("systemdunitproperty", {Node("unit", {}, Str(spec, "unit")), Node("property", {}, "UnitFileState")});
    std::string want = "enabled";
    if (Bool(spec, "masked", false)) want = "masked";
    else if (!Bool(spec, "enabled", true)) want = "disabled";
    const std::string state = AddState("systemdunitproperty", {Node("value", {{"operation", want == "disabled" ? "not equal" : "equals"}}, want == "disabled" ? "enabled" : want)});
    return {AddTest("systemdunitproperty", object, {state}, "at_least_one_exists")};
  }

  std::vector<std::string> Mount(const YAML::Node& spec) {
    const std::string object = AddObject("partition", {Node("mount_point", {}, Str(spec, "mount_point"))});
    std::vector<std::string> states;
    for (const std::string& o : List(spec, "options")) {
      states.push_back(AddState("partition", {Node("mount_options", {{"entity_check", "at least one"}}, o)}));
    }
    return {AddTest("partition", object, states, "at_least_one_exists")};
  }

  std::vector<std::string> ListeningPorts(const YAML::Node& spec) {
    const auto allowed = List(spec, "allowed"), forbidden = List(spec, "forbidden");
    if (allowed.empty() == forbidden.empty()) throw InvalidRule{"listening_ports needs either allowed or forbidden"};
    const std::string protocol = Str(spec, "protocol", false).empty() ? "tcp" : Str(spec, "protocol", false);
    const std::string var = AddConstant(allowed.empty() ? forbidden : allowed, "int");
    XmlNode port = allowed.empty()
                       ? Node("local_port", {{"var_ref", var}, {"datatype", "int"}})
                       : Node("local_port", {{"var_ref", var}, {"datatype", "int"}, {"operation", "not equal"}, {"var_check", "all"}});
    const std::string object = AddObject("listening_port", {Node("protocol", {}, protocol), std::move(port)});
    return {AddTest("listening_port", object, {}, "none_exist")};
  }

  std::vector<std::string> Users(const YAML::Node& spec) {
    std::vector<std::string> tests;
    if (Bool(spec, "only_root_has_uid_0", false)) {
      const std::string filter = AddState("password", {Node("user_id", {{"datatype", "int"}}, "0"),
                                                       Node("username", {{"operation", "not equal"}}, "root")});
      const std::string object = AddObject("password", {Node("username", {{"operation", "pattern match"}}, ".*"),
                                                        Node("filter", {{"action", "include"}}, filter)});
      tests.push_back(AddTest("password", object, {}, "none_exist"));
    }
    if (Bool(spec, "no_empty_passwords", false)) {
      const std::string filter = AddState("shadow", {Node("password", {{"operation", "pattern match"}}, "^$")});
      const std::string object = AddObject("shadow", {Node("username", {{"operation", "pattern match"}}, ".*"),
                                                      Node("filter", {{"action", "include"}}, filter)});
      tests.push_back(AddTest("shadow", object, {}, "none_exist"));
    }
    if (const std::string max = Str(spec, "password_max_days_at_most", false); !max.empty()) {
      const std::string filter = AddState("shadow", {Node("password", {{"operation", "pattern match"}}, "^\\$")});
      const std::string object = AddObject("shadow", {Node("username", {{"operation", "pattern match"}}, ".*"),
                                                      Node("filter", {{"action", "include"}}, filter)});
      const std::string state = AddState("shadow", {Node("chg_req", {{"datatype", "int"}, {"operation", "less than or equal"}}, max)});
      tests.push_back(AddTest("shadow", object, {state}, "any_exist"));
    }
    if (tests.empty()) throw InvalidRule{"users needs only_root_has_uid_0, no_empty_passwords or password_max_days_at_most"};
    return tests;
  }

  std::string base_;
  XmlNode &defs_, &tests_, &objects_, &states_, &variables_;
  int n_ = 0;
};

}  // namespace

bool LooksLikeNativePolicy(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  return i >= text.size() || text[i] != '<';
}

Result<NativePolicy> ParseNativePolicy(std::string_view yaml) {
  auto bad = [](std::string why) { return MakeError(ErrorCode::kInvalidArgument, "policy: " + why); };
  if (yaml.size() > (16u << 20)) return bad("larger than 16 MiB");
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return bad(std::string("not valid YAML: ") + e.what());
  }
  if (!root.IsMap()) return bad("the document must be a mapping");
  NativePolicy policy;
  XmlNode doc = Node("oval_definitions");
  XmlNode definitions = Node("definitions"), tests = Node("tests"), objects = Node("objects"),
          states = Node("states"), variables = Node("variables");
  try {
    if (!root["policy"] || !root["policy"].IsScalar()) return bad("missing 'policy' (its id)");
    policy.id = root["policy"].as<std::string>();
    if (root["version"] && root["version"].IsScalar()) policy.version = root["version"].as<std::string>();
    const YAML::Node rules = root["rules"];
    if (!rules || !rules.IsSequence() || rules.size() == 0) return bad("'rules' must be a non-empty list");
    std::set<std::string> ids;
    static const Regex* id_re = nullptr;
    auto id_pattern = Regex::Cached("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$");
    id_re = id_pattern->get();
    for (const YAML::Node& r : rules) {
      if (!r.IsMap()) return bad("each rule must be a mapping");
      NativeRule rule;
      if (!r["id"] || !r["id"].IsScalar()) return bad("a rule without 'id'");
      rule.id = r["id"].as<std::string>();
      auto id_ok = id_re->Search(rule.id);
      if (!id_ok || !*id_ok) return bad("rule id '" + rule.id + "' must be letters, digits, '.', '_' or '-'");
      if (!ids.insert(rule.id).second) return bad("rule id '" + rule.id + "' appears twice");
      if (r["title"] && r["title"].IsScalar()) rule.title = r["title"].as<std::string>();
      const YAML::Node reqs = r["requirements"];
      if (!reqs || !reqs.IsSequence() || reqs.size() == 0) return bad("rule " + rule.id + ": 'requirements' must list requirement ids");
      for (const auto& q : reqs) {
        if (!q.IsScalar()) return bad("rule " + rule.id + ": requirement ids must be scalars");
        rule.requirements.push_back(q.as<std::string>());
      }
      const YAML::Node check = r["check"];
      if (!check || !check.IsMap() || check.size() != 1) return bad("rule " + rule.id + ": 'check' must hold exactly one check");
      const std::string kind = check.begin()->first.as<std::string>();
      const YAML::Node spec = check.begin()->second;
      if (!spec.IsMap()) return bad("rule " + rule.id + ": the " + kind + " check must be a mapping");
      try {
        if (kind == "command") {
          auto cmd = std::make_unique<CommandSpec>();
          const YAML::Node argv = spec["argv"];
          if (!argv || !argv.IsSequence() || argv.size() == 0) throw InvalidRule{"'argv' must be a non-empty list"};
          for (const auto& a : argv) cmd->argv.push_back(a.as<std::string>());
          if (cmd->argv[0].empty() || cmd->argv[0][0] != '/') throw InvalidRule{"argv[0] must be an absolute path (no shell, no PATH search)"};
          if (spec["expect_exit"]) cmd->expect_exit = spec["expect_exit"].as<int>();
          if (spec["output_regex"]) cmd->output_regex = spec["output_regex"].as<std::string>();
          if (!cmd->output_regex.empty()) {
            auto ok = Regex::Compile(cmd->output_regex);
            if (!ok) throw InvalidRule{ok.error().message};
          }
          if (spec["timeout_seconds"]) cmd->timeout_seconds = spec["timeout_seconds"].as<int>();
          if (cmd->timeout_seconds < 1 || cmd->timeout_seconds > 300) throw InvalidRule{"timeout_seconds must be 1..300"};
          rule.command = std::move(cmd);
        } else {
          RuleCompiler compiler(rule.id, definitions, tests, objects, states, variables);
          rule.definition_id = compiler.Compile(kind, spec);
        }
      } catch (const InvalidRule& e) {
        return bad("rule " + rule.id + ": " + e.message);
      }
      policy.rules.push_back(std::move(rule));
    }
  } catch (const YAML::Exception& e) {
    return bad(std::string("unexpected value: ") + e.what());
  }
  for (XmlNode* section : {&definitions, &tests, &objects, &states, &variables}) doc.children.push_back(std::move(*section));
  policy.oval = std::make_shared<OvalDocument>();
  QX_RETURN_IF_ERROR(policy.oval->Add(std::move(doc)));
  return policy;
}

ScanReport EvaluateNativePolicy(const NativePolicy& policy, const Host& host, const NativeRunOptions& options) {
  ScanReport report;
  report.policy_kind = "native";
  report.policy_id = policy.id;
  OvalEngine engine(*policy.oval, host, options.oval);
  std::vector<std::string> defs;
  for (const NativeRule& r : policy.rules) {
    if (!r.definition_id.empty()) defs.push_back(r.definition_id);
  }
  engine.PlanWalks(defs);
  for (const NativeRule& r : policy.rules) {
    RuleResult rr{r.id, "error", "", r.requirements};
    if (r.command) {
      if (!options.policy_signed) {
        rr.result = "notchecked";
        rr.reason = "command checks run only from a policy signed by the regulator";
      } else if (!options.commands_enabled) {
        rr.result = "notchecked";
        rr.reason = "command checks are disabled in this agent's configuration (allow_command_checks)";
      } else {
        auto run = RunCommand(r.command->argv, r.command->timeout_seconds, r.command->max_output_bytes);
        if (!run) {
          rr.reason = run.error().message;
        } else if (run->timed_out) {
          rr.reason = "timed out after " + std::to_string(r.command->timeout_seconds) + " s";
        } else if (run->output_truncated) {
          rr.reason = "output larger than " + std::to_string(r.command->max_output_bytes) + " bytes";
        } else {
          bool ok = run->exit_code == r.command->expect_exit;
          if (ok && !r.command->output_regex.empty()) {
            auto re = Regex::Cached(r.command->output_regex, Regex::kMultiline);
            auto m = re ? (*re)->Search(run->output) : Result<bool>(false);
            ok = m && *m;
          }
          rr.result = ok ? "pass" : "fail";
          if (!ok) rr.reason = "exit code " + std::to_string(run->exit_code);
        }
      }
    } else {
      DefinitionOutcome o = engine.EvaluateDefinition(r.definition_id);
      switch (o.result) {
        case OvalResult::kTrue: rr.result = "pass"; break;
        case OvalResult::kFalse: rr.result = "fail"; break;
        case OvalResult::kNotApplicable: rr.result = "notapplicable"; break;
        case OvalResult::kNotEvaluated: rr.result = "notchecked"; break;
        default: rr.result = "error"; break;
      }
      if (rr.result != "pass" && rr.result != "fail") rr.reason = o.reason;
    }
    report.rules.push_back(std::move(rr));
  }
  report.filesystem_walks = engine.walks();
  report.walk = engine.walk_stats();
  return report;
}

}  // namespace qx::agent
