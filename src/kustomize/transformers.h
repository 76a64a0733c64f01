#ifndef FLUXLINT_KUSTOMIZE_TRANSFORMERS_H_
#define FLUXLINT_KUSTOMIZE_TRANSFORMERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "kustomize/build_issue.h"
#include "kustomize/field_spec.h"
#include "kustomize/kustomization.h"
#include "kustomize/resource.h"

namespace fluxlint::kustomize {

/// kustomize's built-in transformers, applied to every object of one kustomization layer. Each
/// value a transformer writes carries the span of the kustomization entry that wrote it.
/// Problems are appended to `issues`; a transformer never throws and never aborts the build.

/// `namespace:` — metadata.namespace of namespaced kinds, the name of Namespace objects,
/// RoleBinding/ClusterRoleBinding subjects named "default", plus the configured field specs.
void ApplyNamespace(std::vector<Resource>& resources, const Entry& ns,
                    const std::vector<FieldSpec>& specs, std::vector<BuildIssue>* issues);

/// `namePrefix:` / `nameSuffix:` (CRDs, APIServices and Namespaces keep their names).
void ApplyNamePrefixSuffix(std::vector<Resource>& resources, const std::optional<Entry>& prefix,
                           const std::optional<Entry>& suffix,
                           const std::vector<FieldSpec>& prefix_specs,
                           const std::vector<FieldSpec>& suffix_specs,
                           std::vector<BuildIssue>* issues);

/// Adds `pairs` at every field spec (labels or annotations maps; created when the spec says).
void ApplyMapEntries(std::vector<Resource>& resources, const std::vector<Pair>& pairs,
                     const std::vector<FieldSpec>& specs, std::vector<BuildIssue>* issues);

/// One `images:` entry: every container image whose name matches, anywhere under a
/// `containers`/`initContainers` list, and at the configured field specs.
void ApplyImage(std::vector<Resource>& resources, const ImageEntry& image,
                const std::vector<FieldSpec>& specs, std::vector<BuildIssue>* issues);

/// One `replicas:` entry: spec.replicas of the workloads with that (current or original) name.
void ApplyReplicas(std::vector<Resource>& resources, const ReplicaEntry& replica,
                   const std::vector<FieldSpec>& specs, std::vector<BuildIssue>* issues);

/// Whether the image reference `image` names `name` (kustomize's rule: the name, then an
/// optional ":tag" and an optional "@sha256:digest"; a '.' in `name` matches any character).
bool ImageMatches(std::string_view image, std::string_view name);

/// Splits an image reference into name, tag and digest like kustomize.
void SplitImage(std::string_view image, std::string* name, std::string* tag, std::string* digest);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_TRANSFORMERS_H_
