#include "sqlite_migrations.h"

#include <utility>
#include <vector>

#include "qx/crypto/digest.h"

namespace qx::store::sqlite {
namespace {

// Migration 21's backfill: the digest of every policy stored before the column, hashed here from
// the document's bytes as the store reads them (what InsertPolicy hashes). Read first, then
// written: no row is updated under the cursor that reads it.
Status FillPolicyDigests(Connection& c) {
  std::vector<std::pair<std::int64_t, std::string>> digests;
  {
    QX_ASSIGN_OR_RETURN(auto read, c.Prepare("SELECT id, document FROM agent_policies WHERE sha256 = ''"));
    for (;;) {
      QX_ASSIGN_OR_RETURN(const bool row, read.Step());
      if (!row) break;
      digests.emplace_back(read.Int(0), crypto::Sha256Hex(read.Text(1)));
    }
  }
  QX_ASSIGN_OR_RETURN(auto write, c.Prepare("UPDATE agent_policies SET sha256 = ? WHERE id = ?"));
  for (const auto& [id, sha256] : digests) {
    QX_RETURN_IF_ERROR(write.Bind(sha256).Bind(id).Run());
    write.Reset();
  }
  return Ok();
}

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
    {6, "CII registry: objects, dependencies, OT zones and conduits, categorisation, settings, providers", R"sql(
CREATE TABLE cii_objects (
  id INTEGER PRIMARY KEY,
  owner_org_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  sector TEXT NOT NULL,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  location TEXT NOT NULL,
  responsible_person TEXT NOT NULL,
  category INTEGER,
  category_status TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (owner_org_id, name)
);
CREATE INDEX cii_objects_by_sector ON cii_objects(sector, category, id);
CREATE TABLE cii_dependencies (
  object_id INTEGER NOT NULL REFERENCES cii_objects(id) ON DELETE CASCADE,
  depends_on INTEGER NOT NULL REFERENCES cii_objects(id),
  PRIMARY KEY (object_id, depends_on)
);
CREATE INDEX cii_dependents ON cii_dependencies(depends_on);
CREATE TABLE ot_zones (
  object_id INTEGER NOT NULL REFERENCES cii_objects(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  target_sl INTEGER NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (object_id, name)
);
CREATE TABLE ot_conduits (
  object_id INTEGER NOT NULL REFERENCES cii_objects(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  from_zone TEXT NOT NULL,
  to_zone TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (object_id, name)
);
CREATE TABLE categorisations (
  id INTEGER PRIMARY KEY,
  object_id INTEGER NOT NULL REFERENCES cii_objects(id),
  answers TEXT NOT NULL,
  thresholds_seq INTEGER NOT NULL,
  computed INTEGER,
  status TEXT NOT NULL,
  decided INTEGER,
  reason TEXT NOT NULL DEFAULT '',
  submitted_by TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER
);
CREATE INDEX categorisations_by_object ON categorisations(object_id, id);
CREATE TABLE regulator_settings (
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  value TEXT NOT NULL,
  set_by TEXT NOT NULL,
  set_at INTEGER NOT NULL,
  PRIMARY KEY (key, seq)
);
CREATE TABLE provider_declarations (
  org_id INTEGER PRIMARY KEY REFERENCES organisations(id),
  services TEXT NOT NULL,
  sectors TEXT NOT NULL,
  description TEXT NOT NULL,
  contact TEXT NOT NULL,
  declared_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
)sql"},
    {7, "self-assessments: items, evidence, review comments, remediation, observations, scores", R"sql(
CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  subject_kind TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  owner_org_id INTEGER NOT NULL REFERENCES organisations(id),
  sector TEXT NOT NULL,
  category INTEGER,
  profile_catalog_id INTEGER NOT NULL REFERENCES catalogs(id),
  profile_seq INTEGER NOT NULL,
  special TEXT NOT NULL,
  status TEXT NOT NULL,
  previous_id INTEGER REFERENCES assessments(id),
  superseded_by INTEGER REFERENCES assessments(id),
  campaign_id INTEGER,
  due_at INTEGER,
  score REAL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  submitted_at INTEGER,
  decided_at INTEGER
);
CREATE INDEX assessments_by_owner ON assessments(owner_org_id, id);
CREATE INDEX assessments_by_subject ON assessments(subject_kind, subject_id, id);
CREATE INDEX assessments_by_campaign ON assessments(campaign_id, id);
CREATE TABLE assessment_items (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  catalog_id INTEGER NOT NULL,
  control_id TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  title TEXT NOT NULL,
  group_path TEXT NOT NULL,
  result TEXT NOT NULL,
  justification TEXT NOT NULL,
  comment TEXT NOT NULL,
  flag TEXT NOT NULL,
  previous_result TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (assessment_id, catalog_id, control_id)
);
CREATE INDEX assessment_items_in_order ON assessment_items(assessment_id, ordinal);
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  catalog_id INTEGER NOT NULL,
  control_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  filename TEXT NOT NULL,
  description TEXT NOT NULL,
  effective_at INTEGER NOT NULL,
  expires_at INTEGER,
  uploaded_by TEXT NOT NULL,
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX evidence_by_assessment ON evidence(assessment_id, id);
CREATE INDEX evidence_by_digest ON evidence(sha256);
CREATE TABLE review_comments (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  catalog_id INTEGER NOT NULL,
  control_id TEXT NOT NULL,
  body TEXT NOT NULL,
  author TEXT NOT NULL,
  author_org_id INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX review_comments_by_assessment ON review_comments(assessment_id, id);
CREATE TABLE remediation_actions (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  catalog_id INTEGER NOT NULL,
  control_id TEXT NOT NULL,
  action TEXT NOT NULL,
  owner TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX remediation_by_assessment ON remediation_actions(assessment_id, id);
CREATE TABLE observations (
  id INTEGER PRIMARY KEY,
  subject_kind TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  owner_org_id INTEGER NOT NULL,
  control_id TEXT NOT NULL,
  source TEXT NOT NULL,
  result TEXT NOT NULL,
  detail TEXT NOT NULL,
  observed_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX observations_by_subject ON observations(subject_kind, subject_id, control_id, source, observed_at);
CREATE TABLE subject_scores (
  subject_kind TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  org_id INTEGER NOT NULL,
  sector TEXT NOT NULL,
  assessment_id INTEGER NOT NULL,
  score REAL,
  at INTEGER NOT NULL,
  PRIMARY KEY (subject_kind, subject_id)
);
CREATE INDEX subject_scores_by_org ON subject_scores(org_id);
CREATE INDEX subject_scores_by_sector ON subject_scores(sector);
CREATE TABLE posture_points (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  at INTEGER NOT NULL,
  score REAL,
  subjects INTEGER NOT NULL
);
CREATE INDEX posture_points_by_scope ON posture_points(scope, key, at);
)sql"},
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
    {9, "training and awareness: courses, staff, audiences, completions, rules", R"sql(
CREATE TABLE training_courses (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  recurrence_months INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE(org_id, title)
);
CREATE TABLE training_staff (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  staff_ref TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  active INTEGER NOT NULL,
  UNIQUE(org_id, staff_ref)
);
CREATE TABLE training_audiences (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  UNIQUE(org_id, name)
);
CREATE TABLE training_audience_members (
  audience_id INTEGER NOT NULL REFERENCES training_audiences(id) ON DELETE CASCADE,
  staff_id INTEGER NOT NULL REFERENCES training_staff(id),
  PRIMARY KEY(audience_id, staff_id)
);
CREATE TABLE training_completions (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  staff_id INTEGER NOT NULL REFERENCES training_staff(id),
  course_id INTEGER NOT NULL REFERENCES training_courses(id),
  completed_on INTEGER NOT NULL,
  source TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX training_completions_by_course ON training_completions(course_id, staff_id, completed_on);
CREATE INDEX training_completions_by_org ON training_completions(org_id, completed_on, id);
CREATE TABLE training_rules (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  requirement_id TEXT NOT NULL,
  course_id INTEGER NOT NULL REFERENCES training_courses(id),
  audience_id INTEGER NOT NULL REFERENCES training_audiences(id),
  min_percent INTEGER NOT NULL,
  window_months INTEGER NOT NULL
);
CREATE INDEX training_rules_by_org ON training_rules(org_id, requirement_id);
)sql"},
    {10, "drop the by-object index that repeats the UNIQUE one", R"sql(
DROP INDEX stix_objects_by_object;
)sql"},
    {12, "incident reports: incidents, stage submissions and requests, timeline, RFIs, deliveries", R"sql(
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  sector TEXT NOT NULL,
  regime TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  detection_source TEXT NOT NULL,
  aware_at INTEGER NOT NULL,
  classified_at INTEGER,
  malicious INTEGER NOT NULL,
  cross_border INTEGER NOT NULL,
  affected_services TEXT NOT NULL,
  impact_confidentiality TEXT NOT NULL,
  impact_integrity TEXT NOT NULL,
  impact_availability TEXT NOT NULL,
  severity TEXT NOT NULL,
  tlp TEXT NOT NULL,
  status TEXT NOT NULL,
  assignee TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  next_due_at INTEGER
);
CREATE INDEX incidents_by_due ON incidents(next_due_at, id);
CREATE INDEX incidents_by_org ON incidents(org_id, next_due_at, id);
CREATE TABLE incident_objects (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  ordinal INTEGER NOT NULL,
  object_id INTEGER NOT NULL REFERENCES cii_objects(id),
  PRIMARY KEY(incident_id, ordinal)
);
CREATE TABLE incident_indicators (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  ordinal INTEGER NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY(incident_id, ordinal)
);
CREATE TABLE incident_stage_submissions (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  stage_key TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  submitted_by TEXT NOT NULL,
  fields TEXT NOT NULL,
  PRIMARY KEY(incident_id, stage_key)
);
CREATE TABLE incident_stage_requests (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  stage_key TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  PRIMARY KEY(incident_id, stage_key)
);
CREATE TABLE incident_timeline (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  org_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX incident_timeline_by_incident ON incident_timeline(incident_id, id);
CREATE TABLE incident_rfis (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  question TEXT NOT NULL,
  asked_by TEXT NOT NULL,
  asked_at INTEGER NOT NULL,
  answer TEXT,
  answered_by TEXT NOT NULL,
  answered_at INTEGER
);
CREATE INDEX incident_rfis_by_incident ON incident_rfis(incident_id, id);
CREATE TABLE incident_deliveries (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  stage TEXT NOT NULL,
  event TEXT NOT NULL,
  channel TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  delivered_at INTEGER,
  last_error TEXT NOT NULL,
  UNIQUE(incident_id, stage, event, channel)
);
)sql"},
    {14, "campaigns: the regulator's inspection plans and their subjects", R"sql(
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  profile_catalog_id INTEGER NOT NULL REFERENCES catalogs(id),
  profile_seq INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  sector TEXT NOT NULL,
  category INTEGER,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE campaign_subjects (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  subject_kind TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  owner_org_id INTEGER NOT NULL REFERENCES organisations(id),
  assessment_id INTEGER REFERENCES assessments(id),
  linked INTEGER NOT NULL,
  note TEXT NOT NULL,
  UNIQUE (campaign_id, subject_kind, subject_id)
);
CREATE INDEX campaign_subjects_by_campaign ON campaign_subjects(campaign_id, id);
CREATE INDEX campaign_subjects_by_owner ON campaign_subjects(owner_org_id, campaign_id, id);
)sql"},
    {15, "host assessment agents: enrolment tokens, agents, signed policies, result records", R"sql(
CREATE TABLE agent_enrolments (
  id INTEGER PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  object_id INTEGER NOT NULL REFERENCES cii_objects(id),
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  agent_id INTEGER
);
CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  object_id INTEGER NOT NULL REFERENCES cii_objects(id),
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  public_key TEXT NOT NULL UNIQUE,
  credential_sha256 TEXT NOT NULL UNIQUE,
  hostname TEXT NOT NULL,
  machine_id TEXT NOT NULL,
  enrolled_at INTEGER NOT NULL,
  last_sequence INTEGER NOT NULL,
  last_results_sha256 TEXT NOT NULL,
  last_seen_at INTEGER,
  revoked INTEGER NOT NULL
);
CREATE INDEX agents_by_org ON agents(org_id, id);
CREATE TABLE agent_policies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  profile TEXT NOT NULL,
  document TEXT NOT NULL,
  signature TEXT NOT NULL,
  key_id TEXT NOT NULL,
  sector TEXT NOT NULL,
  object_id INTEGER REFERENCES cii_objects(id),
  version INTEGER NOT NULL,
  published_by TEXT NOT NULL,
  published_at INTEGER NOT NULL
);
CREATE INDEX agent_policies_by_assignment ON agent_policies(object_id, sector, version);
CREATE TABLE agent_results (
  id INTEGER PRIMARY KEY,
  agent_id INTEGER NOT NULL REFERENCES agents(id),
  object_id INTEGER NOT NULL REFERENCES cii_objects(id),
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  sequence INTEGER NOT NULL,
  nonce TEXT NOT NULL,
  results_sha256 TEXT NOT NULL,
  bundle_sha256 TEXT NOT NULL,
  via TEXT NOT NULL,
  policy_ref TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  rules INTEGER NOT NULL,
  observations_added INTEGER NOT NULL,
  UNIQUE (agent_id, nonce)
);
)sql"},
    {16, "incident attachments: files an operator adds to its incident report", R"sql(
CREATE TABLE incident_attachments (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  sha256 TEXT NOT NULL,
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  stage_key TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX incident_attachments_by_incident ON incident_attachments(incident_id, id);
CREATE INDEX incident_attachments_by_digest ON incident_attachments(sha256);
)sql"},
    {17, "agents: drop last_results_sha256 (never read; each result record keeps its digests)", R"sql(
ALTER TABLE agents DROP COLUMN last_results_sha256;
)sql"},
    {18, "agent observations: the source names the agent (agent:<hostname>#<id>), older rows too", R"sql(
UPDATE observations SET source = (
  SELECT 'agent:' || a.hostname || '#' || a.id FROM agents a WHERE 'agent:' || a.id = observations.recorded_by)
WHERE recorded_by LIKE 'agent:%' AND EXISTS (
  SELECT 1 FROM agents a WHERE 'agent:' || a.id = observations.recorded_by
  AND observations.source = 'agent:' || a.hostname AND length(CAST('agent:' || a.hostname || '#' || a.id AS BLOB)) <= 200);
)sql"},
    {19, "the registry listed by owner from an index: an operator's own objects without a table scan", R"sql(
CREATE INDEX cii_objects_by_owner ON cii_objects(owner_org_id, id);
)sql"},
    {20, "agents enrolled offline from a request file (air-gapped hosts): no bearer credential", R"sql(
ALTER TABLE agents ADD COLUMN offline INTEGER NOT NULL DEFAULT 0;
)sql"},
    // The '' default exists for the rows already there (SQLite adds a NOT NULL column only with a
    // default), which FillPolicyDigests replaces before the transaction commits; the store writes
    // the digest with every policy and refuses to read one that is not 64 lower-case hex digits.
    {21, "agent policies keep the SHA-256 of their document, and are found by it", R"sql(
ALTER TABLE agent_policies ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
CREATE INDEX agent_policies_by_digest ON agent_policies(sha256);
)sql", FillPolicyDigests},
    {22, "sightings kept per collection, counted only for who may read the collection", R"sql(
-- Sightings are kept per collection: who may count one is who may read where it was posted.
-- A kept sighting goes to each collection its STIX object (same id, same producer) is still in
-- at the kept version. The old table kept one row per sighting id, its latest version across all
-- collections: a collection holding only older versions gets no row, or it would count what was
-- posted only elsewhere (a later count, indicator or recipients sent only to the CERT inbox, say).
-- One whose version is in no collection (its producer deleted it) goes to no collection (''): no
-- viewer may read it anywhere, so none counts it -- the most restrictive choice.
CREATE TABLE stix_sightings_per_collection (
  collection_id TEXT NOT NULL,
  sighting_id TEXT NOT NULL,
  version_us INTEGER NOT NULL,
  indicator_ref TEXT NOT NULL,
  producer_org INTEGER NOT NULL,
  tlp TEXT NOT NULL,
  recipients TEXT NOT NULL,
  count INTEGER NOT NULL,
  first_seen_ms INTEGER,
  last_seen_ms INTEGER,
  PRIMARY KEY (collection_id, sighting_id)
);
INSERT INTO stix_sightings_per_collection
SELECT COALESCE(o.collection_id, ''), s.sighting_id, s.version_us, s.indicator_ref, s.producer_org,
       s.tlp, s.recipients, s.count, s.first_seen_ms, s.last_seen_ms
FROM stix_sightings s LEFT JOIN (SELECT DISTINCT collection_id, object_id, producer_org, version_us
                                 FROM stix_objects WHERE type = 'sighting') o
  ON o.object_id = s.sighting_id AND o.producer_org = s.producer_org AND o.version_us = s.version_us;
DROP TABLE stix_sightings;
ALTER TABLE stix_sightings_per_collection RENAME TO stix_sightings;
CREATE INDEX stix_sightings_by_indicator ON stix_sightings(indicator_ref);
)sql"},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace qx::store::sqlite
