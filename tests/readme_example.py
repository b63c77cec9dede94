#!/usr/bin/env python3
"""The README's C example compiles as written against the built library and
prints what the README says it prints.

usage: readme_example.py CC README BUILD_ROOT SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import tempfile

cc, readme, build, source = sys.argv[1:5]
text = open(readme).read()
program = next(block for block in re.findall(r"```c\n(.*?)```", text, re.S) if "int main" in block)
claimed = re.search(r"It prints `([^`]*)`", text).group(1)
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "app.c")
    with open(path, "w") as f:
        f.write(program)
    app = os.path.join(folder, "app")
    compile = subprocess.run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", path, "-o", app,
                              "-I", os.path.join(source, "include"), "-I", build,
                              "-L", os.path.join(build, "lib"), "-lotaplan",
                              "-Wl,-rpath," + os.path.join(build, "lib")],
                             capture_output=True, text=True)
    ok = compile.returncode == 0
    if not ok:
        print(compile.stderr)
    run = subprocess.run([app], capture_output=True, text=True) if ok else None
    ok = ok and run.returncode == 0 and run.stdout.strip() == claimed
    if run is not None and not ok:
        print(f"printed {run.stdout!r}, the README says {claimed!r}")
print(f"{int(ok)} passed, {int(not ok)} failed")
sys.exit(0 if ok else 1)
