#include "diff/snapshot_diff.h"

#include <gtest/gtest.h>

#include "diff/test_util.h"

namespace fluxlint::diff {
namespace {

std::vector<std::string> Paths(const std::vector<FieldChange>& changes) {
  std::vector<std::string> out;
  for (const FieldChange& c : changes) out.push_back(c.path_text);
  return out;
}

class DiffObjectsTest : public ::testing::Test {
 protected:
  std::vector<FieldChange> Diff(const std::string& base, const std::string& head) {
    const yaml::Node& b = docs_.Parse(base, "base.yaml");
    const yaml::Node& h = docs_.Parse(head, "head.yaml");
    ObjectKey key = KeyOf(h, catalog_);
    return DiffObjects(b, h, catalog_.DefaultsFor(key.group, key.kind, &b),
                       catalog_.DefaultsFor(key.group, key.kind, &h));
  }
  testing::Docs docs_;
  Catalog catalog_ = Catalog::Builtin();
};

TEST_F(DiffObjectsTest, EqualObjectsHaveNoChanges) {
  const char* d = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n";
  EXPECT_TRUE(Diff(d, d).empty());
  // Key order and style do not matter.
  EXPECT_TRUE(
      Diff("kind: ConfigMap\napiVersion: v1\nmetadata: {name: a}\ndata: {k: 'v'}\n", d).empty());
}

TEST_F(DiffObjectsTest, LeafChangesWithBothNodes) {
  std::vector<FieldChange> c = Diff(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  selector:\n"
      "    matchLabels: {app: a}\n",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  selector:\n"
      "    matchLabels:\n      app: a\n      team: platform\n");
  ASSERT_EQ(Paths(c), std::vector<std::string>{"spec.selector.matchLabels.team"});
  EXPECT_TRUE(c[0].added());
  EXPECT_EQ(c[0].head->value, "platform");
  EXPECT_EQ(c[0].HeadSpan().begin.line, 8u);
  EXPECT_EQ(c[0].HeadSpan().path(), "head.yaml");
  // The base anchor is the matchLabels mapping that lacks the key.
  ASSERT_NE(c[0].base_anchor, nullptr);
  EXPECT_TRUE(c[0].base_anchor->IsMapping());
  EXPECT_EQ(c[0].BaseSpan().path(), "base.yaml");
}

TEST_F(DiffObjectsTest, AddedMappingGivesOneChangePerScalar) {
  std::vector<FieldChange> c =
      Diff("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
           "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: '1'\n  y: '2'\n");
  EXPECT_EQ(Paths(c), (std::vector<std::string>{"data.x", "data.y"}));
  EXPECT_EQ(c[1].HeadSpan().begin.line, 6u);
}

TEST_F(DiffObjectsTest, RemovalsPointAtTheNearestHeadParent) {
  std::vector<FieldChange> c =
      Diff("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {x: y}\n",
           "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  ASSERT_EQ(Paths(c), std::vector<std::string>{"metadata.labels.x"});
  EXPECT_TRUE(c[0].removed());
  EXPECT_EQ(c[0].HeadSpan().path(), "head.yaml");
  EXPECT_EQ(c[0].HeadSpan().begin.line, 4u);  // the metadata mapping starts at "name: a"
}

TEST_F(DiffObjectsTest, AbsentEqualsDefaultNullAndEmpty) {
  EXPECT_TRUE(Diff("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n",
                   "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\ntype: Opaque\n")
                  .empty());
  EXPECT_EQ(
      Paths(Diff("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n",
                 "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\ntype: kubernetes.io/tls\n")),
      std::vector<std::string>{"type"});
  EXPECT_TRUE(Diff("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: a}\n"
                   "provisioner: x\n",
                   "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: a}\n"
                   "provisioner: x\nreclaimPolicy: Delete\nvolumeBindingMode: Immediate\n")
                  .empty());
  EXPECT_TRUE(
      Diff("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports:\n"
           "  - port: 80\n",
           "apiVersion: v1\nkind: Service\nmetadata: {name: a, labels: {}}\nspec:\n"
           "  type: ClusterIP\n  selector: null\n  ports:\n  - port: 80\n    protocol: TCP\n")
          .empty());
  EXPECT_TRUE(Diff("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {}\n",
                   "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n"
                   "  strategy:\n    type: RollingUpdate\n  replicas: 1\n")
                  .empty());
  // A default of another kind does not apply.
  EXPECT_FALSE(Diff("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ntype: Opaque\n")
                   .empty());
}

TEST_F(DiffObjectsTest, QuantitiesCompareByValueUnderResources) {
  const char* base =
      "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: a}\nspec:\n  resources:\n"
      "    requests: {storage: 1Gi}\n";
  EXPECT_TRUE(Diff(base,
                   "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: a}\n"
                   "spec:\n  resources:\n    requests: {storage: 1024Mi}\n")
                  .empty());
  EXPECT_EQ(Diff(base,
                 "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: a}\n"
                 "spec:\n  resources:\n    requests: {storage: 2Gi}\n")
                .size(),
            1u);
  // Elsewhere "1k" and "1000" are different strings.
  EXPECT_EQ(Diff("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: 1k}\n",
                 "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: '1000'}\n")
                .size(),
            1u);
}

TEST_F(DiffObjectsTest, NamedListsMatchByName) {
  std::vector<FieldChange> c = Diff(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
      "  - name: app\n    image: app:1\n  - name: sidecar\n    image: side:1\n",
      "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
      "  - name: init\n    image: init:1\n  - name: app\n    image: app:2\n"
      "  - name: sidecar\n    image: side:1\n");
  EXPECT_EQ(Paths(c),
            (std::vector<std::string>{"spec.containers[0].name", "spec.containers[0].image",
                                      "spec.containers[1].image"}));
  EXPECT_EQ(c[2].base->value, "app:1");
  EXPECT_EQ(c[2].head->value, "app:2");
}

TEST_F(DiffObjectsTest, UnnamedListsMatchByPosition) {
  std::vector<FieldChange> c =
      Diff("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx: [1, 2]\n",
           "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx: [1, 3, 4]\n");
  EXPECT_EQ(Paths(c), (std::vector<std::string>{"x[1]", "x[2]"}));
  EXPECT_TRUE(c[1].added());
}

TEST_F(DiffObjectsTest, LargeMappingsAndListsStayLinear) {
  // 50,000 keys and 50,000 named items: a quadratic walk would take minutes.
  std::string base = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n";
  std::string head = base;
  std::string list_b = "items:\n", list_h = "items:\n";
  for (int i = 0; i < 50000; ++i) {
    std::string k = "k" + std::to_string(i);
    base += "  " + k + ": '1'\n";
    head += "  " + k + (i == 4242 ? ": '2'\n" : ": '1'\n");
    list_b += "- {name: n" + std::to_string(i) + ", v: 1}\n";
    list_h += "- {name: n" + std::to_string(49999 - i) + ", v: 1}\n";  // reversed order
  }
  std::vector<FieldChange> c = Diff(base + list_b, head + list_h);
  ASSERT_EQ(Paths(c), std::vector<std::string>{"data.k4242"});
}

TEST_F(DiffObjectsTest, TypeChangeIsOneChange) {
  std::vector<FieldChange> c =
      Diff("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx: {a: 1}\n",
           "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx: [1]\n");
  ASSERT_EQ(Paths(c), std::vector<std::string>{"x"});
  EXPECT_TRUE(c[0].base->IsMapping());
  EXPECT_TRUE(c[0].head->IsSequence());
}

TEST(ObjectKeyTest, NamespacesAndClusterScope) {
  testing::Docs docs;
  Catalog catalog = Catalog::Builtin();
  ObjectKey k =
      KeyOf(docs.Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n"), catalog);
  EXPECT_EQ(k.group, "apps");
  EXPECT_EQ(k.ns, "default");
  EXPECT_EQ(k.Describe(), "Deployment default/a");
  k = KeyOf(docs.Parse("apiVersion: v1\nkind: Namespace\nmetadata: {name: a, namespace: x}\n"),
            catalog);
  EXPECT_EQ(k.ns, "");
  EXPECT_EQ(k.Describe(), "Namespace a");
}

TEST(MetadataFlagTest, LabelOrAnnotationIgnoringCase) {
  testing::Docs docs;
  const yaml::Node& o = docs.Parse(
      "metadata:\n  labels: {kustomize.toolkit.fluxcd.io/force: Enabled}\n"
      "  annotations: {kustomize.toolkit.fluxcd.io/prune: disabled}\n");
  EXPECT_TRUE(MetadataFlag(o, "kustomize.toolkit.fluxcd.io/force", "enabled"));
  EXPECT_TRUE(MetadataFlag(o, "kustomize.toolkit.fluxcd.io/prune", "Disabled"));
  EXPECT_FALSE(MetadataFlag(o, "kustomize.toolkit.fluxcd.io/ssa", "ignore"));
}

Owner MakeOwner(std::string id, const std::vector<yaml::Node>* objects,
                const std::vector<std::pair<std::string, std::string>>* closure) {
  Owner o;
  o.id = std::move(id);
  o.display = o.id;
  o.objects = objects;
  o.closure = closure;
  o.prune = true;
  return o;
}

TEST(SnapshotDiffTest, PairsOwnersSkipsUnchangedAndClassifiesObjects) {
  testing::Docs docs;
  std::vector<yaml::Node> base_objects = {
      docs.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keep, namespace: a}\n"),
      docs.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone, namespace: a}\n"),
      docs.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: edit, namespace: a}\n"
                 "data: {k: '1'}\n")};
  std::vector<yaml::Node> head_objects = {
      docs.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keep, namespace: a}\n"),
      docs.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: edit, namespace: a}\n"
                 "data: {k: '2'}\n"),
      docs.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: new, namespace: a}\n")};
  std::vector<std::pair<std::string, std::string>> c1 = {{"a.yaml", "1"}};
  std::vector<std::pair<std::string, std::string>> c2 = {{"a.yaml", "2"}};
  std::vector<Owner> base = {MakeOwner("x", &base_objects, &c1), MakeOwner("y", &base_objects, &c1),
                             MakeOwner("z", &base_objects, &c1)};
  std::vector<Owner> head = {MakeOwner("x", &head_objects, &c2), MakeOwner("y", &base_objects, &c1),
                             MakeOwner("w", &head_objects, &c2)};
  SnapshotDiff diff =
      SnapshotDiff::Compute(std::move(base), std::move(head), Catalog::Builtin(), 2);
  ASSERT_EQ(diff.owners().size(), 4u);
  EXPECT_EQ(diff.owners()[0].id, "w");
  EXPECT_EQ(diff.owners()[0].base, nullptr);
  EXPECT_TRUE(diff.owners()[2].unchanged);  // y: same closure and inputs
  EXPECT_EQ(diff.owners_skipped(), 1u);
  EXPECT_EQ(diff.owners()[3].head, nullptr);  // z: gone at head

  std::vector<std::string> got;
  for (const ObjectDiff& d : diff.objects()) {
    const char* kind = d.kind == ObjectDiff::Kind::kAdded     ? "added"
                       : d.kind == ObjectDiff::Kind::kRemoved ? "removed"
                                                              : "changed";
    got.push_back(diff.owner(d).id + " " + kind + " " + d.key.Describe());
  }
  std::vector<std::string> want = {
      "w added ConfigMap a/keep",   "w added ConfigMap a/edit",   "w added ConfigMap a/new",
      "x changed ConfigMap a/edit", "x added ConfigMap a/new",    "x removed ConfigMap a/gone",
      "z removed ConfigMap a/keep", "z removed ConfigMap a/gone", "z removed ConfigMap a/edit",
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(diff.objects_compared(), 2u);  // x: keep and edit
}

