#!/usr/bin/env python3
"""Writes a fleet of N smart locks for rollout-plan.json to standard output
(deterministic; N defaults to 100,000): mostly idle devices on 2.4.x, with
a few already upgraded, some of another product, some refusing.
usage: make-rollout-fleet.py [N] > fleet.jsonl"""
import json
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
write = sys.stdout.write
for i in range(count):
    device = {"id": f"lock-{i:06d}", "product": "smart-lock_v2",
              "versions": {"wifi-fw": "2.4.%d" % (i % 3)}, "battery": 20 + i % 80}
    if i % 50 == 1:
        device["product"] = "smart-lock_v1"
    elif i % 50 == 2:
        device["state"] = "succeeded"
    elif i % 50 == 3:
        device.update(state="refused", state_at="2026-12-01T16:30:00Z")
    write(json.dumps(device, separators=(",", ":")) + "\n")
