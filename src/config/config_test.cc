#include "config/config.h"

#include <gtest/gtest.h>

namespace fluxlint::config {
namespace {

const std::vector<std::string> kRules = {"yaml-duplicate-key", "yaml-syntax-error",
                                         "flux-dependson-cycle"};

struct Parsed {
  Config config;
  std::vector<Diagnostic> errors;
};

Parsed ParseText(SourceStore& store, std::string text) {
  const SourceFile* file = store.Add(".fluxlint.yaml", std::move(text), "", "test");
  yaml::LoadedFile loaded = yaml::Load(*file);
  Parsed p;
  p.config = ParseConfig(loaded, kRules, &p.errors);
  return p;
}

TEST(ConfigTest, DefaultsWhenEmpty) {
  SourceStore store;
  Parsed p = ParseText(store, "");
  EXPECT_TRUE(p.errors.empty());
  EXPECT_TRUE(p.config.RuleEnabled("yaml-syntax-error"));
  EXPECT_EQ(p.config.flux_version, "2.9");
  EXPECT_TRUE(p.config.strict_substitution);
}

TEST(ConfigTest, EveryKeyParses) {
  SourceStore store;
  Parsed p = ParseText(store, R"(rules:
  select: ["yaml-*", flux-dependson-cycle]
  ignore: [yaml-syntax-error]
  severity:
    yaml-duplicate-key: warning
variables:
  CLUSTER: prod
  EMPTY:
substituteFrom:
  - kind: ConfigMap
    name: cluster-vars
    namespace: flux-system
    data: {REGION: eu}
sources:
  - kind: GitRepository
    name: platform
    namespace: flux-system
    path: ./platform
immutableFields:
  - apiGroup: example.com
    kind: Widget
    paths: [spec.size]
ignorePaths: [vendor]
fluxVersion: latest
strictSubstitution: false
)");
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].message;
  const Config& c = p.config;
  EXPECT_TRUE(c.RuleEnabled("yaml-duplicate-key"));
  EXPECT_FALSE(c.RuleEnabled("yaml-syntax-error"));
  EXPECT_TRUE(c.RuleEnabled("flux-dependson-cycle"));
  EXPECT_EQ(c.severity.at("yaml-duplicate-key"), Severity::kWarning);
  EXPECT_EQ(c.variables.at("CLUSTER"), "prod");
  EXPECT_EQ(c.variables.at("EMPTY"), "");
  ASSERT_EQ(c.substitute_from.size(), 1u);
  EXPECT_EQ(c.substitute_from[0].data.at("REGION"), "eu");
  ASSERT_EQ(c.sources.size(), 1u);
  EXPECT_EQ(c.sources[0].path, "./platform");
  ASSERT_EQ(c.immutable_fields.size(), 1u);
  EXPECT_EQ(c.immutable_fields[0].paths[0], "spec.size");
  EXPECT_EQ(c.ignore_paths[0], "vendor");
  EXPECT_EQ(c.flux_version, "2.9");
  EXPECT_FALSE(c.strict_substitution);
  std::string dumped = DumpConfig(c);
  EXPECT_NE(dumped.find("yaml-duplicate-key: warning"), std::string::npos) << dumped;
  EXPECT_NE(dumped.find("strictSubstitution: false"), std::string::npos) << dumped;
}

TEST(ConfigTest, UnknownKeysHavePositionsAndSuggestions) {
  SourceStore store;
  Parsed p = ParseText(store, "rules:\n  selct: ['*']\nvariabels: {}\n");
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].message, "unknown key 'selct' in 'rules', did you mean 'select'?");
  EXPECT_EQ(p.errors[0].span.begin.line, 2u);
  EXPECT_EQ(p.errors[0].span.begin.column, 3u);
  EXPECT_EQ(p.errors[1].message,
            "unknown key 'variabels' in the configuration, did you mean 'variables'?");
  EXPECT_EQ(p.errors[1].span.begin.line, 3u);
}

TEST(ConfigTest, BadValuesAreErrors) {
  SourceStore store;
  Parsed p = ParseText(store, R"(rules:
  severity:
    yaml-duplicate-key: fatal
    yaml-duplicat-key: warning
  ignore: [nothing-*]
fluxVersion: "3.1"
strictSubstitution: maybe
)");
  std::vector<std::string> messages;
  for (const Diagnostic& d : p.errors) messages.push_back(d.message);
  ASSERT_EQ(messages.size(), 5u);
  // Sorted by position in the file.
  EXPECT_EQ(messages[0], "severity must be error, warning or note, not 'fatal'");
  EXPECT_EQ(messages[1], "unknown rule 'yaml-duplicat-key', did you mean 'yaml-duplicate-key'?");
  EXPECT_EQ(messages[2], "'nothing-*' matches no rule");
  EXPECT_EQ(messages[3], "unknown Flux version '3.1'");
  EXPECT_EQ(messages[4], "strictSubstitution must be true or false, not 'maybe'");
}

TEST(ConfigTest, SyntaxErrorsAreReported) {
  SourceStore store;
  Parsed p = ParseText(store, "rules: [\n");
  ASSERT_FALSE(p.errors.empty());
  EXPECT_EQ(p.errors[0].rule_id, "config");
  EXPECT_GT(p.errors[0].span.begin.line, 0u);
}

}  // namespace
}  // namespace fluxlint::config
