#!/usr/bin/env python3
"""What a backend holds for cached plans with two 1,000,000-ID lists (issue
26): the example night plan with a blacklist and a whitelist of 1,000,000
IDs each, PLANS copies of it under other names evaluated in one query (each
compiled and cached), then the backend's resident memory (VmRSS) and the
bytes of the module's memory contexts of compiled plans
(pg_backend_memory_contexts).  Compare two builds by running it on each.

usage: bench/bench_postgres_memory.py BUILD_DIR [PLANS]
(BUILD_DIR configured with -Dpostgres=enabled)"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "postgres", "test"))
from cluster import TemporaryCluster, release_script  # noqa: E402

RSS = ("(SELECT regexp_replace(l, '[^0-9]', '', 'g') FROM regexp_split_to_table("
       "pg_read_file('/proc/' || pg_backend_pid() || '/status'), E'\\n') l WHERE l LIKE 'VmRSS%')")
DEVICE = '{"id": "lock-w-0000007", "product": "smart-lock_v2", "versions": {"wifi-fw": "2.3.1"}}'


def main():
    build = sys.argv[1]
    plans = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    source = os.path.join(HERE, "..")
    cluster = TemporaryCluster(os.path.join(build, "postgres", "otaplan.so"),
                               os.path.join(source, "postgres", "otaplan.control"),
                               release_script(source),
                               "/usr/lib/postgresql/15/bin", "/usr/share/postgresql/15",
                               "/usr/lib/postgresql/15/lib", tzdata=os.path.join(build, "tzdata"))
    with open(os.path.join(source, "examples", "night-plan.json")) as f:
        plan = json.load(f)
    plan["blacklist"] = [f"lock-b-{i:07d}" for i in range(1000000)]
    plan["whitelist"] = [f"lock-w-{i:07d}" for i in range(1000000)]
    path = os.path.join(cluster.work, "big.json")
    with open(path, "w") as f:
        json.dump(plan, f)
    os.chmod(path, 0o644)
    with cluster:
        out = cluster.psql(f"""CREATE EXTENSION otaplan;
CREATE TABLE p AS SELECT pg_read_file('{path}')::jsonb AS plan;
SELECT 'before', {RSS};
SELECT count(otaplan_eligible(jsonb_set(plan, '{{name}}', to_jsonb('plan ' || k)), '{DEVICE}',
                              '2026-12-02T15:00:00Z')) FROM p, generate_series(1, {plans}) k;
SELECT 'after', {RSS};
SELECT 'contexts', count(*), coalesce(sum(total_bytes), 0) FROM pg_backend_memory_contexts
 WHERE name = 'otaplan compiled plan';
""").stdout.split()
    values = dict(line.split("|", 1) for line in out if "|" in line)
    print(f"| {plans} plan(s) | backend RSS before {int(values['before']) / 1024:.0f} MiB | "
          f"after {int(values['after']) / 1024:.0f} MiB | compiled-plan contexts "
          f"{values['contexts']} (count|bytes) |")


if __name__ == "__main__":
    main()
