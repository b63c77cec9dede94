#!/usr/bin/env python3
"""The extension builds with PostgreSQL's own PGXS Makefile (postgres/Makefile)
against an installed otaplan, as a user without meson builds it: `meson
install` into a staging folder, then `make` with pkg-config pointed there.
PGXS compiles with PostgreSQL's warning flags (-Wdeclaration-after-statement
among them): the build must print no warning.  The control file names the
release's version, and its scripts are those the Makefile installs.
usage: pgxs_build.py SOURCE_ROOT BUILD_ROOT PG_CONFIG (a skip without make)."""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests"))
import runner  # noqa: E402

source, build, pg_config = runner.arguments(3, "pgxs_build.py SOURCE_ROOT BUILD_ROOT PG_CONFIG")


@unittest.skipIf(not shutil.which("make"), "no make (scripts/install-deps.sh installs it)")
class PgxsBuild(runner.Checks):
    def test_the_module_builds_with_pgxs_against_an_install(self):
        with tempfile.TemporaryDirectory() as work:
            stage = os.path.join(work, "stage")
            p = subprocess.run(["meson", "install", "-C", build, "--destdir", stage, "--no-rebuild",
                                "--quiet"], capture_output=True, text=True)
            self.check(p.returncode == 0, f"meson install --destdir {p.stderr[-500:]}")
            pc = glob.glob(os.path.join(stage, "**", "otaplan-json.pc"), recursive=True)
            self.check(len(pc) == 1, "the install holds otaplan-json.pc")
            tree = os.path.join(work, "postgres")
            shutil.copytree(os.path.join(source, "postgres"), tree,
                            ignore=shutil.ignore_patterns("results", "*.o", "*.so"))
            env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pc[0]) if pc else "",
                       PKG_CONFIG_SYSROOT_DIR=stage)
            p = subprocess.run(["make", "-C", tree, f"PG_CONFIG={pg_config}"], env=env,
                               capture_output=True, text=True)
            warnings = [line for line in (p.stdout + p.stderr).splitlines() if "warning:" in line]
            self.check(p.returncode == 0 and os.path.exists(os.path.join(tree, "otaplan.so")),
                  f"make builds otaplan.so {p.stderr[-1500:]}")
            self.check(not warnings, "PGXS's flags give no warning: " + "\n".join(warnings[:20]))
            # A module may leave symbols undefined (the server's are): every otaplan
            # function it calls must come from a library it names as NEEDED.
            module = os.path.join(tree, "otaplan.so")
            if os.path.exists(module):
                dynamic = subprocess.run(["readelf", "-d", module], capture_output=True, text=True).stdout
                needed = re.findall(r"\(NEEDED\).*\[(lib[^\]]+)\]", dynamic)
                provided = set()
                for name in needed:
                    for path in glob.glob(os.path.join(stage, "**", name), recursive=True):
                        provided |= {line.split()[-1].split("@")[0] for line in subprocess.run(
                            ["nm", "-D", "--defined-only", path], capture_output=True,
                            text=True).stdout.splitlines() if line.strip()}
                calls = {line.split()[-1].split("@")[0] for line in subprocess.run(
                    ["nm", "-D", "-u", module], capture_output=True, text=True).stdout.splitlines()
                    if line.split() and line.split()[-1].startswith("ota_")}
                self.check(calls and calls <= provided,
                      f"every otaplan function the module calls is in a NEEDED library: "
                      f"missing {sorted(calls - provided)} (NEEDED {needed})")
            with open(os.path.join(tree, "Makefile")) as f:
                makefile = f.read()
            with open(os.path.join(tree, "otaplan.control")) as f:
                default = re.search(r"default_version = '([^']+)'", f.read()).group(1)
            with open(os.path.join(source, "meson.build")) as f:
                release = re.search(r"version: '([^']+)'", f.read()).group(1)
            self.check(default == release, f"otaplan.control's default_version {default} is the release")
            data = re.search(r"^DATA = (.*)$", makefile, re.M).group(1).split()
            scripts = sorted(os.path.basename(p) for p in glob.glob(os.path.join(tree, "otaplan--*.sql")))
            self.check(sorted(data) == scripts and f"otaplan--{release}.sql" in data,
                  f"the Makefile installs every script: {data} vs {scripts}")


runner.main("pgxs", 3)
