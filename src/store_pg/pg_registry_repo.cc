#include "pg_registry_repo.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "pg_param_numbers.h"
#include "pg_repos.h"

namespace qx::store::pg {
namespace {

namespace json = boost::json;
using domain::CiiObject;

Error Corrupt(std::string_view what) {
  return Error{ErrorCode::kInternal, fmt::format("corrupt {} in the database", what)};
}

std::string JsonStrings(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& i : items) a.emplace_back(i);
  return json::serialize(a);
}

Result<std::vector<std::string>> ParseStrings(const std::string& text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return tl::unexpected(Corrupt(what));
  std::vector<std::string> out;
  for (const auto& e : v.as_array()) {
    if (!e.is_string()) return tl::unexpected(Corrupt(what));
    out.emplace_back(e.as_string());
  }
  return out;
}

constexpr char kObjectColumns[] =
    "id, owner_org_id, name, sector, kind, description, location, responsible_person, category,"
    " category_status, created_at, updated_at";

Result<CiiObject> ReadObject(const Statement& s) {
  CiiObject o;
  o.id = s.Int(0);
  o.owner_org = s.Int(1);
  o.name = s.Text(2);
  o.sector = s.Text(3);
  const auto kind = domain::ParseObjectKind(s.Text(4));
  if (!kind) return tl::unexpected(Corrupt("cii_objects.kind"));
  o.kind = *kind;
  o.description = s.Text(5);
  o.location = s.Text(6);
  o.responsible_person = s.Text(7);
  if (auto c = s.OptInt(8)) o.category = static_cast<int>(*c);
  o.category_status = s.Text(9);
  o.created_at = s.Int(10);
  o.updated_at = s.Int(11);
  return o;
}

std::string AnswersJson(const domain::Answers& a) {
  json::object o;
  for (size_t i = 0; i < domain::kCriterionCount; ++i) {
    o[domain::Name(static_cast<domain::Criterion>(i))] = a[i];
  }
  return json::serialize(o);
}

Result<domain::Answers> ParseAnswers(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return tl::unexpected(Corrupt("categorisations.answers"));
  domain::Answers out{};
  for (size_t i = 0; i < domain::kCriterionCount; ++i) {
    const json::value* x = v.as_object().if_contains(domain::Name(static_cast<domain::Criterion>(i)));
    if (x && x->is_int64()) out[i] = x->as_int64();
  }
  return out;
}

constexpr char kCategorisationColumns[] =
    "id, object_id, answers, thresholds_seq, computed, status, decided, reason, submitted_by,"
    " submitted_at, decided_by, decided_at";

Result<domain::Categorisation> ReadCategorisation(const Statement& s) {
  domain::Categorisation c;
  c.id = s.Int(0);
  c.object_id = s.Int(1);
  QX_ASSIGN_OR_RETURN(c.answers, ParseAnswers(s.Text(2)));
  c.thresholds_seq = s.Int(3);
  if (auto v = s.OptInt(4)) c.computed = static_cast<int>(*v);
  const auto status = domain::ParseCategorisationStatus(s.Text(5));
  if (!status) return tl::unexpected(Corrupt("categorisations.status"));
  c.status = *status;
  if (auto v = s.OptInt(6)) c.decided = static_cast<int>(*v);
  c.reason = s.Text(7);
  c.submitted_by = s.Text(8);
  c.submitted_at = s.Int(9);
  c.decided_by = s.Text(10);
  c.decided_at = s.OptInt(11);
  return c;
}

constexpr char kDeclarationColumns[] =
    "org_id, services, sectors, description, contact, declared_at, updated_at";

Result<domain::ProviderDeclaration> ReadDeclaration(const Statement& s) {
  domain::ProviderDeclaration d;
  d.org_id = s.Int(0);
  QX_ASSIGN_OR_RETURN(d.services, ParseStrings(s.Text(1), "provider_declarations.services"));
  QX_ASSIGN_OR_RETURN(d.sectors, ParseStrings(s.Text(2), "provider_declarations.sectors"));
  d.description = s.Text(3);
  d.contact = s.Text(4);
  d.declared_at = s.Int(5);
  d.updated_at = s.Int(6);
  return d;
}

SettingRecord ReadSetting(const Statement& s) {
  return {s.Text(0), s.Int(1), s.Text(2), s.Text(3), s.Int(4)};
}

std::optional<std::int64_t> OptCategory(const std::optional<int>& c) {
  return c ? std::optional<std::int64_t>(*c) : std::nullopt;
}

std::int64_t ReadId(const Statement& s) { return s.Int(0); }

}  // namespace

