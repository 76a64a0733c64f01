#ifndef FLUXLINT_SOURCE_TREE_TEST_UTIL_H_
#define FLUXLINT_SOURCE_TREE_TEST_UTIL_H_

// Test helpers for src/source/*_test.cc (header-only, so it stays out of the library): a
// temporary directory, running git, and one fixture checked the same way against every Tree
// implementation.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "source/memory_tree.h"
#include "source/tree.h"

namespace fluxlint::source::testing {

/// A fresh directory under /tmp, removed (without following symlinks) when destroyed.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = "/tmp/fluxlint-source-XXXXXX";
    char* dir = mkdtemp(tmpl.data());
    if (dir == nullptr) {
      ADD_FAILURE() << "mkdtemp failed";
      return;
    }
    // Canonical, so that it compares equal to what libgit2 reports.
    path_ = std::filesystem::canonical(dir).string();
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(std::string_view rel) const { return path_ + "/" + std::string(rel); }

 private:
  std::string path_;
};

/// Writes `content` to `path`, creating parent directories.
inline void WriteFile(const std::string& path, std::string_view content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  ASSERT_TRUE(out.good()) << path;
}

/// Creates a symlink at `path` with the link text `target`.
inline void MakeSymlink(const std::string& path, const std::string& target) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  ASSERT_EQ(symlink(target.c_str(), path.c_str()), 0) << path;
}

/// Runs a shell command with git isolated from the user's configuration; returns its stdout.
/// A non-zero exit status is a test failure.
inline std::string Shell(const std::string& command) {
  std::string full =
      "env GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_TERMINAL_PROMPT=0 "
      "GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' GIT_COMMITTER_DATE='2024-01-01T00:00:00Z' "
      "sh -c '" +
      command + "' 2>&1";
  std::string out;
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen failed: " << command;
    return out;
  }
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  int status = pclose(pipe);
  EXPECT_EQ(status, 0) << command << "\n" << out;
  return out;
}

/// Runs `git <args>` in `dir` (args are shell words; no single quotes).
inline std::string Git(const std::string& dir, const std::string& args) {
  return Shell("git -C \"" + dir +
               "\" -c user.name=Test -c user.email=test@example.com -c init.defaultBranch=main "
               "-c commit.gpgsign=false -c core.symlinks=true " +
               args);
}

/// Strips trailing newlines.
inline std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

/// One entry of the shared fixture: a file, or a symlink when `link` is true.
struct FixtureEntry {
  const char* path;
  const char* data;
  bool link = false;
};

/// The content every Tree implementation is checked against. Empty directories are left out
/// (git cannot store them).
inline const std::vector<FixtureEntry>& Fixture() {
  static const std::vector<FixtureEntry> kEntries = {
      {"README.md", "hello\n"},
      {"apps/base/deployment.yaml", "kind: Deployment\nmetadata:\n  name: web\n"},
      {"apps/base/kustomization.yaml", "resources:\n- deployment.yaml\n"},
      {"apps/prod/kustomization.yaml", "resources:\n- ../base\n"},
      {"apps/link.yaml", "base/deployment.yaml", true},
      {"apps/base-link", "base", true},
      {"apps/prod/up.yaml", "../base/kustomization.yaml", true},
      {"chain1", "chain2", true},
      {"chain2", "apps/../README.md", true},
      {"mid", "apps", true},
      {"dir/to-root", "..", true},
      {"dir/file-as-dir", "../README.md/x", true},
      {"escape.yaml", "../../etc/passwd", true},
      {"dir/escape-dir", "../..", true},
      {"abs.yaml", "/etc/passwd", true},
      {"loop-a", "loop-b", true},
      {"loop-b", "loop-a", true},
      {"self", "self", true},
      {"dangling", "missing.yaml", true},
  };
  return kEntries;
}

inline void PopulateMemory(MemoryTree& tree) {
  for (const FixtureEntry& e : Fixture()) {
    if (e.link) {
      tree.AddSymlink(e.path, e.data);
    } else {
      tree.AddFile(e.path, e.data);
    }
  }
}

inline void PopulateDisk(const std::string& root) {
  for (const FixtureEntry& e : Fixture()) {
    if (e.link) {
      MakeSymlink(root + "/" + e.path, e.data);
    } else {
      WriteFile(root + "/" + e.path, e.data);
    }
  }
}

inline std::vector<std::string> Names(const std::vector<DirEntry>& entries) {
  std::vector<std::string> out;
  for (const DirEntry& e : entries) out.push_back(e.name);
  return out;
}

