#!/usr/bin/env python3
"""The Python binding installs as a package: `pip install
--no-build-isolation bindings/python`, offline, into a fresh virtual
environment (`python3 -m venv --system-site-packages`, Debian's setuptools),
with the libraries from `meson install` into a staging folder; then the
README's Python example runs verbatim with the installed package.
usage: python_install.py SOURCE_ROOT BUILD_ROOT [B_SANITIZE]"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import runner

source, build = sys.argv[1], sys.argv[2]
# A sanitized library cannot load into an interpreter without its runtime.
SANITIZED = len(sys.argv) > 3 and sys.argv[3] not in ("", "none")
# Debian's interpreter (and its setuptools and wheel) when there is one.
python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else shutil.which("python3")


@unittest.skipIf(SANITIZED, "a sanitized build (the library needs the sanitizer's runtime)")
class PythonInstall(runner.Checks):
    def test_pip_installs_the_package_and_the_readme_example_runs(self):
        with open(os.path.join(source, "meson.build")) as f:
            meson_version = re.search(r"version: '([^']+)'", f.read()).group(1)
        with open(os.path.join(source, "bindings", "python", "pyproject.toml")) as f:
            package_version = re.search(r'^version = "([^"]+)"', f.read(), re.M).group(1)
        self.check(meson_version == package_version,
              f"pyproject.toml's version {package_version} is meson.build's {meson_version}")

        with open(os.path.join(source, "README.md")) as f:
            readme = f.read()
        example = re.search(r"## From Python.*?```python\n(.*?)```", readme, re.S).group(1)

        with tempfile.TemporaryDirectory() as work:
            stage = os.path.join(work, "stage")
            p = subprocess.run(["meson", "install", "-C", build, "--destdir", stage, "--no-rebuild",
                                "--quiet"], capture_output=True, text=True)
            self.check(p.returncode == 0, f"meson install --destdir {p.stderr[-500:]}")
            libraries = {}
            for folder, _, files in os.walk(stage):
                for name in files + [n for n in os.listdir(folder) if os.path.islink(os.path.join(folder, n))]:
                    if name in ("libotaplan.so.1", "libotaplan-json.so.2", "libotaplan-tzdata.so.1"):
                        libraries[name] = os.path.join(folder, name)
            self.check(len(libraries) == 3, f"the install holds the three libraries: {sorted(libraries)}")
            venv = os.path.join(work, "venv")
            p = subprocess.run([python, "-m", "venv", "--system-site-packages", venv],
                               capture_output=True, text=True)
            if p.returncode != 0 and "ensurepip" in p.stdout + p.stderr:
                # scripts/test.sh installs python3-venv; a bare `meson test` may lack it.
                raise unittest.SkipTest("python3 -m venv is not available (Debian python3-venv)")
            self.check(p.returncode == 0, f"python3 -m venv --system-site-packages {p.stderr[-500:]}")
            # The package is copied first: pip builds in the source folder, and the
            # repository's stays clean.
            package = os.path.join(work, "python")
            shutil.copytree(os.path.join(source, "bindings", "python"), package,
                            ignore=shutil.ignore_patterns("tests", "meson.build", "__pycache__"))
            venv_python = os.path.join(venv, "bin", "python")
            p = subprocess.run([venv_python, "-m", "pip", "install", "--no-build-isolation", "--no-index",
                                "--quiet", package], capture_output=True, text=True)
            self.check(p.returncode == 0, f"pip install --no-build-isolation {p.stdout[-500:]} {p.stderr[-800:]}")
            env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LD_PRELOAD")}
            env.update(OTAPLAN_LIBRARY=libraries.get("libotaplan.so.1", ""),
                       OTAPLAN_JSON_LIBRARY=libraries.get("libotaplan-json.so.2", ""),
                       OTAPLAN_TZDATA_LIBRARY=libraries.get("libotaplan-tzdata.so.1", ""))
            p = subprocess.run([venv_python, "-c", "import otaplan, sys; print(otaplan.__file__)"],
                               capture_output=True, text=True, env=env, cwd=work)
            self.check(p.returncode == 0 and p.stdout.startswith(venv),
                  f"the package imports from the environment: {p.stdout.strip()} {p.stderr[-300:]}")
            p = subprocess.run([venv_python, "-c", example], capture_output=True, text=True, env=env,
                               cwd=source)
            self.check(p.returncode == 0 and "push_at" in p.stdout,
                  f"the README's example runs: {p.stdout.strip()} {p.stderr[-500:]}")


runner.main("python-install", 3 if len(sys.argv) > 3 else 2)
