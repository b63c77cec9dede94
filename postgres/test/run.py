#!/usr/bin/env python3
"""The extension's tests against a real PostgreSQL server that this script
starts and stops itself (cluster.py): the pg_regress files of
postgres/test/sql against their expected outputs, then a check that no
backend crashed and that the server still accepts connections.  Ends with
'N passed, M failed'.  OTAPLAN_PG_RESULTS=DIR keeps the outputs."""
import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import VALGRIND, TemporaryCluster  # noqa: E402

# The Makefile's REGRESS runs first (make installcheck), then these two,
# which need the server this script starts: its time-zone data and the
# example plan in its data folder.
SERVER_TESTS = ["tzdata", "readme"]


def makefile_tests(makefile):
    """REGRESS of the PGXS Makefile: the one list of the regression tests."""
    with open(makefile) as f:
        for line in f:
            if line.startswith("REGRESS ="):
                return line.split("=", 1)[1].split()
    raise SystemExit(f"{makefile} has no REGRESS")


def counted(stdout, names):
    """(passed, failed) of pg_regress's report lines for `names`."""
    passed = failed = 0
    for line in stdout.splitlines():
        words = line.split()
        if len(words) >= 4 and words[0] == "test" and words[1] in names:
            if words[3] == "ok":
                passed += 1
            else:
                failed += 1
    return passed, failed


def readme_test(readme, inputdir, plan_path):
    """sql/readme.sql: the SQL examples of README.md's "Fleets in PostgreSQL"
    and "Plan sets", verbatim but for the path of the example plan."""
    with open(readme) as f:
        text = f.read()
    blocks = []
    for heading in ("## Fleets in PostgreSQL", "## Plan sets"):
        section = text[text.index(heading):]
        block = section[section.index("```sql\n") + 7:]
        blocks.append(block[:block.index("```")])
    block = "".join(blocks)
    with open(os.path.join(inputdir, "sql", "readme.sql"), "w") as f:
        f.write("-- The examples of README.md, \"Fleets in PostgreSQL\" and \"Plan sets\" "
                "(written by run.py).\n"
                "SET timezone = 'UTC';\nSET datestyle = 'ISO, YMD';\n" +
                block.replace("/path/to/examples/night-plan.json", plan_path))


