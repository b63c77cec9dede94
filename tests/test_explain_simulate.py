#!/usr/bin/env python3
"""Tests of `otaplan explain` and `otaplan simulate` (SPEC 9): explain agrees
with evaluate on every device of every public conformance case; simulate's
counts add up and equal a direct count of evaluate's pushes; the SVG is
well-formed and, rendered by a real renderer (rsvg-convert), has bars where
the series has pushes; a 1,000,000-device simulation streams in bounded
memory.
usage: test_explain_simulate.py OTAPLAN CONFORMANCE_DIR [sanitized]"""
import concurrent.futures
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib
from datetime import datetime, timedelta, timezone

import runner

OTAPLAN = CONFORMANCE = None
MEASURE_MEMORY = True


def run(*args, stdin=None):
    return subprocess.run([OTAPLAN, *args], input=stdin, capture_output=True, text=True,
                          timeout=600)


def parse_instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def cases(name):
    with open(os.path.join(CONFORMANCE, name)) as f:
        return [json.loads(line) for line in f if line.strip()]


class Files(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, content):
        path = os.path.join(self.dir.name, name)
        with open(path, "w") as f:
            f.write(content if isinstance(content, str) else json.dumps(content))
        return path


class ExplainAgreesWithEvaluate(Files):
    """Every device of every public evaluate case, base and rollout, through
    the program: the same reason, components and push as the expected
    evaluate line, and a t0 that is the maximum of the terms it lists."""

    def explain_case(self, index, case):
        plan = self.write(f"plan-{index}.json", case["plan"])
        problems = []
        for d, (device, want) in enumerate(zip(case["fleet"], case["expected"])):
            path = self.write(f"device-{index}-{d}.json", device)
            p = run("explain", plan, path, "--now", case["now"], "--tick", str(case["tick"]),
                    "--json")
            if p.returncode != 0:
                problems.append(f"{case['case']} device {d}: exit {p.returncode} {p.stderr}")
                continue
            got = json.loads(p.stdout)
            for key in ("id", "eligible", "reason", "push"):
                if got[key] != want[key]:
                    problems.append(f"{case['case']} device {d}: {key} {got[key]} != {want[key]}")
            trimmed = [{k: c[k] for k in ("id", "applies", "reason") if k in c}
                       for c in got["components"]]
            if trimmed != want["components"]:
                problems.append(f"{case['case']} device {d}: components {trimmed}")
            failed = [c["check"] for c in got["checks"] if c["failed"]]
            if (failed[0] if failed else "ok") != got["reason"]:
                problems.append(f"{case['case']} device {d}: first failed check {failed}")
            if got["t0"] is not None:
                terms = [parse_instant(t["at"]) for t in got["terms"]]
                if not terms or max(terms) != parse_instant(got["t0"]["at"]):
                    problems.append(f"{case['case']} device {d}: t0 is not the maximum")
                if got["t0"]["set_by"] not in [t["term"] for t in got["terms"]]:
                    problems.append(f"{case['case']} device {d}: set_by is no term")
        return problems

    def test_every_conformance_device(self):
        all_cases = cases("evaluate.jsonl") + cases("rollout-evaluate.jsonl")
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(self.explain_case, range(len(all_cases)), all_cases))
        problems = [p for r in results for p in r]
        devices = sum(len(c["fleet"]) for c in all_cases)
        print(f"\nexplain: {devices} devices of {len(all_cases)} cases")
        self.assertEqual(devices, 1473 + 1295)
        self.assertEqual(problems, [], "\n".join(problems[:20]))


PLAN = {
    "name": "simulate test", "product": "lamp-1", "timezone": "Europe/Berlin",
    "start": "2026-10-20T00:00", "end": "2026-11-20T00:00", "state": "active",
    "mode": "silent", "active_push": True, "refusal_retry_minutes": 600,
    "push_window": {"start_hour": 1, "end_hour": 5,
                    "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"]},
    "blackouts": [{"start": "2026-10-28T00:00", "end": "2026-10-29T00:00"}],
    "rollout": {"spread": True, "phases": [
        {"start": "2026-10-20T00:00", "percent": 10},
        {"start": "2026-10-23T00:00", "percent": 50},
        {"start": "2026-10-27T00:00", "percent": 95}]},
    "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}],
}
FROM, TO = "2026-10-20T00:00:00Z", "2026-11-05T00:00:00Z"


