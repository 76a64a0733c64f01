#!/usr/bin/env bash
# Installs what fluxlint needs to build and test, from Debian packages (run as root).
#   tools/install-deps.sh          build + test dependencies
#   tools/install-deps.sh --ci     also what CI uses: Node.js/npm (SARIF validator), pre-commit
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config git ca-certificates
          libyaml-dev libgit2-dev libre2-dev nlohmann-json3-dev libcli11-dev
          libgtest-dev libgmock-dev libbenchmark-dev)
if [ "${1:-}" = "--ci" ]; then
  packages+=(pre-commit clang-tidy)
  # Node.js may come from another distribution channel that bundles npm (and conflicts with
  # Debian's npm package): install Debian's only when the commands are missing.
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
