#include "sqlite_requirements_repo.h"

#include <fmt/format.h>

#include <charconv>

#include "qx/core/text.h"
#include "sqlite_repos.h"

namespace qx::store::sqlite {
namespace {

using domain::VersionStatus;

Error Corrupt(std::string_view what) {
  return Error{ErrorCode::kInternal, fmt::format("corrupt {} in the database", what)};
}

// Lists are kept as ",a,b," so that one LIKE finds a member.
std::string JoinList(const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string out = ",";
  for (const auto& i : items) out += i + ",";
  return out;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start < s.size()) {
    const size_t end = s.find(',', start);
    if (end == std::string_view::npos) break;
    if (end > start) out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr char kCatalogColumns[] = "id, name, kind, scope, owner_org_id, title, created_at";

Result<CatalogRecord> ReadCatalog(const Statement& s) {
  CatalogRecord c;
  c.id = s.Int(0);
  c.name = s.Text(1);
  const auto kind = domain::ParseCatalogKind(s.Text(2));
  const auto scope = domain::ParseCatalogScope(s.Text(3));
  if (!kind || !scope) return tl::unexpected(Corrupt("catalogs row"));
  c.kind = *kind;
  c.scope = *scope;
  c.owner_org = s.Int(4);
  c.title = s.Text(5);
  c.created_at = s.Int(6);
  return c;
}

// Without the large columns unless with_documents.
std::string VersionColumns(bool with_documents) {
  return std::string(
             "id, catalog_id, seq, version, status, digest, signature, key_id, created_at,"
             " created_by, published_at, published_by") +
         (with_documents ? ", document, resolved" : "");
}

Result<CatalogVersion> ReadVersion(const Statement& s, bool with_documents) {
  CatalogVersion v;
  v.id = s.Int(0);
  v.catalog_id = s.Int(1);
  v.seq = static_cast<int>(s.Int(2));
  v.version = s.Text(3);
  const auto status = domain::ParseVersionStatus(s.Text(4));
  if (!status) return tl::unexpected(Corrupt("catalog_versions.status"));
  v.status = *status;
  v.digest = s.Text(5);
  v.signature = s.Text(6);
  v.key_id = s.Text(7);
  v.created_at = s.Int(8);
  v.created_by = s.Text(9);
  v.published_at = s.OptInt(10);
  v.published_by = s.Text(11);
  if (with_documents) {
    v.document = s.Text(12);
    v.resolved = s.Text(13);
  }
  return v;
}

Result<RequirementRow> ReadRow(const Statement& s) {
  RequirementRow r;
  r.ordinal = static_cast<int>(s.Int(0));
  r.control_id = s.Text(1);
  r.title = s.Text(2);
  r.group_path = s.Text(3);
  r.parent_control = s.Text(4);
  r.sectors = SplitList(s.Text(5));
  for (const auto& c : SplitList(s.Text(6))) {
    int v = 0;
    auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), v);
    if (ec != std::errc()) return tl::unexpected(Corrupt("requirement_index.categories"));
    r.categories.push_back(v);
  }
  if (auto sl = s.OptInt(7)) r.min_security_level = static_cast<int>(*sl);
  r.machine_checks = SplitList(s.Text(8));
  return r;
}

}  // namespace

Result<std::int64_t> SqliteRequirementsRepo::InsertCatalog(const CatalogRecord& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO catalogs(name, kind, scope, owner_org_id,"
                                         " title, created_at) VALUES(?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(c.name)
                         .Bind(domain::Name(c.kind))
                         .Bind(domain::Name(c.scope))
                         .Bind(c.owner_org)
                         .Bind(c.title)
                         .Bind(c.created_at)
                         .Run());
  return c_.LastInsertId();
}

Result<CatalogRecord> SqliteRequirementsRepo::GetCatalog(std::int64_t id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM catalogs WHERE id = ?", kCatalogColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "catalog not found");
  return ReadCatalog(s);
}

