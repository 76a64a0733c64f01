# shellcheck shell=bash
# Shared helpers for the integration scenarios in this folder (sourced, not run). Bash.
#
# Every scenario script takes `CASE WORKDIR`: it builds throw-away git repositories under WORKDIR
# (which must exist and be empty), runs one case and exits 0 when every expectation held. A failed
# expectation prints what was expected and what happened, and exits 1. The caller deletes WORKDIR.
#
# Environment: FLUXLINT_BINARY (the fluxlint binary under test) and FLUXLINT_SOURCE_DIR (the
# project root) are required.

set -euo pipefail

: "${FLUXLINT_BINARY:?FLUXLINT_BINARY must name the fluxlint binary under test}"
: "${FLUXLINT_SOURCE_DIR:?FLUXLINT_SOURCE_DIR must name the fluxlint source tree}"

# Prints the message and stops the scenario.
fail() {
  printf 'FAILED: %s\n' "$*" >&2
  exit 1
}

# expect_status WANT GOT WHAT OUTPUT
expect_status() {
  if [[ $1 != "$2" ]]; then
    printf '%s\n' "$4" >&2
    fail "$3: exit status $2, expected $1"
  fi
}

# expect_contains HAYSTACK NEEDLE WHAT
expect_contains() {
  if [[ $1 != *"$2"* ]]; then
    printf '%s\n' "$1" >&2
    fail "$3: expected the output above to contain '$2'"
  fi
}

# expect_not_contains HAYSTACK NEEDLE WHAT
expect_not_contains() {
  if [[ $1 == *"$2"* ]]; then
    printf '%s\n' "$1" >&2
    fail "$3: expected the output above not to contain '$2'"
  fi
}

# setup_sandbox WORKDIR: a private HOME and git configuration, so that nothing the person running
# the tests has configured (hooks, templates, signing, core.hooksPath) takes part.
setup_sandbox() {
  work=$(cd "$1" && pwd)
  mkdir -p "$work/home" "$work/bin"
  export HOME="$work/home"
  export XDG_CACHE_HOME="$work/home/.cache" XDG_CONFIG_HOME="$work/home/.config"
  export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/home/.gitconfig"
  unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR FLUXLINT
  git config --global user.name "Integration Test"
  git config --global user.email "test@example.com"
  git config --global init.defaultBranch main
  git config --global commit.gpgSign false
  git config --global advice.detachedHead false
  export NO_COLOR=1
}

# put_fluxlint_on_path: `fluxlint` on PATH is the binary under test.
put_fluxlint_on_path() {
  ln -sf "$FLUXLINT_BINARY" "$work/bin/fluxlint"
  export PATH="$work/bin:$PATH"
}

# new_repo DIR: an empty git repository.
new_repo() {
  git init -q "$1"
}

# write FILE CONTENT (creates parent folders).
write() {
  mkdir -p "$(dirname "$1")"
  printf '%s' "$2" >"$1"
}

# write_clean_fleet DIR: a small, correct Flux + kustomize layout.
write_clean_fleet() {
  write "$1/apps/podinfo/kustomization.yaml" 'apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - namespace.yaml
  - configmap.yaml
'
  write "$1/apps/podinfo/namespace.yaml" 'apiVersion: v1
kind: Namespace
metadata:
  name: podinfo
'
  write "$1/apps/podinfo/configmap.yaml" 'apiVersion: v1
kind: ConfigMap
metadata:
  name: podinfo
  namespace: podinfo
data:
  color: blue
'
  # The bootstrap source, as `flux bootstrap` writes it: this repository is "flux-system".
  write "$1/clusters/production/flux-system/gotk-sync.yaml" 'apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  ref:
    branch: main
  url: ssh://git@example.com/fleet
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 10m
  path: ./clusters/production
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
'
  write "$1/clusters/production/flux-system/kustomization.yaml" 'apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - gotk-sync.yaml
'
  write "$1/clusters/production/apps.yaml" 'apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/podinfo
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
'
}

# write_clean_change DIR: the clean fleet with a harmless edit (a commit that must pass).
write_clean_change() {
  rm -f "$1/clusters/production/platform.yaml"  # planted by the flux-dependson-cycle problem
  write_clean_fleet "$1"
  write "$1/apps/podinfo/configmap.yaml" 'apiVersion: v1
kind: ConfigMap
metadata:
  name: podinfo
  namespace: podinfo
data:
  color: green
'
}

# A problem each scenario plants in a clean fleet, by the id of the rule that must catch it.
# write_problem KIND DIR sets `problem_file` (what to `git add`) and `problem_expect` (text that
# fluxlint's text output must contain).
# shellcheck disable=SC2034  # the variables are for the scenario that sourced this file
write_problem() {
  case $1 in
    yaml-duplicate-key)
      write "$2/apps/podinfo/configmap.yaml" 'apiVersion: v1
kind: ConfigMap
metadata:
  name: podinfo
  namespace: podinfo
data:
  color: blue
  color: green
'
      problem_file=apps/podinfo/configmap.yaml
      problem_expect='apps/podinfo/configmap.yaml:8:3: error[yaml-duplicate-key]'
      ;;
    yaml-syntax-error)
      write "$2/apps/podinfo/namespace.yaml" 'apiVersion: v1
kind: Namespace
metadata:
  name: podinfo
   labels: {}
'
      problem_file=apps/podinfo/namespace.yaml
      problem_expect='apps/podinfo/namespace.yaml:5:10: error[yaml-syntax-error]'
      ;;
    flux-dependson-cycle)
      # Two Flux Kustomizations that wait for each other: Flux never applies either.
      write "$2/clusters/production/platform.yaml" 'apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: infra
  namespace: flux-system
spec:
  interval: 10m
  dependsOn:
    - name: monitoring
  path: ./apps/podinfo
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: monitoring
  namespace: flux-system
spec:
  interval: 10m
  dependsOn:
    - name: infra
  path: ./apps/podinfo
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
'
      problem_file=clusters/production/platform.yaml
      problem_expect='clusters/production/platform.yaml:24:7: error[flux-dependson-cycle]'
      ;;
    *)
      fail "write_problem: no fixture for '$1'"
      ;;
  esac
}
