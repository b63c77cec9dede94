#!/usr/bin/env bash
# Regenerates the pictures of README.md: doc/rollout-spread.svg and
# doc/rollout-herd.svg, otaplan simulate --svg of examples/rollout-plan.json
# and of the same plan without spread (examples/rollout-herd-plan.json) over
# 100,000 generated devices.
#   scripts/make-pictures.sh [BUILD_DIR]     (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
ninja -C "$build" tools/otaplan tzdata/zoneinfo64.res >/dev/null
fleet=$(mktemp)
trap 'rm -f "$fleet"' EXIT
python3 examples/make-rollout-fleet.py 100000 >"$fleet"
span=(--from 2026-11-30T16:00:00Z --to 2026-12-09T16:00:00Z --bucket 30)
"$build/tools/otaplan" simulate examples/rollout-plan.json "$fleet" "${span[@]}" \
    --svg doc/rollout-spread.svg >/dev/null
"$build/tools/otaplan" simulate examples/rollout-herd-plan.json "$fleet" "${span[@]}" --svg doc/rollout-herd.svg >/dev/null
echo "wrote doc/rollout-spread.svg and doc/rollout-herd.svg"
