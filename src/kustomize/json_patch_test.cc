#include "kustomize/json_patch.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>

#include "yaml/emitter.h"
#include "yaml/loader.h"

// Expected outputs and error messages below were produced by `kubectl kustomize` (kustomize
// v5.5.0) with the same operations on kTarget.

namespace fluxlint::kustomize {
namespace {

using yaml::Node;

constexpr const char* kTarget = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, a/b: x, "c~d": "y"}
spec:
  replicas: 1
  template:
    spec:
      containers:
      - name: app
        image: nginx
        args: [a, b, c]
)";

class JsonPatchTest : public ::testing::Test {
 protected:
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

  // Applies `ops` to kTarget; the result as kustomize prints it, or "ERROR: <message>".
  std::string Apply(std::string ops) {
    Node target = Parse(kTarget, "target.yaml");
    Node before = target;
    Node operations = Parse(std::move(ops), "ops.yaml");
    std::optional<PatchError> err = ApplyJsonPatch(target, operations);
    if (err) {
      EXPECT_TRUE(yaml::Equal(target, before)) << "target changed by a failed patch";
      return "ERROR: " + err->message;
    }
    return yaml::Emit(target, yaml::EmitOptions::Kustomize());
  }

  // The value at `path` after applying `ops`, emitted on its own.
  std::string ApplyAndGet(std::string ops, std::initializer_list<std::string_view> path) {
    Node target = Parse(kTarget, "target.yaml");
    Node operations = Parse(std::move(ops), "ops.yaml");
    std::optional<PatchError> err = ApplyJsonPatch(target, operations);
    if (err) return "ERROR: " + err->message;
    const Node* n = target.Find(path);
    return n == nullptr ? "<missing>" : yaml::Emit(*n, yaml::EmitOptions::Kustomize());
  }

  std::string Args(std::string ops) {
    Node target = Parse(kTarget, "target.yaml");
    Node operations = Parse(std::move(ops), "ops.yaml");
    if (std::optional<PatchError> err = ApplyJsonPatch(target, operations)) {
      return "ERROR: " + err->message;
    }
    const Node& c = target.Find({"spec", "template", "spec", "containers"})->children[0];
    std::string out;
    for (const Node& a : c.Get("args")->children) out += a.value + ",";
    return out;
  }

  std::deque<SourceFile> files_;
};

TEST_F(JsonPatchTest, IsJsonPatchBySequence) {
  EXPECT_TRUE(IsJsonPatch(Parse("- {op: remove, path: /a}\n")));
  EXPECT_TRUE(IsJsonPatch(Parse(R"([{"op": "remove", "path": "/a"}])")));
  EXPECT_FALSE(IsJsonPatch(Parse("apiVersion: v1\nkind: Pod\n")));
}

TEST_F(JsonPatchTest, AddToLists) {
  EXPECT_EQ(Args(R"([{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"d"}])"),
            "a,b,c,d,");
  EXPECT_EQ(Args("- {op: add, path: /spec/template/spec/containers/0/args/1, value: x}"),
            "a,x,b,c,");
  EXPECT_EQ(Args("- {op: add, path: /spec/template/spec/containers/0/args/3, value: x}"),
            "a,b,c,x,");
  EXPECT_EQ(Args("- {op: add, path: /spec/template/spec/containers/0/args/-1, value: x}"),
            "a,b,c,x,");
  EXPECT_EQ(Args("- {op: add, path: /spec/template/spec/containers/0/args/-4, value: x}"),
            "x,a,b,c,");
  EXPECT_EQ(Args("- {op: add, path: /spec/template/spec/containers/0/args/+1, value: x}"),
            "a,x,b,c,");
  EXPECT_EQ(Args("- {op: add, path: /spec/template/spec/containers/0/args/4, value: x}"),
            "ERROR: error in add for path: '/spec/template/spec/containers/0/args/4': Unable to "
            "access invalid index: 4: invalid index referenced");
  EXPECT_EQ(Args("- {op: add, path: /spec/template/spec/containers/0/args/-5, value: x}"),
            "ERROR: error in add for path: '/spec/template/spec/containers/0/args/-5': Unable to "
            "access invalid index: -5: invalid index referenced");
  EXPECT_EQ(Args("- {op: add, path: /spec/template/spec/containers/x, value: 1}"),
            "ERROR: error in add for path: '/spec/template/spec/containers/x': value was not a "
            "proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax");
}