Result<CatalogRecord> SqliteRequirementsRepo::FindCatalogByName(const std::string& name) {
  static const std::string sql =
      fmt::format("SELECT {} FROM catalogs WHERE name = ?", kCatalogColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(name).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "catalog '" + name + "' not found");
  return ReadCatalog(s);
}

Result<Page<CatalogRecord>> SqliteRequirementsRepo::ListCatalogs(
    std::optional<domain::CatalogKind> kind, const PageRequest& page) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM catalogs WHERE id > ? AND (? IS NULL OR kind = ?) ORDER BY id LIMIT ?",
      kCatalogColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  const int limit = ClampLimit(page.limit);
  std::optional<std::string> kind_name;
  if (kind) kind_name = std::string(domain::Name(*kind));
  s.Bind(page.after).Bind(kind_name).Bind(kind_name).Bind(limit + 1);
  return ReadPage<CatalogRecord>(s, limit, ReadCatalog,
                                 [](const CatalogRecord& c) { return c.id; });
}

Status SqliteRequirementsRepo::SetCatalogTitle(std::int64_t id, const std::string& title) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE catalogs SET title = ? WHERE id = ?"));
  return s.Bind(title).Bind(id).Run();
}

Result<std::int64_t> SqliteRequirementsRepo::InsertVersion(const CatalogVersion& v,
                                                           const std::vector<RequirementRow>& index,
                                                           const Translations& translations) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare(
          "INSERT INTO catalog_versions(catalog_id, seq, version, status, document, resolved,"
          " created_at, created_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(v.catalog_id)
                         .Bind(v.seq)
                         .Bind(v.version)
                         .Bind(domain::Name(v.status))
                         .Bind(v.document)
                         .Bind(v.resolved)
                         .Bind(v.created_at)
                         .Bind(v.created_by)
                         .Run());
  const std::int64_t id = c_.LastInsertId();
  QX_ASSIGN_OR_RETURN(
      auto row,
      c_.Prepare(
          "INSERT INTO requirement_index(version_id, ordinal, control_id, title, group_path,"
          " parent_control, sectors, categories, min_security_level, machine_checks, search_text)"
          " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const RequirementRow& r : index) {
    std::vector<std::string> categories;
    for (int c : r.categories) categories.push_back(std::to_string(c));
    std::optional<std::int64_t> sl;
    if (r.min_security_level) sl = *r.min_security_level;
    QX_RETURN_IF_ERROR(row.Bind(id)
                           .Bind(r.ordinal)
                           .Bind(r.control_id)
                           .Bind(r.title)
                           .Bind(r.group_path)
                           .Bind(r.parent_control)
                           .Bind(JoinList(r.sectors))
                           .Bind(JoinList(categories))
                           .Bind(sl)
                           .Bind(JoinList(r.machine_checks))
                           .Bind(r.search_text)
                           .Run());
    row.Reset();
  }
  QX_ASSIGN_OR_RETURN(
      auto tr,
      c_.Prepare("INSERT INTO catalog_translations(version_id, lang, overlay) VALUES(?, ?, ?)"));
  for (const auto& [lang, overlay] : translations) {
    QX_RETURN_IF_ERROR(tr.Bind(id).Bind(lang).Bind(overlay).Run());
    tr.Reset();
  }
  return id;
}

Status SqliteRequirementsRepo::DeleteDraft(std::int64_t version_id) {
  QX_ASSIGN_OR_RETURN(auto s,
                      c_.Prepare("DELETE FROM catalog_versions WHERE id = ? AND status = 'draft'"));
  return s.Bind(version_id).Run();
}

Result<std::vector<CatalogVersion>> SqliteRequirementsRepo::ListVersions(std::int64_t catalog_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM catalog_versions WHERE catalog_id = ? ORDER BY seq", VersionColumns(false));
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  s.Bind(catalog_id);
  std::vector<CatalogVersion> out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    QX_ASSIGN_OR_RETURN(auto v, ReadVersion(s, false));
    out.push_back(std::move(v));
  }
}

