#!/usr/bin/env python3
"""Load and leaks (issue 30): pgbench with a custom script, CLIENTS clients
for SECONDS seconds, each transaction asking otaplan_eligible,
otaplan_evaluate and otaplan_select for a random device under a random one
of 20 distinct plans read from a table (so that each backend's cache of 8
plans is thrashed), on a temporary cluster.  It reports pgbench's
transactions and errors, and samples the resident memory (VmRSS) of every
backend that runs the script at the 10th second and at the end: leaks would
grow it.

usage: bench/bench_postgres_load.py BUILD_DIR [SECONDS] [CLIENTS]   (60, 8)
(BUILD_DIR configured with -Dpostgres=enabled; prints a Markdown table)"""
import json
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "postgres", "test"))
from cluster import TemporaryCluster, pg_config, release_script  # noqa: E402

NOW = "2026-12-02T18:30:00Z"
SCRIPT = """\\set d random(0, 99999)
\\set p random(1, 20)
SELECT otaplan_eligible(p.doc, d.doc, '2026-12-02T18:30:00Z'),
       otaplan_evaluate(p.doc, d.doc, '2026-12-02T18:30:00Z'),
       otaplan_select(s.plans, d.doc, '2026-12-02T18:30:00Z')
  FROM plans p, devices d, sets s WHERE p.id = :p AND d.id = :d AND s.id = 1 + :p % 4;
"""


def plan(n):
    return {"name": f"load {n}", "product": "smart-lock_v2", "timezone": "Asia/Shanghai",
            "start": "2026-12-01T00:00", "end": "2027-03-01T00:00", "state": "active",
            "mode": "silent", "push_window": {"start_hour": n % 24, "end_hour": n % 24 + 1},
            "strategy": {"min_battery": 30}, "blacklist": [f"lock-{i:07d}" for i in range(n, 2000, 20)],
            "components": [{"type": "module", "id": "wifi-fw", "method": "full",
                            "target_version": f"2.{n}.0"}]}


def backend_rss(cluster):
    """VmRSS in kB of each backend that runs the script (pgbench's)."""
    out = cluster.psql("SELECT pid FROM pg_stat_activity WHERE application_name = 'pgbench'").stdout
    sizes = {}
    for pid in out.split():
        try:
            with open(f"/proc/{pid}/status") as f:
                sizes[pid] = int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
        except (OSError, AttributeError):
            pass
    return sizes


def main():
    build = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    source = os.path.join(HERE, "..")
    with TemporaryCluster(os.path.join(build, "postgres", "otaplan.so"),
                          os.path.join(source, "postgres", "otaplan.control"),
                          release_script(source), pg_config("bindir"), pg_config("sharedir"),
                          pg_config("pkglibdir"), tzdata=os.path.join(build, "tzdata"),
                          settings=["max_connections=40"]) as cluster:
        plans = ",\n".join("(%d, '%s')" % (n, json.dumps(plan(n))) for n in range(1, 21))
        sets = ",\n".join("(%d, '%s')" % (k, json.dumps([plan(n) for n in range(k, 21, 4)]))
                          for k in range(1, 5))
        cluster.psql(f"""
CREATE EXTENSION otaplan;
CREATE TABLE plans (id int PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO plans VALUES {plans};
CREATE TABLE sets (id int PRIMARY KEY, plans jsonb NOT NULL);
INSERT INTO sets VALUES {sets};
CREATE TABLE devices (id int PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO devices
SELECT i, jsonb_build_object('id', 'lock-' || lpad(i::text, 7, '0'), 'product', 'smart-lock_v2',
         'versions', jsonb_build_object('wifi-fw', '2.' || (i % 25) || '.0'), 'battery', i % 100)
  FROM generate_series(0, 99999) i;
VACUUM ANALYZE;
""")
        script = os.path.join(cluster.work, "load.sql")
        with open(script, "w") as f:
            f.write(SCRIPT)
        os.chmod(script, 0o644)
        samples = {}

        def sample(at):
            time.sleep(at)
            samples[at] = backend_rss(cluster)
        early = threading.Thread(target=sample, args=(10,))
        late = threading.Thread(target=sample, args=(seconds - 2,))
        early.start()
        late.start()
        run = subprocess.run([os.path.join(pg_config("bindir"), "pgbench"), "-n", "-f", script,
                              "-c", str(clients), "-j", "2", "-T", str(seconds), "-h",
                              cluster.socket, "-p", cluster.port, "-U", "postgres", "postgres"],
                             capture_output=True, text=True)
        early.join()
        late.join()
        log = cluster.server_log()
    done = re.search(r"number of transactions actually processed: (\d+)", run.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", run.stdout)
    tps = re.search(r"tps = ([0-9.]+)", run.stdout)
    errors = len(re.findall(r"\bERROR:", log))
    first, last = samples.get(10, {}), samples.get(seconds - 2, {})
    both = sorted(set(first) & set(last))
    print(f"\n## PostgreSQL under load: pgbench, {clients} clients, {seconds} s, 20 plans\n")
    print(f"pgbench exit {run.returncode}; transactions {done.group(1) if done else '?'}, "
          f"failed {failed.group(1) if failed else '?'}, tps {tps.group(1) if tps else '?'}; "
          f"ERROR lines in the server log: {errors}\n")
    print("| backend | VmRSS at 10 s | VmRSS at the end | growth |\n|---|---:|---:|---:|")
    for pid in both:
        print(f"| {pid} | {first[pid] / 1024:.1f} MiB | {last[pid] / 1024:.1f} MiB | "
              f"{(last[pid] - first[pid]) / 1024:+.1f} MiB |")
    if run.returncode != 0:
        print(run.stderr[-2000:])


if __name__ == "__main__":
    main()
