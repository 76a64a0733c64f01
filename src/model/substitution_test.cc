#include "model/substitution.h"

#include <gtest/gtest.h>

#include "yaml/loader.h"

namespace fluxlint::model {
namespace {

class SubstitutionTest : public ::testing::Test {
 protected:
  yaml::Node Parse(std::string text) {
    const SourceFile* f = store_.Add("apps/cm.yaml", std::move(text), "", "test");
    loaded_ = yaml::Load(*f);
    EXPECT_TRUE(loaded_.errors.empty());
    return loaded_.documents.at(0).root;
  }

  static Variables Vars(std::initializer_list<std::pair<std::string, std::string>> list) {
    Variables vars;
    for (const auto& [k, v] : list) vars[k] = {v, Span{}, "test"};
    return vars;
  }

  SourceStore store_;
  yaml::LoadedFile loaded_;
};

TEST_F(SubstitutionTest, SubstitutesKeysAndValuesAndRetypes) {
  yaml::Node o = Parse(R"(kind: ConfigMap
metadata:
  name: a
data:
  ${key}: "${count}"
  text: |
    ${count} lines
  escaped: "$${keep}"
  dollar: $plain
)");
  std::vector<SubstitutionIssue> issues;
  SubstituteObject(o, Vars({{"key", "k"}, {"count", "3"}}), true, &issues);
  EXPECT_TRUE(issues.empty());
  const yaml::Node* data = o.Get("data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->Key(0).value, "k");
  EXPECT_EQ(data->Value(0).value, "3");
  EXPECT_EQ(data->Value(0).style, yaml::ScalarStyle::kPlain);  // "${count}" becomes a number
  EXPECT_EQ(data->Value(1).value, "3 lines\n");
  EXPECT_EQ(data->Value(1).style, yaml::ScalarStyle::kLiteral);  // blocks stay strings
  EXPECT_EQ(data->Value(2).value, "${keep}");
  EXPECT_EQ(data->Value(3).value, "$plain");
  // The value keeps the span of its `${…}` scalar.
  EXPECT_EQ(data->Value(0).span.begin.line, 5u);
}

TEST_F(SubstitutionTest, ReportsEveryProblemWithThePlaceOfTheUse) {
  yaml::Node o = Parse(R"(kind: ConfigMap
metadata:
  name: a
  namespace: ns
data:
  a: ${x} and ${missing}
  b: '${a.b}'
  c: ${missing}
)");
  std::vector<SubstitutionIssue> issues;
  SubstituteObject(o, Vars({{"x", "1"}}), true, &issues);
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].error.kind, flux::SubstError::kUndefined);
  EXPECT_EQ(issues[0].object, "ConfigMap/ns/a");
  EXPECT_EQ(issues[0].span.begin.line, 6u);
  EXPECT_EQ(issues[0].span.begin.column, 15u);
  EXPECT_EQ(issues[0].span.end.column, 25u);
  EXPECT_EQ(issues[1].error.kind, flux::SubstError::kSyntax);
  EXPECT_EQ(issues[1].span.begin.line, 7u);
  EXPECT_EQ(issues[1].span.begin.column, 7u);
  EXPECT_EQ(issues[2].span.begin.line, 8u);
  EXPECT_EQ(issues[2].span.begin.column, 6u);
  // The failing scalar keeps its text.
  EXPECT_EQ(o.Find({"data", "c"})->value, "${missing}");

  // Non-strict: undefined reads as "".
  yaml::Node again = Parse("data:\n  c: x${missing}y\n");
  issues.clear();
  SubstituteObject(again, Vars({}), false, &issues);
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(again.Find({"data", "c"})->value, "xy");
}

TEST_F(SubstitutionTest, LocateFindsTheRightOccurrenceOrFallsBack) {
  yaml::Node o = Parse("v: ${a}-${a}\n");
  const yaml::Node* v = o.Get("v");
  Span second = LocateInScalar(v->span, v->value, 5, 4);
  EXPECT_EQ(second.begin.column, 9u);
  Span missing = LocateInScalar(v->span, v->value, 0, 2);
  EXPECT_EQ(missing.begin.column, 4u);  // "${" occurs: first one
  Span fallback = LocateInScalar(v->span, "${zzz}", 0, 6);
  EXPECT_EQ(fallback.begin.column, v->span.begin.column);
  EXPECT_EQ(fallback.end.column, v->span.end.column);
}

TEST(PositionAtTest, CountsCodePoints) {
  SourceStore store;
  const SourceFile* f = store.Add("a.yaml", "a: 1\nb: \xc3\xa9${x}\n", "", "t");
  Position p = PositionAt(*f, 10);  // the '$' after "b: é"
  EXPECT_EQ(p.line, 2u);
  EXPECT_EQ(p.column, 5u);
}

}  // namespace
}  // namespace fluxlint::model
