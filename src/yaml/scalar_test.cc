#include "yaml/scalar.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "yaml/emitter.h"

namespace fluxlint::yaml {
namespace {

struct TypeCase {
  const char* text;
  ScalarType type;
};

const char* Name(ScalarType t) {
  switch (t) {
    case ScalarType::kNull:
      return "null";
    case ScalarType::kBool:
      return "bool";
    case ScalarType::kInt:
      return "int";
    case ScalarType::kFloat:
      return "float";
    case ScalarType::kString:
      return "string";
  }
  return "?";
}

TEST(ScalarTest, ResolvesPlainScalarsLikeGoYamlV3) {
  const std::vector<TypeCase> cases = {
      // null
      {"", ScalarType::kNull},
      {"~", ScalarType::kNull},
      {"null", ScalarType::kNull},
      {"Null", ScalarType::kNull},
      {"NULL", ScalarType::kNull},
      {"nULL", ScalarType::kString},
      // bool: YAML 1.2 spellings only
      {"true", ScalarType::kBool},
      {"True", ScalarType::kBool},
      {"TRUE", ScalarType::kBool},
      {"false", ScalarType::kBool},
      {"False", ScalarType::kBool},
      {"FALSE", ScalarType::kBool},
      {"tRUE", ScalarType::kString},
      {"yes", ScalarType::kString},
      {"no", ScalarType::kString},
      {"on", ScalarType::kString},
      {"off", ScalarType::kString},
      {"y", ScalarType::kString},
      {"n", ScalarType::kString},
      // int: strconv.ParseInt(s, 0, 64) after removing '_', then ParseUint
      {"0", ScalarType::kInt},
      {"12", ScalarType::kInt},
      {"-12", ScalarType::kInt},
      {"+12", ScalarType::kInt},
      {"0x1F", ScalarType::kInt},
      {"0X1f", ScalarType::kInt},
      {"-0x1F", ScalarType::kInt},
      {"0o17", ScalarType::kInt},
      {"0O17", ScalarType::kInt},
      {"0b101", ScalarType::kInt},
      {"0755", ScalarType::kInt},
      {"00", ScalarType::kInt},
      {"1_000", ScalarType::kInt},
      {"1__0", ScalarType::kInt},
      {"9223372036854775807", ScalarType::kInt},
      {"-9223372036854775808", ScalarType::kInt},
      {"18446744073709551615", ScalarType::kInt},
      {"0b-1", ScalarType::kInt},  // go-yaml parses the digits after "0b" with a sign
      // float
      {"1.5", ScalarType::kFloat},
      {"-1.5", ScalarType::kFloat},
      {"1e3", ScalarType::kFloat},
      {"1E3", ScalarType::kFloat},
      {"1e+3", ScalarType::kFloat},
      {"1.", ScalarType::kFloat},
      {".5", ScalarType::kFloat},
      {"+.5", ScalarType::kFloat},
      {".5e3", ScalarType::kFloat},
      {"08", ScalarType::kFloat},  // not octal, so decimal float
      {"09.5", ScalarType::kFloat},
      {"1_000.5", ScalarType::kFloat},
      {"-9223372036854775809", ScalarType::kFloat},
      {"99999999999999999999", ScalarType::kFloat},
      {"1e-400", ScalarType::kFloat},  // underflows to 0 without an error
      {".inf", ScalarType::kFloat},
      {".Inf", ScalarType::kFloat},
      {"+.INF", ScalarType::kFloat},
      {"-.inf", ScalarType::kFloat},
      {".nan", ScalarType::kFloat},
      {".NaN", ScalarType::kFloat},
      // strings
      {"1e400", ScalarType::kString},  // overflows float64: ParseFloat fails
      {"0x", ScalarType::kString},
      {"0b", ScalarType::kString},
      {"0x1G", ScalarType::kString},
      {"0xFFFFFFFFFFFFFFFFF", ScalarType::kString},
      {"1e", ScalarType::kString},
      {"1:30", ScalarType::kString},
      {"1.2.3", ScalarType::kString},
      {"10.0.0.1", ScalarType::kString},
      {"2021-01-01", ScalarType::kString},  // !!timestamp in go-yaml; text for Kubernetes
      {"inf", ScalarType::kString},
      {"nan", ScalarType::kString},
      {".", ScalarType::kString},
      {"._5", ScalarType::kString},
      {"-", ScalarType::kString},
      {"+", ScalarType::kString},
      {"-.nan", ScalarType::kString},
      {"1,000", ScalarType::kString},
      {"<<", ScalarType::kString},
      {"v1", ScalarType::kString},
      {"hello", ScalarType::kString},
  };
  for (const TypeCase& c : cases) {
    Node n = Node::Scalar(c.text);
    EXPECT_STREQ(Name(ResolveScalar(n)), Name(c.type)) << "'" << c.text << "'";
    EXPECT_STREQ(Name(ResolvePlainText(c.text)), Name(c.type)) << "'" << c.text << "'";
  }
}

TEST(ScalarTest, QuotedAndBlockScalarsAreStrings) {
  for (ScalarStyle style : {ScalarStyle::kSingleQuoted, ScalarStyle::kDoubleQuoted,
                            ScalarStyle::kLiteral, ScalarStyle::kFolded}) {
    for (const char* text : {"123", "true", "null", "", "1.5"}) {
      EXPECT_EQ(ResolveScalar(Node::Scalar(text, {}, style)), ScalarType::kString) << text;
    }
  }
}

TEST(ScalarTest, ExplicitTagsWin) {
  auto tagged = [](const char* text, const char* tag, ScalarStyle style = ScalarStyle::kPlain) {
    Node n = Node::Scalar(text, {}, style);
    n.set_tag(tag);
    return ResolveScalar(n);
  };
  EXPECT_EQ(tagged("123", "tag:yaml.org,2002:str"), ScalarType::kString);
  EXPECT_EQ(tagged("true", "tag:yaml.org,2002:str"), ScalarType::kString);
  EXPECT_EQ(tagged("12", "tag:yaml.org,2002:int", ScalarStyle::kDoubleQuoted), ScalarType::kInt);
  EXPECT_EQ(tagged("1", "tag:yaml.org,2002:float"), ScalarType::kFloat);
  EXPECT_EQ(tagged("yes", "tag:yaml.org,2002:bool"), ScalarType::kBool);
  EXPECT_EQ(tagged("", "tag:yaml.org,2002:null", ScalarStyle::kSingleQuoted), ScalarType::kNull);
  EXPECT_EQ(tagged("123", "!"), ScalarType::kString);
  EXPECT_EQ(tagged("123", "!custom"), ScalarType::kString);
  EXPECT_EQ(tagged("2001-12-14", "tag:yaml.org,2002:timestamp"), ScalarType::kString);
  EXPECT_EQ(tagged("aGk=", "tag:yaml.org,2002:binary"), ScalarType::kString);
}

TEST(ScalarTest, NonScalarsResolveToString) {
  EXPECT_EQ(ResolveScalar(Node::Mapping()), ScalarType::kString);
  EXPECT_EQ(ResolveScalar(Node::Sequence()), ScalarType::kString);
}

TEST(ScalarTest, NeedsQuotes) {
  const std::vector<const char*> quoted = {
      // would read back as another type in YAML 1.1 or 1.2
      "", "yes", "Yes", "YES", "no", "on", "On", "OFF", "y", "Y", "n", "N", "true", "False", "null",
      "Null", "~", "0755", "0o17", "0x1F", "0b101", "1_000", "123", "-1", "+1", "1:30", "-1:30:00",
      "190:20:30.15", "1.5", ".5", "1.", "1e3", "1E-3", "6.8523015e+5", ".inf", "-.Inf", ".NaN",
      "1e400", "0xFFFFFFFFFFFFFFFFFFFF", "99999999999999999999", "2021-01-01",
      "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z",
      "2002-1-2", "<<", "=",
      // cannot be a plain scalar
      " a", "a ", "- x", "-", "#x", "a #b", ": ", "a: b", "key:", "?", "? x", "[a]", "]", "{a}",
      "}", "&x", "*x", "!x", "|x", ">x", "'x", "\"x", "%x", "@x", "`x", ",x", "---", "--- x",
      "---x", "...", "...x", "a\nb", "a\tb", "\x01",
      "a\xC2\x85"
      "b",
      "\xEF\xBB\xBFx", "emoji \xF0\x9F\x98\x80"};
  for (const char* text : quoted) EXPECT_TRUE(NeedsQuotes(text)) << "'" << text << "'";

  const std::vector<const char*> plain = {"a",
                                          "hello world",
                                          "a-b",
                                          "-a",
                                          "--port",
                                          "a:b",
                                          "a#b",
                                          "nginx:1.25",
                                          "http://example.com/x?q=1#frag",
                                          "v1.2.3",
                                          "10.0.0.1",
                                          "1.2.3",
                                          "192.168.0.0/16",
                                          "é",
                                          "日本語",
                                          "?x",
                                          "x?",
                                          "a,b",
                                          "a, b",
                                          "it's",
                                          "say \"hi\"",
                                          "0x1G",
                                          "1e",
                                          "inf",
                                          "nan",
                                          "_1",
                                          "True1",
                                          "none",
                                          "yes please",
                                          "1 2",
                                          "2021-01-01 release",
                                          "a  b",
                                          "x-",
                                          "x:",
                                          "a[0]",
                                          ":x",
                                          "{{ .Values }}x"};
  for (const char* text : plain) {
    std::string_view t(text);
    if (t == "x:" || t == "{{ .Values }}x") continue;
    EXPECT_FALSE(NeedsQuotes(text)) << "'" << text << "'";
  }
  // A trailing ':' and a leading '{' are indicators.
  EXPECT_TRUE(NeedsQuotes("x:"));
  EXPECT_TRUE(NeedsQuotes("{{ .Values }}x"));
}

TEST(ScalarTest, NeedsQuotesIsTheUnionOfItsParts) {
  for (const char* text : {"yes", "a: b", "plain", "", "1:30", " x"}) {
    EXPECT_EQ(NeedsQuotes(text), IsAmbiguousString(text) || !IsPlainAllowed(text)) << text;
  }
  EXPECT_TRUE(IsAmbiguousString("0755"));
  EXPECT_TRUE(IsPlainAllowed("0755"));
  EXPECT_FALSE(IsAmbiguousString("- x"));
  EXPECT_FALSE(IsPlainAllowed("- x"));
}

/// IsPlainAllowed must agree with libyaml's own emitter analysis: generate every short string
/// over an alphabet of troublesome characters and check that the emitter writes exactly the
/// plain text when (and only when) IsPlainAllowed says so.
TEST(ScalarTest, IsPlainAllowedAgreesWithLibyamlEmitter) {
  const std::vector<std::string> alphabet = {"a", " ",  "-", ":", "#",  "?", ",",        "[",
                                             "'", "\"", "!", ".", "\t", "é", "\xC2\x85", "0"};
  std::vector<std::string> texts = {""};
  std::vector<std::string> all;
  for (int length = 1; length <= 3; ++length) {
    std::vector<std::string> next;
    for (const std::string& prefix : texts) {
      for (const std::string& c : alphabet) next.push_back(prefix + c);
    }
    all.insert(all.end(), next.begin(), next.end());
    texts = std::move(next);
  }
  for (const char* extra : {"---", "...", "---a", "...a", "a:b", "a: b", "a #b", "a#b"}) {
    all.push_back(extra);
  }
  size_t checked = 0;
  for (const std::string& text : all) {
    if (IsAmbiguousString(text)) continue;  // those are double-quoted on purpose
    std::string out = Emit(Node::Scalar(text));
    bool written_plain = out == text + "\n";
    EXPECT_EQ(IsPlainAllowed(text), written_plain) << "'" << text << "' -> " << out;
    ++checked;
  }
  EXPECT_GT(checked, 4000u);
}

}  // namespace
}  // namespace fluxlint::yaml
