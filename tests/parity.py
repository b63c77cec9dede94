#!/usr/bin/env python3
"""The same plan gives the same diagnostics through `otaplan validate --json`
and through the Python binding: both read it with libotaplan-json.
The plans are every hostile plan of tests/test_hostile.c that has a JSON form
(test_hostile writes them when OTAPLAN_HOSTILE_JSON_DIR is set), plus
wrongly typed documents that only JSON can express.

usage: parity.py OTAPLAN TEST_HOSTILE; the Python binding is found as for
bindings/python/tests."""
import json
import os
import subprocess
import sys
import tempfile

import runner
from otaplan import Plan

NOW = "2026-06-01T00:00:00Z"
# Under ASan this interpreter runs with the sanitizer's runtime preloaded
# (for the binding); the programs it starts link their own.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
BASE = {"name": "parity", "product": "lamp-1", "timezone": "Asia/Shanghai",
        "start": "2026-01-01T10:00", "end": "2026-12-31T00:00", "state": "active",
        "mode": "silent", "push_window": {"start_hour": 0, "end_hour": 2},
        "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}]}
TYPED = {
    "name-number": dict(BASE, name=5), "bluetooth-5": dict(BASE, bluetooth=5),
    "active-push-string": dict(BASE, active_push="yes"), "window-list": dict(BASE, push_window=[0, 2]),
    "strategy-float": dict(BASE, strategy={"retry_count": 1.5, "min_battery": "50"}),
    "lists-of-numbers": dict(BASE, blacklist=list(range(100)), whitelist="dev"),
    "components-object": dict(BASE, components={"id": "wifi"}),
    "typo-and-misplaced": dict(BASE, pushWindow={"start_hour": 1}, min_battery=30),
    "texts-list": dict(BASE, mode="user_confirm", region="intl", texts=["en"]),
    "huge-integers": dict(BASE, refusal_retry_minutes=2 ** 40, strategy={"min_signal": -2 ** 40}),
}


def cli(otaplan, path):
    p = subprocess.run([otaplan, "validate", path, "--now", NOW, "--json"], capture_output=True,
                       text=True, timeout=300, env=CHILD_ENV)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"{path}: exit {p.returncode}: {p.stderr}")
    return [(d["severity"], d["code"], d["path"], d["message"], d.get("hint"))
            for d in json.loads(p.stdout)["diagnostics"]]


def python(path):
    with open(path, "rb") as f:
        return [tuple(d) for d in Plan(f.read()).validate(now=NOW)]


class Parity(runner.Checks):
    def test_the_program_and_python_say_the_same(self):
        otaplan, hostile = sys.argv[1], sys.argv[2]
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([hostile], env=dict(CHILD_ENV, OTAPLAN_HOSTILE_JSON_DIR=folder),
                           check=True, capture_output=True, timeout=600)
            for name, document in TYPED.items():
                with open(os.path.join(folder, f"typed-{name}.json"), "w") as f:
                    json.dump(document, f)
            files = sorted(os.listdir(folder))
            self.check(len(files) >= 60, f"only {len(files)} plans were written")
            for name in files:
                path = os.path.join(folder, name)
                a, b = cli(otaplan, path), python(path)
                self.check(a == b and a, f"{name}:\n  otaplan: {a}\n  python:  {b}")


runner.main("parity", 2)
