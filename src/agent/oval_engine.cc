#include "qx/agent/oval_engine.h"

#include <algorithm>
#include <charconv>

#include "qx/agent/regex.h"

namespace qx::agent {
namespace {

constexpr int kMaxCriteriaDepth = 64;

bool IsNil(const XmlNode& n) { return n.AttrOr("nil", "false") == "true"; }

bool IsRefElement(std::string_view name) {
  return name == "definition" || name.ends_with("_test") || name.ends_with("_object") ||
         name.ends_with("_state") || name.ends_with("_variable");
}

// Elements of an object or state that are not entities.
bool IsNotEntity(std::string_view name) {
  return name == "behaviors" || name == "filter" || name == "set" || name == "notes" ||
         name == "signature";
}

tl::unexpected<Error> Unsupported(std::string what) { return MakeError(ErrorCode::kInvalidArgument, "unsupported: " + what); }

}  // namespace

std::string OvalKind(const XmlNode& node) {
  const size_t cut = node.name.rfind('_');
  return cut == std::string::npos ? node.name : node.name.substr(0, cut);
}

Status OvalDocument::Add(XmlNode root) {
  if (root.name != "oval_definitions") {
    return MakeError(ErrorCode::kInvalidArgument, "not an oval_definitions document: <" + root.name + ">");
  }
  roots_.push_back(std::make_unique<XmlNode>(std::move(root)));
  for (const XmlNode& section : roots_.back()->children) {
    for (const XmlNode& element : section.children) {
      if (!IsRefElement(element.name)) continue;
      const std::string* id = element.Attr("id");
      if (!id) continue;
      by_id_[*id] = &element;
      if (element.name == "definition") definitions_.push_back(*id);
    }
  }
  return Ok();
}

const XmlNode* OvalDocument::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::vector<std::string> OvalDocument::DefinitionIds() const { return definitions_; }

OvalEngine::OvalEngine(const OvalDocument& doc, const Host& host, OvalOptions options)
    : doc_(doc), host_(host), options_(std::move(options)) {}

OvalEngine::~OvalEngine() = default;

DefinitionOutcome OvalEngine::EvaluateDefinition(const std::string& id) {
  auto cached = definition_cache_.find(id);
  if (cached != definition_cache_.end()) return {cached->second.result, cached->second.reason};
  Outcome out{OvalResult::kError, ""};
  DepthGuard guard(depth_);
  if (depth_ > kMaxDepth) return {OvalResult::kError, "definitions nested more than " + std::to_string(kMaxDepth) + " deep"};
  const XmlNode* def = doc_.Find(id);
  if (!def || def->name != "definition") {
    out.reason = "definition " + id + " not found";
  } else if (!in_progress_.insert(id).second) {
    out.reason = "definition " + id + " refers to itself";
    return {out.result, out.reason};
  } else {
    const XmlNode* criteria = def->Child("criteria");
    if (!criteria) {
      out = {OvalResult::kUnknown, "definition " + id + " has no criteria"};
    } else {
      out = EvalCriteria(*criteria, 0);
    }
    in_progress_.erase(id);
  }
  definition_cache_[id] = out;
  return {out.result, out.reason};
}

OvalEngine::Outcome OvalEngine::EvalCriteria(const XmlNode& criteria, int depth) {
  if (depth > kMaxCriteriaDepth) return {OvalResult::kError, "criteria nested too deeply"};
  auto op = ParseOperator(criteria.AttrOr("operator", "AND"));
  if (!op) return {OvalResult::kError, op.error().message};
  std::vector<OvalResult> results;
  std::string reason;
  for (const XmlNode& child : criteria.children) {
    Outcome o{OvalResult::kError, ""};
    if (child.name == "criteria") {
      o = EvalCriteria(child, depth + 1);
    } else if (child.name == "criterion") {
      o = EvalTest(child.AttrOr("test_ref", ""));
      if (child.AttrOr("negate", "false") == "true") o.result = Negate(o.result);
    } else if (child.name == "extend_definition") {
      DefinitionOutcome d = EvaluateDefinition(child.AttrOr("definition_ref", ""));
      o = {d.result, d.reason};
      if (child.AttrOr("negate", "false") == "true") o.result = Negate(o.result);
    } else {
      continue;
    }
    if (reason.empty() && o.result != OvalResult::kTrue && o.result != OvalResult::kFalse &&
        o.result != OvalResult::kNotApplicable) {
      reason = o.reason;
    }
    results.push_back(o.result);
  }
  OvalResult r = Combine(*op, results);
  if (criteria.AttrOr("negate", "false") == "true") r = Negate(r);
  return {r, r == OvalResult::kTrue || r == OvalResult::kFalse ? "" : reason};
}

OvalEngine::Outcome OvalEngine::EvalTest(const std::string& id) {
  auto cached = test_cache_.find(id);
  if (cached != test_cache_.end()) return cached->second;
  const XmlNode* test = doc_.Find(id);
  Outcome out = test ? EvalTestUncached(*test) : Outcome{OvalResult::kError, "test " + id + " not found"};
  test_cache_[id] = out;
  return out;
}

OvalEngine::Outcome OvalEngine::EvalTestUncached(const XmlNode& test) {
  const std::string id = test.AttrOr("id", "?");
  auto check = ParseCheck(test.AttrOr("check", "all"));
  auto existence = ParseExistence(test.AttrOr("check_existence", "at_least_one_exists"));
  auto state_op = ParseOperator(test.AttrOr("state_operator", "AND"));
  if (!check || !existence || !state_op) return {OvalResult::kError, "test " + id + ": bad check attributes"};
  if (test.name == "unknown_test") return {OvalResult::kUnknown, "test " + id + " is an unknown_test"};
  const XmlNode* object_ref = test.Child("object");
  if (!object_ref) return {OvalResult::kError, "test " + id + " has no object"};
  auto collected = CollectObject(object_ref->AttrOr("object_ref", ""));
  if (!collected) {
    const bool unsupported = collected.error().message.rfind("unsupported", 0) == 0;
    return {unsupported ? OvalResult::kNotEvaluated : OvalResult::kError,
            "test " + id + ": " + collected.error().message};
  }
  if (collected->flag == CollectedFlag::kError) return {OvalResult::kError, "test " + id + ": " + collected->message};
  if (collected->flag == CollectedFlag::kNotCollected) {
    return {OvalResult::kNotEvaluated, "test " + id + ": " + collected->message};
  }
  int exists = 0, errors = 0;
  for (const Item& item : collected->items) {
    if (item.status == Item::Status::kExists) ++exists;
    if (item.status == Item::Status::kError) ++errors;
  }
  OvalResult existence_result = OvalResult::kError;
  switch (*existence) {
    case OvalExistence::kAllExist:
      existence_result = errors ? OvalResult::kError : exists ? OvalResult::kTrue : OvalResult::kFalse;
      break;
    case OvalExistence::kAnyExist:
      existence_result = errors && !exists ? OvalResult::kError : OvalResult::kTrue;
      break;
    case OvalExistence::kAtLeastOneExists:
      existence_result = exists ? OvalResult::kTrue : errors ? OvalResult::kError : OvalResult::kFalse;
      break;
    case OvalExistence::kNoneExist:
      existence_result = exists ? OvalResult::kFalse : errors ? OvalResult::kError : OvalResult::kTrue;
      break;
    case OvalExistence::kOnlyOneExists:
      existence_result = exists > 1 ? OvalResult::kFalse
                         : errors   ? OvalResult::kError
                         : exists == 1 ? OvalResult::kTrue
                                       : OvalResult::kFalse;
      break;
  }
  std::string item_reason;
  for (const Item& item : collected->items) {
    if (item.status == Item::Status::kError && item_reason.empty()) item_reason = item.message;
  }
  std::vector<const XmlNode*> states;
  for (const XmlNode& c : test.children) {
    if (c.name == "state") states.push_back(&c);
  }
  if (existence_result != OvalResult::kTrue || states.empty() || exists == 0) {
    return {existence_result, existence_result == OvalResult::kError ? "test " + id + ": " + item_reason : ""};
  }
  std::vector<OvalResult> per_item;
  std::string reason;
  for (const Item& item : collected->items) {
    if (item.status != Item::Status::kExists) continue;
    std::vector<OvalResult> per_state;
    for (const XmlNode* s : states) {
      const XmlNode* state = doc_.Find(s->AttrOr("state_ref", ""));
      if (!state) {
        per_state.push_back(OvalResult::kError);
        reason = "state " + s->AttrOr("state_ref", "") + " not found";
        continue;
      }
      auto r = MatchState(*state, item);
      if (!r) {
        if (reason.empty()) reason = "state " + state->AttrOr("id", "") + ": " + r.error().message;
        per_state.push_back(OvalResult::kError);
      } else {
        per_state.push_back(*r);
      }
    }
    per_item.push_back(Combine(*state_op, per_state));
  }
  OvalResult r = ApplyCheck(*check, per_item);
  return {r, r == OvalResult::kError ? "test " + id + ": " + reason : ""};
}

Result<OvalResult> OvalEngine::MatchState(const XmlNode& state, const Item& item) {
  QX_ASSIGN_OR_RETURN(OvalOperator op, ParseOperator(state.AttrOr("operator", "AND")));
  std::vector<OvalResult> results;
  for (const XmlNode& entity : state.children) {
    if (IsNotEntity(entity.name)) continue;
    QX_ASSIGN_OR_RETURN(OvalResult r, MatchStateEntity(entity, item, entity.name));
    results.push_back(r);
  }
  if (results.empty()) return OvalResult::kTrue;
  return Combine(op, results);
}

Result<const OvalEngine::PreparedEntity*> OvalEngine::Prepare(const XmlNode& entity) {
  auto it = prepared_.find(&entity);
  if (it != prepared_.end()) return &it->second;
  PreparedEntity p;
  if (const std::string* var = entity.Attr("var_ref")) {
    QX_ASSIGN_OR_RETURN(p.wanted, VariableValues(*var));
  } else {
    p.wanted.push_back(entity.text);
  }
  QX_ASSIGN_OR_RETURN(p.entity_check, ParseCheck(entity.AttrOr("entity_check", "all")));
  QX_ASSIGN_OR_RETURN(p.var_check, ParseCheck(entity.AttrOr("var_check", "all")));
  p.datatype = entity.AttrOr("datatype", "string");
  p.operation = entity.AttrOr("operation", "equals");
  if (p.datatype == "int" && (p.operation == "equals" || p.operation == "not equal")) {
    for (const std::string& w : p.wanted) {
      long long v = 0;
      auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
      if (w.empty() || ec != std::errc() || end != w.data() + w.size()) {
        p.wanted_int.clear();
        break;
      }
      p.wanted_int.push_back(v);
    }
  }
  if (p.datatype == "string" && p.operation == "pattern match") {
    for (const std::string& w : p.wanted) {
      QX_ASSIGN_OR_RETURN(auto re, Regex::Cached(w));
      p.regexes.push_back(re);
    }
  }
  return &prepared_.emplace(&entity, std::move(p)).first->second;
}

Result<OvalResult> OvalEngine::MatchStateEntity(const XmlNode& entity, const Item& item,
                                                std::string_view field) {
  QX_ASSIGN_OR_RETURN(const PreparedEntity* p, Prepare(entity));
  if (p->wanted.empty()) return MakeError(ErrorCode::kInvalidArgument, "variable without values");
  std::vector<OvalResult> per_value;
  for (const auto& [name, v] : item.fields) {
    if (name != field) continue;
    std::vector<OvalResult> per_wanted;
    per_wanted.reserve(p->wanted.size());
    if (!p->wanted_int.empty()) {
      long long have = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), have);
      if (v.empty() || ec != std::errc() || end != v.data() + v.size()) {
        return MakeError(ErrorCode::kInvalidArgument, "'" + v + "' is not an int");
      }
      const bool equals = p->operation == "equals";
      for (long long w : p->wanted_int) per_wanted.push_back((have == w) == equals ? OvalResult::kTrue : OvalResult::kFalse);
    } else if (!p->regexes.empty()) {
      for (const auto& re : p->regexes) {
        QX_ASSIGN_OR_RETURN(bool ok, re->Search(v));
        per_wanted.push_back(ok ? OvalResult::kTrue : OvalResult::kFalse);
      }
    } else {
      for (const std::string& w : p->wanted) {
        QX_ASSIGN_OR_RETURN(bool ok, CompareValues(p->datatype, p->operation, v, w));
        per_wanted.push_back(ok ? OvalResult::kTrue : OvalResult::kFalse);
      }
    }
    per_value.push_back(ApplyCheck(p->var_check, per_wanted));
  }
  if (per_value.empty()) return OvalResult::kFalse;
  return ApplyCheck(p->entity_check, per_value);
}

