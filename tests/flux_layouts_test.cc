// Whole-repository tests of the Flux graph and its rules: the layouts under examples/layouts/,
// the real Flux repositories of ../shared/corpus, and one repository with four kinds of
// findings checked at exact positions in text and SARIF.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/check.h"
#include "config/config.h"
#include "model/model_test_util.h"
#include "model/snapshot.h"
#include "output/emitters.h"
#include "rules/registry.h"
#include "source/memory_tree.h"
#include "source/repository.h"
#include "yaml/loader.h"

namespace fluxlint {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Copies a directory on disk into a MemoryTree.
void LoadTree(const fs::path& dir, source::MemoryTree* tree) {
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    std::string rel = it->path().lexically_relative(dir).generic_string();
    if (it->is_directory()) {
      tree->AddDirectory(rel);
    } else if (it->is_regular_file()) {
      tree->AddFile(rel, ReadFile(it->path()));
    }
  }
}

/// "path:line:col rule" for every finding at or above `min`.
std::vector<std::string> Findings(const output::Report& report, Severity min = Severity::kNote) {
  std::vector<std::string> out;
  for (const Diagnostic& d : report.diagnostics) {
    if (d.severity < min) continue;
    out.push_back(std::string(d.span.path()) + ":" + std::to_string(d.span.begin.line) + ":" +
                  std::to_string(d.span.begin.column) + " " + d.rule_id);
  }
  return out;
}

config::Config ParseConfigText(SourceStore& store, const std::string& text) {
  const SourceFile* file = store.Add(".fluxlint.yaml", text, "", "test");
  yaml::LoadedFile loaded = yaml::Load(*file);
  std::vector<std::string> known;
  for (const rules::Rule& r : rules::AllRules()) known.emplace_back(r.info.id);
  std::vector<Diagnostic> errors;
  config::Config config = config::ParseConfig(loaded, known, &errors);
  EXPECT_TRUE(errors.empty()) << text;
  return config;
}

class LayoutTest : public ::testing::Test {
 protected:
  void LoadLayout(const std::string& name) {
    fs::path dir = fs::path(FLUXLINT_SOURCE_DIR) / "examples" / "layouts" / name;
    ASSERT_TRUE(fs::exists(dir)) << dir;
    LoadTree(dir, &tree_);
  }

  output::Report Check() {
    cli::CheckInput input;
    input.head = &tree_;
    input.config = config_;
    input.jobs = 2;
    return cli::RunCheck(input, cache_);
  }

  model::Snapshot Snapshot() {
    model::SnapshotOptions options;
    options.build_graph = true;
    options.config = &config_;
    return model::LoadSnapshot(tree_, options, cache_);
  }

  static const model::FluxKustomization* Find(const model::Snapshot& s, std::string_view name) {
    for (const model::FluxKustomization& k : s.flux().kustomizations) {
      if (k.ref.ns == "flux-system" && k.ref.name == name) return &k;
    }
    return nullptr;
  }

  source::MemoryTree tree_{"work tree"};
  SourceStore store_;
  yaml::ParseCache cache_{store_};
  config::Config config_;
};

TEST_F(LayoutTest, BootstrapWithSopsIsCleanAndFullyRendered) {
  LoadLayout("bootstrap-sops");
  output::Report report = Check();
  EXPECT_EQ(Findings(report), std::vector<std::string>{}) << output::EmitText(report, {});

  model::Snapshot s = Snapshot();
  ASSERT_EQ(s.flux().clusters.size(), 1u);
  EXPECT_EQ(s.flux().clusters[0].name, "clusters/production");
  const model::FluxKustomization* root = Find(s, "flux-system");
  const model::FluxKustomization* infra = Find(s, "infrastructure");
  const model::FluxKustomization* db = Find(s, "databases");
  const model::FluxKustomization* apps = Find(s, "apps");
  ASSERT_TRUE(root && infra && db && apps);
  EXPECT_EQ(root->source_status, model::SourceStatus::kThisRepository);
  for (const auto* k : {infra, db, apps}) {
    EXPECT_GE(k->parent, 0) << k->ref.ToString();
    ASSERT_NE(k->render, nullptr) << k->ref.ToString();
    EXPECT_TRUE(k->render->build_issues.empty()) << k->ref.ToString();
  }
  EXPECT_EQ(infra->render->objects.size(), 3u);
  EXPECT_EQ(db->render->objects.size(), 4u);
  EXPECT_TRUE(db->spec.decryption.has_value());
  EXPECT_EQ(apps->dir, "apps/production");
  EXPECT_TRUE(apps->substitution_runs);
  ASSERT_EQ(s.flux().helm_releases.size(), 1u);
  EXPECT_EQ(s.flux().helm_releases[0].ref.ToString(), "cert-manager/cert-manager");
  EXPECT_EQ(s.flux().helm_releases[0].owner, infra - s.flux().kustomizations.data());
  // The substituted message keeps the span of its ${…} scalar.
  const yaml::Node* env = apps->render->objects.back().Find({"spec", "template", "spec"});
  ASSERT_NE(env, nullptr);
  const yaml::Node& value =
      env->Get("containers")->children[0].Get("env")->children[0].Get("value")[0];
  EXPECT_EQ(value.value, "Hello from production at example.com");
  EXPECT_EQ(value.span.path(), "apps/base/deployment.yaml");
  EXPECT_EQ(value.span.begin.line, 19u);
}

