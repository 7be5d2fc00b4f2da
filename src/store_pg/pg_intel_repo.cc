#include "pg_intel_repo.h"

#include <map>
#include <set>

#include "pg_repos.h"

namespace qx::store::pg {
namespace {

std::string IdList(const std::vector<domain::OrgId>& ids) {
  std::string out = "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "}";
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
  o.recipients = s.IntArray(10);
  o.revoked = s.Bool(11);
  o.valid_until_ms = s.OptInt(12);
  o.json = s.Text(13);
  return o;
}

// The TLP rule as SQL for the viewer in parameter `viewer`: CLEAR and GREEN to every registered
// organisation; everything to its producer; AMBER and RED to the organisations it names.
std::string Visible(const std::string& viewer) {
  return "(tlp IN ('clear', 'green') OR producer_org = " + viewer +
         " OR (tlp IN ('amber', 'red') AND " + viewer + " = ANY(recipients)))";
}

constexpr char kLatest[] =
    "version_us = (SELECT max(version_us) FROM stix_objects o2"
    " WHERE o2.collection_id = o.collection_id AND o2.object_id = o.object_id)";
constexpr char kEarliest[] =
    "version_us = (SELECT min(version_us) FROM stix_objects o3"
    " WHERE o3.collection_id = o.collection_id AND o3.object_id = o.object_id)";

// SQL whose parameters are numbered as they are added, with their values alongside. A filter the
// query does not use is left out of the text (rather than `$n IS NULL OR ...`), so that every
// shape gets a plan that uses its index; each distinct text is prepared once per connection.
struct QueryText {
  std::string sql;
  std::vector<std::optional<std::string>> params;
  std::string Param(std::optional<std::string> value) {
    params.push_back(std::move(value));
    std::string placeholder = "$";
    placeholder += std::to_string(params.size());
    return placeholder;
  }
};

std::string TextArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : items[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

std::string VersionCondition(QueryText& q, const VersionMatch& v) {
  if (v.all) return "";
  std::vector<std::string> any;
  if (v.last) any.push_back(kLatest);
  if (v.first) any.push_back(kEarliest);
  if (!v.versions_us.empty()) {
    std::vector<std::string> texts;
    for (auto us : v.versions_us) texts.push_back(std::to_string(us));
    any.push_back("version_us = ANY(" + q.Param(TextArray(texts)) + "::bigint[])");
  }
  if (any.empty()) return " AND false";
  std::string out = " AND (";
  for (size_t i = 0; i < any.size(); ++i) {
    if (i) out += " OR ";
    out += any[i];
  }
  return out + ")";
}

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

Status PgIntelRepo::LockHead() {
  if (head_locked_) return Ok();
  QX_ASSIGN_OR_RETURN(auto s,
                      c_.Prepare("SELECT last_added_us FROM stix_head WHERE id = 1 FOR UPDATE"));
  QX_RETURN_IF_ERROR(s.Run());
  head_locked_ = true;
  return Ok();
}

Status PgIntelRepo::InsertCollection(const domain::IntelCollection& c) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("INSERT INTO taxii_collections(id, title, description,"
                                         " audience, audience_value) VALUES($1, $2, $3, $4, $5)"));
  return s.Bind(c.id)
      .Bind(c.title)
      .Bind(c.description)
      .Bind(domain::Name(c.audience))
      .Bind(c.audience_value)
      .Run();
}

Result<std::vector<domain::IntelCollection>> PgIntelRepo::ListCollections() {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, title, description, audience, audience_value"
                                         " FROM taxii_collections ORDER BY ord"));
  std::vector<domain::IntelCollection> out;
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    const auto audience = domain::ParseAudience(s.Text(3));
    if (!audience) return MakeError(ErrorCode::kInternal, "corrupt taxii_collections.audience");
    out.push_back({s.Text(0), s.Text(1), s.Text(2), *audience, s.Text(4)});
  }
}

Result<domain::IntelCollection> PgIntelRepo::GetCollection(const std::string& id) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT id, title, description, audience, audience_value"
                                         " FROM taxii_collections WHERE id = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such collection");
  const auto audience = domain::ParseAudience(s.Text(3));
  if (!audience) return MakeError(ErrorCode::kInternal, "corrupt taxii_collections.audience");
  return domain::IntelCollection{s.Text(0), s.Text(1), s.Text(2), *audience, s.Text(4)};
}