Result<Collected> OvalEngine::CollectObject(const std::string& id) {
  auto cached = object_cache_.find(id);
  if (cached != object_cache_.end()) return cached->second;
  const XmlNode* object = doc_.Find(id);
  if (!object) return MakeError(ErrorCode::kNotFound, "object " + id + " not found");
  DepthGuard guard(depth_);
  if (depth_ > kMaxDepth) return MakeError(ErrorCode::kInvalidArgument, "objects and variables nested too deeply");
  if (!in_progress_.insert(id).second) return MakeError(ErrorCode::kInvalidArgument, "object " + id + " refers to itself");
  auto out = CollectUncached(*object);
  in_progress_.erase(id);
  object_cache_.emplace(id, out);
  return out;
}

Result<Collected> OvalEngine::CollectUncached(const XmlNode& object) {
  if (const XmlNode* set = object.Child("set")) return CollectSet(*set);
  const std::string kind = OvalKind(object);
  Result<Collected> out = Collected{};
  if (kind == "textfilecontent54") out = ProbeFile(object, true);
  else if (kind == "file") out = ProbeFile(object, false);
  else if (kind == "dpkginfo") out = ProbeDpkg(object);
  else if (kind == "sysctl") out = ProbeSysctl(object);
  else if (kind == "partition") out = ProbePartition(object);
  else if (kind == "uname") out = ProbeUname(object);
  else if (kind == "family") out = ProbeFamily(object);
  else if (kind == "shadow") out = ProbeShadow(object);
  else if (kind == "password") out = ProbePassword(object);
  else if (kind == "environmentvariable58") out = ProbeEnvironment(object);
  else if (kind == "variable") out = ProbeVariable(object);
  else if (kind == "systemdunitproperty") out = ProbeSystemdProperty(object);
  else if (kind == "systemdunitdependency") out = ProbeSystemdDependency(object);
  else if (kind == "inetlisteningservers" || kind == "listening_port") out = ProbeListeningPorts(object);
  else if (kind == "rpminfo") {
    // No RPM database on a Debian system: the package is not there.
    out = Collected{CollectedFlag::kDoesNotExist, {}, "no RPM database on this system"};
  } else if (kind == "selinuxboolean") {
    auto st = host_.Lstat("/sys/fs/selinux");
    if (st && *st) return Unsupported("selinuxboolean probe with SELinux enabled");
    out = Collected{CollectedFlag::kDoesNotExist, {}, "SELinux is not enabled"};
  } else {
    return Unsupported("object type " + object.name);
  }
  if (!out) return out;
  QX_RETURN_IF_ERROR(ApplyFilters(object, out->items));
  if (out->flag == CollectedFlag::kComplete && out->items.empty()) out->flag = CollectedFlag::kDoesNotExist;
  return out;
}

