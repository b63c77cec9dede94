#!/usr/bin/env python3
"""Runs the public conformance cases (tests/conformance, a copy of
../shared/conformance; see its README) through the `otaplan` binary:
`evaluate --json`, `windows --json`, `select --json` and `validate --json`.

usage: conformance.py OTAPLAN CONFORMANCE_DIR [FILE[@MODE]...]
Without FILEs, the files of sections 2-11 (base and rollout); each case is a
subtest, named in a failure.  Modes (issue 29): select.jsonl@directory runs
each set from a directory of plan files instead of JSON Lines;
evaluate.jsonl@set (and the other evaluate files) runs each case's plan as a
set of one plan through `select`, the devices' state moved under "plans"."""
import collections
import json
import os
import subprocess
import sys
import tempfile

import runner

PUSH_KEYS = ("status", "at", "reason")


def compare_device(expected, got):
    """The fields the README names, byte-exact; a key absent from expected
    must be absent from the output."""
    problems = []
    for key in ("id", "eligible", "reason", "components"):
        if expected.get(key) != got.get(key):
            problems.append(f"{key}: expected {expected.get(key)!r}, got {got.get(key)!r}")
    for key in PUSH_KEYS:
        e, g = expected["push"].get(key), got.get("push", {}).get(key)
        if e != g:
            problems.append(f"push.{key}: expected {e!r}, got {g!r}")
    return problems


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def write_lines(path, objects):
    with open(path, "w") as f:
        for o in objects:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")


def fleet_case(otaplan, command, plans_path, plans, case, workdir, compare, plans_file=None):
    """Runs `otaplan COMMAND PLANS FLEET --now --tick --json` and compares
    output line i with expected[i] by compare(expected, got); plans_file:
    a PLANS of the caller's instead of `plans` written to plans_path."""
    fleet = os.path.join(workdir, "fleet.jsonl")
    if plans_file is None:
        plans_file = os.path.join(workdir, plans_path)
        write_lines(plans_file, plans)
    write_lines(fleet, case["fleet"])
    p = run([otaplan, command, plans_file, fleet, "--now", case["now"],
             "--tick", str(case["tick"]), "--json"])
    if p.returncode != 0:
        return [f"exit {p.returncode}: {p.stderr.strip()}"]
    lines = p.stdout.splitlines()
    if len(lines) != len(case["expected"]):
        return [f"{len(lines)} output lines for {len(case['expected'])} devices"]
    problems = []
    for i, (expected, line) in enumerate(zip(case["expected"], lines)):
        for problem in compare(expected, json.loads(line)):
            problems.append(f"device {i} ({expected['id']}): {problem}")
    return problems


def evaluate_case(otaplan, case, workdir):
    return fleet_case(otaplan, "evaluate", "plan.json", [case["plan"]], case, workdir,
                      compare_device)


def compare_selection(expected, got):
    """compare_device, the governing plan, and every other candidate."""
    found = compare_device(expected, got)
    if expected.get("plan") != got.get("plan"):
        found.append(f"plan: expected {expected.get('plan')!r}, got {got.get('plan')!r}")
    keys = ("plan", "reason", "outranked_by")
    want = [{k: o[k] for k in keys if k in o} for o in expected.get("others", [])]
    have = [{k: o[k] for k in keys if k in o} for o in got.get("others", [])]
    if want != have:
        found.append(f"others: expected {want!r}, got {have!r}")
    return found


def select_case(otaplan, case, workdir):
    return fleet_case(otaplan, "select", "plans.jsonl", case["plans"], case, workdir,
                      compare_selection)


def set_validate_case(otaplan, case, workdir):
    plans = os.path.join(workdir, "plans.jsonl")
    write_lines(plans, case["plans"])
    p = run([otaplan, "validate", plans, "--json"])
    has_error = any(d["severity"] == "error" for d in case["expected"])
    if p.returncode != (1 if has_error else 0):
        return [f"exit {p.returncode} (expected {1 if has_error else 0}): {p.stderr.strip()}"]
    try:
        got = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    except json.JSONDecodeError as e:
        return [f"output is not JSON lines: {e}"]
    diagnostics = []
    for item in got:  # one object a diagnostic, or documents that hold a list of them
        diagnostics += item.get("diagnostics", [item]) if isinstance(item, dict) else []
    set_codes = ("name_duplicate", "upgrade_cycle")
    key = lambda d: (d.get("severity"), d.get("code"), d.get("path"))
    want = collections.Counter(key(d) for d in case["expected"])
    have = collections.Counter(key(d) for d in diagnostics if d.get("code") in set_codes)
    problems = []
    if want != have:
        problems.append(f"expected {sorted(want.elements())}, got {sorted(have.elements())}")
    others = [key(d) for d in diagnostics
              if d.get("severity") == "error" and d.get("code") not in set_codes]
    if others:
        problems.append(f"errors that are not the set's: {others}")
    return problems