TEST_F(LayoutTest, KeepAliveReceivesBothSnapshotsAndChangesNothing) {
  LoadLayout("bootstrap-sops");
  cli::CheckInput input;
  input.head = &tree_;
  input.base = &tree_;
  input.config = config_;
  std::string plain = output::EmitJson(cli::RunCheck(input, cache_));
  std::vector<std::shared_ptr<const void>> kept;
  input.keep_alive = &kept;
  EXPECT_EQ(output::EmitJson(cli::RunCheck(input, cache_)), plain);
  EXPECT_EQ(kept.size(), 2u);  // head and base
  input.base = nullptr;
  kept.clear();
  cli::RunCheck(input, cache_);
  EXPECT_EQ(kept.size(), 1u);
}

TEST_F(LayoutTest, BootstrapWithSopsFindsWhatBreaksIt) {
  LoadLayout("bootstrap-sops");
  // Drop the decryption, make the chain a cycle, misname a health check.
  std::string db = ReadFile(fs::path(FLUXLINT_SOURCE_DIR) /
                            "examples/layouts/bootstrap-sops/clusters/production/databases.yaml");
  db = db.substr(0, db.find("  decryption:")) + "  healthChecks:\n    - kind: StatefulSet\n" +
       "      name: postgress\n      namespace: databases\n";
  tree_.AddFile("clusters/production/databases.yaml", db);
  std::string infra = ReadFile(fs::path(FLUXLINT_SOURCE_DIR) /
                               "examples/layouts/bootstrap-sops/clusters/production/"
                               "infrastructure.yaml");
  infra += "  dependsOn:\n    - name: apps\n";
  tree_.AddFile("clusters/production/infrastructure.yaml", infra);
  output::Report report = Check();
  EXPECT_EQ(
      Findings(report),
      (std::vector<std::string>{"clusters/production/databases.yaml:18:13 flux-healthcheck-missing",
                                "clusters/production/infrastructure.yaml:21:7 flux-dependson-cycle",
                                "databases/credentials.yaml:9:1 flux-sops-no-decryption"}))
      << output::EmitText(report, {});
}

TEST_F(LayoutTest, EnvironmentPathSubstitutedByTheParentIsCleanAndRendered) {
  LoadLayout("environments");
  output::Report report = Check();
  EXPECT_EQ(Findings(report), std::vector<std::string>{}) << output::EmitText(report, {});

  model::Snapshot s = Snapshot();
  const model::FluxKustomization* root = Find(s, "flux-system");
  const model::FluxKustomization* infra = Find(s, "infrastructure");
  ASSERT_TRUE(root && infra);
  // flux-system as it applies itself: the kustomization.yaml patch added decryption/postBuild.
  EXPECT_TRUE(root->spec.decryption.has_value());
  EXPECT_TRUE(root->substitution_runs);
  ASSERT_EQ(root->substitute_from.size(), 2u);
  EXPECT_EQ(root->substitute_from[0].found, model::SubstituteFromStatus::kRendered);
  EXPECT_EQ(root->substitute_from[1].found, model::SubstituteFromStatus::kRendered);
  // The child's path and health checks were substituted by the parent.
  EXPECT_EQ(infra->spec.path.value, "./environments/dev/infrastructure");
  EXPECT_EQ(infra->dir, "environments/dev/infrastructure");
  ASSERT_EQ(infra->spec.health_checks.size(), 2u);
  EXPECT_EQ(infra->spec.health_checks[0].name.value, "rg-dev");
  EXPECT_EQ(infra->spec.health_checks[1].name.value, "pg-dev-westeurope");
  // Its own variables: inline, ConfigMap and Secret (the SOPS value is unknown, the key is not).
  EXPECT_EQ(infra->variables.at("owner_team").value, "platform");
  EXPECT_EQ(infra->variables.at("REGION").value, "westeurope");
  EXPECT_EQ(infra->variables.count("SUBSCRIPTION_ID"), 1u);
  ASSERT_NE(infra->render, nullptr);
  std::set<std::string> names;
  for (const yaml::Node& o : infra->render->objects) {
    names.insert(std::string(o.GetString("kind")) + "/" +
                 std::string(o.Find({"metadata", "name"})->value));
  }
  EXPECT_EQ(names, (std::set<std::string>{"Namespace/azure-dev", "ResourceGroup/rg-dev",
                                          "FlexibleServer/pg-dev-westeurope"}));
}

