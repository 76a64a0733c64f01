#!/usr/bin/env bash
# The plain git hook (hooks/pre-commit) under real `git commit`s.
#
#   tests/integration/git_hook.sh CASE WORKDIR [PROBLEM]
#
# CASE is one of:
#   reject-then-accept PROBLEM  copied into .git/hooks: a clean commit passes, a commit that plants
#                               PROBLEM (a rule id, see write_problem in lib.sh) is stopped with
#                               fluxlint's message, and the fixed commit passes
#   hooks-path                  installed with `git config core.hooksPath hooks` from a committed copy
#   no-verify                   `git commit --no-verify` skips the hook once
#   commit-index                `git commit -a` and `git commit PATH` are checked on what they record;
#                               a broken but unstaged file does not stop a commit
#   missing-binary              no fluxlint on PATH, or a bad FLUXLINT: a clear message; FLUXLINT works
#   config-error                a broken .fluxlint.yaml stops the commit with a different message
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

[[ $# -ge 2 ]] || fail "usage: $0 CASE WORKDIR [PROBLEM]"
case_name=$1
setup_sandbox "$2"
hook="$FLUXLINT_SOURCE_DIR/hooks/pre-commit"
[[ -f $hook ]] || fail "no hook at $hook"

repo="$work/repo"
new_repo "$repo"
cd "$repo"

# commit ARGS...: runs `git commit`, leaving the output in $out and the exit status in $status.
commit() {
  status=0
  out=$(git commit -q "$@" 2>&1) || status=$?
}

commits() { git rev-list --count HEAD 2>/dev/null || echo 0; }

install_copy() {
  cp "$hook" .git/hooks/pre-commit
  chmod +x .git/hooks/pre-commit
}

# A clean first commit, through the hook.
first_commit() {
  write_clean_fleet .
  git add -A
  commit -m "clean fleet"
  expect_status 0 "$status" "a clean first commit" "$out"
  [[ $(commits) == 1 ]] || fail "the first commit was not recorded"
}

case $case_name in
  reject-then-accept)
    [[ $# -eq 3 ]] || fail "reject-then-accept needs a PROBLEM"
    put_fluxlint_on_path
    install_copy
    first_commit
    write_problem "$3" .
    git add "$problem_file"
    commit -m "introduce $3"
    expect_status 1 "$status" "a commit with $3" "$out"
    expect_contains "$out" "$problem_expect" "the hook's output"
    expect_contains "$out" "the commit was stopped" "the hook's output"
    expect_contains "$out" "git commit --no-verify" "the hook's output"
    [[ $(commits) == 1 ]] || fail "the broken commit was recorded"
    write_clean_change .
    git add -A
    commit -m "podinfo: green"
    expect_status 0 "$status" "the fixed commit" "$out"
    [[ $(commits) == 2 ]] || fail "the fixed commit was not recorded"
    ;;

  hooks-path)
    put_fluxlint_on_path
    mkdir hooks
    cp "$hook" hooks/pre-commit
    chmod +x hooks/pre-commit
    git config core.hooksPath hooks
    first_commit
    write_problem yaml-duplicate-key .
    git add "$problem_file"
    commit -m "broken"
    expect_status 1 "$status" "a broken commit with core.hooksPath" "$out"
    expect_contains "$out" "$problem_expect" "the hook's output"
    # The hook runs at the top of the work tree, also when committing from a subfolder.
    status=0
    out=$(cd apps && git commit -q -m "broken, from a subfolder" 2>&1) || status=$?
    expect_status 1 "$status" "a broken commit from a subfolder" "$out"
    expect_contains "$out" "$problem_expect" "the hook's output from a subfolder"
    [[ $(commits) == 1 ]] || fail "a broken commit was recorded"
    ;;

  no-verify)
    put_fluxlint_on_path
    install_copy
    first_commit
    write_problem yaml-syntax-error .
    git add "$problem_file"
    commit -m "broken"
    expect_status 1 "$status" "a broken commit" "$out"
    commit --no-verify -m "broken, on purpose"
    expect_status 0 "$status" "git commit --no-verify" "$out"
    expect_not_contains "$out" "error[" "git commit --no-verify"
    [[ $(commits) == 2 ]] || fail "the --no-verify commit was not recorded"
    ;;

  commit-index)
    put_fluxlint_on_path
    install_copy
    first_commit
    # `git commit -a` stages the broken file into the index it records: stopped.
    write_problem yaml-duplicate-key .
    commit -a -m "broken via -a"
    expect_status 1 "$status" "git commit -a with a broken tracked file" "$out"
    expect_contains "$out" "$problem_expect" "git commit -a"
    # `git commit PATH` records PATH from the work tree: stopped.
    commit -m "broken via a path" -- "$problem_file"
    expect_status 1 "$status" "git commit PATH with a broken file" "$out"
    expect_contains "$out" "$problem_expect" "git commit PATH"
    [[ $(commits) == 1 ]] || fail "a broken commit was recorded"
    # The same broken file left unstaged does not stop a commit of something else.
    write README.md 'fleet
'
    git add README.md
    commit -m "docs"
    expect_status 0 "$status" "a commit that leaves a broken file unstaged" "$out"
    [[ $(commits) == 2 ]] || fail "the docs commit was not recorded"
    ;;

  missing-binary)
    install_copy
    first_commit_path=$PATH
    export PATH="$work/bin:/usr/bin:/bin"  # $work/bin is empty: no fluxlint
    if command -v fluxlint >/dev/null; then
      fail "this case needs a PATH without fluxlint, but $(command -v fluxlint) is there"
    fi
    write_clean_fleet .
    git add -A
    commit -m "clean, but no fluxlint"
    expect_status 1 "$status" "a commit without fluxlint installed" "$out"
    expect_contains "$out" "'fluxlint' command was not found on PATH" "the hook's output"
    expect_contains "$out" "FLUXLINT=/path/to/fluxlint" "the hook's output"
    expect_contains "$out" "git commit --no-verify" "the hook's output"
    FLUXLINT="$work/no-such-fluxlint" commit -m "clean, FLUXLINT wrong"
    expect_status 1 "$status" "a commit with FLUXLINT naming nothing" "$out"
    expect_contains "$out" "FLUXLINT is set to '$work/no-such-fluxlint'" "the hook's output"
    FLUXLINT="$FLUXLINT_BINARY" commit -m "clean, FLUXLINT right"
    expect_status 0 "$status" "a clean commit with FLUXLINT set" "$out"
    write_problem yaml-duplicate-key .
    git add -A
    FLUXLINT="$FLUXLINT_BINARY" commit -m "broken, FLUXLINT right"
    expect_status 1 "$status" "a broken commit with FLUXLINT set" "$out"
    expect_contains "$out" "$problem_expect" "the hook's output"
    PATH=$first_commit_path
    [[ $(commits) == 1 ]] || fail "expected exactly the one clean commit"
    ;;

  config-error)
    put_fluxlint_on_path
    install_copy
    first_commit
    write .fluxlint.yaml 'rules:
  selct: ["*"]
'
    git add .fluxlint.yaml
    commit -m "a configuration with a typo"
    expect_status 1 "$status" "a commit with a broken .fluxlint.yaml" "$out"
    expect_contains "$out" "did you mean 'select'?" "the hook's output"
    expect_contains "$out" "could not check the staged files" "the hook's output"
    expect_contains "$out" "git commit --no-verify" "the hook's output"
    [[ $(commits) == 1 ]] || fail "the commit with a broken configuration was recorded"
    ;;

  *)
    fail "unknown case '$case_name'"
    ;;
esac
echo "ok: git hook, $case_name ${3:-}"
