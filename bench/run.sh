#!/usr/bin/env bash
# Runs the benchmarks of the build folder ($OTAPLAN_BUILD_DIR, default build):
#   bench/run.sh            the tables of bench/RESULTS.md, as the programs print them
#   bench/run.sh --json     one JSON object a line, {"name": ..., "median_ns"|"median_ms"|"ratio"|"bytes": ...}
#   bench/run.sh --json --cli   also the whole otaplan process over 1,000,000 devices with
#                           --jobs 1 and 2 (cli_evaluate_1m_jobs1_ms, ..._jobs2_ms,
#                           cli_evaluate_1m_peak_rss_kib), which takes a few minutes
# OTAPLAN_BENCH_QUICK=1 makes every run small (a smoke run: the figures mean nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${OTAPLAN_BUILD_DIR:-build}"
json=0 cli=0
for argument in "$@"; do
    case "$argument" in
        --json) json=1 ;;
        --cli) cli=1 ;;
        *) echo "usage: bench/run.sh [--json] [--cli]" >&2; exit 2 ;;
    esac
done
ninja -C "$build" bench/bench_push bench/bench_eligible bench/bench_threads bench/bench_device_read bench/bench_order bench/bench_set tools/otaplan >/dev/null
figures=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$figures" "$work"' EXIT
for program in bench_push bench_eligible bench_threads bench_device_read bench_order bench_set; do
    if [ "$json" = 1 ]; then
        OTAPLAN_BENCH_JSON="$figures" "$build/bench/$program" >/dev/null
    else
        "$build/bench/$program"
    fi
done
if [ "$cli" = 1 ]; then
    devices=1000000
    [ "${OTAPLAN_BENCH_QUICK:-0}" = 1 ] && devices=20000
    python3 examples/make-rollout-fleet.py "$devices" > "$work/fleet.jsonl"
    for jobs in 1 2; do
        : > "$work/runs-$jobs"
    done
    # Alternating runs, so both meet the same machine; the median of 5.
    for run in 1 2 3 4 5; do
        for jobs in 1 2; do
            /usr/bin/time -f "%e %M" -o "$work/time" "$build/tools/otaplan" evaluate \
                examples/rollout-plan.json "$work/fleet.jsonl" --now 2026-12-06T16:00:00Z \
                --json --jobs "$jobs" >/dev/null || [ $? -eq 1 ]
            cat "$work/time" >> "$work/runs-$jobs"
        done
    done
    median() { sort -n "$1" | sed -n 3p; }
    read -r s1 rss1 < <(median "$work/runs-1")
    read -r s2 rss2 < <(median "$work/runs-2")
    {
        echo "{\"name\": \"cli_evaluate_1m_jobs1_ms\", \"median_ms\": $(awk -v s="$s1" 'BEGIN{print s*1000}')}"
        echo "{\"name\": \"cli_evaluate_1m_jobs2_ms\", \"median_ms\": $(awk -v s="$s2" 'BEGIN{print s*1000}')}"
        echo "{\"name\": \"cli_evaluate_1m_peak_rss_kib\", \"median_kib\": $rss2}"
    } >> "$figures"
    [ "$json" = 1 ] || awk -v a="$s1" -v b="$s2" -v r="$rss2" 'BEGIN {
        printf "\n## otaplan evaluate --json, %s devices\n\n| --jobs | wall time (median of 5) |\n|---:|---:|\n", "'"$devices"'";
        printf "| 1 | %.2f s |\n| 2 | %.2f s |\n\nspeed-up %.2fx, peak RSS with 2 jobs %d KiB\n", a, b, a / b, r }'
fi
[ "$json" = 1 ] && cat "$figures"
exit 0
