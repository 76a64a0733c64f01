// Strategic-merge facts of the built-in Kubernetes kinds, as data.
//
// Source of every fact below: the Kubernetes API types of release 1.21 (the OpenAPI document
// kustomize v5 embeds in kyaml as kubernetesapi/v1_21_2): the `patchStrategy` and
// `patchMergeKey` struct tags (OpenAPI x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key)
// and the `+listMapKey` markers (x-kubernetes-list-map-keys), which kyaml prefers over the single
// merge key when both are present. Each entry was checked against `kubectl kustomize`
// (kustomize v5.5.0): a patch adding an item with a new key is merged for the lists below and
// replaces the list for every other field.
//
// The kind table lists every apiVersion/kind pair of that schema (all have ObjectMeta, so their
// metadata.finalizers merge as a set); the cluster-scoped flag is kustomize's: the OpenAPI data has
// a GET path for the kind and none under /namespaces/{namespace}/.

#include "kustomize/patch_schema.h"

#include <algorithm>
#include <iterator>
#include <type_traits>

namespace fluxlint::kustomize {
namespace {

constexpr Schema kOpaque{.name = "(opaque)"};

// --- lists ---------------------------------------------------------------------------------

// A list merged by `key` whose items have nothing to merge inside them.
constexpr Schema MergeList(std::string_view key, const Schema* items = &kOpaque,
                           std::string_view strategy = "merge") {
  return Schema{.items = items, .patch_strategy = strategy, .merge_keys = {key, ""}};
}

// ObjectMeta.finalizers: patchStrategy=merge, no merge key (a set of strings).
constexpr Schema kPrimitiveMergeList{.items = &kOpaque, .patch_strategy = "merge"};
// ObjectMeta.ownerReferences: patchStrategy=merge, patchMergeKey=uid.
constexpr Schema kOwnerReferences = MergeList("uid");
// *Status.conditions of many kinds: patchStrategy=merge, patchMergeKey=type.
constexpr Schema kConditions = MergeList("type");

// Container.ports: patchMergeKey=containerPort, listMapKey=containerPort, listMapKey=protocol.
constexpr Schema kContainerPorts{
    .items = &kOpaque, .patch_strategy = "merge", .merge_keys = {"containerPort", "protocol"}};
// Container.env / EphemeralContainer.env: patchMergeKey=name.
constexpr Schema kEnv = MergeList("name");
// Container.volumeMounts: patchMergeKey=mountPath.
constexpr Schema kVolumeMounts = MergeList("mountPath");
// Container.volumeDevices: patchMergeKey=devicePath.
constexpr Schema kVolumeDevices = MergeList("devicePath");

// --- objects -------------------------------------------------------------------------------

constexpr SchemaField kObjectMetaFields[] = {
    {"finalizers", &kPrimitiveMergeList},
    {"ownerReferences", &kOwnerReferences},
};
constexpr Schema kObjectMeta{.name = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
                             .fields = kObjectMetaFields};

constexpr SchemaField kContainerFields[] = {
    {"env", &kEnv},
    {"ports", &kContainerPorts},
    {"volumeDevices", &kVolumeDevices},
    {"volumeMounts", &kVolumeMounts},
};
constexpr Schema kContainer{.name = "io.k8s.api.core.v1.Container", .fields = kContainerFields};

// EphemeralContainer (1.21): env, volumeMounts and volumeDevices carry the tags; ports do not.
constexpr SchemaField kEphemeralContainerFields[] = {
    {"env", &kEnv},
    {"volumeDevices", &kVolumeDevices},
    {"volumeMounts", &kVolumeMounts},
};
constexpr Schema kEphemeralContainer{.name = "io.k8s.api.core.v1.EphemeralContainer",
                                     .fields = kEphemeralContainerFields};

// PodSpec.containers / initContainers: patchMergeKey=name.
constexpr Schema kContainers = MergeList("name", &kContainer);
constexpr Schema kEphemeralContainers = MergeList("name", &kEphemeralContainer);
// PodSpec.volumes: patchStrategy="merge,retainKeys", patchMergeKey=name.
constexpr Schema kVolumes = MergeList("name", &kOpaque, "merge,retainKeys");
// PodSpec.imagePullSecrets: patchMergeKey=name.
constexpr Schema kImagePullSecrets = MergeList("name");
// PodSpec.hostAliases: patchMergeKey=ip.
constexpr Schema kHostAliases = MergeList("ip");
// PodSpec.topologySpreadConstraints: patchMergeKey=topologyKey,
// listMapKey=topologyKey, listMapKey=whenUnsatisfiable.
constexpr Schema kTopologySpreadConstraints{.items = &kOpaque,
                                            .patch_strategy = "merge",
                                            .merge_keys = {"topologyKey", "whenUnsatisfiable"}};

constexpr SchemaField kPodSpecFields[] = {
    {"containers", &kContainers},     {"ephemeralContainers", &kEphemeralContainers},
    {"hostAliases", &kHostAliases},   {"imagePullSecrets", &kImagePullSecrets},
    {"initContainers", &kContainers}, {"topologySpreadConstraints", &kTopologySpreadConstraints},
    {"volumes", &kVolumes},
};
constexpr Schema kPodSpec{.name = "io.k8s.api.core.v1.PodSpec", .fields = kPodSpecFields};

// PodStatus.podIPs: patchMergeKey=ip.
constexpr Schema kPodIPs = MergeList("ip");
constexpr SchemaField kPodStatusFields[] = {
    {"conditions", &kConditions},
    {"podIPs", &kPodIPs},
};
constexpr Schema kPodStatus{.name = "io.k8s.api.core.v1.PodStatus", .fields = kPodStatusFields};

constexpr SchemaField kPodFields[] = {
    {"metadata", &kObjectMeta},
    {"spec", &kPodSpec},
    {"status", &kPodStatus},
};
constexpr Schema kPod{.name = "io.k8s.api.core.v1.Pod", .fields = kPodFields};

constexpr SchemaField kPodTemplateSpecFields[] = {
    {"metadata", &kObjectMeta},
    {"spec", &kPodSpec},
};
constexpr Schema kPodTemplateSpec{.name = "io.k8s.api.core.v1.PodTemplateSpec",
                                  .fields = kPodTemplateSpecFields};

constexpr SchemaField kPodTemplateFields[] = {
    {"metadata", &kObjectMeta},
    {"template", &kPodTemplateSpec},
};
constexpr Schema kPodTemplate{.name = "io.k8s.api.core.v1.PodTemplate",
                              .fields = kPodTemplateFields};

// A status whose only merge list is `conditions` (by type).
constexpr SchemaField kConditionsStatusFields[] = {{"conditions", &kConditions}};
constexpr Schema kConditionsStatus{.name = "(status with conditions)",
                                   .fields = kConditionsStatusFields};

// Deployment, ReplicaSet, DaemonSet, StatefulSet, Job and ReplicationController: a spec with a
// pod template, and status.conditions by type.
constexpr SchemaField kTemplateSpecFields[] = {{"template", &kPodTemplateSpec}};
constexpr Schema kTemplateSpec{.name = "(spec with a pod template)", .fields = kTemplateSpecFields};
constexpr SchemaField kWorkloadFields[] = {
    {"metadata", &kObjectMeta},
    {"spec", &kTemplateSpec},
    {"status", &kConditionsStatus},
};
constexpr Schema kWorkload{.name = "(workload with a pod template)", .fields = kWorkloadFields};

// CronJob (batch/v1 and batch/v1beta1): spec.jobTemplate is a JobTemplateSpec.
constexpr SchemaField kJobTemplateSpecFields[] = {
    {"metadata", &kObjectMeta},
    {"spec", &kTemplateSpec},
};
constexpr Schema kJobTemplateSpec{.name = "io.k8s.api.batch.v1.JobTemplateSpec",
                                  .fields = kJobTemplateSpecFields};
constexpr SchemaField kCronJobSpecFields[] = {{"jobTemplate", &kJobTemplateSpec}};
constexpr Schema kCronJobSpec{.name = "io.k8s.api.batch.v1.CronJobSpec",
                              .fields = kCronJobSpecFields};
constexpr SchemaField kCronJobFields[] = {
    {"metadata", &kObjectMeta},
    {"spec", &kCronJobSpec},
};
constexpr Schema kCronJob{.name = "io.k8s.api.batch.v1.CronJob", .fields = kCronJobFields};

// Service.spec.ports: patchMergeKey=port, listMapKey=port, listMapKey=protocol.
constexpr Schema kServicePorts{
    .items = &kOpaque, .patch_strategy = "merge", .merge_keys = {"port", "protocol"}};
constexpr SchemaField kServiceSpecFields[] = {{"ports", &kServicePorts}};
constexpr Schema kServiceSpec{.name = "io.k8s.api.core.v1.ServiceSpec",
                              .fields = kServiceSpecFields};
constexpr SchemaField kServiceFields[] = {
    {"metadata", &kObjectMeta},
    {"spec", &kServiceSpec},
    {"status", &kConditionsStatus},  // ServiceStatus.conditions (1.20+)
};
constexpr Schema kService{.name = "io.k8s.api.core.v1.Service", .fields = kServiceFields};

// ServiceAccount.secrets: patchMergeKey=name (imagePullSecrets has no tags).
constexpr Schema kSecretRefs = MergeList("name");
constexpr SchemaField kServiceAccountFields[] = {
    {"metadata", &kObjectMeta},
    {"secrets", &kSecretRefs},
};
constexpr Schema kServiceAccount{.name = "io.k8s.api.core.v1.ServiceAccount",
                                 .fields = kServiceAccountFields};

// NodeSpec.podCIDRs: patchStrategy=merge (strings); NodeStatus.addresses and .conditions: by type.
constexpr SchemaField kNodeSpecFields[] = {{"podCIDRs", &kPrimitiveMergeList}};
constexpr Schema kNodeSpec{.name = "io.k8s.api.core.v1.NodeSpec", .fields = kNodeSpecFields};
constexpr Schema kNodeAddresses = MergeList("type");
constexpr SchemaField kNodeStatusFields[] = {
    {"addresses", &kNodeAddresses},
    {"conditions", &kConditions},
};
constexpr Schema kNodeStatus{.name = "io.k8s.api.core.v1.NodeStatus", .fields = kNodeStatusFields};
constexpr SchemaField kNodeFields[] = {
    {"metadata", &kObjectMeta},
    {"spec", &kNodeSpec},
    {"status", &kNodeStatus},
};
constexpr Schema kNode{.name = "io.k8s.api.core.v1.Node", .fields = kNodeFields};

// Kinds whose only merge list besides metadata is status.conditions (by type): Namespace,
// PersistentVolumeClaim, PodDisruptionBudget, APIService.
constexpr SchemaField kConditionsKindFields[] = {
    {"metadata", &kObjectMeta},
    {"status", &kConditionsStatus},
};
constexpr Schema kConditionsKind{.name = "(kind with status.conditions)",
                                 .fields = kConditionsKindFields};

// ComponentStatus.conditions (top level): patchMergeKey=type.
constexpr SchemaField kComponentStatusFields[] = {
    {"conditions", &kConditions},
    {"metadata", &kObjectMeta},
};
constexpr Schema kComponentStatus{.name = "io.k8s.api.core.v1.ComponentStatus",
                                  .fields = kComponentStatusFields};

// CSINodeSpec.drivers: patchMergeKey=name.
constexpr Schema kCsiDrivers = MergeList("name");
constexpr SchemaField kCsiNodeSpecFields[] = {{"drivers", &kCsiDrivers}};
constexpr Schema kCsiNodeSpec{.name = "io.k8s.api.storage.v1.CSINodeSpec",
                              .fields = kCsiNodeSpecFields};
constexpr SchemaField kCsiNodeFields[] = {
    {"metadata", &kObjectMeta},
    {"spec", &kCsiNodeSpec},
};
constexpr Schema kCsiNode{.name = "io.k8s.api.storage.v1.CSINode", .fields = kCsiNodeFields};

// {Mutating,Validating}WebhookConfiguration.webhooks: patchMergeKey=name.
constexpr Schema kWebhooks = MergeList("name");
constexpr SchemaField kWebhookConfigurationFields[] = {
    {"metadata", &kObjectMeta},
    {"webhooks", &kWebhooks},
};
constexpr Schema kWebhookConfiguration{.name = "(webhook configuration)",
                                       .fields = kWebhookConfigurationFields};

// Every other built-in kind: only metadata has merge lists.
constexpr SchemaField kMetadataOnlyFields[] = {{"metadata", &kObjectMeta}};
constexpr Schema kMetadataOnly{.name = "(built-in kind)", .fields = kMetadataOnlyFields};

// --- kinds ---------------------------------------------------------------------------------

struct KindEntry {
  std::string_view api_version;
  std::string_view kind;
  const Schema* schema;
  bool cluster_scoped;
};

// Sorted by (api_version, kind) for binary search.
constexpr KindEntry kKinds[] = {
    {"admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", &kWebhookConfiguration,
     true},
    {"admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", &kWebhookConfiguration,
     true},
    {"admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", &kWebhookConfiguration,
     true},
    {"admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration",
     &kWebhookConfiguration, true},
    {"apiextensions.k8s.io/v1", "CustomResourceDefinition", &kMetadataOnly, true},
    {"apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", &kMetadataOnly, true},
    {"apiregistration.k8s.io/v1", "APIService", &kConditionsKind, true},
    {"apiregistration.k8s.io/v1beta1", "APIService", &kConditionsKind, true},
    {"apps/v1", "ControllerRevision", &kMetadataOnly, false},
    {"apps/v1", "DaemonSet", &kWorkload, false},
    {"apps/v1", "Deployment", &kWorkload, false},
    {"apps/v1", "ReplicaSet", &kWorkload, false},
    {"apps/v1", "StatefulSet", &kWorkload, false},
    {"authentication.k8s.io/v1", "TokenRequest", &kMetadataOnly, false},
    {"authentication.k8s.io/v1", "TokenReview", &kMetadataOnly, false},
    {"authentication.k8s.io/v1beta1", "TokenReview", &kMetadataOnly, false},
    {"authorization.k8s.io/v1", "LocalSubjectAccessReview", &kMetadataOnly, false},
    {"authorization.k8s.io/v1", "SelfSubjectAccessReview", &kMetadataOnly, false},
    {"authorization.k8s.io/v1", "SelfSubjectRulesReview", &kMetadataOnly, false},
    {"authorization.k8s.io/v1", "SubjectAccessReview", &kMetadataOnly, false},
    {"authorization.k8s.io/v1beta1", "LocalSubjectAccessReview", &kMetadataOnly, false},
    {"authorization.k8s.io/v1beta1", "SelfSubjectAccessReview", &kMetadataOnly, false},
    {"authorization.k8s.io/v1beta1", "SelfSubjectRulesReview", &kMetadataOnly, false},
    {"authorization.k8s.io/v1beta1", "SubjectAccessReview", &kMetadataOnly, false},
    {"autoscaling/v1", "HorizontalPodAutoscaler", &kMetadataOnly, false},
    {"autoscaling/v1", "Scale", &kMetadataOnly, false},
    {"autoscaling/v2beta1", "HorizontalPodAutoscaler", &kMetadataOnly, false},
    {"autoscaling/v2beta2", "HorizontalPodAutoscaler", &kMetadataOnly, false},
    {"batch/v1", "CronJob", &kCronJob, false},
    {"batch/v1", "Job", &kWorkload, false},
    {"batch/v1beta1", "CronJob", &kCronJob, false},
    {"certificates.k8s.io/v1", "CertificateSigningRequest", &kMetadataOnly, true},
    {"certificates.k8s.io/v1beta1", "CertificateSigningRequest", &kMetadataOnly, true},
    {"coordination.k8s.io/v1", "Lease", &kMetadataOnly, false},
    {"coordination.k8s.io/v1beta1", "Lease", &kMetadataOnly, false},
    {"discovery.k8s.io/v1", "EndpointSlice", &kMetadataOnly, false},
    {"discovery.k8s.io/v1beta1", "EndpointSlice", &kMetadataOnly, false},
    {"events.k8s.io/v1", "Event", &kMetadataOnly, false},
    {"events.k8s.io/v1beta1", "Event", &kMetadataOnly, false},
    {"extensions/v1beta1", "Ingress", &kMetadataOnly, false},
    {"flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", &kMetadataOnly, true},
    {"flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", &kMetadataOnly, true},
    {"networking.k8s.io/v1", "Ingress", &kMetadataOnly, false},
    {"networking.k8s.io/v1", "IngressClass", &kMetadataOnly, true},
    {"networking.k8s.io/v1", "NetworkPolicy", &kMetadataOnly, false},
    {"networking.k8s.io/v1beta1", "Ingress", &kMetadataOnly, false},
    {"networking.k8s.io/v1beta1", "IngressClass", &kMetadataOnly, true},
    {"node.k8s.io/v1", "RuntimeClass", &kMetadataOnly, true},
    {"node.k8s.io/v1beta1", "RuntimeClass", &kMetadataOnly, true},
    {"policy/v1", "PodDisruptionBudget", &kConditionsKind, false},
    {"policy/v1beta1", "Eviction", &kMetadataOnly, false},
    {"policy/v1beta1", "PodDisruptionBudget", &kConditionsKind, false},
    {"policy/v1beta1", "PodSecurityPolicy", &kMetadataOnly, true},
    {"rbac.authorization.k8s.io/v1", "ClusterRole", &kMetadataOnly, true},
    {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", &kMetadataOnly, true},
    {"rbac.authorization.k8s.io/v1", "Role", &kMetadataOnly, false},
    {"rbac.authorization.k8s.io/v1", "RoleBinding", &kMetadataOnly, false},
    {"rbac.authorization.k8s.io/v1beta1", "ClusterRole", &kMetadataOnly, true},
    {"rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", &kMetadataOnly, true},
    {"rbac.authorization.k8s.io/v1beta1", "Role", &kMetadataOnly, false},
    {"rbac.authorization.k8s.io/v1beta1", "RoleBinding", &kMetadataOnly, false},
    {"scheduling.k8s.io/v1", "PriorityClass", &kMetadataOnly, true},
    {"scheduling.k8s.io/v1beta1", "PriorityClass", &kMetadataOnly, true},
    {"storage.k8s.io/v1", "CSIDriver", &kMetadataOnly, true},
    {"storage.k8s.io/v1", "CSINode", &kCsiNode, true},
    {"storage.k8s.io/v1", "StorageClass", &kMetadataOnly, true},
    {"storage.k8s.io/v1", "VolumeAttachment", &kMetadataOnly, true},
    {"storage.k8s.io/v1beta1", "CSIDriver", &kMetadataOnly, true},
    {"storage.k8s.io/v1beta1", "CSINode", &kCsiNode, true},
    {"storage.k8s.io/v1beta1", "CSIStorageCapacity", &kMetadataOnly, false},
    {"storage.k8s.io/v1beta1", "StorageClass", &kMetadataOnly, true},
    {"storage.k8s.io/v1beta1", "VolumeAttachment", &kMetadataOnly, true},
    {"v1", "Binding", &kMetadataOnly, false},
    {"v1", "ComponentStatus", &kComponentStatus, true},
    {"v1", "ConfigMap", &kMetadataOnly, false},
    {"v1", "Endpoints", &kMetadataOnly, false},
    {"v1", "Event", &kMetadataOnly, false},
    {"v1", "LimitRange", &kMetadataOnly, false},
    {"v1", "Namespace", &kConditionsKind, true},
    {"v1", "Node", &kNode, true},
    {"v1", "PersistentVolume", &kMetadataOnly, true},
    {"v1", "PersistentVolumeClaim", &kConditionsKind, false},
    {"v1", "Pod", &kPod, false},
    {"v1", "PodTemplate", &kPodTemplate, false},
    {"v1", "ReplicationController", &kWorkload, false},
    {"v1", "ResourceQuota", &kMetadataOnly, false},
    {"v1", "Secret", &kMetadataOnly, false},
    {"v1", "Service", &kService, false},
    {"v1", "ServiceAccount", &kServiceAccount, false},
};

constexpr bool KindLess(const KindEntry& a, const KindEntry& b) {
  return a.api_version != b.api_version ? a.api_version < b.api_version : a.kind < b.kind;
}
static_assert(std::is_sorted(std::begin(kKinds), std::end(kKinds), KindLess),
              "kKinds must stay sorted for binary search");

const KindEntry* FindKind(std::string_view api_version, std::string_view kind) {
  KindEntry probe{api_version, kind, nullptr, false};
  auto it = std::lower_bound(std::begin(kKinds), std::end(kKinds), probe, KindLess);
  if (it == std::end(kKinds) || it->api_version != api_version || it->kind != kind) {
    return nullptr;
  }
  return &*it;
}

}  // namespace

bool Schema::IsMergeList() const {
  if (items == nullptr) return false;
  std::string_view rest = patch_strategy;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    if (rest.substr(0, comma) == "merge") return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

std::span<const std::string_view> Schema::MergeKeys() const {
  size_t n = 0;
  while (n < merge_keys.size() && !merge_keys[n].empty()) ++n;
  return std::span<const std::string_view>(merge_keys.data(), n);
}

const Schema* SchemaForKind(std::string_view api_version, std::string_view kind) {
  const KindEntry* entry = FindKind(api_version, kind);
  return entry == nullptr ? nullptr : entry->schema;
}

const Schema* FieldSchemaOf(const Schema* parent, std::string_view field) {
  if (parent == nullptr) return nullptr;
  for (const SchemaField& f : parent->fields) {
    if (f.name == field) return f.schema;
  }
  return &kOpaque;
}

const Schema* ItemSchemaOf(const Schema* list) {
  if (list == nullptr) return nullptr;
  return list->items != nullptr ? list->items : &kOpaque;
}

const Schema* Opaque() { return &kOpaque; }

bool IsBuiltinClusterScoped(std::string_view api_version, std::string_view kind) {
  const KindEntry* entry = FindKind(api_version, kind);
  return entry != nullptr && entry->cluster_scoped;
}

}  // namespace fluxlint::kustomize