TEST_F(LayoutTest, EnvironmentLayoutFindsWhatBreaksIt) {
  LoadLayout("environments");
  // An environment without a folder, and a health check that the parent cannot substitute.
  tree_.AddFile("clusters/dev/cluster-vars.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-vars
  namespace: flux-system
data:
  ENVIRONMENT: qa
  REGION: westeurope
)");
  output::Report report = Check();
  EXPECT_EQ(Findings(report),
            (std::vector<std::string>{"clusters/dev/infrastructure.yaml:9:9 flux-path-missing"}))
      << output::EmitText(report, {});
  ASSERT_EQ(report.diagnostics.size(), 1u);
  EXPECT_EQ(report.diagnostics[0].message,
            "path './environments/qa/infrastructure' of Kustomization flux-system/infrastructure "
            "not found in source GitRepository/flux-system/flux-system (source root '.', looked "
            "for 'environments/qa/infrastructure')");
}

// --- the corpus ---------------------------------------------------------------------------

struct CorpusCase {
  std::string repo;
  /// The Flux version the repository is written for: two of them still use API versions that
  /// Flux 2.8 removed (helm.toolkit.fluxcd.io/v2beta2, source.toolkit.fluxcd.io/v1beta2).
  std::string flux_version;
  /// Errors at Flux 2.9 (the default): exactly those removals.
  std::vector<std::string> errors_at_latest;
};

class CorpusTest : public ::testing::TestWithParam<CorpusCase> {
 protected:
  // The corpus sits beside the checkout (../shared/corpus), as in CI; a checkout without it
  // skips these tests with a message rather than failing.
  void SetUp() override {
    fs::path dir = fs::path(FLUXLINT_SOURCE_DIR) / ".." / "shared" / "corpus" / GetParam().repo;
    if (!fs::exists(dir))
      GTEST_SKIP() << dir << " is missing (../shared/corpus beside the checkout)";
  }
  output::Report Run(const std::string& config_text) {
    fs::path dir = fs::path(FLUXLINT_SOURCE_DIR) / ".." / "shared" / "corpus" / GetParam().repo;
    if (!fs::exists(dir)) {
      ADD_FAILURE() << dir << " is missing";
      return {};
    }
    tree_ = source::OpenDirectoryTree(fs::canonical(dir).string());
    cli::CheckInput input;
    input.head = tree_.get();
    input.config = ParseConfigText(store_, config_text);
    input.jobs = 2;
    return cli::RunCheck(input, cache_);
  }

  std::unique_ptr<source::Tree> tree_;
  SourceStore store_;
  yaml::ParseCache cache_{store_};
};

constexpr char kMapFluxSystem[] =
    "sources:\n  - kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n"
    "    path: .\n";

TEST_P(CorpusTest, NoErrorsAsIs) {
  output::Report report = Run("fluxVersion: \"" + GetParam().flux_version + "\"\n");
  EXPECT_EQ(Findings(report, Severity::kError), std::vector<std::string>{})
      << output::EmitText(report, {});
  EXPECT_GT(report.files_checked, 10u);
}

TEST_P(CorpusTest, NoErrorsWithFluxSystemMappedToTheRoot) {
  // gotk-sync.yaml is a placeholder in these repositories (bootstrap writes it), so the
  // flux-system source has to be mapped for fluxlint to render everything.
  output::Report report =
      Run("fluxVersion: \"" + GetParam().flux_version + "\"\n" + std::string(kMapFluxSystem));
  EXPECT_EQ(Findings(report, Severity::kError), std::vector<std::string>{})
      << output::EmitText(report, {});
  EXPECT_EQ(Findings(report, Severity::kWarning), std::vector<std::string>{})
      << output::EmitText(report, {});
}

