#!/usr/bin/env python3
"""The JSON Schemas of schema/ (issue 32) against what otaplan reads and
writes, checked with a real validator (python3-jsonschema, draft 2020-12):

- every schema is a valid draft 2020-12 schema, and `otaplan schema NAME`
  prints its file;
- plans: for every public conformance plan, every plan written in the C
  tests of the JSON reader (test_json.c, test_hostile.c) and 12,496
  variants of conformance plans (each field given another JSON type, an
  unknown key at each level), validated by `otaplan validate`: a plan with
  a field_type_invalid or field_unknown is invalid under the schema, and a
  plan without them and without errors is valid.  The one difference the
  schema cannot help is listed in doc/rules.md 9.5: an integer written as
  1.0 or 1e2 is a number with no fraction to JSON Schema, a type error to
  the reader;
- devices: every conformance device (alone, and in a set) is valid, and
  variants of them the reader refuses for a type or an unknown key are not;
- output: every expected answer of the conformance cases, and the program's
  own lines with --hash and bad lines, are valid evaluate/select lines;
- tests: the example tests are valid test lines.
usage: test_schema.py OTAPLAN SOURCE_ROOT CONFORMANCE_DIR"""
import copy
import json
import os
import random
import re
import subprocess
import sys
import unittest

import runner

try:
    import jsonschema
except ImportError:  # a failure, not a skip: install-deps installs it
    sys.exit("test_schema.py needs python3-jsonschema (scripts/install-deps.sh installs it)")

OTAPLAN = SOURCE = CONFORMANCE = None
SCHEMAS = ("plan", "device", "set-device", "evaluate-line", "select-line", "test")
PLAN_FILES = ("evaluate.jsonl", "rollout-evaluate.jsonl", "versions-evaluate.jsonl",
              "windows.jsonl", "rollout-windows.jsonl", "select.jsonl", "set-validate.jsonl")
OTHER_TYPES = ["x", 7, 1.5, True, [], {}, None, ["x"], [7], [{}]]


def run(*args, stdin=None):
    return subprocess.run([OTAPLAN, *args], input=stdin, capture_output=True)


def schema(name):
    with open(os.path.join(SOURCE, "schema", name + ".schema.json"), encoding="utf-8") as f:
        return json.load(f)


