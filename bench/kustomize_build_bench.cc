// fluxlint's kustomize renderer against `kubectl kustomize`, on the same inputs, in one run:
//
//   - every kustomization directory of ../shared/corpus (real Flux repositories), and
//   - a seeded synthetic monorepo (generated here): kApps applications, each a base with a
//     Deployment, Service, ServiceAccount, HPA and a configMapGenerator, a shared component,
//     and three overlays (dev, staging, prod) with namespace, namePrefix, commonLabels, images,
//     replicas, a strategic merge patch, a JSON patch and a generator merge.
//
// fluxlint renders every directory in one process with one ParseCache per pass (each file is
// parsed once per pass, as in a `fluxlint check`); kubectl is started once per directory, as a
// pre-commit hook calling it would. The kubectl side is skipped when kubectl is not installed.
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLUXLINT_BUILD_BENCH=ON
//   cmake --build build-bench --target kustomize_build_bench && build-bench/kustomize_build_bench
//
// After the Google Benchmark runs it prints one line per input set:
//   corpus: 31 dirs, fluxlint 2.1 ms, kubectl 1234 ms, ratio 587x

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "kustomize/build.h"
#include "source/memory_tree.h"
#include "source/repository.h"
#include "yaml/parse_cache.h"

extern char** environ;

