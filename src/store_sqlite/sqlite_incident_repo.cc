#include "sqlite_incident_repo.h"

#include "sqlite_filtered_sql.h"
#include "sqlite_repos.h"

namespace qx::store::sqlite {
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
  i.malicious = s.Int(9) != 0;
  i.cross_border = s.Int(10) != 0;
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

// Prepared statements are cached by their text: the columns are spliced in as a literal.
#define QX_ATTACHMENT_COLUMNS \
  "SELECT id, incident_id, sha256, filename, media_type, size, stage_key, uploaded_by, uploaded_at"

domain::IncidentAttachment ReadAttachment(const Statement& s) {
  return domain::IncidentAttachment{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4),
                                    s.Int(5), s.Text(6), s.Text(7), s.Int(8)};
}

}  // namespace

Result<domain::IncidentId> SqliteIncidentRepo::InsertIncident(const domain::Incident& i) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(
      "INSERT INTO incidents(org_id, sector, regime, title, description, detection_source, aware_at,"
      " classified_at, malicious, cross_border, affected_services, impact_confidentiality,"
      " impact_integrity, impact_availability, severity, tlp, status, assignee, created_at,"
      " created_by, next_due_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s.Bind(i.org_id).Bind(i.sector).Bind(i.regime).Bind(i.title).Bind(i.description).Bind(i.detection_source);
  s.Bind(i.aware_at).Bind(i.classified_at).Bind(i.malicious).Bind(i.cross_border).Bind(i.affected_services);
  s.Bind(domain::Name(i.impact.confidentiality)).Bind(domain::Name(i.impact.integrity));
  s.Bind(domain::Name(i.impact.availability)).Bind(domain::Name(i.severity)).Bind(i.tlp);
  s.Bind(domain::Name(i.status)).Bind(i.assignee).Bind(i.created_at).Bind(i.created_by).Bind(i.next_due_at);
  QX_RETURN_IF_ERROR(s.Run());
  const domain::IncidentId id = c_.LastInsertId();
  for (std::size_t k = 0; k < i.object_ids.size(); ++k) {
    QX_ASSIGN_OR_RETURN(auto o, c_.Prepare("INSERT INTO incident_objects(incident_id, ordinal, object_id) VALUES(?, ?, ?)"));
    QX_RETURN_IF_ERROR(o.Bind(id).Bind(static_cast<std::int64_t>(k)).Bind(i.object_ids[k]).Run());
  }
  for (std::size_t k = 0; k < i.indicators.size(); ++k) {
    QX_ASSIGN_OR_RETURN(auto o, c_.Prepare("INSERT INTO incident_indicators(incident_id, ordinal, type, value) VALUES(?, ?, ?, ?)"));
    QX_RETURN_IF_ERROR(o.Bind(id).Bind(static_cast<std::int64_t>(k)).Bind(i.indicators[k].type).Bind(i.indicators[k].value).Run());
  }
  return id;
}

Status SqliteIncidentRepo::UpdateIncident(const domain::Incident& i) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE incidents SET classified_at = ?, severity = ?, tlp = ?,"
                                         " status = ?, assignee = ?, next_due_at = ? WHERE id = ?"));
  return s.Bind(i.classified_at).Bind(domain::Name(i.severity)).Bind(i.tlp).Bind(domain::Name(i.status))
      .Bind(i.assignee).Bind(i.next_due_at).Bind(i.id).Run();
}

Status SqliteIncidentRepo::ReadChildren(domain::Incident& i) {
  QX_ASSIGN_OR_RETURN(auto o, c_.Prepare("SELECT object_id FROM incident_objects WHERE incident_id = ? ORDER BY ordinal"));
  o.Bind(i.id);
  QX_ASSIGN_OR_RETURN(i.object_ids, ReadAll<std::int64_t>(o, [](const Statement& s) { return s.Int(0); }));
  QX_ASSIGN_OR_RETURN(auto n, c_.Prepare("SELECT type, value FROM incident_indicators WHERE incident_id = ? ORDER BY ordinal"));
  n.Bind(i.id);
  QX_ASSIGN_OR_RETURN(i.indicators, ReadAll<domain::IncidentIndicator>(n, [](const Statement& s) {
                        return domain::IncidentIndicator{s.Text(0), s.Text(1)};
                      }));
  return Ok();
}

