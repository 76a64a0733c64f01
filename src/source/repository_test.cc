#include "source/repository.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "source/tree_test_util.h"

namespace fluxlint::source {
namespace {

using testing::Git;
using testing::MakeSymlink;
using testing::Names;
using testing::Shell;
using testing::TempDir;
using testing::Trim;
using testing::WriteFile;

constexpr size_t kLimit = 1 << 20;

std::unique_ptr<Repository> MustDiscover(const std::string& dir) {
  auto repo = Repository::Discover(dir);
  EXPECT_TRUE(repo.ok()) << repo.status().message();
  return repo.ok() ? std::move(repo).value() : nullptr;
}

std::unique_ptr<Tree> Must(Result<std::unique_ptr<Tree>> tree) {
  EXPECT_TRUE(tree.ok()) << tree.status().message();
  return tree.ok() ? std::move(tree).value() : nullptr;
}

// Sets an environment variable for the scope of a test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_.empty()) {
      unsetenv(name_);
    } else {
      setenv(name_, old_.c_str(), 1);
    }
  }

 private:
  const char* name_;
  std::string old_;
};

TEST(RepositoryTest, FixtureBehaviourOfEveryTree) {
  TempDir dir;
  Git(dir.path(), "init -q");
  testing::PopulateDisk(dir.path());
  Git(dir.path(), "add -A");
  Git(dir.path(), "commit -q -m fixture");
  auto repo = MustDiscover(dir.path());
  ASSERT_NE(repo, nullptr);
  EXPECT_EQ(repo->root(), dir.path());

  auto work = Must(repo->WorkTree());
  auto index = Must(repo->Index());
  auto head = Must(repo->Revision("HEAD"));
  ASSERT_TRUE(work && index && head);
  testing::ExpectFixtureBehaviour(*work);
  testing::ExpectFixtureBehaviour(*index);
  testing::ExpectFixtureBehaviour(*head);
  EXPECT_EQ(work->Describe(), "work tree");
  EXPECT_EQ(index->Describe(), "index");
  std::string short_id = Trim(Git(dir.path(), "rev-parse --short=7 HEAD"));
  EXPECT_EQ(head->Describe(), "HEAD (" + short_id + ")");

  // Ids of the git trees are the stored oids, and agree with git.
  std::string want = Trim(Git(dir.path(), "rev-parse HEAD:apps/base/deployment.yaml"));
  EXPECT_EQ(*head->Id("apps/base/deployment.yaml"), want);
  EXPECT_EQ(*index->Id("apps/link.yaml"), want);
  EXPECT_EQ(*work->Id("mid/base/deployment.yaml"), want);
}