namespace fluxlint {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kSeed = 20251121;
constexpr int kApps = 100;  // 100 bases + 300 overlays + 1 component

/// A set of kustomization directories to render: a tree for fluxlint, a disk root for kubectl.
struct InputSet {
  std::string name;
  std::unique_ptr<source::Tree> tree;
  std::string disk_root;
  std::vector<std::string> dirs;  // relative to the root
};

// --- the synthetic monorepo ------------------------------------------------------------------

std::map<std::string, std::string> GenerateMonorepo() {
  std::mt19937 rng(kSeed);
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* kImages[] = {"nginx", "redis", "ghcr.io/acme/api",
                           "registry.local:5000/tools/worker"};
  std::map<std::string, std::string> files;
  files["components/observability/kustomization.yaml"] =
      "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
      "commonAnnotations:\n  prometheus.io/scrape: \"true\"\n"
      "labels:\n- pairs:\n    observability: enabled\n";
  for (int a = 0; a < kApps; ++a) {
    std::string app = "app" + std::to_string(a);
    std::string image = kImages[pick(0, 3)];
    std::string base = "apps/" + app + "/base/";
    int ports = pick(1, 3);
    std::ostringstream dep;
    dep << "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " << app
        << "\n  labels:\n    app: " << app << "\nspec:\n  replicas: 1\n  selector:\n"
        << "    matchLabels:\n      app: " << app << "\n  template:\n    metadata:\n"
        << "      labels:\n        app: " << app << "\n    spec:\n"
        << "      serviceAccountName: " << app << "\n      containers:\n      - name: main\n"
        << "        image: " << image << ":1." << pick(0, 20) << "\n        envFrom:\n"
        << "        - configMapRef:\n            name: " << app << "-config\n"
        << "        ports:\n";
    for (int p = 0; p < ports; ++p) dep << "        - containerPort: " << 8080 + p << "\n";
    dep << "        resources:\n          requests:\n            cpu: " << pick(50, 500)
        << "m\n            memory: " << pick(64, 512) << "Mi\n      volumes:\n"
        << "      - name: config\n        configMap:\n          name: " << app << "-config\n";
    files[base + "deployment.yaml"] = dep.str();
    files[base + "service.yaml"] = "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + app +
                                   "\nspec:\n  selector:\n    app: " + app +
                                   "\n  ports:\n  - port: 80\n    targetPort: 8080\n";
    files[base + "serviceaccount.yaml"] =
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: " + app + "\n";
    files[base + "hpa.yaml"] =
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: " + app +
        "\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: " +
        app + "\n  minReplicas: 1\n  maxReplicas: " + std::to_string(pick(2, 10)) + "\n";
    files[base + "kustomization.yaml"] =
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
        "- deployment.yaml\n- service.yaml\n- serviceaccount.yaml\n- hpa.yaml\n"
        "configMapGenerator:\n- name: " +
        app +
        "-config\n  literals:\n  - LOG_LEVEL=info\n  - WORKERS=" + std::to_string(pick(1, 16)) +
        "\n";
    const char* kEnvs[] = {"dev", "staging", "prod"};
    for (int e = 0; e < 3; ++e) {
      std::string env = kEnvs[e];
      std::ostringstream k;
      k << "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        << "namespace: " << app << "-" << env << "\nnamePrefix: " << env << "-\n"
        << "commonLabels:\n  env: " << env << "\n  team: team" << a % 7 << "\n"
        << "resources:\n- ../base\n";
      if (e == 2) k << "components:\n- ../../../components/observability\n";
      k << "images:\n- name: " << image << "\n  newTag: \"2." << pick(0, 9) << "\"\n"
        << "replicas:\n- name: " << app << "\n  count: " << (e + 1) * pick(1, 3) << "\n"
        << "configMapGenerator:\n- name: " << app << "-config\n  behavior: merge\n"
        << "  literals:\n  - ENVIRONMENT=" << env << "\n"
        << "patches:\n- path: resources.yaml\n"
        << "- target:\n    kind: Service\n  patch: |\n    - op: add\n"
        << "      path: /metadata/annotations\n      value:\n        env: " << env << "\n";
      files["apps/" + app + "/" + env + "/kustomization.yaml"] = k.str();
      files["apps/" + app + "/" + env + "/resources.yaml"] =
          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + app +
          "\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n"
          "        resources:\n          limits:\n            memory: " +
          std::to_string(pick(256, 2048)) + "Mi\n";
    }
  }
  return files;
}

InputSet Synthetic() {
  InputSet s;
  s.name = "synthetic";
  auto tree = std::make_unique<source::MemoryTree>("synthetic");
  std::map<std::string, std::string> files = GenerateMonorepo();
  s.disk_root =
      (fs::temp_directory_path() / ("fluxlint-bench-" + std::to_string(getpid()))).string();
  for (const auto& [path, text] : files) {
    tree->AddFile(path, text);
    fs::path p = fs::path(s.disk_root) / path;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    if (p.filename() == "kustomization.yaml" && path.find("components/") != 0) {
      s.dirs.push_back(fs::path(path).parent_path().generic_string());
    }
  }
  s.tree = std::move(tree);
  return s;
}

InputSet Corpus() {
  InputSet s;
  s.name = "corpus";
  s.disk_root = std::string(FLUXLINT_SOURCE_DIR) + "/../shared/corpus";
  if (!fs::exists(s.disk_root)) return s;
  s.tree = source::OpenDirectoryTree(s.disk_root);
  for (const auto& e : fs::recursive_directory_iterator(s.disk_root)) {
    std::string name = e.path().filename().string();
    if (name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization") {
      s.dirs.push_back(fs::relative(e.path().parent_path(), s.disk_root).generic_string());
    }
  }
  std::sort(s.dirs.begin(), s.dirs.end());
  return s;
}

InputSet& Get(int which) {
  static InputSet corpus = Corpus();
  static InputSet synthetic = Synthetic();
  return which == 0 ? corpus : synthetic;
}

/// Renders every directory; returns the number of objects (and fails loudly on errors).
size_t RenderAll(const InputSet& s) {
  SourceStore store;
  yaml::ParseCache cache(store);
  size_t objects = 0;
  for (const std::string& dir : s.dirs) {
    kustomize::BuildResult r = kustomize::Build(*s.tree, dir, cache);
    if (!r.ok()) {
      std::fprintf(stderr, "%s: %s does not build: %s\n", s.name.c_str(), dir.c_str(),
                   r.issues.front().message.c_str());
      std::exit(1);
    }
    objects += r.objects.size();
  }
  return objects;
}

/// Runs `kubectl kustomize --load-restrictor LoadRestrictionsNone <dir>` for every directory.
bool KubectlAll(const InputSet& s, const std::string& kubectl) {
  for (const std::string& dir : s.dirs) {
    std::string full = s.disk_root + "/" + dir;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args = {kubectl, "kustomize", "--load-restrictor",
                                     "LoadRestrictionsNone", full};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid;
    int rc = posix_spawn(&pid, kubectl.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return false;
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "kubectl failed on %s\n", full.c_str());
    }
  }
  return true;
}

