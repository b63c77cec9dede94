#!/usr/bin/env python3
"""The extension over a fleet table, against `otaplan evaluate` on the same
fleet as a file, in the same run.  The plan is the one of
bench_cli.sh with 100,000 more blacklisted IDs (1.6 MB):

  SELECT count(otaplan_next_push(PLAN, d.doc, now)) FROM devices d

over DEVICES rows (default 1,000,000), PLAN a literal or a table's value
(`(SELECT plan FROM plans WHERE name = 'bench')`, an initplan), with 0
workers, 2 parallel workers and the leader scanning too (PostgreSQL's
default), and 2 workers alone (parallel_leader_participation off: on 2
cores, 3 scanning processes share 2); then a one-row query in a fresh
session (cold: it compiles the plan) and again in the same session (warm:
the plan is cached); the median of RUNS runs.  count() keeps the
comparison about evaluation: `evaluate --json` writes its answers to
/dev/null, the query returns one row.

usage: bench/bench_postgres.py BUILD_DIR [DEVICES] [RUNS]
(BUILD_DIR configured with -Dpostgres=enabled; prints a Markdown table)"""
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "postgres", "test"))
from cluster import TemporaryCluster, pg_config, release_script  # noqa: E402

PLAN = ('{"name": "bench", "product": "smart-lock_v2", "timezone": "Asia/Shanghai", '
        '"start": "2026-12-01T00:00", "end": "2027-03-01T00:00", "state": "active", '
        '"mode": "silent", "push_window": {"start_hour": 0, "end_hour": 2}, '
        '"strategy": {"min_battery": 30}, "blacklist": ["lock-0013", "lock-0042", BLOCKED], '
        '"components": [{"type": "module", "id": "wifi-fw", "method": "delta", '
        '"source_version": "2.3.1", "target_version": "2.4.0"}, '
        '{"type": "mcu", "id": "mcu.ctrl", "method": "full", "target_version": "1.8"}]}')
# 100,000 more blacklisted IDs (none in the fleet), so that compiling the
# plan takes long enough for the cold and warm caches to differ visibly.
PLAN = PLAN.replace("BLOCKED", ", ".join(f'"blocked-{i}"' for i in range(100_000)))
NOW = "2026-12-02T18:30:00Z"