Result<CatalogVersion> SqliteRequirementsRepo::GetVersion(std::int64_t catalog_id, int seq) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM catalog_versions WHERE catalog_id = ? AND seq = ?", VersionColumns(true));
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(catalog_id).Bind(seq).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "version not found");
  return ReadVersion(s, true);
}

Result<std::optional<CatalogVersion>> SqliteRequirementsRepo::LatestVersion(
    std::int64_t catalog_id, std::optional<VersionStatus> status) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM catalog_versions WHERE catalog_id = ? AND (? IS NULL OR status = ?)"
      " ORDER BY seq DESC LIMIT 1",
      VersionColumns(true));
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  std::optional<std::string> name;
  if (status) name = std::string(domain::Name(*status));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(catalog_id).Bind(name).Bind(name).Step());
  if (!row) return std::optional<CatalogVersion>();
  QX_ASSIGN_OR_RETURN(auto v, ReadVersion(s, true));
  return std::optional<CatalogVersion>(std::move(v));
}

Status SqliteRequirementsRepo::Publish(const CatalogVersion& v) {
  QX_ASSIGN_OR_RETURN(
      auto old, c_.Prepare("UPDATE catalog_versions SET status = 'superseded' WHERE catalog_id = ?"
                           " AND status = 'published'"));
  QX_RETURN_IF_ERROR(old.Bind(v.catalog_id).Run());
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare(
          "UPDATE catalog_versions SET status = 'published', resolved = ?, digest = ?, signature = "
          "?,"
          " key_id = ?, published_at = ?, published_by = ? WHERE id = ? AND status = 'draft'"));
  return s.Bind(v.resolved)
      .Bind(v.digest)
      .Bind(v.signature)
      .Bind(v.key_id)
      .Bind(v.published_at)
      .Bind(v.published_by)
      .Bind(v.id)
      .Run();
}

Result<Translations> SqliteRequirementsRepo::GetTranslations(std::int64_t version_id) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare(
          "SELECT lang, overlay FROM catalog_translations WHERE version_id = ? ORDER BY lang"));
  s.Bind(version_id);
  Translations out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    out.emplace(s.Text(0), s.Text(1));
  }
}

Result<Page<RequirementRow>> SqliteRequirementsRepo::ListRequirements(std::int64_t version_id,
                                                                      const RequirementFilter& f,
                                                                      const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare(
          "SELECT ordinal, control_id, title, group_path, parent_control, sectors, categories,"
          " min_security_level, machine_checks FROM requirement_index"
          " WHERE version_id = ? AND ordinal > ?"
          " AND (? IS NULL OR sectors = '' OR instr(sectors, ',' || ? || ',') > 0)"
          " AND (? IS NULL OR categories = '' OR instr(categories, ',' || ? || ',') > 0)"
          " AND (? IS NULL OR instr(search_text, ?) > 0)"
          " AND (? IS NULL OR (? = '*' AND machine_checks != '')"
          "      OR instr(machine_checks, ',' || ? || ',') > 0)"
          " ORDER BY ordinal LIMIT ?"));
  std::optional<std::string> category;
  if (f.category) category = std::to_string(*f.category);
  std::optional<std::string> text;
  if (f.text) text = FoldCase(*f.text);
  const int limit = ClampLimit(page.limit);
  s.Bind(version_id)
      .Bind(page.after)
      .Bind(f.sector)
      .Bind(f.sector)
      .Bind(category)
      .Bind(category)
      .Bind(text)
      .Bind(text)
      .Bind(f.machine_check)
      .Bind(f.machine_check)
      .Bind(f.machine_check)
      .Bind(limit + 1);
  return ReadPage<RequirementRow>(s, limit, ReadRow,
                                  [](const RequirementRow& r) { return std::int64_t{r.ordinal}; });
}

}  // namespace qx::store::sqlite
