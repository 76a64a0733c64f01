#include "kustomize/patch_target.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>

#include "yaml/loader.h"

// The selections below were checked with `kubectl kustomize` (kustomize v5.5.0): a patch with
// the same `target:` applied, or did not, to the same object.

namespace fluxlint::kustomize {
namespace {

using yaml::Node;

class PatchTargetTest : public ::testing::Test {
 protected:
  Node Parse(std::string text) {
    SourceFile& file = files_.emplace_back();
    file.path = "test.yaml";
    file.text = std::move(text);
    file.IndexLines();
    yaml::LoadedFile loaded = yaml::Load(file);
    EXPECT_TRUE(loaded.errors.empty()) << file.text;
    if (loaded.documents.empty()) return Node::Null();
    return loaded.documents[0].root;
  }

  PatchTarget Target(std::string text) {
    PatchTarget t;
    std::optional<PatchError> err = ParsePatchTarget(Parse(std::move(text)), &t);
    EXPECT_FALSE(err.has_value()) << err->message;
    return t;
  }

  std::string TargetError(std::string text) {
    PatchTarget t;
    std::optional<PatchError> err = ParsePatchTarget(Parse(std::move(text)), &t);
    return err ? err->message : "no error";
  }

  bool Selects(std::string target, const Node& object) {
    return MatchesTarget(Target(std::move(target)), object);
  }

  std::string SelectorError(std::string_view text) {
    LabelSelector s;
    std::optional<PatchError> err = ParseLabelSelector(text, Span{}, &s);
    return err ? err->message : "no error";
  }

  bool LabelsMatch(std::string_view selector, std::string labels) {
    LabelSelector s;
    std::optional<PatchError> err = ParseLabelSelector(selector, Span{}, &s);
    EXPECT_FALSE(err.has_value()) << selector << ": " << err->message;
    Node map = Parse(std::move(labels));
    return s.Matches(map.IsMapping() ? &map : nullptr);
  }

  std::deque<SourceFile> files_;
};

constexpr const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: fe}
  annotations: {note: "x y", team: a}
spec: {replicas: 1}
)";

TEST_F(PatchTargetTest, ParsesEveryField) {
  PatchTarget t = Target(R"(group: apps
version: v1
kind: Deployment
name: web
namespace: prod
labelSelector: app=web
annotationSelector: team
)");
  EXPECT_EQ(t.group, "apps");
  EXPECT_EQ(t.version, "v1");
  EXPECT_EQ(t.kind, "Deployment");
  EXPECT_EQ(t.name, "web");
  EXPECT_EQ(t.ns, "prod");
  EXPECT_EQ(t.label_selector, "app=web");
  EXPECT_EQ(t.annotation_selector, "team");
  ASSERT_EQ(t.labels.requirements.size(), 1u);
  EXPECT_EQ(t.labels.requirements[0].op, LabelRequirement::Op::kEquals);
  ASSERT_EQ(t.annotations.requirements.size(), 1u);
  EXPECT_EQ(t.annotations.requirements[0].op, LabelRequirement::Op::kExists);
}

TEST_F(PatchTargetTest, RejectsWhatKustomizeRejects) {
  EXPECT_EQ(TargetError("apiVersion: apps/v1\n"),
            "unknown field \"apiVersion\" in patch target (expected group, version, kind, name, "
            "namespace, labelSelector or annotationSelector)");
  EXPECT_EQ(TargetError("kind: 5\n"), "patch target field \"kind\" must be a string");
  EXPECT_EQ(TargetError("name: [a]\n"), "patch target field \"name\" must be a string");
  EXPECT_EQ(
      TargetError("name: \"[\"\n").rfind("invalid regular expression in patch target name", 0), 0u);
  EXPECT_EQ(TargetError("labelSelector: app in web\n"),
            "invalid selector \"app in web\": unable to parse requirement: found 'web' expected: "
            "'('");
  EXPECT_EQ(TargetError("- kind: x\n"), "a patch target must be a mapping");
  EXPECT_EQ(TargetError("name: ~\nkind: Deployment\n"), "no error");
}

TEST_F(PatchTargetTest, NamesAndKindsAreAnchoredRegexes) {
  Node d = Parse(kDeployment);
  EXPECT_TRUE(Selects("name: web", d));
  EXPECT_TRUE(Selects("name: w.b", d));
  EXPECT_TRUE(Selects("name: web|foo", d));
  EXPECT_TRUE(Selects("name: (?i)WEB", d));
  EXPECT_FALSE(Selects("name: WEB", d));
  EXPECT_FALSE(Selects("name: we", d));
  EXPECT_FALSE(Selects("name: eb", d));
  EXPECT_TRUE(Selects("kind: Deploy.*", d));
  EXPECT_FALSE(Selects("kind: Deploy", d));
  EXPECT_TRUE(Selects("group: apps\nversion: v1\nkind: Deployment", d));
  EXPECT_FALSE(Selects("group: \"\"\nversion: v2", d));
  EXPECT_FALSE(Selects("group: app", d));
  EXPECT_TRUE(Selects("{}", d));
  // The core group is "".
  Node cm = Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  EXPECT_TRUE(Selects("version: v1\nkind: ConfigMap", cm));
  EXPECT_FALSE(Selects("group: apps", cm));
  EXPECT_TRUE(Selects("group: \"|apps\"", cm));
}

