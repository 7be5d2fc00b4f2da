// The CERT's side of an incident: timeline, requests for information, sharing as STIX, and the
// statistics and notification log; plus the helpers the service's files share.
#include <fmt/format.h>

#include <set>

#include "incident_internal.h"
#include "qx/core/calendar.h"
#include "qx/crypto/secrets.h"
#include "qx/identity/audited.h"
#include "qx/stix/tlp.h"

namespace qx::incident {
namespace {

namespace json = boost::json;
using domain::Action;
using identity::Actor;
using identity::AuditChange;
using identity::Principal;
using store::Tx;
using store::TxMode;

std::optional<stix::Tlp> TlpOf(std::string_view t) {
  if (t == "clear") return stix::Tlp::kClear;
  if (t == "green") return stix::Tlp::kGreen;
  if (t == "amber") return stix::Tlp::kAmber;
  if (t == "amber+strict") return stix::Tlp::kAmberStrict;
  if (t == "red") return stix::Tlp::kRed;
  return std::nullopt;
}

Status CheckText(std::string_view field, const std::string& text, std::size_t max) {
  if (text.empty()) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} is required", field));
  if (text.size() > max) return MakeError(ErrorCode::kInvalidArgument, fmt::format("{} is longer than {} bytes", field, max));
  return Ok();
}

std::string Month(UnixMillis t) { return FormatDate(DayOf(t)).substr(0, 7); }

}  // namespace

Result<domain::IncidentClock> ClockOf(Tx& tx, const domain::Incident& i) {
  domain::IncidentClock c;
  c.aware_at = i.aware_at;
  c.classified_at = i.classified_at;
  QX_ASSIGN_OR_RETURN(auto subs, tx.incidents().ListSubmissions(i.id));
  for (const auto& s : subs) c.submitted[s.stage_key] = s.submitted_at;
  QX_ASSIGN_OR_RETURN(auto reqs, tx.incidents().ListStageRequests(i.id));
  for (const auto& r : reqs) c.requested[r.stage_key] = r.requested_at;
  return c;
}

const domain::Regime& RegimeById(const RegimeSettings& regimes, const std::string& id) {
  for (const auto& r : regimes.regimes) {
    if (r.id == id) return r;
  }
  return regimes.regimes.front();
}

Status AppendEntry(Tx& tx, const domain::Incident& i, const Principal& p, std::string kind, std::string text,
                   const json::object& detail, UnixMillis at) {
  domain::TimelineEntry e{0, i.id, at, ShownName(p), p.org.id, std::move(kind), std::move(text), json::serialize(detail)};
  return tx.incidents().AppendTimeline(e).map([](auto) {});
}

Result<store::Page<domain::TimelineEntry>> IncidentService::Timeline(const Principal& p, domain::IncidentId id,
                                                                     const store::PageRequest& page) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<store::Page<domain::TimelineEntry>> {
    QX_RETURN_IF_ERROR(Readable(tx, p, id));
    return tx.incidents().ListTimeline(id, page);
  });
}

Result<domain::TimelineEntry> IncidentService::AddNote(const Principal& p, domain::IncidentId id, const std::string& text) {
  QX_RETURN_IF_ERROR(CheckText("text", text, 10000));
  const Actor actor = Actor::Of(p);
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::TimelineEntry> {
    QX_ASSIGN_OR_RETURN(auto i, Readable(tx, p, id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kIncidentNote, i.org_id));
    domain::TimelineEntry e{0, i.id, now, ShownName(p), p.org.id, "note", text, "{}"};
    QX_ASSIGN_OR_RETURN(e.id, tx.incidents().AppendTimeline(e));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, i.org_id, "incident.note", "incident", i.id, {{"entry", e.id}}, now));
    return e;
  });
}

Result<store::Page<domain::Rfi>> IncidentService::Rfis(const Principal& p, domain::IncidentId id,
                                                       const store::PageRequest& page) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<store::Page<domain::Rfi>> {
    QX_RETURN_IF_ERROR(Readable(tx, p, id));
    return tx.incidents().ListRfis(id, page);
  });
}