def select_directory_case(otaplan, case, workdir):
    """select.jsonl with the set read from a directory: one file a plan,
    named so that their bytewise order is the set's."""
    directory = os.path.join(workdir, "plans")
    if os.path.isdir(directory):
        for name in os.listdir(directory):
            os.remove(os.path.join(directory, name))
    else:
        os.mkdir(directory)
    for i, plan in enumerate(case["plans"]):
        with open(os.path.join(directory, f"{i:03d}-plan.json"), "w") as f:
            json.dump(plan, f, ensure_ascii=False, indent=1)
    with open(os.path.join(directory, "README.txt"), "w") as f:
        f.write("not a plan: only *.json files are read\n")
    return fleet_case(otaplan, "select", None, None, case, workdir, compare_selection,
                      plans_file=directory)


STATE_KEYS = ("state", "state_at", "appointment", "failed_attempts")


def set_of_one_case(otaplan, case, workdir):
    """An evaluate case's plan as a set of one: where the plan's reason is
    live, select answers exactly as evaluate; where it is final, no plan
    governs and the one other candidate carries evaluate's reason."""
    name = case["plan"].get("name")
    fleet = []
    for device in case["fleet"]:
        moved = {k: v for k, v in device.items() if k not in STATE_KEYS}
        state = {k: v for k, v in device.items() if k in STATE_KEYS}
        if state and isinstance(name, str):
            moved["plans"] = {name: state}
        fleet.append(moved)

    plan = case["plan"]

    def targets(device_id, product):
        """14.3 step 1: a plan that does not target the device is no
        candidate (evaluate still answers it with its first failing check,
        which may come before wrong_product)."""
        return (product == plan.get("product") and device_id not in plan.get("blacklist", [])
                and (not plan.get("whitelist") or device_id in plan["whitelist"]))
    products = {d["id"]: d.get("product") for d in case["fleet"]}

    def compare(expected, got):
        if not targets(expected["id"], products.get(expected["id"])):
            if got.get("plan") is not None or got.get("others"):
                return [f"a plan that does not target the device is a candidate: {got!r}"]
            return [] if got.get("reason") == "no_plan" else [f"reason {got.get('reason')!r}"]
        if got.get("plan") is not None:
            found = compare_device(expected, got)
            if got["plan"] != name.strip():
                found.append(f"plan: {got['plan']!r}")
            return found + ([f"others: {got['others']!r}"] if got.get("others") else [])
        others = got.get("others", [])
        if expected["eligible"] or len(others) != 1 or others[0].get("reason") != expected["reason"]:
            return [f"no plan, others {others!r}, but evaluate says {expected['reason']}"]
        return []
    return fleet_case(otaplan, "select", "plans.jsonl", [case["plan"]], dict(case, fleet=fleet),
                      workdir, compare)


def windows_case(otaplan, case, workdir):
    plan = os.path.join(workdir, "plan.json")
    with open(plan, "w") as f:
        json.dump(case["plan"], f, ensure_ascii=False)
    p = run([otaplan, "windows", plan, "--from", case["from"], "--to", case["to"], "--json"])
    if p.returncode != 0:
        return [f"exit {p.returncode}: {p.stderr.strip()}"]
    got = [json.loads(line) for line in p.stdout.splitlines()]
    if got != case["expected"]:
        return [f"expected {case['expected']}, got {got}"]
    return []


CHECKS = {"evaluate.jsonl": evaluate_case, "windows.jsonl": windows_case,
          "rollout-evaluate.jsonl": evaluate_case, "rollout-windows.jsonl": windows_case,
          "versions-evaluate.jsonl": evaluate_case, "select.jsonl": select_case,
          "set-validate.jsonl": set_validate_case, "select.jsonl@directory": select_directory_case,
          "evaluate.jsonl@set": set_of_one_case, "rollout-evaluate.jsonl@set": set_of_one_case,
          "versions-evaluate.jsonl@set": set_of_one_case}
BASE_FILES = ("evaluate.jsonl", "windows.jsonl", "rollout-evaluate.jsonl", "rollout-windows.jsonl")


class Conformance(runner.Checks):
    """Every case of the files named (a subtest a case)."""

    def test_every_case(self):
        otaplan, directory = sys.argv[1], sys.argv[2]
        names = sys.argv[3:] or BASE_FILES
        with tempfile.TemporaryDirectory() as workdir:
            for name in names:
                check = CHECKS[name]
                with open(os.path.join(directory, name.split("@")[0])) as f:
                    for line in f:
                        case = json.loads(line)
                        problems = check(otaplan, case, workdir)
                        self.check(not problems, f"{case['case']}: " + "; ".join(problems[:5]))


if __name__ == "__main__":
    # Every argument is the script's (the files to run).
    runner.main("conformance", len(sys.argv) - 1)