Result<domain::Incident> SqliteIncidentRepo::GetIncident(domain::IncidentId id) {
  static const std::string sql = std::string("SELECT ") + kIncidentColumns + " FROM incidents WHERE id = ?";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such incident");
  domain::Incident i = ReadIncident(s);
  QX_RETURN_IF_ERROR(ReadChildren(i));
  return i;
}

const FilteredSql& IncidentListSql() {
  static const FilteredSql sql(std::string("SELECT ") + kIncidentColumns + " FROM incidents WHERE TRUE",
                               {" AND org_id = ?", " AND status = ?", " AND next_due_at IS NOT NULL"},
                               " ORDER BY next_due_at IS NULL, next_due_at, id LIMIT ? OFFSET ?");
  return sql;
}

Result<Page<domain::Incident>> SqliteIncidentRepo::ListIncidents(const IncidentFilter& f, const PageRequest& page) {
  const int limit = ClampLimit(page.limit);
  const unsigned mask = FilteredSql::Mask({f.org.has_value(), f.status.has_value(), f.with_deadline_only});
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(IncidentListSql().For(mask)));
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

Status SqliteIncidentRepo::InsertSubmission(const domain::StageSubmission& x) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO incident_stage_submissions(incident_id, stage_key,"
                                         " submitted_at, submitted_by, fields) VALUES(?, ?, ?, ?, ?)"));
  return s.Bind(x.incident_id).Bind(x.stage_key).Bind(x.submitted_at).Bind(x.submitted_by).Bind(x.fields_json).Run();
}

Result<std::vector<domain::StageSubmission>> SqliteIncidentRepo::ListSubmissions(domain::IncidentId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT incident_id, stage_key, submitted_at, submitted_by, fields"
                                         " FROM incident_stage_submissions WHERE incident_id = ? ORDER BY submitted_at, stage_key"));
  s.Bind(id);
  return ReadAll<domain::StageSubmission>(s, [](const Statement& r) {
    return domain::StageSubmission{r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4)};
  });
}

Status SqliteIncidentRepo::InsertStageRequest(const domain::StageRequest& x) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO incident_stage_requests(incident_id, stage_key,"
                                         " requested_at, requested_by) VALUES(?, ?, ?, ?)"));
  return s.Bind(x.incident_id).Bind(x.stage_key).Bind(x.requested_at).Bind(x.requested_by).Run();
}

Result<std::vector<domain::StageRequest>> SqliteIncidentRepo::ListStageRequests(domain::IncidentId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT incident_id, stage_key, requested_at, requested_by"
                                         " FROM incident_stage_requests WHERE incident_id = ? ORDER BY requested_at, stage_key"));
  s.Bind(id);
  return ReadAll<domain::StageRequest>(s, [](const Statement& r) {
    return domain::StageRequest{r.Int(0), r.Text(1), r.Int(2), r.Text(3)};
  });
}

Result<std::int64_t> SqliteIncidentRepo::AppendTimeline(const domain::TimelineEntry& e) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO incident_timeline(incident_id, at, actor, org_id, kind,"
                                         " text, detail) VALUES(?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(e.incident_id).Bind(e.at).Bind(e.actor).Bind(e.org_id).Bind(e.kind).Bind(e.text)
                         .Bind(e.detail_json).Run());
  return c_.LastInsertId();
}

Result<Page<domain::TimelineEntry>> SqliteIncidentRepo::ListTimeline(domain::IncidentId id, const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, incident_id, at, actor, org_id, kind, text, detail"
                                         " FROM incident_timeline WHERE incident_id = ? AND id > ? ORDER BY id LIMIT ?"));
  const int limit = ClampLimit(page.limit);
  s.Bind(id).Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::TimelineEntry>(s, limit, ReadEntry, [](const auto& e) { return e.id; });
}

Result<std::int64_t> SqliteIncidentRepo::InsertRfi(const domain::Rfi& r) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO incident_rfis(incident_id, question, asked_by, asked_at,"
                                         " answer, answered_by, answered_at) VALUES(?, ?, ?, ?, NULL, '', NULL)"));
  QX_RETURN_IF_ERROR(s.Bind(r.incident_id).Bind(r.question).Bind(r.asked_by).Bind(r.asked_at).Run());
  return c_.LastInsertId();
}

