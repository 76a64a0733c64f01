#include "kustomize/sort.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace fluxlint::kustomize {

namespace {

// kustomize's fixed default order (its SortOrderTransformer); kept as kustomize has it.
const std::vector<std::string>& DefaultOrderFirst() {
  static const std::vector<std::string> kFirst = {
      "Namespace",
      "ResourceQuota",
      "StorageClass",
      "CustomResourceDefinition",
      "ServiceAccount",
      "PodSecurityPolicy",
      "Role",
      "ClusterRole",
      "RoleBinding",
      "ClusterRoleBinding",
      "ConfigMap",
      "Secret",
      "Endpoints",
      "Service",
      "LimitRange",
      "PriorityClass",
      "PersistentVolume",
      "PersistentVolumeClaim",
      "Deployment",
      "StatefulSet",
      "CronJob",
      "PodDisruptionBudget",
  };
  return kFirst;
}

const std::vector<std::string>& DefaultOrderLast() {
  static const std::vector<std::string> kLast = {"MutatingWebhookConfiguration",
                                                 "ValidatingWebhookConfiguration"};
  return kLast;
}

struct Key {
  int rank;
  Gvk gvk;
  std::string gvk_string;
  std::string id_string;  // gvk string | namespace | name, with kustomize's placeholders
};

}  // namespace

void LegacySort(std::vector<Resource>& resources, const std::vector<std::string>* order_first,
                const std::vector<std::string>* order_last) {
  const std::vector<std::string>& first = order_first ? *order_first : DefaultOrderFirst();
  const std::vector<std::string>& last = order_last ? *order_last : DefaultOrderLast();
  std::unordered_map<std::string, int> rank;
  for (size_t i = 0; i < first.size(); ++i) {
    rank[first[i]] = -static_cast<int>(first.size()) + static_cast<int>(i);
  }
  for (size_t i = 0; i < last.size(); ++i) rank[last[i]] = 1 + static_cast<int>(i);

  std::vector<Key> keys;
  keys.reserve(resources.size());
  for (const Resource& r : resources) {
    ResId id = r.CurId();
    Key k;
    auto it = rank.find(id.gvk.kind);
    k.rank = it == rank.end() ? 0 : it->second;
    k.gvk_string = id.gvk.SortString();
    k.id_string = k.gvk_string + "|" + (id.ns.empty() ? "~X" : id.ns) + "|" +
                  (id.name.empty() ? "~N" : id.name);
    k.gvk = std::move(id.gvk);
    keys.push_back(std::move(k));
  }
  std::vector<size_t> order(resources.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Key& x = keys[a];
    const Key& y = keys[b];
    if (!(x.gvk == y.gvk)) {
      if (x.rank != y.rank) return x.rank < y.rank;
      // kustomize puts a grouped Namespace kind before the core one (its special case).
      if (x.gvk.kind == "Namespace" && y.gvk.kind == "Namespace" &&
          (x.gvk.group.empty() || y.gvk.group.empty())) {
        return x.gvk_string > y.gvk_string;
      }
      return x.gvk_string < y.gvk_string;
    }
    return x.id_string < y.id_string;
  });
  std::vector<Resource> sorted;
  sorted.reserve(resources.size());
  for (size_t i : order) sorted.push_back(std::move(resources[i]));
  resources = std::move(sorted);
}

}  // namespace fluxlint::kustomize
