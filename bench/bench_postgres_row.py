#!/usr/bin/env python3
"""The cost of a row (issue 30): per row of a fleet table, otaplan_eligible,
otaplan_evaluate and otaplan_select (a set of 10 plans: 5 products x 2
fleet-wide plans) against PostgreSQL's own baselines on the same rows, in
the same run and session: count(doc->>'id') (reading the jsonb value) and
a jsonb_to_record of the device's fields (reading every field, the least a
reader of the device does).  0 parallel workers; each query's median of
RUNS runs, in ns per row, and each otaplan call's ratio to jsonb_to_record.

usage: bench/bench_postgres_row.py BUILD_DIR [ROWS] [RUNS]   (1,000,000, 3)
(BUILD_DIR configured with -Dpostgres=enabled; prints a Markdown table)"""
import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "postgres", "test"))
from cluster import TemporaryCluster, pg_config, release_script  # noqa: E402

NOW = "2026-12-02T18:30:00Z"


def plan(product, n):
    return {"name": f"plan {product}/{n}", "product": f"prod-{product}",
            "timezone": "Asia/Shanghai", "start": "2026-12-01T00:00", "end": "2027-03-01T00:00",
            "state": "active", "mode": "silent", "push_window": {"start_hour": 0, "end_hour": 2},
            "priority": 1 if n == 0 else 0, "strategy": {"min_battery": 30},
            "components": [{"type": "module", "id": "wifi-fw", "method": "full",
                            "target_version": "2.4.0" if n == 0 else "2.5.0"}]}


def literal(value):
    return "'" + json.dumps(value).replace("'", "''") + "'"


def main():
    build = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    source = os.path.join(HERE, "..")
    one = literal(plan(0, 0))
    both = literal([plan(p, n) for p in range(5) for n in range(2)])
    queries = {
        "count(doc->>'id') (PostgreSQL)": "SELECT count(doc->>'id') FROM devices",
        "jsonb_to_record of the device (PostgreSQL)":
            "SELECT count(r.id) FROM devices, jsonb_to_record(doc) AS r(id text, product text, "
            "versions jsonb, signal int, battery int, state text, state_at text)",
        "otaplan_eligible": f"SELECT count(otaplan_eligible({one}, doc, '{NOW}')) FROM devices",
        "otaplan_evaluate": f"SELECT count(otaplan_evaluate({one}, doc, '{NOW}')) FROM devices",
        "otaplan_select (10 plans)":
            f"SELECT count(otaplan_select({both}, doc, '{NOW}')) FROM devices",
    }
    with TemporaryCluster(os.path.join(build, "postgres", "otaplan.so"),
                          os.path.join(source, "postgres", "otaplan.control"),
                          release_script(source), pg_config("bindir"), pg_config("sharedir"),
                          pg_config("pkglibdir"), tzdata=os.path.join(build, "tzdata"),
                          settings=["shared_buffers=512MB"]) as cluster:
        cluster.psql("CREATE DATABASE bench")
        cluster.psql(f"""
CREATE EXTENSION otaplan;
CREATE TABLE devices AS
SELECT jsonb_build_object('id', 'lock-' || lpad(i::text, 7, '0'), 'product', 'prod-' || (i % 5),
         'versions', jsonb_build_object('wifi-fw', '2.3.1', 'mcu.ctrl', '1.7'),
         'signal', -(60 + i % 50), 'battery', i % 100) AS doc
  FROM generate_series(0, {rows - 1}) i;
VACUUM ANALYZE devices;
""", database="bench")
        times = {name: [] for name in queries}
        script = "SET max_parallel_workers_per_gather = 0;\n\\timing on\n"
        # A warm-up of each, then the runs, alternating, in one session.
        for name, sql in list(queries.items()) * (runs + 1):
            script += sql + ";\n"
        out = cluster.psql(script, database="bench").stdout
        measured = [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", out)]
        names = list(queries) * (runs + 1)
        for name, ms in list(zip(names, measured))[len(queries):]:
            times[name].append(ms)
    median = {name: statistics.median(v) * 1e6 / rows for name, v in times.items()}
    baseline = median["jsonb_to_record of the device (PostgreSQL)"]
    print(f"\n## PostgreSQL: the cost of a row, {rows:,} rows, 0 workers, median of {runs}\n")
    print("| query | ns/row | / jsonb_to_record |\n|---|---:|---:|")
    for name, ns in median.items():
        print(f"| {name} | {ns:.0f} | {ns / baseline:.2f} |")


if __name__ == "__main__":
    main()