TEST_F(JsonPatchTest, AddToMaps) {
  EXPECT_EQ(ApplyAndGet("- {op: add, path: /metadata/labels/a~1b, value: z}",
                        {"metadata", "labels", "a/b"}),
            "z\n");
  EXPECT_EQ(
      ApplyAndGet("- {op: add, path: /metadata/labels, value: {z: q}}", {"metadata", "labels"}),
      "z: q\n");
  // A new key is a string, even when it looks like a number or is empty.
  EXPECT_EQ(ApplyAndGet("- {op: add, path: /metadata/labels/0, value: q}", {"metadata", "labels"}),
            "\"0\": q\na/b: x\napp: web\nc~d: \"y\"\n");
  EXPECT_EQ(ApplyAndGet("- {op: add, path: /spec/replicas}", {"spec", "replicas"}), "null\n");
  EXPECT_EQ(Apply("- {op: add, path: /spec/x/y, value: x}"),
            "ERROR: add operation does not apply: doc is missing path: \"/spec/x/y\": missing "
            "value");
  EXPECT_EQ(Apply("- {op: add, path: /spec/replicas/x, value: q}"),
            "ERROR: add operation does not apply: doc is missing path: \"/spec/replicas/x\": "
            "missing value");
}

TEST_F(JsonPatchTest, PathWithoutLeadingSlashLosesItsFirstSegment) {
  EXPECT_EQ(ApplyAndGet("- {op: add, path: spec/replicas, value: 2}", {"replicas"}), "2\n");
  EXPECT_EQ(ApplyAndGet("- {op: add, path: spec/replicas, value: 2}", {"spec", "replicas"}), "1\n");
}

TEST_F(JsonPatchTest, Remove) {
  EXPECT_EQ(ApplyAndGet("- {op: remove, path: /metadata/labels/c~0d}", {"metadata", "labels"}),
            "a/b: x\napp: web\n");
  EXPECT_EQ(Args("- {op: remove, path: /spec/template/spec/containers/0/args/-1}"), "a,b,");
  EXPECT_EQ(Args("- {op: remove, path: /spec/template/spec/containers/0/args/-3}"), "b,c,");
  EXPECT_EQ(Apply("- {op: remove, path: /spec/nope}"),
            "ERROR: error in remove for path: '/spec/nope': Unable to remove nonexistent key: "
            "nope: missing value");
  EXPECT_EQ(Apply("- {op: remove, path: /spec/template/spec/containers/0/args/5}"),
            "ERROR: error in remove for path: '/spec/template/spec/containers/0/args/5': Unable "
            "to access invalid index: 5: invalid index referenced");
  EXPECT_EQ(Apply("- {op: remove, path: /spec/template/spec/containers/0/args/-}"),
            "ERROR: error in remove for path: '/spec/template/spec/containers/0/args/-': "
            "strconv.Atoi: parsing \"-\": invalid syntax");
  EXPECT_EQ(ApplyAndGet("- {op: remove, path: /spec/template/spec/containers/0}",
                        {"spec", "template", "spec", "containers"}),
            "[]\n");
}

TEST_F(JsonPatchTest, Replace) {
  EXPECT_EQ(ApplyAndGet("- {op: replace, path: /spec/replicas, value: 3}", {"spec", "replicas"}),
            "3\n");
  // A missing map key is added.
  EXPECT_EQ(ApplyAndGet("- {op: replace, path: /spec/nope, value: 1}", {"spec", "nope"}), "1\n");
  EXPECT_EQ(Args("- {op: replace, path: /spec/template/spec/containers/0/args/-1, value: z}"),
            "a,b,z,");
  EXPECT_EQ(Args("- {op: replace, path: /spec/template/spec/containers/0/args/01, value: z}"),
            "a,z,c,");
  EXPECT_EQ(Apply("- {op: replace, path: /spec/template/spec/containers/0/args/3, value: z}"),
            "ERROR: replace operation does not apply: doc is missing key: "
            "/spec/template/spec/containers/0/args/3: missing value");
  // The whole document: an object replaces it, a scalar changes nothing.
  EXPECT_EQ(Apply("- {op: replace, path: \"\", value: {kind: ConfigMap}}"), "kind: ConfigMap\n");
  EXPECT_EQ(Apply("- {op: replace, path: \"\", value: 3}"),
            yaml::Emit(Parse(kTarget), yaml::EmitOptions::Kustomize()));
}

