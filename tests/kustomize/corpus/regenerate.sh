#!/bin/sh
# Regenerates the expected `kustomize build` output of every kustomization directory in the
# shared corpus (../shared/corpus beside the checkout, or $FLUXLINT_CORPUS), with kubectl's
# built-in kustomize and Flux's load restrictor setting:
#
#   tests/kustomize/corpus/<repo>/<dir>.yaml   kubectl's output ("/" in <dir> kept as folders)
#   tests/kustomize/corpus/failing.txt         <repo>/<dir> lines kubectl could not build
#
# fluxlint must render the same objects in the same order (src/kustomize/corpus_test.cc).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
corpus=${FLUXLINT_CORPUS:-$root/../shared/corpus}
kubectl=${KUBECTL:-kubectl}

if ! command -v "$kubectl" >/dev/null 2>&1; then
  echo "regenerate.sh: kubectl not found" >&2
  exit 1
fi
"$kubectl" version --client 2>/dev/null | grep -i kustomize >&2 || true

# Start from a clean slate so removed directories do not leave stale expectations.
find "$here" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
: > "$here/failing.txt"

for repo_dir in "$corpus"/*/; do
  repo=$(basename "$repo_dir")
  find "$repo_dir" \( -name kustomization.yaml -o -name kustomization.yml -o -name Kustomization \) \
      -type f | sort | while read -r file; do
    dir=$(dirname "$file")
    rel=${dir#"$repo_dir"}
    [ "$rel" = "$dir" ] && rel=.
    out="$here/$repo/$rel.yaml"
    [ "$rel" = "." ] && out="$here/$repo/_root.yaml"
    mkdir -p "$(dirname "$out")"
    if "$kubectl" kustomize --load-restrictor LoadRestrictionsNone "$dir" > "$out.tmp" 2>/dev/null; then
      mv "$out.tmp" "$out"
      echo "ok      $repo/$rel"
    else
      rm -f "$out.tmp"
      echo "$repo/$rel" >> "$here/failing.txt"
      echo "failing $repo/$rel"
    fi
  done
done