Result<domain::Rfi> IncidentService::AskRfi(const Principal& p, domain::IncidentId id, const std::string& question) {
  QX_RETURN_IF_ERROR(CheckText("question", question, 10000));
  const Actor actor = Actor::Of(p);
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::Rfi> {
    QX_ASSIGN_OR_RETURN(auto i, Readable(tx, p, id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kIncidentTriage, i.org_id));
    domain::Rfi r{0, i.id, question, ShownName(p), now, std::nullopt, "", std::nullopt};
    QX_ASSIGN_OR_RETURN(r.id, tx.incidents().InsertRfi(r));
    QX_RETURN_IF_ERROR(AppendEntry(tx, i, p, "rfi", question, {{"rfi", r.id}}, now));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, i.org_id, "incident.rfi.ask", "incident", i.id, {{"rfi", r.id}}, now));
    return r;
  });
}

Result<domain::Rfi> IncidentService::AnswerRfi(const Principal& p, domain::IncidentId id, std::int64_t rfi_id,
                                               const std::string& answer) {
  QX_RETURN_IF_ERROR(CheckText("answer", answer, 20000));
  const Actor actor = Actor::Of(p);
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::Rfi> {
    QX_ASSIGN_OR_RETURN(auto i, Readable(tx, p, id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kIncidentReport, i.org_id));
    QX_ASSIGN_OR_RETURN(auto r, tx.incidents().GetRfi(rfi_id));
    if (r.incident_id != i.id) return MakeError(ErrorCode::kNotFound, "no such request for information");
    if (r.answer) return MakeError(ErrorCode::kConflict, "the request was answered already");
    r.answer = answer;
    r.answered_by = ShownName(p);
    r.answered_at = now;
    QX_RETURN_IF_ERROR(tx.incidents().AnswerRfi(r));
    QX_RETURN_IF_ERROR(AppendEntry(tx, i, p, "answer", answer, {{"rfi", r.id}}, now));
    QX_RETURN_IF_ERROR(AuditChange(tx, actor, i.org_id, "incident.rfi.answer", "incident", i.id, {{"rfi", r.id}}, now));
    return r;
  });
}

