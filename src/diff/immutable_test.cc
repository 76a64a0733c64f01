#include "diff/immutable.h"

#include <gtest/gtest.h>

#include "diff/test_util.h"

namespace fluxlint::diff {
namespace {

class ViolationsTest : public ::testing::Test {
 protected:
  /// "entry-id path path …" for each violation of the change base -> head.
  std::vector<std::string> Check(const std::string& base, const std::string& head) {
    const yaml::Node& b = docs_.Parse(base, "base.yaml");
    const yaml::Node& h = docs_.Parse(head, "head.yaml");
    auto d = std::make_unique<ObjectDiff>();
    d->key = KeyOf(h, catalog_);
    d->base = &b;
    d->head = &h;
    d->changes = DiffObjects(b, h, catalog_.DefaultsFor(d->key.group, d->key.kind, &b),
                             catalog_.DefaultsFor(d->key.group, d->key.kind, &h));
    std::vector<std::string> out;
    for (const Violation& v : FindViolations(*d, catalog_)) {
      std::string s = v.entry->id;
      for (const FieldChange* c : v.changes) s += " " + c->path_text;
      if (!v.detail.empty()) s += " (" + v.detail + ")";
      out.push_back(s);
    }
    diffs_.push_back(std::move(d));
    return out;
  }
  using V = std::vector<std::string>;
  testing::Docs docs_;
  Catalog catalog_ = Catalog::Builtin();
  std::vector<std::unique_ptr<ObjectDiff>> diffs_;
};

constexpr char kSts[] = R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: 'postgres:15'}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
)";

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST_F(ViolationsTest, StatefulSetSpecExceptUpdatableFields) {
  EXPECT_EQ(Check(kSts, Replace(kSts, "serviceName: db", "serviceName: db-headless")),
            V{"apps-statefulset-spec spec.serviceName"});
  EXPECT_EQ(
      Check(kSts, Replace(kSts, "storage: 1Gi", "storage: 5Gi")),
      V{"apps-statefulset-spec spec.volumeClaimTemplates[0].spec.resources.requests.storage"});
  EXPECT_EQ(Check(kSts, Replace(kSts, "metadata: {name: data}",
                                "metadata: {name: data, labels: {team: x}}")),
            V{"apps-statefulset-spec spec.volumeClaimTemplates[0].metadata.labels.team"});
  // The selector belongs to the catalog too (the rules leave it to diff-selector-drift).
  EXPECT_EQ(Check(kSts, Replace(kSts, "{app: db}}\n  template", "{app: db2}}\n  template")),
            V{"apps-statefulset-spec spec.selector.matchLabels.app"});
  EXPECT_TRUE(Check(kSts, Replace(kSts, "replicas: 1", "replicas: 3")).empty());
  EXPECT_TRUE(Check(kSts, Replace(kSts, "postgres:15", "postgres:16")).empty());
  EXPECT_TRUE(
      Check(kSts, Replace(kSts, "replicas: 1", "replicas: 1\n  updateStrategy: {type: OnDelete}"))
          .empty());
  EXPECT_TRUE(
      Check(kSts, Replace(kSts, "replicas: 1", "replicas: 1\n  podManagementPolicy: OrderedReady"))
          .empty());  // the default
  EXPECT_EQ(Check(kSts, Replace(kSts, "replicas: 1", "replicas: 1\n  revisionHistoryLimit: 3")),
            V{"apps-statefulset-revision-history-limit spec.revisionHistoryLimit"});
}

constexpr char kPvc[] = R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Gi}}
)";

TEST_F(ViolationsTest, PersistentVolumeClaim) {
  EXPECT_TRUE(Check(kPvc, Replace(kPvc, "10Gi", "20Gi")).empty());
  EXPECT_TRUE(Check(kPvc, Replace(kPvc, "10Gi", "10240Mi")).empty());
  EXPECT_EQ(Check(kPvc, Replace(kPvc, "10Gi", "5Gi")),
            V{"core-pvc-storage-decrease spec.resources.requests.storage (10Gi -> 5Gi)"});
  EXPECT_EQ(Check(kPvc, Replace(kPvc, "ReadWriteOnce", "ReadWriteMany")),
            V{"core-pvc-spec spec.accessModes[0]"});
  EXPECT_EQ(Check(kPvc, Replace(kPvc, "10Gi}}", "10Gi}, limits: {storage: 20Gi}}")),
            V{"core-pvc-spec spec.resources.limits.storage"});
  // storageClassName and volumeName may be set once.
  std::string with_class = Replace(kPvc, "spec:\n", "spec:\n  storageClassName: fast\n");
  EXPECT_TRUE(Check(kPvc, with_class).empty());
  EXPECT_EQ(Check(with_class, Replace(with_class, "fast", "slow")),
            V{"core-pvc-set-once spec.storageClassName"});
  EXPECT_EQ(Check(with_class, kPvc), V{"core-pvc-set-once spec.storageClassName"});
}

