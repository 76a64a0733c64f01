#include "cli/main.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/build_command.h"
#include "cli/check.h"
#include "cli/paths.h"
#include "cli/workspace.h"
#include "config/config.h"
#include "output/emitters.h"
#include "rules/registry.h"
#include "source/repository.h"
#include "util/edit_distance.h"
#include "util/glob.h"
#include "util/thread_pool.h"

namespace fluxlint::cli {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

int Fail(const std::string& message) {
  std::fprintf(stderr, "fluxlint: error: %s\n", message.c_str());
  return kExitError;
}

struct CheckFlags {
  std::vector<std::string> paths;
  std::string base;
  bool staged = false;
  std::string rev;
  std::string format = "text";
  std::string output;
  std::string config_path;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::string fail_on = "error";
  std::vector<std::string> vars;
  size_t jobs = 0;
  std::string color = "auto";
  bool show_config = false;
};

bool WantColor(const std::string& mode, bool to_stdout) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (!to_stdout || !isatty(fileno(stdout))) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

/// Writes `text` to `path`, or stdout when empty. False (with a message) on failure.
bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return true;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    Fail("cannot write '" + path + "'");
    return false;
  }
  return true;
}

/// Loads the configuration (from --config, or .fluxlint.yaml in the head tree) and applies flags.
/// Prints problems and returns false on an error.
bool LoadConfig(const CheckFlags& flags, const source::Tree& head, yaml::ParseCache& cache,
                config::Config* config) {
  if (!LoadConfigFile(flags.config_path, head, cache, WantColor(flags.color, true), config)) {
    return false;
  }
  // Command-line flags come after the file.
  if (!flags.select.empty()) config->select = flags.select;
  for (const std::string& g : flags.ignore) config->ignore.push_back(g);
  for (const std::string& var : flags.vars) {
    size_t eq = var.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Fail("--var takes NAME=VALUE, not '" + var + "'") == 0;
    }
    config->variables[var.substr(0, eq)] = var.substr(eq + 1);
  }
  std::vector<std::string> known = KnownRuleIds();
  for (const std::string& g : flags.select) {
    if (!std::any_of(known.begin(), known.end(),
                     [&](const std::string& id) { return GlobMatch(g, id); })) {
      return Fail("--select '" + g + "' matches no rule" + DidYouMean(g, known)) == 0;
    }
  }
  return true;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kFreeAtExit = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kFreeAtExit = true;
#else
constexpr bool kFreeAtExit = false;
#endif
#else
constexpr bool kFreeAtExit = false;
#endif

int RunCheckCommand(const CheckFlags& flags) {
  Result<Workspace> opened = OpenWorkspace({flags.staged, flags.rev});
  if (!opened.ok()) return Fail(opened.status().message());
  Workspace& ws = *opened;

  std::vector<std::string> notes;
  std::unique_ptr<source::Tree> base;
  if (!ws.repo) {
    notes.push_back("not a git repository: linting the files on disk; diff rules are off");
  } else {
    std::string base_rev = flags.base;
    if (base_rev.empty()) base_rev = flags.rev.empty() ? "HEAD" : flags.rev + "~1";
    if (base_rev != "none") {
      Result<std::unique_ptr<source::Tree>> b = ws.repo->Revision(base_rev);
      if (b.ok()) {
        base = std::move(b).value();
      } else if (!flags.base.empty()) {
        return Fail(b.status().message());  // asked for explicitly: a usage error
      } else {
        notes.push_back(b.status().message() + ": diff rules are off");
      }
    }
  }
  Result<std::vector<std::string>> paths = ResolvePaths(ws, flags.paths);
  if (!paths.ok()) return Fail(paths.status().message());
  std::unique_ptr<source::Tree>& head = ws.head;

  // Everything loaded stays in one place that the process lets the OS reclaim: freeing
  // millions of small nodes one by one adds 5-8% to a large run. Sanitizer builds free
  // it, so that leak checking still sees real leaks.
  struct Loaded {
    SourceStore store;
    yaml::ParseCache cache{store};
    std::vector<std::shared_ptr<const void>> snapshots;
  };
  std::unique_ptr<Loaded, void (*)(Loaded*)> loaded(new Loaded, [](Loaded* l) {
    if (kFreeAtExit) delete l;
  });
  yaml::ParseCache& cache = loaded->cache;
  CheckInput input;
  if (!LoadConfig(flags, *head, cache, &input.config)) return kExitError;
  if (flags.show_config) {
    std::string text = config::DumpConfig(input.config);
    return WriteOutput(flags.output, text) ? kExitClean : kExitError;
  }
  input.head = head.get();
  input.base = base.get();
  input.paths = *paths;
  input.jobs = flags.jobs == 0 ? DefaultJobs() : flags.jobs;
  input.notes = notes;
  input.keep_alive = &loaded->snapshots;
  output::Report report = RunCheck(input, cache);

  std::string text;
  if (flags.format == "text") {
    bool to_stdout = flags.output.empty() || flags.output == "-";
    text = output::EmitText(report, {WantColor(flags.color, to_stdout)});
  } else if (flags.format == "json") {
    text = output::EmitJson(report);
  } else if (flags.format == "sarif") {
    text = output::EmitSarif(report);
  } else if (flags.format == "github") {
    text = output::EmitGithub(report);
  } else {
    text = output::EmitMarkdown(report);
  }
  if (!WriteOutput(flags.output, text)) return kExitError;

  if (flags.fail_on == "never") return kExitClean;
  Severity threshold = *ParseSeverity(flags.fail_on);
  for (const Diagnostic& d : report.diagnostics) {
    if (d.severity >= threshold) return kExitFindings;
  }
  return kExitClean;
}

