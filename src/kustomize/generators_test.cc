#include "kustomize/generators.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kustomize/sha256.h"
#include "kustomize/test_util.h"

namespace fluxlint::kustomize {
namespace {

using testing::ParseOne;

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Two blocks of padding (56 bytes of input).
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000, 'a')).substr(0, 16), "41edece42d63e8d9");
}

TEST(GoJsonString, EscapesLikeEncodingJson) {
  EXPECT_EQ(GoJsonString("plain"), "\"plain\"");
  EXPECT_EQ(GoJsonString("a\"b\\c\nd\te\r"), "\"a\\\"b\\\\c\\nd\\te\\r\"");
  EXPECT_EQ(GoJsonString("<a href=\"x\">&</a>"),
            "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\"");
  EXPECT_EQ(GoJsonString(std::string("\x01", 1)), "\"\\u0001\"");
  EXPECT_EQ(GoJsonString("\xe2\x80\xa8"), "\"\\u2028\"");
  EXPECT_EQ(GoJsonString("\xff"), "\"\\ufffd\"");
  EXPECT_EQ(GoJsonString("αβγ"), "\"αβγ\"");
}

TEST(KyamlBase64, WrapsLongValues) {
  EXPECT_EQ(KyamlBase64(""), "");
  EXPECT_EQ(KyamlBase64("1"), "MQ==");
  EXPECT_EQ(KyamlBase64("ab"), "YWI=");
  std::string bin("ab\0\xff", 4);
  EXPECT_EQ(KyamlBase64(bin), "YWIA/w==");
  // 51 bytes encode to 68 characters: one line, no newline.
  EXPECT_EQ(KyamlBase64(std::string(51, 'x')).find('\n'), std::string::npos);
  // 53 bytes encode to 72 characters: two lines of 70 and 2, each newline-terminated.
  std::string two = KyamlBase64(std::string(53, 'x'));
  ASSERT_EQ(two.size(), 72u + 2u);
  EXPECT_EQ(two[70], '\n');
  EXPECT_EQ(two.back(), '\n');
  // 52 bytes encode to 72 characters too: 70 + newline + 2 + newline.
  EXPECT_EQ(KyamlBase64(std::string(52, 'x')).size(), 72u + 2u);
}

TEST(ParseEnvFile, SkipsCommentsAndKeepsValues) {
  std::vector<EnvPair> pairs;
  uint32_t bad = 0;
  ASSERT_FALSE(
      ParseEnvFile("\xEF\xBB\xBF# c\nA=1\n\n  B=two words \nC=a=b\nD\nE=x\r\n", &pairs, &bad));
  ASSERT_EQ(pairs.size(), 5u);
  EXPECT_EQ(pairs[0].key, "A");
  EXPECT_EQ(pairs[0].line, 2u);
  EXPECT_EQ(pairs[1].key, "B");
  EXPECT_EQ(pairs[1].value, "two words ");
  EXPECT_EQ(pairs[2].value, "a=b");
  EXPECT_EQ(pairs[3].key, "D");
  EXPECT_EQ(pairs[3].value, "");
  EXPECT_EQ(pairs[4].value, "x");
}

TEST(ParseEnvFile, RejectsBadKeys) {
  std::vector<EnvPair> pairs;
  uint32_t bad = 0;
  std::optional<std::string> err = ParseEnvFile("OK=1\n9LIVES=x\n", &pairs, &bad);
  ASSERT_TRUE(err);
  EXPECT_EQ(bad, 2u);
  EXPECT_NE(err->find("9LIVES"), std::string::npos);
}

TEST(ContentHash, MatchesKubectl) {
  SourceStore store;
  // Values observed with kubectl kustomize v5.5.0.
  EXPECT_EQ(ContentHash(ParseOne(store, "a",
                                 "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\n"
                                 "data:\n  a: \"1\"\n  b: two\n")),
            "5m9tg7g54f");
  // The name is not part of the hash.
  EXPECT_EQ(ContentHash(ParseOne(store, "b",
                                 "kind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: \"1\"\n")),
            "h29d89cmmt");
  // No data at all.
  EXPECT_EQ(ContentHash(ParseOne(store, "c", "kind: ConfigMap\nmetadata:\n  name: x\n")),
            "6ct58987ht");
  EXPECT_EQ(ContentHash(ParseOne(store, "d",
                                 "kind: ConfigMap\nmetadata:\n  name: x\n"
                                 "binaryData:\n  bin.dat: YWIA/w==\n")),
            "g8dd8c24kf");
  EXPECT_EQ(ContentHash(ParseOne(store, "e",
                                 "kind: Secret\nmetadata:\n  name: s\ndata:\n  a: MQ==\n"
                                 "type: Opaque\n")),
            "25khgmg44c");
  EXPECT_EQ(ContentHash(ParseOne(store, "f",
                                 "kind: Secret\nmetadata:\n  name: s\ndata:\n  a: MQ==\n"
                                 "type: kubernetes.io/tls\n")),
            "hm5f724df9");
  EXPECT_EQ(ContentHash(ParseOne(store, "g",
                                 "kind: Secret\nmetadata:\n  name: s\ndata: {}\ntype: Opaque\n")),
            "46f8b28mk5");
}