Status PgRegistryRepo::SetDependencies(domain::ObjectId id, const std::vector<domain::ObjectId>& deps) {
  QX_ASSIGN_OR_RETURN(auto del, c_.Prepare("DELETE FROM cii_dependencies WHERE object_id = $1"));
  QX_RETURN_IF_ERROR(del.Bind(id).Run());
  if (deps.empty()) return Ok();
  QX_ASSIGN_OR_RETURN(auto ins, c_.Prepare("INSERT INTO cii_dependencies(object_id, depends_on)"
                                           " SELECT $1::bigint, d FROM unnest($2::bigint[]) AS d"));
  return ins.Bind(id).BindArray(deps).Run();
}

Status PgRegistryRepo::LoadDependencies(CiiObject& o) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT depends_on FROM cii_dependencies"
                                         " WHERE object_id = $1 ORDER BY depends_on"));
  s.Bind(o.id);
  QX_ASSIGN_OR_RETURN(o.depends_on, ReadAll<domain::ObjectId>(s, ReadId));
  return Ok();
}

Result<domain::ObjectId> PgRegistryRepo::InsertObject(const CiiObject& o) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO cii_objects(owner_org_id, name, sector, kind, description,"
                         " location, responsible_person, category, category_status, created_at,"
                         " updated_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                         " RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row,
                      s.Bind(o.owner_org).Bind(o.name).Bind(o.sector).Bind(domain::Name(o.kind))
                          .Bind(o.description).Bind(o.location).Bind(o.responsible_person)
                          .Bind(OptCategory(o.category)).Bind(o.category_status).Bind(o.created_at)
                          .Bind(o.updated_at).Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  const domain::ObjectId id = s.Int(0);
  QX_RETURN_IF_ERROR(SetDependencies(id, o.depends_on));
  return id;
}

Status PgRegistryRepo::UpdateObject(const CiiObject& o) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("UPDATE cii_objects SET name = $1, sector = $2, kind = $3, description = $4,"
                         " location = $5, responsible_person = $6, updated_at = $7 WHERE id = $8"));
  QX_RETURN_IF_ERROR(s.Bind(o.name).Bind(o.sector).Bind(domain::Name(o.kind)).Bind(o.description)
                         .Bind(o.location).Bind(o.responsible_person).Bind(o.updated_at).Bind(o.id)
                         .Run());
  return SetDependencies(o.id, o.depends_on);
}

Result<CiiObject> PgRegistryRepo::GetObject(domain::ObjectId id) {
  static const std::string sql =
      std::string("SELECT ") + kObjectColumns + " FROM cii_objects WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such object");
  QX_ASSIGN_OR_RETURN(CiiObject o, ReadObject(s));
  QX_RETURN_IF_ERROR(LoadDependencies(o));
  return o;
}

Result<Page<CiiObject>> PgRegistryRepo::ListObjects(const ObjectFilter& f, const PageRequest& page) {
  // Only the filters given go into the statement, so that each shape gets a plan on its index
  // ("$n IS NULL OR ..." would not, once the server settles on a generic plan). Category 0 asks
  // for the uncategorised objects (no category, or category "none").
  std::string sql = std::string("SELECT ") + kObjectColumns + " FROM cii_objects WHERE id > $1";
  ParamNumbers params(1);
  const bool uncategorised = f.category && *f.category == 0;
  if (f.owner_org) sql += " AND owner_org_id = " + params.Next();
  if (f.sector) sql += " AND sector = " + params.Next();
  if (f.category && !uncategorised) sql += " AND category = " + params.Next();
  if (uncategorised) sql += " AND (category IS NULL OR category = 0)";
  sql += " ORDER BY id LIMIT " + params.Next();
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  const int limit = ClampLimit(page.limit);
  s.Bind(page.after);
  if (f.owner_org) s.Bind(*f.owner_org);
  if (f.sector) s.Bind(*f.sector);
  if (f.category && !uncategorised) s.Bind(std::int64_t{*f.category});
  s.Bind(limit + 1);
  QX_ASSIGN_OR_RETURN(auto out, ReadPage<CiiObject>(s, limit, ReadObject,
                                                    [](const CiiObject& o) { return o.id; }));
  for (auto& o : out.items) QX_RETURN_IF_ERROR(LoadDependencies(o));
  return out;
}

