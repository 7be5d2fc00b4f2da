#include "sqlite_migrations.h"

namespace qx::store::sqlite {
namespace {

// Append only: a released migration never changes; a new one fixes what an old one did.
constexpr Migration kMigrations[] = {
    {1, "identities and audit trail", R"sql(
CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  sector TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX users_by_org ON users(org_id, id);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_by_org ON api_tokens(org_id, id);
CREATE TABLE sessions (
  secret_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  org_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  digest TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_org ON audit_log(org_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql"},
    {2, "requirement catalogs and profiles", R"sql(
CREATE TABLE catalogs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  scope TEXT NOT NULL,
  owner_org_id INTEGER NOT NULL REFERENCES organisations(id),
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE catalog_versions (
  id INTEGER PRIMARY KEY,
  catalog_id INTEGER NOT NULL REFERENCES catalogs(id),
  seq INTEGER NOT NULL,
  version TEXT NOT NULL,
  status TEXT NOT NULL,
  document TEXT NOT NULL,
  resolved TEXT NOT NULL DEFAULT '',
  digest TEXT NOT NULL DEFAULT '',
  signature TEXT NOT NULL DEFAULT '',
  key_id TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  published_at INTEGER,
  published_by TEXT NOT NULL DEFAULT '',
  UNIQUE (catalog_id, seq)
);
CREATE TABLE catalog_translations (
  version_id INTEGER NOT NULL REFERENCES catalog_versions(id) ON DELETE CASCADE,
  lang TEXT NOT NULL,
  overlay TEXT NOT NULL,
  PRIMARY KEY (version_id, lang)
);
CREATE TABLE requirement_index (
  version_id INTEGER NOT NULL REFERENCES catalog_versions(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  control_id TEXT NOT NULL,
  title TEXT NOT NULL,
  group_path TEXT NOT NULL,
  parent_control TEXT NOT NULL,
  sectors TEXT NOT NULL,
  categories TEXT NOT NULL,
  min_security_level INTEGER,
  machine_checks TEXT NOT NULL,
  search_text TEXT NOT NULL,
  PRIMARY KEY (version_id, ordinal)
);
-- A published version never changes: its seal and content are frozen.
CREATE TRIGGER catalog_versions_frozen BEFORE UPDATE ON catalog_versions
  WHEN OLD.status != 'draft' AND (NEW.document != OLD.document OR NEW.digest != OLD.digest
    OR NEW.signature != OLD.signature OR NEW.resolved != OLD.resolved)
  BEGIN SELECT RAISE(ABORT, 'a published version never changes'); END;
)sql"},
    {3, "threat intelligence: TAXII collections, STIX objects, request status", R"sql(
CREATE TABLE taxii_collections (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  audience TEXT NOT NULL,
  audience_value TEXT NOT NULL
);
CREATE TABLE stix_objects (
  seq INTEGER PRIMARY KEY,
  collection_id TEXT NOT NULL REFERENCES taxii_collections(id),
  object_id TEXT NOT NULL,
  type TEXT NOT NULL,
  spec_version TEXT NOT NULL,
  version TEXT NOT NULL,
  version_us INTEGER NOT NULL,
  date_added_us INTEGER NOT NULL,
  producer_org INTEGER NOT NULL,
  tlp TEXT NOT NULL,
  recipients TEXT NOT NULL,
  revoked INTEGER NOT NULL,
  valid_until_ms INTEGER,
  json TEXT NOT NULL,
  UNIQUE (collection_id, object_id, version_us)
);
CREATE INDEX stix_objects_by_collection ON stix_objects(collection_id, seq);
CREATE INDEX stix_objects_by_type ON stix_objects(collection_id, type, seq);
CREATE TABLE taxii_status (
  id TEXT PRIMARY KEY,
  collection_id TEXT NOT NULL,
  owner_org INTEGER NOT NULL,
  status TEXT NOT NULL,
  request_us INTEGER NOT NULL,
  total INTEGER NOT NULL,
  detail TEXT NOT NULL
);
)sql"},
    {4, "sightings kept for aggregation per indicator", R"sql(
CREATE TABLE stix_sightings (
  sighting_id TEXT PRIMARY KEY,
  version_us INTEGER NOT NULL,
  indicator_ref TEXT NOT NULL,
  producer_org INTEGER NOT NULL,
  tlp TEXT NOT NULL,
  recipients TEXT NOT NULL,
  count INTEGER NOT NULL,
  first_seen_ms INTEGER,
  last_seen_ms INTEGER
);
CREATE INDEX stix_sightings_by_indicator ON stix_sightings(indicator_ref);
)sql"},
    {5, "indexes for TAXII lookups by object and by added_after", R"sql(
CREATE INDEX stix_objects_by_added ON stix_objects(collection_id, date_added_us);
CREATE INDEX stix_objects_by_object ON stix_objects(collection_id, object_id);
)sql"},
    // 6 and 7 are taken by the registry and assessments (issue 4, built in parallel).
    {8, "scheduled jobs claimed by exactly one replica", R"sql(
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  run_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  claimed_by TEXT NOT NULL DEFAULT '',
  lease_until INTEGER,
  done_at INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, dedupe_key)
);
CREATE INDEX jobs_due ON jobs(run_at, id) WHERE done_at IS NULL;
)sql"},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace qx::store::sqlite
