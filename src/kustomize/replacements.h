#ifndef FLUXLINT_KUSTOMIZE_REPLACEMENTS_H_
#define FLUXLINT_KUSTOMIZE_REPLACEMENTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kustomize/build_issue.h"
#include "kustomize/resource.h"
#include "yaml/node.h"

namespace fluxlint::kustomize {

/// Applies one replacement ({source, targets}) as kustomize v5 does: the source is the one
/// object whose current or previous id matches the source selector (exact fields; empty ones
/// match anything), its value at `fieldPath` (default metadata.name, optionally split by a
/// delimiter) is copied — type and all — to every `fieldPaths` entry of every object that
/// `select` matches (id, labelSelector, annotationSelector) and no `reject` matches. Missing
/// target fields are errors unless `options.create`. Copied values carry `span` (the
/// replacement entry) as provenance.
void ApplyReplacement(std::vector<Resource>& resources, const yaml::Node& replacement,
                      std::vector<BuildIssue>* issues);

/// One element of a replacement field path ("spec.containers.[name=app].image").
struct PathPart {
  enum Kind { kField, kIndex, kAppend, kMatch, kWildcard } kind = kField;
  std::string field;  ///< field name, or the key of a [key=value] match ("" for [=value])
  std::string value;  ///< the value of a [key=value] match ("*" matches any)
  size_t index = 0;
};

/// Splits a field path at '.' outside brackets and classifies each part.
std::vector<PathPart> ParseReplacementPath(std::string_view path);

/// Every node `path` reaches in `root` (wildcards and matches may give several).
std::vector<yaml::Node*> FindPath(yaml::Node& root, const std::vector<PathPart>& path);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_REPLACEMENTS_H_
