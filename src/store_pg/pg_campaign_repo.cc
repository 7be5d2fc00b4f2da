#include "pg_campaign_repo.h"

#include <algorithm>
#include <string>

#include "pg_repos.h"

namespace qx::store::pg {
namespace {

constexpr char kCampaignColumns[] =
    "id, name, description, profile_catalog_id, profile_seq, due_at, sector, category, created_by,"
    " created_at";

domain::Campaign ReadCampaign(const Statement& s) {
  domain::Campaign c;
  c.id = s.Int(0);
  c.name = s.Text(1);
  c.description = s.Text(2);
  c.profile = {s.Int(3), static_cast<int>(s.Int(4))};
  c.due_at = s.Int(5);
  c.sector = s.Text(6);
  if (auto cat = s.OptInt(7)) c.category = static_cast<int>(*cat);
  c.created_by = s.Text(8);
  c.created_at = s.Int(9);
  return c;
}

// The board's read: one row per subject with the names and the assessment's status joined in.
constexpr char kSubjectsSql[] =
    "SELECT cs.id, cs.campaign_id, cs.subject_kind, cs.subject_id, cs.owner_org_id, cs.assessment_id,"
    " cs.linked, cs.note, COALESCE(o.name, g.name, ''), COALESCE(g.name, ''), a.status, a.score"
    " FROM campaign_subjects cs"
    " LEFT JOIN cii_objects o ON cs.subject_kind = 'object' AND o.id = cs.subject_id"
    " LEFT JOIN organisations g ON g.id = cs.owner_org_id"
    " LEFT JOIN assessments a ON a.id = cs.assessment_id"
    " WHERE cs.campaign_id = $1 AND ($2::bigint IS NULL OR cs.owner_org_id = $2) AND cs.id > $3"
    " AND ($4::int = 0 OR ($4 = 1 AND COALESCE(a.status, '') = $5) OR ($4 = 2 AND COALESCE(a.status, '') <> 'accepted'))"
    " ORDER BY cs.id LIMIT $6";

Result<domain::CampaignSubject> ReadSubject(const Statement& s) {
  domain::CampaignSubject r;
  r.id = s.Int(0);
  r.campaign_id = s.Int(1);
  auto kind = domain::ParseSubjectKind(s.Text(2));
  if (!kind) return MakeError(ErrorCode::kInternal, "campaign subject with an unknown kind");
  r.subject_kind = *kind;
  r.subject_id = s.Int(3);
  r.owner_org = s.Int(4);
  r.assessment_id = s.OptInt(5);
  r.linked = s.Bool(6);
  r.note = s.Text(7);
  r.subject_name = s.Text(8);
  r.owner_name = s.Text(9);
  if (!s.IsNull(10)) {
    r.status = domain::ParseAssessmentStatus(s.Text(10));
    if (!r.status) return MakeError(ErrorCode::kInternal, "assessment with an unknown status");
  }
  r.score = s.OptDouble(11);
  return r;
}

}  // namespace

Result<domain::CampaignId> PgCampaignRepo::InsertCampaign(const domain::Campaign& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO campaigns(name, description, profile_catalog_id,"
                                         " profile_seq, due_at, sector, category, created_by, created_at)"
                                         " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"));
  s.Bind(c.name).Bind(c.description).Bind(c.profile.catalog_id).Bind(c.profile.seq).Bind(c.due_at)
      .Bind(c.sector).Bind(c.category).Bind(c.created_by).Bind(c.created_at);
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

Result<domain::Campaign> PgCampaignRepo::GetCampaign(domain::CampaignId id) {
  static const std::string sql = std::string("SELECT ") + kCampaignColumns + " FROM campaigns WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such campaign");
  return ReadCampaign(s);
}

Result<Page<domain::Campaign>> PgCampaignRepo::ListCampaigns(
    const std::optional<domain::OrgId>& with_subjects_of, const PageRequest& page) {
  static const std::string sql =
      std::string("SELECT ") + kCampaignColumns +
      " FROM campaigns c WHERE ($1::bigint = 0 OR c.id < $1) AND ($2::bigint IS NULL OR EXISTS"
      " (SELECT 1 FROM campaign_subjects cs WHERE cs.campaign_id = c.id AND cs.owner_org_id = $2))"
      " ORDER BY c.id DESC LIMIT $3";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  const int limit = ClampLimit(page.limit);
  s.Bind(page.after).Bind(with_subjects_of).Bind(limit + 1);
  return ReadPage<domain::Campaign>(s, limit, ReadCampaign, [](const auto& c) { return c.id; });
}

Status PgCampaignRepo::InsertSubjects(const std::vector<domain::CampaignSubject>& rows) {
  for (const auto& r : rows) {
    QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO campaign_subjects(campaign_id, subject_kind,"
                                           " subject_id, owner_org_id, assessment_id, linked, note)"
                                           " VALUES($1, $2, $3, $4, $5, $6, $7)"));
    QX_RETURN_IF_ERROR(s.Bind(r.campaign_id).Bind(domain::Name(r.subject_kind)).Bind(r.subject_id)
                           .Bind(r.owner_org).Bind(r.assessment_id).Bind(r.linked).Bind(r.note).Run());
  }
  return Ok();
}

Result<std::vector<domain::CampaignSubject>> PgCampaignRepo::ListSubjects(
    domain::CampaignId id, const std::optional<domain::OrgId>& owner, const domain::StatusFilter& filter,
    std::int64_t after, int limit) {
  if (filter.mode == domain::StatusFilter::Mode::kNone) return std::vector<domain::CampaignSubject>();
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(kSubjectsSql));
  s.Bind(id).Bind(owner).Bind(after).Bind(static_cast<int>(filter.mode)).Bind(filter.status).Bind(std::max(limit, 1));
  return ReadAll<domain::CampaignSubject>(s, ReadSubject);
}

Result<domain::StatusCounts> PgCampaignRepo::CountStatuses(domain::CampaignId id,
                                                           const std::optional<domain::OrgId>& owner) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT a.status, COUNT(*) FROM campaign_subjects cs"
                                         " LEFT JOIN assessments a ON a.id = cs.assessment_id"
                                         " WHERE cs.campaign_id = $1 AND ($2::bigint IS NULL OR cs.owner_org_id = $2)"
                                         " GROUP BY a.status"));
  s.Bind(id).Bind(owner);
  return ReadAll<std::pair<std::optional<domain::AssessmentStatus>, std::int64_t>>(
      s, [](const Statement& st) -> Result<std::pair<std::optional<domain::AssessmentStatus>, std::int64_t>> {
        std::optional<domain::AssessmentStatus> status;
        if (!st.IsNull(0)) {
          status = domain::ParseAssessmentStatus(st.Text(0));
          if (!status) return MakeError(ErrorCode::kInternal, "assessment with an unknown status");
        }
        return std::pair(status, st.Int(1));
      });
}

Result<std::int64_t> PgCampaignRepo::CountSubjects(domain::CampaignId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT COUNT(*) FROM campaign_subjects WHERE campaign_id = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  return row ? s.Int(0) : 0;
}

}  // namespace qx::store::pg