TEST_F(ViolationsTest, ConfigMapAndSecretImmutable) {
  const char* cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: '1'}\n";
  const char* cm_imm =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nimmutable: true\ndata: {a: '1'}\n";
  EXPECT_TRUE(
      Check(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: '2'}\n").empty());
  EXPECT_TRUE(Check(cm, cm_imm).empty());  // becoming immutable is fine
  EXPECT_EQ(Check(cm_imm,
                  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nimmutable: "
                  "true\ndata: {a: '2'}\n"),
            V{"core-configmap-immutable data.a"});
  EXPECT_EQ(Check(cm_imm, cm), V{"core-configmap-immutable immutable"});
  // Labels may change.
  EXPECT_TRUE(Check(cm_imm,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {x: y}}"
                    "\nimmutable: true\ndata: {a: '1'}\n")
                  .empty());

  const char* s_imm =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nimmutable: true\ndata: {a: MQ==}\n";
  // stringData is folded into data: the same bytes written the other way are no change.
  EXPECT_TRUE(Check(s_imm,
                    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nimmutable: true\n"
                    "stringData: {a: '1'}\n")
                  .empty());
  EXPECT_EQ(Check(s_imm,
                  "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nimmutable: true\n"
                  "stringData: {a: '2'}\n"),
            V{"core-secret-immutable stringData.a data.a"});
  EXPECT_EQ(Check("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n",
                  "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/tls\n"),
            V{"core-secret-type type"});
}

constexpr char kSvc[] = R"(apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: ClusterIP
  clusterIP: 10.0.0.10
  ipFamilies: [IPv4]
  ports: [{port: 80}]
)";

TEST_F(ViolationsTest, ServiceAddresses) {
  EXPECT_EQ(Check(kSvc, Replace(kSvc, "10.0.0.10", "10.0.0.11")),
            V{"core-service-cluster-ip spec.clusterIP (10.0.0.10 -> 10.0.0.11)"});
  EXPECT_EQ(Check(kSvc, Replace(kSvc, "10.0.0.10", "None")),
            V{"core-service-cluster-ip spec.clusterIP (10.0.0.10 -> None)"});
  // Leaving it out keeps the address; ExternalName skips the check.
  EXPECT_TRUE(Check(kSvc, Replace(kSvc, "  clusterIP: 10.0.0.10\n", "")).empty());
  EXPECT_TRUE(Check(kSvc, Replace(Replace(kSvc, "type: ClusterIP",
                                          "type: ExternalName\n  "
                                          "externalName: example.com"),
                                  "10.0.0.10", "None"))
                  .empty());
  EXPECT_EQ(Check(kSvc, Replace(kSvc, "[IPv4]", "[IPv6]")),
            V{"core-service-ip-families spec.ipFamilies[0] (IPv4 -> IPv6)"});
  EXPECT_TRUE(Check(kSvc, Replace(kSvc, "[IPv4]", "[IPv4, IPv6]")).empty());
  std::string lb = Replace(kSvc, "type: ClusterIP", "type: LoadBalancer\n  loadBalancerClass: a");
  EXPECT_EQ(Check(lb, Replace(lb, "loadBalancerClass: a", "loadBalancerClass: b")),
            V{"core-service-load-balancer-class spec.loadBalancerClass"});
  EXPECT_TRUE(Check(lb, Replace(Replace(lb, "LoadBalancer", "NodePort"), "loadBalancerClass: a",
                                "loadBalancerClass: b"))
                  .empty());
  std::string local = Replace(lb, "loadBalancerClass: a",
                              "externalTrafficPolicy: Local\n  healthCheckNodePort: 30001");
  EXPECT_EQ(Check(local, Replace(local, "30001", "30002")),
            V{"core-service-health-check-node-port spec.healthCheckNodePort"});
}

