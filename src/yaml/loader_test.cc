#include "yaml/loader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "yaml/scalar.h"

namespace fluxlint::yaml {
namespace {

using Clock = std::chrono::steady_clock;

/// A loaded file together with the SourceFile its spans point into.
struct Parsed {
  std::unique_ptr<SourceFile> file;
  LoadedFile loaded;

  const Node& Root(size_t doc = 0) const { return loaded.documents.at(doc).root; }
};

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Loads `text`; every load in these tests, hostile input included, must take under a second.
Parsed Parse(std::string text, const LoadOptions& options = {}) {
  Parsed p;
  p.file = std::make_unique<SourceFile>();
  p.file->path = "test.yaml";
  p.file->text = std::move(text);
  p.file->IndexLines();
  auto start = Clock::now();
  p.loaded = Load(*p.file, options);
  EXPECT_LT(MillisSince(start), 1000) << "loading took too long";
  return p;
}

void ExpectPosition(const Position& p, uint32_t line, uint32_t column, uint32_t offset) {
  EXPECT_EQ(p.line, line);
  EXPECT_EQ(p.column, column);
  EXPECT_EQ(p.offset, offset);
}

// --- ordinary input -------------------------------------------------------------------------

TEST(LoaderTest, LoadsMappingWithSpans) {
  Parsed p = Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: '1'\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  ASSERT_EQ(p.loaded.documents.size(), 1u);
  EXPECT_EQ(p.loaded.file, p.file.get());
  const Node& root = p.Root();
  ASSERT_TRUE(root.IsMapping());
  EXPECT_FALSE(root.flow);
  EXPECT_EQ(root.EntryCount(), 4u);
  EXPECT_EQ(root.GetString("kind"), "ConfigMap");
  const Node* name = root.Find({"metadata", "name"});
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->value, "cm");
  EXPECT_EQ(name->span.file, p.file.get());
  ExpectPosition(name->span.begin, 4, 9, 49);
  ExpectPosition(name->span.end, 4, 11, 51);
  const Node& key = root.Key(2);
  EXPECT_EQ(key.value, "metadata");
  ExpectPosition(key.span.begin, 3, 1, 31);
  const Node* a = root.Find({"data", "a"});
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->style, ScalarStyle::kSingleQuoted);
  ExpectPosition(a->span.begin, 6, 6, 63);  // the opening quote
  ExpectPosition(a->span.end, 6, 9, 66);
  ExpectPosition(root.span.begin, 1, 1, 0);
}

