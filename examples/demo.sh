#!/usr/bin/env bash
# Turns examples/fleet into a git repository (one commit), stages the change in examples/change on
# top of it, and runs `fluxlint check --staged` there: what the pre-commit hook would say.
#
#   examples/demo.sh [path/to/fluxlint] [extra fluxlint check flags…]
#
# Exits 0 when fluxlint ran and reported findings (exit 1) or none (exit 0); otherwise fluxlint's
# status (2 = usage/config/repository error).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fluxlint=${1:-"$here/../build/release/fluxlint"}
shift || true
[ -x "$fluxlint" ] || { echo "demo: no fluxlint binary at $fluxlint (build first)" >&2; exit 2; }
fluxlint=$(cd "$(dirname "$fluxlint")" && pwd)/$(basename "$fluxlint")

repo=$(mktemp -d "${TMPDIR:-/tmp}/fluxlint-demo.XXXXXX")
trap 'rm -rf "$repo"' EXIT
cp -R "$here/fleet/." "$repo/"
git -C "$repo" init -q -b main
git -C "$repo" add -A
git -C "$repo" -c user.name=demo -c user.email=demo@example.com commit -q -m "fleet: base state"
cp -R "$here/change/." "$repo/"
git -C "$repo" add -A

echo "\$ git diff --cached --stat"
git -C "$repo" diff --cached --stat
echo
echo "\$ fluxlint check --staged"
status=0
(cd "$repo" && "$fluxlint" check --staged "$@") || status=$?
[ "$status" -le 1 ] && exit 0
exit "$status"
