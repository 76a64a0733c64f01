#!/usr/bin/env bash
# Runs the checks in .clang-tidy (all of them errors) over every tracked source file.
#   tools/run-clang-tidy.sh BUILD_DIR     (BUILD_DIR has compile_commands.json)
set -euo pipefail
build=${1:?usage: tools/run-clang-tidy.sh BUILD_DIR}
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cc' 'rules/*.cc' | grep -v '_test\.cc$')
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 8 clang-tidy -p "$build" --quiet 2>/dev/null \
  | tee /tmp/fluxlint-clang-tidy.log | grep -E ': (error|warning):' && {
  echo "clang-tidy found problems (see above)" >&2; exit 1; }
echo "clang-tidy: ${#files[@]} files clean"
