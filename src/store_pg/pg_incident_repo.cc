#include "pg_incident_repo.h"

#include "pg_param_numbers.h"
#include "pg_repos.h"

namespace qx::store::pg {
namespace {

using domain::ImpactLevel;

constexpr char kIncidentColumns[] =
    "id, org_id, sector, regime, title, description, detection_source, aware_at, classified_at,"
    " malicious, cross_border, affected_services, impact_confidentiality, impact_integrity,"
    " impact_availability, severity, tlp, status, assignee, created_at, created_by, next_due_at";

ImpactLevel Level(const std::string& t) { return domain::ParseImpactLevel(t).value_or(ImpactLevel::kNone); }

domain::Incident ReadIncident(const Statement& s) {
  domain::Incident i;
  i.id = s.Int(0);
  i.org_id = s.Int(1);
  i.sector = s.Text(2);
  i.regime = s.Text(3);
  i.title = s.Text(4);
  i.description = s.Text(5);
  i.detection_source = s.Text(6);
  i.aware_at = s.Int(7);
  i.classified_at = s.OptInt(8);
  i.malicious = s.Bool(9);
  i.cross_border = s.Bool(10);
  i.affected_services = s.Text(11);
  i.impact = {Level(s.Text(12)), Level(s.Text(13)), Level(s.Text(14))};
  i.severity = domain::ParseIncidentSeverity(s.Text(15)).value_or(domain::IncidentSeverity::kMedium);
  i.tlp = s.Text(16);
  i.status = domain::ParseIncidentStatus(s.Text(17)).value_or(domain::IncidentStatus::kNew);
  i.assignee = s.Text(18);
  i.created_at = s.Int(19);
  i.created_by = s.Text(20);
  i.next_due_at = s.OptInt(21);
  return i;
}

domain::TimelineEntry ReadEntry(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.Int(4), s.Text(5), s.Text(6), s.Text(7)};
}

domain::Rfi ReadRfi(const Statement& s) {
  domain::Rfi r{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Int(4), std::nullopt, s.Text(6), s.OptInt(7)};
  if (!s.IsNull(5)) r.answer = s.Text(5);
  return r;
}

domain::IncidentDelivery ReadDelivery(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), static_cast<int>(s.Int(5)), s.OptInt(6), s.Text(7)};
}

// Runs an INSERT ... RETURNING id.
Result<std::int64_t> InsertedId(Statement& s) {
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

// Prepared statements are cached by their text: the columns are spliced in as a literal.
#define QX_ATTACHMENT_COLUMNS \
  "SELECT id, incident_id, sha256, filename, media_type, size, stage_key, uploaded_by, uploaded_at"

domain::IncidentAttachment ReadAttachment(const Statement& s) {
  return domain::IncidentAttachment{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4),
                                    s.Int(5), s.Text(6), s.Text(7), s.Int(8)};
}

}  // namespace

Result<domain::IncidentId> PgIncidentRepo::InsertIncident(const domain::Incident& i) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(
      "INSERT INTO incidents(org_id, sector, regime, title, description, detection_source, aware_at,"
      " classified_at, malicious, cross_border, affected_services, impact_confidentiality,"
      " impact_integrity, impact_availability, severity, tlp, status, assignee, created_at,"
      " created_by, next_due_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id"));
  s.Bind(i.org_id).Bind(i.sector).Bind(i.regime).Bind(i.title).Bind(i.description).Bind(i.detection_source);
  s.Bind(i.aware_at).Bind(i.classified_at).Bind(i.malicious).Bind(i.cross_border).Bind(i.affected_services);
  s.Bind(domain::Name(i.impact.confidentiality)).Bind(domain::Name(i.impact.integrity));
  s.Bind(domain::Name(i.impact.availability)).Bind(domain::Name(i.severity)).Bind(i.tlp);
  s.Bind(domain::Name(i.status)).Bind(i.assignee).Bind(i.created_at).Bind(i.created_by).Bind(i.next_due_at);
  QX_ASSIGN_OR_RETURN(const domain::IncidentId id, InsertedId(s));
  for (std::size_t k = 0; k < i.object_ids.size(); ++k) {
    QX_ASSIGN_OR_RETURN(auto o, c_.Prepare("INSERT INTO incident_objects(incident_id, ordinal, object_id) VALUES($1, $2, $3)"));
    QX_RETURN_IF_ERROR(o.Bind(id).Bind(static_cast<std::int64_t>(k)).Bind(i.object_ids[k]).Run());
  }
  for (std::size_t k = 0; k < i.indicators.size(); ++k) {
    QX_ASSIGN_OR_RETURN(auto o, c_.Prepare("INSERT INTO incident_indicators(incident_id, ordinal, type, value) VALUES($1, $2, $3, $4)"));
    QX_RETURN_IF_ERROR(o.Bind(id).Bind(static_cast<std::int64_t>(k)).Bind(i.indicators[k].type).Bind(i.indicators[k].value).Run());
  }
  return id;
}