Result<std::int64_t> PgIntelRepo::InsertObject(const StoredObject& o) {
  QX_ASSIGN_OR_RETURN(auto seqs, InsertObjects({o}));
  if (seqs.empty() || seqs[0] == 0) return MakeError(ErrorCode::kAlreadyExists, "already exists");
  return seqs[0];
}

Result<std::vector<std::int64_t>> PgIntelRepo::InsertObjects(
    const std::vector<StoredObject>& objects) {
  QX_RETURN_IF_ERROR(LockHead());
  // Columns travel as arrays, unnested into rows in their order: one round trip per chunk.
  // A version already stored is skipped (DO NOTHING), which keeps the transaction usable.
  static const std::string sql =
      "WITH rows AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],"
      " $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[], $10::text[],"
      " $11::boolean[], $12::bigint[], $13::text[]) WITH ORDINALITY AS u(collection_id,"
      " object_id, type, spec_version, version, version_us, date_added_us, producer_org, tlp,"
      " recipients, revoked, valid_until_ms, json, ord)),"
      " inserted AS (INSERT INTO stix_objects(collection_id, object_id, type, spec_version,"
      " version, version_us, date_added_us, producer_org, tlp, recipients, revoked,"
      " valid_until_ms, json) SELECT collection_id, object_id, type, spec_version, version,"
      " version_us, date_added_us, producer_org, tlp, recipients::bigint[], revoked,"
      " valid_until_ms, json FROM rows ORDER BY ord"
      " ON CONFLICT (collection_id, object_id, version_us) DO NOTHING"
      " RETURNING seq, collection_id, object_id, version_us, date_added_us),"
      " head AS (UPDATE stix_head SET last_added_us = GREATEST(last_added_us,"
      " (SELECT max(date_added_us) FROM inserted)) WHERE id = 1"
      " AND EXISTS (SELECT 1 FROM inserted))"
      " SELECT seq, collection_id, object_id, version_us FROM inserted";
  constexpr size_t kChunk = 1000;
  std::vector<std::int64_t> seqs;
  seqs.reserve(objects.size());
  for (size_t begin = 0; begin < objects.size(); begin += kChunk) {
    const size_t end = std::min(objects.size(), begin + kChunk);
    std::vector<std::string> col, oid, type, spec, version, tlp, recipients, json;
    std::vector<std::string> version_us, added, producer, revoked, valid;
    for (size_t i = begin; i < end; ++i) {
      const StoredObject& o = objects[i];
      col.push_back(o.collection_id);
      oid.push_back(o.object_id);
      type.push_back(o.type);
      spec.push_back(o.spec_version);
      version.push_back(o.version);
      version_us.push_back(std::to_string(o.version_us));
      added.push_back(std::to_string(o.date_added_us));
      producer.push_back(std::to_string(o.producer_org));
      tlp.push_back(o.tlp);
      recipients.push_back(IdList(o.recipients));
      revoked.push_back(o.revoked ? "true" : "false");
      valid.push_back(o.valid_until_ms ? std::to_string(*o.valid_until_ms) : "NULL");
      json.push_back(o.json);
    }
    // NULL inside an array literal must be unquoted.
    std::string valid_literal = "{";
    for (size_t i = 0; i < valid.size(); ++i) {
      if (i) valid_literal += ',';
      valid_literal += valid[i];
    }
    valid_literal += "}";
    QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
    s.BindArray(col).BindArray(oid).BindArray(type).BindArray(spec).BindArray(version);
    s.BindArray(version_us).BindArray(added).BindArray(producer).BindArray(tlp);
    s.BindArray(recipients).BindArray(revoked).Bind(valid_literal).BindArray(json);
    std::map<std::tuple<std::string, std::string, std::int64_t>, std::int64_t> stored;
    for (;;) {
      QX_ASSIGN_OR_RETURN(const bool row, s.Step());
      if (!row) break;
      stored[{s.Text(1), s.Text(2), s.Int(3)}] = s.Int(0);
    }
    // A version given twice in one batch is stored once: the first gets the seq.
    for (size_t i = begin; i < end; ++i) {
      const StoredObject& o = objects[i];
      auto it = stored.find({o.collection_id, o.object_id, o.version_us});
      if (it == stored.end()) {
        seqs.push_back(0);
      } else {
        seqs.push_back(it->second);
        stored.erase(it);
      }
    }
  }
  if (objects.size() >= 100) {
    QX_RETURN_IF_ERROR(AnalyzeIfStale(static_cast<std::int64_t>(objects.size())));
  }
  return seqs;
}