Result<domain::Rfi> SqliteIncidentRepo::GetRfi(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, incident_id, question, asked_by, asked_at, answer,"
                                         " answered_by, answered_at FROM incident_rfis WHERE id = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such request for information");
  return ReadRfi(s);
}

Status SqliteIncidentRepo::AnswerRfi(const domain::Rfi& r) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE incident_rfis SET answer = ?, answered_by = ?, answered_at = ?"
                                         " WHERE id = ? AND answer IS NULL"));
  QX_RETURN_IF_ERROR(s.Bind(r.answer).Bind(r.answered_by).Bind(r.answered_at).Bind(r.id).Run());
  QX_ASSIGN_OR_RETURN(auto changed, c_.Prepare("SELECT changes()"));
  QX_RETURN_IF_ERROR(changed.Step());
  if (changed.Int(0) == 0) return MakeError(ErrorCode::kConflict, "the request was answered already");
  return Ok();
}

Result<Page<domain::Rfi>> SqliteIncidentRepo::ListRfis(domain::IncidentId id, const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, incident_id, question, asked_by, asked_at, answer,"
                                         " answered_by, answered_at FROM incident_rfis"
                                         " WHERE incident_id = ? AND id > ? ORDER BY id LIMIT ?"));
  const int limit = ClampLimit(page.limit);
  s.Bind(id).Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::Rfi>(s, limit, ReadRfi, [](const auto& r) { return r.id; });
}

Status SqliteIncidentRepo::RecordDelivery(const domain::IncidentDelivery& d) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(
      "INSERT INTO incident_deliveries(incident_id, stage, event, channel, attempts, delivered_at, last_error)"
      " VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(incident_id, stage, event, channel) DO UPDATE SET"
      " attempts = excluded.attempts, delivered_at = excluded.delivered_at, last_error = excluded.last_error"));
  return s.Bind(d.incident_id).Bind(d.stage).Bind(d.event).Bind(d.channel).Bind(d.attempts).Bind(d.delivered_at)
      .Bind(d.last_error).Run();
}

Result<Page<domain::IncidentDelivery>> SqliteIncidentRepo::ListDeliveries(const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, incident_id, stage, event, channel, attempts, delivered_at,"
                                         " last_error FROM incident_deliveries WHERE (? = 0 OR id < ?)"
                                         " ORDER BY id DESC LIMIT ?"));
  const int limit = ClampLimit(page.limit);
  s.Bind(page.after).Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::IncidentDelivery>(s, limit, ReadDelivery, [](const auto& d) { return d.id; });
}

Result<std::int64_t> SqliteIncidentRepo::InsertAttachment(const domain::IncidentAttachment& a) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO incident_attachments(incident_id, sha256, filename, media_type, size,"
                                         " stage_key, uploaded_by, uploaded_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(a.incident_id).Bind(a.sha256).Bind(a.filename).Bind(a.media_type).Bind(a.size)
                         .Bind(a.stage_key).Bind(a.uploaded_by).Bind(a.uploaded_at).Run());
  return c_.LastInsertId();
}

Result<domain::IncidentAttachment> SqliteIncidentRepo::GetAttachment(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(QX_ATTACHMENT_COLUMNS " FROM incident_attachments WHERE id = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such attachment");
  return ReadAttachment(s);
}

Result<std::vector<domain::IncidentAttachment>> SqliteIncidentRepo::ListAttachments(domain::IncidentId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(QX_ATTACHMENT_COLUMNS " FROM incident_attachments WHERE incident_id = ? ORDER BY id"));
  s.Bind(id);
  return ReadAll<domain::IncidentAttachment>(s, ReadAttachment);
}

Result<std::int64_t> SqliteIncidentRepo::CountAttachments(domain::IncidentId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT COUNT(*) FROM incident_attachments WHERE incident_id = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  return row ? s.Int(0) : 0;
}

Result<std::int64_t> SqliteIncidentRepo::CountAttachmentsWithDigest(const std::string& sha256) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT COUNT(*) FROM incident_attachments WHERE sha256 = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(sha256).Step());
  return row ? s.Int(0) : 0;
}

Status SqliteIncidentRepo::ForEachAttachmentDigest(const std::function<void(const std::string& sha256)>& visit) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT DISTINCT sha256 FROM incident_attachments"));
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return Ok();
    visit(s.Text(0));
  }
}

}  // namespace qx::store::sqlite