Status PgIncidentRepo::UpdateIncident(const domain::Incident& i) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE incidents SET classified_at = $1, severity = $2, tlp = $3,"
                                         " status = $4, assignee = $5, next_due_at = $6 WHERE id = $7"));
  return s.Bind(i.classified_at).Bind(domain::Name(i.severity)).Bind(i.tlp).Bind(domain::Name(i.status))
      .Bind(i.assignee).Bind(i.next_due_at).Bind(i.id).Run();
}

Status PgIncidentRepo::ReadChildren(domain::Incident& i) {
  QX_ASSIGN_OR_RETURN(auto o, c_.Prepare("SELECT object_id FROM incident_objects WHERE incident_id = $1 ORDER BY ordinal"));
  o.Bind(i.id);
  QX_ASSIGN_OR_RETURN(i.object_ids, ReadAll<std::int64_t>(o, [](const Statement& s) { return s.Int(0); }));
  QX_ASSIGN_OR_RETURN(auto n, c_.Prepare("SELECT type, value FROM incident_indicators WHERE incident_id = $1 ORDER BY ordinal"));
  n.Bind(i.id);
  QX_ASSIGN_OR_RETURN(i.indicators, ReadAll<domain::IncidentIndicator>(n, [](const Statement& s) {
                        return domain::IncidentIndicator{s.Text(0), s.Text(1)};
                      }));
  return Ok();
}

Result<domain::Incident> PgIncidentRepo::GetIncident(domain::IncidentId id) {
  static const std::string sql = std::string("SELECT ") + kIncidentColumns + " FROM incidents WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such incident");
  domain::Incident i = ReadIncident(s);
  QX_RETURN_IF_ERROR(ReadChildren(i));
  return i;
}

Result<Page<domain::Incident>> PgIncidentRepo::ListIncidents(const IncidentFilter& f, const PageRequest& page) {
  const int limit = ClampLimit(page.limit);
  // Only the filters given go into the statement, so that an organisation's list is read from
  // incidents_by_org ("$n IS NULL OR ..." would not be, once the server settles on a generic plan).
  std::string sql = std::string("SELECT ") + kIncidentColumns + " FROM incidents WHERE TRUE";
  ParamNumbers params(0);
  if (f.org) sql += " AND org_id = " + params.Next();
  if (f.status) sql += " AND status = " + params.Next();
  if (f.with_deadline_only) sql += " AND next_due_at IS NOT NULL";
  sql += " ORDER BY next_due_at IS NULL, next_due_at, id LIMIT " + params.Next();
  sql += " OFFSET " + params.Next();
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  if (f.org) s.Bind(*f.org);
  if (f.status) s.Bind(std::string(domain::Name(*f.status)));
  s.Bind(static_cast<std::int64_t>(limit) + 1).Bind(page.after);
  QX_ASSIGN_OR_RETURN(auto items, ReadAll<domain::Incident>(s, ReadIncident));
  Page<domain::Incident> out;
  if (static_cast<int>(items.size()) > limit) {
    items.pop_back();
    out.next = page.after + limit;
  }
  for (auto& i : items) QX_RETURN_IF_ERROR(ReadChildren(i));
  out.items = std::move(items);
  return out;
}

Status PgIncidentRepo::InsertSubmission(const domain::StageSubmission& x) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO incident_stage_submissions(incident_id, stage_key,"
                                         " submitted_at, submitted_by, fields) VALUES($1, $2, $3, $4, $5)"));
  return s.Bind(x.incident_id).Bind(x.stage_key).Bind(x.submitted_at).Bind(x.submitted_by).Bind(x.fields_json).Run();
}

Result<std::vector<domain::StageSubmission>> PgIncidentRepo::ListSubmissions(domain::IncidentId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT incident_id, stage_key, submitted_at, submitted_by, fields"
                                         " FROM incident_stage_submissions WHERE incident_id = $1 ORDER BY submitted_at, stage_key"));
  s.Bind(id);
  return ReadAll<domain::StageSubmission>(s, [](const Statement& r) {
    return domain::StageSubmission{r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4)};
  });
}

Status PgIncidentRepo::InsertStageRequest(const domain::StageRequest& x) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO incident_stage_requests(incident_id, stage_key,"
                                         " requested_at, requested_by) VALUES($1, $2, $3, $4)"));
  return s.Bind(x.incident_id).Bind(x.stage_key).Bind(x.requested_at).Bind(x.requested_by).Run();
}

Result<std::vector<domain::StageRequest>> PgIncidentRepo::ListStageRequests(domain::IncidentId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT incident_id, stage_key, requested_at, requested_by"
                                         " FROM incident_stage_requests WHERE incident_id = $1 ORDER BY requested_at, stage_key"));
  s.Bind(id);
  return ReadAll<domain::StageRequest>(s, [](const Statement& r) {
    return domain::StageRequest{r.Int(0), r.Text(1), r.Int(2), r.Text(3)};
  });
}

Result<std::int64_t> PgIncidentRepo::AppendTimeline(const domain::TimelineEntry& e) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO incident_timeline(incident_id, at, actor, org_id, kind,"
                                         " text, detail) VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id"));
  s.Bind(e.incident_id).Bind(e.at).Bind(e.actor).Bind(e.org_id).Bind(e.kind).Bind(e.text).Bind(e.detail_json);
  return InsertedId(s);
}

