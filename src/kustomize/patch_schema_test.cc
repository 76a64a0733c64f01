#include "kustomize/patch_schema.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fluxlint::kustomize {
namespace {

// The schema found by following `path` from a kind ("[]" steps into list items).
const Schema* Walk(std::string_view api_version, std::string_view kind,
                   std::initializer_list<std::string_view> path) {
  const Schema* s = SchemaForKind(api_version, kind);
  for (std::string_view step : path) {
    s = step == "[]" ? ItemSchemaOf(s) : FieldSchemaOf(s, step);
  }
  return s;
}

std::vector<std::string> Keys(const Schema* s) {
  std::vector<std::string> out;
  for (std::string_view k : s->MergeKeys()) out.emplace_back(k);
  return out;
}

TEST(PatchSchemaTest, KnowsTheBuiltinKindsByExactApiVersion) {
  EXPECT_NE(SchemaForKind("apps/v1", "Deployment"), nullptr);
  EXPECT_NE(SchemaForKind("v1", "ConfigMap"), nullptr);
  EXPECT_NE(SchemaForKind("batch/v1beta1", "CronJob"), nullptr);
  EXPECT_NE(SchemaForKind("policy/v1", "PodDisruptionBudget"), nullptr);
  // Not in kustomize's Kubernetes 1.21 schema.
  EXPECT_EQ(SchemaForKind("extensions/v1beta1", "Deployment"), nullptr);
  EXPECT_EQ(SchemaForKind("apps/v1beta2", "Deployment"), nullptr);
  EXPECT_EQ(SchemaForKind("autoscaling/v2", "HorizontalPodAutoscaler"), nullptr);
  EXPECT_EQ(SchemaForKind("rbac.authorization.k8s.io/v1alpha1", "Role"), nullptr);
  EXPECT_EQ(SchemaForKind("kustomize.toolkit.fluxcd.io/v1", "Kustomization"), nullptr);
  EXPECT_EQ(SchemaForKind("v1", "Deployment"), nullptr);
}

TEST(PatchSchemaTest, PodTemplateListsAndKeys) {
  for (auto [api_version, kind] : std::vector<std::pair<std::string_view, std::string_view>>{
           {"apps/v1", "Deployment"},
           {"apps/v1", "StatefulSet"},
           {"apps/v1", "DaemonSet"},
           {"apps/v1", "ReplicaSet"},
           {"batch/v1", "Job"},
           {"v1", "ReplicationController"}}) {
    const Schema* containers = Walk(api_version, kind, {"spec", "template", "spec", "containers"});
    ASSERT_NE(containers, nullptr) << kind;
    EXPECT_TRUE(containers->IsMergeList()) << kind;
    EXPECT_EQ(Keys(containers), std::vector<std::string>{"name"}) << kind;
  }
  const Schema* cron = Walk("batch/v1", "CronJob",
                            {"spec", "jobTemplate", "spec", "template", "spec", "initContainers"});
  EXPECT_EQ(Keys(cron), std::vector<std::string>{"name"});
  EXPECT_EQ(Keys(Walk("v1", "PodTemplate", {"template", "spec", "volumes"})),
            std::vector<std::string>{"name"});
}

TEST(PatchSchemaTest, ContainerAndPodSpecFields) {
  auto container = [](std::string_view field) {
    return Walk("v1", "Pod", {"spec", "containers", "[]", field});
  };
  EXPECT_EQ(Keys(container("ports")), (std::vector<std::string>{"containerPort", "protocol"}));
  EXPECT_EQ(Keys(container("env")), std::vector<std::string>{"name"});
  EXPECT_EQ(Keys(container("volumeMounts")), std::vector<std::string>{"mountPath"});
  EXPECT_EQ(Keys(container("volumeDevices")), std::vector<std::string>{"devicePath"});
  EXPECT_FALSE(container("envFrom")->IsMergeList());
  EXPECT_FALSE(container("args")->IsMergeList());
  EXPECT_FALSE(container("command")->IsMergeList());
  // Ephemeral containers' ports have no strategy in 1.21.
  EXPECT_FALSE(Walk("v1", "Pod", {"spec", "ephemeralContainers", "[]", "ports"})->IsMergeList());
  EXPECT_TRUE(Walk("v1", "Pod", {"spec", "ephemeralContainers", "[]", "env"})->IsMergeList());

  const Schema* volumes = Walk("v1", "Pod", {"spec", "volumes"});
  EXPECT_EQ(volumes->patch_strategy, "merge,retainKeys");
  EXPECT_TRUE(volumes->IsMergeList());
  EXPECT_EQ(Keys(Walk("v1", "Pod", {"spec", "imagePullSecrets"})),
            std::vector<std::string>{"name"});
  EXPECT_EQ(Keys(Walk("v1", "Pod", {"spec", "hostAliases"})), std::vector<std::string>{"ip"});
  EXPECT_EQ(Keys(Walk("v1", "Pod", {"spec", "topologySpreadConstraints"})),
            (std::vector<std::string>{"topologyKey", "whenUnsatisfiable"}));
  EXPECT_FALSE(Walk("v1", "Pod", {"spec", "tolerations"})->IsMergeList());
  EXPECT_FALSE(Walk("v1", "Pod", {"spec", "readinessGates"})->IsMergeList());
  EXPECT_FALSE(Walk("v1", "Pod", {"spec", "affinity", "nodeAffinity"})->IsMergeList());
}

TEST(PatchSchemaTest, OtherKinds) {
  EXPECT_EQ(Keys(Walk("v1", "Service", {"spec", "ports"})),
            (std::vector<std::string>{"port", "protocol"}));
  EXPECT_EQ(Keys(Walk("v1", "ServiceAccount", {"secrets"})), std::vector<std::string>{"name"});
  EXPECT_FALSE(Walk("v1", "ServiceAccount", {"imagePullSecrets"})->IsMergeList());
  EXPECT_EQ(
      Keys(Walk("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", {"webhooks"})),
      std::vector<std::string>{"name"});
  EXPECT_EQ(Keys(Walk("apps/v1", "Deployment", {"status", "conditions"})),
            std::vector<std::string>{"type"});
  EXPECT_FALSE(Walk("networking.k8s.io/v1", "Ingress", {"spec", "rules"})->IsMergeList());
  EXPECT_FALSE(Walk("rbac.authorization.k8s.io/v1", "ClusterRole", {"rules"})->IsMergeList());
  // Every kind's metadata: finalizers merge as a set, ownerReferences by uid.
  const Schema* finalizers = Walk("v1", "ConfigMap", {"metadata", "finalizers"});
  EXPECT_TRUE(finalizers->IsMergeList());
  EXPECT_TRUE(finalizers->MergeKeys().empty());
  EXPECT_EQ(Keys(Walk("v1", "Secret", {"metadata", "ownerReferences"})),
            std::vector<std::string>{"uid"});
}

TEST(PatchSchemaTest, UnknownSchemasStayUnknownAndOpaqueStaysOpaque) {
  EXPECT_EQ(FieldSchemaOf(nullptr, "spec"), nullptr);
  EXPECT_EQ(ItemSchemaOf(nullptr), nullptr);
  EXPECT_EQ(Walk("apps/v1", "Deployment", {"spec", "nothing", "deeper"}), Opaque());
  EXPECT_FALSE(Opaque()->IsMergeList());
}

TEST(PatchSchemaTest, ClusterScope) {
  EXPECT_TRUE(IsBuiltinClusterScoped("v1", "Namespace"));
  EXPECT_TRUE(IsBuiltinClusterScoped("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"));
  EXPECT_TRUE(IsBuiltinClusterScoped("apiextensions.k8s.io/v1", "CustomResourceDefinition"));
  EXPECT_TRUE(IsBuiltinClusterScoped("storage.k8s.io/v1", "StorageClass"));
  EXPECT_FALSE(IsBuiltinClusterScoped("rbac.authorization.k8s.io/v1", "RoleBinding"));
  EXPECT_FALSE(IsBuiltinClusterScoped("authentication.k8s.io/v1", "TokenReview"));
  EXPECT_FALSE(IsBuiltinClusterScoped("example.com/v1", "ClusterThing"));
}

}  // namespace
}  // namespace fluxlint::kustomize
