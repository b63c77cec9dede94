#!/usr/bin/env python3
"""The repository's copy of the public conformance cases (tests/conformance)
must equal ../shared/conformance whenever that folder exists beside the
repository, so the copy never goes stale.  Without it there is nothing to
compare: a skip.

usage: conformance_copy.py COPY_DIR SHARED_DIR"""
import filecmp
import os
import unittest

import runner

COPY, SHARED = runner.arguments(2, "conformance_copy.py COPY_DIR SHARED_DIR")


class Copy(runner.Checks):
    def test_the_copy_equals_the_shared_cases(self):
        if not os.path.isdir(SHARED):
            raise unittest.SkipTest(f"{SHARED} does not exist: nothing to compare")
        for name in sorted(set(os.listdir(COPY)) | set(os.listdir(SHARED))):
            a, b = os.path.join(COPY, name), os.path.join(SHARED, name)
            self.check(os.path.isfile(a), f"{name}: missing from {COPY} (copy {SHARED}/* in)")
            self.check(os.path.isfile(b), f"{name}: not in {SHARED}")
            if os.path.isfile(a) and os.path.isfile(b):
                self.check(filecmp.cmp(a, b, shallow=False),
                           f"{name}: differs (copy {SHARED}/* into {COPY}/)")


runner.main("conformance-copy", 2)