Result<Page<domain::TimelineEntry>> PgIncidentRepo::ListTimeline(domain::IncidentId id, const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, incident_id, at, actor, org_id, kind, text, detail"
                                         " FROM incident_timeline WHERE incident_id = $1 AND id > $2 ORDER BY id LIMIT $3"));
  const int limit = ClampLimit(page.limit);
  s.Bind(id).Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::TimelineEntry>(s, limit, ReadEntry, [](const auto& e) { return e.id; });
}

Result<std::int64_t> PgIncidentRepo::InsertRfi(const domain::Rfi& r) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO incident_rfis(incident_id, question, asked_by, asked_at,"
                                         " answer, answered_by, answered_at) VALUES($1, $2, $3, $4, NULL, '', NULL) RETURNING id"));
  s.Bind(r.incident_id).Bind(r.question).Bind(r.asked_by).Bind(r.asked_at);
  return InsertedId(s);
}

Result<domain::Rfi> PgIncidentRepo::GetRfi(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, incident_id, question, asked_by, asked_at, answer,"
                                         " answered_by, answered_at FROM incident_rfis WHERE id = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such request for information");
  return ReadRfi(s);
}

Status PgIncidentRepo::AnswerRfi(const domain::Rfi& r) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE incident_rfis SET answer = $1, answered_by = $2, answered_at = $3"
                                         " WHERE id = $4 AND answer IS NULL"));
  QX_RETURN_IF_ERROR(s.Bind(r.answer).Bind(r.answered_by).Bind(r.answered_at).Bind(r.id).Run());
  if (s.Affected() == 0) return MakeError(ErrorCode::kConflict, "the request was answered already");
  return Ok();
}

Result<Page<domain::Rfi>> PgIncidentRepo::ListRfis(domain::IncidentId id, const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, incident_id, question, asked_by, asked_at, answer,"
                                         " answered_by, answered_at FROM incident_rfis"
                                         " WHERE incident_id = $1 AND id > $2 ORDER BY id LIMIT $3"));
  const int limit = ClampLimit(page.limit);
  s.Bind(id).Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::Rfi>(s, limit, ReadRfi, [](const auto& r) { return r.id; });
}

Status PgIncidentRepo::RecordDelivery(const domain::IncidentDelivery& d) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(
      "INSERT INTO incident_deliveries(incident_id, stage, event, channel, attempts, delivered_at, last_error)"
      " VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(incident_id, stage, event, channel) DO UPDATE SET"
      " attempts = excluded.attempts, delivered_at = excluded.delivered_at, last_error = excluded.last_error"));
  return s.Bind(d.incident_id).Bind(d.stage).Bind(d.event).Bind(d.channel).Bind(d.attempts).Bind(d.delivered_at)
      .Bind(d.last_error).Run();
}

Result<Page<domain::IncidentDelivery>> PgIncidentRepo::ListDeliveries(const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, incident_id, stage, event, channel, attempts, delivered_at,"
                                         " last_error FROM incident_deliveries WHERE ($1::BIGINT = 0 OR id < $2)"
                                         " ORDER BY id DESC LIMIT $3"));
  const int limit = ClampLimit(page.limit);
  s.Bind(page.after).Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::IncidentDelivery>(s, limit, ReadDelivery, [](const auto& d) { return d.id; });
}

Result<std::int64_t> PgIncidentRepo::InsertAttachment(const domain::IncidentAttachment& a) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO incident_attachments(incident_id, sha256, filename, media_type, size,"
                                         " stage_key, uploaded_by, uploaded_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"));
  s.Bind(a.incident_id).Bind(a.sha256).Bind(a.filename).Bind(a.media_type).Bind(a.size).Bind(a.stage_key)
      .Bind(a.uploaded_by).Bind(a.uploaded_at);
  return InsertedId(s);
}

Result<domain::IncidentAttachment> PgIncidentRepo::GetAttachment(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(QX_ATTACHMENT_COLUMNS " FROM incident_attachments WHERE id = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such attachment");
  return ReadAttachment(s);
}

Result<std::vector<domain::IncidentAttachment>> PgIncidentRepo::ListAttachments(domain::IncidentId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(QX_ATTACHMENT_COLUMNS " FROM incident_attachments WHERE incident_id = $1 ORDER BY id"));
  s.Bind(id);
  return ReadAll<domain::IncidentAttachment>(s, ReadAttachment);
}

Result<std::int64_t> PgIncidentRepo::CountAttachments(domain::IncidentId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT COUNT(*) FROM incident_attachments WHERE incident_id = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  return row ? s.Int(0) : 0;
}

Result<std::int64_t> PgIncidentRepo::CountAttachmentsWithDigest(const std::string& sha256) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT COUNT(*) FROM incident_attachments WHERE sha256 = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(sha256).Step());
  return row ? s.Int(0) : 0;
}

Status PgIncidentRepo::ForEachAttachmentDigest(const std::function<void(const std::string& sha256)>& visit) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT DISTINCT sha256 FROM incident_attachments"));
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return Ok();
    visit(s.Text(0));
  }
}

}  // namespace qx::store::pg