TEST_F(PatchTargetTest, NamespacesCompareEffectively) {
  Node no_ns = Parse(kDeployment);
  EXPECT_TRUE(Selects("namespace: default", no_ns));
  EXPECT_TRUE(Selects("namespace: def.*", no_ns));
  EXPECT_FALSE(Selects("namespace: prod", no_ns));
  Node prod = Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: prod}\n");
  EXPECT_TRUE(Selects("namespace: prod", prod));
  EXPECT_FALSE(Selects("namespace: default", prod));
  // Cluster-scoped kinds have no namespace to compare (kustomize's "_non_namespaceable_").
  Node role =
      Parse("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n");
  EXPECT_FALSE(Selects("namespace: default", role));
  EXPECT_TRUE(Selects("namespace: .*", role));
  // An unknown kind is namespaced.
  Node crd_object = Parse("apiVersion: example.com/v1\nkind: Foo\nmetadata: {name: f}\n");
  EXPECT_TRUE(Selects("namespace: default", crd_object));
}

TEST_F(PatchTargetTest, OriginalOrCurrentNameAndNamespace) {
  Node renamed =
      Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: pre-web, namespace: ns1}\n");
  PatchTarget by_old_name = Target("name: web");
  EXPECT_FALSE(MatchesTarget(by_old_name, renamed));
  EXPECT_TRUE(MatchesTarget(by_old_name, renamed, "web", ""));
  EXPECT_TRUE(MatchesTarget(Target("name: pre-web"), renamed, "web", ""));
  EXPECT_TRUE(MatchesTarget(Target("namespace: default"), renamed, "web", ""));
  EXPECT_TRUE(MatchesTarget(Target("namespace: ns1"), renamed, "web", ""));
  EXPECT_FALSE(MatchesTarget(Target("name: other"), renamed, "web", ""));
}

TEST_F(PatchTargetTest, LabelAndAnnotationSelectors) {
  Node d = Parse(kDeployment);
  EXPECT_TRUE(Selects("labelSelector: \"app in (web,x),tier!=be,!nope\"", d));
  EXPECT_FALSE(Selects("labelSelector: \"app in (web,x),tier!=fe\"", d));
  EXPECT_TRUE(Selects("labelSelector: app", d));
  EXPECT_TRUE(Selects("labelSelector: \"app notin ()\"", d));
  EXPECT_TRUE(Selects("annotationSelector: note", d));
  EXPECT_TRUE(Selects("annotationSelector: team==a", d));
  EXPECT_FALSE(Selects("annotationSelector: team=b", d));
  EXPECT_FALSE(Selects("labelSelector: team=a", d));
}

TEST_F(PatchTargetTest, LabelSelectorOperators) {
  const std::string labels = "{app: web, tier: fe, n: \"5\", empty: \"\"}";
  EXPECT_TRUE(LabelsMatch("", labels));
  EXPECT_TRUE(LabelsMatch("app=web", labels));
  EXPECT_TRUE(LabelsMatch("app==web", labels));
  EXPECT_FALSE(LabelsMatch("app=db", labels));
  EXPECT_TRUE(LabelsMatch("app!=db", labels));
  EXPECT_TRUE(LabelsMatch("missing!=db", labels));
  EXPECT_TRUE(LabelsMatch("app in (db, web)", labels));
  EXPECT_FALSE(LabelsMatch("missing in (db, web)", labels));
  EXPECT_TRUE(LabelsMatch("app notin (db)", labels));
  EXPECT_TRUE(LabelsMatch("missing notin (db)", labels));
  EXPECT_FALSE(LabelsMatch("app notin (web)", labels));
  EXPECT_TRUE(LabelsMatch("tier", labels));
  EXPECT_FALSE(LabelsMatch("!tier", labels));
  EXPECT_TRUE(LabelsMatch("!missing", labels));
  EXPECT_TRUE(LabelsMatch("n>4", labels));
  EXPECT_FALSE(LabelsMatch("n>5", labels));
  EXPECT_TRUE(LabelsMatch("n<6", labels));
  EXPECT_FALSE(LabelsMatch("app>1", labels));
  EXPECT_TRUE(LabelsMatch("empty=", labels));
  EXPECT_TRUE(LabelsMatch("empty in (,x)", labels));
  EXPECT_TRUE(LabelsMatch("app=web,tier in (fe),!missing", labels));
  EXPECT_FALSE(LabelsMatch("app=web,tier in (be)", labels));
  // "in" and "notin" are values, not keywords, after an operator.
  EXPECT_TRUE(LabelsMatch("x=in", "{x: in}"));
  EXPECT_FALSE(LabelsMatch("app", "~"));
  EXPECT_TRUE(LabelsMatch("!app", "~"));
}

