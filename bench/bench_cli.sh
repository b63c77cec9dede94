#!/usr/bin/env bash
# otaplan evaluate --json over a generated fleet: wall time and peak memory
# of the whole process, JSON parsing and writing included.
#   bench/bench_cli.sh OTAPLAN [DEVICES]     (default 1,000,000)
set -euo pipefail
otaplan=$1
devices=${2:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/plan.json" <<'JSON'
{"name": "bench", "product": "smart-lock_v2", "timezone": "Asia/Shanghai",
 "start": "2026-12-01T00:00", "end": "2027-03-01T00:00", "state": "active", "mode": "silent",
 "push_window": {"start_hour": 0, "end_hour": 2}, "strategy": {"min_battery": 30},
 "blacklist": ["lock-0013", "lock-0042"],
 "components": [{"type": "module", "id": "wifi-fw", "method": "delta", "source_version": "2.3.1", "target_version": "2.4.0"},
                {"type": "mcu", "id": "mcu.ctrl", "method": "full", "target_version": "1.8"}]}
JSON
python3 - "$devices" > "$work/fleet.jsonl" <<'PY'
import sys
w = sys.stdout.write
states = ['"idle"', '"idle"', '"idle"', '"refused","state_at":"2026-12-02T16:40:00Z"', '"failed","failed_attempts":1']
for i in range(int(sys.argv[1])):
    w('{"id":"lock-%07d","product":"smart-lock_v2","versions":{"wifi-fw":"2.3.1","mcu.ctrl":"1.7"},'
      '"signal":-%d,"battery":%d,"state":%s}\n' % (i, 60 + i % 50, i % 100, states[i % 5]))
PY
size=$(du -m "$work/fleet.jsonl" | cut -f1)
# evaluate and simulate alternate, so that both meet the same machine load.
for run in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$otaplan" evaluate "$work/plan.json" "$work/fleet.jsonl" \
        --now 2026-12-02T18:30:00Z --json > /dev/null
    cat "$work/time" >> "$work/runs"
    /usr/bin/time -f "%e %M" -o "$work/time" "$otaplan" simulate "$work/plan.json" "$work/fleet.jsonl" \
        --from 2026-12-02T18:30:00Z --to 2026-12-09T18:30:00Z --json > /dev/null
    cat "$work/time" >> "$work/simulate-runs"
done
evaluate=$(sort -n "$work/runs" | sed -n 3p)
simulate=$(sort -n "$work/simulate-runs" | sed -n 3p)
awk -v n="$devices" -v mb="$size" -v e="$evaluate" -v s="$simulate" 'BEGIN {
    split(e, ev, " "); split(s, sv, " ");
    printf "\n## otaplan evaluate --json and simulate --json, %d devices (%d MB of JSON Lines)\n\n", n, mb;
    printf "| command | wall time (median of 5) | peak RSS | devices/s |\n|---|---:|---:|---:|\n";
    printf "| evaluate --json | %.2f s | %.1f MiB | %.3g |\n", ev[1], ev[2] / 1024, n / ev[1];
    printf "| simulate --json, 7 days, 10-min buckets | %.2f s | %.1f MiB | %.3g |\n", sv[1], sv[2] / 1024, n / sv[1];
    printf "\nsimulate / evaluate: %.2f\n", sv[1] / ev[1] }'
