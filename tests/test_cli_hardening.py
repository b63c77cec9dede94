#!/usr/bin/env python3
"""No output or input of `otaplan` is lost silently.  A write that
fails (a full disk, a file-size limit, a closed pipe, a closed descriptor) and
a line that cannot be read end in a non-zero exit and one line on standard
error; nothing in the readable output can forge a line of its own.
usage: test_cli_hardening.py OTAPLAN [sanitized]"""
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import unittest

import runner

OTAPLAN = None
SANITIZED = False

PLAN = {
    "name": "hardening", "product": "lamp-1", "timezone": "Asia/Shanghai",
    "start": "2026-01-01T00:00", "end": "2026-12-31T00:00", "state": "active",
    "mode": "silent", "push_window": {"start_hour": 0, "end_hour": 2},
    "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}],
}
NOW = "2026-03-01T00:00:00Z"


def device(i):
    return json.dumps({"id": f"dev-{i}", "product": "lamp-1", "versions": {"wifi": "1.0"}})


class Case(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.plan = self.write("plan.json", json.dumps(PLAN))
        self.fleet = self.write("fleet.jsonl", "".join(device(i) + "\n" for i in range(300)))

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, content, mode="w"):
        path = os.path.join(self.dir.name, name)
        with open(path, mode) as f:
            f.write(content)
        return path

    def run_otaplan(self, *args, stdout=subprocess.PIPE, preexec_fn=None, stdin=None):
        return subprocess.run([OTAPLAN, *args], stdout=stdout, stderr=subprocess.PIPE,
                              stdin=stdin, text=True, timeout=300, preexec_fn=preexec_fn)


# Every command's output, sent where it cannot go.
COMMANDS = [
    ("evaluate", "--json"), ("evaluate",), ("validate",), ("validate", "--json"),
    ("windows",), ("--version",), ("help",), ("help", "evaluate"), ("fmt",), ("hash",),
    ("test",), ("schema", "plan"), ("fmt", "big"),
]


class LostOutput(Case):
    def args(self, command):
        if command[0] == "evaluate":
            return [command[0], self.plan, self.fleet, "--now", NOW, *command[1:]]
        if command == ("fmt", "big"):  # more than stdio's buffer: a write fails before the end
            big = dict(PLAN, whitelist=[f"dev-{i}" for i in range(5000)])
            return ["fmt", self.write("big.json", json.dumps(big))]
        if command[0] in ("fmt", "hash"):
            return [command[0], self.plan]
        if command[0] == "test":  # a failing test: its lines, the explanation, the summary
            test = {"name": "t", "now": NOW, "device": json.loads(device(1)),
                    "expect": {"reason": "no_plan"}}
            return ["test", self.plan, self.write("tests.jsonl", json.dumps(test) + "\n")]
        if command[0] in ("validate", "windows"):
            return [command[0], self.plan, "--now", NOW, *command[1:]] if command[0] == "validate" \
                else [command[0], self.plan, *command[1:]]
        return list(command)

    def test_full_disk_is_an_error(self):
        for command in COMMANDS:
            with self.subTest(command=command), open("/dev/full", "w") as full:
                p = self.run_otaplan(*self.args(command), stdout=full)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn("cannot write standard output", p.stderr)
                self.assertIn("No space left on device", p.stderr)
                self.assertRegex(p.stderr, "; the (output is|results are) incomplete")
                self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)

    def test_file_size_limit_is_an_error(self):
        # With SIGXFSZ ignored (as Python itself does) the write fails with
        # EFBIG instead of killing the process.
        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
        out = os.path.join(self.dir.name, "out.jsonl")
        with open(out, "w") as f:
            p = self.run_otaplan(*self.args(("evaluate", "--json")), stdout=f, preexec_fn=limit)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("File too large", p.stderr)
        self.assertIn("incomplete", p.stderr)

    def test_closed_pipe_is_an_error_whatever_sigpipe_is(self):
        # The program ignores SIGPIPE itself, so that `| head -1` gives exit
        # 2 and the line saying what was lost with the default disposition
        # too (a death by the signal said nothing).
        def ignore():
            signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        big = self.write("big.jsonl", "".join(device(i) + "\n" for i in range(50000)))
        for disposition in (ignore, None):  # None: Python restores the default
            for json_output in ("--json", None):
                with self.subTest(ignored=bool(disposition), json=bool(json_output)):
                    args = [OTAPLAN, "evaluate", self.plan, big, "--now", NOW]
                    p = subprocess.Popen(args + ([json_output] if json_output else []),
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         preexec_fn=disposition)
                    p.stdout.readline()
                    p.stdout.close()
                    err = p.stderr.read().decode()
                    p.stderr.close()
                    self.assertEqual(p.wait(timeout=300), 2, err)
                    self.assertIn("Broken pipe", err)
                    self.assertIn("the results are incomplete", err)

    def test_closed_stdout_is_an_error(self):
        for command in (("--version",), ("validate",)):
            with self.subTest(command=command):
                args = " ".join(f"'{a}'" for a in self.args(command))
                p = subprocess.run(["bash", "-c", f"'{OTAPLAN}' {args} >&-"],
                                   capture_output=True, text=True, timeout=60)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn("cannot write standard output", p.stderr)