TEST(RepositoryTest, WorkTreeIndexAndRevisionsDiffer) {
  TempDir dir;
  Git(dir.path(), "init -q");
  WriteFile(dir / "app/config.yaml", "v1\n");
  Git(dir.path(), "add -A");
  Git(dir.path(), "commit -q -m one");
  WriteFile(dir / "app/config.yaml", "v2\n");
  Git(dir.path(), "commit -q -am two");
  WriteFile(dir / "app/config.yaml", "v3 staged\n");
  WriteFile(dir / "app/new.yaml", "new\n");
  Git(dir.path(), "add -A");
  WriteFile(dir / "app/config.yaml", "v4 edited\n");
  WriteFile(dir / "app/untracked.yaml", "u\n");

  auto repo = MustDiscover(dir / "app");  // from a subdirectory
  ASSERT_NE(repo, nullptr);
  EXPECT_EQ(repo->root(), dir.path());
  auto work = Must(repo->WorkTree());
  auto index = Must(repo->Index());
  auto head = Must(repo->Revision("HEAD"));
  auto prev = Must(repo->Revision("HEAD~1"));
  ASSERT_TRUE(work && index && head && prev);

  EXPECT_EQ(*work->Read("app/config.yaml", kLimit), "v4 edited\n");
  EXPECT_EQ(*index->Read("app/config.yaml", kLimit), "v3 staged\n");
  EXPECT_EQ(*head->Read("app/config.yaml", kLimit), "v2\n");
  EXPECT_EQ(*prev->Read("app/config.yaml", kLimit), "v1\n");
  EXPECT_EQ(*work->Id("app/config.yaml"), BlobId("v4 edited\n"));
  EXPECT_EQ(*index->Id("app/config.yaml"), BlobId("v3 staged\n"));
  EXPECT_EQ(*head->Id("app/config.yaml"), BlobId("v2\n"));
  EXPECT_EQ(*prev->Id("app/config.yaml"), BlobId("v1\n"));

  // Which files each tree has.
  EXPECT_EQ(Names(*work->List("app")),
            (std::vector<std::string>{"config.yaml", "new.yaml", "untracked.yaml"}));
  EXPECT_EQ(Names(*index->List("app")), (std::vector<std::string>{"config.yaml", "new.yaml"}));
  EXPECT_EQ(Names(*head->List("app")), (std::vector<std::string>{"config.yaml"}));
  // On disk but not staged: not in the index.
  auto untracked = index->Read("app/untracked.yaml", kLimit);
  EXPECT_EQ(untracked.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(head->Stat("app/new.yaml").status().code(), ErrorCode::kNotFound);

  // A commit id and a branch name work as rev-specs too.
  std::string first = Trim(Git(dir.path(), "rev-parse HEAD~1"));
  auto by_id = Must(repo->Revision(first));
  ASSERT_TRUE(by_id);
  EXPECT_EQ(*by_id->Read("app/config.yaml", kLimit), "v1\n");
  EXPECT_EQ(by_id->Describe(), first + " (" + first.substr(0, 7) + ")");
  auto by_branch = Must(repo->Revision("main"));
  ASSERT_TRUE(by_branch);
  EXPECT_EQ(*by_branch->Read("app/config.yaml", kLimit), "v2\n");
}

TEST(RepositoryTest, IgnoredFilesAreLeftOutOfTheWorkTree) {
  TempDir dir;
  Git(dir.path(), "init -q");
  WriteFile(dir / ".gitignore", "*.log\nbuild/\n/secret.yaml\n");
  WriteFile(dir / "apps/.gitignore", "local-*.yaml\n");
  WriteFile(dir / "keep.yaml", "k");
  WriteFile(dir / "tracked.log", "tracked even though ignored");
  Git(dir.path(), "add .gitignore apps/.gitignore keep.yaml");
  Git(dir.path(), "add -f tracked.log");
  Git(dir.path(), "commit -q -m init");
  WriteFile(dir / "debug.log", "ignored");
  WriteFile(dir / "build/out.yaml", "ignored dir");
  WriteFile(dir / "secret.yaml", "ignored at root only");
  WriteFile(dir / "apps/secret.yaml", "not ignored here");
  WriteFile(dir / "apps/local-dev.yaml", "ignored by nested .gitignore");
  WriteFile(dir / "apps/app.yaml", "kept");
  WriteFile(dir / "apps/logs/x.log", "ignored");

  auto repo = MustDiscover(dir.path());
  ASSERT_NE(repo, nullptr);
  auto work = Must(repo->WorkTree());
  ASSERT_TRUE(work);
  EXPECT_EQ(Names(*work->List("")),
            (std::vector<std::string>{".gitignore", "apps", "keep.yaml", "tracked.log"}));
  EXPECT_EQ(Names(*work->List("apps")),
            (std::vector<std::string>{".gitignore", "app.yaml", "logs", "secret.yaml"}));
  EXPECT_TRUE(work->List("apps/logs")->empty());
  // An ignored file can still be read when asked for by name.
  EXPECT_EQ(*work->Read("debug.log", kLimit), "ignored");

  // A plain directory tree over the same files ignores nothing but ".git".
  auto plain = OpenDirectoryTree(dir.path());
  EXPECT_EQ(Names(*plain->List("")),
            (std::vector<std::string>{".gitignore", "apps", "build", "debug.log", "keep.yaml",
                                      "secret.yaml", "tracked.log"}));
}

TEST(RepositoryTest, Submodules) {
  TempDir dir;
  Git(dir.path(), "init -q");
  WriteFile(dir / "a.yaml", "a");
  Git(dir.path(), "add a.yaml");
  // A gitlink entry (what `git submodule add` stages), without needing a remote.
  Git(dir.path(),
      "update-index --add --cacheinfo 160000,1111111111111111111111111111111111111111,vendor/lib");
  Git(dir.path(), "commit -q -m sub");
  // A checked-out submodule on disk: a directory holding a ".git".
  Git(dir.path(), "init -q vendor/lib");
  WriteFile(dir / "vendor/lib/inner.yaml", "inner");

  auto repo = MustDiscover(dir.path());
  ASSERT_NE(repo, nullptr);
  auto work = Must(repo->WorkTree());
  auto index = Must(repo->Index());
  auto head = Must(repo->Revision("HEAD"));
  ASSERT_TRUE(work && index && head);
  for (const Tree* tree : {work.get(), index.get(), head.get()}) {
    SCOPED_TRACE(tree->Describe());
    EXPECT_EQ(*tree->Stat("vendor/lib"), EntryKind::kSubmodule);
    auto list = tree->List("vendor");
    ASSERT_TRUE(list.ok()) << list.status().message();
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].kind, EntryKind::kSubmodule);
    auto read = tree->Read("vendor/lib", kLimit);
    EXPECT_EQ(read.status().code(), ErrorCode::kNotAFile);
    EXPECT_EQ(read.status().message(), "path 'vendor/lib' is a submodule");
    EXPECT_EQ(tree->Read("vendor/lib/inner.yaml", kLimit).status().code(), ErrorCode::kNotFound);
    EXPECT_EQ(tree->List("vendor/lib").status().code(), ErrorCode::kNotFound);
  }
}

