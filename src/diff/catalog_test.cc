#include "diff/catalog.h"

#include <gtest/gtest.h>

#include <set>

#include "diff/crd_rules.h"
#include "diff/test_util.h"

namespace fluxlint::diff {
namespace {

TEST(CatalogTest, BuiltinParsesWithoutErrors) {
  std::vector<Diagnostic> errors;
  Catalog c = Catalog::Builtin(&errors);
  for (const Diagnostic& e : errors) {
    ADD_FAILURE() << e.span.begin.line << ":" << e.span.begin.column << ": " << e.message;
  }
  EXPECT_GE(c.entries().size(), 30u);
  std::set<std::string> ids;
  for (const CatalogEntry& e : c.entries()) {
    EXPECT_TRUE(ids.insert(e.id).second) << e.id;
    EXPECT_FALSE(e.message.empty()) << e.id;
    EXPECT_FALSE(e.paths.empty()) << e.id;
    EXPECT_EQ(e.origin, "built-in catalog");
  }
}

TEST(CatalogTest, BuiltinKnowsTheTaskKinds) {
  Catalog c = Catalog::Builtin();
  EXPECT_FALSE(c.EntriesFor("apps", "StatefulSet").empty());
  EXPECT_FALSE(c.EntriesFor("batch", "Job").empty());
  EXPECT_FALSE(c.EntriesFor("", "PersistentVolumeClaim").empty());
  EXPECT_FALSE(c.EntriesFor("rbac.authorization.k8s.io", "RoleBinding").empty());
  EXPECT_FALSE(c.EntriesFor("resources.azure.com", "ResourceGroup").empty());
  EXPECT_FALSE(c.EntriesFor("cert-manager.io", "CertificateRequest").empty());
  EXPECT_TRUE(c.EntriesFor("cert-manager.io", "Certificate").empty());
  EXPECT_TRUE(c.EntriesFor("networking.k8s.io", "NetworkPolicy").empty());
  EXPECT_TRUE(c.IsClusterScoped("", "Namespace"));
  EXPECT_TRUE(c.IsClusterScoped("rbac.authorization.k8s.io", "ClusterRole"));
  EXPECT_FALSE(c.IsClusterScoped("apps", "Deployment"));
  EXPECT_NE(c.RecreateCostOf("apps", "StatefulSet").find("pods"), std::string_view::npos);
  EXPECT_FALSE(c.RecreateCostOf("example.com", "Widget").empty());  // the catch-all
}

TEST(CatalogTest, DefaultsApplyByKindAndCopies) {
  Catalog c = Catalog::Builtin();
  testing::Docs docs;
  const yaml::Node& aso = docs.Parse(
      "apiVersion: resources.azure.com/v1api20200601\nkind: ResourceGroup\n"
      "metadata:\n  name: rg-prod\n");
  ObjectDefaults d = c.DefaultsFor("", "Secret", nullptr);
  const yaml::Node* type = d.Find(ParseFieldPath("type").value());
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->value, "Opaque");
  EXPECT_EQ(d.Find(ParseFieldPath("data").value()), nullptr);
  ObjectDefaults svc = c.DefaultsFor("", "Service", nullptr);
  FieldPath proto = {PathSegment::Key("spec"), PathSegment::Key("ports"), PathSegment::Item(3),
                     PathSegment::Key("protocol")};
  ASSERT_NE(svc.Find(proto), nullptr);
  EXPECT_EQ(svc.Find(proto)->value, "TCP");
  ObjectDefaults rg = c.DefaultsFor("resources.azure.com", "ResourceGroup", &aso);
  const yaml::Node* name = rg.Find(ParseFieldPath("spec.azureName").value());
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->value, "rg-prod");
}

TEST(CatalogTest, ParseReportsProblemsWithPositions) {
  testing::Docs docs;
  const yaml::LoadedFile& f = docs.Load(
      "version: 1\n"
      "entries:\n"
      "  - id: a\n"
      "    group: apps\n"
      "    kinds: [Deployment]\n"
      "    paths: [spec..selector]\n"
      "    message: m\n"
      "  - id: b\n"
      "    kinds: [X]\n"
      "    paths: [spec]\n"
      "    message: m\n"
      "  - id: c\n"
      "    group: ''\n"
      "    kinds: [ConfigMap]\n"
      "    paths: [data]\n"
      "    when: sometimes\n"
      "    message: m\n"
      "    colour: red\n"
      "  - id: d\n"
      "    group: ''\n"
      "    kinds: [ConfigMap]\n"
      "    paths: [data]\n"
      "    when: baseImmutable\n"
      "    message: ok\n");
  std::vector<Diagnostic> errors;
  Catalog c = Catalog::Parse(f, &errors);
  ASSERT_EQ(c.entries().size(), 1u);
  EXPECT_EQ(c.entries()[0].id, "d");
  EXPECT_EQ(c.entries()[0].when, When::kBaseImmutable);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].span.begin.line, 6u);
  EXPECT_NE(errors[0].message.find("empty field name"), std::string::npos);
  EXPECT_NE(errors[1].message.find("'group'"), std::string::npos);
  EXPECT_EQ(errors[2].span.begin.line, 18u);  // unknown key, reported first for the entry
  EXPECT_NE(errors[3].message.find("sometimes"), std::string::npos);
}

