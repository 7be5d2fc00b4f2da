// The PostgreSQL assessment repository, continued: automated observations, subject scores, their
// roll-ups and the posture time series.
#include <fmt/format.h>

#include "pg_registry_repo.h"
#include "pg_repos.h"

namespace qx::store::pg {
namespace {

Error Corrupt(std::string_view what) {
  return Error{ErrorCode::kInternal, fmt::format("corrupt {} in the database", what)};
}

Rollup ReadRollup(const Statement& s) {
  return Rollup{s.Text(0), s.OptDouble(1), static_cast<int>(s.Int(2))};
}

}  // namespace

Result<std::int64_t> PgAssessmentRepo::InsertObservation(const domain::Observation& o) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO observations(subject_kind, subject_id, owner_org_id, control_id,"
                         " source, result, detail, observed_at, recorded_at, recorded_by)"
                         " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row,
                      s.Bind(domain::Name(o.subject_kind)).Bind(o.subject_id).Bind(o.owner_org)
                          .Bind(o.control_id).Bind(o.source).Bind(domain::Name(o.result))
                          .Bind(o.detail).Bind(o.observed_at).Bind(o.recorded_at)
                          .Bind(o.recorded_by).Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

Result<std::vector<domain::Observation>> PgAssessmentRepo::LatestObservations(
    domain::SubjectKind kind, std::int64_t subject_id) {
  // Text orders byte by byte (COLLATE "C"), as SQLite's does, whatever the database's locale.
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("SELECT DISTINCT ON (control_id COLLATE \"C\", source COLLATE \"C\")"
                         " id, subject_kind, subject_id, owner_org_id, control_id, source, result,"
                         " detail, observed_at, recorded_at, recorded_by FROM observations"
                         " WHERE subject_kind = $1 AND subject_id = $2"
                         " ORDER BY control_id COLLATE \"C\", source COLLATE \"C\", observed_at DESC,"
                         " id DESC"));
  s.Bind(domain::Name(kind)).Bind(subject_id);
  return ReadAll<domain::Observation>(s, [](const Statement& r) -> Result<domain::Observation> {
    domain::Observation o;
    o.id = r.Int(0);
    const auto k = domain::ParseSubjectKind(r.Text(1));
    const auto result = domain::ParseObservationResult(r.Text(6));
    if (!k || !result) return tl::unexpected(Corrupt("observations"));
    o.subject_kind = *k;
    o.subject_id = r.Int(2);
    o.owner_org = r.Int(3);
    o.control_id = r.Text(4);
    o.source = r.Text(5);
    o.result = *result;
    o.detail = r.Text(7);
    o.observed_at = r.Int(8);
    o.recorded_at = r.Int(9);
    o.recorded_by = r.Text(10);
    return o;
  });
}

Status PgAssessmentRepo::PutSubjectScore(const SubjectScore& sc) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO subject_scores(subject_kind, subject_id, org_id, sector,"
                         " assessment_id, score, at) VALUES($1, $2, $3, $4, $5, $6, $7)"
                         " ON CONFLICT(subject_kind, subject_id) DO UPDATE SET org_id = excluded.org_id,"
                         " sector = excluded.sector, assessment_id = excluded.assessment_id,"
                         " score = excluded.score, at = excluded.at"));
  return s.Bind(domain::Name(sc.subject_kind)).Bind(sc.subject_id).Bind(sc.org_id).Bind(sc.sector)
      .Bind(sc.assessment_id).Bind(sc.score).Bind(sc.at).Run();
}

Result<std::optional<SubjectScore>> PgAssessmentRepo::GetSubjectScore(domain::SubjectKind kind,
                                                                      std::int64_t subject_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT org_id, sector, assessment_id, score, at FROM"
                                         " subject_scores WHERE subject_kind = $1 AND subject_id = $2"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(domain::Name(kind)).Bind(subject_id).Step());
  if (!row) return std::optional<SubjectScore>();
  return std::optional(
      SubjectScore{kind, subject_id, s.Int(0), s.Text(1), s.Int(2), s.OptDouble(3), s.Int(4)});
}

Result<std::vector<Rollup>> PgAssessmentRepo::RollupByOrg(const std::optional<std::string>& sector) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT org_id::text, avg(score), count(score)"
                                         " FROM subject_scores WHERE ($1::text IS NULL OR sector = $1)"
                                         " GROUP BY org_id ORDER BY org_id"));
  s.Bind(sector);
  return ReadAll<Rollup>(s, ReadRollup);
}

Result<std::vector<Rollup>> PgAssessmentRepo::RollupBySector() {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT sector, avg(score), count(score) FROM subject_scores"
                                         " WHERE subject_kind = 'object' GROUP BY sector"
                                         " ORDER BY sector COLLATE \"C\""));
  return ReadAll<Rollup>(s, ReadRollup);
}

Result<Rollup> PgAssessmentRepo::RollupNation() {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT '', avg(score), count(score) FROM subject_scores"
                                         " WHERE subject_kind = 'object'"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return Rollup{};
  return ReadRollup(s);
}

Result<Rollup> PgAssessmentRepo::RollupOfOrg(domain::OrgId org) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT $1::bigint::text, avg(score), count(score)"
                                         " FROM subject_scores WHERE org_id = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(org).Step());
  if (!row) return Rollup{std::to_string(org), std::nullopt, 0};
  return ReadRollup(s);
}

Status PgAssessmentRepo::AppendPosture(const PosturePoint& p) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO posture_points(scope, key, at, score, subjects)"
                                         " VALUES($1, $2, $3, $4, $5)"));
  return s.Bind(p.scope).Bind(p.key).Bind(p.at).Bind(p.score).Bind(p.subjects).Run();
}

Result<std::vector<PosturePoint>> PgAssessmentRepo::PostureSeries(const std::string& scope,
                                                                  const std::string& key,
                                                                  UnixMillis since, UnixMillis until) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT scope, key, at, score, subjects FROM posture_points"
                                         " WHERE scope = $1 AND key = $2 AND at >= $3 AND at < $4"
                                         " ORDER BY at, id LIMIT 10000"));
  s.Bind(scope).Bind(key).Bind(since).Bind(until);
  return ReadAll<PosturePoint>(s, [](const Statement& r) {
    return PosturePoint{r.Text(0), r.Text(1), r.Int(2), r.OptDouble(3), static_cast<int>(r.Int(4))};
  });
}

}  // namespace qx::store::pg