TEST(RepositoryTest, SymlinkEscapesInEveryGitTree) {
  TempDir dir;
  Git(dir.path(), "init -q");
  WriteFile(dir / "apps/ok.yaml", "ok");
  MakeSymlink(dir / "apps/passwd.yaml", "/etc/passwd");
  MakeSymlink(dir / "apps/up.yaml", "../../outside.yaml");
  Git(dir.path(), "add -A");
  Git(dir.path(), "commit -q -m links");
  auto repo = MustDiscover(dir.path());
  ASSERT_NE(repo, nullptr);
  std::vector<std::unique_ptr<Tree>> trees;
  trees.push_back(Must(repo->WorkTree()));
  trees.push_back(Must(repo->Index()));
  trees.push_back(Must(repo->Revision("HEAD")));
  for (const auto& tree : trees) {
    ASSERT_TRUE(tree);
    SCOPED_TRACE(tree->Describe());
    auto passwd = tree->Read("apps/passwd.yaml", kLimit);
    EXPECT_EQ(passwd.status().code(), ErrorCode::kOutsideRoot);
    EXPECT_EQ(passwd.status().message(),
              "symlink 'apps/passwd.yaml' points outside the repository ('/etc/passwd')");
    auto up = tree->Stat("apps/up.yaml");
    EXPECT_EQ(up.status().code(), ErrorCode::kOutsideRoot);
    EXPECT_EQ(up.status().message(),
              "symlink 'apps/up.yaml' points outside the repository ('../../outside.yaml')");
  }
}

TEST(RepositoryTest, EmptyRepository) {
  TempDir dir;
  Git(dir.path(), "init -q");
  auto repo = MustDiscover(dir.path());
  ASSERT_NE(repo, nullptr);
  auto head = repo->Revision("HEAD");
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(head.status().message(),
            "revision 'HEAD' does not exist (the repository has no commits yet)");
  auto index = Must(repo->Index());
  ASSERT_TRUE(index);
  EXPECT_TRUE(index->List("")->empty());
  auto work = Must(repo->WorkTree());
  ASSERT_TRUE(work);
  EXPECT_TRUE(work->List("")->empty());  // ".git" is left out
}

