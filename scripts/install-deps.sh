#!/usr/bin/env bash
# Installs the Debian 12 packages otaplan needs to build and test, when any is
# missing.  Used by both commands at the top of README.md.
set -euo pipefail

packages=(gcc libc6-dev pkg-config meson ninja-build libicu-dev icu-devtools libpcre2-dev
          libjansson-dev libcmocka-dev libxxhash-dev nettle-dev python3 tzdata valgrind git clang-format-14)
if [ "${OTAPLAN_WITH_CLANG:-0}" = 1 ]; then
    packages+=(clang libclang-rt-14-dev)
fi
# What only the tests use: a real SVG renderer for simulate --svg, and a
# real PostgreSQL 15 server with its extension headers, and make for its
# PGXS Makefile (make installcheck runs the extension's regression tests).
if [ "${OTAPLAN_WITH_TESTS:-0}" = 1 ]; then
    packages+=(librsvg2-bin postgresql-15 postgresql-server-dev-15 make man-db python3-venv python3-dev golang-go
              openjdk-17-jdk-headless libjna-java junit5 libgoogle-gson-java maven
              libmaven-compiler-plugin-java libmaven-resources-plugin-java libsurefire-java
              python3-setuptools python3-wheel python3-pip python3-jsonschema)
fi

# --current-tzdata: also bring the tz database to the newest package, for
# the time-zone resources built from it (tools/otaplan-tzdata).
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
if [ "${1:-}" = --current-tzdata ]; then
    # Best effort: without the package servers, the installed tzdata serves.
    if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --only-upgrade tzdata >/dev/null; }; then
        echo "warning: could not upgrade tzdata; using the installed one" >&2
    fi
    echo "tz database: $(head -n 1 /usr/share/zoneinfo/tzdata.zi)" >&2
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
