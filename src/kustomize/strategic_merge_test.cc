#include "kustomize/strategic_merge.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>

#include "yaml/emitter.h"
#include "yaml/loader.h"

// Expected outputs below were produced by `kubectl kustomize` (kustomize v5.5.0) on the same
// object and patch.

namespace fluxlint::kustomize {
namespace {

using yaml::Node;

class StrategicMergeTest : public ::testing::Test {
 protected:
  // Parses one YAML document; the SourceFile lives as long as the test.
  Node Parse(std::string text, std::string path = "test.yaml") {
    SourceFile& file = files_.emplace_back();
    file.path = std::move(path);
    file.text = std::move(text);
    file.IndexLines();
    yaml::LoadedFile loaded = yaml::Load(file);
    EXPECT_TRUE(loaded.errors.empty()) << file.text;
    if (loaded.documents.empty()) return Node::Null();
    return loaded.documents[0].root;
  }

  // Applies `patch` to `target` and returns the result as kustomize prints it.
  std::string Merge(std::string target, std::string patch, const SmpOptions& options = {}) {
    Node t = Parse(std::move(target), "target.yaml");
    Node p = Parse(std::move(patch), "patch.yaml");
    bool deleted = false;
    std::optional<PatchError> err = ApplyStrategicMerge(t, p, &deleted, options);
    if (err) return "ERROR: " + err->message;
    if (deleted) return "DELETED";
    return yaml::Emit(t, yaml::EmitOptions::Kustomize());
  }

  std::deque<SourceFile> files_;
};

constexpr const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    spec:
      containers:
      - name: app
        image: nginx
        env:
        - {name: A, value: "1"}
        - {name: B, value: "2"}
        volumeMounts:
        - {name: data, mountPath: /data}
      - name: side
        image: busybox
      volumes:
      - name: data
        emptyDir: {}
)";

TEST_F(StrategicMergeTest, MapsMergeAndScalarsReplace) {
  EXPECT_EQ(Merge(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: c, labels: {a: "1"}}
data: {x: "1", y: "2"}
)",
                  R"(apiVersion: v1
kind: ConfigMap
metadata: {name: c, labels: {b: "2"}}
data: {y: "3", z: "4"}
)"),
            R"(apiVersion: v1
data:
  x: "1"
  "y": "3"
  z: "4"
kind: ConfigMap
metadata:
  labels:
    a: "1"
    b: "2"
  name: c
)");
}

TEST_F(StrategicMergeTest, NullDeletesKey) {
  EXPECT_EQ(Merge(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {x: "1", y: "2"}
)",
                  R"(apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {x: null, nothere: ~}
)"),
            R"(apiVersion: v1
data:
  "y": "2"
kind: ConfigMap
metadata:
  name: c
)");
}

TEST_F(StrategicMergeTest, ContainersMergeByNameNewItemsFirst) {
  std::string out = Merge(kDeployment, R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: new
        image: x
      - name: app
        image: nginx:2
        env:
        - {name: C, value: "3"}
        - {name: A, value: one}
        volumeMounts:
        - {name: cache, mountPath: /cache}
)");
  EXPECT_EQ(out, R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    spec:
      containers:
      - image: x
        name: new
      - env:
        - name: C
          value: "3"
        - name: A
          value: one
        - name: B
          value: "2"
        image: nginx:2
        name: app
        volumeMounts:
        - mountPath: /cache
          name: cache
        - mountPath: /data
          name: data
      - image: busybox
        name: side
      volumes:
      - emptyDir: {}
        name: data
)");
}

TEST_F(StrategicMergeTest, VolumesMergeByNameAndMergedItemsMoveToPatchOrder) {
  std::string out = Merge(R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  volumes:
  - {name: v1, emptyDir: {}}
  - {name: v2, configMap: {name: cm}}
)",
                          R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  volumes:
  - {name: v2, secret: {secretName: s}}
)");
  EXPECT_EQ(out, R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  volumes:
  - configMap:
      name: cm
    name: v2
    secret:
      secretName: s
  - emptyDir: {}
    name: v1
)");
}

TEST_F(StrategicMergeTest, ContainerPortsUseContainerPortAndProtocol) {
  constexpr const char* kPod = R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    ports:
    - {containerPort: 80, protocol: TCP, name: http}
    - {containerPort: 53, protocol: UDP}
)";
  // Same port and protocol: merged. Same port, other protocol: a new item. With two merge keys
  // the new items come first and the target's follow in their own order.
  EXPECT_EQ(Merge(kPod, R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    ports:
    - {containerPort: 80, protocol: TCP, name: web}
    - {containerPort: 80, protocol: UDP, name: u}
)"),
            R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    ports:
    - containerPort: 80
      name: u
      protocol: UDP
    - containerPort: 80
      name: web
      protocol: TCP
    - containerPort: 53
      protocol: UDP
)");
  // kyaml quirk: a patch port without protocol that matches a target port by number is dropped.
  EXPECT_EQ(Merge(kPod, R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    ports:
    - {containerPort: 80, name: web}
    - {containerPort: 8080}
)"),
            R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    ports:
    - containerPort: 8080
    - containerPort: 80
      name: http
      protocol: TCP
    - containerPort: 53
      protocol: UDP
)");
}

