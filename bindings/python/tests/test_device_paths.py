"""The three ways a device dict reaches C agree (issue 31): the C speed-ups
(_speedups.c), the ctypes struct (_device_struct.py) and the JSON reader
(Device).  Every conformance device and a few hundred hostile variants of
them go through all three, through eligible(), next_push() and explain();
the answers, or the exception's type, code and message, must be equal.
The fast paths must also take the common devices themselves (a path that
always handed over to JSON would agree trivially).  Run as test_binding.py
is; OTAPLAN_SPEEDUPS names the built extension."""
import json
import os
import unittest

import otaplan
from otaplan import Device, OtaplanError, Plan, PlanSet
from otaplan import _device_struct
from otaplan import api
from otaplan._fast import speedups

CONFORMANCE = os.environ.get("OTAPLAN_CONFORMANCE_DIR", "tests/conformance")

# Values of each kind that a field may be given: right, wrong, odd.
ODD_VALUES = [None, True, False, 0, 1, -1, 2 ** 31, -2 ** 31, 2 ** 63 - 1, -2 ** 63, 2 ** 63,
              -2 ** 63 - 1, 2 ** 100, 1.0, 1.5, float("inf"), "", "x", "a\0b", "\ud800", "é",
              "idle", "refused", "failed", "nope", "2026-12-02T16:40:00Z", "2026-12-02 16:40:00",
              "2026-12-02T16:40:00+08:00", [], {}, {"start": "2026-12-02T16:40:00Z"},
              {"start": None, "end": "2026-12-02T17:40:00Z"}, {"begin": "2026-12-02T16:40:00Z"},
              {"wifi-fw": "2.3.1"}, {"wifi-fw": 2}, {"wifi-fw": None}, {"": "1"}, {"a\0": "1"}]
# Values of one plan's entry under a set device's "plans".
SET_STATE_VALUES = [None, 1, "idle", [], {}, {"state": "refused", "state_at": "2024-03-10T11:35:00Z"},
                    {"state": "refused"}, {"state": "failed", "failed_attempts": 2},
                    {"state": "failed", "failed_attempts": -1}, {"state": "asleep"},
                    {"state": "user_confirmed", "state_at": "2024-03-10T11:35:00Z",
                     "appointment": {"start": "2024-03-10T12:00:00Z", "end": "2024-03-10T13:00:00Z"}},
                    {"state_at": "not a time"}, {"colour": "red"}, {"state": None},
                    {"failed_attempts": 2 ** 63}, {"state": "succeeded", "state_at": "2024-03-10T11:35:00Z"}]
FIELDS = ["id", "product", "versions", "signal", "battery", "auto_update", "state", "state_at",
          "appointment", "failed_attempts", "unknown"]


def outcome(call):
    """The answer of call(), or what it raised, comparably."""
    try:
        return ("answer", call())
    except OtaplanError as error:
        return ("OtaplanError", error.code, str(error))
    except (TypeError, ValueError, OverflowError) as error:
        return (type(error).__name__, str(error))


def answers(compiled, device, now, tick):
    return (outcome(lambda: compiled.eligible(device, now)),
            outcome(lambda: compiled.next_push(device, now, tick)),
            outcome(lambda: compiled.explain(device, now, tick).as_json()))


def by_json(compiled, device, now, tick):
    """The JSON reader's answers: Device reads the dict's JSON text."""
    read = outcome(lambda: Device(device))
    if read[0] != "answer":
        return (read,) * 3
    with read[1] as text_device:
        return answers(compiled, text_device, now, tick)


def without_speedups(function):
    saved = api.speedups
    api.speedups = None
    try:
        return function()
    finally:
        api.speedups = saved


def cases():
    for name in ("evaluate.jsonl", "rollout-evaluate.jsonl", "versions-evaluate.jsonl"):
        with open(os.path.join(CONFORMANCE, name)) as f:
            for text in f:
                yield json.loads(text)


