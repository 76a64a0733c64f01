#include "model/source_ignore.h"

#include <gtest/gtest.h>

namespace fluxlint::model {
namespace {

TEST(SourceIgnoreTest, DefaultsApplyOnlyWithoutCustomPatterns) {
  SourceIgnore defaults;
  defaults.AddDefaults();
  EXPECT_FALSE(defaults.has_custom());
  EXPECT_TRUE(defaults.Ignored(".github/workflows/ci.yaml", false));
  EXPECT_TRUE(defaults.Ignored("apps/.sops.yaml", false));
  EXPECT_TRUE(defaults.Ignored(".sops.yaml", false));
  EXPECT_TRUE(defaults.Ignored("docs/logo.png", false));
  EXPECT_TRUE(defaults.Ignored(".git", true));
  EXPECT_FALSE(defaults.Ignored("apps/deployment.yaml", false));
  EXPECT_FALSE(defaults.Ignored(".pre-commit-config.yaml", false));

  SourceIgnore custom;
  custom.AddPatterns("# only docs\ndocs/\n*.md\n", "");
  custom.AddDefaults();
  EXPECT_TRUE(custom.has_custom());
  EXPECT_FALSE(custom.Ignored(".github/workflows/ci.yaml", false));  // defaults replaced
  EXPECT_FALSE(custom.Ignored("apps/.sops.yaml", false));
  EXPECT_TRUE(custom.Ignored(".git", true));  // VCS patterns always apply
  EXPECT_TRUE(custom.Ignored("docs/a.yaml", false));
  EXPECT_TRUE(custom.Ignored("apps/README.md", false));
  EXPECT_FALSE(custom.Ignored("apps/docs", false));  // "docs/" matches directories only
}

TEST(SourceIgnoreTest, ExcludeAllThenReinclude) {
  SourceIgnore ignore;
  ignore.AddPatterns("/*\n!/apps/\n!/clusters/\n", "");
  ignore.AddDefaults();
  EXPECT_TRUE(ignore.Ignored("scripts", true));
  EXPECT_TRUE(ignore.Ignored("scripts/a.yaml", false));
  EXPECT_TRUE(ignore.Ignored("values.yaml", false));
  EXPECT_FALSE(ignore.Ignored("apps", true));
  EXPECT_FALSE(ignore.Ignored("apps/base/a.yaml", false));
  EXPECT_FALSE(ignore.Ignored("clusters/production/apps.yaml", false));
}

TEST(SourceIgnoreTest, AnchoredPatternsAreRelativeToTheirFile) {
  SourceIgnore ignore;
  ignore.AddPatterns("tmp/*.yaml\n**/secret.yaml\nlocal/**/x.yaml\n", "apps");
  ignore.AddDefaults();
  EXPECT_TRUE(ignore.Ignored("apps/tmp/a.yaml", false));
  EXPECT_FALSE(ignore.Ignored("tmp/a.yaml", false));
  EXPECT_FALSE(ignore.Ignored("apps/x/tmp/a.yaml", false));
  EXPECT_TRUE(ignore.Ignored("apps/secret.yaml", false));
  EXPECT_TRUE(ignore.Ignored("apps/a/b/secret.yaml", false));
  EXPECT_TRUE(ignore.Ignored("apps/local/x.yaml", false));
  EXPECT_TRUE(ignore.Ignored("apps/local/a/b/x.yaml", false));
}

}  // namespace
}  // namespace fluxlint::model
