#include "source/tree.h"

#include <gtest/gtest.h>

#include <string>

#include "source/tree_test_util.h"

namespace fluxlint::source {
namespace {

using testing::Shell;
using testing::TempDir;
using testing::Trim;
using testing::WriteFile;

struct JoinCase {
  const char* base;
  const char* rel;
  const char* want;  // nullptr: an error
  ErrorCode code = ErrorCode::kOk;
};

TEST(JoinPathTest, Table) {
  const JoinCase kCases[] = {
      {"", "", ""},
      {"", "a", "a"},
      {"a", "", "a"},
      {"a/b", "c.yaml", "a/b/c.yaml"},
      {"a/b", "../c.yaml", "a/c.yaml"},
      {"a/b", "../../c.yaml", "c.yaml"},
      {"a/b", "./c/./d", "a/b/c/d"},
      {"a//b/", "c//d/", "a/b/c/d"},
      {"a/./b/..", "c", "a/c"},
      {"", "./", ""},
      {"a", "..", ""},
      {"a/b", "../..", ""},
      {"x", "y/../../z", "z"},
      {"", "a/b/../../c", "c"},
      {"/a", "b", "a/b"},  // a leading '/' on the base is tolerated (root-relative already)
      {"...", "..a", ".../..a"},
      {"a b", "c d", "a b/c d"},
      {"", "..", nullptr, ErrorCode::kOutsideRoot},
      {"a", "../..", nullptr, ErrorCode::kOutsideRoot},
      {"a/b", "../../../x", nullptr, ErrorCode::kOutsideRoot},
      {"..", "a", nullptr, ErrorCode::kOutsideRoot},
      {"a", "b/../../../c", nullptr, ErrorCode::kOutsideRoot},
      {"a", "/etc/passwd", nullptr, ErrorCode::kOutsideRoot},
      {"", "/", nullptr, ErrorCode::kOutsideRoot},
  };
  for (const JoinCase& c : kCases) {
    SCOPED_TRACE(std::string("JoinPath(\"") + c.base + "\", \"" + c.rel + "\")");
    Result<std::string> got = JoinPath(c.base, c.rel);
    if (c.want != nullptr) {
      ASSERT_TRUE(got.ok()) << got.status().message();
      EXPECT_EQ(*got, c.want);
    } else {
      ASSERT_FALSE(got.ok()) << *got;
      EXPECT_EQ(got.status().code(), c.code);
    }
  }
}

TEST(JoinPathTest, MessagesNameThePath) {
  Result<std::string> up = JoinPath("", "../x");
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.status().message(), "path '../x' leaves the repository root");
  Result<std::string> nested = JoinPath("apps/prod", "../../../base");
  EXPECT_EQ(nested.status().message(), "path 'apps/prod/../../../base' leaves the repository root");
  Result<std::string> absolute = JoinPath("apps", "/etc/passwd");
  EXPECT_EQ(absolute.status().code(), ErrorCode::kOutsideRoot);
  EXPECT_NE(absolute.status().message().find("'/etc/passwd'"), std::string::npos)
      << absolute.status().message();
}

TEST(JoinPathTest, NulByteIsRejected) {
  Result<std::string> r = JoinPath("a", std::string_view("b\0c", 3));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
}

TEST(BlobIdTest, KnownValues) {
  // Well-known ids: the empty blob and "hello\n".
  EXPECT_EQ(BlobId(""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  EXPECT_EQ(BlobId("hello\n"), "ce013625030ba8dba906f756967f9e9ca394464a");
}

TEST(BlobIdTest, EqualsGitHashObject) {
  TempDir dir;
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "line " + std::to_string(i) + "\n";
  const std::string kContents[] = {
      "",
      "apiVersion: v1\nkind: ConfigMap\n",
      std::string("binary\0with\0nuls\xff\xfe", 18),
      "no trailing newline",
      "crlf\r\nline\r\n",
      big,
  };
  int n = 0;
  for (const std::string& content : kContents) {
    std::string path = dir / ("f" + std::to_string(n++));
    WriteFile(path, content);
    // --no-filters: the id of the bytes as they are, like BlobId.
    std::string want = Trim(Shell("git hash-object --no-filters \"" + path + "\""));
    EXPECT_EQ(BlobId(content), want) << "content #" << n;
    EXPECT_EQ(BlobId(content).size(), 40u);
  }
}

}  // namespace
}  // namespace fluxlint::source
