#include "config.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <toml++/toml.h>

namespace qx::app {
namespace {

// One row per option: TOML key, environment variable, and how to set it.
struct Option {
  const char* key;
  const char* env;
  const char* help;
  std::function<Status(Config&, std::string_view)> set;
};

Result<std::int64_t> ToInt(std::string_view key, std::string_view v, std::int64_t lo,
                           std::int64_t hi) {
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || out < lo || out > hi) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{} must be an integer from {} to {}", key, lo, hi));
  }
  return out;
}

template <typename Field>
std::function<Status(Config&, std::string_view)> IntField(const char* key, Field field,
                                                          std::int64_t lo, std::int64_t hi) {
  return [=](Config& c, std::string_view v) -> Status {
    QX_ASSIGN_OR_RETURN(auto n, ToInt(key, v, lo, hi));
    c.*field = static_cast<std::remove_reference_t<decltype(c.*field)>>(n);
    return Ok();
  };
}

std::function<Status(Config&, std::string_view)> StringField(std::string Config::*field) {
  return [=](Config& c, std::string_view v) -> Status {
    c.*field = std::string(v);
    return Ok();
  };
}

}  // namespace

std::string EvidenceDirOf(const Config& config) {
  if (!config.evidence_dir.empty()) return config.evidence_dir;
  return (std::filesystem::path(config.data_dir) / "evidence").string();
}

std::string IncidentFilesDirOf(const Config& config) {
  return (std::filesystem::path(EvidenceDirOf(config)) / "incidents").string();
}

namespace {

const std::vector<Option>& Options() {
  static const std::vector<Option> kOptions = {
      {"data", "QALXAN_DATA", "data directory (database, keys, evidence)",
       StringField(&Config::data_dir)},
      {"database", "QALXAN_DATABASE",
       "postgresql://USER@HOST/DB for PostgreSQL (replicas), or sqlite:PATH; default: the SQLite"
       " file in the data directory",
       [](Config& c, std::string_view v) -> Status {
         if (!v.empty() && v.rfind("postgresql://", 0) != 0 && v.rfind("postgres://", 0) != 0 &&
             v.rfind("sqlite:", 0) != 0) {
           return MakeError(ErrorCode::kInvalidArgument,
                            "database must be postgresql://... or sqlite:PATH");
         }
         c.database = std::string(v);
         return Ok();
       }},
      {"database_pool", "QALXAN_DATABASE_POOL",
       "database connections per process (0: 4 + threads)",
       IntField("database_pool", &Config::database_pool, 0, 1000)},
      {"listen", "QALXAN_LISTEN", "ADDRESS:PORT to serve on", StringField(&Config::listen)},
      {"web", "QALXAN_WEB", "directory of the built dashboard", StringField(&Config::web_root)},
      {"catalogs", "QALXAN_CATALOGS", "requirement catalogs and profiles seeded at first start",
       StringField(&Config::catalogs_dir)},
      {"threads", "QALXAN_THREADS", "server threads (0: one per core)",
       IntField("threads", &Config::threads, 0, 256)},
      {"body_limit", "QALXAN_BODY_LIMIT", "largest request body in bytes (413 beyond; default 16 MiB)",
       IntField("body_limit", &Config::body_limit, 1024, std::int64_t{1} << 32)},
      {"read_timeout", "QALXAN_READ_TIMEOUT", "seconds a client may take to send a request",
       IntField("read_timeout", &Config::read_timeout_seconds, 1, 3600)},
      {"tls_cert", "QALXAN_TLS_CERT", "PEM certificate chain; with tls_key turns on HTTPS",
       StringField(&Config::tls_cert)},
      {"tls_key", "QALXAN_TLS_KEY", "PEM private key", StringField(&Config::tls_key)},
      {"session_ttl_hours", "QALXAN_SESSION_TTL_HOURS", "lifetime of a login session",
       IntField("session_ttl_hours", &Config::session_ttl_hours, 1, 24 * 30)},
      {"evidence_limit", "QALXAN_EVIDENCE_LIMIT",
       "largest evidence file or incident attachment in bytes (413 beyond; default 10 MiB;"
       " body_limit must allow it)",
       IntField("evidence_limit", &Config::evidence_limit, 1, std::int64_t{1} << 32)},
      {"evidence_dir", "QALXAN_EVIDENCE_DIR",
       "directory of uploaded evidence files (default: DATA/evidence; incident attachments in"
       " its incidents/); replicas share one",
       StringField(&Config::evidence_dir)},
      {"file_sweep_seconds", "QALXAN_FILE_SWEEP_SECONDS",
       "how often uploaded bytes no row names are removed while serving, when older than the guard"
       " (default 3600; 0: only at start-up)",
       IntField("file_sweep_seconds", &Config::file_sweep_seconds, 0, 7 * 86400)},
      {"taxii_max_page", "QALXAN_TAXII_MAX_PAGE", "the most objects one TAXII page returns",
       IntField("taxii_max_page", &Config::taxii_max_page, 1, 100000)},
      {"log_level", "QALXAN_LOG_LEVEL", "trace, debug, info, warn or error",
       StringField(&Config::log_level)},
      {"password_cost", "QALXAN_PASSWORD_COST",
       "argon2id cost: interactive (default) or minimal (tests only)",
       [](Config& c, std::string_view v) -> Status {
         if (v != "interactive" && v != "minimal") {
           return MakeError(ErrorCode::kInvalidArgument,
                            "password_cost must be interactive or minimal");
         }
         c.password_cost = std::string(v);
         return Ok();
       }},
      {"bootstrap_password", "QALXAN_BOOTSTRAP_PASSWORD",
       "password of the admins seeded at first start (generated when unset)",
       StringField(&Config::bootstrap_password)},
      {"incident_tick_ms", "QALXAN_INCIDENT_TICK_MS",
       "how often the incident scheduler looks for due-soon and overdue stages (0: not here)",
       IntField("incident_tick_ms", &Config::incident_tick_ms, 0, 86'400'000)},
      {"incident_webhook_url", "QALXAN_INCIDENT_WEBHOOK_URL",
       "http(s) URL that receives incident notifications as signed JSON POSTs",
       StringField(&Config::incident_webhook_url)},
      {"incident_webhook_secret", "QALXAN_INCIDENT_WEBHOOK_SECRET",
       "HMAC-SHA256 key of the X-Qalxan-Signature header", StringField(&Config::incident_webhook_secret)},
      {"incident_smtp_url", "QALXAN_INCIDENT_SMTP_URL",
       "smtp://HOST:PORT (or smtps://) for incident e-mail; unset: no e-mail",
       StringField(&Config::incident_smtp_url)},
      {"incident_mail_from", "QALXAN_INCIDENT_MAIL_FROM", "sender address of incident e-mail",
       StringField(&Config::incident_mail_from)},
      {"incident_cert_mail_to", "QALXAN_INCIDENT_CERT_MAIL_TO", "the CERT's address for incident e-mail",
       StringField(&Config::incident_cert_mail_to)},
      {"incident_retry_seconds", "QALXAN_INCIDENT_RETRY_SECONDS",
       "first retry delay of a failed notification (doubles per attempt)",
       IntField("incident_retry_seconds", &Config::incident_retry_seconds, 1, 86400)},
      {"incident_due_soon_share", "QALXAN_INCIDENT_DUE_SOON_SHARE",
       "share of a stage's window left when it becomes due soon (0 < share < 1; default 0.25)",
       [](Config& c, std::string_view v) -> Status {
         double share = 0;
         auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), share);
         if (ec != std::errc() || end != v.data() + v.size() || !(share > 0 && share < 1)) {
           return MakeError(ErrorCode::kInvalidArgument, "incident_due_soon_share must be a number between 0 and 1");
         }
         c.incident_due_soon_share = share;
         return Ok();
       }},
  };
  return kOptions;
}

}  // namespace

