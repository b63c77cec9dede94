#!/usr/bin/env python3
"""Runs the public conformance cases (base and rollout) (tests/conformance, a copy of ../shared/conformance; see its README)
through the `otaplan` binary: `evaluate --json` and `windows --json`.

usage: conformance.py OTAPLAN CONFORMANCE_DIR
Prints one line per failing case and ends with 'N passed, M failed'."""
import json
import os
import subprocess
import sys
import tempfile

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


def evaluate_case(otaplan, case, workdir):
    plan = os.path.join(workdir, "plan.json")
    fleet = os.path.join(workdir, "fleet.jsonl")
    with open(plan, "w") as f:
        json.dump(case["plan"], f, ensure_ascii=False)
    with open(fleet, "w") as f:
        for device in case["fleet"]:
            f.write(json.dumps(device, ensure_ascii=False) + "\n")
    p = run([otaplan, "evaluate", plan, fleet, "--now", case["now"],
             "--tick", str(case["tick"]), "--json"])
    if p.returncode != 0:
        return [f"exit {p.returncode}: {p.stderr.strip()}"]
    lines = p.stdout.splitlines()
    if len(lines) != len(case["expected"]):
        return [f"{len(lines)} output lines for {len(case['expected'])} devices"]
    problems = []
    for i, (expected, line) in enumerate(zip(case["expected"], lines)):
        for problem in compare_device(expected, json.loads(line)):
            problems.append(f"device {i} ({expected['id']}): {problem}")
    return problems


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


def main():
    otaplan, directory = sys.argv[1], sys.argv[2]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as workdir:
        for name, check in (("evaluate.jsonl", evaluate_case), ("windows.jsonl", windows_case),
                            ("rollout-evaluate.jsonl", evaluate_case),
                            ("rollout-windows.jsonl", windows_case)):
            with open(os.path.join(directory, name)) as f:
                for line in f:
                    case = json.loads(line)
                    problems = check(otaplan, case, workdir)
                    if problems:
                        failed += 1
                        print(f"FAIL {case['case']}: " + "; ".join(problems[:5]))
                    else:
                        passed += 1
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
