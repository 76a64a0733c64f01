// Integration: the places people run fluxlint from. The pre-commit framework's hooks
// (.pre-commit-hooks.yaml) and the plain git hook (hooks/pre-commit) under real `git commit`s, and
// the GitHub Action (action.yml), whose steps are read from action.yml and run the way the runner
// runs a composite action, with a simulated GITHUB_* environment.
//
// The hook scenarios are the scripts in tests/integration/ (each can also be run by hand); this
// file runs them and checks what the action writes.

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "diag/span.h"
#include "tests/git_repo_test_util.h"
#include "yaml/loader.h"
#include "yaml/node.h"

namespace fluxlint {
namespace {

namespace fs = std::filesystem;

// The problems every integration must stop, by the id of the rule that reports each. The fixtures
// are in tests/integration/lib.sh (write_problem).
constexpr std::array kProblems = {"yaml-duplicate-key", "yaml-syntax-error",
                                  "flux-dependson-cycle"};

constexpr double kMaxSeconds = 20;  // per scenario

using Outcome = testing_util::ShellOutcome;
using testing_util::ReadFile;
using testing_util::RunShell;
using testing_util::ShellQuote;

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

/// A fresh directory, removed with everything in it at the end of the scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "fluxlint-integration.XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

fs::path SourceDir() { return FLUXLINT_SOURCE_DIR; }

std::string ScriptEnvironment() {
  return "FLUXLINT_BINARY=" + ShellQuote(FLUXLINT_BINARY) +
         " FLUXLINT_SOURCE_DIR=" + ShellQuote(FLUXLINT_SOURCE_DIR);
}

/// Runs tests/integration/SCRIPT CASE WORKDIR ARGS... in a fresh WORKDIR; the script checks its
/// own expectations and exits 0 when all of them held.
void ExpectScenarioPasses(const std::string& script, const std::string& case_name,
                          const std::vector<std::string>& args = {}) {
  TempDir work;
  ASSERT_FALSE(work.path().empty());
  std::string command = "env " + ScriptEnvironment() + " bash " +
                        ShellQuote((SourceDir() / "tests/integration" / script).string()) + " " +
                        ShellQuote(case_name) + " " + ShellQuote(work.path().string());
  for (const std::string& arg : args) command += " " + ShellQuote(arg);
  Outcome outcome = RunShell(command);
  EXPECT_EQ(outcome.status, 0) << script << " " << case_name << ":\n" << outcome.out;
  EXPECT_LT(outcome.seconds, kMaxSeconds) << script << " " << case_name;
}

bool PreCommitInstalled() { return RunShell("command -v pre-commit").status == 0; }

constexpr char kNoPreCommit[] =
    "the pre-commit framework is not installed (Debian: apt-get install pre-commit, or "
    "tools/install-deps.sh --ci)";

// --- plain git hook (hooks/pre-commit) -----------------------------------------------------------

TEST(GitHookTest, InstalledWithCoreHooksPath) { ExpectScenarioPasses("git_hook.sh", "hooks-path"); }

TEST(GitHookTest, NoVerifyBypassesTheHookOnce) { ExpectScenarioPasses("git_hook.sh", "no-verify"); }

TEST(GitHookTest, ChecksWhatCommitAllAndCommitPathRecord) {
  ExpectScenarioPasses("git_hook.sh", "commit-index");
}

TEST(GitHookTest, ExplainsAMissingBinaryAndHonoursFluxlintVariable) {
  ExpectScenarioPasses("git_hook.sh", "missing-binary");
}

TEST(GitHookTest, ConfigurationErrorStopsTheCommit) {
  ExpectScenarioPasses("git_hook.sh", "config-error");
}

// --- pre-commit framework (.pre-commit-hooks.yaml) -----------------------------------------------

TEST(PreCommitFrameworkTest, HookRepositoryWithRevAndWorkTreeHook) {
  if (!PreCommitInstalled()) GTEST_SKIP() << kNoPreCommit;
  ExpectScenarioPasses("pre_commit_framework.sh", "hook-repository");
}

TEST(PreCommitFrameworkTest, RunsOnlyForYamlAndKustomizationFiles) {
  if (!PreCommitInstalled()) GTEST_SKIP() << kNoPreCommit;
  ExpectScenarioPasses("pre_commit_framework.sh", "files-filter");
}

TEST(PreCommitFrameworkTest, ManifestDeclaresBothHooks) {
  SourceStore store;
  const SourceFile* file = store.Add(".pre-commit-hooks.yaml",
                                     ReadFile(SourceDir() / ".pre-commit-hooks.yaml"), "", "file");
  yaml::LoadedFile loaded = yaml::Load(*file);
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors.front().message;
  ASSERT_EQ(loaded.documents.size(), 1u);
  const yaml::Node& hooks = loaded.documents[0].root;
  ASSERT_TRUE(hooks.IsSequence());
  std::map<std::string, const yaml::Node*> by_id;
  for (const yaml::Node& hook : hooks.children) by_id[std::string(hook.GetString("id"))] = &hook;
  ASSERT_EQ(by_id.count("fluxlint"), 1u);
  ASSERT_EQ(by_id.count("fluxlint-worktree"), 1u);
  EXPECT_EQ(by_id["fluxlint"]->GetString("entry"), "fluxlint check --staged");
  EXPECT_EQ(by_id["fluxlint-worktree"]->GetString("entry"), "fluxlint check");
  for (const auto& [id, hook] : by_id) {
    EXPECT_EQ(hook->GetString("language"), "system") << id;
    EXPECT_EQ(hook->GetString("pass_filenames"), "false") << id;
    EXPECT_EQ(hook->GetString("require_serial"), "true") << id;
    const std::regex files(std::string(hook->GetString("files")), std::regex::ECMAScript);
    for (const char* path : {"a.yaml", "clusters/prod/flux.yml", "apps/kustomization.yaml",
                             "apps/Kustomization", "kustomization"}) {
      EXPECT_TRUE(std::regex_search(path, files)) << id << " should run for " << path;
    }
    for (const char* path : {"README.md", "yaml", "apps/kustomization.json", "a.yaml.bak"}) {
      EXPECT_FALSE(std::regex_search(path, files)) << id << " should not run for " << path;
    }
  }
}

// --- every problem, through every integration ----------------------------------------------------

class ProblemTest : public testing::TestWithParam<const char*> {};

TEST_P(ProblemTest, GitHookStopsTheCommit) {
  ExpectScenarioPasses("git_hook.sh", "reject-then-accept", {GetParam()});
}

TEST_P(ProblemTest, PreCommitFrameworkRejectsTheCommit) {
  if (!PreCommitInstalled()) GTEST_SKIP() << kNoPreCommit;
  ExpectScenarioPasses("pre_commit_framework.sh", "local-repo", {GetParam()});
}

// --- GitHub Action (action.yml) ------------------------------------------------------------------

/// What the GitHub runner provides to one run of the action.
struct Job {
  fs::path root;                              ///< holds workspace/, home/, temp/, summary.md
  std::string event_name = "push";            ///< GITHUB_EVENT_NAME
  std::map<std::string, std::string> github;  ///< the github context: "action_ref" -> "v1"
  std::map<std::string, std::string> inputs;  ///< the `with:` of the workflow step
  bool cache_hit = true;  ///< actions/cache restores a fluxlint binary (the one under test)

