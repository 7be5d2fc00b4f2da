// Server configuration: defaults, then a TOML file, then QALXAN_* environment variables, then
// command-line flags — each later source overriding the earlier.
#pragma once

#include <cstdint>
#include <string>

#include "qx/core/result.h"

namespace qx::app {

struct Config {
  std::string data_dir = "var";
  // Empty: the SQLite file <data_dir>/qalxan.db. "postgresql://..." selects PostgreSQL (several
  // replicas may share it); "sqlite:PATH" names another SQLite file.
  std::string database;
  int database_pool = 0;  // connections per process; 0: 4 + threads
  std::string listen = "127.0.0.1:8080";  // ADDRESS:PORT; port 0 picks a free one
  std::string web_root = "web/dist";
  std::string catalogs_dir = "catalogs";  // requirement content seeded at first start
  int threads = 0;                         // 0: one per core
  std::int64_t body_limit = 16 << 20;      // bytes (catalogs are imported through the API)
  int read_timeout_seconds = 30;
  std::string tls_cert;
  std::string tls_key;
  int session_ttl_hours = 12;
  std::int64_t evidence_limit = 10 << 20;  // bytes of one evidence or incident attachment upload
  // Where uploaded evidence files live; empty: <data_dir>/evidence. Replicas share one directory.
  std::string evidence_dir;
  // How often orphaned bytes of uploads (evidence, incident attachments) are swept while serving;
  // 0: only at start-up.
  int file_sweep_seconds = 3600;
  int taxii_max_page = 1000;  // the most objects one TAXII page returns (limit is capped to it)
  std::string log_level = "info";
  std::string password_cost = "interactive";  // or "minimal" (tests only)
  std::string bootstrap_password;             // seeded admins' password; generated when empty
  // Incident notifications: the scheduler's tick (0: no scheduler in this process), where
  // notifications go (a webhook signed with the secret; e-mail over SMTP to the CERT), the first
  // retry delay (doubling per attempt), and the share of a stage's window that is "due soon".
  int incident_tick_ms = 30000;
  std::string incident_webhook_url;
  std::string incident_webhook_secret;
  std::string incident_smtp_url;  // smtp://host:port or smtps://...
  std::string incident_mail_from;
  std::string incident_cert_mail_to;
  int incident_retry_seconds = 60;
  double incident_due_soon_share = 0.25;
};

// The directory of uploaded evidence files: evidence_dir, or <data_dir>/evidence.
std::string EvidenceDirOf(const Config& config);
// The directory of files attached to incidents: <evidence dir>/incidents.
std::string IncidentFilesDirOf(const Config& config);

// Reads the TOML file (when path is not empty) and the environment into config.
Status LoadConfig(const std::string& path, Config& config);

// Splits "127.0.0.1:8080" (or "[::1]:8080").
Result<std::pair<std::string, std::uint16_t>> SplitListen(const std::string& listen);

// The help text listing every option of the file and environment.
std::string ConfigHelp();

}  // namespace qx::app