def fleet_lines(count):
    lines = []
    for i in range(count):
        device = {"id": f"dev-{i}", "product": "lamp-1" if i % 10 else "other",
                  "versions": {"wifi": "2.0" if i % 37 == 0 else "1.0"}}
        if i % 13 == 0:
            device.update(state="refused", state_at="2026-10-19T23:00:00Z")
        if i % 17 == 0:
            device.update(state="succeeded")
        lines.append(json.dumps(device))
    # Bad lines: not JSON, a wrong type, a device that is not valid; and a
    # blank line, which holds no device.
    lines[5] = '{"id": "dev-5", "product":'
    lines[50] = '{"id": 50, "product": "lamp-1", "versions": {}}'
    lines[500] = '{"id": "dev-500", "product": "lamp-1", "versions": {}, "state": "refused"}'
    lines.insert(700, "")
    return "\n".join(lines) + "\n"


class SimulateFiles(Files):
    def setUp(self):
        super().setUp()
        self.plan = self.write("plan.json", PLAN)
        self.fleet = self.write("fleet.jsonl", fleet_lines(3000))

    def simulate(self, *extra):
        p = run("simulate", self.plan, self.fleet, "--from", FROM, "--to", TO, "--json", *extra)
        self.assertEqual(p.returncode, 1, p.stderr)  # the fleet has bad lines
        return json.loads(p.stdout)


