#!/usr/bin/env python3
"""otaplan fmt and hash (issue 32): the canonical form is a fixed point and
keeps the plan's meaning, on every public conformance plan and on 10,000
variants of them (keys shuffled, other whitespace, other escapes); the hash
is SHA-256 (checked with Python's hashlib) of that form, the same across
variants and different for every single-field change; --check, --write,
standard input and refused input.
usage: test_fmt.py OTAPLAN CONFORMANCE_DIR"""
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

import runner

OTAPLAN = CONFORMANCE = None
FILES = ("evaluate.jsonl", "rollout-evaluate.jsonl", "versions-evaluate.jsonl", "windows.jsonl",
         "rollout-windows.jsonl", "select.jsonl", "set-validate.jsonl")


def run(*args, stdin=None):
    return subprocess.run([OTAPLAN, *args], input=stdin, capture_output=True)


def conformance_plans():
    """(case, plan) of every public file, each plan once."""
    seen, out = set(), []
    for name in FILES:
        with open(os.path.join(CONFORMANCE, name), encoding="utf-8") as f:
            for line in f:
                case = json.loads(line)
                for plan in case.get("plans") or [case["plan"]]:
                    key = json.dumps(plan, sort_keys=True)
                    if key not in seen:
                        seen.add(key)
                        out.append((case["case"], plan))
    return out


