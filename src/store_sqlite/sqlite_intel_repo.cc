#include "sqlite_intel_repo.h"

#include <boost/json.hpp>
#include <array>
#include <charconv>

#include "sqlite_repos.h"

namespace qx::store::sqlite {
namespace {

namespace json = boost::json;

// Lists travel into SQL as one JSON array parameter, read back with json_each: one statement
// shape whatever the number of values.
template <typename T>
std::optional<std::string> JsonList(const std::vector<T>& items) {
  if (items.empty()) return std::nullopt;
  json::array a;
  for (const auto& i : items) a.emplace_back(i);
  return json::serialize(a);
}

std::string Recipients(const std::vector<domain::OrgId>& ids) {
  std::string out = ",";
  for (auto id : ids) out += std::to_string(id) + ",";
  return out;
}

std::vector<domain::OrgId> ParseRecipients(std::string_view s) {
  std::vector<domain::OrgId> out;
  size_t start = 0;
  while (start < s.size()) {
    const size_t end = std::min(s.find(',', start), s.size());
    domain::OrgId v = 0;
    if (end > start && std::from_chars(s.data() + start, s.data() + end, v).ec == std::errc()) {
      out.push_back(v);
    }
    start = end + 1;
  }
  return out;
}

constexpr char kObjectColumns[] =
    "seq, collection_id, object_id, type, spec_version, version, version_us, date_added_us,"
    " producer_org, tlp, recipients, revoked, valid_until_ms, json";

StoredObject ReadObject(const Statement& s) {
  StoredObject o;
  o.seq = s.Int(0);
  o.collection_id = s.Text(1);
  o.object_id = s.Text(2);
  o.type = s.Text(3);
  o.spec_version = s.Text(4);
  o.version = s.Text(5);
  o.version_us = s.Int(6);
  o.date_added_us = s.Int(7);
  o.producer_org = s.Int(8);
  o.tlp = s.Text(9);
  o.recipients = ParseRecipients(s.Text(10));
  o.revoked = s.Int(11) != 0;
  o.valid_until_ms = s.OptInt(12);
  o.json = s.Text(13);
  return o;
}

// The TLP rule as SQL, for the viewer bound twice: CLEAR and GREEN to every registered
// organisation; everything to its producer; AMBER and RED to the organisations it names.
constexpr char kVisible[] =
    "(tlp IN ('clear', 'green') OR producer_org = ?"
    " OR (tlp IN ('amber', 'red') AND instr(recipients, ',' || ? || ',') > 0))";

// The rows (object_id, producer_org, ...) of s as a map: CreatorsOf and FirstProducersOf.
Result<std::map<std::string, domain::OrgId>> ProducerPerObject(Statement& s) {
  std::map<std::string, domain::OrgId> out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) break;
    out[s.Text(0)] = s.Int(1);
  }
  return out;
}

}  // namespace

Status SqliteIntelRepo::InsertCollection(const domain::IntelCollection& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO taxii_collections(id, title, description,"
                                         " audience, audience_value) VALUES(?, ?, ?, ?, ?)"));
  return s.Bind(c.id)
      .Bind(c.title)
      .Bind(c.description)
      .Bind(domain::Name(c.audience))
      .Bind(c.audience_value)
      .Run();
}

Result<std::vector<domain::IntelCollection>> SqliteIntelRepo::ListCollections() {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, title, description, audience, audience_value"
                                         " FROM taxii_collections ORDER BY rowid"));
  std::vector<domain::IntelCollection> out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    const auto audience = domain::ParseAudience(s.Text(3));
    if (!audience) return MakeError(ErrorCode::kInternal, "corrupt taxii_collections.audience");
    out.push_back({s.Text(0), s.Text(1), s.Text(2), *audience, s.Text(4)});
  }
}