// The page queries walk the (collection_id, seq) index and stop at the limit, but only when the
// planner knows how many rows the collection has: with the statistics of an empty table it
// sorts the whole collection (200 ms at 20,000 objects). A bulk ingest outruns autovacuum's
// analyze, so an ingest that grew the table by a fifth since the last analyze refreshes them
// (ANALYZE samples 30,000 rows: a fraction of a second at any size).
Status PgIntelRepo::AnalyzeIfStale(std::int64_t inserted) {
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(
      "SELECT pg_stat_get_mod_since_analyze(c.oid) + $1 > 0.2 * greatest(c.reltuples, 0) + 500"
      " FROM pg_class c WHERE c.oid = 'stix_objects'::regclass"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(inserted).Step());
  if (!row || !s.Bool(0)) return Ok();
  return c_.Exec("ANALYZE stix_objects");
}

Result<std::map<std::string, domain::OrgId>> PgIntelRepo::CreatorsOf(
    const std::string& collection_id, const std::vector<std::string>& object_ids) {
  if (object_ids.empty()) return std::map<std::string, domain::OrgId>();
  // The producer of each object's earliest version (ties: the first stored), one round trip.
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(
      "SELECT DISTINCT ON (object_id) object_id, producer_org FROM stix_objects"
      " WHERE collection_id = $1 AND object_id = ANY($2::text[])"
      " ORDER BY object_id, version_us, seq"));
  s.Bind(collection_id).BindArray(object_ids);
  return ProducerPerObject(s);
}

Result<std::map<std::string, domain::OrgId>> PgIntelRepo::FirstProducersOf(
    const std::vector<std::string>& object_ids) {
  if (object_ids.empty()) return std::map<std::string, domain::OrgId>();
  // date_added is unique and grows with seq: the first arrival of each id, one round trip; the
  // collection list lets the (collection, object) index seek each id.
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(
      "SELECT DISTINCT ON (object_id) object_id, producer_org FROM stix_objects"
      " WHERE collection_id IN (SELECT id FROM taxii_collections) AND object_id = ANY($1::text[])"
      " ORDER BY object_id, date_added_us, seq"));
  s.BindArray(object_ids);
  return ProducerPerObject(s);
}

Result<std::int64_t> PgIntelRepo::LastDateAdded() {
  // A writer locks the head, so that no other ingest takes a date_added until this one commits.
  if (writable_) {
    QX_ASSIGN_OR_RETURN(auto s,
                        c_.Prepare("SELECT last_added_us FROM stix_head WHERE id = 1 FOR UPDATE"));
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    head_locked_ = true;
    return row ? s.Int(0) : 0;
  }
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare("SELECT last_added_us FROM stix_head WHERE id = 1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Result<Page<StoredObject>> PgIntelRepo::QueryObjects(const ObjectQuery& q) {
  QueryText t;
  const std::string collection = t.Param(q.collection_id);
  t.sql = std::string("SELECT ") + kObjectColumns + " FROM stix_objects o WHERE collection_id = " +
          collection + " AND seq > " + t.Param(std::to_string(q.after_seq)) + " AND " +
          Visible(t.Param(std::to_string(q.viewer_org)) + "::bigint");
  if (q.added_after_us) {
    // date_added grows with seq, so "added after" is "seq from the first object added after":
    // one probe of the added_after index, then the same seq range scan as every other page.
    t.sql += " AND seq > COALESCE((SELECT a.seq - 1 FROM stix_objects a WHERE a.collection_id = " +
             collection + " AND a.date_added_us > " +
             t.Param(std::to_string(*q.added_after_us)) +
             "::bigint ORDER BY a.date_added_us LIMIT 1), 9223372036854775807)";
  }
  if (!q.ids.empty()) t.sql += " AND object_id = ANY(" + t.Param(TextArray(q.ids)) + "::text[])";
  if (!q.types.empty()) t.sql += " AND type = ANY(" + t.Param(TextArray(q.types)) + "::text[])";
  if (!q.spec_versions.empty()) {
    t.sql += " AND spec_version = ANY(" + t.Param(TextArray(q.spec_versions)) + "::text[])";
  }
  if (q.valid_at_ms) {
    t.sql += " AND NOT revoked AND (valid_until_ms IS NULL OR valid_until_ms > " +
             t.Param(std::to_string(*q.valid_at_ms)) + "::bigint)";
  }
  t.sql += VersionCondition(t, q.versions);
  const int limit = ClampLimit(q.limit);
  t.sql += " ORDER BY seq LIMIT " + t.Param(std::to_string(limit + 1));
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(t.sql));
  for (auto& p : t.params) p ? s.Bind(*p) : s.BindNull();
  return ReadPage<StoredObject>(s, limit, ReadObject, [](const StoredObject& o) { return o.seq; });
}

