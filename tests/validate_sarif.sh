#!/usr/bin/env bash
# Validates every *.sarif file under DIR with the Microsoft SARIF Multitool, including the rules
# GitHub code scanning enforces on upload (--rule-kind "Ghas;Sarif"; see spec/sarif.md).
#
#   tests/validate_sarif.sh DIR
#
# Fails (exit 1) if DIR holds no .sarif file, or if any file gets any error or warning. Exit 2 is a
# usage or setup problem. The Multitool is installed from npm into
# ${XDG_CACHE_HOME:-$HOME/.cache}/fluxlint-sarif on first use; set SARIF_MULTITOOL to the path of
# an existing Sarif.Multitool binary to use that one instead.
#
# Produce the files with:  FLUXLINT_SARIF_DIR=DIR build/fluxlint_output_test
set -euo pipefail

if [[ $# -ne 1 || ! -d $1 ]]; then
  echo "usage: $0 DIR   (a directory containing .sarif files)" >&2
  exit 2
fi
dir=$1

for tool in node find; do
  command -v "$tool" >/dev/null || { echo "$0: '$tool' is required" >&2; exit 2; }
done

multitool=${SARIF_MULTITOOL:-}
if [[ -z $multitool ]]; then
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/fluxlint-sarif
  multitool=$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
  if [[ ! -f $multitool ]]; then
    command -v npm >/dev/null || { echo "$0: npm is required to install the SARIF Multitool" >&2; exit 2; }
    echo "Installing @microsoft/sarif-multitool into $cache" >&2
    mkdir -p "$cache"
    (cd "$cache" && npm install --no-audit --no-fund @microsoft/sarif-multitool >&2)
  fi
  # npm 11 skips the package's postinstall step, which would make the binary executable.
  chmod u+x "$multitool"
fi
if [[ ! -x $multitool ]]; then
  echo "$0: SARIF Multitool not found or not executable: $multitool" >&2
  exit 2
fi

files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$dir" -type f -name '*.sarif' -print0 | sort -z)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "$0: no .sarif files under $dir" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One Multitool run for all files. Its exit status does not reflect findings, so the verdict comes
# from the SARIF log it writes: every result whose effective level is error or warning counts
# (a result without "level" takes its rule's default level, else "warning"), and so does any
# error notification or an unsuccessful execution (e.g. a file that could not be read).
status=0
# (The Multitool skips files over 10 MB by default; a skipped file would count as a failure.)
"$multitool" validate --rule-kind "Ghas;Sarif" --max-file-size-in-kb 1048576 \
  --output "$work/log.sarif" "${files[@]}" >"$work/console.txt" 2>&1 || status=$?

if [[ ! -s $work/log.sarif ]]; then
  cat "$work/console.txt" >&2
  echo "$0: the SARIF Multitool wrote no log (exit status $status)" >&2
  exit 1
fi

problems=$(node - "$work/log.sarif" <<'EOF'
const fs = require('fs');
const log = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const lines = [];
for (const run of log.runs || []) {
  const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
  for (const r of run.results || []) {
    const rule = rules[r.ruleIndex] || rules.find((x) => x.id === r.ruleId) || {};
    const level = r.level || (rule.defaultConfiguration && rule.defaultConfiguration.level) ||
        'warning';
    if (level !== 'error' && level !== 'warning') continue;
    const loc = (r.locations || [])[0];
    const where = loc && loc.physicalLocation ?
        `${loc.physicalLocation.artifactLocation.uri}:${(loc.physicalLocation.region || {}).startLine || 0}` :
        '?';
    const args = (r.message && r.message.arguments) || [];
    lines.push(`${where}: ${level} ${r.ruleId}: ${(r.message && r.message.text) || args.join(' | ')}`);
  }
  for (const inv of run.invocations || []) {
    if (inv.executionSuccessful === false) lines.push('the validator did not run successfully');
    for (const list of [inv.toolExecutionNotifications, inv.toolConfigurationNotifications]) {
      for (const n of list || []) {
        if ((n.level || 'warning') === 'error') {
          lines.push(`validator error: ${(n.message && n.message.text) || JSON.stringify(n)}`);
        }
      }
    }
  }
}
console.log(lines.join('\n').replace(/\0/g, ''));
EOF
)

if [[ -n $problems ]] || grep -aEq ': (error|warning) [A-Z]+[0-9]+' "$work/console.txt"; then
  echo "SARIF validation failed:" >&2
  # The console lines carry the formatted messages; the log's are only message ids + arguments.
  if ! grep -aE ': (error|warning) [A-Z]+[0-9]+' "$work/console.txt" | tr -d '\000' >&2; then
    printf '%s\n' "$problems" >&2
  fi
  exit 1
fi
if ! grep -aq "Done. ${#files[@]} files scanned." "$work/console.txt"; then
  cat "$work/console.txt" >&2
  echo "$0: expected the validator to scan ${#files[@]} files" >&2
  exit 1
fi
echo "SARIF OK: ${#files[@]} file(s) under $dir, 0 errors, 0 warnings (Ghas;Sarif rules)."
