#!/usr/bin/env python3
"""Tests of the `otaplan` program (SPEC 9): exit statuses, messages, bad
lines, standard input, and a 1,000,000-device fleet streamed with bounded
memory.  usage: test_cli.py OTAPLAN EXAMPLES_DIR [measure-memory|sanitized] [TEST_CLASS...]"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import unittest

import runner

OTAPLAN = EXAMPLES = None
MEASURE_MEMORY = True


def run(*args, stdin=None):
    return subprocess.run([OTAPLAN, *args], input=stdin, capture_output=True, text=True,
                          timeout=300)


PLAN = {
    "name": "cli test", "product": "lamp-1", "timezone": "Asia/Shanghai",
    "start": "2026-01-01T00:00", "end": "2026-12-31T00:00", "state": "active",
    "mode": "silent", "push_window": {"start_hour": 0, "end_hour": 2},
    "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}],
}
DEVICE = {"id": "dev-1", "product": "lamp-1", "versions": {"wifi": "1.0"}}
NOW = "2026-03-01T00:00:00Z"


class Files(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, content):
        path = os.path.join(self.dir.name, name)
        with open(path, "w") as f:
            f.write(content if isinstance(content, str) else json.dumps(content))
        return path


class Validate(Files):
    def test_valid_plan_exits_0(self):
        p = run("validate", self.write("p.json", PLAN), "--now", NOW)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("valid", p.stdout)

    def test_invalid_plan_exits_1_compiler_style(self):
        plan = dict(PLAN, components=[dict(PLAN["components"][0], target_version="bad v")])
        path = self.write("p.json", plan)
        p = run("validate", path, "--now", NOW)
        self.assertEqual(p.returncode, 1)
        self.assertIn(f"{path}: error: components[0].target_version: ", p.stdout)
        self.assertIn("[version_invalid]", p.stdout)

    def test_json_output(self):
        p = run("validate", self.write("p.json", dict(PLAN, pushWindow=1)), "--now", NOW, "--json")
        self.assertEqual(p.returncode, 0)
        doc = json.loads(p.stdout)
        self.assertTrue(doc["valid"])
        codes = [(d["severity"], d["code"], d["path"]) for d in doc["diagnostics"]]
        self.assertIn(("warning", "field_unknown", "pushWindow"), codes)

    def test_wrong_types_are_diagnostics(self):
        path = self.write("p.json", dict(PLAN, bluetooth="yes", strategy={"retry_count": 1.5}))
        p = run("validate", path, "--now", NOW)
        self.assertEqual(p.returncode, 1)
        self.assertIn(f"{path}: error: bluetooth: ", p.stdout)
        self.assertIn("strategy.retry_count", p.stdout)
        self.assertIn("[field_type_invalid]", p.stdout)

    def test_names_and_catalog(self):
        names = self.write("names.txt", "other\ncli test\n")
        catalog = self.write("catalog.json", [{"id": "wifi", "method": "full",
                                               "target_version": "1.9"}])
        p = run("validate", self.write("p.json", PLAN), "--now", NOW, "--names", names,
                "--catalog", catalog, "--json")
        self.assertEqual(p.returncode, 1)
        codes = {d["code"] for d in json.loads(p.stdout)["diagnostics"]}
        self.assertEqual(codes & {"name_duplicate", "package_missing"},
                         {"name_duplicate", "package_missing"})

    def test_malformed_json_names_line_and_column(self):
        path = self.write("p.json", '{"name": "x",\n  "product": }')
        p = run("validate", path)
        self.assertEqual(p.returncode, 2)
        self.assertRegex(p.stderr, rf"^{path}:2:\d+: error: ")
        self.assertEqual(len(p.stderr.strip().splitlines()), 1)

    def test_missing_file_and_bad_arguments_exit_2(self):
        for args in (["validate", "/nonexistent/p.json"], ["validate"],
                     ["validate", "a", "b"], ["validate", "p.json", "--bogus"],
                     ["validate", self.write("p.json", PLAN), "--now", "yesterday"],
                     ["frobnicate"], []):
            p = run(*args)
            self.assertEqual(p.returncode, 2, args)
            self.assertTrue(p.stderr.strip(), args)


class Arguments(Files):
    """GNU conventions (getopt_long): "--opt=value", "--" ending the options,
    options and files in any order, unambiguous prefixes."""

    def test_equals_form_is_the_spaced_form(self):
        plan, fleet = self.write("p.json", PLAN), self.write("f.jsonl", json.dumps(DEVICE) + "\n")
        spaced = run("evaluate", plan, fleet, "--now", NOW, "--tick", "5", "--json")
        joined = run("evaluate", "--now=" + NOW, "--tick=5", plan, "--json", fleet)
        self.assertEqual(spaced.returncode, 0, spaced.stderr)
        self.assertEqual((joined.returncode, joined.stdout), (0, spaced.stdout), joined.stderr)

    def test_double_dash_ends_the_options(self):
        path = self.write("--json", PLAN)
        p = subprocess.run([os.path.abspath(OTAPLAN), "validate", "--now", NOW, "--", "--json"],
                           cwd=self.dir.name,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("--json: valid", p.stdout)
        self.assertTrue(os.path.exists(path))
        # "--help" after "--" is a file name too.
        p = run("validate", "--", "--help")
        self.assertEqual(p.returncode, 2)
        self.assertIn("cannot read --help", p.stderr)

    def test_prefixes_and_tzdata_equals(self):
        plan = self.write("p.json", PLAN)
        p = run("validate", plan, "--no=" + NOW, "--js")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(json.loads(p.stdout)["valid"])
        p = run("--tzdata=/nonexistent/folder", "validate", plan)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--tzdata /nonexistent/folder", p.stderr)

    def test_bad_options_name_the_command(self):
        plan = self.write("p.json", PLAN)
        cases = {("validate", plan, "--now"): "option --now needs a value",
                 ("validate", plan, "--bogus"): "option --bogus is unknown or ambiguous",
                 ("validate", plan, "-x"): "option -x is unknown or ambiguous",
                 ("windows", plan, "--names", "n"): "unknown option --names",
                 ("validate", plan, "--now=yesterday"): "--now needs an RFC 3339 instant"}
        for args, message in cases.items():
            p = run(*args)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn(f"otaplan {args[0]}: {message}", p.stderr)


class Evaluate(Files):
    def test_bad_lines_in_the_middle_are_reported_in_place(self):
        lines = [json.dumps(DEVICE), "{not json", "", json.dumps(dict(DEVICE, id="dev-2")),
                 json.dumps(dict(DEVICE, state="refused")), json.dumps(dict(DEVICE, id="dev-3"))]
        fleet = self.write("f.jsonl", "\n".join(lines) + "\n")
        p = run("evaluate", self.write("p.json", PLAN), fleet, "--now", NOW, "--json")
        self.assertEqual(p.returncode, 1)
        out = [json.loads(l) for l in p.stdout.splitlines()]
        self.assertEqual([o.get("id") or o.get("line") for o in out],
                         ["dev-1", 2, "dev-2", 5, "dev-3"])
        self.assertIn("column", out[1]["error"])
        self.assertIn("state_at", out[3]["error"])

    def test_stdin_and_empty_fleet(self):
        p = run("evaluate", self.write("p.json", PLAN), "-", "--now", NOW, "--json",
                stdin=json.dumps(DEVICE) + "\n")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["push"],
                         {"status": "push_at", "at": "2026-03-01T16:00:00Z"})
        p = run("evaluate", self.write("p.json", PLAN), self.write("f.jsonl", ""), "--now", NOW,
                "--json")
        self.assertEqual((p.returncode, p.stdout), (0, ""))

    def test_table_and_summary(self):
        fleet = self.write("f.jsonl", json.dumps(DEVICE) + "\n" +
                           json.dumps(dict(DEVICE, id="x", product="other")) + "\n")
        p = run("evaluate", self.write("p.json", PLAN), fleet, "--now", NOW)
        self.assertEqual(p.returncode, 0)
        self.assertIn("2 devices evaluated", p.stdout)
        self.assertRegex(p.stdout, r"wrong_product\s+1")

    def test_invalid_plan_is_refused_with_its_diagnostics(self):
        p = run("evaluate", self.write("p.json", dict(PLAN, timezone="Mars/Base")),
                self.write("f.jsonl", ""), "--now", NOW)
        self.assertEqual(p.returncode, 1)
        self.assertIn("[timezone_unknown]", p.stderr)

    def test_bad_tick(self):
        for tick in ("7", "-1", "x", "90"):
            p = run("evaluate", self.write("p.json", PLAN), "-", "--tick", tick, stdin="")
            self.assertEqual(p.returncode, 2, tick)

    def test_examples_run(self):
        p = run("evaluate", os.path.join(EXAMPLES, "night-plan.json"),
                os.path.join(EXAMPLES, "fleet.jsonl"), "--now", "2026-12-02T18:30:00Z", "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        reasons = {json.loads(l)["reason"] for l in p.stdout.splitlines()}
        self.assertTrue({"ok", "wrong_product", "blacklisted", "already_succeeded",
                         "retries_exhausted", "in_progress", "no_applicable_component",
                         "low_signal", "low_battery"} <= reasons, reasons)


    def test_version_order_examples(self):
        """doc/rules.md 13.5: the stepping stone and the release split the fleet."""
        fleet = os.path.join(EXAMPLES, "versions-fleet.jsonl")
        seen = {}
        for plan in ("stepping-stone-plan.json", "release-plan.json"):
            p = run("evaluate", os.path.join(EXAMPLES, plan), fleet,
                    "--now", "2027-01-10T12:00:00Z", "--json")
            self.assertEqual(p.returncode, 0, p.stderr)
            seen[plan] = {json.loads(l)["id"]: json.loads(l)["components"][0].get("reason", "ok")
                          for l in p.stdout.splitlines()}
        self.assertEqual(seen["stepping-stone-plan.json"], {
            "lock-1001": "ok", "lock-1002": "ok", "lock-1003": "at_target",
            "lock-1004": "above_range", "lock-1005": "above_range", "lock-1006": "above_range",
            "lock-1007": "above_range", "lock-1008": "version_unordered"})
        self.assertEqual(seen["release-plan.json"], {
            "lock-1001": "below_range", "lock-1002": "below_range", "lock-1003": "ok",
            "lock-1004": "ok", "lock-1005": "ok", "lock-1006": "at_target",
            "lock-1007": "newer_than_target", "lock-1008": "version_unordered"})

    def test_plan_set_example(self):
        """doc/rules.md 14.5: the worked example's table."""
        p = run("select", os.path.join(EXAMPLES, "plan-set"),
                os.path.join(EXAMPLES, "plan-set-fleet.jsonl"), "--now", "2027-01-05T18:00:00Z",
                "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        got = {json.loads(l)["id"]: (json.loads(l)["plan"], json.loads(l)["reason"])
               for l in p.stdout.splitlines()}
        self.assertEqual(got, {
            "lock-0001": ("Hotfix 2.1.1 for the Shenzhen site", "ok"),
            "lock-0002": ("Stepping stone 2.0.0", "ok"),
            "lock-0003": ("Release 2.1.0", "ok"),
            "lock-0004": (None, "no_plan"),
            "lock-0005": ("Release 2.1.0", "in_progress")})
        p = run("validate", os.path.join(EXAMPLES, "plan-set"), "--now", "2027-01-01T00:00:00Z")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_explain_a_set(self):
        """issue 29: explain PLANS DEVICE for a set: the candidates in
        precedence, why the governing plan won, then its explanation, the
        same as explaining that plan alone with the device as it sees it."""
        plans = os.path.join(EXAMPLES, "plan-set")
        with open(os.path.join(EXAMPLES, "plan-set-fleet.jsonl")) as f:
            fleet = [json.loads(l) for l in f if l.strip()]
        now = ("--now", "2027-01-05T18:00:00Z")
        upgrading = self.write("lock-0005.json", json.dumps(fleet[4]))
        p = run("explain", plans, upgrading, *now, "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        got = json.loads(p.stdout)
        self.assertEqual(got["plan"], "Release 2.1.0")
        self.assertEqual([(c["plan"], c["reason"], c["governs"]) for c in got["candidates"]],
                         [("Release 2.1.0", "in_progress", True),
                          ("Stepping stone 2.0.0", "no_applicable_component", False)])
        self.assertEqual(got["candidates"][0]["state"], "upgrading")
        self.assertIn("never switched mid-upgrade", got["why"])
        # The governing plan's explanation: as `explain PLAN` with the state
        # the device has in that plan, at the top level.
        alone = dict({k: v for k, v in fleet[4].items() if k != "plans"},
                     **fleet[4]["plans"]["Release 2.1.0"])
        p = run("explain", os.path.join(plans, "1-release.json"),
                self.write("alone.json", json.dumps(alone)), *now, "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(got["explanation"], json.loads(p.stdout))
        # The hotfix outranks the release for a whitelisted lock (text).
        p = run("explain", plans, self.write("lock-0001.json", json.dumps(fleet[0])), *now)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"1 +10 .* ok +Hotfix 2.1.1 for the Shenzhen site: governs")
        self.assertIn("why: the first live candidate in precedence", p.stdout)
        self.assertIn("checks, in order", p.stdout)
        # No live candidate: no plan, no explanation of one.
        p = run("explain", plans, self.write("lock-0004.json", json.dumps(fleet[3])), *now,
                "--json")
        got = json.loads(p.stdout)
        self.assertEqual((p.returncode, got["plan"], got["explanation"]), (0, None, None))
        self.assertIn("no_plan", got["why"])
        # A device with a state of its own is a bad device of a set.
        p = run("explain", plans, self.write("own.json", json.dumps(dict(fleet[0], state="idle"))),
                *now)
        self.assertEqual(p.returncode, 1)
        self.assertIn('under \"plans\"', p.stderr)
        # An invalid set is refused with its diagnostics.
        plan = json.dumps(PLAN)
        twice = self.write("twice.jsonl", plan + "\n" + plan + "\n")
        p = run("explain", twice, self.write("d.json", '{"id": "d", "product": "lamp-1"}'))
        self.assertEqual(p.returncode, 1)
        self.assertIn("name_duplicate", p.stderr)

    def test_select_refuses_bad_sets_and_lines(self):
        plan = dict(PLAN)
        twice = self.write("twice.jsonl", json.dumps(plan) + "\n" + json.dumps(plan) + "\n")
        fleet = self.write("fleet.jsonl", '{"id": "d1", "product": "lamp-1", "state": "failed"}\n'
                           '{"id": "d2", "product": "lamp-1", "plans": {"x": 1}}\n\n'
                           '{"id": "d3", "product": "lamp-1"}\n')
        p = run("select", twice, fleet, "--now", "2026-06-01T00:00:00Z")
        self.assertEqual(p.returncode, 1)
        self.assertIn("name_duplicate", p.stderr)
        one = self.write("one.jsonl", json.dumps(plan) + "\n")
        p = run("select", one, fleet, "--now", "2026-06-01T00:00:00Z", "--json")
        self.assertEqual(p.returncode, 1, p.stderr)
        lines = [json.loads(l) for l in p.stdout.splitlines()]
        self.assertEqual([l.get("line") for l in lines[:1]], [1])
        self.assertIn('under \\"plans\\"', json.dumps(lines[0]["error"]))
        self.assertEqual(lines[1]["id"], "d2")  # a key the set does not have is ignored
        self.assertEqual(lines[2]["id"], "d3")
        bad = self.write("bad.jsonl", json.dumps(plan) + "\n{\"name\": \n")
        p = run("select", bad, fleet)
        self.assertEqual(p.returncode, 2)
        self.assertIn(":2:", p.stderr)


def peak_rss_kib(devices, plan_path, jobs=1):
    """Runs evaluate over `devices` generated devices piped through standard
    input; returns the child's peak resident memory in KiB."""
    script = ("import sys\n"
              "w = sys.stdout.write\n"
              f"for i in range({devices}):\n"
              "    w('{\"id\":\"dev-%d\",\"product\":\"lamp-1\",\"versions\":{\"wifi\":\"1.0\"},'\n"
              "      '\"signal\":-80,\"battery\":%d,\"state\":\"idle\"}\\n' % (i, i % 100))\n")
    generator = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    sink = open(os.devnull, "w")
    p = subprocess.Popen([OTAPLAN, "evaluate", plan_path, "-", "--now", NOW, "--json",
                          "--jobs", str(jobs)],
                         stdin=generator.stdout, stdout=sink)
    generator.stdout.close()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)  # reaped here, for ru_maxrss
    generator.wait()
    sink.close()
    assert p.returncode == 0, p.returncode
    return usage.ru_maxrss