TEST(SnapshotDiffTest, EqualClosuresWithOtherInputsAreDiffed) {
  testing::Docs docs;
  std::vector<yaml::Node> objects = {
      docs.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n")};
  const yaml::Node& spec_a = docs.Parse("spec: {path: ./a, targetNamespace: x}\n");
  const yaml::Node& spec_b = docs.Parse("spec:\n  path: './a'\n  targetNamespace: x\n");
  const yaml::Node& spec_c = docs.Parse("spec: {path: ./a, targetNamespace: y}\n");
  std::vector<std::pair<std::string, std::string>> closure = {{"a.yaml", "1"}};
  Owner a = MakeOwner("k", &objects, &closure);
  a.spec = &spec_a;
  Owner b = a;
  b.spec = &spec_b;  // the same values written in another style
  EXPECT_TRUE(SameInputs(a, b));
  b.spec = &spec_c;
  EXPECT_FALSE(SameInputs(a, b));
  b.spec = &spec_a;
  b.location = "elsewhere";
  EXPECT_FALSE(SameInputs(a, b));
  SnapshotDiff diff = SnapshotDiff::Compute({a}, {b}, Catalog::Builtin());
  ASSERT_EQ(diff.owners().size(), 1u);
  EXPECT_FALSE(diff.owners()[0].unchanged);
  EXPECT_EQ(diff.objects_compared(), 1u);
}

}  // namespace
}  // namespace fluxlint::diff
