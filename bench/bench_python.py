#!/usr/bin/env python3
"""The Python binding over 100,000 devices: CompiledPlan.eligible()
and .next_push() in a loop against eligible_many() and next_push_many(),
which cross into C once, and PlanSet.select() of a dict against select() of
its JSON text, and explain(); alternating runs, the median of 5, in one process.
usage: PYTHONPATH=bindings/python OTAPLAN_LIBRARY=build/lib/libotaplan.so.1 \\
       OTAPLAN_JSON_LIBRARY=build/lib/json/libotaplan-json.so.1 bench/bench_python.py [DEVICES] [--loops|--parts]
The first row is the C evaluation alone (one call over the same devices), the baseline of the
single calls' cost (issue 31: eligible() <= 3 us, <= 30x the C call).  OTAPLAN_SPEEDUPS= (empty)
times the ctypes path without the C speed-ups.
--loops times the two loops alone: what a batch call leaves in the heap changes how fast the loop
after it runs (bench/RESULTS.md).  --parts times the pieces of eligible_many() (the list's
json.dumps, the call into C, building the answers) with the cyclic collector on and off."""
import gc
import json
import os
import statistics
import sys
import time

from ctypes import POINTER, byref, c_size_t, c_void_p, cast

from otaplan import Plan, PlanSet
from otaplan import _native as native
from otaplan._device_struct import device_struct
from otaplan._fast import speedups

PLAN = {"name": "bench", "product": "smart-lock_v2", "timezone": "Asia/Shanghai",
        "start": "2026-12-01T00:00", "end": "2027-03-01T00:00", "state": "active",
        "mode": "silent", "active_push": True, "push_window": {"start_hour": 0, "end_hour": 2},
        "strategy": {"min_battery": 30}, "blacklist": ["lock-0013", "lock-0042"],
        "components": [{"type": "module", "id": "wifi-fw", "method": "delta",
                        "source_version": "2.3.1", "target_version": "2.4.0"},
                       {"type": "mcu", "id": "mcu.ctrl", "method": "full", "target_version": "1.8"}]}
NOW = 1796236200  # 2026-12-02T18:30:00Z


def median_us(case, count):
    """The median of 7 runs of case(), in µs a device."""
    times = []
    for _ in range(7):
        start = time.perf_counter()
        case()
        times.append(time.perf_counter() - start)
    return statistics.median(times) / count * 1e6


def parts(compiled, devices):
    """eligible_many()'s pieces, through the binding's own internals."""
    count = len(devices)
    answer = compiled._many(devices, NOW, None)
    pieces = {
        "json.dumps, default separators": lambda: json.dumps(devices, ensure_ascii=False).encode(),
        "json.dumps, compact (what _many() does)":
            lambda: json.dumps(devices, ensure_ascii=False, separators=(",", ":")).encode(),
        "_many(): json.dumps and ota_json_evaluate_many()":
            lambda: compiled._many(devices, NOW, None),
        "building the answers": lambda: compiled._eligibilities(answer[1], answer[2], count),
        "eligible_many(), whole": lambda: compiled.eligible_many(devices, NOW),
    }
    print(f"\n## eligible_many()'s pieces, {count:,} devices (µs a device, median of 7)\n")
    print("| piece | collector on | collector off |\n|---|---:|---:|")
    for name, case in pieces.items():
        on = median_us(case, count)
        gc.disable()
        try:
            off = median_us(case, count)
        finally:
            gc.enable()
        print(f"| {name} | {on:.2f} | {off:.2f} |")


def drop(call, devices):
    for d in devices:
        call(d, NOW)


def c_many(compiled, devices):
    """The C evaluation alone, for the same devices: their structs made
    beforehand (_device_struct), then one ctypes call of
    ota_device_eligible_many() over all of them; returns the case to time."""
    structs = [device_struct(d) for d in devices]
    count = len(structs)
    pointers = (c_void_p * count)(*[cast(byref(s[0]), c_void_p) for s in structs])
    answers = (native.Eligibility * count)()
    for a in answers:
        a.version = native.ELIGIBILITY_VERSION
    outs = (POINTER(native.Eligibility) * count)(*[cast(byref(a), POINTER(native.Eligibility))
                                                    for a in answers])
    failed = c_size_t()
    handle = compiled._guard.held_handle

    def case():
        status = native.lib.ota_device_eligible_many(handle, pointers, count, NOW, outs,
                                                     byref(failed))
        assert status == native.OK, status
    case.keep = (structs, answers)
    return case