TEST_P(CorpusTest, AtTheLatestFluxOnlyTheRemovedApiVersionsAreErrors) {
  output::Report report = Run(kMapFluxSystem);
  std::vector<std::string> errors;
  for (const Diagnostic& d : report.diagnostics) {
    if (d.severity == Severity::kError) {
      errors.push_back(std::string(d.span.path()) + ":" + std::to_string(d.span.begin.line) + " " +
                       d.rule_id);
    }
  }
  EXPECT_EQ(errors, GetParam().errors_at_latest) << output::EmitText(report, {});
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, CorpusTest,
    testing::Values(CorpusCase{"flux2-kustomize-helm-example", "2.9", {}},
                    CorpusCase{"flux2-monitoring-example", "2.9", {}},
                    CorpusCase{"flux2-multi-tenancy",
                               "2.7",
                               {"infrastructure/kyverno/source.yaml:1 flux-api-removed"}},
                    CorpusCase{
                        "flux2-hub-spoke-example",
                        "2.7",
                        {"deploy/apps/podinfo.yaml:2 flux-api-removed",
                         "deploy/apps/podinfo.yaml:11 flux-api-removed",
                         "deploy/infra-controllers/cert-manager.yaml:2 flux-api-removed",
                         "deploy/infra-controllers/cert-manager.yaml:10 flux-api-removed",
                         "deploy/infra-controllers/ingress-nginx.yaml:2 flux-api-removed",
                         "deploy/infra-controllers/ingress-nginx.yaml:10 flux-api-removed"}}),
    [](const testing::TestParamInfo<CorpusCase>& info) {
      std::string name = info.param.repo;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

// --- four findings, exact positions in text and SARIF ----------------------------------------

TEST(FourFindingsTest, CycleMissingDependencyUndefinedVariableAndBadSyntax) {
  source::MemoryTree tree("index");
  model::testing::AddBootstrapFiles(tree, "clusters/prod");
  tree.AddFile("clusters/prod/stack.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: infra
  namespace: flux-system
spec:
  interval: 10m
  path: ./infra
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  dependsOn:
    - name: apps
    - name: monitoring
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  dependsOn:
    - name: infra
  postBuild:
    substitute:
      domain: example.com
)");
  tree.AddFile("infra/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: infra\n");
  tree.AddFile("apps/config.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  namespace: apps
data:
  url: https://${domain}/${path_prefix}
  header: X-${a-b}
)");
  SourceStore store;
  yaml::ParseCache cache(store);
  cli::CheckInput input;
  input.head = &tree;
  output::Report report = cli::RunCheck(input, cache);

  std::string text = output::EmitText(report, {});
  std::vector<std::string> heads;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != ' ' && line.find(": error[") != std::string::npos) {
      heads.push_back(line);
    }
  }
  EXPECT_EQ(heads,
            (std::vector<std::string>{
                "apps/config.yaml:7:26: error[flux-substitution-undefined] variable not set "
                "(strict mode): \"path_prefix\" in ConfigMap/apps/web, substituted by "
                "Kustomization flux-system/apps",
                "apps/config.yaml:8:13: error[flux-substitution-syntax] postBuild substitution "
                "fails: missing closing brace in '${a-b}'",
                "clusters/prod/stack.yaml:14:7: error[flux-dependson-cycle] dependsOn cycle "
                "among Kustomizations: flux-system/apps -> flux-system/infra -> flux-system/apps",
                "clusters/prod/stack.yaml:15:13: error[flux-dependson-missing] dependsOn "
                "Kustomization 'flux-system/monitoring' is not defined in the repository"}))
      << text;

  std::string sarif_text = output::EmitSarif(report);
  if (const char* dir = std::getenv("FLUXLINT_SARIF_DIR"); dir != nullptr && *dir != '\0') {
    fs::create_directories(dir);
    std::ofstream(fs::path(dir) / "FourFindingsTest.sarif", std::ios::binary) << sarif_text;
  }
  nlohmann::json sarif = nlohmann::json::parse(sarif_text);
  std::map<std::string, std::tuple<std::string, int, int, int, int>> regions;
  size_t cycle_related = 0;
  for (const auto& r : sarif["runs"][0]["results"]) {
    const auto& loc = r["locations"][0]["physicalLocation"];
    const auto& region = loc["region"];
    regions[r["ruleId"].get<std::string>()] = {
        loc["artifactLocation"]["uri"].get<std::string>(), region["startLine"].get<int>(),
        region["startColumn"].get<int>(), region["endLine"].get<int>(),
        region["endColumn"].get<int>()};
    if (r["ruleId"] == "flux-dependson-cycle") cycle_related = r["relatedLocations"].size();
  }
  using Region = std::tuple<std::string, int, int, int, int>;
  EXPECT_EQ(regions["flux-substitution-undefined"], (Region{"apps/config.yaml", 7, 26, 7, 40}));
  EXPECT_EQ(regions["flux-substitution-syntax"], (Region{"apps/config.yaml", 8, 13, 8, 19}));
  EXPECT_EQ(regions["flux-dependson-missing"],
            (Region{"clusters/prod/stack.yaml", 15, 13, 15, 23}));
  EXPECT_EQ(regions["flux-dependson-cycle"], (Region{"clusters/prod/stack.yaml", 14, 7, 14, 17}));
  EXPECT_EQ(cycle_related, 2u);  // both edges of the cycle
  EXPECT_EQ(regions.size(), 4u) << sarif_text;
}

}  // namespace
}  // namespace fluxlint
