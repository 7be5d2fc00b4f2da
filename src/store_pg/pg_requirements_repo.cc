#include "pg_requirements_repo.h"

#include <fmt/format.h>

#include <charconv>

#include "pg_repos.h"
#include "qx/core/text.h"

namespace qx::store::pg {
namespace {

using domain::VersionStatus;

Error Corrupt(std::string_view what) {
  return Error{ErrorCode::kInternal, fmt::format("corrupt {} in the database", what)};
}

// Lists are kept as ",a,b," (as in the SQLite store) so that one strpos finds a member.
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

Result<std::int64_t> PgRequirementsRepo::InsertCatalog(const CatalogRecord& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO catalogs(name, kind, scope, owner_org_id,"
                                         " title, created_at) VALUES($1, $2, $3, $4, $5, $6)"
                                         " RETURNING id"));
  s.Bind(c.name)
      .Bind(domain::Name(c.kind))
      .Bind(domain::Name(c.scope))
      .Bind(c.owner_org)
      .Bind(c.title)
      .Bind(c.created_at);
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "insert returned no id");
  return s.Int(0);
}

Result<CatalogRecord> PgRequirementsRepo::GetCatalog(std::int64_t id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM catalogs WHERE id = $1", kCatalogColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "catalog not found");
  return ReadCatalog(s);
}

Result<CatalogRecord> PgRequirementsRepo::FindCatalogByName(const std::string& name) {
  static const std::string sql =
      fmt::format("SELECT {} FROM catalogs WHERE name = $1", kCatalogColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(name).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "catalog '" + name + "' not found");
  return ReadCatalog(s);
}

Result<Page<CatalogRecord>> PgRequirementsRepo::ListCatalogs(
    std::optional<domain::CatalogKind> kind, const PageRequest& page) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM catalogs WHERE id > $1 AND ($2::text IS NULL OR kind = $2)"
      " ORDER BY id LIMIT $3",
      kCatalogColumns);
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  const int limit = ClampLimit(page.limit);
  std::optional<std::string> kind_name;
  if (kind) kind_name = std::string(domain::Name(*kind));
  s.Bind(page.after).Bind(kind_name).Bind(limit + 1);
  return ReadPage<CatalogRecord>(s, limit, ReadCatalog,
                                 [](const CatalogRecord& c) { return c.id; });
}

Status PgRequirementsRepo::SetCatalogTitle(std::int64_t id, const std::string& title) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE catalogs SET title = $1 WHERE id = $2"));
  return s.Bind(title).Bind(id).Run();
}

Result<std::int64_t> PgRequirementsRepo::InsertVersion(const CatalogVersion& v,
                                                       const std::vector<RequirementRow>& index,
                                                       const Translations& translations) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO catalog_versions(catalog_id, seq, version, status, document, resolved,"
                 " created_at, created_by) VALUES($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"));
  s.Bind(v.catalog_id)
      .Bind(v.seq)
      .Bind(v.version)
      .Bind(domain::Name(v.status))
      .Bind(v.document)
      .Bind(v.resolved)
      .Bind(v.created_at)
      .Bind(v.created_by);
  QX_ASSIGN_OR_RETURN(const bool inserted, s.Step());
  if (!inserted) return MakeError(ErrorCode::kInternal, "insert returned no id");
  const std::int64_t id = s.Int(0);
  // The whole index in one statement (arrays unnested into rows): one round trip, not thousands.
  if (!index.empty()) {
    std::vector<std::string> control_ids, titles, groups, parents, sectors, categories,
        levels_text, checks, search;
    std::vector<std::int64_t> ord;
    for (const RequirementRow& r : index) {
      std::vector<std::string> cats;
      for (int c : r.categories) cats.push_back(std::to_string(c));
      ord.push_back(r.ordinal);
      control_ids.push_back(r.control_id);
      titles.push_back(r.title);
      groups.push_back(r.group_path);
      parents.push_back(r.parent_control);
      sectors.push_back(JoinList(r.sectors));
      categories.push_back(JoinList(cats));
      levels_text.push_back(r.min_security_level ? std::to_string(*r.min_security_level) : "");
      checks.push_back(JoinList(r.machine_checks));
      search.push_back(r.search_text);
    }
    QX_ASSIGN_OR_RETURN(
        auto rows,
        c_.Prepare("INSERT INTO requirement_index(version_id, ordinal, control_id, title,"
                   " group_path, parent_control, sectors, categories, min_security_level,"
                   " machine_checks, search_text)"
                   " SELECT $1, o, c, t, g, p, s, k, NULLIF(l, '')::integer, m, x FROM unnest("
                   "$2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
                   " $8::text[], $9::text[], $10::text[], $11::text[]) AS u(o, c, t, g, p, s, k, l,"
                   " m, x)"));
    QX_RETURN_IF_ERROR(rows.Bind(id)
                           .BindArray(ord)
                           .BindArray(control_ids)
                           .BindArray(titles)
                           .BindArray(groups)
                           .BindArray(parents)
                           .BindArray(sectors)
                           .BindArray(categories)
                           .BindArray(levels_text)
                           .BindArray(checks)
                           .BindArray(search)
                           .Run());
  }
  QX_ASSIGN_OR_RETURN(
      auto tr, c_.Prepare("INSERT INTO catalog_translations(version_id, lang, overlay)"
                          " VALUES($1, $2, $3)"));
  for (const auto& [lang, overlay] : translations) {
    QX_RETURN_IF_ERROR(tr.Bind(id).Bind(lang).Bind(overlay).Run());
    tr.Reset();
  }
  return id;
}

