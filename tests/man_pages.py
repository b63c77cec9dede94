#!/usr/bin/env python3
"""The man pages render (man -l, with groff's warnings as failures) and
otaplan(1) mentions every command and every option the program's own help
names; libotaplan(3) every function a caller meets first.
usage: man_pages.py OTAPLAN MAN_DIR    (a skip without man)"""
import os
import re
import shutil
import subprocess
import unittest

import runner

OTAPLAN, FOLDER = runner.arguments(2, "man_pages.py OTAPLAN MAN_DIR")


def render(page):
    p = subprocess.run(["man", "-l", "--warnings", os.path.join(FOLDER, page)],
                       capture_output=True, text=True, env=dict(os.environ, MANWIDTH="100"))
    return p.returncode, p.stdout, p.stderr


@unittest.skipIf(not shutil.which("man"), "no man program (Debian man-db)")
class ManPages(runner.Checks):
    def test_pages_render_without_warnings(self):
        for page in ("otaplan.1", "libotaplan.3"):
            status, text, warnings = render(page)
            self.check(status == 0 and len(text) > 2000 and not warnings.strip(),
                       f"{page} renders without warnings {warnings.strip()[:300]}")

    def test_otaplan_1_has_every_command_and_option(self):
        _, page, _ = render("otaplan.1")
        usage = subprocess.run([OTAPLAN, "help"], capture_output=True, text=True).stdout
        commands = re.findall(r"^  ([a-z]+) ", usage, re.M)
        self.check(set(commands) >= {"validate", "evaluate", "windows", "explain", "simulate", "help"},
                   f"the usage lists the commands: {commands}")
        options = set(re.findall(r"--[a-z]+", usage))
        for command in commands:
            if command != "help":
                options |= set(re.findall(r"--[a-z]+", subprocess.run(
                    [OTAPLAN, "help", command], capture_output=True, text=True).stdout))
        for command in commands:
            self.check(re.search(rf"\botaplan\s+{command}\b", page) is not None,
                       f"otaplan(1) has {command}")
        for option in sorted(options):
            self.check(option in page, f"otaplan(1) has {option}")
        for heading in ("EXIT STATUS", "ENVIRONMENT", "EXAMPLES"):
            self.check(heading in page, f"otaplan(1) has {heading}")

    def test_libotaplan_3_has_the_first_functions(self):
        _, library, _ = render("libotaplan.3")
        for function in ("ota_plan_init", "ota_plan_validate", "ota_plan_compile", "ota_device_init",
                         "ota_device_eligible", "ota_device_eligible_many", "ota_next_push_time",
                         "ota_next_push_time_many", "ota_device_explain",
                         "ota_compiled_plan_next_window", "ota_rollout_bucket",
                         "ota_compiled_plan_rollout_verdict", "ota_diagnostics_hint",
                         "ota_compiled_plan_free"):
            self.check(function in library, f"libotaplan(3) has {function}")


runner.main("man-pages", 2)
