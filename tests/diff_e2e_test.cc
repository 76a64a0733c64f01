// End-to-end tests of the revision diff: real git repositories in a temporary folder and the
// built `fluxlint` binary, as a pre-commit hook runs it (`fluxlint check --staged`).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "model/model_test_util.h"
#include "tests/git_repo_test_util.h"

namespace fluxlint {
namespace {

namespace fs = std::filesystem;

using Outcome = testing_util::ShellOutcome;
using testing_util::ReadFile;
using testing_util::ShellQuote;

/// The 1-based line of the first occurrence of `needle` in `text` (0 when absent).
int LineOf(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

class DiffRepo : public testing_util::GitRepoTest {};

constexpr char kApps[] = R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/production
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
)";

constexpr char kDeployment[] = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
spec:
  replicas: 2
  selector:
    matchLabels:
      app: podinfo
  template:
    metadata:
      labels:
        app: podinfo
    spec:
      containers:
        - name: podinfo
          image: ghcr.io/stefanprodan/podinfo:6.5.0
)";

constexpr char kStatefulSet[] = R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: redis
spec:
  serviceName: redis
  selector:
    matchLabels:
      app: redis
  template:
    metadata:
      labels:
        app: redis
    spec:
      containers:
        - name: redis
          image: redis:7.2
)";

constexpr char kOverlay[] = R"(apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: apps
resources:
  - ../base
)";

