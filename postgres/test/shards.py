#!/usr/bin/env python3
"""SPEC 12.1 on real servers: a coordinator and two shards (three initdbs,
each on its own socket), the extension on all three, a fleet table
hash-partitioned by device ID into postgres_fdw foreign tables, set up with
the SQL of README.md's "Fleets on several servers", verbatim.  Checks that
(a) every conformance device's otaplan_evaluate, otaplan_eligible,
otaplan_next_push, otaplan_explain and otaplan_select computed on the
shards equal the expected answers; (b) EXPLAIN VERBOSE shows the otaplan
call inside each shard's remote SQL for a condition and for a count per
reason of each partition; (c) the fleet job calls otaplan on the shards and
not on the coordinator (track_functions = all); (d) a shard that is down
is a clean error on the coordinator, and the next query after it comes
back is right.  Ends with 'postgres-shards: N passed, M failed'."""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests"))
from cluster import TemporaryCluster  # noqa: E402
import runner  # noqa: E402

parser = argparse.ArgumentParser()
for option in ("module", "control", "bindir", "pkglibdir", "sharedir", "tzdata", "conformance",
               "readme", "examples"):
    parser.add_argument("--" + option, required=True)
parser.add_argument("--script", action="append", required=True)
args, rest = parser.parse_known_args()
sys.argv = sys.argv[:1] + rest

NOW = "2026-12-02T15:30:00Z"


def readme_blocks():
    """The three SQL blocks of README.md's "Fleets on several servers"."""
    with open(args.readme) as f:
        text = f.read()
    section = text[text.index("## Fleets on several servers"):]
    section = section[:section.index("\n## ", 3)]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def cases(name):
    with open(os.path.join(args.conformance, name)) as f:
        return [json.loads(line) for line in f]


def sql_literal(value):
    return "'" + json.dumps(value, ensure_ascii=False).replace("'", "''") + "'"