class GenerateTest : public ::testing::Test {
 protected:
  GeneratorArgs Args(std::string name) {
    GeneratorArgs a;
    a.name = std::move(name);
    a.span = span_;
    a.name_span = span_;
    return a;
  }
  Entry E(std::string v) { return Entry{std::move(v), span_}; }

  SourceStore store_;
  const SourceFile* file_ = store_.Add("kustomization.yaml", "x: 1\n", "", "t");
  Span span_ = FileSpan(file_);
  GeneratorFileReader no_files_ = [](const Entry&, std::string_view) -> const SourceFile* {
    return nullptr;
  };
};

TEST_F(GenerateTest, LiteralsSortedWithHashFlag) {
  GeneratorArgs a = Args("app");
  a.literals = {E("b=2"), E("a='quoted'"), E("c=x=y")};
  std::vector<BuildIssue> issues;
  std::optional<Resource> r = Generate(a, false, nullptr, no_files_, &issues);
  ASSERT_TRUE(r) << issues.front().message;
  EXPECT_TRUE(r->needs_hash);
  const yaml::Node* data = r->node.Get("data");
  ASSERT_NE(data, nullptr);
  ASSERT_EQ(data->EntryCount(), 3u);
  EXPECT_EQ(data->Key(0).value, "a");
  EXPECT_EQ(data->Value(0).value, "quoted");
  EXPECT_EQ(data->Value(2).value, "x=y");
  EXPECT_EQ(r->node.GetString("kind"), "ConfigMap");
  EXPECT_TRUE(data->Value(0).span.valid());
}

TEST_F(GenerateTest, SecretsAreBase64AndTyped) {
  GeneratorArgs a = Args("s");
  a.literals = {E("a=1")};
  std::vector<BuildIssue> issues;
  std::optional<Resource> r = Generate(a, true, nullptr, no_files_, &issues);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->node.Find({"data", "a"})->value, "MQ==");
  EXPECT_EQ(r->node.GetString("type"), "Opaque");
}

TEST_F(GenerateTest, GlobalOptionsFillInButLocalWins) {
  GeneratorArgs a = Args("app");
  a.literals = {E("a=1")};
  GeneratorOptions local;
  local.labels.push_back(Pair{yaml::Node::Scalar("x", span_), yaml::Node::Scalar("local", span_)});
  a.options = local;
  GeneratorOptions global;
  global.span = span_;
  global.labels.push_back(
      Pair{yaml::Node::Scalar("x", span_), yaml::Node::Scalar("global", span_)});
  global.labels.push_back(
      Pair{yaml::Node::Scalar("y", span_), yaml::Node::Scalar("global", span_)});
  global.disable_name_suffix_hash = true;
  std::vector<BuildIssue> issues;
  std::optional<Resource> r = Generate(a, false, &global, no_files_, &issues);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->node.Find({"metadata", "labels", "x"})->value, "local");
  EXPECT_EQ(r->node.Find({"metadata", "labels", "y"})->value, "global");
  EXPECT_FALSE(r->needs_hash);
}

TEST_F(GenerateTest, Errors) {
  std::vector<BuildIssue> issues;
  GeneratorArgs dup = Args("d");
  dup.literals = {E("a=1"), E("a=2")};
  EXPECT_FALSE(Generate(dup, false, nullptr, no_files_, &issues));
  GeneratorArgs bad = Args("b");
  bad.literals = {E("novalue")};
  EXPECT_FALSE(Generate(bad, false, nullptr, no_files_, &issues));
  GeneratorArgs unnamed = Args("");
  EXPECT_FALSE(Generate(unnamed, false, nullptr, no_files_, &issues));
  ASSERT_EQ(issues.size(), 3u);
  for (const BuildIssue& i : issues) EXPECT_TRUE(i.span.valid());
  EXPECT_NE(issues[0].message.find("repeats the key 'a'"), std::string::npos);
}

TEST_F(GenerateTest, FilesUseBasenameOrKey) {
  const SourceFile* data = store_.Add("dir/app.properties", "a=1\n", "", "t");
  const SourceFile* bin = store_.Add("blob", std::string("\x00\xff", 2), "", "t");
  GeneratorFileReader reader = [&](const Entry&, std::string_view path) -> const SourceFile* {
    if (path == "dir/app.properties") return data;
    if (path == "blob") return bin;
    return nullptr;
  };
  GeneratorArgs a = Args("f");
  a.files = {E("dir/app.properties"), E("renamed=blob")};
  std::vector<BuildIssue> issues;
  std::optional<Resource> r = Generate(a, false, nullptr, reader, &issues);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->node.Find({"data", "app.properties"})->value, "a=1\n");
  EXPECT_EQ(r->node.Find({"binaryData", "renamed"})->value, "AP8=");
  // The value points at the data file.
  EXPECT_EQ(r->node.Find({"data", "app.properties"})->span.file, data);
}

}  // namespace
}  // namespace fluxlint::kustomize