Status LoadConfig(const std::string& path, Config& config) {
  if (!path.empty()) {
    toml::table table;
    try {
      table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("{}: {} (line {})", path, e.description(),
                                   e.source().begin.line));
    }
    for (auto&& [key, node] : table) {
      const auto it = std::find_if(Options().begin(), Options().end(),
                                   [&](const Option& o) { return key.str() == o.key; });
      if (it == Options().end()) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("{}: unknown option '{}'", path, key.str()));
      }
      std::string value;
      if (auto s = node.value<std::string>()) {
        value = *s;
      } else if (auto i = node.value_exact<std::int64_t>()) {
        value = std::to_string(*i);
      } else if (auto d = node.value<double>()) {
        value = fmt::format("{}", *d);
      } else {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("{}: '{}' must be a string or an integer", path, key.str()));
      }
      QX_RETURN_IF_ERROR(it->set(config, value));
    }
  }
  for (const Option& o : Options()) {
    if (const char* v = std::getenv(o.env)) {
      auto status = o.set(config, v);
      if (!status) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("{}: {}", o.env, status.error().message));
      }
    }
  }
  return Ok();
}

Result<std::pair<std::string, std::uint16_t>> SplitListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return MakeError(ErrorCode::kInvalidArgument, "listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080");
  }
  std::string address = listen.substr(0, colon);
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  QX_ASSIGN_OR_RETURN(auto port, ToInt("listen port", listen.substr(colon + 1), 0, 65535));
  return std::make_pair(address, static_cast<std::uint16_t>(port));
}

std::string ConfigHelp() {
  std::string out = "Configuration (TOML file key / environment variable):\n";
  for (const Option& o : Options()) out += fmt::format("  {:<20} {:<28} {}\n", o.key, o.env, o.help);
  return out;
}

}  // namespace qx::app
