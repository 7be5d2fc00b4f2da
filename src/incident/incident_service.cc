#include "qx/incident/incident_service.h"

#include <fmt/format.h>

#include "incident_internal.h"
#include "qx/identity/audited.h"
#include "qx/incident/regime_json.h"

namespace qx::incident {
namespace {

using domain::Action;
using identity::Actor;
using identity::AuditChange;
using identity::Principal;
using store::Tx;
using store::TxMode;

constexpr std::string_view kNationalKey = "incident.regime.national";
constexpr std::string_view kMappingKey = "incident.regime_mapping";

// Required fields are present and not empty; every field named *_at is an RFC 3339 time not
// after now.
Status CheckStageFields(const domain::StageDefinition& stage, const boost::json::object& fields, UnixMillis now) {
  for (const auto& name : stage.required_fields) {
    const auto* v = fields.if_contains(name);
    const bool empty = !v || v->is_null() || (v->is_string() && v->as_string().empty()) ||
                       (v->is_array() && v->as_array().empty()) || (v->is_object() && v->as_object().empty());
    if (empty) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} is required for the {}", name, stage.name));
  }
  for (const auto& [key, v] : fields) {
    if (key.size() < 3 || key.substr(key.size() - 3) != "_at") continue;
    if (!v.is_string()) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} must be an RFC 3339 time", std::string(key)));
    auto t = ParseRfc3339(v.as_string());
    if (!t) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} must be an RFC 3339 time", std::string(key)));
    if (*t > now) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} must not be in the future", std::string(key)));
  }
  if (boost::json::serialize(fields).size() > 64 * 1024) {
    return MakeError(ErrorCode::kInvalidArgument, "a stage submission holds at most 64 KiB");
  }
  return Ok();
}

}  // namespace

std::string ShownName(const Principal& p) { return p.user ? p.user->username : p.actor; }

IncidentService::IncidentService(store::Database& db, const Clock& clock, intel::IntelService& intel,
                                 IncidentOptions options, assessment::BlobStore* attachments)
    : db_(db), clock_(clock), intel_(intel), options_(std::move(options)) {
  if (attachments) {
    files_.emplace(*attachments, options_.orphan_guard,
                   [this](const std::string& sha256) { return AttachmentsNaming(sha256); },
                   [this](const auto& add) { return AllAttachmentsNaming(add); });
  }
}

Result<RegimeSettings> IncidentService::LoadRegimes(Tx& tx) {
  RegimeSettings out;
  domain::Regime national = domain::DefaultNationalRegime();
  QX_ASSIGN_OR_RETURN(auto stored, tx.registry().LatestSetting(std::string(kNationalKey)));
  if (stored) {
    boost::system::error_code ec;
    auto v = boost::json::parse(stored->value_json, ec);
    if (ec) return MakeError(ErrorCode::kInternal, "the stored national regime is not JSON");
    QX_ASSIGN_OR_RETURN(national, RegimeFromJson(v));
  }
  out.regimes = {domain::Nis2Regime(), domain::DoraRegime(), std::move(national)};
  out.mapping = domain::DefaultRegimeMapping();
  QX_ASSIGN_OR_RETURN(auto mapping, tx.registry().LatestSetting(std::string(kMappingKey)));
  if (mapping) {
    boost::system::error_code ec;
    auto v = boost::json::parse(mapping->value_json, ec);
    if (ec) return MakeError(ErrorCode::kInternal, "the stored regime mapping is not JSON");
    QX_ASSIGN_OR_RETURN(out.mapping, MappingFromJson(v));
  }
  return out;
}

Result<RegimeSettings> IncidentService::Regimes(const Principal&) {
  return store::Transact(db_, TxMode::kRead, [](Tx& tx) { return LoadRegimes(tx); });
}

Result<domain::Regime> IncidentService::PutNationalRegime(const Principal& p, domain::Regime regime) {
  const Actor actor = Actor::Of(p);
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegulatorSettings, 0));
  if (regime.id != "national") return MakeError(ErrorCode::kInvalidArgument, "only the national regime can be edited");
  QX_RETURN_IF_ERROR(domain::ValidateRegime(regime));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::Regime> {
    const std::string value = boost::json::serialize(RegimeToJson(regime));
    QX_RETURN_IF_ERROR(tx.registry().PutSetting({std::string(kNationalKey), 0, value, actor.label(), now}));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, p.org.id, "incident.regime.update", "regime", 0,
                                   {{"regime", "national"}, {"stages", regime.stages.size()}}, now));
    return regime;
  });
}