class DevicePaths(unittest.TestCase):
    def compare(self, compiled, device, now, tick, label):
        expected = by_json(compiled, device, now, tick)
        ctypes_path = without_speedups(lambda: answers(compiled, device, now, tick))
        self.assertEqual(ctypes_path, expected, f"ctypes struct, {label}: {device!r}")
        if speedups is not None:
            self.assertEqual(answers(compiled, device, now, tick), expected,
                             f"speed-ups, {label}: {device!r}")
        return 1

    def test_every_conformance_device_on_every_path(self):
        devices = taken = 0
        for case in cases():
            with Plan(case["plan"]).compile() as compiled:
                handle = compiled._guard.held_handle.value
                for device in case["fleet"]:
                    devices += self.compare(compiled, device, case["now"], case["tick"],
                                            case["case"])
                    # The fast paths take these devices themselves.
                    if _device_struct.device_struct(device) is not None:
                        taken += 1
                    if speedups is not None:
                        now = api._instant(case["now"], "now")
                        self.assertIsNotNone(speedups.eligible(handle, device, now),
                                             f"{case['case']}: {device!r}")
        self.assertEqual(devices, 1473 + 1295 + 894)
        self.assertEqual(taken, devices)

    def test_hostile_values_in_every_field(self):
        case = next(c for c in cases() if c["fleet"][0].get("versions"))
        compiled = Plan(case["plan"]).compile()
        base = dict(case["fleet"][0])
        compared = 0
        for field in FIELDS:
            for value in ODD_VALUES:
                device = dict(base)
                device[field] = value
                compared += self.compare(compiled, device, case["now"], case["tick"],
                                         f"{field} = {value!r}")
        # Many versions (beyond the speed-ups' 16), a device that is not a
        # dict's plain shape, and a missing id.
        many = dict(base, versions={f"c{i}": "1.0" for i in range(40)})
        compared += self.compare(compiled, many, case["now"], case["tick"], "40 versions")
        compared += self.compare(compiled, {k: v for k, v in base.items() if k != "id"},
                                 case["now"], case["tick"], "no id")
        self.assertGreater(compared, 350)

    def test_a_bad_now_or_tick_with_a_bad_device_blames_the_device(self):
        case = next(cases())
        compiled = Plan(case["plan"]).compile()
        bad = dict(case["fleet"][0], battery=300)
        for now, tick in (("yesterday", 10), (case["now"], 7), (2 ** 70, 10)):
            expected = outcome(lambda: compiled.next_push(Device(bad), now, tick))
            self.assertEqual(expected[0], "OtaplanError")
            self.assertEqual(outcome(lambda: compiled.next_push(bad, now, tick)), expected)
            self.assertEqual(without_speedups(lambda: outcome(
                lambda: compiled.next_push(bad, now, tick))), expected)

    def test_odd_ticks_are_refused_as_the_slow_path_refuses_them(self):
        case = next(cases())
        compiled = Plan(case["plan"]).compile()
        device = case["fleet"][0]
        for tick in ([10], None, 10.0, True, "10", 7, -1, 2 ** 70):
            expected = without_speedups(lambda: outcome(
                lambda: compiled.next_push(Device(device), case["now"], tick)))
            self.assertNotEqual(expected[0], "answer", tick)
            self.assertEqual(outcome(lambda: compiled.next_push(device, case["now"], tick)),
                             expected, repr(tick))

    def test_every_set_device_on_both_paths(self):
        """select(): a dict straight into ota_set_device (the speed-ups) against its JSON text
        read by the set's reader, on every select case's device and on hostile variants of the
        plans' states.  Without the speed-ups both go through the reader."""
        devices = taken = compared = 0
        with open(os.path.join(CONFORMANCE, "select.jsonl")) as f:
            select_cases = [json.loads(line) for line in f]
        for case in select_cases:
            with PlanSet(case["plans"]) as plans:
                def both(device, label):
                    fast = outcome(lambda: plans.select(device, case["now"], case["tick"]))
                    text = json.dumps(device, ensure_ascii=False)
                    slow = outcome(lambda: plans.select(text, case["now"], case["tick"]))
                    self.assertEqual(fast, slow, f"{case['case']}, {label}: {device!r}")
                    return 1
                names = [plan["name"] for plan in case["plans"]]
                for device in case["fleet"]:
                    devices += both(device, "as given")
                    if speedups is not None and speedups.select(
                            plans._guard.held_handle.value, device,
                            api._instant(case["now"], "now"), case["tick"]) is not None:
                        taken += 1
                first = case["fleet"][0]
                own = {k: v for k, v in first.items() if k != "plans"}
                for value in SET_STATE_VALUES:
                    compared += both(dict(own, plans={names[0]: value}), f"plans[0] = {value!r}")
                    compared += both(dict(own, plans={"not a plan": value}), "an unknown name")
                for plans_value in (None, [], {}, "x", {names[0].strip() + " ": {}}):
                    compared += both(dict(own, plans=plans_value), f"plans = {plans_value!r}")
                compared += both(dict(own, plans={names[0]: {}, " " + names[0] + " ": {}}),
                                 "two names of one plan")
                compared += both(dict(own, state="failed"), "a state of its own")
                compared += both(dict(own, battery=300), "a battery out of range")
        self.assertEqual(devices, 923)
        self.assertEqual(taken, devices if speedups is not None else 0)
        self.assertGreater(compared, 3000)

    def test_the_speed_ups_are_there_when_built(self):
        # The suite names the built extension; the ctypes suite turns it off.
        wanted = os.environ.get("OTAPLAN_SPEEDUPS")
        self.assertEqual(speedups is not None, bool(wanted))
        self.assertIs(otaplan.api.speedups, speedups)


if __name__ == "__main__":
    unittest.main(verbosity=1)
