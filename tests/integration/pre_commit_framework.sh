#!/usr/bin/env bash
# The hooks in .pre-commit-hooks.yaml under the pre-commit framework (https://pre-commit.com), with
# real `git commit`s. Nothing is fetched from the network: the hooks come from this source tree.
#
#   tests/integration/pre_commit_framework.sh CASE WORKDIR [PROBLEM]
#
# CASE is one of:
#   local-repo PROBLEM  the hook definitions of .pre-commit-hooks.yaml, as they are, under
#                       `repo: local`: a clean commit passes, a commit that plants PROBLEM (a rule
#                       id, see write_problem in lib.sh) is rejected with fluxlint's message by both
#                       hooks, and the fixed commit passes
#   hook-repository     a git repository holding .pre-commit-hooks.yaml, used the way people use
#                       the published one (`repo:` + `rev:` + `id: fluxlint`); then
#                       `pre-commit run fluxlint-worktree --all-files` on the work tree
#   files-filter        a commit touching no YAML or kustomization file skips the hook; one that
#                       touches an extension-less `Kustomization` file runs it
#
# Needs `pre-commit` on PATH (exit 77 when it is missing: the caller reports a skip).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

[[ $# -ge 2 ]] || fail "usage: $0 CASE WORKDIR [PROBLEM]"
case_name=$1
command -v pre-commit >/dev/null || { echo "pre-commit is not installed" >&2; exit 77; }
setup_sandbox "$2"
put_fluxlint_on_path
export PRE_COMMIT_HOME="$work/pre-commit-home"
export PRE_COMMIT_COLOR=never
manifest="$FLUXLINT_SOURCE_DIR/.pre-commit-hooks.yaml"
[[ -f $manifest ]] || fail "no $manifest"

repo="$work/repo"
new_repo "$repo"
cd "$repo"

commit() {
  status=0
  out=$(git commit -q "$@" 2>&1) || status=$?
}

commits() { git rev-list --count HEAD 2>/dev/null || echo 0; }

# install_config TEXT: writes .pre-commit-config.yaml and installs pre-commit's git hook.
install_config() {
  write .pre-commit-config.yaml "$1"
  pre-commit install >/dev/null || fail "pre-commit install failed"
  [[ -x .git/hooks/pre-commit ]] || fail "pre-commit install wrote no .git/hooks/pre-commit"
}

local_config() {
  printf 'repos:\n  - repo: local\n    hooks:\n'
  sed 's/^/      /' "$manifest"
}

# A clean first commit (with the configuration), through the hooks.
first_commit() {
  write_clean_fleet .
  git add -A
  commit -m "clean fleet"
  expect_status 0 "$status" "a clean first commit" "$out"
  expect_contains "$out" "Passed" "pre-commit's report of the clean commit"
  [[ $(commits) == 1 ]] || fail "the first commit was not recorded"
}

case $case_name in
  local-repo)
    [[ $# -eq 3 ]] || fail "local-repo needs a PROBLEM"
    install_config "$(local_config)"
    first_commit
    write_problem "$3" .
    git add "$problem_file"
    commit -m "introduce $3"
    expect_status 1 "$status" "a commit with $3" "$out"
    expect_contains "$out" "- hook id: fluxlint
" "pre-commit's report"
    expect_contains "$out" "- hook id: fluxlint-worktree" "pre-commit's report"
    expect_contains "$out" "$problem_expect" "fluxlint's message"
    [[ $(commits) == 1 ]] || fail "the broken commit was recorded"
    write_clean_change .
    git add -A
    commit -m "podinfo: green"
    expect_status 0 "$status" "the fixed commit" "$out"
    expect_not_contains "$out" "Failed" "the fixed commit"
    [[ $(commits) == 2 ]] || fail "the fixed commit was not recorded"
    ;;

  hook-repository)
    hooks_repo="$work/fluxlint-hooks"
    new_repo "$hooks_repo"
    cp "$manifest" "$hooks_repo/.pre-commit-hooks.yaml"
    git -C "$hooks_repo" add .pre-commit-hooks.yaml
    git -C "$hooks_repo" commit -q -m "hooks"
    rev=$(git -C "$hooks_repo" rev-parse HEAD)
    install_config "repos:
  - repo: $hooks_repo
    rev: $rev
    hooks:
      - id: fluxlint
"
    first_commit
    write_problem yaml-duplicate-key .
    git add "$problem_file"
    commit -m "broken"
    expect_status 1 "$status" "a broken commit" "$out"
    expect_contains "$out" "- hook id: fluxlint" "pre-commit's report"
    expect_contains "$out" "$problem_expect" "fluxlint's message"
    [[ $(commits) == 1 ]] || fail "the broken commit was recorded"
    git reset -q --hard
    # The work-tree hook, run by hand over everything: it sees the unstaged edit.
    write .pre-commit-config.yaml "repos:
  - repo: $hooks_repo
    rev: $rev
    hooks:
      - id: fluxlint-worktree
"
    git add .pre-commit-config.yaml
    status=0
    out=$(pre-commit run fluxlint-worktree --all-files 2>&1) || status=$?
    expect_status 0 "$status" "the work-tree hook on a clean work tree" "$out"
    write_problem yaml-syntax-error .
    status=0
    out=$(pre-commit run fluxlint-worktree --all-files 2>&1) || status=$?
    expect_status 1 "$status" "the work-tree hook on a broken work tree" "$out"
    expect_contains "$out" "$problem_expect" "fluxlint's message"
    ;;

  files-filter)
    install_config "$(local_config)"
    first_commit
    # The hook would fail if it ran: the index holds a broken file...
    write_problem yaml-duplicate-key .
    git add "$problem_file"
    git commit -q --no-verify -m "broken, committed without hooks"
    # ...but a commit that touches no YAML or kustomization file does not run it.
    write notes.txt 'nothing to lint
'
    git add notes.txt
    commit -m "notes"
    expect_status 0 "$status" "a commit of a text file" "$out"
    expect_contains "$out" "(no files to check)Skipped" "pre-commit's report"
    # An extension-less Kustomization file does.
    write infrastructure/Kustomization 'resources: []
'
    git add infrastructure/Kustomization
    commit -m "Kustomization"
    expect_status 1 "$status" "a commit of a Kustomization file" "$out"
    expect_contains "$out" "$problem_expect" "fluxlint's message"
    ;;

  *)
    fail "unknown case '$case_name'"
    ;;
esac
echo "ok: pre-commit framework, $case_name ${3:-}"