Result<std::map<std::string, std::string>> IncidentService::PutMapping(const Principal& p,
                                                                       std::map<std::string, std::string> mapping) {
  const Actor actor = Actor::Of(p);
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegulatorSettings, 0));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<std::map<std::string, std::string>> {
    const auto json = MappingToJson(mapping);
    QX_RETURN_IF_ERROR(tx.registry().PutSetting({std::string(kMappingKey), 0, boost::json::serialize(json), actor.label(), now}));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, p.org.id, "incident.regime_mapping.update", "regime_mapping", 0,
                                   {{"mapping", json}}, now));
    return mapping;
  });
}

Result<IncidentView> IncidentService::ViewOf(Tx& tx, domain::Incident incident, const RegimeSettings& regimes) {
  IncidentView view;
  QX_ASSIGN_OR_RETURN(auto org, tx.orgs().Get(incident.org_id));
  view.org_name = org.name;
  QX_ASSIGN_OR_RETURN(auto objects, tx.registry().GetObjects(incident.object_ids));
  for (auto id : incident.object_ids) {
    auto it = std::find_if(objects.begin(), objects.end(), [&](const auto& o) { return o.id == id; });
    view.object_names.push_back(it == objects.end() ? std::string() : it->name);
  }
  QX_ASSIGN_OR_RETURN(auto clock, ClockOf(tx, incident));
  QX_ASSIGN_OR_RETURN(auto submissions, tx.incidents().ListSubmissions(incident.id));
  const domain::Regime& regime = RegimeById(regimes, incident.regime);
  const UnixMillis now = clock_.Now();
  for (const auto& stage : regime.stages) {
    StageView s{stage, domain::EvaluateStage(regime, stage, clock, now, options_.due_soon_share), std::nullopt};
    for (const auto& sub : submissions) {
      if (sub.stage_key == stage.key) s.submission = sub;
    }
    view.stages.push_back(std::move(s));
  }
  view.incident = std::move(incident);
  return view;
}

Result<domain::Incident> IncidentService::Readable(Tx& tx, const Principal& p, domain::IncidentId id) {
  QX_ASSIGN_OR_RETURN(domain::Incident i, tx.incidents().GetIncident(id));
  QX_RETURN_IF_ERROR(Actor::Of(p).Authorize(Action::kIncidentRead, i.org_id));
  return i;
}

Status IncidentService::Refresh(Tx& tx, domain::Incident& i, const RegimeSettings& regimes) {
  QX_ASSIGN_OR_RETURN(auto clock, ClockOf(tx, i));
  i.next_due_at = domain::NextDueAt(RegimeById(regimes, i.regime), clock);
  return tx.incidents().UpdateIncident(i);
}

Status IncidentService::Notify(Tx& tx, const domain::Incident& i, const std::string& stage, const std::string& event,
                               UnixMillis at) {
  for (const auto& channel : options_.channels) {
    store::NewJob job;
    job.kind = std::string(kNotifyJobKind);
    job.dedupe_key = fmt::format("incident:{}:{}:{}:{}", i.id, stage, event, channel);
    job.payload = boost::json::serialize(boost::json::object{
        {"incident_id", i.id}, {"stage", stage}, {"event", event}, {"channel", channel}});
    job.run_at = at;
    QX_RETURN_IF_ERROR(tx.jobs().Enqueue(job));
  }
  return Ok();
}

Result<store::Page<IncidentView>> IncidentService::List(const Principal& p, const IncidentQuery& query,
                                                        const store::PageRequest& page) {
  IncidentQuery q = query;
  if (!domain::Allowed(p.subject, Action::kIncidentRead, -1)) {
    if (q.org && *q.org != p.org.id) return MakeError(ErrorCode::kPermissionDenied, "not allowed");
    q.org = p.org.id;
  }
  QX_RETURN_IF_ERROR(Actor::Of(p).Authorize(Action::kIncidentRead, q.org.value_or(-1)));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<store::Page<IncidentView>> {
    QX_ASSIGN_OR_RETURN(auto regimes, LoadRegimes(tx));
    QX_ASSIGN_OR_RETURN(auto found, tx.incidents().ListIncidents({q.org, q.status, false}, page));
    store::Page<IncidentView> out;
    out.next = found.next;
    for (auto& i : found.items) {
      QX_ASSIGN_OR_RETURN(auto view, ViewOf(tx, std::move(i), regimes));
      out.items.push_back(std::move(view));
    }
    return out;
  });
}