class Streaming(Files):
    def test_memory_does_not_grow_with_the_fleet(self):
        if not MEASURE_MEMORY:
            self.skipTest("a sanitizer build: peak RSS would measure the sanitizer")
        plan = self.write("p.json", PLAN)
        for jobs in (1, 2):
            small = peak_rss_kib(10_000, plan, jobs)
            large = peak_rss_kib(1_000_000, plan, jobs)
            print(f"\npeak RSS, --jobs {jobs}: 10,000 devices {small} KiB, "
                  f"1,000,000 devices {large} KiB")
            # A streamed fleet: a hundred times the devices, the same memory.
            self.assertLess(large, small + 2048, (jobs, small, large))


class Jobs(Files):
    """--jobs N: the output is that of one job, byte for byte, bad lines at
    their line numbers included."""

    def fleet(self):
        lines = []
        for i in range(12_000):
            device = dict(DEVICE, id=f"dev-{i}", battery=i % 100)
            if i % 7 == 0:
                device["state"] = "refused"
                device["state_at"] = "2026-02-28T23:00:00Z"
            lines.append(json.dumps(device))
        lines[3] = '{"id": "dev-3", "product":'          # not JSON
        lines[4100] = '{"id": 5, "product": "lamp-1"}'   # a wrong type
        lines[8000] = '{"id": "x", "product": "lamp-1", "versions": {}, "state": "refused"}'
        lines[11_999] = "   "                             # blank: no device
        return self.write("f.jsonl", "\n".join(lines) + "\n")

    def test_jobs_give_the_output_of_one_job(self):
        plan, fleet = self.write("p.json", PLAN), self.fleet()
        for extra in (["--json"], []):
            outputs = []
            for jobs in ("1", "2", "3", "8"):
                p = run("evaluate", plan, fleet, "--now", NOW, "--jobs", jobs, *extra)
                self.assertEqual(p.returncode, 1, p.stderr)
                outputs.append(p.stdout)
            self.assertEqual(len(set(outputs)), 1, extra)
            self.assertIn("line 4101" if not extra else '{"line":4101,', outputs[0])
            self.assertIn("line 8001" if not extra else '{"line":8001,', outputs[0])
        p = run("evaluate", plan, "-", "--now", NOW, "--json", "--jobs", "2",
                stdin=open(fleet).read())
        self.assertEqual(p.stdout, run("evaluate", plan, fleet, "--now", NOW, "--json",
                                       "--jobs", "1").stdout)

    def test_simulate_jobs_agree(self):
        plan, fleet = self.write("p.json", PLAN), self.fleet()
        span = ["--from", "2026-03-01T00:00:00Z", "--to", "2026-03-05T00:00:00Z", "--json"]
        one = run("simulate", plan, fleet, *span, "--jobs", "1")
        two = run("simulate", plan, fleet, *span, "--jobs", "2")
        self.assertEqual(one.returncode, 1)
        self.assertEqual(one.stdout, two.stdout)
        self.assertEqual(json.loads(one.stdout)["not_pushed"]["bad_lines"], 3)

    def test_bad_jobs(self):
        plan, fleet = self.write("p.json", PLAN), self.fleet()
        for value in ("0", "65", "two", "-1"):
            p = run("evaluate", plan, fleet, "--jobs", value)
            self.assertEqual(p.returncode, 2, value)
            self.assertIn("--jobs takes", p.stderr)


if __name__ == "__main__":
    OTAPLAN, EXAMPLES = sys.argv[1], sys.argv[2]
    MEASURE_MEMORY = len(sys.argv) < 4 or sys.argv[3] != "sanitized"
    # A fifth argument names the test classes to run (the threaded suite runs
    # Jobs alone, under ThreadSanitizer).
    runner.main("cli", min(3, len(sys.argv) - 1))
