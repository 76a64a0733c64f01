#ifndef FLUXLINT_KUSTOMIZE_BUILD_ISSUE_H_
#define FLUXLINT_KUSTOMIZE_BUILD_ISSUE_H_

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "diag/span.h"

namespace fluxlint::kustomize {

/// A problem found while building, or a part that was not rendered.
struct BuildIssue {
  enum Kind { kError, kNotRendered };
  Kind kind = kError;
  /// Stable short code: "missing-file", "patch-target-not-found", "duplicate-id",
  /// "overlay-cycle", "path-escape", "unknown-field", "invalid-field", "generator-conflict",
  /// "parse", "not-a-kustomization", "replacement", "transformer", "remote-resource",
  /// "helm-chart", "plugin", "vars", "build-metadata", "openapi".
  std::string code;
  std::string message;  ///< names things: "resource 'apps/missing.yaml' not found"
  Span span;            ///< the entry a person must edit
  std::vector<RelatedSpan> related;
  std::string help;
};

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_BUILD_ISSUE_H_
