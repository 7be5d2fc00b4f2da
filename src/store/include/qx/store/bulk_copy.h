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
      {"stix_sightings", "sighting_id",
       {{"sighting_id", T::kText}, {"version_us", T::kInt}, {"indicator_ref", T::kText},
        {"producer_org", T::kInt}, {"tlp", T::kText}, {"recipients", T::kIdList},
        {"count", T::kInt}, {"first_seen_ms", T::kInt}, {"last_seen_ms", T::kInt}}},
      {"jobs", "id",
       {{"id", T::kInt}, {"kind", T::kText}, {"dedupe_key", T::kText}, {"payload", T::kText},
        {"run_at", T::kInt}, {"attempts", T::kInt}, {"claimed_by", T::kText},
        {"lease_until", T::kInt}, {"done_at", T::kInt}, {"last_error", T::kText}}},
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
  // Moves id sequences and the chain heads past the copied rows, then commits.
  virtual Status Commit() = 0;
};

}  // namespace qx::store