Result<domain::IntelCollection> SqliteIntelRepo::GetCollection(const std::string& id) {
  QX_ASSIGN_OR_RETURN(auto all, ListCollections());
  for (auto& c : all) {
    if (c.id == id) return std::move(c);
  }
  return MakeError(ErrorCode::kNotFound, "no such collection");
}

Result<std::int64_t> SqliteIntelRepo::InsertObject(const StoredObject& o) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO stix_objects(collection_id, object_id, type, spec_version, version, "
                 "version_us,"
                 " date_added_us, producer_org, tlp, recipients, revoked, valid_until_ms, json)"
                 " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  QX_RETURN_IF_ERROR(s.Bind(o.collection_id)
                         .Bind(o.object_id)
                         .Bind(o.type)
                         .Bind(o.spec_version)
                         .Bind(o.version)
                         .Bind(o.version_us)
                         .Bind(o.date_added_us)
                         .Bind(o.producer_org)
                         .Bind(o.tlp)
                         .Bind(Recipients(o.recipients))
                         .Bind(o.revoked)
                         .Bind(o.valid_until_ms)
                         .Bind(o.json)
                         .Run());
  return c_.LastInsertId();
}

Result<std::vector<std::int64_t>> SqliteIntelRepo::InsertObjects(
    const std::vector<StoredObject>& objects) {
  // One prepared insert per object is already fast in-process; a failed insert leaves the
  // transaction usable in SQLite.
  std::vector<std::int64_t> seqs;
  seqs.reserve(objects.size());
  for (const StoredObject& o : objects) {
    auto seq = InsertObject(o);
    if (!seq && seq.error().code != ErrorCode::kAlreadyExists) return tl::unexpected(seq.error());
    seqs.push_back(seq ? *seq : 0);
  }
  return seqs;
}

Result<std::map<std::string, domain::OrgId>> SqliteIntelRepo::CreatorsOf(
    const std::string& collection_id, const std::vector<std::string>& object_ids) {
  if (object_ids.empty()) return std::map<std::string, domain::OrgId>();
  // With min() SQLite takes the bare producer_org from the row that has the minimum (documented
  // behaviour), so this is the producer of each object's earliest version; the UNIQUE
  // (collection_id, object_id, version_us) index seeks each id.
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(
      "SELECT object_id, producer_org, min(version_us) FROM stix_objects"
      " INDEXED BY sqlite_autoindex_stix_objects_1"
      " WHERE collection_id = ? AND object_id IN (SELECT value FROM json_each(?))"
      " GROUP BY object_id"));
  s.Bind(collection_id).Bind(JsonList(object_ids));
  return ProducerPerObject(s);
}

Result<std::map<std::string, domain::OrgId>> SqliteIntelRepo::FirstProducersOf(
    const std::vector<std::string>& object_ids) {
  if (object_ids.empty()) return std::map<std::string, domain::OrgId>();
  // The bare producer_org comes from the row with the least date_added (SQLite's documented
  // min() behaviour); collection_id IN (...) lets the (collection, object) index seek each id.
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(
      "SELECT object_id, producer_org, min(date_added_us) FROM stix_objects"
      " WHERE collection_id IN (SELECT id FROM taxii_collections)"
      " AND object_id IN (SELECT value FROM json_each(?))"
      " GROUP BY object_id"));
  s.Bind(JsonList(object_ids));
  return ProducerPerObject(s);
}

Result<std::int64_t> SqliteIntelRepo::LastDateAdded() {
  QX_ASSIGN_OR_RETURN(auto s,
                      c_.Prepare("SELECT date_added_us FROM stix_objects ORDER BY seq DESC LIMIT 1"));
  // date_added grows with seq, so the newest row has the greatest: no scan of the table.
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  return row ? s.Int(0) : 0;
}