TEST(CatalogTest, ConfigEntries) {
  config::Config config;
  config.immutable_fields.push_back({"example.com", "Widget", {"spec.size", "spec..bad"}, {}});
  config.immutable_fields.push_back({"*", "Gadget", {"spec.colour"}, {}});
  Catalog c;
  c.AddConfig(config);
  ASSERT_EQ(c.entries().size(), 2u);
  EXPECT_EQ(c.entries()[0].paths.size(), 1u);
  EXPECT_EQ(c.EntriesFor("example.com", "Widget").size(), 1u);
  EXPECT_TRUE(c.EntriesFor("other.com", "Widget").empty());
  EXPECT_EQ(c.EntriesFor("any.io", "Gadget").size(), 1u);
}

constexpr char kCrd[] = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Cluster
  names:
    kind: Widget
    plural: widgets
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
            - rule: self.classRef.group == oldSelf.classRef.group && self.zone == oldSelf.zone
              message: class and zone are fixed
            - rule: self.state == oldSelf.state || oldSelf.state != 'Active'
            properties:
              controllerName:
                type: string
                x-kubernetes-validations:
                - rule: self == oldSelf
                  message: Value is immutable
              tags:
                type: array
                items:
                  type: object
                  x-kubernetes-validations:
                  - rule: oldSelf == self
              labels:
                type: object
                additionalProperties:
                  type: string
                  x-kubernetes-validations:
                  - rule: self == oldSelf
                    optionalOldSelf: true
)";

TEST(CrdRulesTest, DerivesTransitionRules) {
  testing::Docs docs;
  CrdFacts f = ReadCrd(docs.Parse(kCrd, "crds/widgets.yaml"));
  EXPECT_EQ(f.group, "example.com");
  EXPECT_EQ(f.kind, "Widget");
  EXPECT_TRUE(f.cluster_scoped);
  std::vector<std::string> got;
  for (const CatalogEntry& e : f.entries) {
    got.push_back(FormatFieldPath(e.paths[0]) + " " + std::string(WhenName(e.when)) +
                  (e.needs_parent ? " parent" : ""));
    EXPECT_TRUE(e.span.valid());
    EXPECT_EQ(e.span.path(), "crds/widgets.yaml");
    EXPECT_EQ(e.origin, "CustomResourceDefinition widgets.example.com");
  }
  std::vector<std::string> want = {
      "spec.replicas presence parent", "spec.classRef.group always parent",
      "spec.zone always parent",       "spec.controllerName bothPresent",
      "spec.tags[*] bothPresent",
  };
  EXPECT_EQ(got, want);
  for (const CatalogEntry& e : f.entries) {
    if (FormatFieldPath(e.paths[0]) == "spec.zone") {
      EXPECT_EQ(e.message, "class and zone are fixed");
    }
    if (FormatFieldPath(e.paths[0]) == "spec.tags[*]") {
      EXPECT_EQ(e.message, "failed rule: oldSelf == self");
    }
  }
}

TEST(CrdRulesTest, CatalogTakesTheFirstCrdOfAKind) {
  testing::Docs docs;
  Catalog c;
  c.AddCrd(docs.Parse(kCrd));
  c.AddCrd(docs.Parse(kCrd));
  EXPECT_EQ(c.entries().size(), 5u);
  EXPECT_TRUE(c.IsClusterScoped("example.com", "Widget"));
  EXPECT_FALSE(c.IsClusterScoped("example.com", "Gadget"));
}

TEST(CrdRulesTest, IgnoresWhatIsNotACrd) {
  testing::Docs docs;
  EXPECT_TRUE(ReadCrd(docs.Parse("kind: CustomResourceDefinition\napiVersion: v1\n")).kind.empty());
  EXPECT_TRUE(ReadCrd(docs.Parse("- a\n- b\n")).kind.empty());
  EXPECT_TRUE(
      ReadCrd(docs.Parse("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                         "spec: [1]\n"))
          .kind.empty());
}

TEST(CrdRulesTest, SplitsConjunctionsOnly) {
  EXPECT_EQ(SplitConjunction("a == b && c == d").size(), 2u);
  EXPECT_EQ(SplitConjunction("(a && b) || c").size(), 1u);
  EXPECT_EQ(SplitConjunction("f('&&') == x").size(), 1u);
}

}  // namespace
}  // namespace fluxlint::diff
