// CatalogIndex: an OSCAL 1.1 catalog document, validated and indexed. The document itself is kept
// whole (lossless round trip); the index gives each control's id, place, text and Qalxan's
// applicability properties. Pure: no I/O.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "qx/core/result.h"

namespace qx::oscal {

// The namespace of Qalxan's own OSCAL props (applicability, machine checks).
inline constexpr std::string_view kQalxanNs = "https://qalxan.gov.az/ns/oscal";

// Who a requirement applies to, read from a control's own props in kQalxanNs:
// "sector" (repeatable token; none = every sector), "cii-category" (repeatable: "1", "2", "3"),
// "iec62443-sl" (at most once: minimum target security level "1".."4"), "machine-check"
// (repeatable check id, a token). Any other prop name in kQalxanNs is rejected, so that a typo
// cannot silently widen who a requirement applies to.
struct Applicability {
  std::vector<std::string> sectors;
  std::vector<int> categories;
  std::optional<int> min_security_level;
  std::vector<std::string> machine_checks;
};

struct ParamInfo {
  std::string id;
  std::string label;
  std::string how_many;              // "one", "one-or-more" for a select; empty otherwise
  std::vector<std::string> choices;  // select choices
  std::vector<std::string> values;   // default values
};

struct PartText {
  std::string id;    // may be empty (OSCAL part ids are optional)
  std::string name;  // "statement", "guidance", "assessment-objective", "item", ...
  std::string prose;
};

struct ControlInfo {
  std::string id;
  std::string title;
  std::string control_class;
  std::vector<std::string> group_path;  // ids (or titles when a group has no id), outermost first
  std::string parent_control;           // the enclosing control for an enhancement; else empty
  std::vector<ParamInfo> params;
  std::vector<PartText> parts;  // all parts, depth first, nested ones flattened
  Applicability applicability;
  std::string json_path;  // e.g. "$.catalog.groups[0].controls[2]"
};

class CatalogIndex {
 public:
  // Validates `document` ({"catalog": {...}}) against the OSCAL 1.1.2 catalog model as far as
  // Qalxan walks it: required fields and their types (catalog uuid and metadata title,
  // last-modified, version, oscal-version; group title; control id and title; param id; part
  // name; prop name and value; link href), the schema's datatypes (tokens with Unicode letters
  // and digits, date-times with a time zone, non-blank strings for versions, prop values and
  // param values, URIs for ns), non-empty arrays, no members beyond the schema's in the catalog,
  // metadata, groups, controls, params, parts, props, links and back-matter resources (the
  // sub-assemblies of metadata such as parties are kept unchecked), unique ids (groups, controls
  // and parts share one scope, params another, as in the OSCAL catalog index constraints),
  // params referenced by `{{ insert: param, ID }}` defined somewhere in the catalog, prop values
  // of kQalxanNs well-formed, at most 32 levels of nested groups/controls (and of parts).
  // kInvalidArgument with the JSON path of the problem:
  // "$.catalog.groups[1].controls[0].id: duplicate id 'ac-1'".
  static Result<CatalogIndex> Build(boost::json::value document);
  // Build for a document stored earlier (a version read, diffed, upgraded from, or imported by a
  // profile): the schema's datatype patterns, minItems and unknown members, which may postdate
  // the document's import, are not held against it; everything else is checked as by Build.
  static Result<CatalogIndex> BuildStored(boost::json::value document);

  const boost::json::value& document() const { return document_; }
  std::string_view uuid() const { return uuid_; }
  std::string_view title() const { return title_; }
  std::string_view version() const { return version_; }

  // Every control, enhancements included, in document order (an enhancement after its parent).
  const std::vector<ControlInfo>& controls() const { return controls_; }
  const ControlInfo* Find(std::string_view control_id) const;
  // Every param id defined anywhere in the catalog (catalog, group or control level).
  bool HasParam(std::string_view param_id) const;
  // Every group id defined anywhere in the catalog.
  bool HasGroup(std::string_view group_id) const;
  // The control's object inside document(); nullptr for an unknown id. Valid while this index
  // lives and is not assigned to.
  const boost::json::object* ControlObject(std::string_view control_id) const;

 private:
  boost::json::value document_;
  std::string uuid_, title_, version_;
  std::vector<ControlInfo> controls_;
  std::unordered_map<std::string, size_t> by_id_;
  std::vector<std::string> param_ids_;  // sorted
  std::vector<std::string> group_ids_;  // sorted
  // Per control (same order as controls_): the steps from the catalog object down to it, each
  // 2 * index + 1 for "controls[index]" and 2 * index for "groups[index]".
  std::vector<std::vector<uint32_t>> locators_;
};

}  // namespace qx::oscal