Status OvalEngine::ApplyFilters(const XmlNode& holder, std::vector<Item>& items) {
  for (const XmlNode& f : holder.children) {
    if (f.name != "filter") continue;
    const XmlNode* state = doc_.Find(f.text);
    if (!state) return MakeError(ErrorCode::kNotFound, "filter state " + f.text + " not found");
    const bool include = f.AttrOr("action", "exclude") == "include";
    std::vector<Item> kept;
    for (Item& item : items) {
      if (item.status != Item::Status::kExists) {
        kept.push_back(std::move(item));
        continue;
      }
      auto r = MatchState(*state, item);
      const bool matches = r && *r == OvalResult::kTrue;
      if (matches == include) kept.push_back(std::move(item));
    }
    items = std::move(kept);
  }
  return Ok();
}

Result<Collected> OvalEngine::CollectSet(const XmlNode& set) {
  std::vector<Collected> operands;
  for (const XmlNode& c : set.children) {
    if (c.name == "object_reference") {
      QX_ASSIGN_OR_RETURN(Collected got, CollectObject(c.text));
      operands.push_back(std::move(got));
    } else if (c.name == "set") {
      QX_ASSIGN_OR_RETURN(Collected got, CollectSet(c));
      operands.push_back(std::move(got));
    }
  }
  if (operands.empty() || operands.size() > 2) {
    return MakeError(ErrorCode::kInvalidArgument, "a set needs one or two operands");
  }
  for (Collected& o : operands) {
    if (o.flag == CollectedFlag::kError || o.flag == CollectedFlag::kNotCollected) return o;
    QX_RETURN_IF_ERROR(ApplyFilters(set, o.items));
  }
  const std::string op = set.AttrOr("set_operator", "UNION");
  Collected out;
  auto contains = [](const std::vector<Item>& v, const Item& i) { return std::find(v.begin(), v.end(), i) != v.end(); };
  if (op == "UNION") {
    for (Collected& o : operands) {
      for (Item& i : o.items) {
        if (!contains(out.items, i)) out.items.push_back(std::move(i));
      }
    }
  } else if (op == "INTERSECTION") {
    for (Item& i : operands[0].items) {
      if (operands.size() == 1 || contains(operands[1].items, i)) out.items.push_back(std::move(i));
    }
  } else if (op == "COMPLEMENT") {
    if (operands.size() != 2) return MakeError(ErrorCode::kInvalidArgument, "COMPLEMENT needs two operands");
    for (Item& i : operands[0].items) {
      if (!contains(operands[1].items, i)) out.items.push_back(std::move(i));
    }
  } else {
    return MakeError(ErrorCode::kInvalidArgument, "unknown set_operator " + op);
  }
  out.flag = out.items.empty() ? CollectedFlag::kDoesNotExist : CollectedFlag::kComplete;
  return out;
}

