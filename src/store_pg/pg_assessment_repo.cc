// The PostgreSQL assessment repository: assessments and their items, evidence, review comments
// and remediation (observations, scores and the posture series are in pg_assessment_scores.cc).
#include <boost/json.hpp>
#include <fmt/format.h>

#include "pg_registry_repo.h"
#include "pg_param_numbers.h"
#include "pg_repos.h"

namespace qx::store::pg {
namespace {

namespace json = boost::json;
using domain::Assessment;
using domain::AssessmentItem;

Error Corrupt(std::string_view what) {
  return Error{ErrorCode::kInternal, fmt::format("corrupt {} in the database", what)};
}

std::string SpecialJson(const std::vector<domain::SourceRef>& refs) {
  json::array a;
  for (const auto& r : refs) a.push_back(json::array{r.catalog_id, r.seq});
  return json::serialize(a);
}

Result<std::vector<domain::SourceRef>> ParseSpecial(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return tl::unexpected(Corrupt("assessments.special"));
  std::vector<domain::SourceRef> out;
  for (const auto& e : v.as_array()) {
    if (!e.is_array() || e.as_array().size() != 2 || !e.as_array()[0].is_int64() ||
        !e.as_array()[1].is_int64()) {
      return tl::unexpected(Corrupt("assessments.special"));
    }
    out.push_back({e.as_array()[0].as_int64(), static_cast<int>(e.as_array()[1].as_int64())});
  }
  return out;
}

std::optional<std::int64_t> Opt(const std::optional<int>& v) {
  return v ? std::optional<std::int64_t>(*v) : std::nullopt;
}

constexpr char kAssessmentColumns[] =
    "id, subject_kind, subject_id, owner_org_id, sector, category, profile_catalog_id, profile_seq,"
    " special, status, previous_id, superseded_by, campaign_id, due_at, score, created_at,"
    " created_by, updated_at, submitted_at, decided_at";

Result<Assessment> ReadAssessment(const Statement& s) {
  Assessment a;
  a.id = s.Int(0);
  const auto kind = domain::ParseSubjectKind(s.Text(1));
  if (!kind) return tl::unexpected(Corrupt("assessments.subject_kind"));
  a.subject_kind = *kind;
  a.subject_id = s.Int(2);
  a.owner_org = s.Int(3);
  a.sector = s.Text(4);
  if (auto c = s.OptInt(5)) a.category = static_cast<int>(*c);
  a.profile = {s.Int(6), static_cast<int>(s.Int(7))};
  QX_ASSIGN_OR_RETURN(a.special, ParseSpecial(s.Text(8)));
  const auto status = domain::ParseAssessmentStatus(s.Text(9));
  if (!status) return tl::unexpected(Corrupt("assessments.status"));
  a.status = *status;
  a.previous_id = s.OptInt(10);
  a.superseded_by = s.OptInt(11);
  a.campaign_id = s.OptInt(12);
  a.due_at = s.OptInt(13);
  a.score = s.OptDouble(14);
  a.created_at = s.Int(15);
  a.created_by = s.Text(16);
  a.updated_at = s.Int(17);
  a.submitted_at = s.OptInt(18);
  a.decided_at = s.OptInt(19);
  return a;
}

constexpr char kItemColumns[] =
    "assessment_id, catalog_id, control_id, ordinal, title, group_path, result, justification,"
    " comment, flag, previous_result, updated_at, updated_by";

Result<AssessmentItem> ReadItem(const Statement& s) {
  AssessmentItem i;
  i.assessment_id = s.Int(0);
  i.catalog_id = s.Int(1);
  i.control_id = s.Text(2);
  i.ordinal = static_cast<int>(s.Int(3));
  i.title = s.Text(4);
  i.group_path = s.Text(5);
  const auto result = domain::ParseItemResult(s.Text(6));
  const auto flag = domain::ParseItemFlag(s.Text(9));
  if (!result || !flag) return tl::unexpected(Corrupt("assessment_items"));
  i.result = *result;
  i.justification = s.Text(7);
  i.comment = s.Text(8);
  i.flag = *flag;
  i.previous_result = s.Text(10);
  i.updated_at = s.Int(11);
  i.updated_by = s.Text(12);
  return i;
}

constexpr char kEvidenceColumns[] =
    "id, assessment_id, catalog_id, control_id, sha256, size, filename, description, effective_at,"
    " expires_at, uploaded_by, uploaded_at";

domain::EvidenceRecord ReadEvidence(const Statement& s) {
  domain::EvidenceRecord e;
  e.id = s.Int(0);
  e.assessment_id = s.Int(1);
  e.catalog_id = s.Int(2);
  e.control_id = s.Text(3);
  e.sha256 = s.Text(4);
  e.size = s.Int(5);
  e.filename = s.Text(6);
  e.description = s.Text(7);
  e.effective_at = s.Int(8);
  e.expires_at = s.OptInt(9);
  e.uploaded_by = s.Text(10);
  e.uploaded_at = s.Int(11);
  return e;
}

constexpr char kRemediationColumns[] =
    "id, assessment_id, catalog_id, control_id, action, owner, due_at, status, created_at, updated_at";

Result<domain::RemediationAction> ReadRemediation(const Statement& s) {
  domain::RemediationAction r;
  r.id = s.Int(0);
  r.assessment_id = s.Int(1);
  r.catalog_id = s.Int(2);
  r.control_id = s.Text(3);
  r.action = s.Text(4);
  r.owner = s.Text(5);
  r.due_at = s.Int(6);
  const auto status = domain::ParseRemediationStatus(s.Text(7));
  if (!status) return tl::unexpected(Corrupt("remediation_actions.status"));
  r.status = *status;
  r.created_at = s.Int(8);
  r.updated_at = s.Int(9);
  return r;
}


}  // namespace

Result<domain::AssessmentId> PgAssessmentRepo::InsertAssessment(const Assessment& a,
                                                                    const std::vector<AssessmentItem>& items) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO assessments(subject_kind, subject_id, owner_org_id, sector,"
                         " category, profile_catalog_id, profile_seq, special, status, previous_id,"
                         " superseded_by, campaign_id, due_at, score, created_at, created_by,"
                         " updated_at, submitted_at, decided_at)"
                         " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
                         " $16, $17, $18, $19) RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row,
                      s.Bind(domain::Name(a.subject_kind)).Bind(a.subject_id).Bind(a.owner_org)
                          .Bind(a.sector).Bind(Opt(a.category)).Bind(a.profile.catalog_id)
                          .Bind(a.profile.seq).Bind(SpecialJson(a.special)).Bind(domain::Name(a.status))
                          .Bind(a.previous_id).Bind(a.superseded_by).Bind(a.campaign_id).Bind(a.due_at)
                          .Bind(a.score).Bind(a.created_at).Bind(a.created_by).Bind(a.updated_at)
                          .Bind(a.submitted_at).Bind(a.decided_at).Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  const domain::AssessmentId id = s.Int(0);
  if (items.empty()) return id;
  // Every column of the items travels as one array, in one round trip however many there are.
  std::vector<std::int64_t> catalog, ordinal, updated_at;
  std::vector<std::string> control, title, group, result, justification, comment, flag, previous,
      updated_by;
  for (const auto& i : items) {
    catalog.push_back(i.catalog_id);
    control.push_back(i.control_id);
    ordinal.push_back(i.ordinal);
    title.push_back(i.title);
    group.push_back(i.group_path);
    result.emplace_back(domain::Name(i.result));
    justification.push_back(i.justification);
    comment.push_back(i.comment);
    flag.emplace_back(domain::Name(i.flag));
    previous.push_back(i.previous_result);
    updated_at.push_back(i.updated_at);
    updated_by.push_back(i.updated_by);
  }
  QX_ASSIGN_OR_RETURN(
      auto ins, c_.Prepare("INSERT INTO assessment_items(assessment_id, catalog_id, control_id,"
                           " ordinal, title, group_path, result, justification, comment, flag,"
                           " previous_result, updated_at, updated_by)"
                           " SELECT $1::bigint, * FROM unnest($2::bigint[], $3::text[], $4::integer[],"
                           " $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],"
                           " $11::text[], $12::bigint[], $13::text[])"));
  ins.Bind(id).BindArray(catalog).BindArray(control).BindArray(ordinal).BindArray(title)
      .BindArray(group).BindArray(result).BindArray(justification).BindArray(comment)
      .BindArray(flag).BindArray(previous).BindArray(updated_at).BindArray(updated_by);
  QX_RETURN_IF_ERROR(ins.Run());
  return id;
}

Result<Assessment> PgAssessmentRepo::GetAssessment(domain::AssessmentId id) {
  static const std::string sql = std::string("SELECT ") + kAssessmentColumns + " FROM assessments WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such assessment");
  return ReadAssessment(s);
}