Result<IncidentView> IncidentService::Report(const Principal& p, domain::Incident draft) {
  const Actor actor = Actor::Of(p);
  draft.org_id = p.org.id;
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kIncidentReport, draft.org_id));
  const UnixMillis now = clock_.Now();
  QX_RETURN_IF_ERROR(domain::ValidateIncident(draft, now));
  draft.status = domain::IncidentStatus::kNew;
  draft.assignee.clear();
  draft.created_at = now;
  draft.created_by = ShownName(p);
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<IncidentView> {
    domain::Incident i = draft;
    QX_ASSIGN_OR_RETURN(auto objects, tx.registry().GetObjects(i.object_ids));
    for (auto id : i.object_ids) {
      auto it = std::find_if(objects.begin(), objects.end(), [&](const auto& o) { return o.id == id; });
      if (it == objects.end() || it->owner_org != i.org_id) {
        return MakeError(ErrorCode::kInvalidArgument, fmt::format("object {} is not a CII object of your organisation", id));
      }
      if (id == i.object_ids.front()) i.sector = it->sector;
    }
    QX_ASSIGN_OR_RETURN(auto regimes, LoadRegimes(tx));
    i.regime = domain::RegimeOfSector(regimes.mapping, i.sector);
    i.next_due_at = domain::NextDueAt(RegimeById(regimes, i.regime), {i.aware_at, i.classified_at, {}, {}});
    QX_ASSIGN_OR_RETURN(i.id, tx.incidents().InsertIncident(i));
    QX_RETURN_IF_ERROR(AppendEntry(tx, i, p, "status", "Incident reported", {{"status", "new"}}, now));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, i.org_id, "incident.report", "incident", i.id,
                                   {{"title", i.title}, {"regime", i.regime}, {"objects", i.object_ids.size()}}, now));
    return ViewOf(tx, std::move(i), regimes);
  });
}

Result<IncidentView> IncidentService::Get(const Principal& p, domain::IncidentId id) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<IncidentView> {
    QX_ASSIGN_OR_RETURN(auto i, Readable(tx, p, id));
    QX_ASSIGN_OR_RETURN(auto regimes, LoadRegimes(tx));
    return ViewOf(tx, std::move(i), regimes);
  });
}

Result<IncidentView> IncidentService::SubmitStage(const Principal& p, domain::IncidentId id, const std::string& key,
                                                  const boost::json::object& fields) {
  const Actor actor = Actor::Of(p);
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<IncidentView> {
    QX_ASSIGN_OR_RETURN(auto i, Readable(tx, p, id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kIncidentReport, i.org_id));
    QX_ASSIGN_OR_RETURN(auto regimes, LoadRegimes(tx));
    const domain::StageDefinition* stage = domain::FindStage(RegimeById(regimes, i.regime), key);
    if (!stage) return MakeError(ErrorCode::kNotFound, fmt::format("the {} regime has no stage {}", i.regime, key));
    QX_ASSIGN_OR_RETURN(auto done, tx.incidents().ListSubmissions(i.id));
    for (const auto& s : done) {
      if (s.stage_key == key) return MakeError(ErrorCode::kAlreadyExists, fmt::format("the {} was already submitted", stage->name));
    }
    QX_RETURN_IF_ERROR(CheckStageFields(*stage, fields, now));
    // A DORA classification time given with a stage fixes the incident's, once.
    if (const auto* c = fields.if_contains("classified_at"); c && !i.classified_at) {
      const UnixMillis at = *ParseRfc3339(c->as_string());
      if (at < i.aware_at) return MakeError(ErrorCode::kInvalidArgument, "classified_at must not be before aware_at");
      i.classified_at = at;
    }
    QX_RETURN_IF_ERROR(tx.incidents().InsertSubmission({i.id, key, now, ShownName(p), boost::json::serialize(fields)}));
    QX_RETURN_IF_ERROR(Refresh(tx, i, regimes));
    QX_RETURN_IF_ERROR(AppendEntry(tx, i, p, "stage", fmt::format("{} submitted", stage->name), {{"stage", key}}, now));
    QX_RETURN_IF_ERROR(Notify(tx, i, key, "submitted", now));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, i.org_id, "incident.stage.submit", "incident", i.id, {{"stage", key}}, now));
    return ViewOf(tx, std::move(i), regimes);
  });
}