def shuffled(value, rng):
    """The same JSON value with every object's keys in a random order."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [shuffled(v, rng) for v in value]
    return value


def variant(plan, rng):
    """Another text of the same plan: keys shuffled, ASCII escapes or raw
    UTF-8, compact, spaced or indented."""
    style = rng.randrange(3)
    text = json.dumps(shuffled(plan, rng), ensure_ascii=rng.random() < 0.5,
                      indent=None if style < 2 else rng.choice([1, 4, "\t"]),
                      separators=(",", ":") if style == 0 else None)
    return text


class Fmt(runner.InFolder):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plans = conformance_plans()

    def fmt(self, text, name="plan.json"):
        done = run("fmt", self.path(name, text))
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        return done.stdout

    def test_every_conformance_plan_is_a_fixed_point_and_keeps_its_meaning(self):
        self.assertGreater(len(self.plans), 1200)
        for label, plan in self.plans:
            once = self.fmt(json.dumps(plan))
            self.assertTrue(once.endswith(b"}\n"), label)
            self.assertEqual(self.fmt(once.decode()), once, f"{label}: fmt of fmt")
            # Meaning: the same plan for the library (its SPEC JSON, keys
            # sorted, as the reader gives it back).
            self.assertEqual(self.canonical_meaning(once), self.canonical_meaning(
                json.dumps(plan).encode()), label)

    def canonical_meaning(self, text):
        """validate --json of a plan text: its every diagnostic."""
        done = run("validate", self.path("meaning.json", text.decode()), "--json",
                   "--now", "2026-01-01T00:00:00Z")
        return json.loads(done.stdout)

    def test_evaluate_answers_the_same_for_the_formatted_plan(self):
        with open(os.path.join(CONFORMANCE, "evaluate.jsonl"), encoding="utf-8") as f:
            cases = [json.loads(line) for line in f]
        for case in cases[:100]:
            fleet = self.path("fleet.jsonl", "".join(json.dumps(d) + "\n" for d in case["fleet"]))
            before = run("evaluate", self.path("a.json", json.dumps(case["plan"])), fleet,
                         "--json", "--now", case["now"], "--tick", str(case["tick"]))
            formatted = self.fmt(json.dumps(case["plan"]))
            after = run("evaluate", self.path("b.json", formatted.decode()), fleet, "--json",
                        "--now", case["now"], "--tick", str(case["tick"]))
            self.assertEqual(after.stdout, before.stdout, case["case"])
            self.assertEqual(after.returncode, before.returncode, case["case"])

    def test_ten_thousand_variants_format_as_their_plan(self):
        rng = random.Random(32)
        bases = [plan for _, plan in self.plans]
        expected = run("fmt", self.path("bases.jsonl", "".join(json.dumps(p) + "\n"
                                                                for p in bases)))
        self.assertEqual(expected.returncode, 0, expected.stderr.decode())
        lines = expected.stdout.decode().splitlines()
        self.assertEqual(len(lines), len(bases))
        picks = [rng.randrange(len(bases)) for _ in range(10_000)]
        text = "".join(json.dumps(shuffled(bases[i], rng), ensure_ascii=rng.random() < 0.5) + "\n"
                       for i in picks)
        got = run("fmt", self.path("variants.jsonl", text))
        self.assertEqual(got.returncode, 0, got.stderr.decode())
        got_lines = got.stdout.decode().splitlines()
        self.assertEqual(len(got_lines), 10_000)
        for k, i in enumerate(picks):
            self.assertEqual(got_lines[k], lines[i], f"variant {k} of plan {i}")
        # And the line form is a fixed point too.
        again = run("fmt", self.path("again.jsonl", got.stdout.decode()))
        self.assertEqual(again.stdout, got.stdout)

    def test_the_form_is_the_documented_one(self):
        plan = {"components": [{"target_version": "2.0", "method": "full", "id": "wifi",
                                "type": "module"}],
                "texts": {"zh-CN": "新固件", "en": "New firmware"}, "mode": "user_confirm",
                "region": "intl", "name": "caf\u00e9", "product": "lamp-1",
                "timezone": "Asia/Shanghai", "start": "2026-01-01T00:00",
                "end": "2026-12-31T00:00", "whitelist": ["b", "a"],
                "rollout": {"phases": [{"start": "2026-01-02T00:00", "percent": 12.5}]}}
        self.assertEqual(self.fmt(json.dumps(plan)).decode(), """{
  "name": "café",
  "product": "lamp-1",
  "region": "intl",
  "timezone": "Asia/Shanghai",
  "start": "2026-01-01T00:00",
  "end": "2026-12-31T00:00",
  "state": "saved",
  "mode": "user_confirm",
  "whitelist": [
    "b",
    "a"
  ],
  "components": [
    {
      "type": "module",
      "id": "wifi",
      "method": "full",
      "target_version": "2.0"
    }
  ],
  "texts": {
    "en": "New firmware",
    "zh-CN": "新固件"
  },
  "rollout": {
    "phases": [
      {
        "start": "2026-01-02T00:00",
        "percent": 12.5
      }
    ]
  }
}
""")

    def test_a_schema_named_by_the_plan_is_kept_first(self):
        plan = {"product": "p", "name": "n", "$schema": "./plan.schema.json"}
        block = self.fmt(json.dumps(plan)).decode()
        self.assertEqual(block, '{\n  "$schema": "./plan.schema.json",\n  "name": "n",\n'
                                '  "product": "p",\n  "state": "saved"\n}\n')
        self.assertEqual(self.fmt(block).decode(), block)
        lines = self.fmt(json.dumps(plan) + "\n" + json.dumps({"name": "m"}) + "\n",
                         "set.jsonl").decode()
        self.assertEqual(lines, '{"$schema": "./plan.schema.json", "name": "n", "product": "p", '
                                '"state": "saved"}\n{"name": "m", "state": "saved"}\n')
        self.assertEqual(self.fmt(json.dumps({"$schema": "s"})).decode(),
                         '{\n  "$schema": "s",\n  "state": "saved"\n}\n')
        # no field of the plan: no warning, no change of hash
        done = run("validate", self.path("schema.json", block), "--json")
        codes = [d["code"] for d in json.loads(done.stdout)["diagnostics"]]
        self.assertNotIn("field_unknown", codes)
        without = {k: v for k, v in plan.items() if k != "$schema"}
        hashes = [run("hash", self.path(name, text)).stdout
                  for name, text in (("a.json", block), ("b.json", json.dumps(without)))]
        self.assertEqual(hashes[0], hashes[1])
        self.assertTrue(hashes[0].startswith(b"sha256:"))
        # of the wrong type: field_type_invalid, which fmt refuses
        wrong = self.path("wrong.json", json.dumps(dict(plan, **{"$schema": 5})))
        done = run("validate", wrong, "--json")
        paths = [(d["code"], d["path"]) for d in json.loads(done.stdout)["diagnostics"]]
        self.assertIn(("field_type_invalid", "$schema"), paths)
        self.assertEqual(run("fmt", wrong).returncode, 2)

    def test_check_write_and_standard_input(self):
        plan = self.plans[0][1]
        canonical = self.fmt(json.dumps(plan))
        good = self.path("good.json", canonical.decode())
        bad = self.path("bad.json", json.dumps(plan))
        done = run("fmt", "--check", good)
        self.assertEqual((done.returncode, done.stdout), (0, b""))
        done = run("fmt", "--check", good, bad)
        self.assertEqual((done.returncode, done.stdout), (1, bad.encode() + b"\n"))
        done = run("fmt", "--write", good, bad)
        self.assertEqual((done.returncode, done.stdout), (0, b""), done.stderr)
        with open(bad, "rb") as f:
            self.assertEqual(f.read(), canonical)
        self.assertEqual(run("fmt", "--check", bad).returncode, 0)
        done = run("fmt", "-", stdin=json.dumps(plan).encode())
        self.assertEqual((done.returncode, done.stdout), (0, canonical))
        self.assertEqual(run("fmt", "--write", "-", stdin=b"{}").returncode, 2)
        self.assertEqual(run("fmt", "--check", "--write", good).returncode, 2)
        self.assertEqual(run("fmt").returncode, 2)
        self.assertEqual(run("fmt", os.path.join(self.dir.name, "missing.json")).returncode, 2)
        # A directory: its *.json files.
        folder = os.path.join(self.dir.name, "set")
        os.mkdir(folder)
        for name, text in (("a.json", canonical.decode()), ("b.json", json.dumps(plan))):
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write(text)
        done = run("fmt", "--check", folder)
        self.assertEqual((done.returncode, done.stdout.decode()),
                         (1, os.path.join(folder, "b.json") + "\n"))

    def test_what_fmt_refuses(self):
        plan = json.dumps(self.plans[0][1])
        for text, says in ((plan[:-1] + ', // a comment\n}', "JSON has no comments"),
                           (plan[:-1] + ",\n}", "JSON has no trailing commas"),
                           (plan[:-1] + ', "colour": "red"}', "[field_unknown]"),
                           (plan[:-1] + ', "priority": "high"}', "[field_type_invalid]"),
                           ("[1, 2]", "error")):
            done = run("fmt", self.path("refused.json", text))
            self.assertEqual(done.returncode, 2, text)
            self.assertIn(says, done.stderr.decode(), text)
            self.assertEqual(done.stdout, b"")


class Hash(runner.InFolder):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plans = conformance_plans()

    def hash_of(self, text):
        done = run("hash", self.path("plan.json", text))
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        return done.stdout.decode().strip()

    def test_the_hash_is_the_sha256_of_the_canonical_form(self):
        plan = json.dumps(self.plans[0][1])
        canonical = run("fmt", self.path("kat.json", plan)).stdout
        self.assertEqual(self.hash_of(plan), "sha256:" + hashlib.sha256(canonical).hexdigest())

    def test_a_known_answer(self):
        plan = {"name": "night", "product": "lamp-1", "timezone": "Asia/Shanghai",
                "start": "2026-01-01T00:00", "end": "2026-12-31T00:00", "state": "active",
                "mode": "silent", "push_window": {"start_hour": 0, "end_hour": 2},
                "components": [{"type": "module", "id": "wifi", "method": "full",
                                "target_version": "2.0"}]}
        self.assertEqual(self.hash_of(json.dumps(plan)), KNOWN_HASH)

    def test_the_same_across_formatting_and_escapes(self):
        rng = random.Random(7)
        for _, plan in self.plans[:150]:
            base = self.hash_of(json.dumps(plan))
            self.assertEqual(self.hash_of(variant(plan, rng)), base)
        self.assertEqual(self.hash_of('{"name": "caf\\u00e9", "product": "p"}'),
                         self.hash_of('{"product": "p", "name": "café"}'))

    def test_every_single_field_change_changes_it(self):
        changed = 0
        for _, plan in self.plans[:40]:
            base = self.hash_of(json.dumps(plan))
            for key, value in plan.items():
                if isinstance(value, bool):
                    other = not value
                elif isinstance(value, int):
                    other = value + 1
                elif key == "activated_at":  # another second, still an instant
                    other = value[:17] + ("00" if value[17:19] != "00" else "01") + value[19:]
                elif isinstance(value, str):
                    other = value + "x" if key not in ("state", "mode", "region") else (
                        "suspended" if value != "suspended" else "active")
                elif isinstance(value, list) and value and isinstance(value[0], str):
                    other = value + ["another-device"]
                else:
                    continue
                self.assertNotEqual(self.hash_of(json.dumps(dict(plan, **{key: other}))), base,
                                    f"{plan['name']}: {key}")
                changed += 1
            component = dict(plan["components"][0], target_version="9.9.9-changed")
            changed_plan = dict(plan, components=[component] + plan["components"][1:])
            self.assertNotEqual(self.hash_of(json.dumps(changed_plan)), base)
        self.assertGreater(changed, 300)


class HashOption(unittest.TestCase):
    """--hash: the JSON of evaluate, select and explain names the plan that made each
    decision by the hash `otaplan hash` gives."""
    EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
    NOW = "2026-12-02T15:00:00Z"

    def lines(self, *args):
        done = run(*args, "--json", "--now", self.NOW)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        return [json.loads(line) for line in done.stdout.decode().splitlines()]

    def hashes(self, path):
        done = run("hash", path)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        return dict(reversed(line.split("  ", 1)) if "  " in line else ("", line)
                    for line in done.stdout.decode().splitlines())

    def test_evaluate_select_and_explain_carry_it(self):
        plan = os.path.join(self.EXAMPLES, "night-plan.json")
        fleet = os.path.join(self.EXAMPLES, "fleet.jsonl")
        (expected,) = self.hashes(plan).values()
        with_hash = self.lines("evaluate", plan, fleet, "--hash")
        without = self.lines("evaluate", plan, fleet)
        self.assertGreater(len(with_hash), 10)
        for a, b in zip(with_hash, without):
            self.assertEqual(a.pop("plan_hash"), expected)
            self.assertEqual(a, b)
        plans = os.path.join(self.EXAMPLES, "plan-set")
        by_name = self.hashes(plans)
        with open(os.path.join(self.EXAMPLES, "plan-set-fleet.jsonl"), encoding="utf-8") as f:
            devices = f.read() + '{"id": "x-1", "product": "another-product"}\n'
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as set_fleet:
            set_fleet.write(devices)
            set_fleet.flush()
            selected = self.lines("select", plans, set_fleet.name, "--hash")
        self.assertTrue(any(s["plan"] is None for s in selected))
        self.assertTrue(any(s["plan"] is not None for s in selected))
        for s in selected:
            self.assertEqual(s["plan_hash"], by_name[s["plan"]] if s["plan"] else None, s["id"])
        with tempfile.NamedTemporaryFile("w", suffix=".json") as device:
            device.write(open(fleet, encoding="utf-8").readline())
            device.flush()
            (explained,) = self.lines("explain", plan, device.name, "--hash")
            self.assertEqual(explained["plan_hash"], expected)
            self.assertIn("checks", explained)


# The hash of test_a_known_answer's plan: its canonical form's SHA-256,
# which a change of the form (or of SHA-256) would change.
KNOWN_HASH = "sha256:" + hashlib.sha256(b"""{
  "name": "night",
  "product": "lamp-1",
  "timezone": "Asia/Shanghai",
  "start": "2026-01-01T00:00",
  "end": "2026-12-31T00:00",
  "state": "active",
  "mode": "silent",
  "push_window": {
    "start_hour": 0,
    "end_hour": 2
  },
  "components": [
    {
      "type": "module",
      "id": "wifi",
      "method": "full",
      "target_version": "2.0"
    }
  ]
}
""").hexdigest()

if __name__ == "__main__":
    OTAPLAN, CONFORMANCE = sys.argv[1], sys.argv[2]
    del sys.argv[1:3]
    unittest.main(verbosity=1)