Result<ShareResult> IncidentService::Share(const Principal& p, domain::IncidentId id, const std::string& tlp_name,
                                           const std::string& collection_id) {
  const Actor actor = Actor::Of(p);
  const auto tlp = TlpOf(tlp_name);
  if (!tlp) return MakeError(ErrorCode::kInvalidArgument, "tlp must be clear, green, amber, amber+strict or red");
  QX_ASSIGN_OR_RETURN(auto incident, store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return Readable(tx, p, id); }));
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kIncidentTriage, incident.org_id));
  if (incident.indicators.empty()) return MakeError(ErrorCode::kConflict, "the incident has no indicators to share");

  const UnixMillis now = clock_.Now();
  const std::string stamp = FormatRfc3339(now);
  const json::array markings{json::value(std::string(stix::Tlp2MarkingId(*tlp)))};
  ShareResult out;
  std::vector<json::value> objects;
  json::array refs;
  for (const auto& ind : incident.indicators) {
    const std::string sid = "indicator--" + crypto::RandomUuid();
    objects.push_back(json::object{{"type", "indicator"}, {"spec_version", "2.1"}, {"id", sid},
                                   {"created", stamp}, {"modified", stamp},
                                   {"name", fmt::format("{} seen in incident {}", ind.value, incident.id)},
                                   {"indicator_types", json::array{"malicious-activity"}},
                                   {"pattern", domain::StixPatternOf(ind)}, {"pattern_type", "stix"},
                                   {"valid_from", stamp}, {"object_marking_refs", markings}});
    out.indicator_ids.push_back(sid);
    refs.emplace_back(sid);
  }
  out.report_id = "report--" + crypto::RandomUuid();
  objects.push_back(json::object{{"type", "report"}, {"spec_version", "2.1"}, {"id", out.report_id},
                                 {"created", stamp}, {"modified", stamp}, {"name", incident.title},
                                 {"description", fmt::format("Indicators of incident {} ({} sector)", incident.id, incident.sector)},
                                 {"report_types", json::array{"threat-report"}}, {"published", stamp},
                                 {"object_refs", refs}, {"object_marking_refs", markings}});
  QX_ASSIGN_OR_RETURN(auto status, intel_.Add(p, collection_id, objects));
  boost::system::error_code ec;
  auto detail = json::parse(status.detail_json, ec);
  if (!ec && detail.is_object()) {
    const auto* failures = detail.as_object().if_contains("failures");
    if (failures && failures->is_array() && !failures->as_array().empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "the collection refused the objects: " + json::serialize(*failures));
    }
  }
  json::array bundle_objects(objects.begin(), objects.end());
  bundle_objects.push_back(stix::Tlp2MarkingDefinition(*tlp));
  out.bundle = {{"type", "bundle"}, {"id", "bundle--" + crypto::RandomUuid()}, {"objects", std::move(bundle_objects)}};

  QX_RETURN_IF_ERROR(db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    json::object d{{"report_id", out.report_id}, {"collection_id", collection_id}, {"tlp", tlp_name},
                   {"indicators", out.indicator_ids.size()}};
    QX_RETURN_IF_ERROR(AppendEntry(tx, incident, p, "share",
                                   fmt::format("{} indicators shared as TLP:{}", out.indicator_ids.size(), tlp_name), d, now));
    return AuditChange(tx, actor, incident.org_id, "incident.share", "incident", incident.id, d, now);
  }));
  return out;
}

Result<IncidentStats> IncidentService::Stats(const Principal& p, int months) {
  QX_RETURN_IF_ERROR(Actor::Of(p).Authorize(Action::kIncidentStats, -1));
  if (months < 1 || months > 120) return MakeError(ErrorCode::kInvalidArgument, "months must be 1-120");
  const UnixMillis now = clock_.Now();
  const std::string since = FormatDate(AddMonths(DayOf(now), -(months - 1))).substr(0, 7);
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<IncidentStats> {
    QX_ASSIGN_OR_RETURN(auto regimes, LoadRegimes(tx));
    std::map<std::pair<std::string, std::string>, int> per;
    std::map<std::string, IncidentStats::OnTime> on_time;
    store::PageRequest page{0, 500};
    for (;;) {
      QX_ASSIGN_OR_RETURN(auto found, tx.incidents().ListIncidents({}, page));
      for (const auto& i : found.items) {
        if (Month(i.aware_at) >= since) ++per[{i.sector, Month(i.aware_at)}];
        QX_ASSIGN_OR_RETURN(auto clock, ClockOf(tx, i));
        const domain::Regime& regime = RegimeById(regimes, i.regime);
        for (const auto& [key, at] : clock.submitted) {
          const auto* stage = domain::FindStage(regime, key);
          if (!stage || Month(at) < since) continue;
          auto& row = on_time[Month(at)];
          row.month = Month(at);
          ++row.stages;
          if (domain::EvaluateStage(regime, *stage, clock, now, options_.due_soon_share).state == domain::StageState::kOnTime) {
            ++row.on_time;
          }
        }
      }
      if (!found.next) break;
      page.after = *found.next;
    }
    IncidentStats out;
    for (const auto& [k, n] : per) out.per_sector_month.push_back({k.first, k.second, n});
    for (const auto& [m, row] : on_time) out.on_time.push_back(row);
    return out;
  });
}

Result<store::Page<domain::IncidentDelivery>> IncidentService::Deliveries(const Principal& p,
                                                                          const store::PageRequest& page) {
  QX_RETURN_IF_ERROR(Actor::Of(p).Authorize(Action::kIncidentDeliveries, -1));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.incidents().ListDeliveries(page); });
}

}  // namespace qx::incident
