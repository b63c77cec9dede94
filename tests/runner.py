"""The one runner of the suite's Python tests: unittest.  A test script
defines unittest.TestCase classes (Checks for checks that should all be
tried, each a subtest) and ends with runner.main(NAME, ARGUMENTS): the
script's own command-line arguments come first and are read by it; the
rest name test classes to run.  meson reads the exit status: 0, 1 on any
failure, 77 (a skip) when every test skipped."""
import os
import sys
import tempfile
import unittest


class Checks(unittest.TestCase):
    """A TestCase whose check() records a failure and goes on, as a subtest,
    so that one run lists every check that fails."""

    def check(self, condition, message):
        with self.subTest(check=message[:100]):
            self.assertTrue(condition, message)


class InFolder(unittest.TestCase):
    """A TestCase with a temporary folder of its own for the files it writes."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def path(self, name, text):
        """Writes `text` (UTF-8) to the folder's file `name`; its path."""
        path = os.path.join(self.dir.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path


def arguments(count, usage):
    """The script's first `count` arguments (exit 2 with `usage` without them)."""
    if len(sys.argv) < count + 1:
        print(f"usage: {usage}", file=sys.stderr)
        sys.exit(2)
    return sys.argv[1:count + 1]


def main(name, count=0):
    """Runs the TestCases of __main__ (those named after the script's `count`
    arguments, or all) and exits with their verdict."""
    result = unittest.main(module="__main__", argv=sys.argv[:1] + sys.argv[count + 1:],
                           exit=False, verbosity=2).result
    # A failing check is a subtest: its test counts once, its checks apart.
    problems = result.failures + result.errors
    failed = len({getattr(test, "test_case", test).id() for test, _ in problems})
    skipped = len(result.skipped)
    checks = f" ({len(problems)} checks)" if len(problems) != failed else ""
    print(f"{name}: {result.testsRun - failed - skipped} passed, {failed} failed{checks}, "
          f"{skipped} skipped")
    if result.testsRun and skipped == result.testsRun and not failed:
        sys.exit(77)
    sys.exit(1 if failed else 0)