// The object query in four shapes, one per index that leads to the rows. Without statistics
// SQLite walks the (collection, seq) index to avoid sorting, which scans the whole collection for
// a lookup by id (678 ms at 1M objects), an added_after near the end or a type that is rare; given
// those filters, the query names the index that finds them.
namespace {

enum class Access { kScan, kById, kByAdded, kByType };

Access AccessFor(const ObjectQuery& q) {
  if (!q.ids.empty()) return Access::kById;
  if (q.added_after_us) return Access::kByAdded;
  if (q.types.size() == 1) return Access::kByType;
  return Access::kScan;
}

const std::string& ObjectQuerySql(Access access) {
  static const std::array<std::string, 4> kSql = [] {
    std::array<std::string, 4> out;
    for (int i = 0; i < 4; ++i) {
      const auto a = static_cast<Access>(i);
      const bool id = a == Access::kById, added = a == Access::kByAdded, type = a == Access::kByType;
      out[i] = std::string("SELECT ") + kObjectColumns +
               " FROM stix_objects o" +
               // The UNIQUE (collection_id, object_id, version_us) index seeks by object.
               (id      ? " INDEXED BY sqlite_autoindex_stix_objects_1"
                : added ? " INDEXED BY stix_objects_by_added"
                : type  ? " INDEXED BY stix_objects_by_type"
                        : "") +
               " WHERE collection_id = ? AND seq > ? AND " + kVisible +
               (added ? " AND (? IS NOT NULL AND date_added_us > ?)"
                      : " AND (? IS NULL OR date_added_us > ?)") +
               (id ? " AND (? IS NOT NULL AND object_id IN (SELECT value FROM json_each(?)))"
                   : " AND (? IS NULL OR object_id IN (SELECT value FROM json_each(?)))") +
               // One type is an equality the (collection, type, seq) index seeks, in seq order.
               (type ? " AND (? IS NOT NULL AND type = json_extract(?, '$[0]'))"
                     : " AND (? IS NULL OR type IN (SELECT value FROM json_each(?)))") +
               " AND (? IS NULL OR spec_version IN (SELECT value FROM json_each(?)))"
               " AND (? IS NULL OR (revoked = 0 AND (valid_until_ms IS NULL OR valid_until_ms > ?)))"
               " AND (? OR (? AND version_us = (SELECT MAX(version_us) FROM stix_objects o2"
               "              WHERE o2.collection_id = o.collection_id AND o2.object_id = o.object_id))"
               "   OR (? AND version_us = (SELECT MIN(version_us) FROM stix_objects o3"
               "              WHERE o3.collection_id = o.collection_id AND o3.object_id = o.object_id))"
               "   OR version_us IN (SELECT value FROM json_each(COALESCE(?, '[]'))))" +
               // date_added grows with seq, so ordering by it is the same order, and lets the
               // added_after index stop at the limit instead of sorting every later row.
               (added ? " ORDER BY date_added_us LIMIT ?" : " ORDER BY seq LIMIT ?");
    }
    return out;
  }();
  return kSql[static_cast<int>(access)];
}

}  // namespace

Result<Page<StoredObject>> SqliteIntelRepo::QueryObjects(const ObjectQuery& q) {
  const std::string& sql = ObjectQuerySql(AccessFor(q));
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  const int limit = ClampLimit(q.limit);
  const auto ids = JsonList(q.ids), types = JsonList(q.types), specs = JsonList(q.spec_versions);
  const auto versions = JsonList(q.versions.versions_us);
  s.Bind(q.collection_id)
      .Bind(q.after_seq)
      .Bind(q.viewer_org)
      .Bind(q.viewer_org)
      .Bind(q.added_after_us)
      .Bind(q.added_after_us)
      .Bind(ids)
      .Bind(ids)
      .Bind(types)
      .Bind(types)
      .Bind(specs)
      .Bind(specs)
      .Bind(q.valid_at_ms)
      .Bind(q.valid_at_ms)
      .Bind(q.versions.all)
      .Bind(q.versions.last)
      .Bind(q.versions.first)
      .Bind(versions)
      .Bind(limit + 1);
  return ReadPage<StoredObject>(s, limit, ReadObject, [](const StoredObject& o) { return o.seq; });
}

