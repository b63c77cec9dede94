#!/usr/bin/env python3
"""Fresh time-zone data by default.  With ICU_TIMEZONE_FILES_DIR
unset, the `otaplan` program and the Python binding use the resources the
build made from the system's tz database: --version names the system's
version and the folder, America/Mexico_City is UTC-6 in July 2025 (ICU 72's
own 2022e still says UTC-5), America/Coyhaique is known.  A variable set by
the operator wins (empty: ICU's built-in data), and so does --tzdata DIR.

The package hook of contrib/ rebuilds stale resources and leaves current ones.

usage: test_tzdata_default.py OTAPLAN BUILD_ROOT; the binding is found as for
bindings/python/tests.  Ends with 'N passed, M failed'."""
import json
import os
import subprocess
import sys
import tempfile

import runner
from tzdata_helpers import PLAN, env

OTAPLAN, BUILD = sys.argv[1], sys.argv[2]
SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESOURCES = os.path.realpath(os.path.join(BUILD, "tzdata"))
with open("/usr/share/zoneinfo/tzdata.zi") as f:
    SYSTEM = f.readline().split()[2]


def otaplan(*args, **changes):
    return subprocess.run([OTAPLAN, *args], capture_output=True, text=True, timeout=120,
                          env=env(**changes))


def first_window(plan_path, *extra, **changes):
    p = otaplan("windows", plan_path, "--from", "2025-07-01T00:00:00Z", "--to",
                "2025-07-02T00:00:00Z", "--json", *extra, **changes)
    return json.loads(p.stdout.splitlines()[0])["start"] if p.returncode == 0 else p.stderr


PYTHON = r'''
import json, sys, otaplan
plan = json.loads(sys.argv[1])
windows = otaplan.Plan(plan).compile().windows("2025-07-01T00:00:00Z", "2025-07-02T00:00:00Z")
coyhaique = otaplan.Plan(dict(plan, timezone="America/Coyhaique")).validate()
print(json.dumps({"version": otaplan.tzdata_version(), "source": otaplan.tzdata_source(),
                  "start": windows[0][0].strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "coyhaique": [d.code for d in coyhaique if d.severity == "error"]}))
'''


def python(**changes):
    p = subprocess.run([sys.executable, "-c", PYTHON, json.dumps(PLAN)], capture_output=True,
                       text=True, timeout=120, env=env(python=True, **changes))
    return json.loads(p.stdout) if p.returncode == 0 else {"error": p.stderr}


