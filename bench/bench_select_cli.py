#!/usr/bin/env python3
"""otaplan select over a fleet with the 10,000-plan set of bench_set (100
products; per product 2 fleet-wide plans and 98 whitelist plans of 100 IDs),
against otaplan evaluate of the governing fleet-wide plan alone on the same
fleet, in the same run: the whole process (reading the set, validating and
compiling it, reading and writing JSON), wall time and peak RSS, the median
of 5 alternating runs, and select's peak RSS on a tenth of the fleet (flat
memory: the same within the set's own).
usage: bench/bench_select_cli.py OTAPLAN [DEVICES] [JOBS]   (1,000,000, 2)
OTAPLAN_BENCH_KEEP=DIR writes the inputs there and keeps them (plans.jsonl,
governing.json, fleet.jsonl, tenth.jsonl), for a profiler's run.
The fleet is of one product (prod-0): 9,800 devices are the whitelists' IDs
(3 candidates: the 2 fleet-wide plans and one whitelist plan), the rest
have 2 candidates."""
import json
import os
import statistics
import subprocess
import sys
import tempfile

NOW = "2026-06-01T18:30:00Z"


def plan(product, n):
    p = {"name": f"plan {product}/{n}", "product": f"prod-{product}",
         "timezone": "Asia/Shanghai", "start": "2026-01-01T00:00", "end": "2026-12-31T00:00",
         "state": "active", "mode": "silent", "push_window": {"start_hour": 1, "end_hour": 5},
         "priority": 1 if n == 0 else 0,
         "components": [{"type": "module", "id": "fw", "method": "full",
                         "target_version": "2.0" if n < 2 else "2.1"}]}
    if n >= 2:
        p["whitelist"] = [f"wl-{product}-{n}-{k}" for k in range(100)]
    return p


def write_inputs(work, devices):
    plans = os.path.join(work, "plans.jsonl")
    with open(plans, "w") as f:
        for product in range(100):
            for n in range(100):
                f.write(json.dumps(plan(product, n)) + "\n")
    with open(os.path.join(work, "governing.json"), "w") as f:
        json.dump(plan(0, 0), f)
    listed = [f"wl-0-{n}-{k}" for n in range(2, 100) for k in range(100)]
    for name, count in (("fleet.jsonl", devices), ("tenth.jsonl", devices // 10)):
        with open(os.path.join(work, name), "w") as f:
            for i in range(count):
                device_id = listed[i] if i < len(listed) else f"dev-{i:07d}"
                f.write('{"id":"%s","product":"prod-0","versions":{"fw":"1.0"},"battery":%d}\n'
                        % (device_id, i % 100))
    return plans


def timed(command):
    """(wall seconds, peak RSS KiB) of the child, its output discarded."""
    before = os.times().elapsed
    with open(os.devnull, "w") as sink:
        p = subprocess.Popen(command, stdout=sink)
        _, status, usage = os.wait4(p.pid, 0)
    wall = os.times().elapsed - before
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[1]} exited {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_maxrss


def main():
    otaplan = sys.argv[1]
    devices = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    jobs = sys.argv[3] if len(sys.argv) > 3 else "2"
    keep = os.environ.get("OTAPLAN_BENCH_KEEP")
    if keep:
        os.makedirs(keep, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = keep or scratch
        plans = write_inputs(work, devices)
        fleet = os.path.join(work, "fleet.jsonl")
        evaluate = [otaplan, "evaluate", os.path.join(work, "governing.json"), fleet, "--now", NOW,
                    "--json", "--jobs", jobs]
        select = [otaplan, "select", plans, fleet, "--now", NOW, "--json", "--jobs", jobs]
        select_tenth = [otaplan, "select", plans, os.path.join(work, "tenth.jsonl"), "--now", NOW,
                        "--json", "--jobs", jobs]
        load = [otaplan, "validate", plans, "--now", NOW]
        runs = {"evaluate": [], "select": [], "select_tenth": [], "set_only": []}
        for _ in range(5):  # alternating, so that all meet the same machine
            runs["evaluate"].append(timed(evaluate))
            runs["select"].append(timed(select))
            runs["select_tenth"].append(timed(select_tenth))
            runs["set_only"].append(timed(load))
        med = {k: (statistics.median(w for w, _ in v), statistics.median(r for _, r in v))
               for k, v in runs.items()}
    e, s, t, v = med["evaluate"], med["select"], med["select_tenth"], med["set_only"]
    print(f"\n## otaplan select, 10,000-plan set, {devices:,} devices, --jobs {jobs} "
          "(median of 5 alternating runs)\n")
    print("| command | wall time | peak RSS | devices/s |\n|---|---:|---:|---:|")
    print(f"| evaluate PLAN (the governing plan alone) | {e[0]:.2f} s | {e[1] / 1024:.1f} MiB "
          f"| {devices / e[0]:.3g} |")
    print(f"| select PLANS (10,000 plans) | {s[0]:.2f} s | {s[1] / 1024:.1f} MiB "
          f"| {devices / s[0]:.3g} |")
    print(f"| select PLANS, {devices // 10:,} devices | {t[0]:.2f} s | {t[1] / 1024:.1f} MiB | |")
    print(f"| validate PLANS (reading and checking the set alone) | {v[0]:.2f} s "
          f"| {v[1] / 1024:.1f} MiB | |")
    print(f"\nselect / evaluate: {s[0] / e[0]:.2f}; select's peak RSS, all devices / a tenth: "
          f"{s[1] / t[1]:.2f}")
    # What a device costs once the set is loaded: the difference of the two
    # fleets' runs, against evaluate's whole run per device.
    marginal = (s[0] - t[0]) / (devices - devices // 10) * 1e9
    per_evaluate = e[0] / devices * 1e9
    print(f"per device beyond loading the set: {marginal:.0f} ns (select), "
          f"{per_evaluate:.0f} ns (evaluate, whole run): {marginal / per_evaluate:.2f}; "
          f"loading the set: about {s[0] - marginal * devices / 1e9:.2f} s")
    if os.environ.get("OTAPLAN_BENCH_JSON"):
        with open(os.environ["OTAPLAN_BENCH_JSON"], "a") as f:
            f.write(json.dumps({"name": "cli_select_ratio", "ratio": s[0] / e[0]}) + "\n")


if __name__ == "__main__":
    main()
