// `fluxlint check --staged` (the pre-commit run) on real git repositories, with the built binary:
//
//   - a seeded synthetic monorepo (generated here, in /tmp): kApps applications, each a kustomize
//     base (Deployment, Service, ConfigMap with a large data block, HPA) and a production
//     overlay (namespace, commonLabels, images, replicas, a patch), applied by one Flux
//     Kustomization per application, over 20 MB of YAML in all;
//   - every repository of ../shared/corpus (real Flux repositories).
//
// Two states of each repository:
//   cold          the base revision is empty and everything is staged: every Kustomization is
//                 rendered at head and everything is "added";
//   changed-only  everything is committed and one file (one application's ConfigMap) is changed
//                 and staged: only the Kustomizations whose render read that file are diffed.
// The goal is changed-only at most 5% of cold on the monorepo. At the end, `kubectl kustomize`
// (when installed) runs on a sample of the monorepo's overlays, for the cold check's speed-up
// over rendering every overlay with kubectl.
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLUXLINT_BUILD_BENCH=ON
//   cmake --build build-bench --target fluxlint check_bench && build-bench/check_bench
//
// After the Google Benchmark runs it prints the ratios.

#include <benchmark/benchmark.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "bench/k8s_yaml_gen.h"

namespace fluxlint {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kSeed = 20261121;
constexpr int kApps = 2000;

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// Runs a shell command; exits the benchmark when `must_succeed` and it fails.
int Run(const std::string& command, bool must_succeed = true) {
  int status = std::system((command + " >/dev/null 2>&1").c_str());
  int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (must_succeed && rc != 0) {
    std::fprintf(stderr, "failed (%d): %s\n", rc, command.c_str());
    std::exit(1);
  }
  return rc;
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string Git(const std::string& dir) {
  return "cd " + Quote(dir) +
         " && git -c user.name=bench -c user.email=bench@example.com -c commit.gpgsign=false ";
}

// --- the synthetic monorepo ------------------------------------------------------------------

std::string AppName(int i) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "app-%04d", i);
  return buf;
}

std::string ConfigMap(const std::string& app, int version, bench::Rng& rng) {
  std::string s = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + app +
                  "-settings\ndata:\n  VERSION: \"" + std::to_string(version) +
                  "\"\n  settings.yaml: |\n";
  // A large block: the bulk of the repository's bytes, like real configuration files.
  size_t lines = rng.Range(170, 270);
  for (size_t l = 0; l < lines; ++l) {
    s += "    key_" + std::to_string(l) + ": value-" + std::to_string(rng.Next() % 1000000) +
         " # setting " + std::to_string(l) + "\n";
  }
  return s;
}

/// Writes the monorepo into `dir` and returns its size in bytes.
size_t GenerateMonorepo(const std::string& dir) {
  bench::Rng rng(kSeed);
  size_t bytes = 0;
  auto put = [&](const std::string& rel, const std::string& text) {
    Write(fs::path(dir) / rel, text);
    bytes += text.size();
  };
  put("clusters/production/flux-system/gotk-sync.yaml",
      "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n"
      "  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m0s\n  ref:\n"
      "    branch: main\n  url: ssh://git@github.com/example/monorepo\n---\n"
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n"
      "  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 10m0s\n"
      "  path: ./clusters/production\n  prune: true\n  sourceRef:\n    kind: GitRepository\n"
      "    name: flux-system\n");
  put("clusters/production/flux-system/kustomization.yaml",
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
      "  - gotk-sync.yaml\n");
  std::map<int, std::string> ks_files;  // 100 Flux Kustomizations per file
  for (int i = 0; i < kApps; ++i) {
    std::string app = AppName(i);
    std::string& ks = ks_files[i / 100];
    if (!ks.empty()) ks += "---\n";
    ks += "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: " +
          app + "\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/" + app +
          "/production\n  prune: true\n  sourceRef:\n    kind: GitRepository\n"
          "    name: flux-system\n  postBuild:\n    substitute:\n      APP: " +
          app + "\n";
    std::string base = "apps/" + app + "/base/";
    put(base + "kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
        "  - deployment.yaml\n  - service.yaml\n  - configmap.yaml\n  - hpa.yaml\n");
    put(base + "deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + app +
            "\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: " + app +
            "\n  template:\n    metadata:\n      labels:\n        app: " + app +
            "\n    spec:\n      containers:\n        - name: main\n          image: "
            "registry.example.com/" +
            app + ":1." + std::to_string(rng.Range(0, 40)) +
            ".0\n          ports:\n            - containerPort: 8080\n          env:\n"
            "            - name: APP\n              value: ${APP}\n          resources:\n"
            "            requests:\n              cpu: 100m\n              memory: 128Mi\n");
    put(base + "service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + app +
                                   "\nspec:\n  selector:\n    app: " + app +
                                   "\n  ports:\n    - port: 80\n      targetPort: 8080\n");
    put(base + "configmap.yaml", ConfigMap(app, 1, rng));
    put(base + "hpa.yaml",
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
        "metadata:\n  name: " +
            app +
            "\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n"
            "    kind: Deployment\n    name: " +
            app + "\n  minReplicas: 2\n  maxReplicas: 10\n");
    put("apps/" + app + "/production/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: " + app +
            "\nresources:\n  - ../base\ncommonLabels:\n  team: team-" + std::to_string(i % 17) +
            "\nimages:\n  - name: registry.example.com/" + app + "\n    newTag: 2.0." +
            std::to_string(i % 7) + "\nreplicas:\n  - name: " + app +
            "\n    count: 3\npatches:\n  - target:\n      kind: Deployment\n    patch: |\n"
            "      - op: add\n        path: /spec/template/metadata/annotations\n"
            "        value: {owner: platform}\n");
  }
  for (const auto& [n, text] : ks_files) {
    put("clusters/production/apps-" + std::to_string(n) + ".yaml", text);
  }
  return bytes;
}