class Simulate(SimulateFiles):
    def test_counts_add_up_and_bad_lines_are_counted(self):
        s = self.simulate()
        n = s["not_pushed"]
        total = (s["pushed"] + n["after_to"] + n["await_user_confirm"] +
                 n["await_device_request"] + sum(n["never"].values()) + n["bad_lines"])
        self.assertEqual(total, s["devices"])
        self.assertEqual(s["devices"], 3000)  # the blank line is no device
        self.assertEqual(n["bad_lines"], 3)
        self.assertEqual(sum(b["pushes"] for b in s["series"]), s["pushed"])
        self.assertGreater(s["pushed"], 1000)
        self.assertIn("wrong_product", n["never"])
        self.assertIn("outside_rollout", n["never"])

    def test_series_equals_a_direct_count_of_evaluate(self):
        for bucket in ("10", "60", "1440"):
            s = self.simulate("--bucket", bucket)
            p = run("evaluate", self.plan, self.fleet, "--now", FROM, "--json")
            start, end = parse_instant(FROM), parse_instant(TO)
            width = timedelta(minutes=int(bucket))
            count = -(-(end - start) // width)
            expected = [0] * count
            for line in p.stdout.splitlines():
                result = json.loads(line)
                at = result.get("push", {}).get("at")
                if at and parse_instant(at) < end:
                    expected[(parse_instant(at) - start) // width] += 1
            self.assertEqual(len(s["series"]), count)
            self.assertEqual([b["pushes"] for b in s["series"]], expected)
            self.assertEqual([parse_instant(b["start"]) for b in s["series"]],
                             [start + k * width for k in range(count)])
            peak = max(range(count), key=lambda k: (expected[k], -k))
            self.assertEqual(s["peak"], {"start": s["series"][peak]["start"],
                                         "pushes": expected[peak]})

    def test_default_bucket_is_the_tick(self):
        self.assertEqual(self.simulate()["bucket_minutes"], 10)
        self.assertEqual(self.simulate("--tick", "0")["bucket_minutes"], 60)
        self.assertEqual(self.simulate("--tick", "15")["bucket_minutes"], 15)

    def test_spread_flattens_the_peak(self):
        spread = self.simulate()
        herd_plan = json.loads(json.dumps(PLAN))
        herd_plan["rollout"]["spread"] = False
        self.plan = self.write("herd.json", herd_plan)
        herd = self.simulate()
        self.assertEqual(herd["pushed"] + herd["not_pushed"]["after_to"],
                         spread["pushed"] + spread["not_pushed"]["after_to"])
        self.assertGreater(herd["peak"]["pushes"], 5 * spread["peak"]["pushes"])

    def test_text_output(self):
        p = run("simulate", self.plan, self.fleet, "--from", FROM, "--to", TO)
        self.assertEqual(p.returncode, 1, p.stderr)
        for words in ("peak:", "50% of the pushed devices by", "90%", "100%", "bad lines",
                      "never: wrong_product", "+01:00 local"):
            self.assertIn(words, p.stdout)

    def test_bad_arguments(self):
        for args in ([], ["--from", FROM], ["--from", TO, "--to", FROM],
                     ["--from", FROM, "--to", TO, "--bucket", "0"],
                     ["--from", "2000-01-01T00:00:00Z", "--to", "2099-01-01T00:00:00Z",
                      "--bucket", "1"]):
            p = run("simulate", self.plan, self.fleet, *args)
            self.assertEqual(p.returncode, 2, (args, p.stdout))
            self.assertTrue(p.stderr.startswith("otaplan simulate: "), p.stderr)

    def test_unwritable_svg_is_an_error(self):
        p = run("simulate", self.plan, self.fleet, "--from", FROM, "--to", TO, "--svg",
                os.path.join(self.dir.name, "no-such-dir", "x.svg"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("cannot write", p.stderr)


def png_pixels(path):
    """(width, height, rows of (r, g, b, a)) of an 8-bit RGBA or RGB PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour)
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


BAR = (0x3b, 0x6f, 0xb6)


def is_bar(pixel):
    return all(abs(a - b) <= 3 for a, b in zip(pixel, BAR))


class Svg(SimulateFiles):
    def test_svg_is_well_formed_and_renders_bars_where_the_series_has_pushes(self):
        renderer = shutil.which("rsvg-convert")
        if not renderer:
            # scripts/test.sh installs it (librsvg2-bin), so the README's test
            # command always renders; a bare `meson test` may lack it.
            self.skipTest("rsvg-convert is missing (Debian librsvg2-bin)")
        svg = os.path.join(self.dir.name, "s.svg")
        s = self.simulate("--bucket", "480", "--svg", svg)
        root = ET.parse(svg).getroot()  # raises on XML that is not well-formed
        ns = "{http://www.w3.org/2000/svg}"
        self.assertEqual(root.tag, ns + "svg")
        bars = [r for r in root.iter(ns + "rect") if r.get("class") == "bar"]
        self.assertEqual(len(bars), sum(1 for b in s["series"] if b["pushes"]))
        self.assertTrue(any(r.get("class") == "blackout" for r in root.iter(ns + "rect")))
        self.assertTrue(any(t.get("class") == "phase" for t in root.iter(ns + "line")))
        self.assertIn("peak", "".join(root.itertext()))
        # The plot area, from the x axis (the first line drawn after the bars).
        axis = next(l for l in root.iter(ns + "line") if l.get("class") is None)
        left, right = float(axis.get("x1")), float(axis.get("x2"))
        baseline = float(axis.get("y1"))
        top = min(float(l.get("y1")) for l in root.iter(ns + "line") if l.get("class") is None)
        png = os.path.join(self.dir.name, "s.png")
        subprocess.run([renderer, "-f", "png", "-o", png, svg], check=True, timeout=120)
        width, height, rows = png_pixels(png)
        self.assertEqual((width, height), (int(root.get("width")), int(root.get("height"))))
        series = [b["pushes"] for b in s["series"]]
        highest = max(series)
        n = len(series)
        for k, pushes in enumerate(series):
            x = int((left + (right - left) * (k + 0.5) / n))
            column = [rows[y][x] for y in range(int(top) + 1, int(baseline) - 1)]
            bar_pixels = sum(1 for p in column if is_bar(p))
            expected_height = (baseline - top) * pushes / highest
            if pushes == 0:
                self.assertEqual(bar_pixels, 0, f"bucket {k}: a bar without pushes")
            elif expected_height >= 4:
                self.assertGreater(bar_pixels, 0.6 * expected_height - 2,
                                   f"bucket {k}: {pushes} pushes, {bar_pixels} bar pixels")


    def test_svg_stays_xml_whatever_the_plan_name(self):
        # U+FFFE and U+FFFF are valid in a name (rules section 3) but not
        # characters of XML 1.0.
        name = "a\ufffeb\uffffc d <&> \U0001F600"
        self.write("plan.json", dict(PLAN, name=name))
        svg = os.path.join(self.dir.name, "s.svg")
        self.simulate("--bucket", "480", "--svg", svg)
        root = ET.parse(svg).getroot()  # expat refuses U+FFFE/U+FFFF
        text = "".join(root.itertext())
        self.assertIn("a\ufffdb\ufffdc d <&> \U0001F600", text)


class Explain(Files):
    def test_text_trace(self):
        plan = self.write("plan.json", PLAN)
        device = self.write("d.json", {"id": "dev-3", "product": "lamp-1",
                                       "versions": {"wifi": "1.0"}, "signal": -90})
        p = run("explain", plan, device, "--now", "2026-10-24T20:00:00Z")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.count("\u2713") + p.stdout.count("\u2717"), 16 + 1)
        for words in ("T0 ", "set by", "local)", "window occurrence of", "spread: position"):
            self.assertIn(words, p.stdout)

    def test_bad_device_exits_1_and_missing_file_2(self):
        plan = self.write("plan.json", PLAN)
        bad = self.write("d.json", '{"id": "x", "product": 3}')
        p = run("explain", plan, bad)
        self.assertEqual(p.returncode, 1)
        self.assertIn("otaplan explain: ", p.stderr)
        p = run("explain", plan, os.path.join(self.dir.name, "none.json"))
        self.assertEqual(p.returncode, 2)
        # Text that is not JSON is an unreadable file, as for the plan: exit
        # 2 and FILE:LINE:COLUMN.
        for name, text in (("cut.json", '{"id": "x",\n'), ("array.json", "[1]")):
            path = self.write(name, text)
            for command in (("explain", plan, path), ("explain", path, path)):
                p = run(*command)
                self.assertEqual(p.returncode, 2, (command, p.stderr))
                self.assertRegex(p.stderr, rf"^{path}:[1-9][0-9]*:[1-9][0-9]*: error: ")
        p = run("explain", plan, "-", stdin=json.dumps({"id": "x", "product": "lamp-1",
                                                         "versions": {}}))
        self.assertEqual(p.returncode, 0, p.stderr)


def simulate_peak_rss_kib(devices, plan_path):
    script = ("import sys\n"
              "w = sys.stdout.write\n"
              f"for i in range({devices}):\n"
              "    w('{\"id\":\"dev-%d\",\"product\":\"lamp-1\",\"versions\":{\"wifi\":\"1.0\"}}\\n'"
              " % i)\n")
    generator = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    p = subprocess.Popen([OTAPLAN, "simulate", plan_path, "-", "--from", FROM, "--to", TO,
                          "--json"], stdin=generator.stdout, stdout=subprocess.DEVNULL)
    generator.stdout.close()
    _, status, usage = os.wait4(p.pid, 0)
    generator.wait()
    assert os.waitstatus_to_exitcode(status) == 0
    return usage.ru_maxrss


class Streaming(Files):
    def test_memory_does_not_grow_with_the_fleet(self):
        if not MEASURE_MEMORY:
            self.skipTest("a sanitizer build: peak RSS would measure the sanitizer")
        plan = self.write("p.json", PLAN)
        small = simulate_peak_rss_kib(10_000, plan)
        large = simulate_peak_rss_kib(1_000_000, plan)
        print(f"\nsimulate peak RSS: 10,000 devices {small} KiB, 1,000,000 devices {large} KiB")
        self.assertLess(large, small + 2048, (small, large))

    def test_a_long_series_is_streamed(self):
        # 5,000,000 buckets of 1 minute held their 222 MB of JSON
        # text before writing it (peak RSS 441 MB); the counts are 8 bytes a
        # bucket per job and for the total, pages of zeros mostly untouched.
        if not MEASURE_MEMORY:
            self.skipTest("a sanitizer build: peak RSS would measure the sanitizer")
        plan = self.write("p.json", dict(PLAN, end="2036-12-31T00:00"))
        fleet = self.write("f.jsonl", fleet_lines(3000))
        out = os.path.join(self.dir.name, "series.json")
        with open(out, "wb") as f:
            p = subprocess.Popen([OTAPLAN, "simulate", plan, fleet, "--from", FROM, "--to",
                                  "2036-06-01T00:00:00Z", "--bucket", "1", "--json", "--jobs", "1"],
                                 stdout=f, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(p.pid, 0)
        self.assertIn(os.waitstatus_to_exitcode(status), (0, 1), p.stderr.read())
        size = os.path.getsize(out)
        with open(out, "rb") as f:
            head = f.read(200)
            f.seek(size - 200)
            tail = f.read()
        print(f"\nsimulate --json: {size} bytes of output, peak RSS {usage.ru_maxrss} KiB")
        self.assertGreater(size, 200_000_000)
        self.assertTrue(head.startswith(b'{"from":') and tail.endswith(b"}}\n"), (head, tail))
        self.assertLess(usage.ru_maxrss, 160 * 1024)


if __name__ == "__main__":
    OTAPLAN, CONFORMANCE = sys.argv[1], sys.argv[2]
    MEASURE_MEMORY = len(sys.argv) < 4 or sys.argv[3] != "sanitized"
    runner.main("explain-simulate", min(3, len(sys.argv) - 1))
