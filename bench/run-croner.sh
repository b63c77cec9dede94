#!/usr/bin/env bash
# croner (npm) on bench_push's cases, timed in its own process, side by side
# with ota_next_push_time on the same cases.
#   bench/run-croner.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
command -v npm >/dev/null || { apt-get install -y -qq nodejs npm >/dev/null; }
(cd "$here/croner" && npm install --silent --no-audit --no-fund >/dev/null)
cases=$(mktemp)
trap 'rm -f "$cases"' EXIT
"$build/bench/bench_push" --emit-cases "$cases"
node "$here/croner/bench.mjs" "$cases"