TEST_F(StrategicMergeTest, ServicePortsUsePortAndProtocol) {
  EXPECT_EQ(Merge(R"(apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  ports:
  - {port: 80, protocol: TCP, name: t}
  - {port: 443, protocol: TCP, name: https}
)",
                  R"(apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  ports:
  - {port: 80, protocol: UDP, name: u}
  - {port: 443, protocol: TCP, targetPort: 8443}
)"),
            R"(apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  ports:
  - name: u
    port: 80
    protocol: UDP
  - name: t
    port: 80
    protocol: TCP
  - name: https
    port: 443
    protocol: TCP
    targetPort: 8443
)");
}

TEST_F(StrategicMergeTest, FinalizersMergeAsASetAndArgsReplace) {
  EXPECT_EQ(Merge(R"(apiVersion: v1
kind: Pod
metadata: {name: p, finalizers: [a, b]}
spec:
  containers:
  - {name: app, args: [x, y], tolerations: [1]}
  tolerations:
  - {key: k1}
)",
                  R"(apiVersion: v1
kind: Pod
metadata: {name: p, finalizers: [c, a]}
spec:
  containers:
  - {name: app, args: [z]}
  tolerations:
  - {key: k2}
)"),
            R"(apiVersion: v1
kind: Pod
metadata:
  finalizers:
  - c
  - a
  - b
  name: p
spec:
  containers:
  - args:
    - z
    name: app
    tolerations:
    - 1
  tolerations:
  - key: k2
)");
}

TEST_F(StrategicMergeTest, PatchDeleteRemovesListItemAndMap) {
  EXPECT_EQ(Merge(kDeployment, R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: side
        $patch: delete
      - name: app
        env:
        - {name: A, $patch: delete}
      volumes:
      - name: data
        emptyDir: {$patch: delete}
)"),
            R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    spec:
      containers:
      - env:
        - name: B
          value: "2"
        image: nginx
        name: app
        volumeMounts:
        - mountPath: /data
          name: data
      volumes:
      - name: data
)");
  // `$patch: delete` is for maps and list items: on a list it is a kind mismatch.
  EXPECT_EQ(Merge(kDeployment, R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      volumes: {$patch: delete}
)"),
            "ERROR: wrong node kind at spec.template.spec.volumes: expected SequenceNode but got "
            "MappingNode");
}

TEST_F(StrategicMergeTest, PatchReplaceOnListAndMap) {
  EXPECT_EQ(Merge(kDeployment, R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - $patch: replace
      - name: only
        image: x
      volumes:
      - $patch: delete
      securityContext:
        $patch: replace
        runAsUser: 1
)"),
            R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    spec:
      containers:
      - image: x
        name: only
      securityContext:
        runAsUser: 1
)");
}

TEST_F(StrategicMergeTest, ReplaceOnTheWholeObjectOrOneItemChangesNothing) {
  const char* target = R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - {name: app, image: a, args: [x]}
)";
  std::string unchanged = Merge(target, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n");
  EXPECT_EQ(Merge(target, R"(apiVersion: v1
kind: Pod
metadata: {name: p}
$patch: replace
spec: {hostname: h}
)"),
            unchanged);
  EXPECT_EQ(Merge(target, R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - {name: app, $patch: replace, image: b}
)"),
            unchanged);
}

TEST_F(StrategicMergeTest, PatchDeleteOnTheObjectDeletesIt) {
  Node target = Parse("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostname: h}\n");
  Node before = target;
  Node patch = Parse("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n$patch: delete\n");
  bool deleted = false;
  EXPECT_FALSE(ApplyStrategicMerge(target, patch, &deleted).has_value());
  EXPECT_TRUE(deleted);
  EXPECT_TRUE(yaml::Equal(target, before));
}