Result<std::vector<domain::ObjectId>> PgRegistryRepo::ListDependents(domain::ObjectId id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT object_id FROM cii_dependencies WHERE depends_on = $1"
                                         " ORDER BY object_id"));
  s.Bind(id);
  return ReadAll<domain::ObjectId>(s, ReadId);
}

Result<std::vector<CiiObject>> PgRegistryRepo::GetObjects(const std::vector<domain::ObjectId>& ids) {
  static const std::string sql = std::string("SELECT ") + kObjectColumns +
                                 " FROM cii_objects WHERE id = ANY($1::bigint[]) ORDER BY id";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.BindArray(ids);
  return ReadAll<CiiObject>(s, ReadObject);
}

Status PgRegistryRepo::SetCategory(domain::ObjectId id, std::optional<int> category,
                                   const std::string& status, UnixMillis at) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE cii_objects SET category = $1, category_status = $2,"
                                         " updated_at = $3 WHERE id = $4"));
  return s.Bind(OptCategory(category)).Bind(status).Bind(at).Bind(id).Run();
}

Status PgRegistryRepo::ReplaceOtArchitecture(domain::ObjectId id, const domain::OtArchitecture& ot) {
  QX_ASSIGN_OR_RETURN(auto dz, c_.Prepare("DELETE FROM ot_zones WHERE object_id = $1"));
  QX_RETURN_IF_ERROR(dz.Bind(id).Run());
  QX_ASSIGN_OR_RETURN(auto dc, c_.Prepare("DELETE FROM ot_conduits WHERE object_id = $1"));
  QX_RETURN_IF_ERROR(dc.Bind(id).Run());
  QX_ASSIGN_OR_RETURN(auto iz, c_.Prepare("INSERT INTO ot_zones(object_id, ordinal, name, target_sl,"
                                          " description) VALUES($1, $2, $3, $4, $5)"));
  for (size_t i = 0; i < ot.zones.size(); ++i) {
    const auto& z = ot.zones[i];
    iz.Reset();
    QX_RETURN_IF_ERROR(iz.Bind(id).Bind(static_cast<std::int64_t>(i)).Bind(z.name).Bind(z.target_sl)
                           .Bind(z.description).Run());
  }
  QX_ASSIGN_OR_RETURN(auto ic, c_.Prepare("INSERT INTO ot_conduits(object_id, ordinal, name, from_zone,"
                                          " to_zone, description) VALUES($1, $2, $3, $4, $5, $6)"));
  for (size_t i = 0; i < ot.conduits.size(); ++i) {
    const auto& c = ot.conduits[i];
    ic.Reset();
    QX_RETURN_IF_ERROR(ic.Bind(id).Bind(static_cast<std::int64_t>(i)).Bind(c.name).Bind(c.from_zone)
                           .Bind(c.to_zone).Bind(c.description).Run());
  }
  return Ok();
}

Result<domain::OtArchitecture> PgRegistryRepo::GetOtArchitecture(domain::ObjectId id) {
  domain::OtArchitecture ot;
  QX_ASSIGN_OR_RETURN(auto z, c_.Prepare("SELECT name, target_sl, description FROM ot_zones"
                                         " WHERE object_id = $1 ORDER BY ordinal"));
  z.Bind(id);
  QX_ASSIGN_OR_RETURN(ot.zones, ReadAll<domain::OtZone>(z, [](const Statement& r) {
    return domain::OtZone{r.Text(0), static_cast<int>(r.Int(1)), r.Text(2)};
  }));
  QX_ASSIGN_OR_RETURN(auto c, c_.Prepare("SELECT name, from_zone, to_zone, description FROM ot_conduits"
                                         " WHERE object_id = $1 ORDER BY ordinal"));
  c.Bind(id);
  QX_ASSIGN_OR_RETURN(ot.conduits, ReadAll<domain::OtConduit>(c, [](const Statement& r) {
    return domain::OtConduit{r.Text(0), r.Text(1), r.Text(2), r.Text(3)};
  }));
  return ot;
}

Result<std::int64_t> PgRegistryRepo::InsertCategorisation(const domain::Categorisation& c) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO categorisations(object_id, answers, thresholds_seq, computed,"
                         " status, decided, reason, submitted_by, submitted_at, decided_by,"
                         " decided_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                         " RETURNING id"));
  QX_ASSIGN_OR_RETURN(const bool row,
                      s.Bind(c.object_id).Bind(AnswersJson(c.answers)).Bind(c.thresholds_seq)
                          .Bind(OptCategory(c.computed)).Bind(domain::Name(c.status))
                          .Bind(OptCategory(c.decided)).Bind(c.reason).Bind(c.submitted_by)
                          .Bind(c.submitted_at).Bind(c.decided_by).Bind(c.decided_at).Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no id returned");
  return s.Int(0);
}

Result<domain::Categorisation> PgRegistryRepo::GetCategorisation(std::int64_t id) {
  static const std::string sql =
      std::string("SELECT ") + kCategorisationColumns + " FROM categorisations WHERE id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such categorisation");
  return ReadCategorisation(s);
}