Result<Page<Assessment>> PgAssessmentRepo::ListAssessments(const AssessmentFilter& f,
                                                               const PageRequest& page) {
  // Only the filters given go into the statement, so that each shape gets a plan on its index.
  std::string sql = std::string("SELECT ") + kAssessmentColumns + " FROM assessments WHERE id > $1";
  ParamNumbers params(1);
  if (f.owner_org) sql += " AND owner_org_id = " + params.Next();
  if (f.subject_kind) sql += " AND subject_kind = " + params.Next();
  if (f.subject_id) sql += " AND subject_id = " + params.Next();
  if (f.status) sql += " AND status = " + params.Next();
  if (f.campaign_id) sql += " AND campaign_id = " + params.Next();
  sql += " ORDER BY id LIMIT " + params.Next();
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  const int limit = ClampLimit(page.limit);
  s.Bind(page.after);
  if (f.owner_org) s.Bind(*f.owner_org);
  if (f.subject_kind) s.Bind(std::string(domain::Name(*f.subject_kind)));
  if (f.subject_id) s.Bind(*f.subject_id);
  if (f.status) s.Bind(std::string(domain::Name(*f.status)));
  if (f.campaign_id) s.Bind(*f.campaign_id);
  s.Bind(limit + 1);
  return ReadPage<Assessment>(s, limit, ReadAssessment, [](const Assessment& a) { return a.id; });
}

