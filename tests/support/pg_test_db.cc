#include "pg_test_db.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <vector>

namespace qx::testing {
namespace {

// Drops the databases this process created when it exits (the cluster itself is thrown away by
// the fixture, but a developer's long-lived server is not).
class Created {
 public:
  ~Created() {
    for (const auto& name : names_) {
      try {
        ExecPg(TestClusterUrl() + "/postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (...) {
      }
    }
  }
  void Add(std::string name) {
    std::lock_guard<std::mutex> lock(mu_);
    names_.push_back(std::move(name));
  }

 private:
  std::mutex mu_;
  std::vector<std::string> names_;
};

Created& CreatedDatabases() {
  static Created created;
  return created;
}

}  // namespace

std::string TestClusterUrl() {
  if (const char* url = std::getenv("QX_TEST_PG_URL"); url && *url) return url;
  std::ifstream in(QX_PG_URL_FILE);
  std::string url;
  if (in && std::getline(in, url) && !url.empty()) return url;
  throw std::runtime_error(
      "no PostgreSQL for the tests: run them through ctest (the pg_cluster fixture starts one) or "
      "set QX_TEST_PG_URL=postgresql://USER@HOST:PORT");
}

std::vector<std::vector<std::string>> QueryPg(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to " + url + ": " + message);
  }
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  std::string message = ok ? "" : PQresultErrorMessage(r);
  std::vector<std::vector<std::string>> rows;
  if (ok) {
    for (int i = 0; i < PQntuples(r); ++i) {
      std::vector<std::string> row;
      for (int j = 0; j < PQnfields(r); ++j) row.emplace_back(PQgetvalue(r, i, j));
      rows.push_back(std::move(row));
    }
  }
  PQclear(r);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + message);
  return rows;
}

void ExecPg(const std::string& url, const std::string& sql) { QueryPg(url, sql); }

std::string FreshPgDatabaseUrl() {
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}() % 100000;
  const std::string name = "qx_" + std::to_string(::getpid()) + "_" + std::to_string(salt) + "_" +
                           std::to_string(++counter);
  const std::string base = TestClusterUrl();
  // FILE_COPY: a checkpoint instead of WAL-logging the template, quicker for a tiny database.
  ExecPg(base + "/postgres", "CREATE DATABASE " + name + " STRATEGY FILE_COPY");
  CreatedDatabases().Add(name);
  return base + "/" + name;
}

}  // namespace qx::testing
