#!/usr/bin/env python3
"""A truncated or corrupt zoneinfo64.res never crashes a consumer.
ICU trusts the file it maps (of 32 truncation lengths, 23 crashed `otaplan
--version`), so libotaplan-json checks the file against the size and SHA-256
that otaplan-tzdata writes beside it before ICU may load it, and falls back
to ICU's built-in data with a warning.  Every prefix length class (0, 1, 100
bytes, half, all but one byte), random byte flips, a file without a checksum
and a checksum of another file, through the program (the operator's variable
and --tzdata) and the Python binding: a clean answer on ICU's data with a
warning, or a clean refusal, never a signal.

usage: test_tzdata_corrupt.py OTAPLAN BUILD_ROOT (the binding as for
bindings/python/tests).  Ends with 'N passed, M failed'."""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

import runner
from tzdata_helpers import PLAN, env


OTAPLAN, BUILD = sys.argv[1], sys.argv[2]
RESOURCES = os.path.join(BUILD, "tzdata")
PYTHON = ("import json, sys, otaplan\n"  # the import warns on standard error
          "plan = otaplan.Plan(json.loads(sys.argv[1]))\n"
          "print(json.dumps({'version': otaplan.tzdata_version(), 'source': otaplan.tzdata_source(),\n"
          "                  'errors': [d.code for d in plan.validate() if d.severity == 'error']}))\n")


def variants(data, version_file):
    """(name, bytes of zoneinfo64.res, text of tzdata-version)."""
    n = len(data)
    for length in (0, 1, 100, n // 2, n - 1):
        yield f"the first {length} bytes", data[:length], version_file
    rng = random.Random(20261206)
    for k in range(12):
        flipped = bytearray(data)
        for _ in range(1 + k % 3):
            at = rng.randrange(n)
            flipped[at] ^= 1 << rng.randrange(8)
        yield f"byte flips #{k}", bytes(flipped), version_file
    yield "no checksum (an older otaplan-tzdata)", data, version_file.splitlines()[0] + "\n"
    yield "the checksum of another file", data, version_file.replace(
        version_file.split("sha256:")[1][:8], "00000000")
    yield "a file of the right size that is not ICU's", bytes(n), version_file


class TzdataCorrupt(runner.Checks):
    def test_no_bad_resources_reach_icu(self):
        with open(os.path.join(RESOURCES, "zoneinfo64.res"), "rb") as f:
            data = f.read()
        with open(os.path.join(RESOURCES, "tzdata-version")) as f:
            version_file = f.read()
        with tempfile.TemporaryDirectory() as work:
            plan = os.path.join(work, "plan.json")
            with open(plan, "w") as f:
                json.dump(PLAN, f)
            folder = os.path.join(work, "tz")
            os.mkdir(folder)
            # The intact copy is taken: the check passes what the tool wrote.
            shutil.copy(os.path.join(RESOURCES, "zoneinfo64.res"), folder)
            shutil.copy(os.path.join(RESOURCES, "tzdata-version"), folder)
            p = subprocess.run([OTAPLAN, "--version"], capture_output=True, text=True, timeout=60,
                               env=env(ICU_TIMEZONE_FILES_DIR=folder))
            self.check(p.returncode == 0 and f"from {folder}/zoneinfo64.res" in p.stdout and not p.stderr,
                  f"the intact copy: {p.returncode} {p.stdout!r} {p.stderr!r}")
            for name, content, version_text in variants(data, version_file):
                with open(os.path.join(folder, "zoneinfo64.res"), "wb") as f:
                    f.write(content)
                with open(os.path.join(folder, "tzdata-version"), "w") as f:
                    f.write(version_text)
                for args in (("--version",), ("validate", plan, "--now", "2025-05-01T00:00:00Z")):
                    p = subprocess.run([OTAPLAN, *args], capture_output=True, text=True, timeout=60,
                                       env=env(ICU_TIMEZONE_FILES_DIR=folder))
                    self.check(p.returncode in (0, 1) and "truncated or corrupt" in p.stderr,
                          f"{name}, {args[0]}: exit {p.returncode}, {p.stderr!r}")
                    if args[0] == "--version":
                        self.check("ICU's built-in data" in p.stdout, f"{name}: {p.stdout!r}")
                p = subprocess.run([OTAPLAN, "--tzdata", folder, "--version"], capture_output=True,
                                   text=True, timeout=60, env=env())
                self.check(p.returncode == 2 and "no usable time-zone resources" in p.stderr,
                      f"{name}, --tzdata: exit {p.returncode}, {p.stderr!r}")
                p = subprocess.run([sys.executable, "-W", "always", "-c", PYTHON, json.dumps(PLAN)],
                                   capture_output=True, text=True, timeout=120,
                                   env=env(python=True, ICU_TIMEZONE_FILES_DIR=folder))
                answer = json.loads(p.stdout) if p.returncode == 0 else {}
                self.check(p.returncode == 0 and "truncated or corrupt" in p.stderr and
                      answer.get("errors") == [] and "corrupt" in answer.get("source", [""])[0],
                      f"{name}, Python: exit {p.returncode}, {answer}, {p.stderr[-300:]!r}")


runner.main("tzdata-corrupt", 2)
