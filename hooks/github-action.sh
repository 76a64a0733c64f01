#!/usr/bin/env bash
# The steps of the fluxlint GitHub Action (action.yml), kept here so that they can run, and be
# tested, outside GitHub. Linux with Debian or Ubuntu packages only.
#
#   hooks/github-action.sh cache-key   prints key=… and dir=… for actions/cache to $GITHUB_OUTPUT
#   hooks/github-action.sh build       makes sure $FLUXLINT_CACHE_DIR/fluxlint exists and runs
#                                      (builds it on a cache miss); prints fluxlint=…
#   hooks/github-action.sh run         lints $GITHUB_WORKSPACE; prints sarif-file=…
#
# Environment (action.yml sets it from the inputs and the github context):
#   INPUT_PATH, INPUT_BASE, INPUT_FORMAT, INPUT_FAIL_ON, INPUT_CONFIG   the action's inputs
#   FLUXLINT_PR_BASE      the pull request's base commit (empty for other events)
#   FLUXLINT_ACTION_REF   the ref the workflow uses the action at (part of the cache key)
#   FLUXLINT_CACHE_DIR    where `build` keeps the binary (the dir `cache-key` printed)
#   FLUXLINT              the binary `run` uses (default: fluxlint on PATH)
#   GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_NAME, RUNNER_TEMP: as set by
#   the runner; each is optional here, so the script also runs by hand.
set -euo pipefail

action_dir=$(cd "$(dirname "$0")/.." && pwd)

# output NAME VALUE: a step output (printed too when there is no $GITHUB_OUTPUT).
output() {
  if [[ -n ${GITHUB_OUTPUT:-} ]]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  else
    printf 'output %s=%s\n' "$1" "$2"
  fi
}

# error MESSAGE: an error annotation, then exit status 2.
error() {
  printf '::error title=fluxlint::%s\n' "$1"
  exit 2
}

# The version in CMakeLists.txt's project() line.
project_version() {
  sed -n 's/^project(fluxlint VERSION \([0-9A-Za-z.+-]*\).*/\1/p' "$action_dir/CMakeLists.txt"
}

# A digest of everything the binary is built from, so that a moved tag or a local `uses: ./`
# never restores a binary built from other sources.
source_digest() {
  (cd "$action_dir" &&
    find CMakeLists.txt cmake src rules -type f ! -name '*_test.cc' -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-16)
}

