// `qalxan migrate-data --from sqlite:PATH --to postgresql://...`: moves a whole installation from
// its SQLite file to an empty PostgreSQL database, keeping every id, and proves the move by the
// row counts of every table and by the audit chain, which must verify and end in the same hash.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "command_support.h"
#include "qx/audit_trail/audit_trail.h"
#include "qx/store_pg/pg_database.h"
#include "qx/store_sqlite/sqlite_database.h"

namespace qx::app {
namespace {

// The chain's record count and last hash, verified from the first record.
struct ChainEnd {
  std::int64_t records = 0;
  std::string hash;
};

ChainEnd VerifiedChain(store::Database& db, std::string_view which) {
  audit_trail::AuditTrail trail(db);
  const auto report = OrFail(trail.Verify());
  if (!report.ok) {
    throw CommandFailed{fmt::format("{}: audit chain broken at record {}: {}", which,
                                    report.broken_seq.value_or(0), report.reason)};
  }
  ChainEnd end{report.records, ""};
  if (report.records > 0) {
    auto last = OrFail(store::Transact(db, store::TxMode::kRead, [&](store::Tx& tx) {
      return tx.audit().List({}, {report.records - 1, 1});
    }));
    if (!last.items.empty()) end.hash = last.items.back().hash;
  }
  return end;
}

void MigrateData(const Config& config, const std::string& from, const std::string& to) {
  if (from.rfind("sqlite:", 0) != 0 || from.size() <= 7) {
    throw CommandFailed{"--from must be sqlite:PATH"};
  }
  if (!store::pg::IsPostgresUrl(to)) throw CommandFailed{"--to must be postgresql://..."};
  const std::string path = from.substr(7);
  if (!std::filesystem::is_regular_file(path)) throw CommandFailed{"no SQLite database at " + path};

  // Both schemas brought to this version's migrations, so that the tables match column for column.
  auto source_db = OrFail(OpenDatabase(from, config));
  OrFail(source_db->Migrate());
  auto target_db = OrFail(OpenDatabase(to, config));
  OrFail(target_db->Migrate());

  auto source = OrFail(store::sqlite::OpenSqliteBulkSource(path));
  auto sink = OrFail(store::pg::OpenPgBulkSink(to));
  for (const auto& table : store::PortableTables()) {
    const auto rows = OrFail(sink->Count(table));
    if (rows != 0) {
      throw CommandFailed{fmt::format("the target is not empty: {} has {} rows", table.name, rows)};
    }
  }
  std::int64_t total = 0;
  for (const auto& table : store::PortableTables()) {
    OrFail(source->ReadTable(table, [&](const std::vector<store::Row>& rows) {
      return sink->WriteRows(table, rows);
    }));
    const auto expected = OrFail(source->Count(table));
    const auto copied = OrFail(sink->Count(table));
    if (copied != expected) {
      throw CommandFailed{fmt::format("{}: {} rows in the source, {} copied; nothing was committed",
                                      table.name, expected, copied)};
    }
    std::cout << fmt::format("  {:<22} {:>9} rows\n", table.name, copied);
    total += copied;
  }
  OrFail(sink->Commit());

  const ChainEnd before = VerifiedChain(*source_db, "source");
  const ChainEnd after = VerifiedChain(*target_db, "target");
  if (before.records != after.records || before.hash != after.hash) {
    throw CommandFailed{fmt::format("the audit chain differs after the move: {} records ending {} "
                                    "in the source, {} ending {} in the target",
                                    before.records, before.hash, after.records, after.hash)};
  }
  std::cout << fmt::format("moved {} rows in {} tables; audit chain ok: {} records, head {}\n",
                           total, store::PortableTables().size(), after.records,
                           after.hash.empty() ? "(empty)" : after.hash.substr(0, 16));
}

}  // namespace

void AddMigrateDataCommand(CLI::App& app, ConfigResolver resolve) {
  auto run = CommandRunner(resolve);
  auto* cmd = app.add_subcommand(
      "migrate-data",
      "Move the installation from SQLite to an empty PostgreSQL database (stop the server first)");
  static std::string from, to;
  cmd->add_option("--from", from, "sqlite:PATH of the installation's database")->required();
  cmd->add_option("--to", to, "postgresql://USER@HOST/DB, migrated or empty")->required();
  cmd->callback(run([](const Config& c) { MigrateData(c, from, to); }));
}

}  // namespace qx::app
