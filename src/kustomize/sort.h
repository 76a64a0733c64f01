#ifndef FLUXLINT_KUSTOMIZE_SORT_H_
#define FLUXLINT_KUSTOMIZE_SORT_H_

#include <string>
#include <vector>

#include "kustomize/resource.h"

namespace fluxlint::kustomize {

/// kustomize's default "legacy" output order: kinds listed in `order_first` first (in that
/// order), kinds in `order_last` last, everything else between; ties by group/version/kind,
/// then namespace and name. With no lists given, kustomize's defaults (Namespace,
/// ResourceQuota, StorageClass, CustomResourceDefinition, ServiceAccount, … first;
/// MutatingWebhookConfiguration, ValidatingWebhookConfiguration last).
void LegacySort(std::vector<Resource>& resources, const std::vector<std::string>* order_first,
                const std::vector<std::string>* order_last);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_SORT_H_