void BM_Fluxlint(benchmark::State& state) {
  InputSet& s = Get(static_cast<int>(state.range(0)));
  if (s.dirs.empty()) {
    state.SkipWithError("input not found");
    return;
  }
  size_t objects = 0;
  for (auto _ : state) objects = RenderAll(s);
  state.counters["dirs"] = static_cast<double>(s.dirs.size());
  state.counters["objects"] = static_cast<double>(objects);
  state.SetLabel(s.name);
}
BENCHMARK(BM_Fluxlint)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_Kubectl(benchmark::State& state) {
  InputSet& s = Get(static_cast<int>(state.range(0)));
  std::string kubectl = ::fluxlint::bench::FindKubectl();
  if (kubectl.empty()) {
    state.SkipWithError("kubectl not installed");
    return;
  }
  for (auto _ : state) KubectlAll(s, kubectl);
  state.counters["dirs"] = static_cast<double>(s.dirs.size());
  state.SetLabel(s.name);
}
BENCHMARK(BM_Kubectl)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

/// Wall time of the fastest of `runs` runs of `fn`, in milliseconds.
template <typename Fn>
double BestMs(int runs, Fn fn) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    fn();
    auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  return best;
}

/// kubectl's output for one directory ("" when it fails).
std::string KubectlOutput(const std::string& kubectl, const std::string& dir) {
  std::string cmd = "'" + kubectl + "' kustomize --load-restrictor LoadRestrictionsNone '" + dir +
                    "' 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  return pclose(p) == 0 ? out : "";
}

/// Sanity check that both sides render the same thing: byte-compares `kustomize build` output
/// for every `step`-th directory.
void Verify(const InputSet& s, const std::string& kubectl, size_t step) {
  SourceStore store;
  yaml::ParseCache cache(store);
  size_t same = 0;
  size_t checked = 0;
  for (size_t i = 0; i < s.dirs.size(); i += step) {
    kustomize::BuildResult r = kustomize::Build(*s.tree, s.dirs[i], cache);
    std::string theirs = KubectlOutput(kubectl, s.disk_root + "/" + s.dirs[i]);
    ++checked;
    if (kustomize::RenderStream(r) == theirs) {
      ++same;
    } else {
      std::printf("  differs: %s/%s\n", s.name.c_str(), s.dirs[i].c_str());
    }
  }
  std::printf("  %-9s: %zu of %zu checked directories render byte-identical to kubectl\n",
              s.name.c_str(), same, checked);
}

void PrintRatios() {
  std::string kubectl = ::fluxlint::bench::FindKubectl();
  std::printf("\nfluxlint vs kubectl kustomize (wall time, best of runs):\n");
  for (int which = 0; which < 2; ++which) {
    InputSet& s = Get(which);
    if (s.dirs.empty()) {
      std::printf("  %-9s: input not found\n", s.name.c_str());
      continue;
    }
    double ours = BestMs(5, [&] { RenderAll(s); });
    if (kubectl.empty()) {
      std::printf("  %-9s: %zu dirs, fluxlint %.1f ms, kubectl not installed\n", s.name.c_str(),
                  s.dirs.size(), ours);
      continue;
    }
    double theirs = BestMs(1, [&] { KubectlAll(s, kubectl); });
    std::printf("  %-9s: %zu dirs, fluxlint %.1f ms, kubectl %.0f ms, ratio %.0fx\n",
                s.name.c_str(), s.dirs.size(), ours, theirs, theirs / ours);
  }
  if (kubectl.empty()) return;
  for (int which = 0; which < 2; ++which) {
    if (!Get(which).dirs.empty()) Verify(Get(which), kubectl, which == 0 ? 1 : 10);
  }
}

}  // namespace
}  // namespace fluxlint

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  fluxlint::PrintRatios();
  std::error_code ec;
  std::filesystem::remove_all(fluxlint::Get(1).disk_root, ec);
  return 0;
}
