// ServerApp: the composition root of the server — the installation, the services, the routes and
// the HTTP server wired together. `qalxan serve` runs one; integration tests run one in-process.
#pragma once

#include <memory>
#include <vector>

#include "catalog_files.h"
#include "config.h"
#include "qx/identity/seed.h"

namespace qx::app {

class ServerApp {
 public:
  // Locks the data directory (SQLite only: serve_lock.h), opens and migrates the database, seeds
  // an empty installation, binds the listening socket.
  static Result<std::unique_ptr<ServerApp>> Create(const Config& config);
  ~ServerApp();

  std::uint16_t port() const;
  bool tls() const;
  // The admins seeded by this start (empty unless the installation was new).
  const std::vector<identity::SeededAdmin>& seeded() const;
  // The catalogs and profiles seeded by this start.
  const std::vector<SeededCatalog>& seeded_catalogs() const;

  // Serves until Stop() (or SIGINT/SIGTERM when handle_signals). Blocks.
  void Run(bool handle_signals);
  void Stop();

 private:
  struct Parts;
  static Status StartIncidents(const Config& config, Parts& p);
  explicit ServerApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace qx::app