TEST(LoaderTest, ColumnsCountCodePointsAndOffsetsCountBytes) {
  // "é" is 2 bytes, "日" 3 bytes, "😀" 4 bytes.
  Parsed p = Parse("é: 日本\nk: [😀, x]\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node& root = p.Root();
  ExpectPosition(root.Value(0).span.begin, 1, 4, 4);
  ExpectPosition(root.Value(0).span.end, 1, 6, 10);
  const Node& seq = root.Value(1);
  ASSERT_EQ(seq.ItemCount(), 2u);
  EXPECT_TRUE(seq.flow);
  ExpectPosition(seq.children[0].span.begin, 2, 5, 15);
  ExpectPosition(seq.children[1].span.begin, 2, 8, 21);
  EXPECT_EQ(p.file->text.substr(seq.children[1].span.begin.offset, 1), "x");
}

TEST(LoaderTest, MarksThatMoveBackwardsStillMapCorrectly) {
  // Block mappings start at their first key, which libyaml only recognises after the ':';
  // non-ASCII text before it forces the cursor to walk back.
  Parsed p = Parse("ключ:\n  вложенный: значение\n  второй: да\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node& inner = p.Root().Value(0);
  ASSERT_TRUE(inner.IsMapping());
  ExpectPosition(inner.span.begin, 2, 3, 12);
  ExpectPosition(inner.Key(1).span.begin, 3, 3, 51);
  ExpectPosition(inner.Value(1).span.begin, 3, 11, 65);
}

TEST(LoaderTest, CrLfLineBreaks) {
  Parsed p = Parse("a: 1\r\nbé: two\r\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node& root = p.Root();
  EXPECT_EQ(root.Value(1).value, "two");
  ExpectPosition(root.Key(1).span.begin, 2, 1, 6);
  ExpectPosition(root.Value(1).span.begin, 2, 5, 11);
}

TEST(LoaderTest, OnlyLineFeedsStartLines) {
  // libyaml also breaks lines at NEL (U+0085), LS (U+2028) and a lone CR; positions still
  // follow the SourceFile's '\n' lines so that they point into SourceFile::Line().
  Parsed nel = Parse("a: 'x\xC2\x85y'\nb: \xE2\x80\xA8\n");
  ASSERT_TRUE(nel.loaded.errors.empty());
  ExpectPosition(nel.Root().Key(1).span.begin, 2, 1, 10);
  Parsed cr = Parse("a: 1\rb: 2\r");
  ASSERT_TRUE(cr.loaded.errors.empty());
  ASSERT_EQ(cr.Root().EntryCount(), 2u);
  ExpectPosition(cr.Root().Key(1).span.begin, 1, 6, 5);
  ExpectPosition(cr.Root().Value(1).span.begin, 1, 9, 8);
}

TEST(LoaderTest, ByteOrderMarkIsNotAColumn) {
  Parsed p = Parse("\xEF\xBB\xBFkey: value\nnext: é\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node& root = p.Root();
  EXPECT_EQ(root.Key(0).value, "key");
  ExpectPosition(root.Key(0).span.begin, 1, 1, 3);
  ExpectPosition(root.Value(0).span.begin, 1, 6, 8);
  ExpectPosition(root.Value(1).span.begin, 2, 7, 20);
}

TEST(LoaderTest, UnindexedSourceFileStillGetsLines) {
  SourceFile file;
  file.path = "x.yaml";
  file.text = "a: 1\nb: 2\n";  // IndexLines() not called
  LoadedFile loaded = Load(file);
  ASSERT_EQ(loaded.documents.size(), 1u);
  ExpectPosition(loaded.documents[0].root.Key(1).span.begin, 2, 1, 5);
}

TEST(LoaderTest, MultipleAndEmptyDocuments) {
  Parsed p = Parse("a: 1\n---\n---\n# only a comment\n---\n- x\n...\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  ASSERT_EQ(p.loaded.documents.size(), 4u);
  EXPECT_FALSE(p.loaded.documents[0].empty);
  EXPECT_TRUE(p.loaded.documents[1].empty);
  EXPECT_TRUE(p.loaded.documents[2].empty);
  EXPECT_TRUE(p.Root(1).IsNull());
  EXPECT_TRUE(p.Root(2).IsNull());
  EXPECT_TRUE(p.Root(3).IsSequence());
  EXPECT_EQ(p.loaded.documents[0].span.begin.line, 1u);
  EXPECT_EQ(p.loaded.documents[3].span.begin.line, 5u);
  EXPECT_EQ(p.loaded.documents[3].span.end.line, 7u);
}

TEST(LoaderTest, NullDocumentIsNotEmpty) {
  Parsed p = Parse("--- ~\n--- ''\n");
  ASSERT_EQ(p.loaded.documents.size(), 2u);
  EXPECT_FALSE(p.loaded.documents[0].empty);
  EXPECT_TRUE(p.Root(0).IsNull());
  EXPECT_FALSE(p.loaded.documents[1].empty);
  EXPECT_EQ(ResolveScalar(p.Root(1)), ScalarType::kString);
}

TEST(LoaderTest, CommentOnlyAndEmptyFilesHaveNoDocuments) {
  EXPECT_TRUE(Parse("").loaded.documents.empty());
  EXPECT_TRUE(Parse("# nothing here\n\n").loaded.documents.empty());
  EXPECT_TRUE(Parse("").loaded.errors.empty());
}

TEST(LoaderTest, BlockScalars) {
  Parsed p = Parse(
      "lit: |\n  a\n   b\n\n"
      "strip: |-\n  a\n\n"
      "keep: |+\n  a\n\n"
      "folded: >\n  one\n  two\n\n  three\n"
      "indent: |2\n    x\n  y\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node& r = p.Root();
  EXPECT_EQ(r.GetString("lit"), "a\n b\n");
  EXPECT_EQ(r.Get("lit")->style, ScalarStyle::kLiteral);
  EXPECT_EQ(r.GetString("strip"), "a");
  EXPECT_EQ(r.GetString("keep"), "a\n\n");
  EXPECT_EQ(r.GetString("folded"), "one two\nthree\n");
  EXPECT_EQ(r.Get("folded")->style, ScalarStyle::kFolded);
  EXPECT_EQ(r.GetString("indent"), "  x\ny\n");
}

TEST(LoaderTest, ExplicitTagsAreKept) {
  Parsed p = Parse("a: !!str 123\nb: !!int '7'\nc: !custom x\nd: !!map {k: v}\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node& r = p.Root();
  EXPECT_EQ(r.Get("a")->tag(), "tag:yaml.org,2002:str");
  EXPECT_EQ(ResolveScalar(*r.Get("a")), ScalarType::kString);
  EXPECT_EQ(ResolveScalar(*r.Get("b")), ScalarType::kInt);
  EXPECT_EQ(r.Get("c")->tag(), "!custom");
  EXPECT_EQ(r.Get("d")->tag(), "tag:yaml.org,2002:map");
  EXPECT_TRUE(r.Get("d")->flow);
}

TEST(LoaderTest, TagsAreCopiedWithTheirNode) {
  Parsed p = Parse("a: &t !custom x\nb: *t\nc: &m !!map {k: !!str 1}\nd: *m\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node& r = p.Root();
  EXPECT_EQ(r.Get("b")->tag(), "!custom");
  EXPECT_EQ(r.Get("d")->tag(), "tag:yaml.org,2002:map");
  EXPECT_EQ(r.Get("d")->Get("k")->tag(), "tag:yaml.org,2002:str");
  // Copies are independent values.
  Node copy = *r.Get("a");
  copy.set_tag("!other");
  EXPECT_EQ(r.Get("a")->tag(), "!custom");
  copy = *r.Get("b");
  EXPECT_EQ(copy.tag(), "!custom");
  copy.clear_tag();
  EXPECT_TRUE(copy.tag().empty());
  EXPECT_EQ(r.Get("b")->tag(), "!custom");
  Node moved = std::move(copy);
  EXPECT_TRUE(moved.tag().empty());
  moved = *r.Get("c");
  EXPECT_EQ(moved.tag(), "tag:yaml.org,2002:map");
}

TEST(LoaderTest, AliasesAreExpandedByCopy) {
  Parsed p = Parse("base: &b\n  x: 1\n  y: [a, b]\nuse: *b\nscalar: &s hello\nagain: *s\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node& r = p.Root();
  ASSERT_NE(r.Get("use"), nullptr);
  EXPECT_TRUE(Equal(*r.Get("base"), *r.Get("use")));
  EXPECT_EQ(r.GetString("again"), "hello");
  // The copy keeps the provenance of the anchored node (which starts at its anchor).
  EXPECT_EQ(r.Get("use")->span.begin.line, 1u);
  EXPECT_EQ(r.Get("use")->Get("y")->span.begin.line, 3u);
}

TEST(LoaderTest, AnchorsDoNotCrossDocuments) {
  Parsed p = Parse("a: &x 1\n---\nb: *x\n");
  ASSERT_EQ(p.loaded.documents.size(), 1u);
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kUnknownAlias);
  EXPECT_EQ(p.loaded.errors[0].message, "unknown anchor 'x' referenced");
  ExpectPosition(p.loaded.errors[0].span.begin, 3, 4, 15);
}

TEST(LoaderTest, AliasInsideItsOwnAnchorIsAnError) {
  Parsed p = Parse("a: &x [1, *x]\n");
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kUnknownAlias);
  EXPECT_EQ(p.loaded.errors[0].message, "anchor 'x' value contains itself");
}

TEST(LoaderTest, LaterAnchorWithSameNameWins) {
  Parsed p = Parse("a: &x 1\nb: &x 2\nc: *x\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  EXPECT_EQ(p.Root().GetString("c"), "2");
}

// --- merge keys -----------------------------------------------------------------------------

TEST(LoaderTest, MergeKeyFromAlias) {
  Parsed p = Parse("base: &b {x: 1, y: 2}\nobj:\n  <<: *b\n  y: 3\n  z: 4\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node* obj = p.Root().Get("obj");
  ASSERT_NE(obj, nullptr);
  EXPECT_EQ(obj->Get("<<"), nullptr);
  ASSERT_EQ(obj->EntryCount(), 3u);
  EXPECT_EQ(obj->GetString("x"), "1");
  EXPECT_EQ(obj->GetString("y"), "3");  // the explicit key wins
  EXPECT_EQ(obj->GetString("z"), "4");
  // Explicit keys keep their order; merged ones follow.
  EXPECT_EQ(obj->Key(0).value, "y");
  EXPECT_EQ(obj->Key(1).value, "z");
  EXPECT_EQ(obj->Key(2).value, "x");
}

TEST(LoaderTest, MergeSequenceEarlierMappingsWin) {
  Parsed p = Parse(
      "a: &a {k: from_a, only_a: 1}\n"
      "b: &b {k: from_b, only_b: 2}\n"
      "m:\n  k0: explicit\n  <<: [*a, *b, {only_c: 3, k0: ignored}]\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node* m = p.Root().Get("m");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->GetString("k"), "from_a");
  EXPECT_EQ(m->GetString("only_a"), "1");
  EXPECT_EQ(m->GetString("only_b"), "2");
  EXPECT_EQ(m->GetString("only_c"), "3");
  EXPECT_EQ(m->GetString("k0"), "explicit");
  EXPECT_EQ(m->EntryCount(), 5u);
}

TEST(LoaderTest, ExplicitKeyAfterMergeStillWins) {
  Parsed p = Parse("m:\n  <<: {a: merged}\n  a: explicit\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  EXPECT_EQ(p.Root().Find({"m", "a"})->value, "explicit");
  EXPECT_EQ(p.Root().Get("m")->EntryCount(), 1u);
}

TEST(LoaderTest, QuotedMergeKeyIsAnOrdinaryKey) {
  Parsed p = Parse("m:\n  '<<': {a: 1}\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  ASSERT_NE(p.Root().Find({"m", "<<"}), nullptr);
}

TEST(LoaderTest, NestedMergesResolveInsideAnchors) {
  Parsed p = Parse(
      "base: &base {a: 1}\n"
      "mid: &mid\n  <<: *base\n  b: 2\n"
      "top:\n  <<: *mid\n  c: 3\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  const Node* top = p.Root().Get("top");
  EXPECT_EQ(top->GetString("a"), "1");
  EXPECT_EQ(top->GetString("b"), "2");
  EXPECT_EQ(top->GetString("c"), "3");
}

TEST(LoaderTest, MergeOfNonMappingIsASyntaxError) {
  for (const char* text : {"m:\n  <<: scalar\n", "m:\n  <<: [{a: 1}, nope]\n"}) {
    Parsed p = Parse(std::string("first: doc\n---\n") + text);
    EXPECT_EQ(p.loaded.documents.size(), 1u) << text;
    ASSERT_EQ(p.loaded.errors.size(), 1u) << text;
    EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kSyntax);
    EXPECT_EQ(p.loaded.errors[0].message,
              "map merge requires map or sequence of maps as the value");
    EXPECT_EQ(p.loaded.errors[0].span.begin.line, 4u);
  }
}

TEST(LoaderTest, BadMergeStopsLoadingBeforeWhatFollowsIt) {
  // The bad merge ends before the later problems in the same document (an alias inside its
  // own anchor, a syntax error, a depth limit): it is the one error, and nothing after it is
  // looked at, not even a duplicate key.
  for (const char* text :
       {"- {<<: 1}\n- {a: 1, a: 2}\n- &a [*a]\n", "- x: {<<: [1]}\n- {a: 1, a: 2}\n- [\n",
        "- {<<: 1}\n- {a: 1, a: 2}\n- [[[[[[1]]]]]]\n"}) {
    LoadOptions options;
    options.max_depth = 5;
    Parsed p = Parse(text, options);
    EXPECT_TRUE(p.loaded.documents.empty()) << text;
    ASSERT_EQ(p.loaded.errors.size(), 1u) << text;
    EXPECT_EQ(p.loaded.errors[0].message, "map merge requires map or sequence of maps as the value")
        << text;
  }
}

TEST(LoaderTest, ProblemsBeforeAnErrorInTheSameDocumentAreKept) {
  // Mappings that ended before the error are checked; the one still open is not.
  Parsed p = Parse(
      "ok: doc\n---\nbase: &b {x: 1, x: 2}\nuse: {<<: *b, y: 1, y: 2}\nopen:\n  k: 1\n  k: 2\n"
      "  bad: [\n");
  ASSERT_EQ(p.loaded.documents.size(), 1u);
  ASSERT_EQ(p.loaded.errors.size(), 3u);
  EXPECT_EQ(p.loaded.errors[0].message, "duplicate key 'x'");
  EXPECT_EQ(p.loaded.errors[0].span.begin.line, 3u);
  EXPECT_EQ(p.loaded.errors[1].message, "duplicate key 'y'");
  EXPECT_EQ(p.loaded.errors[1].span.begin.line, 4u);
  EXPECT_EQ(p.loaded.errors[2].kind, LoadErrorKind::kSyntax);
  EXPECT_EQ(p.loaded.errors[2].span.begin.line, 9u);
}

// --- duplicate keys -------------------------------------------------------------------------

TEST(LoaderTest, DuplicateKeyReportsBothPositionsAndKeepsFirst) {
  Parsed p = Parse("metadata:\n  name: a\n  labels: {}\n  name: b\n---\nnext: doc\n");
  ASSERT_EQ(p.loaded.documents.size(), 2u);  // loading continues
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  const LoadError& e = p.loaded.errors[0];
  EXPECT_EQ(e.kind, LoadErrorKind::kDuplicateKey);
  EXPECT_EQ(e.message, "duplicate key 'name'");
  ExpectPosition(e.span.begin, 4, 3, 35);
  ExpectPosition(e.related.begin, 2, 3, 12);
  EXPECT_EQ(p.Root().Find({"metadata", "name"})->value, "a");
  EXPECT_EQ(p.Root().Get("metadata")->EntryCount(), 2u);
}

TEST(LoaderTest, DuplicateKeysInLargeMappings) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  text += "k42: again\nk7: again\n";
  Parsed p = Parse(text);
  ASSERT_EQ(p.loaded.errors.size(), 2u);
  EXPECT_EQ(p.loaded.errors[0].message, "duplicate key 'k42'");
  EXPECT_EQ(p.loaded.errors[0].related.begin.line, 43u);
  EXPECT_EQ(p.loaded.errors[1].message, "duplicate key 'k7'");
  EXPECT_EQ(p.loaded.errors[1].related.begin.line, 8u);
  EXPECT_EQ(p.Root().EntryCount(), 100u);
  EXPECT_EQ(p.Root().GetString("k42"), "42");
}

TEST(LoaderTest, DuplicateKeysThatShareLengthAndFirstBytes) {
  // Keys alike in their first eight bytes and length, keys that are prefixes of others, and
  // keys that differ only in length are told apart exactly, each mapping on its own.
  Parsed p = Parse(
      "- {containerA: 1, containerB: 2, container: 3, containerAB: 4, containerB: 5}\n"
      "- {abcdefgh: 1, abcdefgi: 2, abcdefg: 3, abcdefgh: 4}\n"
      "- {'': 1, ? '' : 2}\n"
      "- {0: 1, '0': 2}\n"
      "- {a: 1, ab: 2, abc: 3, b: 4}\n");
  ASSERT_EQ(p.loaded.errors.size(), 4u);
  EXPECT_EQ(p.loaded.errors[0].message, "duplicate key 'containerB'");
  EXPECT_EQ(p.loaded.errors[0].related.begin.column, 19u);
  EXPECT_EQ(p.loaded.errors[1].message, "duplicate key 'abcdefgh'");
  EXPECT_EQ(p.loaded.errors[2].message, "duplicate key ''");
  EXPECT_EQ(p.loaded.errors[3].message, "duplicate key '0'");
  const Node& items = p.Root();
  EXPECT_EQ(items.children[0].EntryCount(), 4u);
  EXPECT_EQ(items.children[0].GetString("containerB"), "2");
  EXPECT_EQ(items.children[1].EntryCount(), 3u);
  EXPECT_EQ(items.children[1].GetString("abcdefgi"), "2");
  EXPECT_EQ(items.children[4].EntryCount(), 4u);

  // Two merge keys are no duplicate; a quoted '<<' is an ordinary key beside them.
  Parsed merges = Parse("{<<: {a: 1}, '<<': x, <<: {b: 2}}\n");
  EXPECT_TRUE(merges.loaded.errors.empty());
  EXPECT_EQ(merges.Root().GetString("<<"), "x");
  EXPECT_EQ(merges.Root().GetString("b"), "2");
}

TEST(LoaderTest, ErrorsAreSortedByPosition) {
  Parsed p = Parse("a:\n  x: 1\n  x: 2\nb: 1\na: 3\n");
  ASSERT_EQ(p.loaded.errors.size(), 2u);
  EXPECT_EQ(p.loaded.errors[0].span.begin.line, 3u);
  EXPECT_EQ(p.loaded.errors[1].span.begin.line, 5u);
}

// --- syntax errors --------------------------------------------------------------------------

TEST(LoaderTest, TabIndentation) {
  Parsed p = Parse("a:\n\tb: 1\n");
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  const LoadError& e = p.loaded.errors[0];
  EXPECT_EQ(e.kind, LoadErrorKind::kSyntax);
  EXPECT_EQ(e.message, "found character that cannot start any token");
  ExpectPosition(e.span.begin, 2, 1, 3);
}

TEST(LoaderTest, UnterminatedQuoteHasContext) {
  Parsed p = Parse("a: 1\nb: \"open\nc: d\n");
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  const LoadError& e = p.loaded.errors[0];
  EXPECT_EQ(e.kind, LoadErrorKind::kSyntax);
  EXPECT_EQ(e.message, "found unexpected end of stream");
  ExpectPosition(e.span.begin, 4, 1, 19);
  EXPECT_EQ(e.context, "while scanning a quoted scalar");
  ExpectPosition(e.context_span.begin, 2, 4, 8);
  EXPECT_TRUE(p.loaded.documents.empty());
}

TEST(LoaderTest, BadIndentation) {
  Parsed p = Parse("metadata:\n  name: x\n   namespace: y\n");
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].message, "mapping values are not allowed in this context");
  ExpectPosition(p.loaded.errors[0].span.begin, 3, 13, 32);
}

TEST(LoaderTest, ErrorInThirdDocumentKeepsFirstTwo) {
  Parsed p = Parse("a: 1\n---\nb: 2\n---\nc: [unclosed\nd: 4\n");
  ASSERT_EQ(p.loaded.documents.size(), 2u);
  EXPECT_EQ(p.Root(0).GetString("a"), "1");
  EXPECT_EQ(p.Root(1).GetString("b"), "2");
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kSyntax);
  EXPECT_GE(p.loaded.errors[0].span.begin.line, 5u);
  EXPECT_FALSE(p.loaded.errors[0].context.empty());
}

TEST(LoaderTest, InvalidUtf8) {
  Parsed p = Parse("ok: yes\nbad: caf\xC3\x28\n");
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  const LoadError& e = p.loaded.errors[0];
  EXPECT_EQ(e.kind, LoadErrorKind::kSyntax);
  EXPECT_EQ(e.message, "invalid trailing UTF-8 octet");
  ExpectPosition(e.span.begin, 2, 10, 17);  // libyaml points at the bad trailing byte
}

TEST(LoaderTest, BadByteInThirdDocumentKeepsFirstTwo) {
  // libyaml decodes ahead of the parser; the documents before the bad byte are kept anyway.
  Parsed p = Parse("a: 1\n---\nb: [x, y]\nc: {k: v}\n---\nd: caf\xE9\n");
  ASSERT_EQ(p.loaded.documents.size(), 2u);
  EXPECT_EQ(p.Root(0).GetString("a"), "1");
  EXPECT_EQ(p.Root(1).Find({"c", "k"})->value, "v");
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kSyntax);
  ExpectPosition(p.loaded.errors[0].span.begin, 6, 7, 39);
}

TEST(LoaderTest, BadByteAfterDuplicateKeyKeepsBothErrors) {
  Parsed p = Parse("a: 1\na: 2\n---\nx: \x01\n");
  ASSERT_EQ(p.loaded.documents.size(), 1u);
  ASSERT_EQ(p.loaded.errors.size(), 2u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kDuplicateKey);
  EXPECT_EQ(p.loaded.errors[1].message, "control characters are not allowed");
  ExpectPosition(p.loaded.errors[1].span.begin, 4, 4, 17);
}

TEST(LoaderTest, InvalidLeadingUtf8Byte) {
  Parsed p = Parse("k: v\xFF\n");
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].message, "invalid leading UTF-8 octet");
  ExpectPosition(p.loaded.errors[0].span.begin, 1, 5, 4);
}

TEST(LoaderTest, LongImplicitKeyIsRejectedLikeGoYaml) {
  Parsed p = Parse(std::string(1100, 'k') + ": v\n");
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kSyntax);
  EXPECT_EQ(p.loaded.errors[0].span.begin.line, 1u);
}

TEST(LoaderTest, BareDocumentAfterDocumentEndMarkerIsRejected) {
  Parsed p = Parse("a: 1\n...\nb: 2\n");
  EXPECT_EQ(p.loaded.documents.size(), 1u);
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kSyntax);
  EXPECT_EQ(p.loaded.errors[0].span.begin.line, 3u);
}

// --- limits and hostile input ---------------------------------------------------------------

TEST(LoaderTest, NulByteMeansBinary) {
  std::string text = "a: 1\nbé: x";
  text.push_back('\0');
  text += "y\n";
  auto start = Clock::now();
  Parsed p = Parse(text);
  EXPECT_LT(MillisSince(start), 1000);
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kBinary);
  EXPECT_EQ(p.loaded.errors[0].message, "file is binary (contains a NUL byte)");
  ExpectPosition(p.loaded.errors[0].span.begin, 2, 6, 11);
  EXPECT_TRUE(p.loaded.documents.empty());
}

TEST(LoaderTest, FactsAboutTheBytesHoldFarIntoTheFile) {
  // The loader looks at a file's bytes in blocks before parsing: a NUL byte, a lone '\r' or a
  // non-ASCII character in the middle of a long file must be seen as at its start.
  auto filler = [](int first) {
    std::string text;
    for (int i = first; i < first + 200; ++i) text += "k" + std::to_string(i) + ": v\n";
    return text;
  };
  const std::string before = filler(0);
  const std::string after = filler(1000);
  ASSERT_GT(before.size(), 1100u);
  ASSERT_GT(after.size(), 1100u);
  const uint32_t line = 201;
  const auto offset = static_cast<uint32_t>(before.size());

  std::string binary = before + "x: a";
  binary.push_back('\0');
  binary += "\n" + after;
  Parsed p = Parse(binary);
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kBinary);
  ExpectPosition(p.loaded.errors[0].span.begin, line, 5, offset + 4);

  // A lone '\r' breaks a line for libyaml but not for the SourceFile.
  Parsed cr = Parse(before + "a: 1\rb: 2\n" + after);
  ASSERT_TRUE(cr.loaded.errors.empty());
  const Node& b = *cr.Root().Get("b");
  EXPECT_EQ(b.value, "2");
  ExpectPosition(b.span.begin, line, 9, offset + 8);
  ExpectPosition(cr.Root().Get("k1000")->span.begin, line + 1, 8, offset + 17);

  Parsed wide = Parse(before + "é: 日本\n" + after);
  ASSERT_TRUE(wide.loaded.errors.empty());
  ExpectPosition(wide.Root().Get("é")->span.begin, line, 4, offset + 4);
  ExpectPosition(wide.Root().Get("k1000")->span.begin, line + 1, 8, offset + 18);
}

TEST(LoaderTest, FileSizeLimit) {
  std::string text = "key: " + std::string(50u << 20, 'x');  // one 50 MB line
  auto start = Clock::now();
  Parsed p = Parse(std::move(text));
  EXPECT_LT(MillisSince(start), 1000);
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kLimit);
  EXPECT_EQ(p.loaded.errors[0].message,
            "file is 52428805 bytes, larger than the limit of 33554432 bytes");
  ExpectPosition(p.loaded.errors[0].span.begin, 1, 1, 0);
}

