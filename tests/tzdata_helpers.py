"""What the time-zone data tests share (test_tzdata_default.py and
test_tzdata_corrupt.py): a plan in a zone whose rules changed after ICU's
built-in 2022e, and the environment of the programs they start."""
import os

PLAN = {"name": "mx", "product": "lamp-1", "timezone": "America/Mexico_City",
        "start": "2025-06-01T00:00", "end": "2025-08-01T00:00", "state": "active",
        "mode": "silent", "push_window": {"start_hour": 1, "end_hour": 2},
        "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}]}


def env(python=False, **changes):
    """The environment without the operator's variable; programs started
    here do not get the sanitizer runtime that an ASan run preloads into
    this interpreter (they link their own)."""
    e = {k: v for k, v in os.environ.items()
         if k != "ICU_TIMEZONE_FILES_DIR" and (python or k != "LD_PRELOAD")}
    e.update(changes)
    return e