  fs::path workspace() const { return root / "workspace"; }
  fs::path home() const { return root / "home"; }
  fs::path summary() const { return root / "summary.md"; }
};

/// What a run of the action did.
struct ActionRun {
  int status = 0;           ///< the exit status of the step that failed, else 0
  std::string failed_step;  ///< its id
  std::string log;          ///< everything the steps printed
  std::map<std::string, std::map<std::string, std::string>> steps;  ///< step id -> its outputs
  std::map<std::string, std::string> outputs;                       ///< the action's outputs
};

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

/// Reads name=value and name<<DELIMITER … DELIMITER entries of a $GITHUB_OUTPUT file.
std::map<std::string, std::string> ParseOutputFile(const std::string& text) {
  std::map<std::string, std::string> outputs;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t heredoc = line.find("<<");
    size_t eq = line.find('=');
    if (heredoc != std::string::npos && (eq == std::string::npos || heredoc < eq)) {
      std::string name = line.substr(0, heredoc);
      std::string delimiter = line.substr(heredoc + 2);
      std::string value;
      bool first = true;
      while (std::getline(in, line) && line != delimiter) {
        if (!first) value += '\n';
        value += line;
        first = false;
      }
      outputs[name] = value;
    } else if (eq != std::string::npos) {
      outputs[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return outputs;
}

/// Runs the composite action in action.yml the way the GitHub runner does: every `run:` step with
/// `bash --noprofile --norc -eo pipefail` in the workspace, `${{ }}` expressions in `env:`,
/// `with:` and the outputs evaluated against the inputs, the step outputs and the github context,
/// and a fresh $GITHUB_OUTPUT per step. actions/cache is simulated: a hit puts the fluxlint binary
/// under test in the cached folder, as if an earlier run had built it there. Anything in action.yml
/// the simulator does not know (other actions, `if:`, unknown contexts) is a test failure.
class ActionRunner {
 public:
  explicit ActionRunner(const Job& job) : job_(job) {}

  ActionRun Run() {
    ActionRun run;
    SourceStore store;
    const SourceFile* file =
        store.Add("action.yml", ReadFile(SourceDir() / "action.yml"), "", "file");
    yaml::LoadedFile loaded = yaml::Load(*file);
    if (!loaded.errors.empty() || loaded.documents.empty()) {
      ADD_FAILURE() << "action.yml does not load";
      return run;
    }
    const yaml::Node& action = loaded.documents[0].root;
    if (!SetInputs(action)) return run;
    const yaml::Node* steps = action.Find({"runs", "steps"});
    if (action.Find({"runs", "using"}) == nullptr ||
        action.Find({"runs", "using"})->value != "composite" || steps == nullptr) {
      ADD_FAILURE() << "action.yml is not a composite action with steps";
      return run;
    }
    fs::create_directories(job_.root / "temp");
    fs::create_directories(job_.home());
    int index = 0;
    for (const yaml::Node& step : steps->children) {
      std::string id(step.GetString("id"));
      if (id.empty()) id = "step" + std::to_string(index);
      ++index;
      if (step.Get("if") != nullptr) {
        ADD_FAILURE() << "step " << id << ": the simulator does not evaluate `if:`";
        return run;
      }
      int status = step.Get("run") != nullptr ? RunStep(step, id, run) : UseAction(step, id, run);
      if (status != 0) {
        run.status = status;
        run.failed_step = id;
        break;
      }
    }
    if (const yaml::Node* outputs = action.Get("outputs")) {
      for (size_t i = 0; i < outputs->EntryCount(); ++i) {
        run.outputs[outputs->Key(i).value] = Evaluate(outputs->Value(i).GetString("value"), run);
      }
    }
    return run;
  }

 private:
  bool SetInputs(const yaml::Node& action) {
    const yaml::Node* declared = action.Get("inputs");
    ActionRun none;
    for (size_t i = 0; declared != nullptr && i < declared->EntryCount(); ++i) {
      inputs_[declared->Key(i).value] = Evaluate(declared->Value(i).GetString("default"), none);
    }
    for (const auto& [name, value] : job_.inputs) {
      if (inputs_.count(name) == 0) {
        ADD_FAILURE() << "action.yml declares no input '" << name << "'";
        return false;
      }
      inputs_[name] = value;
    }
    return true;
  }

  std::string Lookup(const std::string& expression, const ActionRun& run) {
    static const std::regex kStepOutput(R"(steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+))");
    std::smatch m;
    if (expression.rfind("inputs.", 0) == 0) {
      auto it = inputs_.find(expression.substr(7));
      if (it != inputs_.end()) return it->second;
    } else if (std::regex_match(expression, m, kStepOutput)) {
      auto step = run.steps.find(m[1]);
      if (step == run.steps.end()) return "";
      auto it = step->second.find(m[2]);
      return it == step->second.end() ? "" : it->second;
    } else if (expression.rfind("github.", 0) == 0) {
      auto it = job_.github.find(expression.substr(7));
      return it == job_.github.end() ? "" : it->second;  // absent properties are empty
    }
    ADD_FAILURE() << "the simulator cannot evaluate ${{ " << expression << " }}";
    return "";
  }

  std::string Evaluate(std::string_view text, const ActionRun& run) {
    std::string out;
    size_t pos = 0;
    while (true) {
      size_t open = text.find("${{", pos);
      if (open == std::string_view::npos) break;
      size_t close = text.find("}}", open);
      if (close == std::string_view::npos) {
        ADD_FAILURE() << "unterminated expression in " << text;
        break;
      }
      out += text.substr(pos, open - pos);
      out += Lookup(Trim(text.substr(open + 3, close - open - 3)), run);
      pos = close + 2;
    }
    out += text.substr(pos);
    return out;
  }

  int RunStep(const yaml::Node& step, const std::string& id, ActionRun& run) {
    if (step.GetString("shell") != "bash") {
      ADD_FAILURE() << "step " << id << ": shell must be bash";
      return 1;
    }
    const fs::path output_file = job_.root / "temp" / ("output-" + id);
    std::ofstream(output_file).close();
    std::map<std::string, std::string> env = {
        {"CI", "true"},
        {"GITHUB_ACTIONS", "true"},
        {"GITHUB_ACTION_PATH", SourceDir().string()},
        {"GITHUB_EVENT_NAME", job_.event_name},
        {"GITHUB_OUTPUT", output_file.string()},
        {"GITHUB_STEP_SUMMARY", job_.summary().string()},
        {"GITHUB_WORKSPACE", job_.workspace().string()},
        {"HOME", job_.home().string()},
        {"RUNNER_TEMP", (job_.root / "temp").string()},
        {"XDG_CACHE_HOME", (job_.home() / ".cache").string()},
        {"GIT_CONFIG_NOSYSTEM", "1"},
        {"GIT_CONFIG_GLOBAL", "/dev/null"},
        {"NO_COLOR", "1"},
    };
    if (const yaml::Node* step_env = step.Get("env")) {
      for (size_t i = 0; i < step_env->EntryCount(); ++i) {
        env[step_env->Key(i).value] = Evaluate(step_env->Value(i).value, run);
      }
    }
    std::string command = "cd " + ShellQuote(job_.workspace().string()) + " && env";
    for (const auto& [name, value] : env) command += " " + ShellQuote(name + "=" + value);
    command += " bash --noprofile --norc -eo pipefail -c " +
               ShellQuote(Evaluate(step.GetString("run"), run));
    Outcome outcome = RunShell(command);
    run.log += outcome.out;
    run.steps[id] = ParseOutputFile(ReadFile(output_file));
    return outcome.status;
  }

  int UseAction(const yaml::Node& step, const std::string& id, ActionRun& run) {
    std::string_view uses = step.GetString("uses");
    if (uses.rfind("actions/cache@", 0) != 0) {
      ADD_FAILURE() << "step " << id << ": the simulator does not run " << uses;
      return 1;
    }
    const std::string path = Evaluate(step.Find({"with", "path"})->value, run);
    const std::string key = Evaluate(step.Find({"with", "key"})->value, run);
    if (path.empty() || key.empty()) {
      ADD_FAILURE() << "actions/cache without a path or a key";
      return 1;
    }
    run.steps[id]["cache-hit"] = job_.cache_hit ? "true" : "false";
    if (job_.cache_hit) {
      fs::create_directories(path);
      fs::copy_file(FLUXLINT_BINARY, fs::path(path) / "fluxlint",
                    fs::copy_options::overwrite_existing);
    }
    return 0;
  }

  const Job& job_;
  std::map<std::string, std::string> inputs_;
};

/// A job whose workspace is a git repository.
class GithubActionTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(tmp_.path().empty());
    job_.root = tmp_.path();
    job_.github["action_ref"] = "v1";
    fs::create_directories(job_.workspace());
    Git("init -q -b main");
  }

  void Git(const std::string& args) {
    Outcome outcome =
        RunShell("cd " + ShellQuote(job_.workspace().string()) +
                 " && GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git -c user.name=t"
                 " -c user.email=t@example.com -c commit.gpgSign=false " +
                 args);
    ASSERT_EQ(outcome.status, 0) << "git " << args << ": " << outcome.out;
  }

  std::string Head() {
    Outcome outcome =
        RunShell("git -C " + ShellQuote(job_.workspace().string()) + " rev-parse HEAD");
    return Trim(outcome.out.substr(0, outcome.out.find('\n')));
  }

  /// Writes the fixture fleet of tests/integration/lib.sh into the workspace, with `problem`
  /// planted unless it is "clean"; returns what fluxlint must report for it.
  std::string WriteFleet(const std::string& problem) {
    Outcome outcome =
        RunShell("env " + ScriptEnvironment() + " bash " +
                 ShellQuote((SourceDir() / "tests/integration/fleet.sh").string()) + " " +
                 ShellQuote(job_.workspace().string()) + " " + ShellQuote(problem));
    EXPECT_EQ(outcome.status, 0) << outcome.out;
    return Trim(outcome.out.substr(0, outcome.out.find('\n')));
  }

  void Commit(const std::string& message) {
    Git("add -A");
    Git("commit -q -m " + ShellQuote(message));
  }

  ActionRun RunAction() { return ActionRunner(job_).Run(); }

  /// Parses the SARIF file the run reports as its sarif-file output.
  nlohmann::json Sarif(const ActionRun& run) {
    auto it = run.outputs.find("sarif-file");
    if (it == run.outputs.end() || it->second.empty()) {
      ADD_FAILURE() << "no sarif-file output";
      return {};
    }
    EXPECT_TRUE(fs::path(it->second).is_absolute()) << it->second;
    EXPECT_TRUE(fs::exists(it->second)) << it->second;
    nlohmann::json sarif = nlohmann::json::parse(ReadFile(it->second), nullptr, false);
    EXPECT_FALSE(sarif.is_discarded()) << it->second << " is not JSON";
    return sarif;
  }

  /// Keeps a copy of the run's SARIF for tests/validate_sarif.sh when FLUXLINT_SARIF_DIR is set.
  void KeepSarif(const ActionRun& run, const std::string& name) {
    const char* keep = std::getenv("FLUXLINT_SARIF_DIR");
    auto it = run.outputs.find("sarif-file");
    if (keep == nullptr || *keep == '\0' || it == run.outputs.end()) return;
    fs::create_directories(keep);
    fs::copy_file(it->second, fs::path(keep) / ("integration-action-" + name + ".sarif"),
                  fs::copy_options::overwrite_existing);
  }

  TempDir tmp_;
  Job job_;
};

class GithubActionProblemTest : public GithubActionTest,
                                public testing::WithParamInterface<const char*> {};

TEST_P(GithubActionProblemTest, PullRequestGetsAnnotationsSarifAndSummary) {
  const std::string rule = GetParam();
  WriteFleet("clean");
  Commit("base");
  const std::string base = Head();
  const std::string expected = WriteFleet(rule);  // e.g. apps/x.yaml:8:3: error[rule]
  Commit("head");
  std::smatch where;
  ASSERT_TRUE(std::regex_search(expected, where, std::regex(R"(^([^:]+):(\d+):)"))) << expected;
  std::ofstream(job_.summary()) << "# An earlier step\n";
  job_.event_name = "pull_request";
  job_.github["event.pull_request.base.sha"] = base;

  ActionRun run = RunAction();
  EXPECT_EQ(run.status, 1) << run.log;
  EXPECT_EQ(run.failed_step, "run");
  EXPECT_TRUE(Contains(run.log, "Comparing with " + base + " (the pull request's base")) << run.log;
  EXPECT_TRUE(Contains(run.log, "::error file=" + where[1].str() + ",line=" + where[2].str() + ","))
      << run.log;
  EXPECT_TRUE(Contains(run.log, "title=" + rule + "::")) << run.log;
  EXPECT_TRUE(Contains(run.log, "Using the cached fluxlint")) << run.log;

  nlohmann::json sarif = Sarif(run);
  ASSERT_TRUE(sarif.is_object());
  EXPECT_EQ(sarif.value("version", ""), "2.1.0");
  ASSERT_TRUE(sarif["runs"].is_array() && !sarif["runs"].empty());
  nlohmann::json results = sarif["runs"][0]["results"];  // a copy: [] on it never asserts
  ASSERT_TRUE(results.is_array() && !results.empty()) << sarif.dump(2);
  EXPECT_EQ(results[0].value("ruleId", ""), rule);
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"].value("uri", ""),
            where[1].str());
  KeepSarif(run, rule);