TEST_F(JsonPatchTest, MoveAndCopy) {
  EXPECT_EQ(
      ApplyAndGet("- {op: move, from: /spec/replicas, path: /spec/template/replicas}", {"spec"}),
      R"(template:
  replicas: 1
  spec:
    containers:
    - args:
      - a
      - b
      - c
      image: nginx
      name: app
)");
  EXPECT_EQ(Args("- {op: move, from: /spec/template/spec/containers/0/args/0, "
                 "path: /spec/template/spec/containers/0/args/-}"),
            "b,c,a,");
  EXPECT_EQ(Args("- {op: copy, from: /spec/template/spec/containers/0/args/1, "
                 "path: /spec/template/spec/containers/0/args/0}"),
            "b,a,b,c,");
  EXPECT_EQ(ApplyAndGet("- {op: copy, from: /metadata/labels, path: /spec/template/metadata}",
                        {"spec", "template", "metadata"}),
            "a/b: x\napp: web\nc~d: \"y\"\n");
  // Copying a missing key copies null.
  EXPECT_EQ(ApplyAndGet("- {op: copy, from: /spec/nope, path: /spec/x}", {"spec", "x"}), "null\n");
  EXPECT_EQ(Apply("- {op: move, from: /spec/nope, path: /spec/x}"),
            "ERROR: error in move for path: 'nope': Unable to remove nonexistent key: nope: "
            "missing value");
  EXPECT_EQ(Apply("- {op: move, from: /spec/template, path: /spec/template/x}"),
            "ERROR: move operation does not apply: doc is missing destination path: "
            "/spec/template/x: missing value");
}

TEST_F(JsonPatchTest, CopiesAreIndependent) {
  std::string out = ApplyAndGet(R"(- {op: copy, from: /metadata/labels, path: /spec/labels}
- {op: add, path: /spec/labels/new, value: v}
)",
                                {"metadata", "labels"});
  EXPECT_EQ(out, "a/b: x\napp: web\nc~d: \"y\"\n");
}

TEST_F(JsonPatchTest, CopiesCannotGrowWithoutBound) {
  // Each copy doubles /spec/x; a million copied nodes is the limit.
  std::string ops = "- {op: add, path: /spec/x, value: {a: 1}}\n";
  for (int i = 0; i < 30; ++i) {
    ops += "- {op: copy, from: /spec/x, path: /spec/x/c" + std::to_string(i) + "}\n";
  }
  EXPECT_EQ(Apply(ops), "ERROR: copy operations would copy more than 1000000 nodes");
}

TEST_F(JsonPatchTest, TestOperation) {
  EXPECT_EQ(ApplyAndGet("- {op: test, path: /spec/replicas, value: 1}", {"spec", "replicas"}),
            "1\n");
  EXPECT_EQ(ApplyAndGet("- {op: test, path: /spec/replicas, value: 1.0}", {"spec", "replicas"}),
            "1\n");
  EXPECT_EQ(ApplyAndGet("- {op: test, path: /spec/nope, value: null}", {"spec", "replicas"}),
            "1\n");
  EXPECT_EQ(ApplyAndGet("- {op: test, path: /spec/template/spec/containers/0/args, "
                        "value: [a, b, c]}",
                        {"spec", "replicas"}),
            "1\n");
  EXPECT_EQ(Apply("- {op: test, path: /spec/replicas, value: 2}"),
            "ERROR: testing value /spec/replicas failed: test failed");
  EXPECT_EQ(Apply("- {op: test, path: /spec/replicas, value: \"1\"}"),
            "ERROR: testing value /spec/replicas failed: test failed");
  EXPECT_EQ(Apply("- {op: test, path: /spec/nope, value: 1}"),
            "ERROR: testing value /spec/nope failed: test failed");
  EXPECT_EQ(Apply("- {op: test, path: /spec/template/spec/containers/0/args, value: [a, c, b]}"),
            "ERROR: testing value /spec/template/spec/containers/0/args failed: test failed");
}