Status PgAssessmentRepo::UpdateAssessment(const Assessment& a) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("UPDATE assessments SET status = $1, superseded_by = $2, campaign_id = $3,"
                         " due_at = $4, score = $5, updated_at = $6, submitted_at = $7, decided_at = $8"
                         " WHERE id = $9"));
  return s.Bind(domain::Name(a.status)).Bind(a.superseded_by).Bind(a.campaign_id).Bind(a.due_at)
      .Bind(a.score).Bind(a.updated_at).Bind(a.submitted_at).Bind(a.decided_at).Bind(a.id).Run();
}

Result<std::vector<AssessmentItem>> PgAssessmentRepo::ListItems(domain::AssessmentId id) {
  static const std::string sql = std::string("SELECT ") + kItemColumns +
                                 " FROM assessment_items WHERE assessment_id = $1 ORDER BY ordinal";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.Bind(id);
  return ReadAll<AssessmentItem>(s, ReadItem);
}

Result<AssessmentItem> PgAssessmentRepo::GetItem(domain::AssessmentId id, std::int64_t catalog_id,
                                                     const std::string& control_id) {
  static const std::string sql =
      std::string("SELECT ") + kItemColumns +
      " FROM assessment_items WHERE assessment_id = $1 AND catalog_id = $2 AND control_id = $3";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Bind(catalog_id).Bind(control_id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such requirement in this assessment");
  return ReadItem(s);
}

Status PgAssessmentRepo::UpdateItem(const AssessmentItem& i) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("UPDATE assessment_items SET result = $1, justification = $2, comment = $3,"
                         " flag = $4, previous_result = $5, updated_at = $6, updated_by = $7"
                         " WHERE assessment_id = $8 AND catalog_id = $9 AND control_id = $10"));
  return s.Bind(domain::Name(i.result)).Bind(i.justification).Bind(i.comment)
      .Bind(domain::Name(i.flag)).Bind(i.previous_result).Bind(i.updated_at).Bind(i.updated_by)
      .Bind(i.assessment_id).Bind(i.catalog_id).Bind(i.control_id).Run();
}

