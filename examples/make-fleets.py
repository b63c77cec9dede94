#!/usr/bin/env python3
"""Writes the example fleets (deterministic): fleet.jsonl for night-plan.json
and cam-fleet.jsonl for intl-plan.json.  Together, with the --now of the
README, they meet every device-level reason of SPEC 5 and every result of
SPEC 6.  Run from this folder: ./make-fleets.py"""
import json
import random

rng = random.Random(2026)


def lock(i):
    d = {"id": f"lock-{i:04d}", "product": "smart-lock_v2",
         "versions": {"wifi-fw": "2.3.1", "mcu.ctrl": rng.choice(["1.6", "1.7", "1.7.1"])},
         "signal": rng.randint(-105, -60), "battery": rng.randint(35, 100)}
    kind = i % 20
    if kind == 1:
        d["product"] = "smart-lock_v1"                      # wrong_product
    elif kind == 2:
        d["state"] = "succeeded"                            # already_succeeded
    elif kind == 3:
        d.update(state="failed", failed_attempts=3)         # retries_exhausted
    elif kind == 4:
        d.update(state="failed", failed_attempts=1)         # retry left: pushed
    elif kind == 5:
        d["state"] = "upgrading"                            # in_progress
    elif kind == 6:
        d["versions"] = {"wifi-fw": "2.4.0", "mcu.ctrl": "1.8"}   # no_applicable_component
    elif kind == 7:
        d["versions"] = {"wifi-fw": "2.2.0", "mcu.ctrl": "1.5"}   # source_mismatch, not specified
    elif kind == 8:
        d["signal"] = -118                                  # low_signal
    elif kind == 9:
        d["battery"] = 12                                   # low_battery
    elif kind == 10:
        d.update(state="refused", state_at="2026-12-02T16:40:00Z")  # refusal timer
    elif kind == 11:
        del d["versions"]["mcu.ctrl"]                       # component_missing, wifi applies
    return d


def camera(i):
    d = {"id": f"cam-{i:04d}", "product": "cam-3", "versions": {"main": "4.2.0"},
         "battery": rng.randint(45, 100), "auto_update": i % 3 == 0}
    kind = i % 8
    if kind == 1:
        d.update(state="user_confirmed", state_at="2026-10-24T18:00:00Z")
    elif kind == 2:
        d.update(state="user_confirmed", state_at="2026-10-24T18:00:00Z",
                 appointment={"start": "2026-10-25T01:05:00Z", "end": "2026-10-25T02:00:00Z"})
    elif kind == 3:
        d.update(state="refused", state_at="2026-10-24T12:00:00Z")
    elif kind == 4:
        d["battery"] = 20                                   # low_battery
    elif kind == 5:
        d["versions"] = {"main": "5.0.0"}                   # at target
    return d


with open("fleet.jsonl", "w") as f:
    for i in range(1, 301):
        f.write(json.dumps(lock(i)) + "\n")
with open("cam-fleet.jsonl", "w") as f:
    for i in range(1, 15):  # cam-0013 and cam-0014 are not whitelisted
        f.write(json.dumps(camera(i)) + "\n")