Status PgRequirementsRepo::DeleteDraft(std::int64_t version_id) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("DELETE FROM catalog_versions WHERE id = $1 AND status = 'draft'"));
  return s.Bind(version_id).Run();
}

Result<std::vector<CatalogVersion>> PgRequirementsRepo::ListVersions(std::int64_t catalog_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM catalog_versions WHERE catalog_id = $1 ORDER BY seq", VersionColumns(false));
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.Bind(catalog_id);
  std::vector<CatalogVersion> out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    QX_ASSIGN_OR_RETURN(auto v, ReadVersion(s, false));
    out.push_back(std::move(v));
  }
}

Result<CatalogVersion> PgRequirementsRepo::GetVersion(std::int64_t catalog_id, int seq) {
  static const std::string sql =
      fmt::format("SELECT {} FROM catalog_versions WHERE catalog_id = $1 AND seq = $2",
                  VersionColumns(true));
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(catalog_id).Bind(seq).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "version not found");
  return ReadVersion(s, true);
}

Result<std::optional<CatalogVersion>> PgRequirementsRepo::LatestVersion(
    std::int64_t catalog_id, std::optional<VersionStatus> status) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM catalog_versions WHERE catalog_id = $1 AND ($2::text IS NULL OR status = $2)"
      " ORDER BY seq DESC LIMIT 1",
      VersionColumns(true));
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  std::optional<std::string> name;
  if (status) name = std::string(domain::Name(*status));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(catalog_id).Bind(name).Step());
  if (!row) return std::optional<CatalogVersion>();
  QX_ASSIGN_OR_RETURN(auto v, ReadVersion(s, true));
  return std::optional<CatalogVersion>(std::move(v));
}

Status PgRequirementsRepo::Publish(const CatalogVersion& v) {
  QX_ASSIGN_OR_RETURN(
      auto old, c_.Prepare("UPDATE catalog_versions SET status = 'superseded'"
                           " WHERE catalog_id = $1 AND status = 'published'"));
  QX_RETURN_IF_ERROR(old.Bind(v.catalog_id).Run());
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("UPDATE catalog_versions SET status = 'published', resolved = $1, digest = $2,"
                 " signature = $3, key_id = $4, published_at = $5, published_by = $6"
                 " WHERE id = $7 AND status = 'draft'"));
  return s.Bind(v.resolved)
      .Bind(v.digest)
      .Bind(v.signature)
      .Bind(v.key_id)
      .Bind(v.published_at)
      .Bind(v.published_by)
      .Bind(v.id)
      .Run();
}

Result<Translations> PgRequirementsRepo::GetTranslations(std::int64_t version_id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT lang, overlay FROM catalog_translations"
                                         " WHERE version_id = $1 ORDER BY lang"));
  s.Bind(version_id);
  Translations out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    out.emplace(s.Text(0), s.Text(1));
  }
}

Result<Page<RequirementRow>> PgRequirementsRepo::ListRequirements(std::int64_t version_id,
                                                                  const RequirementFilter& f,
                                                                  const PageRequest& page) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare(
          "SELECT ordinal, control_id, title, group_path, parent_control, sectors, categories,"
          " min_security_level, machine_checks FROM requirement_index"
          " WHERE version_id = $1 AND ordinal > $2"
          " AND ($3::text IS NULL OR sectors = '' OR strpos(sectors, ',' || $3 || ',') > 0)"
          " AND ($4::text IS NULL OR categories = '' OR strpos(categories, ',' || $4 || ',') > 0)"
          " AND ($5::text IS NULL OR strpos(search_text, $5) > 0)"
          " AND ($6::text IS NULL OR ($6 = '*' AND machine_checks <> '')"
          "      OR strpos(machine_checks, ',' || $6 || ',') > 0)"
          " ORDER BY ordinal LIMIT $7"));
  std::optional<std::string> category;
  if (f.category) category = std::to_string(*f.category);
  std::optional<std::string> text;
  if (f.text) text = FoldCase(*f.text);
  const int limit = ClampLimit(page.limit);
  s.Bind(version_id)
      .Bind(page.after)
      .Bind(f.sector)
      .Bind(category)
      .Bind(text)
      .Bind(f.machine_check)
      .Bind(limit + 1);
  return ReadPage<RequirementRow>(s, limit, ReadRow,
                                  [](const RequirementRow& r) { return std::int64_t{r.ordinal}; });
}

}  // namespace qx::store::pg