#define FLUXLINT_EXPECT_ERROR(expr, code_value)            \
  do {                                                     \
    auto fluxlint_r = (expr);                              \
    EXPECT_FALSE(fluxlint_r.ok()) << #expr;                \
    EXPECT_EQ(fluxlint_r.status().code(), (code_value))    \
        << #expr << ": " << fluxlint_r.status().message(); \
  } while (0)

/// The assertions every Tree must pass on Fixture() content (`extra_root` lists names a tree
/// adds at the root, such as ".gitignore").
inline void ExpectFixtureBehaviour(const Tree& tree) {
  SCOPED_TRACE(tree.Describe());
  constexpr size_t kNoLimit = 1 << 20;

  // Listing: sorted by name, symlinks not followed.
  auto root = tree.List("");
  ASSERT_TRUE(root.ok()) << root.status().message();
  EXPECT_EQ(Names(*root), (std::vector<std::string>{"README.md", "abs.yaml", "apps", "chain1",
                                                    "chain2", "dangling", "dir", "escape.yaml",
                                                    "loop-a", "loop-b", "mid", "self"}));
  for (const DirEntry& e : *root) {
    if (e.name == "README.md") {
      EXPECT_EQ(e.kind, EntryKind::kFile);
    } else if (e.name == "apps" || e.name == "dir") {
      EXPECT_EQ(e.kind, EntryKind::kDirectory);
    } else if (e.name == "mid" || e.name == "loop-a") {
      EXPECT_EQ(e.kind, EntryKind::kSymlink);
    }
  }
  auto apps = tree.List("apps");
  ASSERT_TRUE(apps.ok()) << apps.status().message();
  EXPECT_EQ(Names(*apps), (std::vector<std::string>{"base", "base-link", "link.yaml", "prod"}));
  EXPECT_EQ(apps->at(1).kind, EntryKind::kSymlink);
  auto base = tree.List("apps/base");
  ASSERT_TRUE(base.ok());
  EXPECT_EQ(Names(*base), (std::vector<std::string>{"deployment.yaml", "kustomization.yaml"}));
  // A symlinked directory lists like its target, also in the middle of a path and with ".".
  for (const char* alias : {"apps/base-link", "mid/base", "./mid/base-link/",
                            "dir/to-root/apps/base", "apps/prod/../base"}) {
    auto via = tree.List(alias);
    ASSERT_TRUE(via.ok()) << alias << ": " << via.status().message();
    EXPECT_EQ(Names(*via), Names(*base)) << alias;
  }

  // Stat follows symlinks.
  EXPECT_EQ(*tree.Stat(""), EntryKind::kDirectory);
  EXPECT_EQ(*tree.Stat("README.md"), EntryKind::kFile);
  EXPECT_EQ(*tree.Stat("apps"), EntryKind::kDirectory);
  EXPECT_EQ(*tree.Stat("apps/link.yaml"), EntryKind::kFile);
  EXPECT_EQ(*tree.Stat("apps/base-link"), EntryKind::kDirectory);
  EXPECT_EQ(*tree.Stat("mid"), EntryKind::kDirectory);
  EXPECT_EQ(*tree.Stat("dir/to-root"), EntryKind::kDirectory);

  // Read and Id through links, chains and a link in the middle of the path.
  const std::string deployment = "kind: Deployment\nmetadata:\n  name: web\n";
  for (const char* p : {"apps/base/deployment.yaml", "apps/link.yaml", "mid/base/deployment.yaml",
                        "apps/base-link/deployment.yaml", "mid/link.yaml",
                        "dir/to-root/apps/link.yaml", "apps/prod/../base/deployment.yaml"}) {
    auto text = tree.Read(p, kNoLimit);
    ASSERT_TRUE(text.ok()) << p << ": " << text.status().message();
    EXPECT_EQ(*text, deployment) << p;
    auto id = tree.Id(p);
    ASSERT_TRUE(id.ok()) << p << ": " << id.status().message();
    EXPECT_EQ(*id, BlobId(deployment)) << p;
  }
  EXPECT_EQ(*tree.Read("chain1", kNoLimit), "hello\n");
  EXPECT_EQ(*tree.Read("apps/prod/up.yaml", kNoLimit), "resources:\n- deployment.yaml\n");
  EXPECT_EQ(*tree.Id("README.md"), BlobId("hello\n"));

  // Escapes.
  auto escape = tree.Read("escape.yaml", kNoLimit);
  ASSERT_FALSE(escape.ok());
  EXPECT_EQ(escape.status().code(), ErrorCode::kOutsideRoot);
  EXPECT_EQ(escape.status().message(),
            "symlink 'escape.yaml' points outside the repository ('../../etc/passwd')");
  FLUXLINT_EXPECT_ERROR(tree.Read("abs.yaml", kNoLimit), ErrorCode::kOutsideRoot);
  FLUXLINT_EXPECT_ERROR(tree.Stat("abs.yaml"), ErrorCode::kOutsideRoot);
  FLUXLINT_EXPECT_ERROR(tree.List("dir/escape-dir"), ErrorCode::kOutsideRoot);
  FLUXLINT_EXPECT_ERROR(tree.Id("escape.yaml"), ErrorCode::kOutsideRoot);
  FLUXLINT_EXPECT_ERROR(tree.Read("../README.md", kNoLimit), ErrorCode::kOutsideRoot);
  FLUXLINT_EXPECT_ERROR(tree.Read("/etc/passwd", kNoLimit), ErrorCode::kOutsideRoot);
  FLUXLINT_EXPECT_ERROR(tree.List("apps/../.."), ErrorCode::kOutsideRoot);

  // Loops end quickly.
  auto start = std::chrono::steady_clock::now();
  auto loop = tree.Read("loop-a", kNoLimit);
  ASSERT_FALSE(loop.ok());
  EXPECT_EQ(loop.status().code(), ErrorCode::kSymlinkLoop);
  EXPECT_EQ(loop.status().message(), "symlink loop at 'loop-a'");
  FLUXLINT_EXPECT_ERROR(tree.Stat("self"), ErrorCode::kSymlinkLoop);
  FLUXLINT_EXPECT_ERROR(tree.List("loop-b"), ErrorCode::kSymlinkLoop);
  FLUXLINT_EXPECT_ERROR(tree.Id("loop-b/x"), ErrorCode::kSymlinkLoop);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));

  // Missing things and wrong kinds.
  FLUXLINT_EXPECT_ERROR(tree.Read("dangling", kNoLimit), ErrorCode::kNotFound);
  FLUXLINT_EXPECT_ERROR(tree.Stat("nope.yaml"), ErrorCode::kNotFound);
  FLUXLINT_EXPECT_ERROR(tree.Stat("apps/nope/x.yaml"), ErrorCode::kNotFound);
  FLUXLINT_EXPECT_ERROR(tree.Read("README.md/x", kNoLimit), ErrorCode::kNotFound);
  FLUXLINT_EXPECT_ERROR(tree.Read("dir/file-as-dir", kNoLimit), ErrorCode::kNotFound);
  FLUXLINT_EXPECT_ERROR(tree.List("README.md"), ErrorCode::kNotFound);
  FLUXLINT_EXPECT_ERROR(tree.List("nope"), ErrorCode::kNotFound);
  FLUXLINT_EXPECT_ERROR(tree.Read("apps", kNoLimit), ErrorCode::kNotAFile);
  FLUXLINT_EXPECT_ERROR(tree.Read("mid", kNoLimit), ErrorCode::kNotAFile);
  FLUXLINT_EXPECT_ERROR(tree.Id("apps/base"), ErrorCode::kNotAFile);
  FLUXLINT_EXPECT_ERROR(tree.Read(".git/config", kNoLimit), ErrorCode::kNotFound);

  // Size limit: checked before reading, exact message; at the limit is fine.
  auto big = tree.Read("README.md", 3);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), ErrorCode::kTooLarge);
  EXPECT_EQ(big.status().message(),
            "file 'README.md' is 6 bytes, larger than the limit of 3 bytes");
  EXPECT_TRUE(tree.Read("README.md", 6).ok());
  EXPECT_EQ(tree.Read("chain1", 5).status().code(), ErrorCode::kTooLarge);

  // Many threads at once see the same content.
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&tree, &failures, &deployment, t] {
      for (int i = 0; i < 50; ++i) {
        auto a = tree.Read("mid/link.yaml", kNoLimit);
        auto b = tree.Id("chain1");
        auto c = tree.List("apps/base-link");
        if (!a.ok() || *a != deployment || !b.ok() || *b != BlobId("hello\n") || !c.ok() ||
            c->size() != 2) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

}  // namespace fluxlint::source::testing

#endif  // FLUXLINT_SOURCE_TREE_TEST_UTIL_H_