Result<OvalEngine::EntitySpec> OvalEngine::ObjectEntity(const XmlNode& object, std::string_view name) {
  EntitySpec spec;
  const XmlNode* e = object.Child(name);
  if (!e) return spec;
  spec.present = true;
  spec.nil = IsNil(*e);
  spec.operation = e->AttrOr("operation", "equals");
  spec.datatype = e->AttrOr("datatype", "string");
  spec.var_check = e->AttrOr("var_check", "all");
  if (const std::string* var = e->Attr("var_ref")) {
    QX_ASSIGN_OR_RETURN(spec.values, VariableValues(*var));
  } else if (!spec.nil) {
    spec.values.push_back(e->text);
  }
  if (spec.operation == "pattern match" && spec.datatype == "string") {
    for (const std::string& v : spec.values) {
      QX_ASSIGN_OR_RETURN(auto re, Regex::Cached(v));
      spec.regexes.push_back(re);
    }
  }
  return spec;
}

Result<bool> OvalEngine::EntityMatches(const EntitySpec& spec, std::string_view value) {
  if (!spec.present || spec.nil) return true;
  if (!spec.regexes.empty()) {
    for (const auto& re : spec.regexes) {
      QX_ASSIGN_OR_RETURN(bool ok, re->Search(value));
      if (ok) return true;
    }
    return false;
  }
  // Several values name several things to collect (oscap does the same whatever var_check says);
  // only a negative operation combines them by var_check.
  const bool negative = spec.operation.find("not ") != std::string::npos;
  QX_ASSIGN_OR_RETURN(OvalCheck check, ParseCheck(negative ? spec.var_check : "at least one"));
  std::vector<OvalResult> results;
  for (const std::string& w : spec.values) {
    QX_ASSIGN_OR_RETURN(bool ok, CompareValues(spec.datatype, spec.operation, value, w));
    results.push_back(ok ? OvalResult::kTrue : OvalResult::kFalse);
  }
  if (results.empty()) return false;
  return ApplyCheck(check, results) == OvalResult::kTrue;
}

}  // namespace qx::agent