Result<std::vector<domain::Categorisation>> PgRegistryRepo::ListCategorisations(domain::ObjectId id) {
  static const std::string sql = std::string("SELECT ") + kCategorisationColumns +
                                 " FROM categorisations WHERE object_id = $1 ORDER BY id DESC";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.Bind(id);
  return ReadAll<domain::Categorisation>(s, ReadCategorisation);
}

Status PgRegistryRepo::DecideCategorisation(const domain::Categorisation& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("UPDATE categorisations SET status = $1, decided = $2,"
                                         " reason = $3, decided_by = $4, decided_at = $5"
                                         " WHERE id = $6"));
  return s.Bind(domain::Name(c.status)).Bind(OptCategory(c.decided)).Bind(c.reason)
      .Bind(c.decided_by).Bind(c.decided_at).Bind(c.id).Run();
}

Result<std::int64_t> PgRegistryRepo::PutSetting(const SettingRecord& r) {
  // Two writers appending to one key at once: the second fails to serialise and runs again.
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO regulator_settings(key, seq, value, set_by, set_at)"
                         " SELECT $1::text, COALESCE(MAX(seq), 0) + 1, $2::text, $3::text, $4::bigint"
                         " FROM regulator_settings"
                         " WHERE key = $1 RETURNING seq"));
  QX_ASSIGN_OR_RETURN(const bool row,
                      s.Bind(r.key).Bind(r.value_json).Bind(r.set_by).Bind(r.set_at).Step());
  if (!row) return MakeError(ErrorCode::kInternal, "no seq returned");
  return s.Int(0);
}

Result<std::optional<SettingRecord>> PgRegistryRepo::LatestSetting(const std::string& key) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT key, seq, value, set_by, set_at FROM regulator_settings"
                                         " WHERE key = $1 ORDER BY seq DESC LIMIT 1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(key).Step());
  if (!row) return std::optional<SettingRecord>();
  return std::optional(ReadSetting(s));
}

Result<std::vector<SettingRecord>> PgRegistryRepo::SettingHistory(const std::string& key) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT key, seq, value, set_by, set_at FROM regulator_settings"
                                         " WHERE key = $1 ORDER BY seq DESC"));
  s.Bind(key);
  return ReadAll<SettingRecord>(s, ReadSetting);
}

Status PgRegistryRepo::PutDeclaration(const domain::ProviderDeclaration& d) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO provider_declarations(org_id, services, sectors, description,"
                         " contact, declared_at, updated_at) VALUES($1, $2, $3, $4, $5, $6, $7)"
                         " ON CONFLICT(org_id) DO UPDATE SET services = excluded.services,"
                         " sectors = excluded.sectors, description = excluded.description,"
                         " contact = excluded.contact, updated_at = excluded.updated_at"));
  return s.Bind(d.org_id).Bind(JsonStrings(d.services)).Bind(JsonStrings(d.sectors))
      .Bind(d.description).Bind(d.contact).Bind(d.declared_at).Bind(d.updated_at).Run();
}

Result<domain::ProviderDeclaration> PgRegistryRepo::GetDeclaration(domain::OrgId org) {
  static const std::string sql =
      std::string("SELECT ") + kDeclarationColumns + " FROM provider_declarations WHERE org_id = $1";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(org).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no declaration");
  return ReadDeclaration(s);
}

Result<Page<domain::ProviderDeclaration>> PgRegistryRepo::ListDeclarations(const PageRequest& page) {
  static const std::string sql = std::string("SELECT ") + kDeclarationColumns +
                                 " FROM provider_declarations WHERE org_id > $1 ORDER BY org_id"
                                 " LIMIT $2";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  const int limit = ClampLimit(page.limit);
  s.Bind(page.after).Bind(limit + 1);
  return ReadPage<domain::ProviderDeclaration>(
      s, limit, ReadDeclaration, [](const domain::ProviderDeclaration& d) { return d.org_id; });
}

}  // namespace qx::store::pg
