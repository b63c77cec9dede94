#!/usr/bin/env python3
"""The repository's copy of the public conformance cases (tests/conformance)
must equal ../shared/conformance whenever that folder exists beside the
repository, so the copy never goes stale.  Without it there is nothing to
compare: exit 77, which meson reports as a skip.

usage: conformance_copy.py COPY_DIR SHARED_DIR"""
import filecmp
import os
import sys


def main():
    copy, shared = sys.argv[1], sys.argv[2]
    if not os.path.isdir(shared):
        print(f"{shared} does not exist: nothing to compare")
        return 77
    names = sorted(set(os.listdir(copy)) | set(os.listdir(shared)))
    stale = []
    for name in names:
        a, b = os.path.join(copy, name), os.path.join(shared, name)
        if not os.path.isfile(a):
            stale.append(f"{name}: missing from {copy}")
        elif not os.path.isfile(b):
            stale.append(f"{name}: not in {shared}")
        elif not filecmp.cmp(a, b, shallow=False):
            stale.append(f"{name}: differs")
    for line in stale:
        print(line)
    if stale:
        print(f"copy {shared}/* into {copy}/")
    print(f"{len(names) - len(stale)} passed, {len(stale)} failed")
    return 1 if stale else 0


sys.exit(main())