TEST_F(StrategicMergeTest, UnimplementedDirectivesStayAsFields) {
  EXPECT_EQ(Merge(R"(apiVersion: v1
kind: Pod
metadata: {name: p, finalizers: [a, b]}
spec:
  containers:
  - {name: app}
  - {name: side}
  volumes:
  - {name: v2, configMap: {name: cm}}
)",
                  R"(apiVersion: v1
kind: Pod
metadata:
  name: p
  $deleteFromPrimitiveList/finalizers: [a]
spec:
  $setElementOrder/containers:
  - name: side
  - name: app
  volumes:
  - name: v2
    $retainKeys: [name, secret]
    secret: {secretName: s}
)"),
            R"(apiVersion: v1
kind: Pod
metadata:
  $deleteFromPrimitiveList/finalizers:
  - a
  finalizers:
  - a
  - b
  name: p
spec:
  $setElementOrder/containers:
  - name: side
  - name: app
  containers:
  - name: app
  - name: side
  volumes:
  - $retainKeys:
    - name
    - secret
    configMap:
      name: cm
    name: v2
    secret:
      secretName: s
)");
}

TEST_F(StrategicMergeTest, CustomResourceListsReplaceAndKeepDirectivesLiterally) {
  EXPECT_EQ(Merge(R"(apiVersion: example.com/v1
kind: Foo
metadata: {name: f, finalizers: [a]}
spec:
  items: [{name: a}, {name: b}]
  m: {a: 1, b: 2}
)",
                  R"(apiVersion: example.com/v1
kind: Foo
metadata: {name: f, finalizers: [b]}
spec:
  items:
  - {name: b, $patch: delete}
  - {name: c, v: null}
  m: {a: null, z: {$patch: delete}}
)"),
            R"(apiVersion: example.com/v1
kind: Foo
metadata:
  finalizers:
  - b
  name: f
spec:
  items:
  - $patch: delete
    name: b
  - name: c
    v: null
  m:
    b: 2
)");
}

TEST_F(StrategicMergeTest, EmbeddedBuiltinObjectBringsItsSchema) {
  EXPECT_EQ(Merge(R"(apiVersion: example.com/v1
kind: Wrapper
metadata: {name: w}
spec:
  manifest:
    apiVersion: apps/v1
    kind: Deployment
    spec: {template: {spec: {containers: [{name: a}]}}}
  other: {containers: [{name: a}]}
)",
                  R"(apiVersion: example.com/v1
kind: Wrapper
metadata: {name: w}
spec:
  manifest: {spec: {template: {spec: {containers: [{name: b}]}}}}
  other: {containers: [{name: b}]}
)"),
            R"(apiVersion: example.com/v1
kind: Wrapper
metadata:
  name: w
spec:
  manifest:
    apiVersion: apps/v1
    kind: Deployment
    spec:
      template:
        spec:
          containers:
          - name: b
          - name: a
  other:
    containers:
    - name: b
)");
}

TEST_F(StrategicMergeTest, RemovedApiVersionHasNoSchema) {
  // extensions/v1beta1 Deployment is not in kustomize's Kubernetes 1.21 schema: lists replace.
  EXPECT_EQ(Merge(R"(apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: d}
spec: {template: {spec: {containers: [{name: a}]}}}
)",
                  R"(apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: d}
spec: {template: {spec: {containers: [{name: b}]}}}
)"),
            R"(apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - name: b
)");
}

TEST_F(StrategicMergeTest, CronJobTemplateContainersMerge) {
  EXPECT_EQ(Merge(R"(apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate: {spec: {template: {spec: {containers: [{name: a, image: a}]}}}}
)",
                  R"(apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate: {spec: {template: {spec: {containers: [{name: a, image: b}, {name: c}]}}}}
)"),
            R"(apiVersion: batch/v1
kind: CronJob
metadata:
  name: c
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - image: b
            name: a
          - name: c
)");
}

TEST_F(StrategicMergeTest, EmptyNullsGoExplicitNullsStay) {
  EXPECT_EQ(Merge(R"(apiVersion: v1
kind: Pod
metadata: {name: p, creationTimestamp: null}
spec:
  nodeSelector: null
  hostname: ~
  subdomain:
  containers:
  - {name: app, args: [null, ~]}
)",
                  "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {priority: 1}\n"),
            R"(apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  name: p
spec:
  containers:
  - args:
    - null
    - null
    name: app
  hostname: null
  nodeSelector: null
  priority: 1
)");
}

TEST_F(StrategicMergeTest, KyamlListQuirksAreKept) {
  // An item without the merge key wipes the other items of the list.
  EXPECT_EQ(Merge(R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - {name: a, image: a}
  - {image: x}
)",
                  "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
                  "spec: {containers: [{name: b, image: b}]}\n"),
            R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - image: x
)");
  // Of two target items with the same key, the second survives, unpatched.
  EXPECT_EQ(Merge(R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - {name: app, image: a1}
  - {name: app, image: a2}
  - {name: side, image: s}
)",
                  "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
                  "spec: {containers: [{name: app, image: b}]}\n"),
            R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - image: a2
    name: app
  - image: s
    name: side
)");
}

