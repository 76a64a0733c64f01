// End-to-end: real git repositories in a temporary folder, the built `fluxlint` binary.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/git_repo_test_util.h"

namespace fluxlint {
namespace {

namespace fs = std::filesystem;

using Outcome = testing_util::ShellOutcome;
using testing_util::ShellQuote;

class E2eTest : public testing_util::GitRepoTest {};

constexpr char kGood[] = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n";
constexpr char kBroken[] = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n   x: y\n";

TEST_F(E2eTest, CleanRepositoryExitsZero) {
  Write("apps/ns.yaml", kGood);
  CommitAll("base");
  Outcome r = Fluxlint("check");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("No problems found in 1 file"), std::string::npos) << r.out;
  r = Fluxlint("check --staged");
  EXPECT_EQ(r.status, 0) << r.out;
  r = Fluxlint("check --rev HEAD");
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST_F(E2eTest, StagedBrokenYamlExitsOneWithPositionAndCodeFrame) {
  Write("apps/ns.yaml", kGood);
  CommitAll("base");
  Write("apps/ns.yaml", kBroken);
  Git("add apps/ns.yaml");
  Write("apps/ns.yaml", kGood);  // the work tree is fine again; only the index is broken
  Outcome staged = Fluxlint("check --staged");
  EXPECT_EQ(staged.status, 1) << staged.out;
  EXPECT_NE(staged.out.find("apps/ns.yaml:5:5: error[yaml-syntax-error]"), std::string::npos)
      << staged.out;
  EXPECT_NE(staged.out.find("5 |    x: y"), std::string::npos) << staged.out;  // code frame
  EXPECT_NE(staged.out.find("^"), std::string::npos) << staged.out;
  Outcome worktree = Fluxlint("check");
  EXPECT_EQ(worktree.status, 0) << worktree.out;
}

TEST_F(E2eTest, WorkTreeAndRevision) {
  Write("apps/ns.yaml", kBroken);
  CommitAll("broken");
  Write("apps/ns.yaml", kGood);
  CommitAll("fixed");
  Outcome head = Fluxlint("check --rev HEAD");
  EXPECT_EQ(head.status, 0) << head.out;
  Outcome previous = Fluxlint("check --rev HEAD~1");
  EXPECT_EQ(previous.status, 1) << previous.out;
  EXPECT_NE(previous.out.find("apps/ns.yaml:5:5: error[yaml-syntax-error]"), std::string::npos)
      << previous.out;
  Write("apps/ns.yaml", kBroken);
  Outcome worktree = Fluxlint("check apps");
  EXPECT_EQ(worktree.status, 1) << worktree.out;
  Outcome unknown = Fluxlint("check --rev no-such-branch");
  EXPECT_EQ(unknown.status, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("no-such-branch"), std::string::npos) << unknown.out;
}

TEST_F(E2eTest, PathArgumentsAreRelativeToTheCurrentDirectory) {
  Write("apps/ns.yaml", kBroken);
  Write("infra/ns.yaml", kGood);
  CommitAll("base");
  Outcome infra = Fluxlint("check infra");
  EXPECT_EQ(infra.status, 0) << infra.out;
  Outcome sub = testing_util::RunShell("cd " + ShellQuote(dir_ + "/apps") + " && NO_COLOR=1 " +
                                       ShellQuote(FLUXLINT_BINARY) + " check .");
  EXPECT_EQ(sub.status, 1) << sub.out;
  EXPECT_NE(sub.out.find("apps/ns.yaml:5:5"), std::string::npos) << sub.out;
  Outcome missing = Fluxlint("check nowhere");
  EXPECT_EQ(missing.status, 2) << missing.out;
  Outcome outside = Fluxlint("check /");
  EXPECT_EQ(outside.status, 2) << outside.out;
}

TEST_F(E2eTest, OutsideAGitRepositoryLintsFilesWithANote) {
  fs::remove_all(fs::path(dir_) / ".git");
  Write("ns.yaml", kBroken);
  Outcome r = Fluxlint("check");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("not a git repository"), std::string::npos) << r.out;
  Outcome staged = Fluxlint("check --staged");
  EXPECT_EQ(staged.status, 2) << staged.out;
}

TEST_F(E2eTest, NoCommitsYetMeansNoBaseWithANote) {
  Write("ns.yaml", kGood);
  Git("add -A");
  Outcome r = Fluxlint("check --staged");
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST_F(E2eTest, FailOnSelectIgnoreAndSeverity) {
  Write("d.yaml", "a: 1\na: 2\n");
  CommitAll("base");
  EXPECT_EQ(Fluxlint("check").status, 1);
  EXPECT_EQ(Fluxlint("check --fail-on never").status, 0);
  EXPECT_EQ(Fluxlint("check --ignore 'yaml-dup*'").status, 0);
  EXPECT_EQ(Fluxlint("check --select yaml-syntax-error").status, 0);
  Outcome bad_select = Fluxlint("check --select yaml-syntax-eror");
  EXPECT_EQ(bad_select.status, 2);
  EXPECT_NE(bad_select.out.find("did you mean 'yaml-syntax-error'"), std::string::npos)
      << bad_select.out;
  Write(".fluxlint.yaml", "rules:\n  severity:\n    yaml-duplicate-key: warning\n");
  Outcome warn = Fluxlint("check");
  EXPECT_EQ(warn.status, 0) << warn.out;
  EXPECT_NE(warn.out.find("warning[yaml-duplicate-key]"), std::string::npos) << warn.out;
  EXPECT_EQ(Fluxlint("check --fail-on warning").status, 1);
  Outcome shown = Fluxlint("check --show-config");
  EXPECT_EQ(shown.status, 0) << shown.out;
  EXPECT_NE(shown.out.find("yaml-duplicate-key: warning"), std::string::npos) << shown.out;
}

TEST_F(E2eTest, ConfigErrorsExitTwoWithPositionAndSuggestion) {
  Write("ns.yaml", kGood);
  Write(".fluxlint.yaml", "rules:\n  selct: ['*']\n");
  Outcome r = Fluxlint("check");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find(".fluxlint.yaml:2:3: error[config] unknown key 'selct'"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("did you mean 'select'?"), std::string::npos) << r.out;
}

TEST_F(E2eTest, ColourFollowsFlagsAndNoColor) {
  Write("d.yaml", "a: 1\na: 2\n");
  Outcome plain = Fluxlint("check --color always", "NO_COLOR=");
  EXPECT_NE(plain.out.find("\x1b["), std::string::npos);
  Outcome never = Fluxlint("check --color never", "NO_COLOR=");
  EXPECT_EQ(never.out.find("\x1b["), std::string::npos);
  Outcome no_color = Fluxlint("check", "NO_COLOR=1");  // not a terminal either
  EXPECT_EQ(no_color.out.find("\x1b["), std::string::npos);
}

TEST_F(E2eTest, EveryFormatWritesToOutputFile) {
  Write("d.yaml", "a: 1\na: 2\n");
  CommitAll("base");
  for (const char* format : {"json", "sarif", "github", "markdown", "text"}) {
    std::string out = dir_ + "/out." + format;
    Outcome r = Fluxlint(std::string("check --format ") + format + " -o " + ShellQuote(out));
    EXPECT_EQ(r.status, 1) << format << ": " << r.out;
    std::ifstream in(out);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_NE(ss.str().find("yaml-duplicate-key"), std::string::npos) << format << ": " << ss.str();
    if (std::string(format) == "sarif") {
      if (const char* keep = std::getenv("FLUXLINT_SARIF_DIR")) {
        fs::create_directories(keep);
        fs::copy_file(out, fs::path(keep) / "e2e-duplicate-key.sarif",
                      fs::copy_options::overwrite_existing);
      }
    }
  }
  EXPECT_EQ(Fluxlint("check --format xml").status, 2);
}

TEST_F(E2eTest, RuleDocsAndRuleList) {
  Outcome rules = Fluxlint("rules");
  EXPECT_EQ(rules.status, 0);
  EXPECT_NE(rules.out.find("yaml-duplicate-key"), std::string::npos) << rules.out;
  Outcome doc = Fluxlint("rule yaml-duplicate-key");
  EXPECT_EQ(doc.status, 0);
  EXPECT_NE(doc.out.find("## What it does"), std::string::npos) << doc.out;
  {
    std::ifstream page(std::string(FLUXLINT_SOURCE_DIR) + "/docs/rules/yaml-duplicate-key.md");
    std::stringstream ss;
    ss << page.rdbuf();
    std::string text = ss.str();
    ASSERT_NE(text.find('\n'), std::string::npos);
    EXPECT_EQ(doc.out, text.substr(text.find('\n') + 1)) << "`fluxlint rule` and docs/rules differ";
  }
  Outcome unknown = Fluxlint("rule yaml-duplicate-keys");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.out.find("did you mean 'yaml-duplicate-key'?"), std::string::npos)
      << unknown.out;
  Outcome version = Fluxlint("version");
  EXPECT_EQ(version.status, 0);
  EXPECT_NE(version.out.find("fluxlint "), std::string::npos);
  EXPECT_EQ(Fluxlint("frobnicate").status, 2);
}

TEST_F(E2eTest, BuildPrintsTheRenderedStreamAndGraphDrawsTheFleet) {
  Write("apps/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: web\n"
        "resources:\n  - cm.yaml\n");
  Write("apps/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
        "data:\n  greeting: hello ${NAME}\n");
  Write("clusters/prod/sync.yaml",
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n"
        "  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n"
        "  url: https://example.com/repo\n---\n"
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n"
        "  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 10m\n"
        "  path: ./clusters/prod\n  prune: true\n  sourceRef:\n    kind: GitRepository\n"
        "    name: flux-system\n---\n"
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n"
        "  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n"
        "  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n"
        "  postBuild:\n    substitute:\n      NAME: world\n");
  CommitAll("fleet");
  Outcome build = Fluxlint("build apps");
  EXPECT_EQ(build.status, 0) << build.out;
  EXPECT_NE(build.out.find("  namespace: web\n"), std::string::npos) << build.out;
  EXPECT_NE(build.out.find("greeting: hello ${NAME}"), std::string::npos) << build.out;
  Outcome flux = Fluxlint("build --flux flux-system/apps");
  EXPECT_EQ(flux.status, 0) << flux.out;
  EXPECT_NE(flux.out.find("greeting: hello world"), std::string::npos) << flux.out;
  EXPECT_EQ(Fluxlint("build --flux flux-system/missing").status, 2);
  EXPECT_EQ(Fluxlint("build nowhere").status, 2);
  Outcome graph = Fluxlint("graph --format mermaid");
  EXPECT_EQ(graph.status, 0) << graph.out;
  EXPECT_NE(graph.out.find("flux-system/apps"), std::string::npos) << graph.out;
  Outcome overlays = Fluxlint("graph --of overlays --format json");
  EXPECT_EQ(overlays.status, 0) << overlays.out;
  EXPECT_NE(overlays.out.find("\"apps\""), std::string::npos) << overlays.out;
  Outcome dot = Fluxlint("graph");
  EXPECT_NE(dot.out.find("digraph"), std::string::npos) << dot.out;
}

TEST_F(E2eTest, BuildReportsAMissingResourceWithItsPosition) {
  Write("app/kustomization.yaml", "resources:\n  - deployment.yaml\n  - missing.yaml\n");
  Write("app/deployment.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
  Outcome r = Fluxlint("build app");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("app/kustomization.yaml:3:5: error[kustomize-build-error]"),
            std::string::npos)
      << r.out;
}

// Hostile input: each case gives a diagnostic, fast, and never a crash (exit 1, not a signal).
class HostileTest : public E2eTest {
 protected:
  void ExpectDiagnostic(const std::string& rule, const std::string& path) {
    CommitAll("hostile");
    for (const char* mode : {"check", "check --staged", "check --rev HEAD"}) {
      Outcome r = Fluxlint(mode);
      EXPECT_EQ(r.status, 1) << mode << ": " << r.out;
      EXPECT_NE(r.out.find(path + ":"), std::string::npos) << mode << ": " << r.out;
      EXPECT_NE(r.out.find("[" + rule + "]"), std::string::npos) << mode << ": " << r.out;
      EXPECT_LT(r.seconds, 1.0) << mode;
    }
  }
};

TEST_F(HostileTest, AliasBomb) {
  std::string bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += (i ? ",*" : "*") + prev;
    bomb += "]\n";
  }
  Write("bomb.yaml", bomb);
  ExpectDiagnostic("yaml-syntax-error", "bomb.yaml");
}