// The done-when scenario of the revision diff: an overlay adds a commonLabels key to an
// existing app; the pre-commit check fails at that line, once per workload it breaks.
TEST_F(DiffRepo, CommonLabelsOnAnExistingAppFailsAtTheOverlayLine) {
  Write("clusters/production/flux-system/gotk-sync.yaml",
        model::testing::BootstrapSyncYaml("clusters/production"));
  Write("clusters/production/flux-system/kustomization.yaml",
        model::testing::kBootstrapKustomizationYaml);
  Write("clusters/production/apps.yaml", kApps);
  Write("apps/base/deployment.yaml", kDeployment);
  Write("apps/base/statefulset.yaml", kStatefulSet);
  Write("apps/base/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
        "  - deployment.yaml\n  - statefulset.yaml\n");
  Write("apps/production/kustomization.yaml", kOverlay);
  CommitAll("podinfo and redis");

  Outcome clean = Fluxlint("check --staged");
  EXPECT_EQ(clean.status, 0) << clean.out;

  std::string overlay = std::string(kOverlay) + "commonLabels:\n  team: platform\n";
  Write("apps/production/kustomization.yaml", overlay);
  Git("add apps/production/kustomization.yaml");
  int line = LineOf(overlay, "team: platform");
  ASSERT_GT(line, 0);
  std::string where = "apps/production/kustomization.yaml:" + std::to_string(line) + ":";

  Outcome text = Fluxlint("check --staged");
  EXPECT_EQ(text.status, 1) << text.out;
  for (const char* workload : {"Deployment apps/podinfo", "StatefulSet apps/redis"}) {
    bool found = false;
    std::istringstream lines(text.out);
    for (std::string l; std::getline(lines, l);) {
      if (l.starts_with(where) && l.find("error[diff-selector-drift]") != std::string::npos &&
          l.find(workload) != std::string::npos) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << "no diff-selector-drift at " << where << " naming " << workload << "\n"
                       << text.out;
  }

  std::string sarif_path = dir_ + "/fluxlint.sarif";
  Outcome sarif = Fluxlint("check --staged --format sarif -o " + ShellQuote(sarif_path));
  EXPECT_EQ(sarif.status, 1) << sarif.out;
  if (const char* keep = std::getenv("FLUXLINT_SARIF_DIR")) {
    fs::create_directories(keep);
    fs::copy_file(sarif_path, fs::path(keep) / "diff-selector-drift-commonlabels.sarif",
                  fs::copy_options::overwrite_existing);
  }
  nlohmann::json log = nlohmann::json::parse(ReadFile(sarif_path), nullptr, false);
  ASSERT_FALSE(log.is_discarded());
  std::vector<std::string> named;
  for (const nlohmann::json& r : log["runs"][0]["results"]) {
    if (r.value("ruleId", "") != "diff-selector-drift") continue;
    const nlohmann::json& loc = r["locations"][0]["physicalLocation"];
    EXPECT_EQ(loc["artifactLocation"].value("uri", ""), "apps/production/kustomization.yaml");
    EXPECT_EQ(loc["region"].value("startLine", 0), line);
    EXPECT_EQ(r.value("level", ""), "error");
    EXPECT_FALSE(r["relatedLocations"].empty());
    named.push_back(r["message"].value("text", ""));
  }
  ASSERT_EQ(named.size(), 2u) << log.dump(2);
  std::sort(named.begin(), named.end());
  EXPECT_NE(named[0].find("Deployment apps/podinfo"), std::string::npos) << named[0];
  EXPECT_NE(named[1].find("StatefulSet apps/redis"), std::string::npos) << named[1];

  // The same change with `labels:` and includeSelectors: false is fine.
  Write("apps/production/kustomization.yaml", std::string(kOverlay) +
                                                  "labels:\n  - pairs:\n      team: platform\n"
                                                  "    includeSelectors: false\n");
  Git("add apps/production/kustomization.yaml");
  Outcome labels = Fluxlint("check --staged");
  EXPECT_EQ(labels.status, 0) << labels.out;
}

// --- A small history on each real repository of the corpus: safe edits give no finding. ---

fs::path CorpusRoot() { return fs::path(FLUXLINT_SOURCE_DIR) / ".." / "shared" / "corpus"; }

std::vector<std::string> CorpusRepos() {
  std::vector<std::string> out;
  if (!fs::exists(CorpusRoot())) return out;
  for (const auto& e : fs::directory_iterator(CorpusRoot())) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class CorpusHistory : public DiffRepo, public testing::WithParamInterface<std::string> {};
// Without ../shared/corpus beside the checkout there is nothing to instantiate.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CorpusHistory);

/// Replaces the first `from` in `text`; false when absent.
bool ReplaceFirst(std::string* text, const std::string& from, const std::string& to) {
  size_t at = text->find(from);
  if (at == std::string::npos) return false;
  text->replace(at, from.size(), to);
  return true;
}

constexpr char kDemoApp[] = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: fluxlint-demo
spec:
  replicas: 1
  selector:
    matchLabels:
      app: fluxlint-demo
  template:
    metadata:
      labels:
        app: fluxlint-demo
    spec:
      containers:
        - name: demo
          image: ghcr.io/example/demo:1.0.0
---
apiVersion: v1
kind: Service
metadata:
  name: fluxlint-demo
spec:
  selector:
    app: fluxlint-demo
  ports:
    - port: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: fluxlint-demo
data:
  LOG_LEVEL: info
)";

TEST_P(CorpusHistory, SafeEditsGiveNoDiffFinding) {
  fs::path src = CorpusRoot() / GetParam();
  fs::copy(src, dir_, fs::copy_options::recursive);
  for (const auto& e : fs::recursive_directory_iterator(dir_)) {  // the corpus is read-only
    fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
  }
  CommitAll("import " + GetParam());

  // The kustomization that receives the new app: the first one, outside flux-system, with a
  // resources list.
  std::vector<std::string> candidates;
  for (const auto& e : fs::recursive_directory_iterator(dir_)) {
    std::string rel = fs::relative(e.path(), dir_).generic_string();
    if (e.path().filename() != "kustomization.yaml" ||
        rel.find("flux-system") != std::string::npos || rel.starts_with(".git/")) {
      continue;
    }
    if (ReadFile(e.path()).find("\nresources:\n") != std::string::npos) candidates.push_back(rel);
  }
  std::sort(candidates.begin(), candidates.end());
  ASSERT_FALSE(candidates.empty());
  std::string kus_path = candidates[0];
  std::string app_dir = fs::path(kus_path).parent_path().generic_string();
  std::string app_path = app_dir + "/fluxlint-demo.yaml";

  auto step = [&](const std::string& what) {
    Git("add -A");
    Outcome r = Fluxlint("check --staged --select 'diff-*' --fail-on note");
    EXPECT_EQ(r.status, 0) << GetParam() << ", " << what << ":\n" << r.out;
    EXPECT_EQ(r.out.find("diff-"), std::string::npos) << r.out;
    CommitAll(what);
  };

  // 1. Add a new app.
  std::string kus = Read(kus_path);
  ASSERT_TRUE(ReplaceFirst(&kus, "\nresources:\n", "\nresources:\n  - fluxlint-demo.yaml\n"));
  Write(kus_path, kus);
  Write(app_path, kDemoApp);
  step("add a new app");

  // 2. Bump an image tag (and a chart version when the repository has a HelmRelease).
  std::string app = kDemoApp;
  ASSERT_TRUE(ReplaceFirst(&app, "demo:1.0.0", "demo:1.1.0"));
  Write(app_path, app);
  for (const auto& e : fs::recursive_directory_iterator(dir_)) {
    if (e.path().extension() != ".yaml" || e.path().string().find("/.git/") != std::string::npos) {
      continue;
    }
    std::string text = ReadFile(e.path());
    if (text.find("kind: HelmRelease") == std::string::npos) continue;
    size_t chart = text.find("      version: ");
    if (chart == std::string::npos) continue;
    size_t eol = text.find('\n', chart);
    text.replace(chart, eol - chart, "      version: \">=99.0.0\"");
    std::ofstream(e.path(), std::ios::binary) << text;
    break;
  }
  step("bump an image tag");

  // 3. Change replicas.
  ASSERT_TRUE(ReplaceFirst(&app, "replicas: 1", "replicas: 3"));
  Write(app_path, app);
  step("change replicas");

  // 4. Add a ConfigMap key.
  ASSERT_TRUE(ReplaceFirst(&app, "LOG_LEVEL: info", "LOG_LEVEL: info\n  LOG_FORMAT: json"));
  Write(app_path, app);
  step("add a ConfigMap key");

  // The control: the same history step with a selector change is caught, so the diff did run
  // on this repository's layout.
  ASSERT_TRUE(ReplaceFirst(&app, "      app: fluxlint-demo\n  template",
                           "      app: fluxlint-demo\n      tier: web\n  template"));
  ASSERT_TRUE(ReplaceFirst(&app, "        app: fluxlint-demo\n    spec",
                           "        app: fluxlint-demo\n        tier: web\n    spec"));
  Write(app_path, app);
  Git("add -A");
  Outcome control = Fluxlint("check --staged --select 'diff-*'");
  EXPECT_EQ(control.status, 1) << GetParam() << ":\n" << control.out;
  EXPECT_NE(control.out.find("error[diff-selector-drift]"), std::string::npos) << control.out;
}

INSTANTIATE_TEST_SUITE_P(DiffCorpus, CorpusHistory, testing::ValuesIn(CorpusRepos()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace fluxlint