int RunRulesCommand() {
  size_t width = 0;
  for (const rules::Rule& r : rules::AllRules()) width = std::max(width, r.info.id.size());
  for (const rules::Rule& r : rules::AllRules()) {
    std::printf("%-*s  %-7s  %s\n", static_cast<int>(width), std::string(r.info.id).c_str(),
                std::string(SeverityName(r.info.default_severity)).c_str(),
                std::string(r.info.summary).c_str());
  }
  return kExitClean;
}

int RunRuleCommand(const std::string& id) {
  const rules::Rule* rule = rules::FindRule(id);
  if (rule == nullptr) return Fail("unknown rule '" + id + "'" + DidYouMean(id, KnownRuleIds()));
  std::string page = rules::RulePage(id);  // the same text as docs/rules/<id>.md
  std::fwrite(page.data(), 1, page.size(), stdout);
  return kExitClean;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"fluxlint: lint Flux CD + kustomize repositories before you commit"};
  app.name("fluxlint");
  app.require_subcommand(1);
  app.set_version_flag("--version", FLUXLINT_VERSION);

  CheckFlags flags;
  CLI::App* check = app.add_subcommand("check", "Lint the repository (the work tree by default)");
  check->add_option("paths", flags.paths,
                    "Files or directories to lint (default: the current directory)");
  check->add_option("--base", flags.base,
                    "Revision to diff against (default: HEAD; with --rev, its parent); 'none' "
                    "turns diff rules off");
  check->add_flag("--staged", flags.staged, "Lint the staged content (the git index)");
  check->add_option("--rev", flags.rev, "Lint a committed revision instead of the work tree");
  check->add_option("--format", flags.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "github", "markdown"}));
  check->add_option("-o,--output", flags.output, "Write the output to FILE instead of stdout");
  check->add_option("--config", flags.config_path,
                    "Configuration file (default: .fluxlint.yaml at the repository root)");
  check
      ->add_option("--select", flags.select,
                   "Run only rules matching these globs (replaces the config's)")
      ->delimiter(',');
  check->add_option("--ignore", flags.ignore, "Do not run rules matching these globs")
      ->delimiter(',');
  check->add_option("--fail-on", flags.fail_on, "Lowest severity that makes the exit status 1")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));
  check->add_option("--var", flags.vars, "A postBuild variable the cluster provides: NAME=VALUE");
  check->add_option("-j,--jobs", flags.jobs, "Threads to use (default: the number of cores)");
  check->add_option("--color", flags.color, "Colour the text output (NO_COLOR is honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  check->add_flag("--show-config", flags.show_config, "Print the effective configuration and exit");

  BuildFlags build_flags;
  CLI::App* build = app.add_subcommand(
      "build", "Print what `kustomize build PATH` would print, rendered in memory");
  build->add_option("path", build_flags.path, "A directory with a kustomization file");
  build->add_option("--flux", build_flags.flux,
                    "NAMESPACE/NAME of a Flux Kustomization: print what it would apply");
  build->add_option("--config", build_flags.config_path,
                    "Configuration file (default: .fluxlint.yaml at the repository root)");
  build
      ->add_option("--load-restrictor", build_flags.load_restrictor,
                   "none (Flux's behaviour: any file inside the repository) or rootOnly")
      ->check(CLI::IsMember({"none", "rootOnly"}));
  build->add_flag("--staged", build_flags.staged, "Read the staged content (the git index)");
  build->add_option("--rev", build_flags.rev, "Read a committed revision");
  build->add_option("--color", build_flags.color, "Colour diagnostics on stderr")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  GraphFlags graph_flags;
  CLI::App* graph = app.add_subcommand(
      "graph", "Draw the Flux dependency graph, or the kustomize overlay graph under PATH");
  graph->add_option("path", graph_flags.path, "Directory (default: the current directory)");
  graph
      ->add_option(
          "--of", graph_flags.of,
          "flux (Kustomizations, HelmReleases, dependsOn) or overlays (kustomize includes)")
      ->check(CLI::IsMember({"flux", "overlays"}));
  graph->add_option("--config", graph_flags.config_path,
                    "Configuration file (default: .fluxlint.yaml at the repository root)");
  graph->add_option("--format", graph_flags.format, "dot, mermaid or json")
      ->check(CLI::IsMember({"dot", "mermaid", "json"}));
  graph->add_flag("--staged", graph_flags.staged, "Read the staged content (the git index)");
  graph->add_option("--rev", graph_flags.rev, "Read a committed revision");

  app.add_subcommand("rules", "List every rule");
  std::string rule_id;
  CLI::App* rule = app.add_subcommand("rule", "Print the documentation of one rule");
  rule->add_option("id", rule_id, "Rule id, e.g. flux-dependson-cycle")->required();
  app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitError;
  }

  try {
    if (check->parsed()) return RunCheckCommand(flags);
    if (build->parsed()) return RunBuildCommand(build_flags);
    if (graph->parsed()) return RunGraphCommand(graph_flags);
    if (app.got_subcommand("rules")) return RunRulesCommand();
    if (rule->parsed()) return RunRuleCommand(rule_id);
    if (app.got_subcommand("version")) {
      std::printf("fluxlint %s\n", FLUXLINT_VERSION);
      return kExitClean;
    }
  } catch (const std::exception& e) {
    // Internal bug: report it clearly instead of terminating.
    std::fprintf(stderr, "fluxlint: internal error: %s\n", e.what());
    return kExitError;
  }
  return kExitError;
}

}  // namespace fluxlint::cli
