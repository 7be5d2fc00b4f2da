// Moving a whole installation between backends (`qalxan migrate-data`): the tables it consists
// of, as plain rows, read from one store and written to another. Adding a table to a store means
// adding it here, in an order that satisfies the foreign keys.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "qx/core/result.h"

namespace qx::store {

enum class ColumnType {
  kInt,     // "42"
  kText,
  kBool,    // "0" or "1"
  kReal,    // "0.85": the shortest text that reads back as the same double
  kIdList,  // organisation ids, "3,7" ("" for none)
};

struct ColumnSpec {
  const char* name;
  ColumnType type;
};

struct TableSpec {
  const char* name;
  const char* order_by;  // a unique key, so that rows come in a stable order
  std::vector<ColumnSpec> columns;
};

// One row: a value per column in the spec's order (nullopt: NULL).
using Row = std::vector<std::optional<std::string>>;

inline const std::vector<TableSpec>& PortableTables() {
  using T = ColumnType;
  static const std::vector<TableSpec> kTables = {
      {"organisations", "id",
       {{"id", T::kInt}, {"name", T::kText}, {"kind", T::kText}, {"sector", T::kText},
        {"created_at", T::kInt}}},
      {"users", "id",
       {{"id", T::kInt}, {"org_id", T::kInt}, {"username", T::kText}, {"display_name", T::kText},
        {"role", T::kText}, {"password_hash", T::kText}, {"disabled", T::kBool},
        {"created_at", T::kInt}}},
      {"api_tokens", "id",
       {{"id", T::kInt}, {"org_id", T::kInt}, {"role", T::kText}, {"name", T::kText},
        {"secret_hash", T::kText}, {"created_by", T::kInt}, {"created_at", T::kInt},
        {"expires_at", T::kInt}, {"revoked_at", T::kInt}}},
      {"sessions", "secret_hash",
       {{"secret_hash", T::kText}, {"user_id", T::kInt}, {"csrf_token", T::kText},
        {"created_at", T::kInt}, {"expires_at", T::kInt}}},
      {"login_throttle", "key",
       {{"key", T::kText}, {"failures", T::kInt}, {"window_start", T::kInt},
        {"locked_until", T::kInt}}},
      {"audit_log", "seq",
       {{"seq", T::kInt}, {"at", T::kInt}, {"actor", T::kText}, {"org_id", T::kInt},
        {"action", T::kText}, {"object_type", T::kText}, {"object_id", T::kText},
        {"detail", T::kText}, {"digest", T::kText}, {"prev_hash", T::kText}, {"hash", T::kText}}},
      {"catalogs", "id",
       {{"id", T::kInt}, {"name", T::kText}, {"kind", T::kText}, {"scope", T::kText},
        {"owner_org_id", T::kInt}, {"title", T::kText}, {"created_at", T::kInt}}},
      {"catalog_versions", "id",
       {{"id", T::kInt}, {"catalog_id", T::kInt}, {"seq", T::kInt}, {"version", T::kText},
        {"status", T::kText}, {"document", T::kText}, {"resolved", T::kText},
        {"digest", T::kText}, {"signature", T::kText}, {"key_id", T::kText},
        {"created_at", T::kInt}, {"created_by", T::kText}, {"published_at", T::kInt},
        {"published_by", T::kText}}},
      {"catalog_translations", "version_id, lang",
       {{"version_id", T::kInt}, {"lang", T::kText}, {"overlay", T::kText}}},
      {"requirement_index", "version_id, ordinal",
       {{"version_id", T::kInt}, {"ordinal", T::kInt}, {"control_id", T::kText},
        {"title", T::kText}, {"group_path", T::kText}, {"parent_control", T::kText},
        {"sectors", T::kText}, {"categories", T::kText}, {"min_security_level", T::kInt},
        {"machine_checks", T::kText}, {"search_text", T::kText}}},
      // Collections list in creation order: the adapters keep it (SQLite's rowid).
      {"taxii_collections", "",
       {{"id", T::kText}, {"title", T::kText}, {"description", T::kText},
        {"audience", T::kText}, {"audience_value", T::kText}}},
      {"stix_objects", "seq",
       {{"seq", T::kInt}, {"collection_id", T::kText}, {"object_id", T::kText},
        {"type", T::kText}, {"spec_version", T::kText}, {"version", T::kText},
        {"version_us", T::kInt}, {"date_added_us", T::kInt}, {"producer_org", T::kInt},
        {"tlp", T::kText}, {"recipients", T::kIdList}, {"revoked", T::kBool},
        {"valid_until_ms", T::kInt}, {"json", T::kText}}},
      {"taxii_status", "id",
       {{"id", T::kText}, {"collection_id", T::kText}, {"owner_org", T::kInt},
        {"status", T::kText}, {"request_us", T::kInt}, {"total", T::kInt},
        {"detail", T::kText}}},
      {"stix_sightings", "collection_id, sighting_id",
       {{"collection_id", T::kText}, {"sighting_id", T::kText}, {"version_us", T::kInt}, {"indicator_ref", T::kText},
        {"producer_org", T::kInt}, {"tlp", T::kText}, {"recipients", T::kIdList},
        {"count", T::kInt}, {"first_seen_ms", T::kInt}, {"last_seen_ms", T::kInt}}},
      {"jobs", "id",
       {{"id", T::kInt}, {"kind", T::kText}, {"dedupe_key", T::kText}, {"payload", T::kText},
        {"run_at", T::kInt}, {"attempts", T::kInt}, {"claimed_by", T::kText},
        {"lease_until", T::kInt}, {"done_at", T::kInt}, {"last_error", T::kText}}},
      // The CII registry.
      {"cii_objects", "id",
       {{"id", T::kInt}, {"owner_org_id", T::kInt}, {"name", T::kText}, {"sector", T::kText},
        {"kind", T::kText}, {"description", T::kText}, {"location", T::kText},
        {"responsible_person", T::kText}, {"category", T::kInt}, {"category_status", T::kText},
        {"created_at", T::kInt}, {"updated_at", T::kInt}}},
      {"cii_dependencies", "object_id, depends_on",
       {{"object_id", T::kInt}, {"depends_on", T::kInt}}},
      {"ot_zones", "object_id, name",
       {{"object_id", T::kInt}, {"ordinal", T::kInt}, {"name", T::kText}, {"target_sl", T::kInt},
        {"description", T::kText}}},
      {"ot_conduits", "object_id, name",
       {{"object_id", T::kInt}, {"ordinal", T::kInt}, {"name", T::kText}, {"from_zone", T::kText},
        {"to_zone", T::kText}, {"description", T::kText}}},
      {"categorisations", "id",
       {{"id", T::kInt}, {"object_id", T::kInt}, {"answers", T::kText},
        {"thresholds_seq", T::kInt}, {"computed", T::kInt}, {"status", T::kText},
        {"decided", T::kInt}, {"reason", T::kText}, {"submitted_by", T::kText},
        {"submitted_at", T::kInt}, {"decided_by", T::kText}, {"decided_at", T::kInt}}},
      {"regulator_settings", "key, seq",
       {{"key", T::kText}, {"seq", T::kInt}, {"value", T::kText}, {"set_by", T::kText},
        {"set_at", T::kInt}}},
      {"provider_declarations", "org_id",
       {{"org_id", T::kInt}, {"services", T::kText}, {"sectors", T::kText},
        {"description", T::kText}, {"contact", T::kText}, {"declared_at", T::kInt},
        {"updated_at", T::kInt}}},
      // Self-assessments. An assessment names the newer one that superseded it: the sink checks
      // that reference when it commits.
      {"assessments", "id",
       {{"id", T::kInt}, {"subject_kind", T::kText}, {"subject_id", T::kInt},
        {"owner_org_id", T::kInt}, {"sector", T::kText}, {"category", T::kInt},
        {"profile_catalog_id", T::kInt}, {"profile_seq", T::kInt}, {"special", T::kText},
        {"status", T::kText}, {"previous_id", T::kInt}, {"superseded_by", T::kInt},
        {"campaign_id", T::kInt}, {"due_at", T::kInt}, {"score", T::kReal},
        {"created_at", T::kInt}, {"created_by", T::kText}, {"updated_at", T::kInt},
        {"submitted_at", T::kInt}, {"decided_at", T::kInt}}},
      {"assessment_items", "assessment_id, catalog_id, control_id",
       {{"assessment_id", T::kInt}, {"catalog_id", T::kInt}, {"control_id", T::kText},
        {"ordinal", T::kInt}, {"title", T::kText}, {"group_path", T::kText},
        {"result", T::kText}, {"justification", T::kText}, {"comment", T::kText},
        {"flag", T::kText}, {"previous_result", T::kText}, {"updated_at", T::kInt},
        {"updated_by", T::kText}}},
      {"evidence", "id",
       {{"id", T::kInt}, {"assessment_id", T::kInt}, {"catalog_id", T::kInt},
        {"control_id", T::kText}, {"sha256", T::kText}, {"size", T::kInt},
        {"filename", T::kText}, {"description", T::kText}, {"effective_at", T::kInt},
        {"expires_at", T::kInt}, {"uploaded_by", T::kText}, {"uploaded_at", T::kInt}}},
      {"review_comments", "id",
       {{"id", T::kInt}, {"assessment_id", T::kInt}, {"catalog_id", T::kInt},
        {"control_id", T::kText}, {"body", T::kText}, {"author", T::kText},
        {"author_org_id", T::kInt}, {"at", T::kInt}}},
      {"remediation_actions", "id",
       {{"id", T::kInt}, {"assessment_id", T::kInt}, {"catalog_id", T::kInt},
        {"control_id", T::kText}, {"action", T::kText}, {"owner", T::kText},
        {"due_at", T::kInt}, {"status", T::kText}, {"created_at", T::kInt},
        {"updated_at", T::kInt}}},
      {"observations", "id",
       {{"id", T::kInt}, {"subject_kind", T::kText}, {"subject_id", T::kInt},
        {"owner_org_id", T::kInt}, {"control_id", T::kText}, {"source", T::kText},
        {"result", T::kText}, {"detail", T::kText}, {"observed_at", T::kInt},
        {"recorded_at", T::kInt}, {"recorded_by", T::kText}}},
      {"subject_scores", "subject_kind, subject_id",
       {{"subject_kind", T::kText}, {"subject_id", T::kInt}, {"org_id", T::kInt},
        {"sector", T::kText}, {"assessment_id", T::kInt}, {"score", T::kReal},
        {"at", T::kInt}}},
      {"posture_points", "id",
       {{"id", T::kInt}, {"scope", T::kText}, {"key", T::kText}, {"at", T::kInt},
        {"score", T::kReal}, {"subjects", T::kInt}}},
      // Training and awareness.
      {"training_courses", "id",
       {{"id", T::kInt}, {"org_id", T::kInt}, {"title", T::kText}, {"description", T::kText},
        {"recurrence_months", T::kInt}, {"created_at", T::kInt}}},
      {"training_staff", "id",
       {{"id", T::kInt}, {"org_id", T::kInt}, {"staff_ref", T::kText}, {"name", T::kText},
        {"email", T::kText}, {"active", T::kBool}}},
      {"training_audiences", "id",
       {{"id", T::kInt}, {"org_id", T::kInt}, {"name", T::kText}, {"description", T::kText}}},
      {"training_audience_members", "audience_id, staff_id",
       {{"audience_id", T::kInt}, {"staff_id", T::kInt}}},
      {"training_completions", "id",
       {{"id", T::kInt}, {"org_id", T::kInt}, {"staff_id", T::kInt}, {"course_id", T::kInt},
        {"completed_on", T::kInt}, {"source", T::kText}, {"recorded_by", T::kText},
        {"recorded_at", T::kInt}}},
      {"training_rules", "id",
       {{"id", T::kInt}, {"org_id", T::kInt}, {"requirement_id", T::kText},
        {"course_id", T::kInt}, {"audience_id", T::kInt}, {"min_percent", T::kInt},
        {"window_months", T::kInt}}},
      // Incident reports.
      {"incidents", "id",
       {{"id", T::kInt}, {"org_id", T::kInt}, {"sector", T::kText}, {"regime", T::kText},
        {"title", T::kText}, {"description", T::kText}, {"detection_source", T::kText},
        {"aware_at", T::kInt}, {"classified_at", T::kInt}, {"malicious", T::kBool},
        {"cross_border", T::kBool}, {"affected_services", T::kText},
        {"impact_confidentiality", T::kText}, {"impact_integrity", T::kText},
        {"impact_availability", T::kText}, {"severity", T::kText}, {"tlp", T::kText},
        {"status", T::kText}, {"assignee", T::kText}, {"created_at", T::kInt},
        {"created_by", T::kText}, {"next_due_at", T::kInt}}},
      {"incident_objects", "incident_id, ordinal",
       {{"incident_id", T::kInt}, {"ordinal", T::kInt}, {"object_id", T::kInt}}},
      {"incident_indicators", "incident_id, ordinal",
       {{"incident_id", T::kInt}, {"ordinal", T::kInt}, {"type", T::kText}, {"value", T::kText}}},
      {"incident_stage_submissions", "incident_id, stage_key",
       {{"incident_id", T::kInt}, {"stage_key", T::kText}, {"submitted_at", T::kInt},
        {"submitted_by", T::kText}, {"fields", T::kText}}},
      {"incident_stage_requests", "incident_id, stage_key",
       {{"incident_id", T::kInt}, {"stage_key", T::kText}, {"requested_at", T::kInt},
        {"requested_by", T::kText}}},
      {"incident_timeline", "id",
       {{"id", T::kInt}, {"incident_id", T::kInt}, {"at", T::kInt}, {"actor", T::kText},
        {"org_id", T::kInt}, {"kind", T::kText}, {"text", T::kText}, {"detail", T::kText}}},
      {"incident_rfis", "id",
       {{"id", T::kInt}, {"incident_id", T::kInt}, {"question", T::kText}, {"asked_by", T::kText},
        {"asked_at", T::kInt}, {"answer", T::kText}, {"answered_by", T::kText},
        {"answered_at", T::kInt}}},
      {"incident_deliveries", "id",
       {{"id", T::kInt}, {"incident_id", T::kInt}, {"stage", T::kText}, {"event", T::kText},
        {"channel", T::kText}, {"attempts", T::kInt}, {"delivered_at", T::kInt},
        {"last_error", T::kText}}},
      {"incident_attachments", "id",
       {{"id", T::kInt}, {"incident_id", T::kInt}, {"sha256", T::kText}, {"filename", T::kText},
        {"media_type", T::kText}, {"size", T::kInt}, {"stage_key", T::kText},
        {"uploaded_by", T::kText}, {"uploaded_at", T::kInt}}},
      // Campaigns.
      {"campaigns", "id",
       {{"id", T::kInt}, {"name", T::kText}, {"description", T::kText},
        {"profile_catalog_id", T::kInt}, {"profile_seq", T::kInt}, {"due_at", T::kInt},
        {"sector", T::kText}, {"category", T::kInt}, {"created_by", T::kText},
        {"created_at", T::kInt}}},
      {"campaign_subjects", "id",
       {{"id", T::kInt}, {"campaign_id", T::kInt}, {"subject_kind", T::kText},
        {"subject_id", T::kInt}, {"owner_org_id", T::kInt}, {"assessment_id", T::kInt},
        {"linked", T::kBool}, {"note", T::kText}}},
      {"agent_enrolments", "id",
       {{"id", T::kInt}, {"token_sha256", T::kText}, {"object_id", T::kInt}, {"org_id", T::kInt},
        {"created_by", T::kText}, {"created_at", T::kInt}, {"expires_at", T::kInt},
        {"used_at", T::kInt}, {"agent_id", T::kInt}}},
      {"agents", "id",
       {{"id", T::kInt}, {"object_id", T::kInt}, {"org_id", T::kInt}, {"public_key", T::kText},
        {"credential_sha256", T::kText}, {"hostname", T::kText}, {"machine_id", T::kText},
        {"enrolled_at", T::kInt}, {"last_sequence", T::kInt}, {"last_seen_at", T::kInt}, {"revoked", T::kBool},
        {"offline", T::kBool}}},
      {"agent_policies", "id",
       {{"id", T::kInt}, {"name", T::kText}, {"kind", T::kText}, {"profile", T::kText},
        {"document", T::kText}, {"signature", T::kText}, {"key_id", T::kText}, {"sector", T::kText},
        {"object_id", T::kInt}, {"version", T::kInt}, {"published_by", T::kText},
        {"published_at", T::kInt}, {"sha256", T::kText}}},
      {"agent_results", "id",
       {{"id", T::kInt}, {"agent_id", T::kInt}, {"object_id", T::kInt}, {"org_id", T::kInt},
        {"sequence", T::kInt}, {"nonce", T::kText}, {"results_sha256", T::kText},
        {"bundle_sha256", T::kText}, {"via", T::kText}, {"policy_ref", T::kText},
        {"received_at", T::kInt}, {"rules", T::kInt}, {"observations_added", T::kInt}}},
  };
  return kTables;
}

// Reads the tables of a store. Not thread-safe.
class BulkSource {
 public:
  virtual ~BulkSource() = default;
  // Calls batch with the table's rows in order, a few thousand at a time.
  virtual Status ReadTable(const TableSpec& table,
                           const std::function<Status(const std::vector<Row>&)>& batch) = 0;
  virtual Result<std::int64_t> Count(const TableSpec& table) = 0;
};

// Writes the tables of a store, all in one transaction: Commit() makes them visible; destroying
// the sink without committing leaves the target as it was.
class BulkSink {
 public:
  virtual ~BulkSink() = default;
  virtual Status WriteRows(const TableSpec& table, const std::vector<Row>& rows) = 0;
  // Rows in the table as this transaction sees it.
  virtual Result<std::int64_t> Count(const TableSpec& table) = 0;
  // Moves every id sequence and the chain heads past the copied rows, checks the references
  // left to the end, then commits.
  virtual Status Commit() = 0;
};

}  // namespace qx::store
