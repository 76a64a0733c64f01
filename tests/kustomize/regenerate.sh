#!/usr/bin/env bash
# Regenerates the expected outputs of the kustomize fixture cases with the real tool.
#
#   tests/kustomize/regenerate.sh [GLOB]
#
# For every tests/kustomize/cases/<case>/ with an input/ directory (or only those whose name
# matches GLOB, e.g. 'patch-*'), runs
#   kubectl kustomize --load-restrictor LoadRestrictionsNone input/
# from inside the case directory and writes its output to expected.yaml, or, when kubectl fails,
# its error message to expected-error.txt (without klog's timestamp prefix). The other file is
# removed. The cases were made with kubectl v1.32 (kustomize v5.5.0); a different kustomize is
# reported, as its output may differ.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cases="${here}/cases"
filter="${1:-*}"

if ! command -v kubectl >/dev/null 2>&1; then
  echo "regenerate.sh: kubectl is not installed" >&2
  exit 2
fi
version="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')"
if [[ "${version}" != "v5.5.0" ]]; then
  echo "regenerate.sh: warning: kubectl embeds kustomize ${version:-unknown}, the cases expect v5.5.0" >&2
fi

count=0
failed=0
for dir in "${cases}"/*/; do
  dir="${dir%/}"
  name="$(basename "${dir}")"
  # shellcheck disable=SC2053  # GLOB is a pattern on purpose
  [[ "${name}" == ${filter} ]] || continue
  [[ -d "${dir}/input" ]] || continue
  out="$(mktemp)"
  err="$(mktemp)"
  if (cd "${dir}" && kubectl kustomize --load-restrictor LoadRestrictionsNone input/) \
      >"${out}" 2>"${err}"; then
    mv "${out}" "${dir}/expected.yaml"
    rm -f "${dir}/expected-error.txt" "${err}"
  else
    # klog prefixes the message with "E1121 22:50:45.845226   9543 run.go:72] ".
    sed -E 's/^[EFW][0-9]{4} [0-9:.]+ +[0-9]+ [A-Za-z0-9_.-]+:[0-9]+\] //' "${err}" \
      >"${dir}/expected-error.txt"
    rm -f "${dir}/expected.yaml" "${out}" "${err}"
    failed=$((failed + 1))
  fi
  count=$((count + 1))
done
echo "regenerate.sh: ${count} cases (${failed} expected errors)"
