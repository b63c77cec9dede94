#!/usr/bin/env python3
"""What a newcomer's mistakes get: a table of inputs and the
suggestion each must receive, in the message and as "hint" in --json, and
the exit statuses of --strict on every command that reads a plan.
usage: test_hints.py OTAPLAN"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import runner

OTAPLAN = None
NOW = "2026-03-01T00:00:00Z"
PLAN = {
    "name": "hints", "product": "lamp-1", "timezone": "Asia/Shanghai",
    "start": "2026-01-01T00:00", "end": "2026-12-31T00:00", "state": "active",
    "mode": "silent", "active_push": True, "push_window": {"start_hour": 0, "end_hour": 2},
    "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}],
}
CONFIRM = dict(PLAN, mode="user_confirm", region="intl", texts={"en": "New firmware"})
del CONFIRM["active_push"], CONFIRM["push_window"]


def component(**fields):
    return [dict(PLAN["components"][0], **fields)]


# (name, plan, code, path, the hint, or None for "no hint")
CASES = [
    ("zone typo", dict(PLAN, timezone="America/NewYork"), "timezone_unknown", "timezone",
     'did you mean "America/New_York"?'),
    ("zone city alone", dict(PLAN, timezone="Berlin"), "timezone_unknown", "timezone",
     'did you mean "Europe/Berlin"?'),
    ("zone case", dict(PLAN, timezone="asia/kolkata"), "timezone_unknown", "timezone",
     'did you mean "Asia/Kolkata"?'),
    ("zone with ICU's separator", dict(PLAN, timezone="Australia:NSW"), "timezone_unknown",
     "timezone", 'did you mean "Australia/NSW"?'),
    ("zone like no zone", dict(PLAN, timezone="Mars/Olympus_Mons"), "timezone_unknown",
     "timezone", None),
    ("underscore tag", dict(CONFIRM, texts={"en": "x", "zh_CN": "y"}), "text_lang_invalid",
     'texts["zh_CN"]', 'use "zh-CN": BCP 47 tags separate their parts with "-"'),
    ("bad tag", dict(CONFIRM, texts={"en": "x", "!!": "y"}), "text_lang_invalid", 'texts["!!"]',
     None),
    ("order named as others name it",
     dict(PLAN, components=component(target_version="2.0.0", version_order="semantic")),
     "version_order_invalid", "components[0].version_order", 'did you mean "semver"?'),
    ("order misspelt", dict(PLAN, components=component(version_order="natrual")),
     "version_order_invalid", "components[0].version_order", 'did you mean "natural"?'),
    ("order like no order", dict(PLAN, components=component(version_order="chronological")),
     "version_order_invalid", "components[0].version_order", None),
    ("upper bound as others name it",
     dict(PLAN, components=component(version_order="natural", max_version="3.0")),
     "field_unknown", "components[0].max_version",
     "did you mean components[0].below_version (an exclusive upper bound: below it, not at it)?"),
    ("space in a version list",
     dict(PLAN, components=component(specified_versions="3.1.0; 3.1.1")),
     "specified_versions_invalid", "components[0].specified_versions",
     "the space at column 7 is not allowed: versions are separated by ';' alone"),
    ("empty version", dict(PLAN, components=component(specified_versions="3.1.0;;3.1.1")),
     "specified_versions_invalid", "components[0].specified_versions",
     "column 7: an empty version (a ';' at an end, or two in a row)"),
    ("character in a version list",
     dict(PLAN, components=component(specified_versions="3.1.0;v3/1")),
     "specified_versions_invalid", "components[0].specified_versions",
     "the character '/' at column 9 is not allowed in a version"),
    ("C1 control in a version list",
     dict(PLAN, components=component(specified_versions="3.1.0;3\u00851")),
     "specified_versions_invalid", "components[0].specified_versions",
     "the control character U+0085 at column 8 is not allowed"),
    ("character counted in characters",
     dict(PLAN, components=component(specified_versions="版本;1")),
     "specified_versions_invalid", "components[0].specified_versions",
     "the character '版' at column 1 is not allowed in a version"),
    ("min_battery at the top", dict(PLAN, min_battery=30), "field_unknown", "min_battery",
     "did you mean strategy.min_battery?"),
    ("retry_count at the top", dict(PLAN, retry_count=3), "field_unknown", "retry_count",
     "did you mean strategy.retry_count?"),
    ("source_version at the top", dict(PLAN, source_version="1.0"), "field_unknown",
     "source_version", "did you mean components[i].source_version?"),
    ("salt at the top", dict(PLAN, salt="abc"), "field_unknown", "salt",
     "did you mean rollout.salt?"),
    ("spread at the top", dict(PLAN, spread=True), "field_unknown", "spread",
     "did you mean rollout.spread?"),
    ("weekdays at the top", dict(PLAN, weekdays=["mon"]), "field_unknown", "weekdays",
     "did you mean push_window.weekdays (or auto_upgrade_window.weekdays)?"),
    ("percent in rollout", dict(PLAN, rollout={"percent": 5}), "field_unknown", "rollout.percent",
     "did you mean rollout.phases[i].percent?"),
    ("min_signal in a component", dict(PLAN, components=component(min_signal=-100)),
     "field_unknown", "components[0].min_signal", "did you mean strategy.min_signal?"),
    ("a top-level field in strategy", dict(PLAN, strategy={"timezone": "UTC"}), "field_unknown",
     "strategy.timezone", "did you mean the plan's top-level field timezone?"),
    ("camel case key", dict(PLAN, pushWindow={"start_hour": 0, "end_hour": 2}), "field_unknown",
     "pushWindow", "did you mean push_window?"),
    ("typo in strategy", dict(PLAN, strategy={"retry_cout": 2}), "field_unknown",
     "strategy.retry_cout", "did you mean strategy.retry_count?"),
    ("typo in a component", dict(PLAN, components=component(sourceVersion="1")),
     "field_unknown", "components[0].sourceVersion", "did you mean components[0].source_version?"),
    ("key like no key", dict(PLAN, colour="blue"), "field_unknown", "colour", None),
]


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


def run(*args):
    return subprocess.run([OTAPLAN, *args], capture_output=True, text=True, timeout=120)


class Suggestions(Files):
    def test_every_suggestion(self):
        for name, plan, code, path, hint in CASES:
            with self.subTest(name):
                p = run("validate", self.write("p.json", plan), "--now", NOW, "--json")
                found = [d for d in json.loads(p.stdout)["diagnostics"]
                         if d["code"] == code and d["path"] == path]
                self.assertEqual(len(found), 1, p.stdout)
                self.assertEqual(found[0].get("hint"), hint)
                if hint:
                    self.assertTrue(found[0]["message"].endswith("; " + hint), found[0])
                    text = run("validate", self.write("p.json", plan), "--now", NOW).stdout
                    self.assertIn(hint, text)

    def test_not_applicable_warnings_say_what_happens_instead(self):
        cases = [
            (dict(CONFIRM, push_window={"start_hour": 0, "end_hour": 2}), "push_window",
             "which is absent: all day"),
            (dict(CONFIRM, push_window={"start_hour": 0, "end_hour": 2},
                  auto_upgrade_window={"start_hour": 1, "end_hour": 3}), "push_window",
             "this plan pushes during its auto_upgrade_window"),
            (dict(PLAN, active_push=False), "push_window", "this plan never pushes"),
            (dict(PLAN, auto_upgrade_window={"start_hour": 1, "end_hour": 3}),
             "auto_upgrade_window", "this plan pushes during its push_window"),
            (dict(CONFIRM, active_push=True), "active_push", "when users confirm"),
            (dict(CONFIRM, refusal_retry_minutes=60), "refusal_retry_minutes",
             "waits until the user confirms"),
            (dict(PLAN, texts={"en": "x"}), "texts", "without showing users any text"),
        ]
        for plan, path, words in cases:
            with self.subTest(path=path, words=words):
                p = run("validate", self.write("p.json", plan), "--now", NOW, "--json")
                found = [d for d in json.loads(p.stdout)["diagnostics"] if d["path"] == path]
                self.assertTrue(found and found[0]["code"].endswith("_not_applicable"), p.stdout)
                self.assertIn(words, found[0]["message"])


class Strict(Files):
    def test_exit_statuses(self):
        fleet = self.write("f.jsonl", '{"id": "d", "product": "lamp-1", "versions": {}}\n')
        device = self.write("d.json", '{"id": "d", "product": "lamp-1", "versions": {}}')
        warned = self.write("w.json", dict(PLAN, texts={"en": "ignored"}))
        clean = self.write("c.json", PLAN)
        invalid = self.write("i.json", dict(PLAN, timezone="Nowhere/At_All"))
        span = ["--from", "2026-03-01T00:00:00Z", "--to", "2026-03-02T00:00:00Z"]
        commands = [
            lambda plan: ["validate", plan, "--now", NOW],
            lambda plan: ["evaluate", plan, fleet, "--now", NOW],
            lambda plan: ["windows", plan] + span,
            lambda plan: ["simulate", plan, fleet] + span,
            lambda plan: ["explain", plan, device, "--now", NOW],
        ]
        for command in commands:
            with self.subTest(command(clean)[0]):
                self.assertEqual(run(*command(warned)).returncode, 0)
                p = run(*command(warned), "--strict")
                self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
                self.assertIn("texts_not_applicable", p.stdout + p.stderr)
                self.assertEqual(run(*command(clean), "--strict").returncode, 0)
                self.assertEqual(run(*command(invalid), "--strict").returncode, 1)
        p = run("validate", warned, "--now", NOW, "--strict")
        self.assertIn("invalid under --strict", p.stdout)


if __name__ == "__main__":
    OTAPLAN = sys.argv[1]
    runner.main("hints", 1)