TEST_F(PatchTargetTest, LabelSelectorErrors) {
  EXPECT_EQ(SelectorError("app in web"),
            "invalid selector \"app in web\": unable to parse requirement: found 'web' expected: "
            "'('");
  EXPECT_EQ(SelectorError("a b"),
            "invalid selector \"a b\": unable to parse requirement: found 'b', expected: '=', "
            "'!=', '==', 'in', notin'");
  EXPECT_EQ(SelectorError("app=web,"),
            "invalid selector \"app=web,\": found '', expected: identifier after ','");
  EXPECT_EQ(SelectorError("tier=fe=x"),
            "invalid selector \"tier=fe=x\": found '=', expected: ',' or 'end of string'");
  EXPECT_EQ(SelectorError("=x"),
            "invalid selector \"=x\": found '=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(SelectorError("a>b"),
            "invalid selector \"a>b\": unable to parse requirement: for 'Gt', 'Lt' operators, the "
            "value must be an integer");
  EXPECT_EQ(SelectorError("-a=b"),
            "invalid selector \"-a=b\": unable to parse requirement: key: Invalid value: \"-a\": "
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
            "and end with an alphanumeric character");
  EXPECT_EQ(SelectorError("Example.com/a=b"),
            "invalid selector \"Example.com/a=b\": unable to parse requirement: key: Invalid "
            "value: \"Example.com/a\": prefix part must be a lowercase RFC 1123 subdomain of at "
            "most 253 characters");
  EXPECT_EQ(SelectorError("a=b c"),
            "invalid selector \"a=b c\": found 'c', expected: ',' or 'end of string'");
  EXPECT_EQ(SelectorError("a=-b"),
            "invalid selector \"a=-b\": unable to parse requirement: values[0][a]: Invalid value: "
            "\"-b\": a valid label must be an empty string or consist of alphanumeric characters, "
            "'-', '_' or '.', and must start and end with an alphanumeric character");
  EXPECT_EQ(SelectorError("example.com/a-b.c_d in (x, y.z),!k8s.io/x"), "no error");
}

TEST_F(PatchTargetTest, SelectorErrorsPointInsideTheNode) {
  Node target = Parse("kind: Deployment\nlabelSelector: \"app=web,tier in fe\"\n");
  PatchTarget t;
  std::optional<PatchError> err = ParsePatchTarget(target, &t);
  ASSERT_TRUE(err.has_value());
  // `fe`: line 2, after `labelSelector: "app=web,tier in `.
  EXPECT_EQ(err->span.begin.line, 2u);
  EXPECT_EQ(err->span.begin.column, 33u);
  EXPECT_EQ(err->span.end.column, 34u);
  // A plain scalar, and a value that fails validation (points at its requirement).
  Node plain = Parse("labelSelector: a=b,c=-d\n");
  err = ParsePatchTarget(plain, &t);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->span.begin.line, 1u);
  EXPECT_EQ(err->span.begin.column, 20u);
  // A folded scalar does not spell the selector out: the whole node.
  Node folded = Parse("labelSelector: >-\n  a in\n  b\n");
  err = ParsePatchTarget(folded, &t);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->span.begin.line, 1u);
  EXPECT_EQ(err->span.begin.column, 16u);
}

TEST_F(PatchTargetTest, SmpPatchMatchesByGroupVersionKindNameNamespace) {
  Node d = Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n");
  EXPECT_TRUE(
      SmpPatchMatches(Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"), d));
  EXPECT_TRUE(SmpPatchMatches(
      Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\n"),
      d));
  EXPECT_FALSE(SmpPatchMatches(
      Parse("apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: web}\n"), d));
  EXPECT_FALSE(SmpPatchMatches(
      Parse("apiVersion: extensions/v1\nkind: Deployment\nmetadata: {name: web}\n"), d));
  EXPECT_FALSE(SmpPatchMatches(
      Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod}\n"), d));
  EXPECT_FALSE(
      SmpPatchMatches(Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: we}\n"), d));
  Node in_prod =
      Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod}\n");
  EXPECT_FALSE(SmpPatchMatches(
      Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"), in_prod));
  // Cluster-scoped: the namespace does not take part.
  Node role =
      Parse("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n");
  EXPECT_TRUE(SmpPatchMatches(Parse("apiVersion: rbac.authorization.k8s.io/v1\n"
                                    "kind: ClusterRole\nmetadata: {name: r, namespace: x}\n"),
                              role));
}

TEST_F(PatchTargetTest, IdsAndEffectiveNamespaces) {
  ObjectId id = IdOf(Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"));
  EXPECT_EQ(id.group, "apps");
  EXPECT_EQ(id.version, "v1");
  EXPECT_EQ(id.kind, "Deployment");
  EXPECT_EQ(id.name, "web");
  EXPECT_EQ(id.ns, "");
  EXPECT_EQ(id.EffectiveNamespace(), "default");
  ObjectId ns = IdOf(Parse("apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n"));
  EXPECT_EQ(ns.group, "");
  EXPECT_EQ(ns.EffectiveNamespace(), "_non_namespaceable_");
  ObjectId prev = id;
  prev.ns = "default";
  EXPECT_TRUE(SameId(id, prev));
  prev.name = "pre-web";
  EXPECT_FALSE(SameId(id, prev));
}

}  // namespace
}  // namespace fluxlint::kustomize
