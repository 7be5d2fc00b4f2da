#include "serve_command.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "installation.h"
#include "observed_database.h"
#include "qx/api/api.h"
#include "qx/http/server.h"
#include "qx/http/static_files.h"
#include "qx/identity/seed.h"

namespace qx::app {
namespace {

int Fail(const Error& e) {
  spdlog::error("{}", e.message);
  return 1;
}

void PrintSeededAdmins(const std::vector<identity::SeededAdmin>& admins, bool from_env) {
  if (admins.empty()) return;
  std::printf("First start: seeded organisations and their admins%s\n",
              from_env ? " (password from QALXAN_BOOTSTRAP_PASSWORD)" : " (passwords shown once)");
  for (const auto& a : admins) {
    std::printf("  %-42s user %-16s password %s\n", a.organisation.c_str(), a.username.c_str(),
                from_env ? "(bootstrap)" : a.password.c_str());
  }
}

}  // namespace

int Serve(const Config& config) {
  auto access_log = spdlog::stdout_logger_mt("access");
  access_log->set_pattern("%v");
  spdlog::flush_every(std::chrono::seconds(1));

  auto opened = OpenInstallation(config);
  if (!opened) return Fail(opened.error());
  http::Metrics metrics;
  ObservedDatabase db(**opened, metrics);
  SystemClock clock;

  identity::AuthOptions auth_options;
  auth_options.session_ttl = std::chrono::hours(config.session_ttl_hours);
  auth_options.password_cost = PasswordCostOf(config);
  auto auth = identity::AuthService::Create(db, clock, auth_options);
  if (!auth) return Fail(auth.error());
  identity::DirectoryService directory(db, clock, PasswordCostOf(config));
  audit_trail::AuditTrail audit(db);

  auto seeded = identity::SeedIfEmpty(db, directory, config.bootstrap_password);
  if (!seeded) return Fail(seeded.error());

  http::Router router;
  api::ApiContext ctx{db, **auth, directory, audit, &metrics};
  api::RegisterRoutes(router, ctx);
  auto web = http::StaticFiles::Load(config.web_root);
  if (web) {
    router.SetFallback([files = std::shared_ptr(std::move(*web))](http::Request& req) {
      return files->Serve(req);
    });
  } else {
    spdlog::warn("no dashboard: {} (build it with `make web`)", web.error().message);
  }

  auto listen = SplitListen(config.listen);
  if (!listen) return Fail(listen.error());
  http::ServerOptions options;
  options.address = listen->first;
  options.port = listen->second;
  options.threads = config.threads;
  options.body_limit = static_cast<std::size_t>(config.body_limit);
  options.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
  options.tls_cert_file = config.tls_cert;
  options.tls_key_file = config.tls_key;
  options.access_log = access_log;
  options.metrics = &metrics;
  auto server = http::Server::Create(options, [&router](http::Request& req) {
    return router.Dispatch(req);
  });
  if (!server) return Fail(server.error());

  PrintSeededAdmins(*seeded, !config.bootstrap_password.empty());
  const std::string host = listen->first.find(':') != std::string::npos
                               ? "[" + listen->first + "]" : listen->first;
  std::printf("Qalxan listening on %s://%s:%u (database %s/qalxan.db)\n",
              (*server)->tls() ? "https" : "http", host.c_str(), (*server)->port(),
              config.data_dir.c_str());
  std::fflush(stdout);
  (*server)->Run(/*handle_signals=*/true);
  spdlog::info("stopped");
  return 0;
}

}  // namespace qx::app