Result<Page<StoredObject>> SqliteIntelRepo::SearchObjects(const std::string& collection_id,
                                                         domain::OrgId viewer_org,
                                                         const std::string& text,
                                                         const std::string& type,
                                                         const PageRequest& page) {
  static const std::string sql =
      std::string("SELECT ") + kObjectColumns +
      " FROM stix_objects o WHERE collection_id = ? AND (? = 0 OR seq < ?) AND " + kVisible +
      " AND (? = '' OR type = ?) AND (? = '' OR instr(lower(json), lower(?)) > 0)"
      " AND version_us = (SELECT MAX(version_us) FROM stix_objects o2"
      "   WHERE o2.collection_id = o.collection_id AND o2.object_id = o.object_id)"
      " ORDER BY seq DESC LIMIT ?";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  const int limit = ClampLimit(page.limit);
  s.Bind(collection_id).Bind(page.after).Bind(page.after).Bind(viewer_org).Bind(viewer_org)
      .Bind(type).Bind(type).Bind(text).Bind(text).Bind(limit + 1);
  return ReadPage<StoredObject>(s, limit, ReadObject, [](const StoredObject& o) { return o.seq; });
}

Result<int> SqliteIntelRepo::DeleteObject(const std::string& collection_id,
                                          const std::string& object_id, const VersionMatch& v) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare(
          "DELETE FROM stix_objects AS o WHERE collection_id = ? AND object_id = ?"
          " AND (? OR (? AND version_us = (SELECT MAX(version_us) FROM stix_objects o2"
          "              WHERE o2.collection_id = o.collection_id AND o2.object_id = o.object_id))"
          "   OR (? AND version_us = (SELECT MIN(version_us) FROM stix_objects o3"
          "              WHERE o3.collection_id = o.collection_id AND o3.object_id = o.object_id))"
          "   OR version_us IN (SELECT value FROM json_each(COALESCE(?, '[]'))))"));
  QX_RETURN_IF_ERROR(s.Bind(collection_id)
                         .Bind(object_id)
                         .Bind(v.all)
                         .Bind(v.last)
                         .Bind(v.first)
                         .Bind(JsonList(v.versions_us))
                         .Run());
  QX_ASSIGN_OR_RETURN(auto changes, c_.Prepare("SELECT changes()"));
  QX_ASSIGN_OR_RETURN(const bool row, changes.Step());
  const int removed = row ? static_cast<int>(changes.Int(0)) : 0;
  // A sighting with no version left in the collection stops counting there.
  QX_ASSIGN_OR_RETURN(auto gone, c_.Prepare("DELETE FROM stix_sightings WHERE collection_id = ?"
                                            " AND sighting_id = ? AND NOT EXISTS (SELECT 1 FROM"
                                            " stix_objects WHERE collection_id = ? AND object_id = ?)"));
  QX_RETURN_IF_ERROR(gone.Bind(collection_id).Bind(object_id).Bind(collection_id).Bind(object_id).Run());
  return removed;
}

Status SqliteIntelRepo::UpsertSighting(const SightingRecord& r) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("INSERT INTO stix_sightings(collection_id, sighting_id, version_us,"
                         " indicator_ref, producer_org, tlp, recipients, count, first_seen_ms,"
                         " last_seen_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT(collection_id, sighting_id) DO UPDATE SET"
                         " version_us = excluded.version_us, indicator_ref = excluded.indicator_ref,"
                         " tlp = excluded.tlp, recipients = excluded.recipients,"
                         " count = excluded.count, first_seen_ms = excluded.first_seen_ms,"
                         " last_seen_ms = excluded.last_seen_ms"
                         " WHERE excluded.version_us > stix_sightings.version_us"));
  return s.Bind(r.collection_id).Bind(r.sighting_id).Bind(r.version_us).Bind(r.indicator_ref)
      .Bind(r.producer_org).Bind(r.tlp).Bind(Recipients(r.recipients)).Bind(r.count)
      .Bind(r.first_seen_ms).Bind(r.last_seen_ms).Run();
}

