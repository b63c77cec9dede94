#!/usr/bin/env bash
# Two trees' benchmarks against each other on one machine, run alternately
# so that both meet the same load:
#   bench/alternate.sh OLD_BUILD NEW_BUILD [ROUNDS]
# where each *_BUILD is a meson build folder of its own tree (configured
# alike: `meson setup DIR --buildtype debugoptimized`).  Each round runs
# OLD's bench_push, then NEW's, and prints their `ota_next_push_time` rows
# (median, min, max ns); then callgrind counts the instructions of one
# call in each (exact, whatever the noise).  Default 5 rounds.
set -euo pipefail
old="$1" new="$2" rounds="${3:-5}"
for build in "$old" "$new"; do
    ninja -C "$build" bench/bench_push >/dev/null
done
echo "| round | tree | median ns | min ns | max ns |"
echo "|---:|---|---:|---:|---:|"
for round in $(seq "$rounds"); do
    for build in "$old" "$new"; do
        "$build/bench/bench_push" | awk -F'|' -v r="$round" -v b="$build" \
            '/\| otaplan ota_next_push_time \|/ { printf "| %s | %s |%s|%s|%s|\n", r, b, $3, $4, $5; exit }'
    done
done
if command -v valgrind >/dev/null; then
    out=$(mktemp)
    trap 'rm -f "$out"' EXIT
    for build in "$old" "$new"; do
        OTAPLAN_BENCH_QUICK=1 valgrind --tool=callgrind --callgrind-out-file="$out" \
            --compress-strings=no --toggle-collect=ota_next_push_time \
            "$build/bench/bench_push" >/dev/null 2>&1
        total=$(callgrind_annotate "$out" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
        calls=$(awk '/^cfn=ota_next_push_time$/ { getline; split($1, c, "="); n += c[2] } END { print n }' "$out")
        echo "$build: $total instructions in $calls calls of ota_next_push_time, $((total / calls)) a call"
    done
fi
