#!/usr/bin/env bash
# Builds otaplan and runs every test, as CI does (.ci/run):
#   1. a -Werror build and the whole suite (meson test): unit tests, the
#      conformance cases through the C API, the otaplan binary and Python,
#      CLI, parity, symbol, ABI, format and subproject tests, and the
#      PostgreSQL extension against a real server it starts.  The C tests
#      run on ICU's own time-zone data, the program and the binding on the
#      resources the build made from the system's tz database (their default);
#   2. the suite again with ICU_TIMEZONE_FILES_DIR naming those resources
#      (everything on fresh data), and the program and binding once more with
#      it empty (everything on ICU's built-in 2022e): the conformance cases
#      hold for tz 2022e, 2025b and 2026f;
#   3. the suite under valgrind memcheck (leak check full);
#   4. the suite built with AddressSanitizer + UndefinedBehaviorSanitizer
#      (clang), the CLI and the Python binding included;
#   5. the threaded tests under ThreadSanitizer;
#   6. a short benchmark run (answers checked, no timing asserted);
#   7. every fuzz target for 60 s (OTAPLAN_FUZZ_SECONDS) under ASan + UBSan.
# Ends with the line "N passed, M failed" over every test run.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
OTAPLAN_WITH_CLANG=1 OTAPLAN_WITH_TESTS=1 scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
# The build makes its time-zone resources from the tz database: bring it to
# the newest package first (best effort without the package servers).
scripts/install-deps.sh --current-tzdata

# The conformance cases are the repository's copy (tests/conformance);
# OTAPLAN_CONFORMANCE_DIR names another folder of them.
conformance="${OTAPLAN_CONFORMANCE_DIR:-$PWD/tests/conformance}"

passed=0
failed=0
jobs=$(nproc 2>/dev/null || echo 2)

# Adds the results of one `meson test` run (its testlog[-SETUP].json) to the totals.
count() {
    local log=$1/meson-logs/$2
    if [ ! -f "$log" ]; then failed=$((failed + 1)); return; fi
    read -r p f < <(python3 - "$log" <<'PY'
import json, sys
ok = bad = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): ok += 1
    elif r != "SKIP": bad += 1
print(ok, bad)
PY
)
    passed=$((passed + p))
    failed=$((failed + f))
}

run_suite() { # NAME BUILD_DIR LOG_NAME MESON_TEST_ARGS...
    local name=$1 dir=$2 log=$3
    shift 3
    echo "== $name"
    rm -f "$dir/meson-logs/$log"
    meson test -C "$dir" --print-errorlogs --num-processes "$jobs" "$@" || echo "FAILED: $name"
    count "$dir" "$log"
}

setup() { # BUILD_DIR MESON_SETUP_ARGS...
    local dir=$1
    shift
    if [ -d "$dir" ]; then
        meson setup --reconfigure "$dir" "$@" >/dev/null
    else
        meson setup "$dir" "$@" >/dev/null
    fi && ninja -C "$dir" >/dev/null
}

common=(-Dwerror=true -Dconformance_dir="$conformance")

echo "== build (gcc, -Werror)"
if setup build-test "${common[@]}" -Dpostgres=enabled; then
    run_suite "the whole suite" build-test testlog.json
    if [ -f build-test/tzdata/zoneinfo64.res ]; then
        ICU_TIMEZONE_FILES_DIR="$PWD/build-test/tzdata" run_suite \
            "the suite on the system's tz data ($(head -n 1 build-test/tzdata/tzdata-version))" \
            build-test testlog.json --no-suite fuzz --no-suite subproject --no-suite postgres
    else
        echo "FAILED: the build made no time-zone resources"; failed=$((failed + 1))
    fi
    ICU_TIMEZONE_FILES_DIR="" run_suite \
        "the program, the binding and the extension on ICU's built-in tz data" \
        build-test testlog.json --suite cli --suite python --suite postgres --no-suite tzdata
    run_suite "valgrind memcheck" build-test testlog-valgrind.json --setup valgrind --no-suite slow --no-suite cli --no-suite python --no-suite go --no-suite java --no-suite fuzz --no-suite meta --no-suite postgres
    # The benchmarks at small sizes: they run and their answers agree with
    # the baselines; no timing is asserted.
    OTAPLAN_BENCH_QUICK=1 run_suite "benchmark smoke run" build-test testlog.json --benchmark
else
    echo "FAILED: build"; failed=$((failed + 1))
fi

echo "== build (clang, ASan + UBSan)"
if CC=clang setup build-asan "${common[@]}" -Db_sanitize=address,undefined -Db_lundef=false \
        -Dbuildtype=debug; then
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        run_suite "ASan + UBSan" build-asan testlog.json --no-suite subproject --no-suite meta
else
    echo "FAILED: ASan build"; failed=$((failed + 1))
fi

echo "== build (clang, ThreadSanitizer)"
if CC=clang setup build-tsan "${common[@]}" -Db_sanitize=thread -Db_lundef=false; then
    TSAN_OPTIONS=halt_on_error=1 run_suite "ThreadSanitizer" build-tsan testlog.json --suite threads
else
    echo "FAILED: TSan build"; failed=$((failed + 1))
fi

echo "== fuzzing, ${OTAPLAN_FUZZ_SECONDS:-60} s per target (libFuzzer, ASan + UBSan)"
for target in versions plan push device update order set; do
    if fuzz/run.sh "$target" "${OTAPLAN_FUZZ_SECONDS:-60}" >"fuzz-$target.log" 2>&1; then
        passed=$((passed + 1))
        grep -E "stat::number_of_executed_units" "fuzz-$target.log" | sed "s/^/  fuzz_$target: /"
    else
        failed=$((failed + 1))
        echo "FAILED: fuzz_$target (fuzz/artifacts/ holds the input)"
        tail -n 30 "fuzz-$target.log"
    fi
done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
