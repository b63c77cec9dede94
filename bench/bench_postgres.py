#!/usr/bin/env python3
"""The extension over a fleet table, against `otaplan evaluate` on the same
fleet as a file, in the same run (issue 18):

  SELECT count(otaplan_next_push(plan, d.doc, now)) FROM devices d

over DEVICES rows (default 1,000,000) with 0 and 2 parallel workers, each
in a fresh connection (cold: the first row compiles the plan) and again in
the same connection (warm: the plan is cached); the median of RUNS runs.
count() keeps the comparison about evaluation: `evaluate --json` writes its
answers to /dev/null, the query returns one row.

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
from cluster import TemporaryCluster  # noqa: E402

PLAN = ('{"name": "bench", "product": "smart-lock_v2", "timezone": "Asia/Shanghai", '
        '"start": "2026-12-01T00:00", "end": "2027-03-01T00:00", "state": "active", '
        '"mode": "silent", "push_window": {"start_hour": 0, "end_hour": 2}, '
        '"strategy": {"min_battery": 30}, "blacklist": ["lock-0013", "lock-0042"], '
        '"components": [{"type": "module", "id": "wifi-fw", "method": "delta", '
        '"source_version": "2.3.1", "target_version": "2.4.0"}, '
        '{"type": "mcu", "id": "mcu.ctrl", "method": "full", "target_version": "1.8"}]}')
NOW = "2026-12-02T18:30:00Z"


def pg_config(key):
    return subprocess.run(["pg_config", "--" + key], capture_output=True, text=True,
                          check=True).stdout.strip()


def timed_queries(cluster, workers, queries):
    """Milliseconds of each query, run one after the other in one session."""
    script = (f"SET max_parallel_workers_per_gather = {workers};\n"
              "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;\n\\timing on\n" +
              "".join(q + "\n" for q in queries))
    out = cluster.psql(script, database="bench").stdout
    return [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", out)]


def main():
    build = sys.argv[1]
    devices = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    source = os.path.join(HERE, "..")
    with TemporaryCluster(os.path.join(build, "postgres", "otaplan.so"),
                          os.path.join(source, "postgres", "otaplan.control"),
                          os.path.join(source, "postgres", "otaplan--0.3.0.sql"),
                          pg_config("bindir"), pg_config("sharedir"), pg_config("pkglibdir"),
                          tzdata=os.path.join(build, "tzdata"),
                          settings=["max_worker_processes=8", "shared_buffers=512MB",
                                    "max_parallel_workers_per_gather=2"]) as cluster:
        cluster.psql("CREATE DATABASE bench")
        fleet = os.path.join(cluster.work, "fleet.jsonl")
        states = ["'idle'", "'idle'", "'idle'", "'refused'", "'failed'"]
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
VACUUM ANALYZE devices;
COPY (SELECT doc::text FROM devices) TO '{fleet}';
""", database="bench")
        del states
        query = f"SELECT count(otaplan_next_push('{PLAN}', d.doc, '{NOW}')) FROM devices d;"
        plan_file = os.path.join(cluster.work, "plan.json")
        with open(plan_file, "w") as f:
            f.write(PLAN)
        results = {("cold", 0): [], ("warm", 0): [], ("cold", 2): [], ("warm", 2): [],
                   "evaluate": []}
        otaplan = os.path.join(build, "tools", "otaplan")
        for _ in range(runs):
            for workers in (0, 2):
                # A fresh session (and fresh parallel workers): the first
                # query compiles the plan in each backend, the second finds
                # it cached in the leader (workers are new processes each
                # query, so they compile once per query either way).
                cold, warm = timed_queries(cluster, workers, [query, query])
                results[("cold", workers)].append(cold)
                results[("warm", workers)].append(warm)
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
        for (label, key) in (("SQL, 0 workers, cold cache", ("cold", 0)),
                             ("SQL, 0 workers, warm cache", ("warm", 0)),
                             ("SQL, 2 workers, cold cache", ("cold", 2)),
                             ("SQL, 2 workers, warm cache", ("warm", 2)),
                             ("`otaplan evaluate --json`, same fleet as a file", "evaluate")):
            ms = median[key]
            print(f"| {label} | {ms / 1000:.2f} s | {devices / (ms / 1000):.3g} |")
        print(f"\n2 workers / 0 workers (warm): {median[('warm', 0)] / median[('warm', 2)]:.2f}x; "
              f"SQL with 0 workers / evaluate: {median[('warm', 0)] / median['evaluate']:.2f}")
        print("\nplan with 2 workers:\n" + "\n".join("    " + l for l in explain.splitlines()))


if __name__ == "__main__":
    main()