TEST_F(HostileTest, DeepNesting) {
  Write("deep.yaml", std::string(100000, '[') + std::string(100000, ']') + "\n");
  std::string block;
  for (int i = 0; i < 100000; ++i) block += "- ";
  Write("deep-block.yaml", block + "x\n");
  ExpectDiagnostic("yaml-syntax-error", "deep.yaml");
  EXPECT_NE(Fluxlint("check").out.find("deep-block.yaml:"), std::string::npos);
}

TEST_F(HostileTest, FiftyMegabyteLine) {
  Write("huge.yaml", "key: " + std::string(50u << 20, 'x') + "\n");
  ExpectDiagnostic("yaml-unreadable-file", "huge.yaml");  // over the 32 MiB file limit
}

TEST_F(HostileTest, InvalidUtf8) {
  Write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n");
  ExpectDiagnostic("yaml-syntax-error", "bad.yaml");
}

TEST_F(HostileTest, BinaryFileNamedYaml) {
  std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  Write("image.yaml", binary);
  ExpectDiagnostic("yaml-syntax-error", "image.yaml");
}

TEST_F(HostileTest, SymlinkOutsideTheRepository) {
  fs::create_symlink("/etc/passwd", fs::path(dir_) / "passwd.yaml");
  ExpectDiagnostic("yaml-unreadable-file", "passwd.yaml");
}

TEST_F(HostileTest, SymlinkLoop) {
  fs::create_symlink("b.yaml", fs::path(dir_) / "a.yaml");
  fs::create_symlink("a.yaml", fs::path(dir_) / "b.yaml");
  ExpectDiagnostic("yaml-unreadable-file", "a.yaml");
}

}  // namespace
}  // namespace fluxlint
