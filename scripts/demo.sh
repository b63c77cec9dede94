#!/usr/bin/env bash
# The main job: builds otaplan and runs it on the bundled examples.
#   1. validate the night-time plan (Asia/Shanghai, silent, window 00-02);
#   2. evaluate it over a fleet of 300 devices, one evening in December;
#   3. evaluate the user-confirm plan (Europe/Berlin) over its camera fleet;
#   4. show its auto-upgrade window across the night Berlin's clocks go back.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build tools/otaplan tzdata/zoneinfo64.res >/dev/null
otaplan=build/tools/otaplan

run() { echo; echo "\$ otaplan $*"; "$otaplan" "$@"; }

run --version
run validate examples/night-plan.json --now 2026-11-24T00:00:00Z
run evaluate examples/night-plan.json examples/fleet.jsonl --now 2026-12-02T18:30:00Z
run evaluate examples/intl-plan.json examples/cam-fleet.jsonl --now 2026-10-24T20:00:00Z
echo
echo "# Berlin's clocks go back at 03:00 on 2026-10-25: that night the 02-04 window lasts three hours."
run windows examples/intl-plan.json --from 2026-10-23T00:00:00Z --to 2026-10-28T00:00:00Z