TEST(LoaderTest, SmallFileSizeLimit) {
  LoadOptions options;
  options.max_file_bytes = 4;
  Parsed p = Parse("a: 12\n", options);
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].message, "file is 6 bytes, larger than the limit of 4 bytes");
}

void ExpectDepthLimit(const std::string& text, uint32_t line, uint32_t column) {
  auto start = Clock::now();
  Parsed p = Parse(text);
  EXPECT_LT(MillisSince(start), 1000);
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kLimit);
  EXPECT_EQ(p.loaded.errors[0].message, "nesting is deeper than the limit of 512 levels");
  EXPECT_EQ(p.loaded.errors[0].span.begin.line, line);
  EXPECT_EQ(p.loaded.errors[0].span.begin.column, column);
}

TEST(LoaderTest, DeepFlowSequenceFailsFast) {
  ExpectDepthLimit(std::string(100'000, '[') + "\n", 1, 513);
}

TEST(LoaderTest, DeepFlowMappingFailsFast) {
  std::string text;
  for (int i = 0; i < 100'000; ++i) text += "{a: ";
  ExpectDepthLimit(text + "\n", 1, 4 * 512 + 1);
}

TEST(LoaderTest, DeepBlockSequenceFailsFast) {
  std::string text;
  for (int i = 0; i < 100'000; ++i) text += "- ";
  ExpectDepthLimit(text + "x\n", 1, 2 * 512 + 1);
}

TEST(LoaderTest, DeepBlockMappingFailsFast) {
  // One more space of indentation per level.
  std::string text;
  for (int i = 0; i < 600; ++i) text += std::string(static_cast<size_t>(i), ' ') + "k:\n";
  ExpectDepthLimit(text, 513, 513);
}

TEST(LoaderTest, NestingAtTheLimitIsFine) {
  Parsed p = Parse(std::string(512, '[') + std::string(512, ']') + "\n");
  EXPECT_TRUE(p.loaded.errors.empty());
  ASSERT_EQ(p.loaded.documents.size(), 1u);
}

TEST(LoaderTest, AliasCannotExceedTheDepthLimit) {
  LoadOptions options;
  options.max_depth = 10;
  std::string deep = "a: &d " + std::string(5, '[') + std::string(5, ']') + "\n";
  Parsed ok = Parse(deep + "b: [[[*d]]]\n", options);  // 1 + 3 + 5 = 9
  EXPECT_TRUE(ok.loaded.errors.empty());
  Parsed bad = Parse(deep + "b: [[[[[*d]]]]]\n", options);  // 1 + 5 + 5 = 11
  ASSERT_EQ(bad.loaded.errors.size(), 1u);
  EXPECT_EQ(bad.loaded.errors[0].kind, LoadErrorKind::kLimit);
  EXPECT_EQ(bad.loaded.errors[0].message,
            "nesting is deeper than the limit of 10 levels (through alias 'd')");
}

std::string BillionLaughs() {
  std::string text =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'i'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i ? "," : "") + "*" + prev;
    text += "]\n";
    prev = c;
  }
  return text;
}

TEST(LoaderTest, BillionLaughsFailsFast) {
  auto start = Clock::now();
  Parsed p = Parse(BillionLaughs());
  double ms = MillisSince(start);
  EXPECT_LT(ms, 100);
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  const LoadError& e = p.loaded.errors[0];
  EXPECT_EQ(e.kind, LoadErrorKind::kLimit);
  EXPECT_NE(e.message.find("(billion laughs?)"), std::string::npos) << e.message;
  EXPECT_GE(e.span.begin.line, 2u);
  EXPECT_TRUE(p.loaded.documents.empty());
}

TEST(LoaderTest, AbsoluteAliasBudget) {
  // Few aliased nodes relative to the document, but more than the configured budget.
  std::string text = "base: &b [1, 2, 3, 4, 5, 6, 7, 8, 9]\nfill:\n";
  for (int i = 0; i < 2000; ++i) text += "- " + std::to_string(i) + "\n";
  text += "uses: [*b, *b, *b]\n";
  LoadOptions options;
  options.max_alias_nodes = 25;
  auto start = Clock::now();
  Parsed p = Parse(text, options);
  EXPECT_LT(MillisSince(start), 1000);
  ASSERT_EQ(p.loaded.errors.size(), 1u);
  EXPECT_EQ(p.loaded.errors[0].kind, LoadErrorKind::kLimit);
  EXPECT_EQ(p.loaded.errors[0].message, "alias expansion exceeds 25 nodes (billion laughs?)");
  ExpectPosition(p.loaded.errors[0].span.begin, 2003, 16, p.file->text.size() - 4);
  options.max_alias_nodes = 30;
  EXPECT_TRUE(Parse(text, options).loaded.errors.empty());
}

TEST(LoaderTest, ModerateAliasUseIsAccepted) {
  // A realistic values file: one anchor reused a hundred times.
  std::string text = "defaults: &d {cpu: 100m, memory: 128Mi, limits: {cpu: 1, memory: 1Gi}}\n";
  for (int i = 0; i < 100; ++i) {
    text += "svc" + std::to_string(i) + ":\n  resources: *d\n  name: s" + std::to_string(i) +
            "\n  replicas: 2\n  labels: {app: a, tier: b, team: c}\n";
  }
  Parsed p = Parse(text);
  EXPECT_TRUE(p.loaded.errors.empty());
  EXPECT_EQ(p.Root().Find({"svc99", "resources", "limits", "memory"})->value, "1Gi");
}

// --- concurrency and real files -------------------------------------------------------------

TEST(LoaderTest, ConcurrentLoadsAgree) {
  std::vector<std::unique_ptr<SourceFile>> files;
  for (int i = 0; i < 8; ++i) {
    auto f = std::make_unique<SourceFile>();
    f->path = "f" + std::to_string(i) + ".yaml";
    for (int j = 0; j < 200; ++j) {
      f->text += "---\nkind: K" + std::to_string(j) + "\nmetadata: {name: n" +
                 std::to_string(i * j) + ", labels: &l {a: é}}\nspec: {x: *l, <<: *l}\n";
    }
    f->IndexLines();
    files.push_back(std::move(f));
  }
  std::vector<LoadedFile> serial;
  for (const auto& f : files) serial.push_back(Load(*f));
  std::vector<LoadedFile> parallel(files.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < files.size(); ++i) {
    threads.emplace_back([&, i] { parallel[i] = Load(*files[i]); });
  }
  for (std::thread& t : threads) t.join();
  for (size_t i = 0; i < files.size(); ++i) {
    ASSERT_EQ(serial[i].documents.size(), 200u);
    ASSERT_EQ(parallel[i].documents.size(), serial[i].documents.size());
    EXPECT_TRUE(parallel[i].errors.empty());
    for (size_t d = 0; d < serial[i].documents.size(); ++d) {
      EXPECT_TRUE(Equal(serial[i].documents[d].root, parallel[i].documents[d].root));
    }
  }
}

std::vector<std::filesystem::path> CorpusYamlFiles() {
  std::vector<std::filesystem::path> out;
  std::filesystem::path root =
      std::filesystem::path(FLUXLINT_SOURCE_DIR) / ".." / "shared" / "corpus";
  if (!std::filesystem::exists(root)) return out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    if (ext == ".yaml" || ext == ".yml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// offset, line and column agree: the line starts at or before the offset and the bytes
/// between hold column - 1 code points (the position just past a final line break is the
/// start of the line after the last one).
void ExpectConsistent(const SourceFile& file, const Position& p) {
  ASSERT_GE(p.line, 1u);
  if (p.line == file.LineCount() + 1) {
    EXPECT_EQ(p.offset, file.text.size());
    EXPECT_EQ(p.column, 1u);
    return;
  }
  ASSERT_LE(p.line, file.LineCount());
  uint32_t start = file.line_starts[p.line - 1];
  ASSERT_LE(start, p.offset);
  uint32_t code_points = 0;
  for (uint32_t i = start; i < p.offset; ++i) {
    if ((static_cast<unsigned char>(file.text[i]) & 0xC0) != 0x80) ++code_points;
  }
  EXPECT_EQ(p.column, code_points + 1) << "line " << p.line;
}

TEST(LoaderTest, LoadsTheCorpusWithoutErrors) {
  std::vector<std::filesystem::path> files = CorpusYamlFiles();
  if (files.empty()) GTEST_SKIP() << "no ../shared/corpus beside the checkout";
  size_t documents = 0;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    Parsed p = Parse(buffer.str());
    EXPECT_TRUE(p.loaded.errors.empty()) << path << ": " << p.loaded.errors[0].message << " at "
                                         << p.loaded.errors[0].span.begin.line;
    documents += p.loaded.documents.size();
    // Every scalar span points at text inside the file.
    for (const Document& doc : p.loaded.documents) {
      std::vector<const Node*> stack = {&doc.root};
      while (!stack.empty()) {
        const Node* n = stack.back();
        stack.pop_back();
        EXPECT_LE(n->span.begin.offset, n->span.end.offset);
        EXPECT_LE(n->span.end.offset, p.file->text.size());
        ExpectConsistent(*p.file, n->span.begin);
        ExpectConsistent(*p.file, n->span.end);
        if (n->IsScalar() && n->style == ScalarStyle::kPlain && !n->value.empty() &&
            n->value.find(' ') == std::string::npos) {
          EXPECT_EQ(p.file->text.substr(n->span.begin.offset, n->value.size()), n->value);
        }
        for (const Node& c : n->children) stack.push_back(&c);
      }
    }
  }
  EXPECT_GT(documents, 50u);
}

/// Random damage to real manifests (byte flips, indicator characters, truncation, duplicated
/// slices) must never crash or hang the loader, and every span must stay inside the file.
TEST(LoaderTest, DamagedInputNeverCrashes) {
  std::vector<std::string> seeds = {
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {a: b, c: [1, 2]}\n"
      "data:\n  k: |\n    line\n  e: 'q'\n  f: \"\\u00e9\"\nbase: &b {x: 1}\nm:\n  <<: *b\n---\n"
      "- ? complex\n  : value\n- !!str tagged\n- *b\n"};
  for (const auto& path : CorpusYamlFiles()) {
    if (seeds.size() >= 12) break;
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    seeds.push_back(buffer.str());
  }
  const std::string kInserts[] = {"[",
                                  "]",
                                  "{",
                                  "}",
                                  ":",
                                  "- ",
                                  "? ",
                                  "&a ",
                                  "*a",
                                  "<<: ",
                                  "!",
                                  "|",
                                  ">",
                                  "\"",
                                  "'",
                                  "#",
                                  "\t",
                                  "\n",
                                  "---\n",
                                  "...\n",
                                  "\xC3",
                                  "\xE9",
                                  "\xEF\xBB\xBF",
                                  "%YAML 1.1\n",
                                  "\r",
                                  " "};
  uint64_t state = 12345;
  auto next = [&state](uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>((state >> 33) % n);
  };
  size_t loads = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string text = seeds[next(seeds.size())];
    for (int edits = 1 + static_cast<int>(next(4)); edits > 0 && !text.empty(); --edits) {
      size_t at = next(text.size());
      switch (next(4)) {
        case 0:
          text[at] = static_cast<char>(next(256));
          break;
        case 1:
          text.insert(at, kInserts[next(std::size(kInserts))]);
          break;
        case 2:
          text.resize(at);
          break;
        default:
          text.insert(at, text.substr(next(text.size()), next(200)));
          break;
      }
    }
    Parsed p = Parse(text);
    ++loads;
    for (const LoadError& e : p.loaded.errors) {
      EXPECT_LE(e.span.begin.offset, p.file->text.size());
      EXPECT_GE(e.span.begin.line, 1u);
      EXPECT_FALSE(e.message.empty());
    }
    for (const Document& doc : p.loaded.documents) {
      std::vector<const Node*> stack = {&doc.root};
      while (!stack.empty()) {
        const Node* n = stack.back();
        stack.pop_back();
        ASSERT_LE(n->span.end.offset, p.file->text.size());
        ASSERT_LE(n->span.begin.offset, n->span.end.offset);
        for (const Node& c : n->children) stack.push_back(&c);
      }
    }
  }
  EXPECT_EQ(loads, 1500u);
}

}  // namespace
}  // namespace fluxlint::yaml