Result<IncidentView> IncidentService::RequestStage(const Principal& p, domain::IncidentId id, const std::string& key) {
  const Actor actor = Actor::Of(p);
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<IncidentView> {
    QX_ASSIGN_OR_RETURN(auto i, Readable(tx, p, id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kIncidentTriage, i.org_id));
    QX_ASSIGN_OR_RETURN(auto regimes, LoadRegimes(tx));
    const domain::StageDefinition* stage = domain::FindStage(RegimeById(regimes, i.regime), key);
    if (!stage) return MakeError(ErrorCode::kNotFound, fmt::format("the {} regime has no stage {}", i.regime, key));
    if (!stage->on_request) return MakeError(ErrorCode::kConflict, fmt::format("the {} is not given on request", stage->name));
    QX_ASSIGN_OR_RETURN(auto requests, tx.incidents().ListStageRequests(i.id));
    for (const auto& r : requests) {
      if (r.stage_key == key) return MakeError(ErrorCode::kAlreadyExists, fmt::format("the {} was already requested", stage->name));
    }
    QX_RETURN_IF_ERROR(tx.incidents().InsertStageRequest({i.id, key, now, ShownName(p)}));
    QX_RETURN_IF_ERROR(Refresh(tx, i, regimes));
    QX_RETURN_IF_ERROR(AppendEntry(tx, i, p, "stage", fmt::format("{} requested", stage->name), {{"stage", key}}, now));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, i.org_id, "incident.stage.request", "incident", i.id, {{"stage", key}}, now));
    return ViewOf(tx, std::move(i), regimes);
  });
}

Result<IncidentView> IncidentService::Triage(const Principal& p, domain::IncidentId id, const TriageChange& change) {
  const Actor actor = Actor::Of(p);
  if (change.tlp && !domain::IsTlpName(*change.tlp)) {
    return MakeError(ErrorCode::kInvalidArgument, "tlp must be clear, green, amber, amber+strict or red");
  }
  if (change.assignee && change.assignee->size() > 100) return MakeError(ErrorCode::kInvalidArgument, "assignee is too long");
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<IncidentView> {
    QX_ASSIGN_OR_RETURN(auto i, Readable(tx, p, id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kIncidentTriage, i.org_id));
    if (change.assignee && !change.assignee->empty()) {
      auto user = tx.users().FindByUsername(*change.assignee);
      if (!user || user->user.org_id != p.org.id) {
        return MakeError(ErrorCode::kInvalidArgument, "assignee must be a user of the CERT");
      }
    }
    QX_ASSIGN_OR_RETURN(auto regimes, LoadRegimes(tx));
    boost::json::object detail;
    std::vector<std::string> said;
    if (change.status && *change.status != i.status) {
      detail["status"] = domain::Name(*change.status);
      said.push_back(fmt::format("status {} -> {}", domain::Name(i.status), domain::Name(*change.status)));
      i.status = *change.status;
    }
    if (change.severity && *change.severity != i.severity) {
      detail["severity"] = domain::Name(*change.severity);
      said.push_back(fmt::format("severity {}", domain::Name(*change.severity)));
      i.severity = *change.severity;
    }
    if (change.tlp && *change.tlp != i.tlp) {
      detail["tlp"] = *change.tlp;
      said.push_back(fmt::format("TLP:{}", *change.tlp));
      i.tlp = *change.tlp;
    }
    if (change.assignee && *change.assignee != i.assignee) {
      detail["assignee"] = *change.assignee;
      said.push_back(change.assignee->empty() ? "unassigned" : fmt::format("assigned to {}", *change.assignee));
      i.assignee = *change.assignee;
    }
    if (!said.empty()) {  // nothing changed: nothing recorded
      QX_RETURN_IF_ERROR(tx.incidents().UpdateIncident(i));
      std::string text;
      for (const auto& s : said) text += (text.empty() ? "" : "; ") + s;
      QX_RETURN_IF_ERROR(AppendEntry(tx, i, p, "status", text, detail, now));
      QX_RETURN_IF_ERROR(AuditChange(tx, actor, i.org_id, "incident.triage", "incident", i.id, detail, now));
    }
    return ViewOf(tx, std::move(i), regimes);
  });
}

Result<int> IncidentService::ScheduleDue(UnixMillis now) {
  if (options_.channels.empty()) return 0;
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<int> {
    int due = 0;
    QX_ASSIGN_OR_RETURN(auto regimes, LoadRegimes(tx));
    store::PageRequest page{0, 500};
    for (;;) {
      QX_ASSIGN_OR_RETURN(auto found, tx.incidents().ListIncidents({{}, {}, true}, page));
      for (const auto& i : found.items) {
        if (i.status == domain::IncidentStatus::kClosed) continue;
        QX_ASSIGN_OR_RETURN(auto clock, ClockOf(tx, i));
        const domain::Regime& regime = RegimeById(regimes, i.regime);
        for (const auto& stage : regime.stages) {
          const auto t = domain::EvaluateStage(regime, stage, clock, now, options_.due_soon_share);
          if (t.state != domain::StageState::kDueSoon && t.state != domain::StageState::kOverdue) continue;
          QX_RETURN_IF_ERROR(Notify(tx, i, stage.key, std::string(domain::Name(t.state)), now));
          ++due;
        }
      }
      if (!found.next) break;
      page.after = *found.next;
    }
    return due;
  });
}

}  // namespace qx::incident
