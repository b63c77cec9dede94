#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer + ASan + UBSan (clang) and runs one
# or all of them.
#   fuzz/run.sh TARGET|all SECONDS [extra libFuzzer flags]
# Targets: versions plan push device update order set fmt plan_test.  The working corpus grows in
# fuzz/corpus-run/TARGET (not committed), seeded from fuzz/corpus/TARGET; a
# crash is written to fuzz/artifacts/ and makes the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target or all}
seconds=${2:?seconds}
shift 2
command -v clang >/dev/null || OTAPLAN_WITH_CLANG=1 scripts/install-deps.sh
build=build-fuzz
if [ ! -d "$build" ]; then
    CC=clang meson setup "$build" -Dfuzzing=libfuzzer -Dtests=disabled -Dtools=disabled -Dbench=disabled -Dtzdata=disabled \
        -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C "$build" $(for t in versions plan push device update order set fmt plan_test; do echo fuzz/fuzz_$t; done) >/dev/null
mkdir -p fuzz/artifacts
targets=$([ "$target" = all ] && echo versions plan push device update order set fmt plan_test || echo "$target")
status=0
for t in $targets; do
    corpus=fuzz/corpus-run/$t
    mkdir -p "$corpus"
    dict=()
    case $t in plan|device|update|set|fmt|plan_test) dict=(-dict=fuzz/dict/json.dict) ;; esac
    echo "== fuzz_$t for ${seconds}s"
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
        "$build/fuzz/fuzz_$t" "$corpus" "fuzz/corpus/$t" "${dict[@]}" \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 \
        -artifact_prefix=fuzz/artifacts/"$t"- "$@" 2>&1 | tail -n 14 || status=1
done
exit $status