class Shards(runner.Checks):
    @classmethod
    def setUpClass(cls):
        builtin = os.environ.get("ICU_TIMEZONE_FILES_DIR") == ""
        cls.clusters = []
        for _ in range(3):
            c = TemporaryCluster(args.module, args.control, args.script, args.bindir,
                                 args.sharedir, args.pkglibdir,
                                 tzdata=None if builtin else args.tzdata,
                                 settings=["track_functions=all", "max_parallel_workers_per_gather=0"])
            c.__enter__()
            cls.clusters.append(c)
        cls.coordinator, cls.shard0, cls.shard1 = cls.clusters
        shard_sql, coordinator_sql, cls.queries = readme_blocks()
        for k, shard in enumerate((cls.shard0, cls.shard1)):
            shard.psql(shard_sql.replace("_p0", f"_p{k}") +
                       # The conformance devices, each with its case's plan (the suite's own).
                       f"CREATE TABLE cases_p{k} (key text PRIMARY KEY, plan jsonb, plans jsonb, "
                       "doc jsonb NOT NULL, now timestamptz NOT NULL, tick int NOT NULL, "
                       "expected jsonb NOT NULL);\n")
        setup = coordinator_sql
        for k, shard in enumerate((cls.shard0, cls.shard1)):
            setup = setup.replace(f"host 'shard{k}.example', port '5432'",
                                  f"host '{shard.socket}', port '{shard.port}'")
        cls.coordinator.psql(
            setup +
            "CREATE TABLE cases (key text NOT NULL, plan jsonb, plans jsonb, doc jsonb NOT NULL,"
            " now timestamptz NOT NULL, tick int NOT NULL, expected jsonb NOT NULL)"
            " PARTITION BY HASH (key);\n"
            "CREATE FOREIGN TABLE cases_p0 PARTITION OF cases"
            " FOR VALUES WITH (MODULUS 2, REMAINDER 0) SERVER shard0;\n"
            "CREATE FOREIGN TABLE cases_p1 PARTITION OF cases"
            " FOR VALUES WITH (MODULUS 2, REMAINDER 1) SERVER shard1;\n")
        rows = []
        for name in ("evaluate.jsonl", "rollout-evaluate.jsonl", "versions-evaluate.jsonl"):
            for case in cases(name):
                for i, (device, expected) in enumerate(zip(case["fleet"], case["expected"])):
                    rows.append((f"{case['case']}/{i}", case["plan"], None, device, case["now"],
                                 case["tick"], expected))
        for case in cases("select.jsonl"):
            for i, (device, expected) in enumerate(zip(case["fleet"], case["expected"])):
                rows.append((f"{case['case']}/{i}", None, case["plans"], device, case["now"],
                             case["tick"], expected))
        cls.count = len(rows)
        values = ",\n".join(
            f"('{key.replace(chr(39), chr(39) * 2)}', {sql_literal(plan) if plan else 'NULL'},"
            f" {sql_literal(plans) if plans else 'NULL'}, {sql_literal(doc)}, '{now}', {tick},"
            f" {sql_literal(expected)})"
            for key, plan, plans, doc, now, tick, expected in rows)
        cls.coordinator.psql(f"INSERT INTO cases VALUES\n{values};\n")
        with open(os.path.join(args.examples, "night-plan.json")) as f:
            cls.plan = f.read()
        devices = ",\n".join(
            "('lock-%04d', '{\"id\": \"lock-%04d\", \"product\": \"smart-lock_v2\", \"versions\":"
            " {\"wifi-fw\": \"2.3.1\", \"mcu.ctrl\": \"1.7\"}, \"battery\": %d}')" % (i, i, i % 100)
            for i in range(1, 1001))
        cls.coordinator.psql(f"INSERT INTO fleet VALUES\n{devices};\n")
        for k, shard in enumerate((cls.shard0, cls.shard1)):
            shard.psql(f"INSERT INTO current_plans VALUES ('night-2.4', {sql_literal(json.loads(cls.plan))},"
                       f" '{NOW}');\n")

    @classmethod
    def tearDownClass(cls):
        for c in cls.clusters:
            c.__exit__(None, None, None)
        errors = [e for c in cls.clusters for e in c.valgrind_errors]
        if errors:
            raise AssertionError("valgrind, in otaplan's code:\n" + "\n\n".join(errors)[:20000])

    def query(self, sql, cluster=None):
        return (cluster or self.coordinator).psql(sql).stdout.strip()

    def test_a_answers_on_the_shards_equal_the_expected(self):
        # Each condition below is shipped (b checks the plan): the shards compute.
        total = self.query("SELECT count(*) FROM cases")
        self.check(int(total) == self.count, f"{total} rows of {self.count} on the shards")
        for name, condition in (
                ("otaplan_evaluate", "plan IS NOT NULL AND otaplan_evaluate(plan, doc, now, tick)"
                                     " <> expected"),
                ("otaplan_eligible", "plan IS NOT NULL AND otaplan_eligible(plan, doc, now)::text"
                                     " <> expected->>'reason'"),
                ("otaplan_next_push", "plan IS NOT NULL AND otaplan_next_push(plan, doc, now, tick)"
                                      " IS DISTINCT FROM (expected->'push'->>'at')::timestamptz"),
                ("otaplan_explain", "plan IS NOT NULL AND (otaplan_explain(plan, doc, now, tick)"
                                    "->'push' <> expected->'push' OR otaplan_explain(plan, doc,"
                                    " now, tick)->'reason' <> expected->'reason')"),
                ("otaplan_select", "plans IS NOT NULL AND (otaplan_select(plans, doc, now, tick)"
                                   " - 'id') <> (expected - 'id')")):
            differences = self.query(f"SELECT count(*) FROM cases WHERE {condition}")
            self.check(differences == "0", f"{name}: {differences} differences")
        evaluated = self.query("SELECT count(*) FROM cases WHERE plan IS NOT NULL AND"
                               " otaplan_evaluate(plan, doc, now, tick) = expected")
        selected = self.query("SELECT count(*) FROM cases WHERE plans IS NOT NULL AND"
                              " otaplan_select(plans, doc, now, tick) = expected")
        self.check(int(evaluated) + int(selected) == self.count,
                   f"{evaluated} + {selected} equal answers of {self.count}")

    def test_b_the_calls_are_shipped(self):
        plan = self.plan.replace("'", "''")
        shipped = self.query(
            f"EXPLAIN VERBOSE SELECT id FROM fleet WHERE otaplan_eligible('{plan}', doc, '{NOW}') = 'ok'")
        remote = [line for line in shipped.splitlines() if "Remote SQL" in line]
        self.check(len(remote) == 2 and all("otaplan_eligible" in line for line in remote),
                   "the condition is in both shards' remote SQL:\n" + shipped)
        counted = self.query(
            f"EXPLAIN VERBOSE SELECT otaplan_eligible('{plan}', doc, '{NOW}'), count(*)"
            " FROM fleet_p0 GROUP BY 1")
        remote = [line for line in counted.splitlines() if "Remote SQL" in line]
        self.check(len(remote) == 1 and "otaplan_eligible" in remote[0] and
                   "GROUP BY" in remote[0], "a partition's count per reason is shipped:\n" + counted)
        for name, condition in (("next push", f"otaplan_next_push('{plan}', doc, '{NOW}') < '2026-12-02T16:30:00Z'"),
                                ("bucket", "otaplan_bucket('smart-lock_v2', id) < 200"),
                                ("containment", f"otaplan_evaluate('{plan}', doc, '{NOW}') @> '{{\"eligible\": true}}'")):
            plan_text = self.query(f"EXPLAIN VERBOSE SELECT id FROM fleet_p0 WHERE {condition}")
            remote = [line for line in plan_text.splitlines() if "Remote SQL" in line]
            self.check(remote and "otaplan_" in remote[0] and "WHERE" in remote[0],
                       f"{name} is shipped:\n{plan_text}")
        # What is not (README says so): the default now() and an instant
        # computed with an interval are stable, a text compared with a
        # constant has a collation no remote column gave.
        for name, condition in (
                ("the default now()", f"otaplan_eligible('{plan}', doc) = 'ok'"),
                ("an interval", f"otaplan_next_push('{plan}', doc, '{NOW}') <"
                                f" '{NOW}'::timestamptz + interval '1 hour'"),
                ("a text", f"otaplan_eligible('{plan}', doc, '{NOW}')::text = 'ok'")):
            local = self.query(f"EXPLAIN VERBOSE SELECT id FROM fleet_p0 WHERE {condition}")
            remote = [line for line in local.splitlines() if "Remote SQL" in line]
            self.check(remote and "otaplan_" not in remote[0],
                       f"a condition with {name} stays on the coordinator:\n{local}")

    def test_c_the_fleet_job_runs_on_the_shards(self):
        self.query("SELECT pg_stat_reset()")
        for shard in (self.shard0, self.shard1):
            self.query("SELECT pg_stat_reset()", shard)
        job = self.query("SELECT count(*), count(*) FILTER (WHERE answer @> '{\"eligible\": true}')"
                         " FROM fleet_answers; SELECT postgres_fdw_disconnect_all()")
        counts = job.splitlines()[0].split("|")
        self.check(counts[0] == "1000", f"the job answered {counts[0]} devices of 1000")
        calls = []
        for shard in (self.shard0, self.shard1):
            # A fresh session sees what the job's backends flushed as they ended.
            calls.append(self.query("SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions"
                                    " WHERE funcname = 'otaplan_evaluate'", shard))
        self.check(all(int(c) > 0 for c in calls) and sum(map(int, calls)) >= 1000,
                   f"otaplan_evaluate calls on the shards: {calls}")
        mine = self.query("SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions"
                          " WHERE funcname LIKE 'otaplan%'")
        self.check(mine == "0", f"otaplan calls on the coordinator during the job: {mine}")
        # The same answers as one server computes for the same devices.
        one = self.query(f"SELECT count(*) FILTER (WHERE otaplan_evaluate({sql_literal(json.loads(self.plan))}, doc,"
                         f" '{NOW}') @> '{{\"eligible\": true}}') FROM (SELECT doc FROM fleet) f")
        self.check(counts[1] == one, f"eligible: {counts[1]} on the shards, {one} on one server")

    def test_d_a_shard_that_is_down(self):
        before = self.query("SELECT count(*) FROM fleet")
        self.shard1.stop()
        try:
            failed = self.coordinator.psql("SELECT count(*) FROM fleet", check=False)
            self.check(failed.returncode != 0 and "could not connect" in failed.stderr,
                       f"a clean error: {failed.returncode} {failed.stderr.strip()[:300]}")
            alive = self.query("SELECT 1")
            self.check(alive == "1", "the coordinator goes on")
        finally:
            self.shard1.start()
        after = self.query("SELECT count(*) FROM fleet")
        self.check(after == before == "1000", f"after the shard came back: {after} (before {before})")

    def test_e_readme_queries(self):
        queries = self.queries.replace("/path/to/examples/night-plan.json",
                                       os.path.join(os.path.abspath(args.examples), "night-plan.json"))
        out = self.coordinator.psql(queries, check=False)
        self.check(out.returncode == 0, f"README's queries run: {out.stderr[-500:]}")
        lines = out.stdout.splitlines()
        self.check(any(line.startswith("ok|") for line in lines) and
                   any(line.startswith("night-2.4|") for line in lines),
                   "README's queries answer: " + " / ".join(lines[-12:]))


if __name__ == "__main__":
    runner.main("postgres-shards")