def timed_queries(cluster, workers, queries, leader=True):
    """Milliseconds of each query, run one after the other in one session."""
    script = (f"SET max_parallel_workers_per_gather = {workers};\n"
              f"SET parallel_leader_participation = {'on' if leader else 'off'};\n"
              "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;\n\\timing on\n" +
              "".join(q + "\n" for q in queries))
    out = cluster.psql(script, database="bench").stdout
    return [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", out)]


# What is timed: (label, workers, leader scanning too).
CONFIGURATIONS = [("0 workers", 0, True), ("2 workers + leader", 2, True),
                  ("2 workers, leader off", 2, False)]


def main():
    build = sys.argv[1]
    devices = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    source = os.path.join(HERE, "..")
    with TemporaryCluster(os.path.join(build, "postgres", "otaplan.so"),
                          os.path.join(source, "postgres", "otaplan.control"),
                          release_script(source),
                          pg_config("bindir"), pg_config("sharedir"), pg_config("pkglibdir"),
                          tzdata=os.path.join(build, "tzdata"),
                          settings=["max_worker_processes=8", "shared_buffers=512MB",
                                    "max_parallel_workers_per_gather=2"]) as cluster:
        cluster.psql("CREATE DATABASE bench")
        fleet = os.path.join(cluster.work, "fleet.jsonl")
        cluster.psql(f"""
CREATE EXTENSION otaplan;
CREATE TABLE devices AS
SELECT jsonb_build_object('id', 'lock-' || lpad(i::text, 7, '0'), 'product', 'smart-lock_v2',
         'versions', jsonb_build_object('wifi-fw', '2.3.1', 'mcu.ctrl', '1.7'),
         'signal', -(60 + i % 50), 'battery', i % 100)
       || CASE i % 5 WHEN 3 THEN '{{"state": "refused", "state_at": "2026-12-02T16:40:00Z"}}'::jsonb
                     WHEN 4 THEN '{{"state": "failed", "failed_attempts": 1}}'::jsonb
                     ELSE '{{}}'::jsonb END AS doc
  FROM generate_series(0, {devices - 1}) i;
ALTER TABLE devices SET (parallel_workers = 2);
VACUUM ANALYZE devices;
COPY (SELECT doc::text FROM devices) TO '{fleet}';
""", database="bench")
        cluster.psql(f"CREATE TABLE plans (name text PRIMARY KEY, plan jsonb);\n"
                     f"INSERT INTO plans VALUES ('bench', '{PLAN}');", database="bench")
        forms = {"literal": f"'{PLAN}'",
                 "from a table": "(SELECT plan FROM plans WHERE name = 'bench')"}
        queries = {form: f"SELECT count(otaplan_next_push({plan}, d.doc, '{NOW}')) FROM devices d;"
                   for form, plan in forms.items()}
        query = queries["literal"]
        plan_file = os.path.join(cluster.work, "plan.json")
        with open(plan_file, "w") as f:
            f.write(PLAN)
        one_row = (f"SELECT count(otaplan_next_push('{PLAN}', d.doc, '{NOW}')) "
                   "FROM (SELECT doc FROM devices LIMIT 1) d;")
        results = {"one_cold": [], "one_warm": [], "evaluate": []}
        otaplan = os.path.join(build, "tools", "otaplan")
        for _ in range(runs):
            # A fresh session: its first query loads the module and compiles
            # the plan, the second finds it cached.
            cold, warm = timed_queries(cluster, 0, [one_row, one_row])
            results["one_cold"].append(cold)
            results["one_warm"].append(warm)
            # Each fleet query in a session whose plan is cached (a first
            # one-row query): parallel workers are new backends for each
            # query, and each compiles the plan once.
            for form, fleet_query in queries.items():
                warm_up = fleet_query.replace("FROM devices d", "FROM (SELECT doc FROM devices "
                                              "LIMIT 1) d")
                for label, workers, leader in CONFIGURATIONS:
                    ms = timed_queries(cluster, workers, [warm_up, fleet_query], leader)[1]
                    results.setdefault((form, label), []).append(ms)
            start = time.perf_counter()
            subprocess.run([otaplan, "evaluate", plan_file, fleet, "--now", NOW, "--json"],
                           stdout=subprocess.DEVNULL, check=True)
            results["evaluate"].append((time.perf_counter() - start) * 1000)
        median = {k: statistics.median(v) for k, v in results.items()}
        explain = cluster.psql(f"SET max_parallel_workers_per_gather = 2; "
                               f"SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; "
                               f"EXPLAIN (COSTS OFF) {query}", database="bench").stdout
        print(f"\n## PostgreSQL: otaplan_next_push over {devices:,} rows, median of {runs}\n")
        print("| what | time | devices/s |\n|---|---:|---:|")
        print(f"| one row, fresh session (loads the module, compiles the plan) | "
              f"{median['one_cold']:.1f} ms | |")
        print(f"| one row again, same session (plan cached) | {median['one_warm']:.1f} ms | |")
        for form in queries:
            for label, _, _ in CONFIGURATIONS:
                ms = median[(form, label)]
                print(f"| SQL, plan {form}, {label} | {ms / 1000:.2f} s | "
                      f"{devices / (ms / 1000):.3g} |")
        ms = median["evaluate"]
        print(f"| `otaplan evaluate --json`, same fleet as a file | {ms / 1000:.2f} s | "
              f"{devices / (ms / 1000):.3g} |")
        for form in queries:
            serial = median[(form, "0 workers")]
            print(f"\nplan {form}, speed over 0 workers: 2 workers + leader "
                  f"{serial / median[(form, '2 workers + leader')]:.2f}x, 2 workers, leader off "
                  f"{serial / median[(form, '2 workers, leader off')]:.2f}x")
        print(f"SQL (literal, 0 workers) / evaluate: "
              f"{median[('literal', '0 workers')] / median['evaluate']:.2f}")
        print("\nplan with 2 workers:\n" + "\n".join("    " + l for l in explain.splitlines()))


if __name__ == "__main__":
    main()