TEST_F(StrategicMergeTest, ScalarReplacingAQuotedScalarBecomesAString) {
  EXPECT_EQ(Merge(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data:
  a: "3"
  b: 5
  c: |
    text
)",
                  R"(apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data:
  a: 5
  b: "6"
  c: true
)"),
            R"(apiVersion: v1
data:
  a: "5"
  b: "6"
  c: "true"
kind: ConfigMap
metadata:
  name: c
)");
}

TEST_F(StrategicMergeTest, NameKindAndNamespaceAreRestored) {
  const char* target = R"(apiVersion: v1
kind: Service
metadata: {name: svc, namespace: bar}
spec: {type: ClusterIP}
)";
  const char* patch = R"(apiVersion: v9
kind: Whatever
metadata: {name: other, namespace: foo, labels: {a: b}}
spec: {type: NodePort}
)";
  EXPECT_EQ(Merge(target, patch), R"(apiVersion: v1
kind: Service
metadata:
  labels:
    a: b
  name: svc
  namespace: bar
spec:
  type: NodePort
)");
  SmpOptions allow;
  allow.allow_name_change = true;
  allow.allow_kind_change = true;
  EXPECT_EQ(Merge(target, patch, allow), R"(apiVersion: v1
kind: Whatever
metadata:
  labels:
    a: b
  name: other
  namespace: bar
spec:
  type: NodePort
)");
  // A namespace the target does not have is not added.
  EXPECT_EQ(Merge("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n",
                  "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\n"),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
}

TEST_F(StrategicMergeTest, KindMismatchIsAnErrorAtThePatch) {
  Node target = Parse("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostname: h}\n");
  Node before = target;
  Node patch = Parse("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostname: {a: b}\n",
                     "p.yaml");
  bool deleted = false;
  std::optional<PatchError> err = ApplyStrategicMerge(target, patch, &deleted);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->message,
            "wrong node kind at spec.hostname: expected ScalarNode but got MappingNode");
  EXPECT_EQ(err->span.path(), "p.yaml");
  EXPECT_EQ(err->span.begin.line, 5u);
  EXPECT_EQ(err->span.begin.column, 13u);
  EXPECT_TRUE(yaml::Equal(target, before));
}

TEST_F(StrategicMergeTest, OtherErrors) {
  EXPECT_EQ(Merge("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {a: 1}\n",
                  "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {$patch: foo}\n"),
            "ERROR: unknown patch strategy 'foo' at spec");
  EXPECT_EQ(Merge("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n",
                  "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: 5}\n"),
            "ERROR: wrong node kind at spec.containers: expected SequenceNode but got ScalarNode");
  EXPECT_EQ(Merge("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n", "- a\n"),
            "ERROR: a strategic merge patch must be a mapping");
}

TEST_F(StrategicMergeTest, PatchedValuesCarryThePatchSpans) {
  Node target = Parse(kDeployment, "base/deploy.yaml");
  Node patch = Parse(R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: app
        image: nginx:2
        resources: {limits: {cpu: "1"}}
)",
                     "overlay/patch.yaml");
  bool deleted = false;
  ASSERT_FALSE(ApplyStrategicMerge(target, patch, &deleted).has_value());
  const Node* replicas = target.Find({"spec", "replicas"});
  ASSERT_NE(replicas, nullptr);
  EXPECT_EQ(replicas->span.path(), "overlay/patch.yaml");
  EXPECT_EQ(replicas->span.begin.line, 5u);
  const Node& app = target.Find({"spec", "template", "spec", "containers"})->children[0];
  EXPECT_EQ(app.Get("image")->span.path(), "overlay/patch.yaml");
  EXPECT_EQ(app.Get("image")->span.begin.line, 10u);
  // A key the patch adds carries the patch's key span too.
  for (size_t i = 0; i < app.EntryCount(); ++i) {
    if (app.Key(i).value == "resources") {
      EXPECT_EQ(app.Key(i).span.path(), "overlay/patch.yaml");
      EXPECT_EQ(app.Key(i).span.begin.line, 11u);
    }
  }
  // Values the patch does not touch keep the base's spans, and so do restored identities.
  EXPECT_EQ(app.Get("env")->span.path(), "base/deploy.yaml");
  EXPECT_EQ(target.Find({"metadata", "name"})->span.path(), "base/deploy.yaml");
  EXPECT_EQ(target.Get("apiVersion")->span.path(), "base/deploy.yaml");
}

}  // namespace
}  // namespace fluxlint::kustomize
