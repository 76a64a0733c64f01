#!/usr/bin/env bash
# Writes the fixtures of lib.sh for tests that build their repositories themselves.
#
#   tests/integration/fleet.sh DIR clean          the clean fleet
#   tests/integration/fleet.sh DIR PROBLEM        the clean fleet with PROBLEM planted (a rule id);
#                                                 prints the text fluxlint must report, e.g.
#                                                 apps/podinfo/configmap.yaml:8:3: error[yaml-duplicate-key]
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

[[ $# -eq 2 ]] || fail "usage: $0 DIR clean|PROBLEM"
write_clean_fleet "$1"
if [[ $2 != clean ]]; then
  write_problem "$2" "$1"
  printf '%s\n' "$problem_expect"
fi
