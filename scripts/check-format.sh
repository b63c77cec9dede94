#!/usr/bin/env bash
# Fails (and names the files) when a tracked C file is not formatted as
# .clang-format says.  Exit 77 (a skip for meson) without clang-format.
#   scripts/check-format.sh [SOURCE_ROOT]      fix with: clang-format -i FILE
cd "${1:-$(dirname "$0")/..}" || exit 1
format=$(command -v clang-format-14 || command -v clang-format) || { echo "no clang-format"; exit 77; }
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null)
[ ${#files[@]} -gt 0 ] || { echo "no git checkout: nothing to check"; exit 77; }
bad=0
for f in "${files[@]}"; do
    if ! "$format" --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not formatted: $f (clang-format -i $f)"
        bad=$((bad + 1))
    fi
done
echo "$(( ${#files[@]} - bad )) passed, $bad failed"
[ "$bad" -eq 0 ]
