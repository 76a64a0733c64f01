#!/usr/bin/env bash
# Runs the checks in .clang-tidy (all of them errors) over every tracked source file.
#   tools/run-clang-tidy.sh BUILD_DIR     (BUILD_DIR has compile_commands.json)
set -euo pipefail
build=${1:?usage: tools/run-clang-tidy.sh BUILD_DIR}
cd "$(dirname "$0")/.."
command -v clang-tidy >/dev/null || { echo "clang-tidy is not installed" >&2; exit 1; }
[[ -f "$build/compile_commands.json" ]] || { echo "no $build/compile_commands.json" >&2; exit 1; }
mapfile -t files < <(git ls-files 'src/*.cc' 'rules/*.cc' | grep -v '_test\.cc$')
log=$(mktemp)
# clang-tidy exits non-zero on a finding, so xargs does too: read the findings from the log
# rather than from the pipeline's status.
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 8 clang-tidy -p "$build" --quiet >"$log" 2>/dev/null || true
cp "$log" /tmp/fluxlint-clang-tidy.log
if grep -E ': (error|warning):' "$log"; then
  rm -f "$log"
  echo "clang-tidy found problems (see above)" >&2
  exit 1
fi
rm -f "$log"
echo "clang-tidy: ${#files[@]} files clean"
