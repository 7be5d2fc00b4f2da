#include "server_app.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <fmt/ranges.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "catalog_files.h"
#include "file_sweeper.h"
#include "installation.h"
#include "observed_database.h"
#include "serve_lock.h"
#include "qx/api/api.h"
#include "qx/http/server.h"
#include "qx/http/static_files.h"
#include "qx/crypto/secrets.h"
#include "qx/incident/notifier.h"
#include "qx/taxii/protocol.h"

namespace qx::app {

struct ServerApp::Parts {
  // First, so that it goes last: nothing of this server touches the directory once it is released.
  std::vector<std::unique_ptr<DirectoryLock>> locks;
  std::unique_ptr<store::Database> raw_db;
  http::Metrics metrics;
  std::unique_ptr<ObservedDatabase> db;
  SystemClock clock;
  std::unique_ptr<identity::AuthService> auth;
  std::unique_ptr<identity::DirectoryService> directory;
  std::unique_ptr<audit_trail::AuditTrail> audit;
  std::optional<crypto::SigningKey> publication_key;
  std::unique_ptr<requirements::RequirementsService> requirements;
  std::unique_ptr<intel::IntelService> intel;
  std::unique_ptr<training::TrainingService> training;
  std::unique_ptr<registry::RegistryService> registry;
  std::unique_ptr<assessment::FileBlobStore> evidence;
  std::unique_ptr<assessment::AssessmentService> assessments;
  std::unique_ptr<assessment::FileBlobStore> incident_files;
  std::unique_ptr<incident::IncidentService> incidents;
  std::unique_ptr<incident::NotificationSender> incident_sender;
  std::unique_ptr<incident::IncidentNotifier> incident_notifier;  // stops before what it uses
  std::unique_ptr<FileSweeper> file_sweeper;                      // likewise
  std::unique_ptr<campaign::CampaignService> campaigns;
  std::unique_ptr<agent_server::AgentService> agents;
  std::unique_ptr<api::ApiContext> api;
  http::Router router;
  std::vector<identity::SeededAdmin> seeded;
  std::vector<SeededCatalog> seeded_catalogs;
  std::unique_ptr<http::Server> server;
};

namespace {

// How young bytes no row names must be left alone (StoredFiles). With SQLite this process alone
// writes the data directory (the lock of serve_lock.h refuses a second server on it), so nothing
// found unnamed is in flight elsewhere; with PostgreSQL
// replicas may share the evidence directory, and another may be about to name what looks orphaned.
std::chrono::seconds OrphanGuard(const store::Database& db) {
  return db.backend() == "sqlite" ? std::chrono::seconds(0) : assessment::kSharedDirectoryGuard;
}

// A new demo installation: the demo operator's first CII objects, so that the dashboard has
// something to show and assess.
Status SeedDemoRegistry(registry::RegistryService& registry, store::Database& db) {
  QX_ASSIGN_OR_RETURN(auto orgs, store::Transact(db, store::TxMode::kRead, [](store::Tx& tx) {
                        return tx.orgs().List({0, 100});
                      }));
  const auto op = std::find_if(orgs.items.begin(), orgs.items.end(), [](const domain::Organisation& o) {
    return o.kind == domain::OrgKind::kOperator;
  });
  if (op == orgs.items.end()) return Ok();
  const identity::Actor system = identity::Actor::System("system:seed");
  domain::CiiObject erp;
  erp.owner_org = op->id;
  erp.name = "Corporate ERP";
  erp.description = "Finance, procurement and maintenance planning";
  erp.location = "Baku head office";
  erp.responsible_person = "Head of IT";
  QX_ASSIGN_OR_RETURN(erp, registry.CreateObject(system, erp));
  domain::CiiObject dcs;
  dcs.owner_org = op->id;
  dcs.name = "Terminal DCS";
  dcs.kind = domain::ObjectKind::kOt;
  dcs.description = "Distributed control system of the crude oil terminal";
  dcs.location = "Sangachal";
  dcs.responsible_person = "OT security lead";
  dcs.depends_on = {erp.id};
  QX_ASSIGN_OR_RETURN(dcs, registry.CreateObject(system, dcs));
  QX_RETURN_IF_ERROR(registry.SetOtArchitecture(
      system, dcs.id,
      {{{"control", 3, "controllers and operator stations"}, {"dmz", 2, "historian and patch server"}},
       {{"historian link", "control", "dmz", "one-way replication"}}}));
  domain::Answers answers{};
  answers[static_cast<size_t>(domain::Criterion::kPeople)] = 8000;
  answers[static_cast<size_t>(domain::Criterion::kEconomy)] = 60000;
  answers[static_cast<size_t>(domain::Criterion::kEnvironment)] = 300;
  return registry.Categorise(system, dcs.id, answers).map([](auto&&) {});
}

std::shared_ptr<spdlog::logger> AccessLog() {
  if (auto existing = spdlog::get("access")) return existing;
  auto log = spdlog::stdout_logger_mt("access");
  log->set_pattern("%v");
  spdlog::flush_every(std::chrono::seconds(1));
  return log;
}

// /taxii2 itself or anything under it (a request target may carry a query).
bool IsTaxiiPath(std::string_view target) {
  constexpr std::string_view kRoot = "/taxii2";
  return target.substr(0, kRoot.size()) == kRoot &&
         (target.size() == kRoot.size() || target[kRoot.size()] == '/' || target[kRoot.size()] == '?');
}

// Errors the router or the transport answers: in TAXII's shape under /taxii2, else the API's.
http::Response RenderError(std::string_view target, int status, std::string_view code, std::string_view message) {
  return IsTaxiiPath(target) ? taxii::ErrorResponse(status, code, message) : http::ErrorResponse(status, code, message);
}

}  // namespace

// Incident reporting, and its notifier when a channel is configured and this process ticks.
Status ServerApp::StartIncidents(const Config& config, Parts& p) {
  incident::SenderOptions sender;
  sender.webhook_url = config.incident_webhook_url;
  sender.webhook_secret = config.incident_webhook_secret;
  sender.smtp_url = config.incident_smtp_url;
  sender.mail_from = config.incident_mail_from;
  sender.cert_mail_to = config.incident_cert_mail_to;
  incident::IncidentOptions options;
  options.due_soon_share = config.incident_due_soon_share;
  options.channels = incident::ChannelsOf(sender);
  if (!sender.webhook_url.empty() && sender.webhook_secret.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "incident_webhook_url needs incident_webhook_secret");
  }
  options.attachment_limit = config.evidence_limit;
  options.orphan_guard = OrphanGuard(*p.raw_db);
  // Attached files sit beside the evidence in their own blob store, so that each sweep only
  // weighs the rows of its own table.
  QX_ASSIGN_OR_RETURN(p.incident_files, assessment::FileBlobStore::Open(IncidentFilesDirOf(config)));
  p.incidents = std::make_unique<incident::IncidentService>(*p.db, p.clock, *p.intel, options,
                                                            p.incident_files.get());
  // What a crash or a failed upload left behind (see OrphanGuard).
  QX_ASSIGN_OR_RETURN(auto swept, p.incidents->SweepAttachments());
  LogSweep("incident attachment", swept);
  if (options.channels.empty() || config.incident_tick_ms == 0) return Ok();
  p.incident_sender = incident::MakeCurlSender(sender);
  incident::NotifierOptions notifier;
  notifier.tick = std::chrono::milliseconds(config.incident_tick_ms);
  notifier.retry = std::chrono::seconds(config.incident_retry_seconds);
  notifier.worker_id = fmt::format("qalxan-{}-{}", ::getpid(), crypto::RandomUuid());
  p.incident_notifier = std::make_unique<incident::IncidentNotifier>(*p.db, p.clock, *p.incidents,
                                                                     *p.incident_sender, notifier);
  p.incident_notifier->Start();
  spdlog::info("incident notifications: {} every {} ms", fmt::join(options.channels, " and "),
               config.incident_tick_ms);
  return Ok();
}

