#!/usr/bin/env bash
# The main job: builds otaplan and runs it on the bundled examples.
#   1. validate the night-time plan (Asia/Shanghai, silent, window 00-02);
#   2. evaluate it over a fleet of 300 devices, one evening in December;
#   3. evaluate the user-confirm plan (Europe/Berlin) over its camera fleet;
#   4. show its auto-upgrade window across the night Berlin's clocks go back;
#   5. a grey release (phases, spread, a blackout) over 100,000 generated locks:
#      why one lock waits (explain), and the rollout's curve with and without
#      spread (simulate; pictures in build/demo/*.svg);
#   6. version order: a stepping stone and a release whose ranges meet, over
#      locks on older, newer and unordered firmware, and why the lock on
#      3.1.0 is not taken down (explain);
#   7. a plan set: which of three plans governs each lock (select);
#   8. plans as code: the example plans' tests (test) and a plan's hash.
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

echo
echo "# A grey release over 100,000 generated locks (examples/make-rollout-fleet.py): 2 %, 20 %,"
echo "# then 100 % of the fleet, each device at its own slot of the 00-04 window, nothing on 12-05."
mkdir -p build/demo
python3 examples/make-rollout-fleet.py 100000 > build/demo/rollout-fleet.jsonl
sed -n 4p build/demo/rollout-fleet.jsonl > build/demo/lock-000003.json
run explain examples/rollout-plan.json build/demo/lock-000003.json --now 2026-12-01T18:00:00Z
span=(--from 2026-11-30T16:00:00Z --to 2026-12-09T16:00:00Z --bucket 30)
run simulate examples/rollout-plan.json build/demo/rollout-fleet.jsonl "${span[@]}" \
    --svg build/demo/rollout-spread.svg
echo
echo "# The same plan without spread: the whole phase at the window's first tick."
run simulate examples/rollout-herd-plan.json build/demo/rollout-fleet.jsonl "${span[@]}" \
    --svg build/demo/rollout-herd.svg

echo
echo "# Version order (doc/rules.md 13): locks below 2.0.0 must pass through it before 3.0.0."
echo "# The stepping stone takes versions below 2.0.0, the release those from 2.0.0 on; neither"
echo "# takes a lock down, and v2.7 is no semver."
run evaluate examples/stepping-stone-plan.json examples/versions-fleet.jsonl --now 2027-01-10T12:00:00Z
run evaluate examples/release-plan.json examples/versions-fleet.jsonl --now 2027-01-10T12:00:00Z
sed -n 7p examples/versions-fleet.jsonl > build/demo/lock-1007.json
run explain examples/release-plan.json build/demo/lock-1007.json --now 2027-01-10T12:00:00Z

echo
echo "# A plan set (doc/rules.md 14): a release, a stepping stone and a hotfix for two locks."
run select examples/plan-set examples/plan-set-fleet.jsonl --now 2027-01-05T00:00:00Z

echo
echo "# Plans as code (doc/rules.md 9.3, 9.4): what each example plan must decide, and a plan's"
echo "# content identifier."
run test examples/night-plan.json examples/night-plan.tests.jsonl
run test examples/intl-plan.json examples/intl-plan.tests.jsonl
run test examples/plan-set examples/plan-set.tests.jsonl
run hash examples/night-plan.json