Result<std::int64_t> PgAssessmentRepo::InsertEvidence(const domain::EvidenceRecord& e) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO evidence(assessment_id, catalog_id, control_id, sha256, size,"
                         " filename, description, effective_at, expires_at, uploaded_by, uploaded_at)"
                         " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row,
                      s.Bind(e.assessment_id).Bind(e.catalog_id).Bind(e.control_id).Bind(e.sha256)
                          .Bind(e.size).Bind(e.filename).Bind(e.description).Bind(e.effective_at)
                          .Bind(e.expires_at).Bind(e.uploaded_by).Bind(e.uploaded_at).Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

Result<domain::EvidenceRecord> PgAssessmentRepo::GetEvidence(std::int64_t id) {
  static const std::string sql = std::string("SELECT ") + kEvidenceColumns + " FROM evidence WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such evidence");
  return ReadEvidence(s);
}

Result<std::vector<domain::EvidenceRecord>> PgAssessmentRepo::ListEvidence(domain::AssessmentId id) {
  static const std::string sql = std::string("SELECT ") + kEvidenceColumns +
                                 " FROM evidence WHERE assessment_id = $1 ORDER BY id";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.Bind(id);
  return ReadAll<domain::EvidenceRecord>(s, ReadEvidence);
}

Status PgAssessmentRepo::DeleteEvidence(std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("DELETE FROM evidence WHERE id = $1"));
  return s.Bind(id).Run();
}

Result<std::int64_t> PgAssessmentRepo::CountEvidenceWithDigest(const std::string& sha256) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT COUNT(*) FROM evidence WHERE sha256 = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(sha256).Step());
  return row ? s.Int(0) : 0;
}

Status PgAssessmentRepo::ForEachEvidenceDigest(const std::function<void(const std::string& sha256)>& visit) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT DISTINCT sha256 FROM evidence"));
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return Ok();
    visit(s.Text(0));
  }
}

Result<std::int64_t> PgAssessmentRepo::InsertComment(const domain::ReviewComment& c) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO review_comments(assessment_id, catalog_id, control_id, body,"
                         " author, author_org_id, at) VALUES($1, $2, $3, $4, $5, $6, $7)"
                         " RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row,
                      s.Bind(c.assessment_id).Bind(c.catalog_id).Bind(c.control_id).Bind(c.body)
                          .Bind(c.author).Bind(c.author_org).Bind(c.at).Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

Result<std::vector<domain::ReviewComment>> PgAssessmentRepo::ListComments(domain::AssessmentId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, assessment_id, catalog_id, control_id, body,"
                                         " author, author_org_id, at FROM review_comments"
                                         " WHERE assessment_id = $1 ORDER BY id"));
  s.Bind(id);
  return ReadAll<domain::ReviewComment>(s, [](const Statement& r) {
    return domain::ReviewComment{r.Int(0), r.Int(1), r.Int(2), r.Text(3),
                                 r.Text(4), r.Text(5), r.Int(6), r.Int(7)};
  });
}

Result<std::int64_t> PgAssessmentRepo::InsertRemediation(const domain::RemediationAction& r) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO remediation_actions(assessment_id, catalog_id, control_id,"
                         " action, owner, due_at, status, created_at, updated_at)"
                         " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row,
                      s.Bind(r.assessment_id).Bind(r.catalog_id).Bind(r.control_id).Bind(r.action)
                          .Bind(r.owner).Bind(r.due_at).Bind(domain::Name(r.status))
                          .Bind(r.created_at).Bind(r.updated_at).Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

Result<domain::RemediationAction> PgAssessmentRepo::GetRemediation(std::int64_t id) {
  static const std::string sql =
      std::string("SELECT ") + kRemediationColumns + " FROM remediation_actions WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such remediation action");
  return ReadRemediation(s);
}

Status PgAssessmentRepo::UpdateRemediation(const domain::RemediationAction& r) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE remediation_actions SET action = $1, owner = $2,"
                                         " due_at = $3, status = $4, updated_at = $5 WHERE id = $6"));
  return s.Bind(r.action).Bind(r.owner).Bind(r.due_at).Bind(domain::Name(r.status))
      .Bind(r.updated_at).Bind(r.id).Run();
}

Result<std::vector<domain::RemediationAction>> PgAssessmentRepo::ListRemediation(domain::AssessmentId id) {
  static const std::string sql = std::string("SELECT ") + kRemediationColumns +
                                 " FROM remediation_actions WHERE assessment_id = $1 ORDER BY id";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.Bind(id);
  return ReadAll<domain::RemediationAction>(s, ReadRemediation);
}

}  // namespace qx::store::pg
