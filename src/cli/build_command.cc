#include "cli/build_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/workspace.h"
#include "kustomize/build.h"
#include "kustomize/overlay_graph.h"
#include "model/flux_graph_output.h"
#include "model/snapshot.h"
#include "util/thread_pool.h"
#include "output/emitters.h"

namespace fluxlint::cli {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "fluxlint: error: %s\n", message.c_str());
  return 2;
}

Diagnostic ToDiagnostic(const kustomize::BuildIssue& issue) {
  Diagnostic d;
  bool error = issue.kind == kustomize::BuildIssue::kError;
  d.rule_id = error ? "kustomize-build-error" : "kustomize-not-rendered";
  d.severity = error ? Severity::kError : Severity::kNote;
  d.message = issue.message;
  d.span = issue.span;
  d.related = issue.related;
  d.help = issue.help;
  return d;
}

bool StderrColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never" || !isatty(fileno(stderr))) return false;
  const char* no_color = std::getenv("NO_COLOR");
  return no_color == nullptr || no_color[0] == '\0';
}

/// The whole repository with its Flux graph, as `check` loads it.
bool LoadGraph(const Workspace& ws, const std::string& config_path, yaml::ParseCache& cache,
               config::Config* config, model::Snapshot* snapshot) {
  if (!LoadConfigFile(config_path, *ws.head, cache, StderrColor("auto"), config)) return false;
  model::SnapshotOptions options;
  options.ignore_paths = config->ignore_paths;
  options.jobs = DefaultJobs();
  options.build_graph = true;
  options.config = config;
  *snapshot = model::LoadSnapshot(*ws.head, options, cache);
  return true;
}

int RunFluxBuild(const BuildFlags& flags, const Workspace& ws) {
  size_t slash = flags.flux.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == flags.flux.size()) {
    return Fail("--flux takes NAMESPACE/NAME, not '" + flags.flux + "'");
  }
  SourceStore store;
  yaml::ParseCache cache(store);
  config::Config config;
  model::Snapshot snapshot;
  if (!LoadGraph(ws, flags.config_path, cache, &config, &snapshot)) return 2;
  Result<std::string> stream = model::BuildKustomizationStream(
      snapshot, flags.flux.substr(0, slash), flags.flux.substr(slash + 1));
  if (!stream.ok()) {
    std::fprintf(stderr, "fluxlint: error: %s\n", stream.status().message().c_str());
    return stream.status().code() == ErrorCode::kNotFound ||
                   stream.status().code() == ErrorCode::kInvalidArgument
               ? 2
               : 1;
  }
  std::fwrite(stream->data(), 1, stream->size(), stdout);
  return 0;
}

}  // namespace

int RunBuildCommand(const BuildFlags& flags) {
  Result<Workspace> opened = OpenWorkspace({flags.staged, flags.rev});
  if (!opened.ok()) return Fail(opened.status().message());
  if (!flags.flux.empty()) {
    if (!flags.path.empty()) return Fail("give either PATH or --flux NAMESPACE/NAME, not both");
    return RunFluxBuild(flags, *opened);
  }
  if (flags.path.empty()) return Fail("build needs PATH or --flux NAMESPACE/NAME");
  Result<std::vector<std::string>> paths = ResolvePaths(*opened, {flags.path});
  if (!paths.ok()) return Fail(paths.status().message());
  const std::string& dir = paths->front();
  Result<std::string> file = kustomize::FindKustomizationFile(*opened->head, dir);
  if (!file.ok()) return Fail(file.status().message());
  if (file->empty()) {
    return Fail("'" + flags.path + "' has no kustomization.yaml, kustomization.yml or Kustomization");
  }

  SourceStore store;
  yaml::ParseCache cache(store);
  kustomize::BuildOptions options;
  options.load_restrictor = flags.load_restrictor == "rootOnly"
                                ? kustomize::LoadRestrictor::kRootOnly
                                : kustomize::LoadRestrictor::kNone;
  kustomize::BuildResult result = kustomize::Build(*opened->head, dir, cache, options);

  output::Report report;
  for (const kustomize::BuildIssue& issue : result.issues) {
    report.diagnostics.push_back(ToDiagnostic(issue));
  }
  SortDiagnostics(report.diagnostics);
  if (!report.diagnostics.empty()) {
    report.files_checked = result.closure.size();
    std::string text = output::EmitText(report, {StderrColor(flags.color)});
    std::fputs(text.c_str(), stderr);
  }
  if (!result.ok()) return 1;
  std::string stream = kustomize::RenderStream(result);
  std::fwrite(stream.data(), 1, stream.size(), stdout);
  return 0;
}

int RunGraphCommand(const GraphFlags& flags) {
  Result<Workspace> opened = OpenWorkspace({flags.staged, flags.rev});
  if (!opened.ok()) return Fail(opened.status().message());
  std::vector<std::string> args;
  if (!flags.path.empty()) args.push_back(flags.path);
  Result<std::vector<std::string>> paths = ResolvePaths(*opened, args);
  if (!paths.ok()) return Fail(paths.status().message());
  SourceStore store;
  yaml::ParseCache cache(store);
  if (flags.of == "flux") {
    config::Config config;
    model::Snapshot snapshot;
    if (!LoadGraph(*opened, flags.config_path, cache, &config, &snapshot)) return 2;
    std::string out = flags.format == "json"      ? model::FluxGraphJson(snapshot.flux())
                      : flags.format == "mermaid" ? model::FluxGraphMermaid(snapshot.flux())
                                                  : model::FluxGraphDot(snapshot.flux());
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  }
  kustomize::OverlayGraph graph = kustomize::BuildOverlayGraph(*opened->head, paths->front(), cache);
  std::string out = flags.format == "json"      ? kustomize::GraphToJson(graph)
                    : flags.format == "mermaid" ? kustomize::GraphToMermaid(graph)
                                                : kustomize::GraphToDot(graph);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace fluxlint::cli
