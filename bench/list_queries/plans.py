#!/usr/bin/env python3
"""One organisation's page of a list, with the optional filter written "(? IS NULL OR col = ?)"
(the old statement text) and with only the filters given (FilteredSql's text), on the project's
own SQLite schema: every migration of src/store_sqlite/sqlite_migrations.cc applied to a fresh
database, then ROWS audit records and objects spread over ORGS organisations."""
import pathlib, re, sqlite3, sys, time

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
ORGS = int(sys.argv[2]) if len(sys.argv) > 2 else 500
RUNS = 100
root = pathlib.Path(__file__).resolve().parents[2]
migrations = re.findall(r'R"sql\((.*?)\)sql"', (root / "src/store_sqlite/sqlite_migrations.cc").read_text(), re.S)

db = sqlite3.connect(":memory:")
for m in migrations:
    db.executescript(m)
db.executemany("INSERT INTO audit_log(seq, at, actor, org_id, action, object_type, object_id, detail, digest,"
               " prev_hash, hash) VALUES(?, ?, ?, ?, 'a', 't', 'o', '{}', 'd', 'p', 'h')",
               ((i + 1, i, f"u{i % 50}", i % ORGS) for i in range(ROWS)))
db.executemany("INSERT INTO cii_objects(id, owner_org_id, name, sector, kind, description, location,"
               " responsible_person, category, category_status, created_at, updated_at)"
               " VALUES(?, ?, ?, ?, 'k', '', '', '', NULL, 'none', 0, 0)",
               ((i + 1, i % ORGS, f"o{i}", f"s{i % 12}") for i in range(ROWS)))
db.execute("ANALYZE")

cases = {
    "audit trail of one organisation": (
        "SELECT seq FROM audit_log WHERE seq > ? AND (? IS NULL OR org_id = ?) AND (? IS NULL OR actor = ?)"
        " ORDER BY seq LIMIT ?", (0, 7, 7, None, None, 51),
        "SELECT seq FROM audit_log WHERE seq > ? AND org_id = ? ORDER BY seq LIMIT ?", (0, 7, 51)),
    "registry objects of one owner": (
        "SELECT id FROM cii_objects WHERE id > ? AND (? IS NULL OR owner_org_id = ?) AND (? IS NULL OR sector = ?)"
        " ORDER BY id LIMIT ?", (0, 7, 7, None, None, 51),
        "SELECT id FROM cii_objects WHERE id > ? AND owner_org_id = ? ORDER BY id LIMIT ?", (0, 7, 51)),
}
print(f"SQLite {sqlite3.sqlite_version}, {ROWS} rows per table, {ORGS} organisations, best of {RUNS} runs")
print("| list | before (IS NULL OR) | after (only the filters given) | plan after |")
print("|---|---|---|---|")
for name, (old_sql, old_args, new_sql, new_args) in cases.items():
    assert db.execute(old_sql, old_args).fetchall() == db.execute(new_sql, new_args).fetchall()
    def best(sql, args):
        t = []
        for _ in range(RUNS):
            t0 = time.perf_counter(); db.execute(sql, args).fetchall(); t.append(time.perf_counter() - t0)
        return min(t) * 1e3
    plan = db.execute("EXPLAIN QUERY PLAN " + new_sql, new_args).fetchall()[0][3]
    print(f"| {name} | {best(old_sql, old_args):.3f} ms | {best(new_sql, new_args):.3f} ms | {plan} |")
