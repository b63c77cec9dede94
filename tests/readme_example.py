#!/usr/bin/env python3
"""The README's C example compiles as written against the built library and
prints what the README says it prints.

usage: readme_example.py CC README BUILD_ROOT SOURCE_ROOT"""
import os
import re
import subprocess
import tempfile
import unittest

import runner

CC, README, BUILD, SOURCE = runner.arguments(4, "readme_example.py CC README BUILD_ROOT SOURCE_ROOT")


class ReadmeExample(unittest.TestCase):
    def test_the_c_example_prints_what_the_readme_says(self):
        text = open(README).read()
        program = next(block for block in re.findall(r"```c\n(.*?)```", text, re.S)
                       if "int main" in block)
        claimed = re.search(r"It prints `([^`]*)`", text).group(1)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "app.c")
            with open(path, "w") as f:
                f.write(program)
            app = os.path.join(folder, "app")
            built = subprocess.run([CC, "-std=c11", "-Wall", "-Wextra", "-Werror", path, "-o", app,
                                    "-I", os.path.join(SOURCE, "include"), "-I", BUILD,
                                    "-L", os.path.join(BUILD, "lib"), "-lotaplan",
                                    "-Wl,-rpath," + os.path.join(BUILD, "lib")],
                                   capture_output=True, text=True)
            self.assertEqual(built.returncode, 0, built.stderr)
            ran = subprocess.run([app], capture_output=True, text=True)
            self.assertEqual(ran.returncode, 0)
            self.assertEqual(ran.stdout.strip(), claimed)


runner.main("readme-example", 4)