class TzdataDefault(runner.Checks):
    def test_fresh_data_by_default(self):
        with tempfile.TemporaryDirectory() as folder:
            plan = os.path.join(folder, "plan.json")
            with open(plan, "w") as f:
                json.dump(PLAN, f)
            coyhaique = os.path.join(folder, "coyhaique.json")
            with open(coyhaique, "w") as f:
                json.dump(dict(PLAN, timezone="America/Coyhaique"), f)

            version = otaplan("--version")
            self.check(f"time-zone data {SYSTEM} from {RESOURCES}/zoneinfo64.res" in version.stdout,
                  f"--version by default: {version.stdout!r}")
            self.check(first_window(plan) == "2025-07-01T07:00:00Z",
                  f"Mexico City by default: {first_window(plan)}")
            p = otaplan("validate", coyhaique, "--now", "2025-05-01T00:00:00Z")
            self.check(p.returncode == 0 and "timezone_unknown" not in p.stdout, f"Coyhaique: {p.stdout}")
            stale = otaplan("validate", plan, "--now", "2025-05-01T00:00:00Z")
            self.check("tzdata_stale" not in stale.stdout, f"stale warning by default: {stale.stdout}")

            # The operator's variable wins: empty is ICU's built-in 2022e.
            builtin = otaplan("--version", ICU_TIMEZONE_FILES_DIR="")
            self.check("ICU's built-in data" in builtin.stdout and SYSTEM not in builtin.stdout,
                  f"--version with the variable empty: {builtin.stdout!r}")
            self.check(first_window(plan, ICU_TIMEZONE_FILES_DIR="") == "2025-07-01T06:00:00Z",
                  "Mexico City on ICU's own data should still be UTC-5 (tz 2022e)")
            stale = otaplan("validate", plan, "--now", "2025-05-01T00:00:00Z", ICU_TIMEZONE_FILES_DIR="")
            self.check("tzdata_stale" in stale.stdout and "otaplan-tzdata DIR" in stale.stdout and
                  "ICU_TIMEZONE_FILES_DIR=DIR" in stale.stdout, f"stale message: {stale.stdout}")
            operator = otaplan("--version", ICU_TIMEZONE_FILES_DIR=RESOURCES)
            self.check(f"{SYSTEM} from {RESOURCES}/zoneinfo64.res" in operator.stdout and
                  not operator.stderr, f"an operator's folder: {operator.stdout!r} {operator.stderr!r}")
            # A folder without resources: ICU falls back to its own data, which
            # is said, and warned of, instead of naming a file that
            # does not exist.
            elsewhere = otaplan("--version", ICU_TIMEZONE_FILES_DIR=folder + "/elsewhere")
            self.check(f"ICU's built-in data; {folder}/elsewhere has no zoneinfo64.res" in elsewhere.stdout
                  and f"from {folder}/elsewhere" not in elsewhere.stdout,
                  f"an operator's folder without resources: {elsewhere.stdout!r}")
            for command in (("--version",), ("validate", plan, "--now", "2025-05-01T00:00:00Z")):
                p = otaplan(*command, ICU_TIMEZONE_FILES_DIR=folder + "/elsewhere")
                self.check(f"warning: ICU_TIMEZONE_FILES_DIR={folder}/elsewhere has no zoneinfo64.res"
                      in p.stderr, f"{command[0]} warns of a folder without resources: {p.stderr!r}")
            # --tzdata beats everything, and must hold resources.
            given = otaplan("--version", "--tzdata", RESOURCES, ICU_TIMEZONE_FILES_DIR="")
            self.check(f"{SYSTEM} from {RESOURCES}/zoneinfo64.res" in given.stdout, f"--tzdata: {given.stdout!r}")
            self.check(first_window(plan, "--tzdata", RESOURCES, ICU_TIMEZONE_FILES_DIR="") ==
                  "2025-07-01T07:00:00Z", "--tzdata on windows")
            missing = otaplan("--version", "--tzdata", folder)
            self.check(missing.returncode == 2 and "no usable time-zone resources" in missing.stderr,
                  f"--tzdata of an empty folder: {missing.returncode} {missing.stderr!r}")

            py = python()
            self.check(py.get("version") == SYSTEM and py.get("source") == ["otaplan-tzdata resources", RESOURCES],
                  f"Python by default: {py}")
            self.check(py.get("start") == "2025-07-01T07:00:00Z" and py.get("coyhaique") == [],
                  f"Python's answers by default: {py}")
            py = python(ICU_TIMEZONE_FILES_DIR="")
            self.check(py.get("version") == "2022e" and py.get("start") == "2025-07-01T06:00:00Z" and
                  py.get("source", [""])[0] == "ICU_TIMEZONE_FILES_DIR",
                  f"Python with the variable empty: {py}")
            py = python(ICU_TIMEZONE_FILES_DIR=folder + "/elsewhere")
            self.check(py.get("version") == "2022e" and "has no zoneinfo64.res" in py.get("source", [""])[0],
                  f"Python with a folder without resources: {py}")
            warned = subprocess.run([sys.executable, "-c", "import otaplan"], capture_output=True,
                                    text=True, timeout=120,
                                    env=env(python=True, ICU_TIMEZONE_FILES_DIR=folder + "/elsewhere"))
            self.check("RuntimeWarning" in warned.stderr and "has no zoneinfo64.res" in warned.stderr,
                  f"Python warns of a folder without resources: {warned.stderr!r}")
            # contrib/apt's hook, with its prefix moved into the temporary folder.
            prefix = os.path.join(folder, "prefix")
            os.makedirs(os.path.join(prefix, "bin"))
            os.symlink(os.path.join(SOURCE, "tools", "otaplan-tzdata"),
                       os.path.join(prefix, "bin", "otaplan-tzdata"))
            hook = open(os.path.join(SOURCE, "contrib", "apt", "99otaplan-tzdata")).read()
            command = hook.split('"', 1)[1].rsplit('"', 1)[0].replace("/usr/local", prefix)
            resources = os.path.join(prefix, "share", "otaplan", "tzdata", "zoneinfo64.res")
            subprocess.run(["sh", "-c", command], check=True, timeout=300)
            self.check(os.path.exists(resources), "the apt hook built no resources")
            built = os.path.getmtime(resources)
            subprocess.run(["sh", "-c", command], check=True, timeout=300)
            self.check(os.path.getmtime(resources) == built, "the apt hook rebuilt current resources")
            with open(os.path.join(os.path.dirname(resources), "tzdata-version"), "w") as f:
                f.write("2000a\n")
            subprocess.run(["sh", "-c", command], check=True, timeout=300)
            with open(os.path.join(os.path.dirname(resources), "tzdata-version")) as f:
                self.check(f.readline().strip() == SYSTEM, "the apt hook left stale resources")


runner.main("tzdata-default", 2)
