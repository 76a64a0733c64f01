#!/usr/bin/env bash
# Installs what fluxlint needs to build and test, from Debian packages (run as root).
#   tools/install-deps.sh          build + test dependencies
#   tools/install-deps.sh --ci     also what CI uses: Node.js/npm (SARIF validator), pre-commit
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config git ca-certificates
          libyaml-dev libgit2-dev libre2-dev nlohmann-json3-dev libcli11-dev
          libgtest-dev libgmock-dev libbenchmark-dev)
if [ "${1:-}" = "--ci" ]; then
  packages+=(nodejs npm pre-commit clang-tidy)
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