TEST(RepositoryTest, BadRevisions) {
  TempDir dir;
  Git(dir.path(), "init -q");
  WriteFile(dir / "a.yaml", "a");
  Git(dir.path(), "add -A");
  Git(dir.path(), "commit -q -m one");
  auto repo = MustDiscover(dir.path());
  ASSERT_NE(repo, nullptr);
  auto foo = repo->Revision("foo");
  ASSERT_FALSE(foo.ok());
  EXPECT_EQ(foo.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(foo.status().message(), "unknown revision 'foo'");
  EXPECT_EQ(repo->Revision("HEAD~5").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo->Revision("").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(repo->Revision("HEAD^{").ok());
  // A blob is not a tree.
  auto blob = repo->Revision("HEAD:a.yaml");
  ASSERT_FALSE(blob.ok());
  EXPECT_EQ(blob.status().code(), ErrorCode::kInvalidArgument);
}

TEST(RepositoryTest, DiscoverFailures) {
  TempDir dir;
  auto none = Repository::Discover(dir.path());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(none.status().message(), "not a git repository: " + dir.path());

  Git(dir.path(), "init -q --bare bare.git");
  auto bare = Repository::Discover(dir / "bare.git");
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bare.status().message().find("bare"), std::string::npos);
}

TEST(RepositoryTest, LinkedWorktree) {
  TempDir dir;
  Git(dir.path(), "init -q main");
  WriteFile(dir / "main/a.yaml", "main");
  Git(dir / "main", "add -A");
  Git(dir / "main", "commit -q -m one");
  Git(dir / "main", "worktree add -q -b feature ../wt");
  WriteFile(dir / "wt/a.yaml", "feature");
  Git(dir / "wt", "commit -q -am feature");
  WriteFile(dir / "wt/b.yaml", "staged");
  Git(dir / "wt", "add b.yaml");

  auto repo = MustDiscover(dir / "wt");
  ASSERT_NE(repo, nullptr);
  EXPECT_EQ(repo->root(), dir / "wt");
  EXPECT_EQ(*Must(repo->Revision("HEAD"))->Read("a.yaml", kLimit), "feature");
  EXPECT_EQ(*Must(repo->Revision("main"))->Read("a.yaml", kLimit), "main");
  EXPECT_EQ(*Must(repo->Index())->Read("b.yaml", kLimit), "staged");
  EXPECT_EQ(Names(*Must(repo->WorkTree())->List("")),
            (std::vector<std::string>{"a.yaml", "b.yaml"}));
}

TEST(RepositoryTest, HonoursGitIndexFileInsideTheRepository) {
  TempDir dir;
  Git(dir.path(), "init -q");
  WriteFile(dir / "a.yaml", "committed");
  Git(dir.path(), "add -A");
  Git(dir.path(), "commit -q -m one");
  // What `git commit -a` does before running the pre-commit hook: stage into another index file
  // and point GIT_INDEX_FILE at it.
  WriteFile(dir / "a.yaml", "being committed");
  Shell("cp \"" + (dir / ".git/index") + "\" \"" + (dir / ".git/next-index.lock") + "\"");
  Shell("cd \"" + dir.path() + "\" && GIT_INDEX_FILE=.git/next-index.lock git add a.yaml");

  auto repo = MustDiscover(dir.path());
  ASSERT_NE(repo, nullptr);
  EXPECT_EQ(*Must(repo->Index())->Read("a.yaml", kLimit), "committed");
  {
    ScopedEnv env("GIT_INDEX_FILE", dir / ".git/next-index.lock");
    EXPECT_EQ(*Must(repo->Index())->Read("a.yaml", kLimit), "being committed");
  }
  {
    // An index file of something else is not used.
    TempDir other;
    Git(other.path(), "init -q");
    WriteFile(other / "a.yaml", "other repository");
    Git(other.path(), "add -A");
    ScopedEnv env("GIT_INDEX_FILE", other / ".git/index");
    EXPECT_EQ(*Must(repo->Index())->Read("a.yaml", kLimit), "committed");
  }
}

TEST(RepositoryTest, ConflictedAndIntentToAddEntries) {
  TempDir dir;
  Git(dir.path(), "init -q");
  WriteFile(dir / "c.yaml", "base\n");
  Git(dir.path(), "add -A");
  Git(dir.path(), "commit -q -m base");
  Git(dir.path(), "checkout -q -b other");
  WriteFile(dir / "c.yaml", "theirs\n");
  Git(dir.path(), "commit -q -am theirs");
  Git(dir.path(), "checkout -q main");
  WriteFile(dir / "c.yaml", "ours\n");
  Git(dir.path(), "commit -q -am ours");
  Shell("cd \"" + dir.path() + "\" && git -c user.name=T -c user.email=t@e merge -q other || true");
  WriteFile(dir / "later.yaml", "not staged yet\n");
  Git(dir.path(), "add -N later.yaml");

  auto repo = MustDiscover(dir.path());
  ASSERT_NE(repo, nullptr);
  auto index = Must(repo->Index());
  ASSERT_TRUE(index);
  EXPECT_EQ(*index->Read("c.yaml", kLimit), "ours\n");  // stage 2 for a conflicted path
  EXPECT_EQ(index->Stat("later.yaml").status().code(), ErrorCode::kNotFound);
}

TEST(RepositoryTest, ManyFilesAreFast) {
  TempDir dir;
  Git(dir.path(), "init -q");
  // 3000 files in 60 directories.
  for (int d = 1; d <= 60; ++d) {
    for (int f = 1; f <= 50; ++f) {
      std::string name = "c" + std::to_string(d) + "-" + std::to_string(f);
      WriteFile(dir / ("apps/d" + std::to_string(d) + "/f" + std::to_string(f) + ".yaml"),
                "kind: ConfigMap\nmetadata:\n  name: " + name + "\n");
    }
  }
  Git(dir.path(), "add -A");
  Git(dir.path(), "commit -q -m many");
  auto repo = MustDiscover(dir.path());
  ASSERT_NE(repo, nullptr);

  for (const char* which : {"HEAD", "index", "work tree"}) {
    auto begin = std::chrono::steady_clock::now();
    std::unique_ptr<Tree> tree = std::string(which) == "HEAD"    ? Must(repo->Revision("HEAD"))
                                 : std::string(which) == "index" ? Must(repo->Index())
                                                                 : Must(repo->WorkTree());
    ASSERT_TRUE(tree);
    auto opened = std::chrono::steady_clock::now();
    size_t files = 0, bytes = 0;
    auto dirs = tree->List("apps");
    ASSERT_TRUE(dirs.ok());
    for (const DirEntry& d : *dirs) {
      auto entries = tree->List("apps/" + d.name);
      ASSERT_TRUE(entries.ok());
      for (const DirEntry& f : *entries) {
        std::string path = "apps/" + d.name + "/" + f.name;
        auto id = tree->Id(path);
        auto text = tree->Read(path, kLimit);
        ASSERT_TRUE(id.ok() && text.ok()) << path;
        ASSERT_EQ(*id, BlobId(*text)) << path;
        ++files;
        bytes += text->size();
      }
    }
    auto done = std::chrono::steady_clock::now();
    EXPECT_EQ(files, 3000u);
    using Ms = std::chrono::duration<double, std::milli>;
    std::cout << "[ perf ] " << which << ": open " << Ms(opened - begin).count()
              << " ms, list+id+read of " << files << " files (" << bytes << " bytes) "
              << Ms(done - opened).count() << " ms\n";
  }
}

}  // namespace
}  // namespace fluxlint::source