Result<Page<StoredObject>> PgIntelRepo::SearchObjects(const std::string& collection_id,
                                                     domain::OrgId viewer_org,
                                                     const std::string& text,
                                                     const std::string& type,
                                                     const PageRequest& page) {
  static const std::string sql =
      std::string("SELECT ") + kObjectColumns +
      " FROM stix_objects o WHERE collection_id = $1 AND ($2::bigint = 0 OR seq < $2) AND " +
      Visible("$3::bigint") +
      " AND ($4::text = '' OR type = $4) AND ($5::text = '' OR strpos(lower(json), lower($5)) > 0)"
      " AND " + kLatest + " ORDER BY seq DESC LIMIT $6";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  const int limit = ClampLimit(page.limit);
  s.Bind(collection_id).Bind(page.after).Bind(viewer_org).Bind(type).Bind(text).Bind(limit + 1);
  return ReadPage<StoredObject>(s, limit, ReadObject, [](const StoredObject& o) { return o.seq; });
}

Result<int> PgIntelRepo::DeleteObject(const std::string& collection_id,
                                      const std::string& object_id, const VersionMatch& v) {
  static const std::string sql =
      std::string("DELETE FROM stix_objects o WHERE collection_id = $1 AND object_id = $2"
                  " AND ($3::boolean OR ($4::boolean AND ") + kLatest + ") OR ($5::boolean AND " +
      kEarliest + ") OR version_us = ANY($6::bigint[]))";
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  QX_RETURN_IF_ERROR(s.Bind(collection_id)
                         .Bind(object_id)
                         .Bind(v.all)
                         .Bind(v.last)
                         .Bind(v.first)
                         .BindArray(v.versions_us)
                         .Run());
  const int removed = static_cast<int>(s.Affected());
  // A sighting with no version left in the collection stops counting there.
  QX_ASSIGN_OR_RETURN(auto gone, c_.Prepare("DELETE FROM stix_sightings WHERE collection_id = $1"
                                            " AND sighting_id = $2 AND NOT EXISTS (SELECT 1 FROM"
                                            " stix_objects WHERE collection_id = $1 AND object_id = $2)"));
  QX_RETURN_IF_ERROR(gone.Bind(collection_id).Bind(object_id).Run());
  return removed;
}

Status PgIntelRepo::UpsertSighting(const SightingRecord& r) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO stix_sightings(collection_id, sighting_id, version_us, indicator_ref,"
                 " producer_org, tlp, recipients, count, first_seen_ms, last_seen_ms)"
                 " VALUES($1, $2, $3, $4, $5, $6, $7::bigint[], $8, $9, $10)"
                 " ON CONFLICT(collection_id, sighting_id) DO UPDATE SET"
                 " version_us = excluded.version_us,"
                 " indicator_ref = excluded.indicator_ref, tlp = excluded.tlp,"
                 " recipients = excluded.recipients, count = excluded.count,"
                 " first_seen_ms = excluded.first_seen_ms, last_seen_ms = excluded.last_seen_ms"
                 " WHERE excluded.version_us > stix_sightings.version_us"));
  return s.Bind(r.collection_id)
      .Bind(r.sighting_id)
      .Bind(r.version_us)
      .Bind(r.indicator_ref)
      .Bind(r.producer_org)
      .Bind(r.tlp)
      .Bind(IdList(r.recipients))
      .Bind(r.count)
      .Bind(r.first_seen_ms)
      .Bind(r.last_seen_ms)
      .Run();
}