/// One repository in two git states, ready for `check --staged`.
struct Repo {
  std::string name;
  std::string cold_dir;     ///< empty commit, everything staged
  std::string changed_dir;  ///< everything committed, one file changed and staged
  size_t bytes = 0;
  size_t kustomizations = 0;
};

/// Makes both states from a populated directory `src`; `change` edits one file of a copy.
Repo MakeRepo(const std::string& name, const std::string& src,
              const std::function<void(const std::string& dir)>& change) {
  Repo r;
  r.name = name;
  r.cold_dir = "/tmp/fluxlint-check-bench-" + name + "-cold";
  r.changed_dir = "/tmp/fluxlint-check-bench-" + name + "-changed";
  for (const std::string& d : {r.cold_dir, r.changed_dir}) {
    fs::remove_all(d);
    fs::create_directories(d);
    fs::copy(src, d, fs::copy_options::recursive);
    for (const auto& e : fs::recursive_directory_iterator(d)) {
      fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    }
    Run(Git(d) + "init -q -b main");
  }
  Run(Git(r.cold_dir) + "commit -q --allow-empty -m empty");
  Run(Git(r.cold_dir) + "add -A");
  Run(Git(r.changed_dir) + "add -A");
  Run(Git(r.changed_dir) + "commit -q -m all");
  change(r.changed_dir);
  Run(Git(r.changed_dir) + "add -A");
  for (const auto& e : fs::recursive_directory_iterator(src)) {
    if (!e.is_regular_file()) continue;
    r.bytes += e.file_size();
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    for (size_t at = text.find("kind: Kustomization\n"); at != std::string::npos;
         at = text.find("kind: Kustomization\n", at + 1)) {
      if (text.rfind("kustomize.toolkit.fluxcd.io", at) != std::string::npos) ++r.kustomizations;
    }
  }
  return r;
}

std::vector<Repo>& Repos() {
  static std::vector<Repo>* repos = [] {
    auto* out = new std::vector<Repo>;
    std::string src = "/tmp/fluxlint-check-bench-monorepo-src";
    fs::remove_all(src);
    GenerateMonorepo(src);
    out->push_back(MakeRepo("monorepo", src, [](const std::string& dir) {
      bench::Rng rng(kSeed + 1);
      Write(fs::path(dir) / "apps" / AppName(7) / "base" / "configmap.yaml",
            ConfigMap(AppName(7), 2, rng));
    }));
    fs::path corpus = fs::path(FLUXLINT_SOURCE_DIR) / ".." / "shared" / "corpus";
    if (fs::exists(corpus)) {
      std::vector<fs::path> dirs;
      for (const auto& e : fs::directory_iterator(corpus)) {
        if (e.is_directory()) dirs.push_back(e.path());
      }
      std::sort(dirs.begin(), dirs.end());
      for (const fs::path& d : dirs) {
        out->push_back(MakeRepo(d.filename().string(), d.string(), [](const std::string& dir) {
          // One changed file: a new line in the first kustomization outside flux-system.
          std::vector<fs::path> ks;
          for (const auto& e : fs::recursive_directory_iterator(dir)) {
            if (e.path().filename() == "kustomization.yaml" &&
                e.path().string().find("flux-system") == std::string::npos &&
                e.path().string().find("/.git/") == std::string::npos) {
              ks.push_back(e.path());
            }
          }
          std::sort(ks.begin(), ks.end());
          if (!ks.empty()) std::ofstream(ks[0], std::ios::app) << "# changed\n";
        }));
      }
    }
    return out;
  }();
  return *repos;
}

