#!/usr/bin/env python3
"""otaplan test (issue 32): the example tests of examples/ pass; every
public conformance case, turned into plan tests from its expected answers,
passes, and each of those tests with one expectation changed fails, named
with its line, what was expected, what came and the explanation; bad test
lines are reported with their line numbers; sets and single plans; exit
codes.
usage: test_plan_tests.py OTAPLAN CONFORMANCE_DIR EXAMPLES_DIR"""
import json
import os
import random
import re
import subprocess
import sys
import unittest

import runner

OTAPLAN = CONFORMANCE = EXAMPLES = None
REASONS = ["ok", "plan_not_active", "plan_terminated", "plan_ended", "plan_suspended",
           "plan_not_started", "wrong_product", "blacklisted", "not_whitelisted",
           "already_succeeded", "retries_exhausted", "in_progress", "no_applicable_component",
           "low_signal", "low_battery", "outside_rollout", "rollout_pending", "no_plan"]
STATUSES = ["push_at", "await_user_confirm", "await_device_request", "never"]


def run(*args, stdin=None):
    return subprocess.run([OTAPLAN, *args], input=stdin, capture_output=True)


def cases(name):
    with open(os.path.join(CONFORMANCE, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def expectation(answer, with_plan):
    """What a test of this answer expects: all of it."""
    push = {"status": answer["push"]["status"]}
    if "at" in answer["push"]:
        push["at"] = answer["push"]["at"]
    expect = {"reason": answer["reason"], "eligible": answer["eligible"], "push": push,
              "components": [c["id"] for c in answer["components"] if c["applies"]]}
    if with_plan:
        expect["plan"] = answer["plan"]
    return expect


def mutated(expect, plan_names, rng):
    """The expectation with one thing changed, so that it no longer holds."""
    wrong = json.loads(json.dumps(expect))
    choices = ["reason", "eligible", "push", "components"] + (["plan"] if "plan" in expect else [])
    what = rng.choice(choices)
    if what == "reason":
        wrong["reason"] = rng.choice([r for r in REASONS if r != expect["reason"]])
    elif what == "eligible":
        wrong["eligible"] = not expect["eligible"]
    elif what == "push" and "at" in expect["push"] and rng.random() < 0.5:
        at = expect["push"]["at"]
        wrong["push"]["at"] = at[:14] + ("01" if at[14:16] != "01" else "02") + at[16:]
    elif what == "push":
        status = rng.choice([s for s in STATUSES if s != expect["push"]["status"]])
        wrong["push"] = {"status": status}
    elif what == "components" and expect["components"]:
        wrong["components"] = expect["components"][1:]
    elif what == "components":
        wrong["components"] = ["no-such-component"]
    else:
        others = [n for n in plan_names if n != expect["plan"]]
        wrong["plan"] = rng.choice(others + [None]) if expect["plan"] is not None else \
            rng.choice(plan_names)
    return wrong


class PlanTests(runner.InFolder):
    def write_tests(self, tests, name="tests.jsonl"):
        return self.path(name, "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tests))

    def check_case(self, label, plans_path, case, set_case, rng):
        tests, wrong_lines = [], set()
        names = [p["name"].strip() for p in case.get("plans", [])]
        for device, answer in zip(case["fleet"], case["expected"]):
            if "error" in answer:
                continue
            test = {"name": f"{label} {answer['id']}", "device": device, "now": case["now"],
                    "expect": expectation(answer, set_case)}
            if "tick" in case:
                test["tick"] = case["tick"]
            tests.append(test)
            broken = dict(test, name=test["name"] + " (changed)",
                          expect=mutated(test["expect"], names, rng))
            tests.append(broken)
            wrong_lines.add(len(tests))
        if not tests:
            return 0
        tests_path = self.write_tests(tests)
        done = run("test", plans_path, tests_path)
        out = done.stdout.decode()
        self.assertEqual(done.returncode, 1, f"{label}: {done.stderr.decode()}")
        half = len(tests) // 2
        self.assertTrue(out.endswith(f"{half} passed, {half} failed\n"), f"{label}:\n{out[-2000:]}")
        failed = {int(m) for m in re.findall(r"^FAIL " + re.escape(tests_path) + r":(\d+): ",
                                              out, re.M)}
        self.assertEqual(failed, wrong_lines, label)
        self.assertEqual(out.count("  explain:\n"), half, label)
        self.assertEqual(done.stderr, b"", label)
        return len(tests)

    def test_every_evaluate_case_passes_and_each_change_fails(self):
        rng = random.Random(32)
        count = 0
        for name in ("evaluate.jsonl", "rollout-evaluate.jsonl", "versions-evaluate.jsonl"):
            for case in cases(name):
                plan = self.path("plan.json", json.dumps(case["plan"], ensure_ascii=False))
                count += self.check_case(case["case"], plan, case, False, rng)
        self.assertGreater(count, 2 * 3000)

    def test_every_select_case_passes_and_each_change_fails(self):
        rng = random.Random(14)
        count = 0
        for case in cases("select.jsonl"):
            plans = self.path("plans.jsonl", "".join(json.dumps(p, ensure_ascii=False) + "\n"
                                                     for p in case["plans"]))
            count += self.check_case(case["case"], plans, case, True, rng)
        self.assertGreater(count, 2 * 900)

    def test_the_example_tests_pass(self):
        for plans, tests, count in (("night-plan.json", "night-plan.tests.jsonl", 11),
                                    ("intl-plan.json", "intl-plan.tests.jsonl", 8),
                                    ("plan-set", "plan-set.tests.jsonl", 6)):
            done = run("test", os.path.join(EXAMPLES, plans), os.path.join(EXAMPLES, tests))
            self.assertEqual((done.returncode, done.stdout.decode(), done.stderr),
                             (0, f"{count} passed, 0 failed\n", b""), tests)

    def night_test(self, **fields):
        test = {"name": "t", "now": "2026-12-02T18:30:00Z",
                "device": {"id": "lock-0100", "product": "smart-lock_v2",
                           "versions": {"wifi-fw": "2.3.1", "mcu.ctrl": "1.7"}},
                "expect": {"reason": "ok"}}
        test.update(fields)
        return test

    def test_a_failure_says_what_was_expected_what_came_and_why(self):
        test = self.night_test(name="blacklisted on purpose",
                               device={"id": "lock-0042", "product": "smart-lock_v2",
                                       "versions": {"wifi-fw": "2.3.1"}},
                               expect={"reason": "ok", "eligible": True,
                                       "plan": "Night-time firmware 2.4 for smart locks",
                                       "push": {"status": "push_at", "at": "2026-12-03T16:00:00Z"},
                                       "components": ["wifi-fw", "mcu.ctrl"]})
        path = self.write_tests([test])
        done = run("test", os.path.join(EXAMPLES, "night-plan.json"), path)
        out = done.stdout.decode()
        self.assertEqual(done.returncode, 1)
        self.assertIn(f"FAIL {path}:1: blacklisted on purpose\n", out)
        self.assertIn("  reason: expected ok, got blacklisted\n", out)
        self.assertIn("  eligible: expected true, got false (blacklisted)\n", out)
        self.assertIn("  push: expected push_at 2026-12-03T16:00:00Z, got never (blacklisted)\n", out)
        self.assertIn("  components that apply: expected [wifi-fw, mcu.ctrl], got [wifi-fw]\n", out)
        self.assertNotIn("  plan:", out)  # the one plan governs: that expectation held
        self.assertIn("checks, in order (SPEC 5):\n", out)
        self.assertIn("\u2717 blacklisted", out)
        self.assertTrue(out.endswith("0 passed, 1 failed\n"), out)

    def test_expected_plans_are_found_as_a_set_finds_names(self):
        sets = os.path.join(EXAMPLES, "plan-set")
        device = {"id": "lock-0003", "product": "smart-lock_v2", "versions": {"wifi-fw": "2.0.0"}}
        tests = [{"name": "trimmed and NFC", "device": device, "now": "2027-01-05T00:00:00Z",
                  "expect": {"plan": "  Release 2.1.0 "}},
                 {"name": "not in the set", "device": device, "now": "2027-01-05T00:00:00Z",
                  "expect": {"plan": "Release 9"}},
                 {"name": "none expected", "device": device, "now": "2027-01-05T00:00:00Z",
                  "expect": {"plan": None}}]
        done = run("test", sets, self.write_tests(tests))
        out = done.stdout.decode()
        self.assertEqual(done.returncode, 1)
        self.assertIn("  plan: expected \"Release 9\" (no plan of the set has this name), "
                      "got \"Release 2.1.0\"\n", out)
        self.assertIn("  plan: expected null (no plan), got \"Release 2.1.0\"\n", out)
        self.assertTrue(out.endswith("1 passed, 2 failed\n"), out)

    def test_bad_lines_are_reported_with_their_numbers(self):
        good = self.night_test()
        lines = [
            (json.dumps(good), None),
            ("", None),  # blank: skipped, still counted
            ("not json", "column 3: '[' or '{' expected near 'not'"),
            (json.dumps(self.night_test(expect={"reason": "okay"})), "expect.reason: no reason \"okay\""),
            (json.dumps(self.night_test(expect={})), "expect checks nothing"),
            (json.dumps(self.night_test(expect={"reasons": "ok"})), "expect has no field \"reasons\""),
            (json.dumps(dict(self.night_test(), expct={})), "a test has no field \"expct\""),
            (json.dumps({k: v for k, v in good.items() if k != "now"}), "now must be an RFC 3339 instant"),
            (json.dumps(self.night_test(now="2026-12-02 18:30")), "now must be an RFC 3339 instant"),
            (json.dumps(self.night_test(tick=7)), "tick must be a tick length"),
            (json.dumps(self.night_test(name=3)), "name must be a string"),
            (json.dumps({k: v for k, v in good.items() if k != "expect"}), "a test needs \"expect\""),
            (json.dumps({k: v for k, v in good.items() if k != "device"}), "a test needs \"device\""),
            (json.dumps(self.night_test(device={"id": "x", "product": "p", "stateAt": "x"})),
             "device: a device has no field \"stateAt\""),
            (json.dumps(self.night_test(device={"id": "x", "product": "p", "plans": {}})),
             "device: a device has no field \"plans\""),
            (json.dumps(self.night_test(device=[1])), "device: a device must be a JSON object"),
            (json.dumps(self.night_test(expect={"push": {"status": "soon"}})),
             "expect.push.status: no status \"soon\""),
            (json.dumps(self.night_test(expect={"push": {"status": "never", "at": "2026-12-03T16:00:00Z"}})),
             "expect.push.at goes with the status push_at only"),
            (json.dumps(self.night_test(expect={"push": {"status": "push_at", "when": 1}})),
             "expect.push has no field \"when\""),
            (json.dumps(self.night_test(expect={"components": ["a", "a"]})), "lists \"a\" twice"),
            (json.dumps(self.night_test(expect={"components": "wifi-fw"})), "expect.components must be an array"),
            (json.dumps(self.night_test(expect={"eligible": "yes"})), "expect.eligible must be true or false"),
            (json.dumps(self.night_test(expect={"plan": 1})), "expect.plan must be a plan's name"),
            ("[]", "a test must be a JSON object"),
            (json.dumps(self.night_test(now="2300-01-01T00:00:00Z")), "the plans refused the test"),
        ]
        path = self.path("bad.jsonl", "".join(text + "\n" for text, _ in lines))
        done = run("test", os.path.join(EXAMPLES, "night-plan.json"), path)
        self.assertEqual(done.returncode, 1)
        errors = done.stderr.decode().splitlines()
        bad = [(n, why) for n, (_, why) in enumerate(lines, 1) if why]
        self.assertEqual(len(errors), len(bad), errors)
        for line, (number, why) in zip(errors, bad):
            self.assertTrue(line.startswith(f"{path}:{number}: error: "), line)
            self.assertIn(why, line)
        self.assertEqual(done.stdout.decode(), f"1 passed, 0 failed, {len(bad)} bad lines\n")

    def test_set_devices_in_a_set_and_plain_devices_in_a_plan(self):
        sets = os.path.join(EXAMPLES, "plan-set")
        test = {"name": "own state", "now": "2027-01-05T00:00:00Z", "expect": {"reason": "ok"},
                "device": {"id": "lock-0003", "product": "smart-lock_v2", "state": "idle"}}
        done = run("test", sets, self.write_tests([test]))
        self.assertEqual(done.returncode, 1)
        self.assertIn("device: a device in a plan set has no \"state\" of its own", done.stderr.decode())
        self.assertEqual(done.stdout, b"0 passed, 0 failed, 1 bad line\n")

    def test_exit_codes_and_refusals(self):
        night = os.path.join(EXAMPLES, "night-plan.json")
        tests = self.write_tests([self.night_test()], "one.jsonl")
        self.assertEqual(run("test", night, tests).returncode, 0)
        # the tests from standard input
        done = run("test", night, "-", stdin=json.dumps(self.night_test()).encode())
        self.assertEqual((done.returncode, done.stdout), (0, b"1 passed, 0 failed\n"))
        for text in ("", "\n  \n"):
            done = run("test", night, self.path("empty.jsonl", text))
            self.assertEqual(done.returncode, 1)
            self.assertIn(b"no tests", done.stderr)
        self.assertEqual(run("test", night, os.path.join(self.dir.name, "missing.jsonl")).returncode, 2)
        self.assertEqual(run("test", os.path.join(self.dir.name, "missing.json"), tests).returncode, 2)
        self.assertEqual(run("test", night).returncode, 2)
        self.assertEqual(run("test", night, tests, "--now", "2026-12-02T18:30:00Z").returncode, 2)
        self.assertEqual(run("test", "-", "-").returncode, 2)
        invalid = self.path("invalid.json", json.dumps({"name": "x", "product": "p"}))
        done = run("test", invalid, tests)
        self.assertEqual(done.returncode, 1)
        self.assertIn(b"error:", done.stderr)
        self.assertEqual(done.stdout, b"")


if __name__ == "__main__":
    OTAPLAN, CONFORMANCE, EXAMPLES = sys.argv[1:4]
    unittest.main(argv=sys.argv[:1], verbosity=1)