Result<std::unique_ptr<ServerApp>> ServerApp::Create(const Config& config) {
  auto p = std::make_unique<Parts>();
  // Before anything is opened, migrated, seeded or swept (SQLite only: see serve_lock.h).
  QX_ASSIGN_OR_RETURN(p->locks, LockForServing(config));
  QX_ASSIGN_OR_RETURN(p->raw_db, OpenInstallation(config));
  p->db = std::make_unique<ObservedDatabase>(*p->raw_db, p->metrics);

  identity::AuthOptions auth_options;
  auth_options.session_ttl = std::chrono::hours(config.session_ttl_hours);
  auth_options.password_cost = PasswordCostOf(config);
  QX_ASSIGN_OR_RETURN(p->auth, identity::AuthService::Create(*p->db, p->clock, auth_options));
  p->directory =
      std::make_unique<identity::DirectoryService>(*p->db, p->clock, PasswordCostOf(config));
  p->audit = std::make_unique<audit_trail::AuditTrail>(*p->db);
  QX_ASSIGN_OR_RETURN(p->seeded,
                      identity::SeedIfEmpty(*p->db, *p->directory, config.bootstrap_password));
  QX_ASSIGN_OR_RETURN(p->publication_key, LoadPublicationKey(config));
  p->requirements = std::make_unique<requirements::RequirementsService>(*p->db, p->clock,
                                                                         *p->publication_key);
  QX_ASSIGN_OR_RETURN(p->seeded_catalogs, SeedCatalogs(*p->requirements, *p->db, config.catalogs_dir));
  intel::IntelOptions intel_options;
  intel_options.max_page = config.taxii_max_page;
  p->intel = std::make_unique<intel::IntelService>(*p->db, p->clock, intel_options);
  QX_RETURN_IF_ERROR(p->intel->SeedCollections());
  p->training = std::make_unique<training::TrainingService>(*p->db, p->clock);
  p->registry = std::make_unique<registry::RegistryService>(*p->db, p->clock);
  QX_ASSIGN_OR_RETURN(p->evidence, assessment::FileBlobStore::Open(
                                       EvidenceDirOf(config)));
  assessment::AssessmentOptions assessment_options;
  assessment_options.evidence_limit = config.evidence_limit;
  assessment_options.orphan_guard = OrphanGuard(*p->raw_db);
  p->assessments = std::make_unique<assessment::AssessmentService>(
      *p->db, p->clock, *p->requirements, *p->evidence, assessment_options);
  p->campaigns = std::make_unique<campaign::CampaignService>(*p->db, p->clock, *p->requirements,
                                                             *p->assessments);
  // Agents' policies are signed with the key that signs published requirements (the regulator's).
  p->agents = std::make_unique<agent_server::AgentService>(*p->db, p->clock, *p->publication_key);
  // Training rules are automated evidence for the requirements they name.
  p->assessments->AddObservationSource([training = p->training.get()](store::Tx& tx, const domain::Assessment& a) {
    return training->ObservationsFor(tx, a);
  });
  // Partial uploads and blobs no row names are what a crash mid-upload or a failed upload leaves
  // (older than the guard: see OrphanGuard).
  QX_ASSIGN_OR_RETURN(auto swept, p->assessments->SweepEvidence());
  if (!p->seeded.empty() && !p->seeded_catalogs.empty()) QX_RETURN_IF_ERROR(SeedDemoRegistry(*p->registry, *p->db));
  LogSweep("evidence", swept);

  QX_RETURN_IF_ERROR(StartIncidents(config, *p));
  // What the start-up sweeps would find later: a long-running server (on PostgreSQL, bytes young
  // when their upload failed or their row went) does not wait for a restart to lose them.
  if (config.file_sweep_seconds > 0) {
    std::vector<FileSweeper::Store> stores = {
        {"evidence",
         [a = p->assessments.get()](const std::function<bool()>& stop) { return a->SweepEvidence(stop); }},
        {"incident attachment",
         [i = p->incidents.get()](const std::function<bool()>& stop) { return i->SweepAttachments(stop); }}};
    p->file_sweeper =
        std::make_unique<FileSweeper>(std::move(stores), std::chrono::seconds(config.file_sweep_seconds));
    p->file_sweeper->Start();
  }

  p->api = std::make_unique<api::ApiContext>(
      api::ApiContext{*p->db, *p->auth, *p->directory, *p->audit, *p->requirements, *p->intel,
                      *p->training, *p->registry, *p->assessments, *p->incidents,
                      *p->campaigns, *p->agents, &p->metrics, config.body_limit, config.taxii_max_page});
  api::RegisterRoutes(p->router, *p->api);
  // Under /taxii2 every answer is TAXII's (TAXII 2.1 3.1: its media type on every response), the
  // router's 404 and 405 too; the dashboard's index.html never answers there.
  p->router.SetErrorRenderer(&RenderError);
  if (auto web = http::StaticFiles::Load(config.web_root)) {
    p->router.SetFallback([files = std::shared_ptr(std::move(*web))](http::Request& req) {
      if (IsTaxiiPath(req.path)) return RenderError(req.path, 404, "not_found", "no such resource");
      return files->Serve(req);
    });
  } else {
    spdlog::warn("no dashboard: {} (build it with `make web`)", web.error().message);
  }

  QX_ASSIGN_OR_RETURN(auto listen, SplitListen(config.listen));
  http::ServerOptions options;
  options.address = listen.first;
  options.port = listen.second;
  options.threads = config.threads;
  options.body_limit = static_cast<std::size_t>(config.body_limit);
  options.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
  options.tls_cert_file = config.tls_cert;
  options.tls_key_file = config.tls_key;
  options.access_log = AccessLog();
  options.metrics = &p->metrics;
  options.render_error = &RenderError;
  http::Router& router = p->router;
  QX_ASSIGN_OR_RETURN(p->server, http::Server::Create(options, [&router](http::Request& req) {
                        return router.Dispatch(req);
                      }));
  return std::unique_ptr<ServerApp>(new ServerApp(std::move(p)));
}

ServerApp::ServerApp(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
ServerApp::~ServerApp() = default;
std::uint16_t ServerApp::port() const { return parts_->server->port(); }
bool ServerApp::tls() const { return parts_->server->tls(); }
const std::vector<identity::SeededAdmin>& ServerApp::seeded() const { return parts_->seeded; }
const std::vector<SeededCatalog>& ServerApp::seeded_catalogs() const {
  return parts_->seeded_catalogs;
}
void ServerApp::Run(bool handle_signals) { parts_->server->Run(handle_signals); }
void ServerApp::Stop() {
  if (parts_->file_sweeper) parts_->file_sweeper->Stop();
  if (parts_->incident_notifier) parts_->incident_notifier->Stop();
  parts_->server->Stop();
}

}  // namespace qx::app