class LostInput(Case):
    def test_an_over_long_line_is_reported_and_the_run_goes_on(self):
        # 200 MB of ID on line 2: reported in its place, line 3 evaluated.
        path = os.path.join(self.dir.name, "long.jsonl")
        with open(path, "w") as f:
            f.write(device(1) + "\n")
            f.write('{"id": "' + "x" * (200 << 20) + '", "product": "lamp-1"}\n')
            f.write(device(3) + "\n")

        def limit():
            if not SANITIZED:  # ASan reserves terabytes of address space
                resource.setrlimit(resource.RLIMIT_AS, (300 << 20, 300 << 20))
        p = self.run_otaplan("evaluate", self.plan, path, "--now", NOW, "--json",
                             preexec_fn=limit)
        lines = [json.loads(line) for line in p.stdout.splitlines()]
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual([line.get("id", line.get("line")) for line in lines], ["dev-1", 2, "dev-3"])
        self.assertIn("longer than 16 MiB", lines[1]["error"])

    def test_out_of_memory_is_exit_2_never_a_bad_line_nor_a_crash(self):
        # A 15 MiB line that the one-pass scan declines (white
        # space) goes to jansson, whose lexer corrupted the heap when its
        # buffer could not grow; and memory that ran out was reported as a
        # bad line (exit 1).  Under every address-space limit from "cannot
        # hold the line" to "enough", the answer is every device (exit 0) or
        # exit 2 saying where memory ran out; never a crash, never a line
        # that blames the input.
        if SANITIZED:  # read at run time: main() sets it after the classes are made
            self.skipTest("ASan reserves terabytes of address space")
        path = os.path.join(self.dir.name, "pressure.jsonl")
        with open(path, "w") as f:
            f.write(device(1) + "\n")
            f.write(json.dumps({"id": "dev-2", "product": "lamp-1",
                                "versions": {"wifi": "1.0", "x": "a" * (15 << 20)}}) + "\n")
            f.write(device(3) + "\n")
        seen = set()
        for jobs in ("1", "8"):
            for mib in range(60, 160, 4):
                def limit(mib=mib):
                    resource.setrlimit(resource.RLIMIT_AS, (mib << 20, mib << 20))
                with self.subTest(jobs=jobs, mib=mib):
                    p = self.run_otaplan("evaluate", self.plan, path, "--now", NOW, "--json",
                                         "--jobs", jobs, preexec_fn=limit)
                    seen.add(p.returncode)
                    self.assertIn(p.returncode, (0, 2), p.stderr)
                    self.assertNotIn("out of memory", p.stdout)
                    if p.returncode == 0:
                        ids = [json.loads(line)["id"] for line in p.stdout.splitlines()]
                        self.assertEqual(ids, ["dev-1", "dev-2", "dev-3"])
                    elif "error while loading shared libraries" not in p.stderr:
                        self.assertRegex(p.stderr, "out of memory (at fleet line|reading)")
        self.assertEqual(seen, {0, 2}, "the limits must span failure and success")

    def test_many_jobs_fit_where_one_does(self):
        # --jobs 64 under a 300 MB address-space limit turned
        # valid devices into out-of-memory lines; the workers' 8 MiB stacks
        # were 512 MiB of it.  With 2 MiB stacks every device is answered,
        # and a line nested to jansson's limit still parses in a worker.
        lines = ["{\"id\":\"deep\",\"product\":\"lamp-1\",\"x\":" + "[" * 2047 + "]" * 2047 + "}"]
        lines += [device(i) for i in range(20000)]
        path = self.write("many.jsonl", "\n".join(lines) + "\n")

        def limit():
            if not SANITIZED:  # ASan reserves terabytes of address space
                resource.setrlimit(resource.RLIMIT_AS, (300 << 20, 300 << 20))
        for jobs in ("1", "64"):
            with self.subTest(jobs=jobs):
                p = self.run_otaplan("evaluate", self.plan, path, "--now", NOW, "--json",
                                     "--jobs", jobs, preexec_fn=limit)
                self.assertEqual(p.returncode, 1, p.stderr)  # the deep line is not a device
                out = p.stdout.splitlines()
                self.assertEqual(len(out), 20001)
                self.assertIn('no field \\"x\\"', out[0])
                self.assertEqual(sum('"eligible"' in line for line in out), 20000)

    def test_a_read_error_is_reported_with_its_line(self):
        p = self.run_otaplan("evaluate", self.plan, self.dir.name, "--now", NOW, "--json")
        self.assertEqual(p.returncode, 2)
        self.assertIn(f"cannot read {self.dir.name} at line 1: Is a directory", p.stderr)

    def test_a_last_line_without_newline_is_evaluated(self):
        path = self.write("tail.jsonl", device(1) + "\n" + device(2))
        p = self.run_otaplan("evaluate", self.plan, path, "--now", NOW, "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(len(p.stdout.splitlines()), 2)

    def test_lines_across_read_blocks_are_whole(self):
        # Lines of every length around the reader's 64 KiB blocks.
        lines = [json.dumps({"id": f"d{i}", "product": "lamp-1", "versions": {"wifi": "1.0"},
                             "pad": "p" * (i * 997 % 70000)}) for i in range(60)]
        path = self.write("blocks.jsonl", "\n".join(lines) + "\n")
        p = self.run_otaplan("evaluate", self.plan, path, "--now", NOW, "--json")
        out = [json.loads(line) for line in p.stdout.splitlines()]
        self.assertEqual([o["line"] for o in out], list(range(1, 61)))
        self.assertTrue(all('no field \\"pad\\"' in json.dumps(o["error"]) for o in out))

    def test_plan_and_fleet_cannot_both_be_stdin(self):
        p = self.run_otaplan("evaluate", "-", "-", "--now", NOW, stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 2)
        self.assertIn("cannot both be standard input", p.stderr)

    def test_names_file_with_a_nul_byte_is_refused(self):
        names = self.write("names.txt", b"first\nsec\0ond\nhardening\n", mode="wb")
        p = self.run_otaplan("validate", self.plan, "--names", names, "--now", NOW)
        self.assertEqual(p.returncode, 2)
        self.assertIn(f"{names}:2:4: error: a NUL byte", p.stderr)

    def test_catalog_errors_name_a_position(self):
        cases = {
            "truncated.json": ('[{"id": "wifi", "method": "full", "target_version": "2.0"}', None),
            "not-array.json": ('{"id": "wifi"}', "1:1"),
            "bad-package.json": ('[\n  {"id": "wifi", "method": "full", "target_version": "2.0"},\n'
                                 '  {"id": "wifi", "method": "half"}\n]', "3:3"),
            "bad-source.json": ('[{"id": "w", "method": "delta", "target_version": "2",'
                                ' "source_version": 1}]', "1:2"),
        }
        for name, (content, position) in cases.items():
            with self.subTest(name=name):
                path = self.write(name, content)
                p = self.run_otaplan("validate", self.plan, "--catalog", path, "--now", NOW)
                self.assertEqual(p.returncode, 2)
                self.assertRegex(p.stderr, rf"^{path}:[1-9][0-9]*:[1-9][0-9]*: error: ")
                if position:
                    self.assertTrue(p.stderr.startswith(f"{path}:{position}: error:"), p.stderr)
        for path, why in ((os.path.join(self.dir.name, "missing.json"), "No such file"),
                          (self.dir.name, "Is a directory")):
            p = self.run_otaplan("validate", self.plan, "--catalog", path, "--now", NOW)
            self.assertEqual(p.returncode, 2)
            self.assertEqual(p.stderr, f"otaplan: cannot read {path}: {why}" +
                             p.stderr[len(f"otaplan: cannot read {path}: {why}"):])
            self.assertNotIn("-1", p.stderr)


class Arguments(Case):
    def test_a_reversed_or_empty_range_is_refused_by_every_command(self):
        for command in ("windows", "simulate"):
            for start, end in (("2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z"),
                               ("2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z")):
                with self.subTest(command=command, start=start, end=end):
                    files = (self.plan, self.fleet) if command == "simulate" else (self.plan,)
                    p = self.run_otaplan(command, *files, "--from", start, "--to", end)
                    self.assertEqual(p.returncode, 2, p.stderr)
                    self.assertEqual(p.stderr, f"otaplan {command}: --to must be after --from\n")
                    self.assertEqual(p.stdout, "")


class ForgedLines(Case):
    def test_control_characters_are_escaped_in_the_table(self):
        fleet = self.write("forge.jsonl", json.dumps(
            {"id": "dev-1", "product": "lamp-1", "x\nFORGED yes ok": 1}) + "\n" +
            json.dumps({"id": "dev-2", "product": "lamp-1", "\u001b[31m\r": 1}) + "\n")
        p = self.run_otaplan("evaluate", self.plan, fleet, "--now", NOW)
        self.assertEqual(p.returncode, 1)
        self.assertFalse(any(line.startswith("FORGED") for line in p.stdout.splitlines()),
                         p.stdout)
        self.assertIn('line 1: error: a device has no field "x\\nFORGED yes ok"', p.stdout)
        self.assertIn('line 2: error: a device has no field "\\u001b[31m\\r"', p.stdout)
        self.assertNotIn("\x1b", p.stdout)

    def test_c1_control_characters_are_escaped_in_every_text_output(self):
        # U+009B is CSI to a terminal, U+0085 NEL: C1 are control characters
        # as C0 are (rules section 3), so every text output escapes them.
        csi, nel = "\u009b", "\u0085"
        raw = (csi, nel, "\x1b", "\x7f")
        fleet = self.write("c1.jsonl", "\n".join(json.dumps(d, ensure_ascii=False) for d in (
            {"id": "dev-1", "product": "lamp-1", csi + "2J" + nel: 1},
            {"id": "dev-2", "product": "lamp-1", "state": csi + "31m"},
            {"id": "dev-3", "product": "lamp-1", "versions": {"wifi": "1.0" + csi + "2J"}},
        )) + "\n")
        p = self.run_otaplan("evaluate", self.plan, fleet, "--now", NOW)
        self.assertEqual(p.returncode, 1)
        self.assertIn('line 1: error: a device has no field "\\u009b2J\\u0085"', p.stdout)
        self.assertIn('line 2: error: state "\\u009b31m" is not a device state', p.stdout)
        device = self.write("d.json", json.dumps(
            {"id": "dev-3", "product": "lamp-1", "versions": {"wifi": "1.0" + csi + "2J"}}))
        explained = self.run_otaplan("explain", self.plan, device, "--now", NOW)
        self.assertEqual(explained.returncode, 0, explained.stderr)
        self.assertIn("1.0\\u009b2J", explained.stdout)
        bad_state = self.write("s.json", json.dumps({"id": "d", "product": "lamp-1",
                                                    "state": nel + csi}))
        refused = self.run_otaplan("explain", self.plan, bad_state, "--now", NOW)
        self.assertEqual(refused.returncode, 1)
        self.assertIn('state "\\u0085\\u009b"', refused.stderr)
        plan = self.write("c1-plan.json", json.dumps(dict(PLAN, **{csi + "x": 1}),
                                                     ensure_ascii=False))
        validated = self.run_otaplan("validate", plan, "--now", NOW)
        for p in (p, explained, refused, validated):
            for c in raw:
                self.assertNotIn(c, p.stdout + p.stderr)

    def test_cut_messages_stay_utf8(self):
        key = "€" * 80
        fleet = self.write("euro.jsonl", json.dumps({"id": "d", "product": "lamp-1", key: 1},
                                                   ensure_ascii=False) + "\n")
        p = subprocess.run([OTAPLAN, "evaluate", self.plan, fleet, "--now", NOW, "--json"],
                           capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 1)
        line = p.stdout.decode("utf-8")  # raises if a character was cut
        self.assertIn("a device has no field", json.loads(line)["error"])


if __name__ == "__main__":
    OTAPLAN = sys.argv[1]
    SANITIZED = len(sys.argv) > 2 and sys.argv[2] == "sanitized"
    runner.main("cli-hardening", min(2, len(sys.argv) - 1))