cmd_cache_key() {
  local version os arch ref key
  version=$(project_version)
  [[ -n $version ]] || error "cannot read the version from $action_dir/CMakeLists.txt"
  # The binary links the distribution's shared libraries: one cache per distribution release.
  os=$(. /etc/os-release 2>/dev/null && echo "${ID:-linux}${VERSION_ID:-}") || os=linux
  arch=$(uname -m)
  ref=${FLUXLINT_ACTION_REF:-local}
  ref=${ref//[^A-Za-z0-9._-]/-}
  key="fluxlint-$version-$ref-$os-$arch-$(source_digest)"
  output key "$key"
  output dir "${XDG_CACHE_HOME:-$HOME/.cache}/fluxlint-action/$key"
}

# Prints the Debian packages that hold the shared libraries $1 links.
runtime_packages() {
  local lib real pkg
  ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | while read -r lib; do
    real=$(readlink -f "$lib")
    # With a merged /usr, dpkg may know the file under the other spelling.
    pkg=$(dpkg -S "$real" 2>/dev/null || dpkg -S "/usr$real" 2>/dev/null ||
      dpkg -S "${real#/usr}" 2>/dev/null || true)
    [[ -n $pkg ]] && printf '%s\n' "${pkg%%: *}"
  done | sort -u
}

cmd_build() {
  local dir=${FLUXLINT_CACHE_DIR:?FLUXLINT_CACHE_DIR must be set (see cache-key)}
  local bin="$dir/fluxlint"
  if [[ -x $bin ]]; then
    echo "Using the cached fluxlint: $bin"
    if ldd "$bin" | grep -q 'not found'; then
      # A cache restored on a fresh runner: the binary is there, its shared libraries may not be.
      [[ -f $dir/runtime-packages ]] || error "the cached $bin misses shared libraries"
      local sudo=""
      [[ $(id -u) -eq 0 ]] || sudo=sudo
      mapfile -t packages <"$dir/runtime-packages"
      echo "Installing its shared libraries: ${packages[*]}"
      export DEBIAN_FRONTEND=noninteractive
      $sudo apt-get update -qq
      $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    fi
  else
    command -v apt-get >/dev/null ||
      error "building fluxlint needs a Debian or Ubuntu runner (apt-get), e.g. runs-on: ubuntu-24.04"
    echo "::group::Install the build dependencies"
    "$action_dir/tools/install-deps.sh"
    echo "::endgroup::"
    echo "::group::Build fluxlint $(project_version)"
    local build="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/fluxlint-build"
    cmake -S "$action_dir" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DFLUXLINT_BUILD_TESTS=OFF -DFLUXLINT_BUILD_BENCH=OFF
    cmake --build "$build" --target fluxlint
    mkdir -p "$dir"
    cp "$build/fluxlint" "$bin.tmp"
    mv "$bin.tmp" "$bin"
    runtime_packages "$bin" >"$dir/runtime-packages"
    echo "::endgroup::"
  fi
  "$bin" version || error "the fluxlint binary at $bin does not run"
  output fluxlint "$bin"
}

# Sets `base` to the revision to compare with, and says why.
choose_base() {
  if [[ -n ${INPUT_BASE:-} ]]; then
    base=$INPUT_BASE
    echo "Comparing with $base (the base input)"
  elif [[ -n ${FLUXLINT_PR_BASE:-} ]]; then
    base=$FLUXLINT_PR_BASE
    if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
      # actions/checkout fetches a single commit by default; fetch the base as well.
      echo "Fetching the pull request's base commit $base"
      git fetch -q --no-tags --depth=1 origin "$base" 2>&1 ||
        error "the pull request's base commit $base is not in the clone and could not be fetched; use actions/checkout with fetch-depth: 0"
    fi
    echo "Comparing with $base (the pull request's base, ${GITHUB_EVENT_NAME:-pull_request} event)"
  elif git rev-parse -q --verify 'HEAD~1^{commit}' >/dev/null 2>&1; then
    base=HEAD~1
    echo "Comparing with HEAD~1 (the parent commit)"
  else
    base=none
    echo "::notice title=fluxlint::HEAD has no parent in this clone, so the rules that compare" \
      "two revisions are off; use actions/checkout with fetch-depth: 2 (or 0) to turn them on"
  fi
}

cmd_run() {
  local fluxlint=${FLUXLINT:-fluxlint}
  command -v "$fluxlint" >/dev/null || error "fluxlint not found: '$fluxlint'"
  cd "${GITHUB_WORKSPACE:-.}"

  local base
  choose_base
  local -a paths
  read -r -d '' -a paths <<<"${INPUT_PATH:-.}" || true
  [[ ${#paths[@]} -gt 0 ]] || paths=(.)
  local -a args=(check "${paths[@]}" --base "$base")
  [[ -z ${INPUT_CONFIG:-} ]] || args+=(--config "$INPUT_CONFIG")

  local out_dir
  out_dir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/fluxlint.XXXXXX")
  local sarif="$out_dir/fluxlint.sarif"

  # One run decides the exit status (and writes the SARIF); the others only format the same
  # findings, which are deterministic.
  local status=0
  "$fluxlint" "${args[@]}" --format sarif -o "$sarif" --fail-on "${INPUT_FAIL_ON:-error}" ||
    status=$?
  if [[ $status -ge 2 ]]; then
    error "fluxlint check stopped with exit status $status (see the message above)"
  fi
  output sarif-file "$sarif"

  "$fluxlint" "${args[@]}" --format "${INPUT_FORMAT:-github}" --fail-on never ||
    error "fluxlint could not print the findings"

  if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
    "$fluxlint" "${args[@]}" --format markdown -o "$out_dir/summary.md" --fail-on never ||
      error "fluxlint could not write the job summary"
    cat "$out_dir/summary.md" >>"$GITHUB_STEP_SUMMARY"
  fi

  if [[ $status -eq 1 ]]; then
    echo "fluxlint found problems at or above '${INPUT_FAIL_ON:-error}' (the fail-on input)."
  fi
  return "$status"
}

case ${1:-} in
  cache-key) cmd_cache_key ;;
  build) cmd_build ;;
  run) cmd_run ;;
  *)
    echo "usage: $0 cache-key|build|run" >&2
    exit 2
    ;;
esac