namespace {

// The sightings kept in the collections of one JSON list, each once (a sighting shared into two
// of them counts at its latest version): a CTE `latest` whose rows with nth = 1 are counted.
// Parameters: the collections, then `extra` (its conditions on indicator_ref).
std::string LatestSightings(std::string_view extra) {
  return std::string(
             "WITH latest AS (SELECT indicator_ref, version_us, producer_org, tlp, recipients, count,"
             " first_seen_ms, last_seen_ms, ROW_NUMBER() OVER (PARTITION BY sighting_id"
             " ORDER BY version_us DESC, collection_id) AS nth FROM stix_sightings"
             " WHERE collection_id IN (SELECT value FROM json_each(?)) AND ") +
         std::string(extra) + ") ";
}

}  // namespace

Result<std::vector<SightingTotals>> SqliteIntelRepo::SightingTotalsFor(
    const std::string& indicator_ref, const std::vector<std::string>& collections,
    domain::OrgId viewer_org) {
  static const std::string sql =
      LatestSightings("(? = '' OR indicator_ref = ?)") +
      "SELECT indicator_ref, producer_org, MAX(" + kVisible +
      "), COUNT(*), SUM(count), MIN(first_seen_ms), MAX(last_seen_ms) FROM latest WHERE nth = 1"
      " GROUP BY indicator_ref, producer_org ORDER BY indicator_ref, producer_org";
  std::vector<SightingTotals> out;
  if (collections.empty()) return out;
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  s.Bind(JsonList(collections)).Bind(indicator_ref).Bind(indicator_ref).Bind(viewer_org)
      .Bind(viewer_org);
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    out.push_back({s.Text(0), s.Int(1), s.Int(2) != 0, s.Int(3), s.Int(4), s.OptInt(5),
                   s.OptInt(6)});
  }
}

Result<std::vector<SightingDay>> SqliteIntelRepo::SightingDaysFor(
    const std::string& indicator_ref, const std::vector<std::string>& collections,
    domain::OrgId viewer_org) {
  static const std::string sql =
      LatestSightings("indicator_ref = ?") +
      "SELECT COALESCE(last_seen_ms, first_seen_ms, version_us / 1000) / 86400000 AS day, " +
      kVisible + " AS visible, COUNT(*), SUM(count) FROM latest WHERE nth = 1"
      " GROUP BY day, visible ORDER BY day, visible";
  std::vector<SightingDay> out;
  if (collections.empty()) return out;
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql.c_str()));
  s.Bind(JsonList(collections)).Bind(indicator_ref).Bind(viewer_org).Bind(viewer_org);
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    out.push_back({s.Int(0), s.Int(1) != 0, s.Int(2), s.Int(3)});
  }
}

Status SqliteIntelRepo::PutStatus(const StatusRecord& st) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare(
          "INSERT INTO taxii_status(id, collection_id, owner_org, status, request_us, total, "
          "detail)"
          " VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status,"
          " detail = excluded.detail"));
  return s.Bind(st.id)
      .Bind(st.collection_id)
      .Bind(st.owner_org)
      .Bind(st.status)
      .Bind(st.request_us)
      .Bind(st.total)
      .Bind(st.detail_json)
      .Run();
}

Result<StatusRecord> SqliteIntelRepo::GetStatus(const std::string& id) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare(
          "SELECT id, collection_id, owner_org, status, request_us, total, detail FROM taxii_status"
          " WHERE id = ?"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such status");
  return StatusRecord{
      s.Text(0), s.Text(1), s.Int(2), s.Text(3), s.Int(4), static_cast<int>(s.Int(5)), s.Text(6)};
}

}  // namespace qx::store::sqlite
