#ifndef FLUXLINT_KUSTOMIZE_NAME_REFERENCE_H_
#define FLUXLINT_KUSTOMIZE_NAME_REFERENCE_H_

#include <vector>

#include "kustomize/build_issue.h"
#include "kustomize/field_spec.h"
#include "kustomize/resource.h"

namespace fluxlint::kustomize {

/// Adds the content hash suffix to the names of generated ConfigMaps/Secrets that want one
/// (the old name is kept as a previous id for the reference fix-up).
void AddHashSuffixes(std::vector<Resource>& resources);

/// Fixes name references after renames (prefix/suffix, hash, patches): for every field the
/// nameReference table says may hold the name of another object (a ConfigMap in a pod volume, a
/// ServiceAccount in RoleBinding subjects, a Service in an Ingress backend, …), finds the object
/// that had that name, of that kind, visible from the referrer (same namespace, cluster-scoped,
/// or a ServiceAccount), and writes its current name (and namespace for {name, namespace}
/// mappings). Ambiguous references are errors, as in kustomize. Uses an index by previous
/// name, so the work is proportional to the number of references, not objects squared.
void FixNameReferences(std::vector<Resource>& resources, const std::vector<NameBackReference>& refs,
                       std::vector<BuildIssue>* issues);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_NAME_REFERENCE_H_