TEST_F(JsonPatchTest, BadOperations) {
  EXPECT_EQ(Apply("- {op: bogus, path: /spec/replicas}"), "ERROR: Unexpected kind: bogus");
  EXPECT_EQ(Apply("- {path: /spec/replicas, value: 2}"), "ERROR: Unexpected kind: unknown");
  EXPECT_EQ(Apply("- {op: add}"), "ERROR: add operation failed to decode path: missing value");
  EXPECT_EQ(Apply("- {op: add, path: 5, value: x}"),
            "ERROR: add operation failed to decode path: missing value");
  EXPECT_EQ(Apply("- {op: move, path: /spec/x}"),
            "ERROR: move operation failed to decode from: operation, missing from field: missing "
            "value");
  EXPECT_EQ(Apply("- just a string"), "ERROR: a JSON patch operation must be a mapping");
  // Operations run in order; a failing one leaves the target as it was.
  EXPECT_EQ(Apply("- {op: replace, path: /spec/replicas, value: 3}\n"
                  "- {op: test, path: /spec/replicas, value: 1}\n"),
            "ERROR: testing value /spec/replicas failed: test failed");
}

TEST_F(JsonPatchTest, YamlOperationValuesAreReadAsYaml11) {
  EXPECT_EQ(ApplyAndGet("- {op: add, path: /spec/a, value: [yes, on, Off, y, 0755, 1_000, 0x1F, "
                        "\"yes\", ~, +1, 0o17]}",
                        {"spec", "a"}),
            "- true\n- true\n- false\n- true\n- 493\n- 1000\n- 31\n- \"yes\"\n- null\n- 1\n- 15\n");
  EXPECT_EQ(ApplyAndGet("- {op: add, path: /metadata/labels/on, value: {on: yes}}",
                        {"metadata", "labels", "on"}),
            "\"true\": true\n");
  // JSON text is taken as it is.
  EXPECT_EQ(ApplyAndGet(R"([{"op": "add", "path": "/spec/a", "value": ["yes", "on", 7]}])",
                        {"spec", "a"}),
            "- \"yes\"\n- \"on\"\n- 7\n");
}

TEST_F(JsonPatchTest, NewValuesCarryTheOperationSpans) {
  Node target = Parse(kTarget, "base/deploy.yaml");
  Node ops = Parse(R"(- op: replace
  path: /spec/replicas
  value: 3
- op: add
  path: /spec/template/metadata
  value:
    labels: {tier: web}
)",
                   "overlay/ops.yaml");
  ASSERT_FALSE(ApplyJsonPatch(target, ops).has_value());
  const Node* replicas = target.Find({"spec", "replicas"});
  EXPECT_EQ(replicas->span.path(), "overlay/ops.yaml");
  EXPECT_EQ(replicas->span.begin.line, 3u);
  const Node* tier = target.Find({"spec", "template", "metadata", "labels", "tier"});
  ASSERT_NE(tier, nullptr);
  EXPECT_EQ(tier->span.path(), "overlay/ops.yaml");
  EXPECT_EQ(tier->span.begin.line, 7u);
  // The new key "metadata" points at the op's path.
  const Node* tmpl = target.Find({"spec", "template"});
  EXPECT_EQ(tmpl->Key(tmpl->EntryCount() - 1).span.path(), "overlay/ops.yaml");
  EXPECT_EQ(tmpl->Key(tmpl->EntryCount() - 1).span.begin.line, 5u);
  EXPECT_EQ(target.Find({"metadata", "name"})->span.path(), "base/deploy.yaml");
}

}  // namespace
}  // namespace fluxlint::kustomize