namespace {

// The sightings kept in the collections of the text[] parameter $3, each once (a sighting shared
// into two of them counts at its latest version): a CTE `latest` whose rows with nth = 1 count.
std::string LatestSightings(const std::string& extra) {
  return "WITH latest AS (SELECT indicator_ref, version_us, producer_org, tlp, recipients, count,"
         " first_seen_ms, last_seen_ms, row_number() OVER (PARTITION BY sighting_id"
         " ORDER BY version_us DESC, collection_id) AS nth FROM stix_sightings"
         " WHERE collection_id = ANY($3::text[]) AND " + extra + ") ";
}

}  // namespace

Result<std::vector<SightingTotals>> PgIntelRepo::SightingTotalsFor(
    const std::string& indicator_ref, const std::vector<std::string>& collections,
    domain::OrgId viewer_org) {
  static const std::string sql =
      LatestSightings("($2::text = '' OR indicator_ref = $2)") +
      "SELECT indicator_ref, producer_org, bool_or(" + Visible("$1::bigint") +
      "), count(*), sum(count), min(first_seen_ms), max(last_seen_ms) FROM latest WHERE nth = 1"
      " GROUP BY indicator_ref, producer_org ORDER BY indicator_ref, producer_org";
  std::vector<SightingTotals> out;
  if (collections.empty()) return out;
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.Bind(viewer_org).Bind(indicator_ref).BindArray(collections);
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    out.push_back(
        {s.Text(0), s.Int(1), s.Bool(2), s.Int(3), s.Int(4), s.OptInt(5), s.OptInt(6)});
  }
}

Result<std::vector<SightingDay>> PgIntelRepo::SightingDaysFor(
    const std::string& indicator_ref, const std::vector<std::string>& collections,
    domain::OrgId viewer_org) {
  // Integer division, as SQLite's: the UTC day of a time in milliseconds since the epoch.
  static const std::string sql =
      LatestSightings("indicator_ref = $2") +
      "SELECT COALESCE(last_seen_ms, first_seen_ms, version_us / 1000) / 86400000 AS day, " +
      Visible("$1::bigint") + " AS visible, count(*), sum(count) FROM latest WHERE nth = 1"
      " GROUP BY day, visible ORDER BY day, visible";
  std::vector<SightingDay> out;
  if (collections.empty()) return out;
  QX_ASSIGN_OR_RETURN(auto s, c_.Prepare(sql));
  s.Bind(viewer_org).Bind(indicator_ref).BindArray(collections);
  for (;;) {
    QX_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return out;
    out.push_back({s.Int(0), s.Bool(1), s.Int(2), s.Int(3)});
  }
}

Status PgIntelRepo::PutStatus(const StatusRecord& st) {
  QX_ASSIGN_OR_RETURN(
      auto s,
      c_.Prepare("INSERT INTO taxii_status(id, collection_id, owner_org, status, request_us, total,"
                 " detail) VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(id) DO UPDATE SET"
                 " status = excluded.status, detail = excluded.detail"));
  return s.Bind(st.id)
      .Bind(st.collection_id)
      .Bind(st.owner_org)
      .Bind(st.status)
      .Bind(st.request_us)
      .Bind(st.total)
      .Bind(st.detail_json)
      .Run();
}

Result<StatusRecord> PgIntelRepo::GetStatus(const std::string& id) {
  QX_ASSIGN_OR_RETURN(
      auto s, c_.Prepare("SELECT id, collection_id, owner_org, status, request_us, total, detail"
                         " FROM taxii_status WHERE id = $1"));
  QX_ASSIGN_OR_RETURN(const bool row, s.Bind(id).Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no such status");
  return StatusRecord{
      s.Text(0), s.Text(1), s.Int(2), s.Text(3), s.Int(4), static_cast<int>(s.Int(5)), s.Text(6)};
}

}  // namespace qx::store::pg
