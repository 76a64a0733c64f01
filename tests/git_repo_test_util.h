// Shared set-up of the end-to-end tests: shell commands, and a fresh git repository in a
// temporary folder that the built `fluxlint` binary runs in.
#ifndef FLUXLINT_TESTS_GIT_REPO_TEST_UTIL_H_
#define FLUXLINT_TESTS_GIT_REPO_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace fluxlint::testing_util {

/// `s` quoted for /bin/sh.
inline std::string ShellQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

struct ShellOutcome {
  int status = -1;  ///< exit status, or -1 when killed by a signal
  std::string out;  ///< stdout and stderr, interleaved
  double seconds = 0;
};

/// Runs `command` with /bin/sh, stderr joined to stdout.
inline ShellOutcome RunShell(const std::string& command) {
  ShellOutcome outcome;
  const auto start = std::chrono::steady_clock::now();
  FILE* pipe = popen(("exec 2>&1; " + command).c_str(), "r");
  if (pipe == nullptr) {
    outcome.out = "popen failed";
    return outcome;
  }
  char buffer[8192];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) outcome.out.append(buffer, n);
  const int status = pclose(pipe);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A test with a fresh git repository (branch main) in a temporary folder, removed afterwards.
class GitRepoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "fluxlint-test.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Git("init -q -b main");
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  /// Runs `git ARGS` in the repository with a test identity; fails the test when git fails.
  void Git(const std::string& args) {
    ShellOutcome r = RunShell("cd " + ShellQuote(dir_) +
                              " && git -c user.name=t -c user.email=t@example.com"
                              " -c commit.gpgsign=false " +
                              args);
    ASSERT_EQ(r.status, 0) << "git " << args << ": " << r.out;
  }
  /// Writes `content` to the repository-relative `rel`, creating its folders.
  void Write(const std::string& rel, const std::string& content) {
    std::filesystem::path p = std::filesystem::path(dir_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  std::string Read(const std::string& rel) const {
    return ReadFile(std::filesystem::path(dir_) / rel);
  }
  /// Runs the built binary with `args` in the repository, with the environment `env` (`A=b …`).
  ShellOutcome Fluxlint(const std::string& args, const std::string& env = "NO_COLOR=1") {
    return RunShell("cd " + ShellQuote(dir_) + " && env " + env + " " +
                    ShellQuote(FLUXLINT_BINARY) + " " + args);
  }
  /// Stages everything and commits it (an empty commit when nothing changed).
  void CommitAll(const std::string& message) {
    Git("add -A");
    Git("commit -q --allow-empty -m " + ShellQuote(message));
  }

  std::string dir_;
};

}  // namespace fluxlint::testing_util

#endif  // FLUXLINT_TESTS_GIT_REPO_TEST_UTIL_H_