  const std::string summary = ReadFile(job_.summary());
  EXPECT_EQ(summary.rfind("# An earlier step\n", 0), 0u) << "appended, not replaced:\n" << summary;
  EXPECT_TRUE(Contains(summary, "## fluxlint")) << summary;
  EXPECT_TRUE(Contains(summary, rule)) << summary;
}

TEST_F(GithubActionTest, CleanPushPassesAndComparesWithTheParent) {
  WriteFleet("clean");
  Commit("one");
  // A safe edit (a new ConfigMap key). Renaming the file instead would leave the kustomization
  // listing a missing resource, which kustomize-build-error rightly reports.
  {
    std::ofstream cm(job_.workspace() / "apps/podinfo/configmap.yaml", std::ios::app);
    cm << "  extra: value\n";
  }
  Git("commit -q -a -m two");
  ActionRun run = RunAction();
  EXPECT_EQ(run.status, 0) << run.log;
  EXPECT_TRUE(Contains(run.log, "Comparing with HEAD~1 (the parent commit)")) << run.log;
  EXPECT_FALSE(Contains(run.log, "::error")) << run.log;
  nlohmann::json sarif = Sarif(run);
  ASSERT_TRUE(sarif.is_object());
  EXPECT_TRUE(sarif["runs"][0]["results"].empty()) << sarif.dump(2);
  KeepSarif(run, "clean");
  EXPECT_TRUE(Contains(ReadFile(job_.summary()), "No problems found")) << run.log;
}

TEST_F(GithubActionTest, FirstCommitHasNoBaseAndSaysSo) {
  WriteFleet("clean");
  Commit("first");
  ActionRun run = RunAction();
  EXPECT_EQ(run.status, 0) << run.log;
  EXPECT_TRUE(Contains(run.log, "::notice title=fluxlint::HEAD has no parent")) << run.log;
  EXPECT_TRUE(Contains(run.log, "fetch-depth")) << run.log;
}

TEST_F(GithubActionTest, FailOnAndConfigInputs) {
  WriteFleet("yaml-duplicate-key");
  fs::create_directories(job_.workspace() / "ci");
  std::ofstream(job_.workspace() / "ci/fluxlint.yaml")
      << "rules:\n  severity:\n    yaml-duplicate-key: warning\n";
  Commit("duplicate key, a warning in ci/fluxlint.yaml");

  ActionRun errors_only = RunAction();  // .fluxlint.yaml is absent: an error
  EXPECT_EQ(errors_only.status, 1) << errors_only.log;

  job_.inputs["fail-on"] = "never";
  ActionRun never = RunAction();
  EXPECT_EQ(never.status, 0) << never.log;
  EXPECT_TRUE(Contains(never.log, "::error file=")) << never.log;

  job_.inputs["fail-on"] = "error";
  job_.inputs["config"] = "ci/fluxlint.yaml";
  ActionRun warning = RunAction();
  EXPECT_EQ(warning.status, 0) << warning.log;
  EXPECT_TRUE(Contains(warning.log, "::warning file=apps/podinfo/configmap.yaml,line=8,"))
      << warning.log;

  job_.inputs["fail-on"] = "warning";
  ActionRun fail_on_warning = RunAction();
  EXPECT_EQ(fail_on_warning.status, 1) << fail_on_warning.log;
  EXPECT_TRUE(Contains(fail_on_warning.log, "at or above 'warning'")) << fail_on_warning.log;
}

TEST_F(GithubActionTest, FormatAndPathInputs) {
  WriteFleet("yaml-duplicate-key");
  fs::create_directories(job_.workspace() / "infra");
  std::ofstream(job_.workspace() / "infra/namespace.yaml")
      << "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: infra\n";
  Commit("duplicate key");

  job_.inputs["format"] = "text";
  ActionRun text = RunAction();
  EXPECT_EQ(text.status, 1) << text.log;
  EXPECT_TRUE(Contains(text.log, "apps/podinfo/configmap.yaml:8:3: error[yaml-duplicate-key]"))
      << text.log;
  EXPECT_FALSE(Contains(text.log, "::error file=")) << text.log;
  EXPECT_FALSE(Sarif(text).empty());  // written whatever the log format

  job_.inputs.erase("format");
  // A folder that has nothing to do with the broken file. (Not "clusters": the Flux
  // Kustomizations defined there are in scope, and so is what they render.)
  job_.inputs["path"] = "infra";
  ActionRun clean_folder = RunAction();
  EXPECT_EQ(clean_folder.status, 0) << clean_folder.log;

  job_.inputs["path"] = "infra\napps/podinfo";
  ActionRun two_folders = RunAction();
  EXPECT_EQ(two_folders.status, 1) << two_folders.log;
}

TEST_F(GithubActionTest, BadInputsFailWithAnErrorAnnotation) {
  WriteFleet("clean");
  Commit("clean");

  job_.inputs["base"] = "no-such-branch";
  ActionRun bad_base = RunAction();
  EXPECT_EQ(bad_base.status, 2) << bad_base.log;
  EXPECT_TRUE(Contains(bad_base.log, "no-such-branch")) << bad_base.log;
  EXPECT_TRUE(Contains(bad_base.log, "::error title=fluxlint::")) << bad_base.log;
  EXPECT_EQ(bad_base.outputs["sarif-file"], "");

  job_.inputs.erase("base");
  for (const auto& [input, value] : std::vector<std::pair<std::string, std::string>>{
           {"format", "xml"}, {"fail-on", "sometimes"}, {"path", "no-such-folder"}}) {
    job_.inputs = {{input, value}};
    ActionRun bad = RunAction();
    EXPECT_EQ(bad.status, 2) << input << ": " << bad.log;
    EXPECT_TRUE(Contains(bad.log, "::error title=fluxlint::")) << input << ": " << bad.log;
  }

  // A pull request's base that the clone lacks and cannot fetch (there is no remote here).
  job_.inputs.clear();
  job_.event_name = "pull_request";
  job_.github["event.pull_request.base.sha"] = "0123456789abcdef0123456789abcdef01234567";
  ActionRun missing_base = RunAction();
  EXPECT_EQ(missing_base.status, 2) << missing_base.log;
  EXPECT_TRUE(Contains(missing_base.log, "fetch-depth: 0")) << missing_base.log;
}

TEST_F(GithubActionTest, CacheKeyNamesVersionRefAndSources) {
  WriteFleet("clean");
  Commit("clean");
  std::smatch version;
  const std::string cmake = ReadFile(SourceDir() / "CMakeLists.txt");
  ASSERT_TRUE(
      std::regex_search(cmake, version, std::regex(R"(project\(fluxlint VERSION ([^ )]+))")));

  job_.github["action_ref"] = "release/v1 beta";
  ActionRun first = RunAction();
  EXPECT_EQ(first.status, 0) << first.log;
  const std::string key = first.steps["cache-key"]["key"];
  EXPECT_EQ(key.rfind("fluxlint-" + version[1].str() + "-release-v1-beta-", 0), 0u) << key;
  EXPECT_TRUE(std::regex_search(key, std::regex("-[0-9a-f]{16}$"))) << key;
  EXPECT_EQ(first.steps["cache-key"]["dir"],
            (job_.home() / ".cache/fluxlint-action" / key).string());
  EXPECT_EQ(first.steps["build"]["fluxlint"], first.steps["cache-key"]["dir"] + "/fluxlint");

  ActionRun second = RunAction();
  EXPECT_EQ(second.steps["cache-key"]["key"], key) << "the key must be deterministic";
}

std::string ProblemName(const testing::TestParamInfo<const char*>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Integration, ProblemTest, testing::ValuesIn(kProblems), ProblemName);
INSTANTIATE_TEST_SUITE_P(Integration, GithubActionProblemTest, testing::ValuesIn(kProblems),
                         ProblemName);

}  // namespace
}  // namespace fluxlint