def main():
    arguments = [a for a in sys.argv[1:] if a not in ("--loops", "--parts")]
    loops_only = "--loops" in sys.argv[1:]
    count = int(arguments[0]) if arguments else 100_000
    if os.environ.get("OTAPLAN_BENCH_QUICK", "0") != "0":
        count = min(count, 2000)  # the smoke run: the figures mean nothing
    devices = [{"id": f"lock-{i:07d}", "product": "smart-lock_v2",
                "versions": {"wifi-fw": "2.3.1", "mcu.ctrl": "1.7"}, "signal": -60 - i % 50,
                "battery": i % 100} for i in range(count)]
    compiled = Plan(PLAN).compile()
    plan_set = PlanSet([compiled])
    texts = [json.dumps(d) for d in devices]
    if "--parts" in sys.argv[1:]:
        parts(compiled, devices)
        return
    cases = {
        "C: ota_device_eligible_many(), one call, the same devices": c_many(compiled, devices),
        "eligible() in a loop": lambda: [compiled.eligible(d, NOW) for d in devices],
        # A server's request: one answer used and dropped, so the cyclic
        # collector does not walk every answer kept so far (each holds a list).
        "eligible() in a loop, answers dropped": lambda: drop(compiled.eligible, devices),
        "eligible_many()": lambda: compiled.eligible_many(devices, NOW),
        "eligible_many(pause_gc=True)": lambda: compiled.eligible_many(devices, NOW, pause_gc=True),
        "next_push() in a loop": lambda: [compiled.next_push(d, NOW) for d in devices],
        "next_push() in a loop, answers dropped": lambda: drop(compiled.next_push, devices),
        "next_push_many()": lambda: compiled.next_push_many(devices, NOW),
        "next_push_many(pause_gc=True)": lambda: compiled.next_push_many(devices, NOW,
                                                                         pause_gc=True),
        # A set of one plan: the dict straight into ota_set_device, against its JSON text.
        "select() in a loop, answers dropped": lambda: drop(plan_set.select, devices),
        "select() of the JSON texts in a loop, answers dropped": lambda: drop(plan_set.select, texts),
        "explain() in a loop, answers dropped": lambda: drop(compiled.explain, devices),
    }
    if loops_only:
        cases = {name: case for name, case in cases.items() if "loop" in name or "C:" in name}
    times = {name: [] for name in cases}
    for _ in range(5):
        for name, case in cases.items():
            start = time.perf_counter()
            case()
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"\n## Python binding, {count:,} devices (median of 5, alternating; C speed-ups "
          f"{'on' if speedups else 'off'})\n")
    print("| call | time | µs/device |\n|---|---:|---:|")
    for name, seconds in median.items():
        print(f"| {name} | {seconds:.2f} s | {seconds / count * 1e6:.2f} |")
    c_time = median["C: ota_device_eligible_many(), one call, the same devices"]
    print(f"\neligible() in a loop / the C call: "
          f"{median['eligible() in a loop'] / c_time:.1f}x, answers dropped "
          f"{median['eligible() in a loop, answers dropped'] / c_time:.1f}x")
    if loops_only:
        return
    print(f"\neligible_many / loop: {median['eligible() in a loop'] / median['eligible_many()']:.1f}x "
          f"faster; next_push_many / loop: "
          f"{median['next_push() in a loop'] / median['next_push_many()']:.1f}x faster; with "
          f"pause_gc=True: "
          f"{median['eligible() in a loop'] / median['eligible_many(pause_gc=True)']:.1f}x and "
          f"{median['next_push() in a loop'] / median['next_push_many(pause_gc=True)']:.1f}x")


if __name__ == "__main__":
    main()