def corrupt_tzdata_test(args):
    """With the server's time-zone resources cut in half, a backend
    loading the module warns and runs on ICU's built-in data; it used to
    crash, and the postmaster dropped every session."""
    cluster = TemporaryCluster(args.module, args.control, args.script, args.bindir,
                               args.sharedir, args.pkglibdir, tzdata=args.tzdata)
    res = os.path.join(cluster.tzdata, "zoneinfo64.res")
    with open(res, "rb") as f:
        data = f.read()
    with open(res, "wb") as f:
        f.write(data[:len(data) // 2])
    if cluster.as_server:
        cluster.own(cluster.as_server[2], res)
    try:
        with cluster:
            answer = cluster.psql("CREATE EXTENSION otaplan;\nSELECT otaplan_tzdata_version();",
                                  check=False)
            alive = cluster.psql("SELECT 1", check=False).stdout.strip() == "1"
            version = answer.stdout.strip().splitlines()[-1:] or [""]
            ok = (answer.returncode == 0 and alive and version[0] != cluster.tzdata_version and
                  "truncated or corrupt" in answer.stderr)
            print(f"corrupt time-zone resources: version {version[0]!r}, warning "
                  f"{'truncated or corrupt' in answer.stderr}, server alive {alive}: "
                  f"{'ok' if ok else 'FAILED'}")
            if not ok:
                print(answer.stderr + cluster.server_log()[-3000:])
            return ok
    except subprocess.CalledProcessError as error:
        print(f"{' '.join(error.cmd)} failed:\n{error.stdout}\n{error.stderr}")
        return False


def icu_builtin_tzdata_version():
    """ICU's own tz version (this process runs with ICU_TIMEZONE_FILES_DIR
    empty), through ICU's C API, whose symbols carry its major version."""
    import ctypes
    import ctypes.util
    import glob
    paths = sorted(glob.glob("/usr/lib/*/libicui18n.so.*"))
    library = ctypes.CDLL(ctypes.util.find_library("icui18n") or paths[0])
    major = next(p.rsplit(".so.", 1)[1].split(".")[0] for p in paths)
    function = getattr(library, f"ucal_getTZDataVersion_{major}")
    function.restype = ctypes.c_char_p
    function.argtypes = [ctypes.POINTER(ctypes.c_int)]
    status = ctypes.c_int(0)
    return function(ctypes.byref(status)).decode()


def main():
    parser = argparse.ArgumentParser()
    for option in ("module", "control", "bindir", "pkglibdir", "sharedir", "pg-regress",
                   "tests", "conformance", "tzdata", "readme", "examples"):
        parser.add_argument("--" + option, required=True)
    parser.add_argument("--script", action="append", required=True)
    args = parser.parse_args()
    passed = failed = 0
    # ICU_TIMEZONE_FILES_DIR set empty (scripts/test.sh's run on ICU's own
    # data): the server runs on ICU's built-in data, which no expected
    # output may depend on either.
    builtin = os.environ.get("ICU_TIMEZONE_FILES_DIR") == ""
    cluster = TemporaryCluster(args.module, args.control, args.script, args.bindir,
                               args.sharedir, args.pkglibdir,
                               tzdata=None if builtin else args.tzdata,
                               settings=["max_parallel_workers_per_gather=2",
                                         "max_worker_processes=8"])
    expected_version = icu_builtin_tzdata_version() if builtin else cluster.tzdata_version
    if builtin:
        print(f"on ICU's built-in time-zone data ({expected_version})")
    elif not cluster.tzdata_version:
        print(f"no time-zone resources in {args.tzdata}: the build makes them (tzdata option)")
        print("postgres: 0 passed, 1 failed")
        return 1
    # psql reads the cases (\copy), from where they are.
    conformance = os.path.abspath(args.conformance)
    # The PGXS Makefile and the tests, as `make -C postgres installcheck`
    # sees them, in a copy (pg_regress writes its results beside them).
    inputdir = os.path.join(cluster.work, "input")
    tests = os.path.join(inputdir, "test")
    shutil.copytree(args.tests, tests)
    makefile = os.path.join(inputdir, "Makefile")
    shutil.copy(os.path.join(os.path.dirname(args.tests), "Makefile"), makefile)
    # pg_read_file() reads a relative path in the data folder: the example
    # plan goes there, so that the output names no temporary folder.
    readme_test(args.readme, tests, "night-plan.json")
    try:
        with cluster:
            plan = os.path.join(cluster.data, "night-plan.json")
            shutil.copy(os.path.join(args.examples, "night-plan.json"), plan)
            if cluster.as_server:
                cluster.own(cluster.as_server[2], plan)
            env = dict(os.environ, OTAPLAN_CONFORMANCE_DIR=conformance,
                       OTAPLAN_TZDATA_VERSION=expected_version, PGHOST=cluster.socket,
                       PGPORT=cluster.port, PGUSER="postgres")
            pg_config = os.path.join(args.bindir, "pg_config")
            # PKG_CONFIG=true: installcheck builds nothing, and otaplan need
            # not be installed for pkg-config.
            if shutil.which("make"):
                make = subprocess.run(["make", "-C", inputdir, "installcheck",
                                       f"PG_CONFIG={pg_config}", "PKG_CONFIG=true"],
                                      env=env, capture_output=True, text=True, timeout=800)
            else:
                # Without make (scripts/install-deps.sh installs it), the
                # Makefile's list, as PGXS would run it.
                print("no make: pg_regress runs the Makefile's REGRESS itself")
                make = subprocess.run(
                    [args.pg_regress, f"--bindir={args.bindir}", f"--inputdir={tests}",
                     f"--outputdir={inputdir}", "--dbname=contrib_regression",
                     *makefile_tests(makefile)],
                    env=env, capture_output=True, text=True, timeout=800)
            out = os.path.join(inputdir, "server")
            server = subprocess.run(
                [args.pg_regress, f"--bindir={args.bindir}", f"--inputdir={tests}",
                 f"--outputdir={out}", "--dbname=contrib_regression", "--use-existing",
                 *SERVER_TESTS],
                env=env, capture_output=True, text=True, timeout=800)
            for run, names, folder in ((make, makefile_tests(makefile), inputdir),
                                       (server, SERVER_TESTS, out)):
                print(run.stdout)
                ok, bad = counted(run.stdout, names)
                passed, failed = passed + ok, failed + bad
                if run.returncode != 0 or ok != len(names):
                    failed = max(failed, 1)
                    diffs = os.path.join(folder, "regression.diffs")
                    if os.path.exists(diffs):
                        with open(diffs) as f:
                            print(f.read()[:20000])
                    print(run.stderr[-5000:])
            keep = os.environ.get("OTAPLAN_PG_RESULTS")
            if keep:
                shutil.rmtree(keep, ignore_errors=True)
                os.makedirs(keep)
                for folder in (inputdir, out):
                    results = os.path.join(folder, "results")
                    for name in os.listdir(results) if os.path.isdir(results) else ():
                        shutil.copy(os.path.join(results, name), keep)
            # After every hostile input: the server still answers, and no
            # backend died.
            alive = cluster.psql("SELECT 1", check=False)
            log = cluster.server_log()
            crashed = [l for l in log.splitlines()
                       if "terminated by signal" in l or "was terminated" in l]
            if alive.stdout.strip() == "1" and not crashed:
                passed += 1
                print("server alive after the tests, no backend crashed: ok")
            else:
                failed += 1
                print("the server is down or a backend crashed:\n" + "\n".join(crashed) +
                      alive.stderr)
            if failed:
                print("server log (end):\n" + log[-4000:])
    except subprocess.CalledProcessError as error:
        failed += 1
        print(f"{' '.join(error.cmd)} failed:\n{error.stdout}\n{error.stderr}")
    if VALGRIND:
        ok = not cluster.valgrind_errors
        passed, failed = passed + ok, failed + (not ok)
        print("valgrind: " + ("no error in otaplan's code" if ok else
                              "errors in otaplan's code:\n" + "\n\n".join(cluster.valgrind_errors)))
    ok = corrupt_tzdata_test(args)
    passed += ok
    failed += not ok
    print(f"postgres: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