double CheckMs(const std::string& dir) {
  auto t0 = std::chrono::steady_clock::now();
  int rc = Run("cd " + Quote(dir) + " && " + Quote(FLUXLINT_BINARY) + " check --staged", false);
  auto t1 = std::chrono::steady_clock::now();
  if (rc != 0 && rc != 1) {  // 2: fluxlint's own error; 126/127: no binary to run
    std::fprintf(stderr, "fluxlint check failed to run in %s (exit %d)\n", dir.c_str(), rc);
    std::exit(1);
  }
  return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

void BM_CheckStaged(benchmark::State& state) {
  Repo& r = Repos()[static_cast<size_t>(state.range(0))];
  bool cold = state.range(1) == 0;
  for (auto _ : state) {
    double ms = CheckMs(cold ? r.cold_dir : r.changed_dir);
    state.SetIterationTime(ms / 1000.0);
  }
  state.counters["MB"] = static_cast<double>(r.bytes) / 1e6;
  state.counters["kustomizations"] = static_cast<double>(r.kustomizations);
  state.SetLabel(r.name + (cold ? " cold" : " changed-only"));
}

void RegisterAll() {
  size_t n = Repos().size();
  for (size_t i = 0; i < n; ++i) {
    for (int cold = 0; cold < 2; ++cold) {
      benchmark::RegisterBenchmark("BM_CheckStaged", BM_CheckStaged)
          ->Args({static_cast<int64_t>(i), cold})
          ->Unit(benchmark::kMillisecond)
          ->UseManualTime()
          ->Iterations(i == 0 ? 3 : 10);
    }
  }
}

/// Mean wall time of `kubectl kustomize` on every kStep-th application overlay of the monorepo
/// (a sample: all 2,000 take minutes), in ms; negative when kubectl is missing.
double KubectlPerOverlayMs(const Repo& monorepo, size_t* sampled) {
  constexpr int kStep = 20;
  std::string kubectl = bench::FindKubectl();
  if (kubectl.empty()) return -1;
  double total = 0;
  *sampled = 0;
  for (int i = 0; i < kApps; i += kStep) {
    std::string dir = monorepo.changed_dir + "/apps/" + AppName(i) + "/production";
    auto t0 = std::chrono::steady_clock::now();
    Run(Quote(kubectl) + " kustomize " + Quote(dir));  // exits the benchmark when it fails
    auto t1 = std::chrono::steady_clock::now();
    total += std::chrono::duration<double, std::milli>(t1 - t0).count();
    ++*sampled;
  }
  return total / static_cast<double>(*sampled);
}

void PrintRatios() {
  std::printf("\nfluxlint check --staged, wall time (best of 3):\n");
  double monorepo_cold = 0;
  for (const Repo& r : Repos()) {
    double cold = 1e300, changed = 1e300;
    for (int k = 0; k < 3; ++k) {
      cold = std::min(cold, CheckMs(r.cold_dir));
      changed = std::min(changed, CheckMs(r.changed_dir));
    }
    if (&r == &Repos().front()) monorepo_cold = cold;
    std::printf(
        "  %-30s %6.1f MB %5zu Kustomizations: cold %8.1f ms, changed-only %8.1f ms "
        "(%.1f%% of cold)\n",
        r.name.c_str(), static_cast<double>(r.bytes) / 1e6, r.kustomizations, cold, changed,
        100.0 * changed / cold);
  }
  size_t sampled = 0;
  double per_overlay = KubectlPerOverlayMs(Repos().front(), &sampled);
  if (per_overlay < 0) {
    std::printf("kubectl not installed: no comparison with kubectl kustomize\n");
    return;
  }
  // The application overlays plus the cluster directory flux-system builds.
  double overlays = kApps + 1;
  std::printf(
      "kubectl kustomize: %.1f ms per overlay (mean of %zu sampled overlays); on all %.0f "
      "overlays %.1f s, %.0fx the cold check (%.1f ms)\n",
      per_overlay, sampled, overlays, per_overlay * overlays / 1000.0,
      per_overlay * overlays / monorepo_cold, monorepo_cold);
}

}  // namespace
}  // namespace fluxlint

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  fluxlint::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  fluxlint::PrintRatios();
  benchmark::Shutdown();
  return 0;
}