TEST_F(ViolationsTest, JobTemplateAndSuspendedException) {
  const char* job = R"(apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  suspend: SUSPEND
  template:
    metadata: {labels: {app: migrate}}
    spec:
      restartPolicy: Never
      containers: [{name: m, image: 'm:1'}]
)";
  std::string running = Replace(job, "SUSPEND", "false");
  std::string suspended = Replace(job, "SUSPEND", "true");
  EXPECT_EQ(Check(running, Replace(running, "m:1", "m:2")),
            V{"batch-job-template spec.template.spec.containers[0].image"});
  EXPECT_EQ(Check(running, Replace(running, "app: migrate", "app: migrate2")),
            V{"batch-job-template spec.template.metadata.labels.app"});
  EXPECT_TRUE(Check(suspended, Replace(suspended, "app: migrate", "app: migrate2")).empty());
  EXPECT_EQ(Check(suspended, Replace(suspended, "m:1", "m:2")),
            V{"batch-job-template spec.template.spec.containers[0].image"});
  // The pod template defaults.
  EXPECT_TRUE(Check(running, Replace(running, "restartPolicy: Never",
                                     "restartPolicy: Never\n      dnsPolicy: ClusterFirst\n"
                                     "      terminationGracePeriodSeconds: 30"))
                  .empty());
  EXPECT_EQ(
      Check(running, Replace(running, "spec:\n  suspend", "spec:\n  completions: 3\n  suspend")),
      V{"batch-job-fields spec.completions"});
}

TEST_F(ViolationsTest, ClusterKindsAndEcosystem) {
  EXPECT_EQ(
      Check("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: "
            "b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: a}\n",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: "
            "b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: a}\n"),
      V{"rbac-role-ref roleRef.kind"});
  const char* rg =
      "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\nmetadata: {name: rg}\n"
      "spec: {location: westeurope}\n";
  EXPECT_TRUE(Check(rg,
                    "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\n"
                    "metadata: {name: rg}\nspec: {location: westeurope, azureName: rg}\n")
                  .empty());  // azureName defaults to metadata.name
  EXPECT_EQ(Check(rg,
                  "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\n"
                  "metadata: {name: rg}\nspec: {location: westeurope, azureName: rg-2}\n"),
            V{"aso-azure-name spec.azureName"});
  EXPECT_EQ(Check(rg,
                  "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\n"
                  "metadata: {name: rg}\nspec: {location: westeurope, owner: {name: x}}\n"),
            V{"aso-owner spec.owner.name"});
  EXPECT_EQ(Check("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\n"
                  "spec: {scopes: [BestEffort, NotTerminating]}\n",
                  "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\n"
                  "spec: {scopes: [NotTerminating]}\n"),
            V{"core-resource-quota-scopes spec.scopes[0] spec.scopes[1]"});
  EXPECT_TRUE(Check("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\n"
                    "spec: {scopes: [BestEffort, NotTerminating]}\n",
                    "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\n"
                    "spec: {scopes: [NotTerminating, BestEffort]}\n")
                  .empty());
}

TEST_F(ViolationsTest, CrdDerivedConditions) {
  testing::Docs docs;
  catalog_.AddCrd(docs.Parse(R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: pools.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Pool, plural: pools}
  versions:
  - name: v1
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: has(self.replicas) == has(oldSelf.replicas)
            properties:
              zone:
                type: string
                x-kubernetes-validations:
                - {rule: self == oldSelf, message: zone is immutable}
)"));
  const char* base =
      "apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p}\n"
      "spec: {zone: a, size: 1}\n";
  EXPECT_EQ(Check(base,
                  "apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p}\n"
                  "spec: {zone: b, size: 1}\n"),
            V{"crd:example.com/Pool:spec.zone spec.zone"});
  // A transition rule does not run when the value is new or removed.
  EXPECT_TRUE(
      Check("apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p}\nspec: {size: 1}\n",
            "apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p}\n"
            "spec: {zone: b, size: 1}\n")
          .empty());
  EXPECT_EQ(Check(base,
                  "apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p}\n"
                  "spec: {zone: a, size: 1, replicas: 2}\n"),
            V{"crd:example.com/Pool:spec.replicas spec.replicas"});
  EXPECT_TRUE(Check(base,
                    "apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p}\n"
                    "spec: {zone: a, size: 2}\n")
                  .empty());
}

}  // namespace
}  // namespace fluxlint::diff