def validator(name):
    return jsonschema.Draft202012Validator(schema(name))


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def strict_object(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")  # the readers refuse the document
    return dict(pairs)


def conformance(name):
    with open(os.path.join(CONFORMANCE, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def conformance_plans():
    seen, out = set(), []
    for name in PLAN_FILES:
        for case in conformance(name):
            for plan in case.get("plans") or [case["plan"]]:
                key = json.dumps(plan, sort_keys=True)
                if key not in seen:
                    seen.add(key)
                    out.append(plan)
    return out


def c_string_literals(text):
    """The string literals of a C file, adjacent ones joined, as bytes."""
    out, i, n = [], 0, len(text)
    current = None
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            i = text.index("*/", i) + 2
        elif text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else n
        elif c == "'":
            i = text.index("'", i + 1 + (text[i + 1] == "\\")) + 1
        elif c == '"':
            j, data = i + 1, bytearray()
            while text[j] != '"':
                if text[j] == "\\":
                    e = text[j + 1]
                    simple = {"n": 10, "t": 9, "r": 13, "0": 0, "\\": 92, '"': 34, "'": 39}
                    if e == "x":
                        m = re.match(r"[0-9a-fA-F]+", text[j + 2:])
                        data.append(int(m.group(0), 16) & 0xFF)
                        j += 2 + len(m.group(0))
                        continue
                    if e == "u":
                        data += chr(int(text[j + 2:j + 6], 16)).encode("utf-8", "surrogatepass")
                        j += 6
                        continue
                    data.append(simple.get(e, ord(e)))
                    j += 2
                else:
                    data += text[j].encode("utf-8")
                    j += 1
            current = (current or b"") + bytes(data)
            i = j + 1
            continue
        elif not c.isspace() and current is not None:
            out.append(current)
            current = None
        i += 1
    return out


def readable(value):
    """Whether otaplan reads the document at all (no lone surrogate, no NUL,
    no integer beyond int64): the others are refused before any field."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return "\0" not in value
    if isinstance(value, int) and not isinstance(value, bool):
        return -2**63 <= value < 2**63
    if isinstance(value, dict):
        return all(readable(k) and readable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(readable(v) for v in value)
    return True


def c_test_plans():
    """The JSON objects written as string literals in the reader's C tests."""
    plans = []
    for name in ("test_json.c", "test_hostile.c"):
        with open(os.path.join(SOURCE, "tests", name), encoding="utf-8") as f:
            for literal in c_string_literals(f.read()):
                try:
                    value = json.loads(literal.decode("utf-8"), object_pairs_hook=strict_object)
                except (ValueError, UnicodeDecodeError):
                    continue
                if isinstance(value, dict) and readable(value):
                    plans.append(value)
    return plans


def paths(value, prefix=()):
    """Every path in a JSON value, each with the value there."""
    yield prefix, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):  # the first entries of long lists suffice
            yield from paths(v, prefix + (i,))


def replaced(value, path, new):
    out = copy.deepcopy(value)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return out


def variants(plan, rng):
    """The plan with one field of another JSON type, or an unknown key."""
    for path, value in paths(plan):
        if isinstance(value, dict):
            yield replaced(plan, path, dict(value, zz_unknown=1)) if path else \
                dict(plan, zz_unknown=1)
        if not path:
            continue
        for other in rng.sample(OTHER_TYPES, 4):
            if type(other) is not type(value):
                yield replaced(plan, path, other)


def has_integral_float(value):
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, dict):
        return any(has_integral_float(v) for v in value.values())
    if isinstance(value, list):
        return any(has_integral_float(v) for v in value)
    return False


class Schemas(runner.InFolder):
    def test_the_schemas_are_draft_2020_12_and_printed_as_installed(self):
        for name in SCHEMAS:
            jsonschema.Draft202012Validator.check_schema(schema(name))
            self.assertEqual(schema(name)["$schema"], "https://json-schema.org/draft/2020-12/schema")
            done = run("schema", name)
            with open(os.path.join(SOURCE, "schema", name + ".schema.json"), "rb") as f:
                self.assertEqual((done.returncode, done.stdout), (0, f.read()), name)
        done = run("schema", "fleet")
        self.assertEqual(done.returncode, 2)
        self.assertIn(b"no schema \"fleet\"", done.stderr)
        self.assertEqual(run("schema").returncode, 2)

    def verdicts(self, plans):
        """otaplan validate's diagnostics codes of each plan, read as one set."""
        text = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in plans)
        done = run("validate", self.path("plans.jsonl", text), "--json",
                   "--now", "2020-01-01T00:00:00Z")
        self.assertIn(done.returncode, (0, 1), done.stderr.decode()[:500])
        per_plan = [[] for _ in plans]
        for d in json.loads(done.stdout)["diagnostics"]:
            m = re.match(r"plans\[(\d+)\]", d["path"])
            if d["code"] in ("name_duplicate", "upgrade_cycle"):
                continue  # between plans, no plan's own
            per_plan[int(m.group(1))].append((d["severity"], d["code"], d["path"]))
        return per_plan

    def check_plans(self, plans, label):
        """Both directions on each plan; returns the counts of each kind."""
        plan_schema = validator("plan")
        counts = {"type or key": 0, "valid": 0, "other errors": 0, "integral float": 0}
        for plan, diagnostics in zip(plans, self.verdicts(plans)):
            codes = {code for _, code, _ in diagnostics}
            errors = [d for d in diagnostics if d[0] == "error"]
            schema_errors = [e.message for e in plan_schema.iter_errors(plan)]
            if codes & {"field_type_invalid", "field_unknown"}:
                if not schema_errors and has_integral_float(plan):
                    counts["integral float"] += 1  # doc/rules.md 9.5
                    continue
                counts["type or key"] += 1
                self.assertTrue(schema_errors, f"{label}: the reader says {diagnostics}, the "
                                               f"schema nothing: {json.dumps(plan)[:400]}")
            elif not errors:
                counts["valid"] += 1
                self.assertEqual(schema_errors, [], f"{label}: a valid plan: {json.dumps(plan)[:400]}")
            else:
                counts["other errors"] += 1
        return counts

    def test_conformance_plans(self):
        plans = conformance_plans()
        counts = self.check_plans(plans, "conformance")
        self.assertGreater(len(plans), 1200)
        self.assertGreater(counts["valid"], 900, counts)

    def test_the_c_tests_plans(self):
        plans = c_test_plans()
        counts = self.check_plans(plans, "C tests")
        self.assertGreater(len(plans), 80)
        self.assertGreater(counts["type or key"], 60, counts)
        # 1e2 and 1.5 in test_hostile.c: one is a documented difference, one no integer at all
        self.assertGreaterEqual(counts["integral float"], 1, counts)

    def test_variants_of_each_field_of_conformance_plans(self):
        rng = random.Random(95)
        plans = conformance_plans()
        chosen = rng.sample(plans, 120)
        out = [v for plan in chosen for v in variants(plan, rng)]
        counts = self.check_plans(out, "variant")
        self.assertGreater(len(out), 10000)
        self.assertGreater(counts["type or key"], 8000, counts)
        self.assertGreater(counts["valid"], 200, counts)

    def test_devices(self):
        device, set_device = validator("device"), validator("set-device")
        count = 0
        for name in ("evaluate.jsonl", "rollout-evaluate.jsonl", "versions-evaluate.jsonl",
                     "select.jsonl"):
            check = set_device if name == "select.jsonl" else device
            for case in conformance(name):
                for d, answer in zip(case["fleet"], case["expected"]):
                    if "error" not in answer:
                        errors = [e.message for e in check.iter_errors(d)]
                        self.assertEqual(errors, [], f"{case['case']}: {d}")
                        count += 1
        self.assertGreater(count, 4000)

    def test_devices_the_reader_refuses_for_a_type_or_a_key(self):
        rng = random.Random(4)
        device = validator("device")
        fleet = [d for case in conformance("evaluate.jsonl")[:40] for d in case["fleet"]
                 if isinstance(d, dict)]
        out = [v for d in fleet[:120] for v in variants(d, rng)]
        text = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in out)
        plan = self.path("plan.json", json.dumps(conformance("evaluate.jsonl")[0]["plan"]))
        done = run("evaluate", plan, self.path("fleet.jsonl", text), "--json",
                   "--now", "2026-01-01T00:00:00Z")
        answers = [json.loads(line) for line in done.stdout.decode().splitlines()]
        self.assertEqual(len(answers), len(out))
        refused = accepted = 0
        for d, answer in zip(out, answers):
            errors = list(device.iter_errors(d))
            why = answer.get("error", "")
            if re.search(r"must be (a|an|true) |has no field", why) and not has_integral_float(d):
                refused += 1
                self.assertTrue(errors, f"the reader says {why!r}, the schema nothing: {d}")
            elif "error" not in answer:
                accepted += 1
                self.assertEqual([e.message for e in errors], [], d)
        self.assertGreater(refused, 1000)
        self.assertGreater(accepted, 100)

    def test_output_lines(self):
        evaluate, select = validator("evaluate-line"), validator("select-line")
        count = 0
        for name in ("evaluate.jsonl", "rollout-evaluate.jsonl", "versions-evaluate.jsonl"):
            for case in conformance(name):
                for answer in case["expected"]:
                    self.assertEqual([e.message for e in evaluate.iter_errors(answer)], [], answer)
                    count += 1
        for case in conformance("select.jsonl"):
            for answer in case["expected"]:
                self.assertEqual([e.message for e in select.iter_errors(answer)], [], answer)
                count += 1
        self.assertGreater(count, 4000)
        # the program's own, with --hash and a bad line
        examples = os.path.join(SOURCE, "examples")
        fleet = read_text(os.path.join(examples, "fleet.jsonl")) + "{\"id\":1}\n"
        done = run("evaluate", os.path.join(examples, "night-plan.json"), "-", "--json", "--hash",
                   "--now", "2026-12-02T18:30:00Z", stdin=fleet.encode())
        lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
        self.assertEqual(len(lines), 301)
        for line in lines:
            self.assertEqual([e.message for e in evaluate.iter_errors(line)], [], line)
        fleet = read_text(os.path.join(examples, "plan-set-fleet.jsonl"))
        done = run("select", os.path.join(examples, "plan-set"), "-", "--json", "--hash",
                   "--now", "2027-01-05T00:00:00Z", stdin=(fleet + "[]\n").encode())
        lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
        self.assertTrue(any(line.get("plan_hash") is None and "plan" in line for line in lines))
        for line in lines:
            self.assertEqual([e.message for e in select.iter_errors(line)], [], line)
        # and what is not an answer is no line
        self.assertTrue(list(evaluate.iter_errors(dict(lines[0], eligible="yes"))))
        self.assertTrue(list(select.iter_errors({"id": "x", "eligible": True})))

    def test_the_example_tests(self):
        tests, device, set_device = validator("test"), validator("device"), validator("set-device")
        for name, check in (("night-plan.tests.jsonl", device), ("intl-plan.tests.jsonl", device),
                            ("plan-set.tests.jsonl", set_device)):
            with open(os.path.join(SOURCE, "examples", name), encoding="utf-8") as f:
                for line in f:
                    test = json.loads(line)
                    self.assertEqual([e.message for e in tests.iter_errors(test)], [], test["name"])
                    self.assertEqual([e.message for e in check.iter_errors(test["device"])], [])
        self.assertTrue(list(tests.iter_errors({"name": "n", "device": {}, "now": "x",
                                                "expect": {}})))


if __name__ == "__main__":
    OTAPLAN, SOURCE, CONFORMANCE = sys.argv[1:4]
    unittest.main(argv=sys.argv[:1], verbosity=1)
