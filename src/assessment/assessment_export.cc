#include "qx/assessment/assessment_export.h"

#include <fmt/format.h>

#include "qx/crypto/uuid.h"

namespace qx::assessment {
namespace {

namespace json = boost::json;
using domain::ItemResult;

// A version 5 (name-based) UUID in Qalxan's namespace from what it names: stable across exports.
std::string DerivedUuid(std::string_view material) {
  return crypto::QalxanUuid5(fmt::format("qalxan-assessment-results\n{}", material));
}

json::object Prop(std::string_view name, std::string_view value) {
  return {{"name", name}, {"ns", kQalxanOscalNs}, {"value", value}};
}

// The finding's target status: OSCAL knows satisfied and not-satisfied (with a reason), and an
// implementation status beside it.
json::object Target(const domain::AssessmentItem& item) {
  json::object status;
  std::optional<std::string_view> implementation;
  switch (item.result) {
    case ItemResult::kCompliant:
      status = {{"state", "satisfied"}, {"reason", "pass"}};
      implementation = "implemented";
      break;
    case ItemResult::kPartial:
      status = {{"state", "not-satisfied"}, {"reason", "fail"}};
      implementation = "partial";
      break;
    case ItemResult::kNonCompliant:
      status = {{"state", "not-satisfied"}, {"reason", "fail"}};
      implementation = "planned";
      break;
    case ItemResult::kNotApplicable:
      status = {{"state", "satisfied"}, {"reason", "other"}, {"remarks", "Not applicable: " + item.justification}};
      implementation = "not-applicable";
      break;
    case ItemResult::kUnanswered:
      status = {{"state", "not-satisfied"}, {"reason", "other"}, {"remarks", "Not answered."}};
      break;
  }
  json::object target{{"type", "objective-id"},
                      {"target-id", item.control_id},
                      {"title", item.title.empty() ? item.control_id : item.title},
                      {"status", std::move(status)}};
  if (implementation) target["implementation-status"] = json::object{{"state", *implementation}};
  return target;
}

std::string_view ObservationState(domain::ObservationResult r) {
  switch (r) {
    case domain::ObservationResult::kPass: return "passed";
    case domain::ObservationResult::kFail: return "failed";
    case domain::ObservationResult::kError: return "could not be evaluated";
    case domain::ObservationResult::kInfo: return "reported";
  }
  return "reported";
}

}  // namespace

json::object AssessmentResultsOscal(const AssessmentView& view, const ExportContext& ctx) {
  const domain::Assessment& a = view.assessment;
  // The result, finding and observation UUIDs name the same subject across revisions of the
  // export (OSCAL asks for that), so their keys leave the revision out; only the document's own
  // uuid, metadata.version and last-modified follow updated_at.
  const std::string key = fmt::format("{}", a.id);
  json::array observations, findings, controls;
  for (const ItemView& iv : view.items) {
    const auto& item = iv.item;
    const std::string item_key = fmt::format("{}\n{}/{}", key, item.catalog_id, item.control_id);
    controls.push_back(json::object{{"control-id", item.control_id}});
    json::array related;
    for (const auto& e : iv.evidence) {
      const std::string uuid = DerivedUuid(fmt::format("{}\nevidence\n{}", item_key, e.id));
      json::object evidence{{"href", fmt::format("/api/v1/evidence/{}/content", e.id)},
                            {"description", e.description.empty() ? e.filename : e.filename + ": " + e.description},
                            {"props", json::array{Prop("sha256", e.sha256)}}};
      json::object o{{"uuid", uuid},
                     {"title", fmt::format("Evidence for {}: {}", item.control_id, e.filename)},
                     {"description", fmt::format("Evidence attached by {} ({} bytes).", e.uploaded_by, e.size)},
                     {"methods", json::array{"EXAMINE"}},
                     {"types", json::array{"control-objective"}},
                     {"relevant-evidence", json::array{std::move(evidence)}},
                     {"collected", FormatRfc3339(e.uploaded_at)}};
      if (e.expires_at) o["expires"] = FormatRfc3339(*e.expires_at);
      observations.push_back(std::move(o));
      related.push_back(json::object{{"observation-uuid", uuid}});
    }
    for (const auto& ob : iv.observations) {
      const std::string uuid = DerivedUuid(fmt::format("{}\nobservation\n{}\n{}\n{}", item_key, ob.id, ob.source,
                                                       ob.observed_at));
      json::object o{{"uuid", uuid},
                     {"title", fmt::format("{} {} by {}", item.control_id, ObservationState(ob.result), ob.source)},
                     {"description", ob.detail.empty() ? fmt::format("Automated result from {}.", ob.source) : ob.detail},
                     {"props", json::array{Prop("source", ob.source), Prop("result", domain::Name(ob.result))}},
                     {"methods", json::array{"TEST"}},
                     {"types", json::array{"finding"}},
                     {"collected", FormatRfc3339(ob.observed_at)}};
      observations.push_back(std::move(o));
      related.push_back(json::object{{"observation-uuid", uuid}});
    }
    std::string description = fmt::format("Self-assessed as {}.", domain::Name(item.result));
    if (!item.comment.empty()) description += " " + item.comment;
    json::object finding{{"uuid", DerivedUuid(item_key + "\nfinding")},
                         {"title", fmt::format("{} {}", item.control_id, item.title)},
                         {"description", std::move(description)},
                         {"props", json::array{Prop("result", domain::Name(item.result))}},
                         {"target", Target(item)}};
    if (!related.empty()) finding["related-observations"] = std::move(related);
    if (!iv.remediation.empty()) {
      std::string remarks = "Remediation:";
      for (const auto& r : iv.remediation) {
        remarks += fmt::format(" {} ({}, due {}, {});", r.action, r.owner, FormatRfc3339(r.due_at),
                               domain::Name(r.status));
      }
      finding["remarks"] = std::move(remarks);
    }
    findings.push_back(std::move(finding));
  }

  const std::string subject = fmt::format("{}:{}", domain::Name(a.subject_kind), a.subject_id);
  json::object result{{"uuid", DerivedUuid(key + "\nresult")},
                      {"title", fmt::format("Self-assessment {} of {}", a.id, subject)},
                      {"description", fmt::format("The {} self-assessment of {} against {} version {}.",
                                                  domain::Name(a.status), subject, ctx.profile_name, a.profile.seq)},
                      {"start", FormatRfc3339(a.created_at)}};
  if (a.decided_at && a.status == domain::AssessmentStatus::kAccepted) result["end"] = FormatRfc3339(*a.decided_at);
  json::array props{Prop("status", domain::Name(a.status)), Prop("subject", subject)};
  if (view.score.value) props.push_back(Prop("score", fmt::format("{:.4f}", *view.score.value)));
  result["props"] = std::move(props);
  json::object selection;
  if (controls.empty()) {
    selection["include-all"] = json::object{};  // reviewed-controls needs a selection
  } else {
    selection["include-controls"] = std::move(controls);
  }
  result["reviewed-controls"] = json::object{{"control-selections", json::array{std::move(selection)}}};
  if (!observations.empty()) result["observations"] = std::move(observations);
  if (!findings.empty()) result["findings"] = std::move(findings);

  json::object metadata{{"title", fmt::format("Assessment results: {} ({})", subject,
                                              ctx.profile_title.empty() ? ctx.profile_name : ctx.profile_title)},
                        {"last-modified", FormatRfc3339(a.updated_at)},
                        {"version", fmt::format("{}-{}", a.id, a.updated_at)},
                        {"oscal-version", kOscalVersion},
                        {"props", json::array{Prop("exported-at", FormatRfc3339(ctx.now))}}};
  json::object ar{{"uuid", DerivedUuid(fmt::format("{}\n{}", key, a.updated_at))},
                  {"metadata", std::move(metadata)},
                  // No separate assessment plan exists: the published profile version is the plan.
                  {"import-ap", json::object{{"href", fmt::format("/api/v1/catalogs/{}/versions/{}/oscal",
                                                                  a.profile.catalog_id, a.profile.seq)},
                                             {"remarks", "The self-assessment follows the published profile version."}}},
                  {"results", json::array{std::move(result)}}};
  return {{"assessment-results", std::move(ar)}};
}

std::string CsvField(std::string_view value) {
  std::string v(value);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
    v.insert(v.begin(), '\'');
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string AssessmentCsv(const AssessmentView& view) {
  std::string out;
  auto row = [&out](std::initializer_list<std::string_view> cells) {
    bool first = true;
    for (auto c : cells) {
      if (!first) out += ',';
      out += CsvField(c);
      first = false;
    }
    out += "\r\n";
  };
  row({"assessment_id", "catalog_id", "control_id", "title", "group", "result", "justification", "comment",
       "evidence", "observations", "remediation", "flag"});
  const std::string id = std::to_string(view.assessment.id);
  for (const ItemView& iv : view.items) {
    const auto& i = iv.item;
    std::string evidence, observations, remediation;
    for (const auto& e : iv.evidence) evidence += (evidence.empty() ? "" : "; ") + e.filename;
    for (const auto& o : iv.observations) {
      observations += (observations.empty() ? "" : "; ") + o.source + ": " + std::string(domain::Name(o.result));
    }
    for (const auto& r : iv.remediation) {
      remediation += (remediation.empty() ? "" : "; ") + r.action + " (" + std::string(domain::Name(r.status)) + ")";
    }
    row({id, std::to_string(i.catalog_id), i.control_id, i.title, i.group_path, domain::Name(i.result),
         i.justification, i.comment, evidence, observations, remediation, domain::Name(i.flag)});
  }
  return out;
}

}  // namespace qx::assessment
