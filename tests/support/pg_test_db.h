// Fresh PostgreSQL databases for tests, on the throwaway cluster that the CTest fixture
// `pg_cluster` starts (tests/support/pg_cluster.sh), or on the server named by QX_TEST_PG_URL.
#pragma once

#include <string>
#include <vector>

namespace qx::testing {

// postgresql://USER@HOST:PORT of the test cluster (no database). Throws std::runtime_error with
// a hint when there is none: a PostgreSQL test must fail, not pass silently, without a server.
std::string TestClusterUrl();

// Creates an empty database with a name unique to this process and call, and returns its URL.
// Every test gets its own, so that ctest -j runs them side by side. Dropped at process exit.
std::string FreshPgDatabaseUrl();

// Runs sql (one or more statements) on the database at url; throws with the server's message.
void ExecPg(const std::string& url, const std::string& sql);

// Runs sql and returns its rows as text (NULL reads as ""); throws as ExecPg does.
std::vector<std::vector<std::string>> QueryPg(const std::string& url, const std::string& sql);

}  // namespace qx::testing
