#include "yaml/emitter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "yaml/loader.h"
#include "yaml/scalar.h"

namespace fluxlint::yaml {
namespace {

struct Parsed {
  std::unique_ptr<SourceFile> file;
  LoadedFile loaded;
};

Parsed Parse(std::string text) {
  Parsed p;
  p.file = std::make_unique<SourceFile>();
  p.file->path = "test.yaml";
  p.file->text = std::move(text);
  p.file->IndexLines();
  p.loaded = Load(*p.file);
  return p;
}

/// A string scalar whatever its text (a plain Node::Scalar("0755") would be an int).
Node Str(std::string text) { return Node::Scalar(std::move(text), {}, ScalarStyle::kDoubleQuoted); }

/// A deep copy with every mapping's entries in the order EmitOptions::sort_keys writes them.
Node SortedCopy(const Node& node) {
  Node out = node;
  out.children.clear();
  if (!node.IsMapping()) {
    for (const Node& c : node.children) out.children.push_back(SortedCopy(c));
    return out;
  }
  std::vector<size_t> order;
  for (size_t i = 0; i < node.EntryCount(); ++i) order.push_back(i);
  auto text = [](const Node& key) -> std::string { return key.IsNull() ? "null" : key.value; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Node& ka = node.Key(a);
    const Node& kb = node.Key(b);
    if (ka.IsScalar() != kb.IsScalar()) return ka.IsScalar();
    return ka.IsScalar() && text(ka) < text(kb);
  });
  for (size_t i : order) {
    out.children.push_back(SortedCopy(node.Key(i)));
    out.children.push_back(SortedCopy(node.Value(i)));
  }
  return out;
}

std::vector<const Node*> Roots(const LoadedFile& loaded) {
  std::vector<const Node*> roots;
  for (const Document& d : loaded.documents) roots.push_back(&d.root);
  return roots;
}

/// Walks two trees in step; every scalar must have the same resolved type.
void ExpectSameTypes(const Node& a, const Node& b, const std::string& where) {
  ASSERT_EQ(a.kind, b.kind) << where;
  if (a.IsScalar()) {
    EXPECT_EQ(ResolveScalar(a), ResolveScalar(b)) << where << " '" << a.value << "'";
    return;
  }
  ASSERT_EQ(a.children.size(), b.children.size()) << where;
  for (size_t i = 0; i < a.children.size(); ++i) {
    ExpectSameTypes(a.children[i], b.children[i], where);
  }
}

/// Emits `root`, loads the text again and checks the value survived.
void ExpectRoundTrip(const Node& original, const EmitOptions& options, const std::string& where) {
  Node root = options.sort_keys ? SortedCopy(original) : original;
  std::string text = Emit(original, options);
  Parsed again = Parse(text);
  ASSERT_TRUE(again.loaded.errors.empty())
      << where << ": " << again.loaded.errors[0].message << "\n"
      << text;
  ASSERT_EQ(again.loaded.documents.size(), 1u) << where << "\n" << text;
  const Node& back = again.loaded.documents[0].root;
  EXPECT_TRUE(Equal(root, back)) << where << "\n" << text;
  ExpectSameTypes(root, back, where);
  // Emitting is deterministic and idempotent.
  EXPECT_EQ(Emit(back, options), text) << where;
}

// --- kubectl kustomize fidelity ------------------------------------------------------------

// A Deployment and a ConfigMap as written by hand, and what `kubectl kustomize` (kustomize
// v5.5.0) printed for them, captured with a kustomization.yaml that lists this file.
constexpr const char* kKustomizeInput = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: long
data:
  long: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbb cccccccccccccccccccccccccccccccc"
  quoted: "- dash then many words so that the line is longer than eighty columns for sure ok"
  words: one two three four five six seven eight nine ten eleven twelve thirteen fourteen
  script: |
    #!/bin/sh
    echo "a very long line inside a literal block is never folded by the emitter at all, ever"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  labels:
    app: web
    version: "1.10"
    enabled: "true"
    tier: 'on'
  annotations:
    note: "it's a \"quoted\" value"
    empty: ""
    hash: "#not-a-comment"
    colon: "key: value"
    dash: "- item"
    url: https://example.com/a?b=c#frag
    octal: "0755"
    time: "1:30"
    sci: "1e3"
    tilde: "~"
    spaces: "  padded  "
    tab: "a\tb"
    ts: "2024-01-02"
    star: "*ref"
    version: v1.2.3
    ip: 10.0.0.1
    yes: "yes"
    n: "n"
spec:
  replicas: 3
  paused: false
  progressDeadlineSeconds: 600
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
        args: ["--port", "8080", "--flag"]
        command:
        - /bin/sh
        - -c
        - |
          echo hello
          exec nginx -g 'daemon off;'
        env:
        - name: EMPTY
          value: ""
        - name: NUM
          value: "42"
        - name: MULTI
          value: "line one\nline two"
        - name: KEEP
          value: "a\n\n"
        - name: INDENTED
          value: "  first\nsecond\n"
        ports:
        - containerPort: 8080
          protocol: TCP
        resources: {}
      volumes: []
      nodeSelector: null
)";

constexpr const char* kKustomizeOutput = R"(apiVersion: v1
data:
  long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    bbbbbbbbbbbbbbbbbbbbbbbbbbbbb cccccccccccccccccccccccccccccccc
  quoted: '- dash then many words so that the line is longer than eighty columns for
    sure ok'
  script: |
    #!/bin/sh
    echo "a very long line inside a literal block is never folded by the emitter at all, ever"
  words: one two three four five six seven eight nine ten eleven twelve thirteen fourteen
kind: ConfigMap
metadata:
  name: long
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    colon: 'key: value'
    dash: '- item'
    empty: ""
    hash: '#not-a-comment'
    ip: 10.0.0.1
    "n": "n"
    note: it's a "quoted" value
    octal: "0755"
    sci: "1e3"
    spaces: '  padded  '
    star: '*ref'
    tab: "a\tb"
    tilde: "~"
    time: "1:30"
    ts: "2024-01-02"
    url: https://example.com/a?b=c#frag
    version: v1.2.3
    "yes": "yes"
  labels:
    app: web
    enabled: "true"
    tier: "on"
    version: "1.10"
  name: web
  namespace: prod
spec:
  paused: false
  progressDeadlineSeconds: 600
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - args:
        - --port
        - "8080"
        - --flag
        command:
        - /bin/sh
        - -c
        - |
          echo hello
          exec nginx -g 'daemon off;'
        env:
        - name: EMPTY
          value: ""
        - name: NUM
          value: "42"
        - name: MULTI
          value: |-
            line one
            line two
        - name: KEEP
          value: |+
            a

        - name: INDENTED
          value: |2
              first
            second
        image: nginx:1.25
        name: web
        ports:
        - containerPort: 8080
          protocol: TCP
        resources: {}
      nodeSelector: null
      volumes: []
)";

TEST(EmitterTest, MatchesKubectlKustomizeByteForByte) {
  Parsed p = Parse(kKustomizeInput);
  ASSERT_TRUE(p.loaded.errors.empty());
  ASSERT_EQ(p.loaded.documents.size(), 2u);
  EXPECT_EQ(EmitStream(Roots(p.loaded), EmitOptions::Kustomize()), kKustomizeOutput);
}

TEST(EmitterTest, HouseStyleKeepsKeyOrderAndNeverFolds) {
  std::string long_value(150, 'x');
  for (int i = 0; i < 20; ++i) long_value += " word";
  Parsed p =
      Parse("kind: ConfigMap\napiVersion: v1\ndata:\n  long: " + long_value + "\n  list: [b, a]\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  EXPECT_EQ(Emit(p.loaded.documents[0].root), "kind: ConfigMap\napiVersion: v1\ndata:\n  long: " +
                                                  long_value + "\n  list:\n  - b\n  - a\n");
}

TEST(EmitterTest, QuotingStyles) {
  Node m = Node::Mapping();
  auto add = [&m](const char* key, const char* value) { m.Set(key, Str(value)); };
  add("plain", "hello world");
  add("bool_like", "yes");
  add("int_like", "0755");
  add("empty", "");
  add("null_like", "~");
  add("indicator", "- x");
  add("comment", "a #b");
  add("colon", "a: b");
  add("tab", "a\tb");
  add("lead", " x");
  add("unicode", "h\xC3\xA9llo");
  add("emoji", "\xF0\x9F\x98\x80");
  add("single", "it's");
  EXPECT_EQ(Emit(m),
            "plain: hello world\n"
            "bool_like: \"yes\"\n"
            "int_like: \"0755\"\n"
            "empty: \"\"\n"
            "null_like: \"~\"\n"
            "indicator: '- x'\n"
            "comment: 'a #b'\n"
            "colon: 'a: b'\n"
            "tab: \"a\\tb\"\n"
            "lead: ' x'\n"
            "unicode: h\xC3\xA9llo\n"
            "emoji: \"\\U0001F600\"\n"
            "single: it's\n");
}

TEST(EmitterTest, MultiLineStringsUseLiteralBlocks) {
  Node m = Node::Mapping();
  m.Set("clip", Node::Scalar("a\nb\n"));
  m.Set("strip", Node::Scalar("a\nb"));
  m.Set("keep", Node::Scalar("a\n\n"));
  m.Set("indent", Node::Scalar("  a\nb\n"));
  m.Set("trailing_space", Node::Scalar("a \nb"));
  m.Set("last", Node::Scalar("x"));
  EXPECT_EQ(Emit(m),
            "clip: |\n  a\n  b\n"
            "strip: |-\n  a\n  b\n"
            "keep: |+\n  a\n\n"
            "indent: |2\n    a\n  b\n"
            "trailing_space: \"a \\nb\"\n"
            "last: x\n");
}

TEST(EmitterTest, NoDocumentEndMarker) {
  EXPECT_EQ(Emit(Node::Scalar("hello")), "hello\n");
  Node m = Node::Mapping();
  m.Set("k", Node::Scalar("a\n\n"));
  EXPECT_EQ(Emit(m), "k: |+\n  a\n\n");
}

TEST(EmitterTest, TypedScalars) {
  Parsed p = Parse(
      "n1: ~\nn2:\nn3: Null\nb: True\ni: 0x1F\nf: 1.50\n"
      "tb: !!bool yes\ntf: !!float 1\nti: !!int \"12\"\nts: !!str 12\nc: !custom thing\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  EXPECT_EQ(Emit(p.loaded.documents[0].root),
            "n1: null\nn2: null\nn3: null\nb: True\ni: 0x1F\nf: 1.50\n"
            "tb: !!bool yes\ntf: !!float 1\nti: 12\nts: \"12\"\nc: thing\n");
}

TEST(EmitterTest, EmptyCollections) {
  Node m = Node::Mapping();
  m.Set("map", Node::Mapping());
  m.Set("seq", Node::Sequence());
  EXPECT_EQ(Emit(m), "map: {}\nseq: []\n");
  EXPECT_EQ(Emit(Node::Mapping()), "{}\n");
  EXPECT_EQ(Emit(Node::Sequence()), "[]\n");
}

TEST(EmitterTest, NestedSequencesAndComplexKeys) {
  Parsed p = Parse("- [a, [b]]\n- {k: v}\n- ? [x, y]\n  : z\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  EXPECT_EQ(Emit(p.loaded.documents[0].root),
            "- - a\n  - - b\n- k: v\n- ? - x\n    - \"y\"\n  : z\n");
}

TEST(EmitterTest, SortKeys) {
  Parsed p = Parse("b: 1\na: {z: 1, y: 2}\nC: 3\n\"\": 4\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  EmitOptions options;
  options.sort_keys = true;
  EXPECT_EQ(Emit(p.loaded.documents[0].root, options),
            "\"\": 4\nC: 3\na:\n  \"y\": 2\n  z: 1\nb: 1\n");
}

TEST(EmitterTest, StreamSeparators) {
  Parsed p = Parse("a: 1\n---\n- x\n---\nplain\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  EXPECT_EQ(EmitStream(Roots(p.loaded)), "a: 1\n---\n- x\n---\nplain\n");
  EXPECT_EQ(EmitStream({}), "");
}

TEST(EmitterTest, InvalidUtf8IsReplaced) {
  Node m = Node::Mapping();
  m.Set("k", Node::Scalar("caf\xC3"));
  EXPECT_EQ(Emit(m), "k: caf\xEF\xBF\xBD\n");
}

TEST(EmitterTest, DeepTreesDoNotRecurse) {
  Node root = Node::Sequence();
  Node* cur = &root;
  for (int i = 0; i < 3000; ++i) {
    cur->children.push_back(Node::Sequence());
    cur = &cur->children.back();
  }
  cur->children.push_back(Node::Scalar("leaf"));
  std::string out = Emit(root);
  EXPECT_NE(out.find("leaf"), std::string::npos);
  EXPECT_GT(out.size(), 3000u);
}

// --- round trips ---------------------------------------------------------------------------

TEST(EmitterTest, TrickyStringsRoundTrip) {
  std::vector<std::string> values = {"yes",
                                     "no",
                                     "on",
                                     "off",
                                     "y",
                                     "n",
                                     "Y",
                                     "true",
                                     "False",
                                     "null",
                                     "~",
                                     "",
                                     "0755",
                                     "08",
                                     "1:30",
                                     "123",
                                     "-1",
                                     "+1",
                                     "1_000",
                                     "0x1F",
                                     "0o17",
                                     "0b101",
                                     ".5",
                                     "1.",
                                     "1e3",
                                     "1E3",
                                     ".inf",
                                     "-.inf",
                                     ".nan",
                                     "2021-01-01",
                                     "2001-12-14t21:59:43.10-05:00",
                                     "- x",
                                     "-",
                                     "#x",
                                     "a #b",
                                     ": ",
                                     "a: b",
                                     "key:",
                                     "?",
                                     "? x",
                                     "[a]",
                                     "{a}",
                                     "&x",
                                     "*x",
                                     "!x",
                                     "|",
                                     ">",
                                     "'",
                                     "\"",
                                     "%x",
                                     "@x",
                                     "`x",
                                     ",",
                                     "---",
                                     "...",
                                     "--- x",
                                     "<<",
                                     "=",
                                     " leading",
                                     "trailing ",
                                     "  both  ",
                                     "tab\there",
                                     "h\xC3\xA9llo \xE6\x97\xA5\xE6\x9C\xAC",
                                     "\xF0\x9F\x98\x80",
                                     "\xEF\xBB\xBF"
                                     "bom",
                                     "nel\xC2\x85"
                                     "x",
                                     "ls\xE2\x80\xA8"
                                     "x",
                                     "\x01",
                                     "a\\b",
                                     "line1\nline2",
                                     "line1\nline2\n",
                                     "x\n\n\n",
                                     "\n",
                                     "\nlead",
                                     "  indented\nx",
                                     "trail \nx",
                                     "crlf\r\nx",
                                     "\r",
                                     std::string(300, 'z'),
                                     std::string(100, 'a') + " " + std::string(100, 'b'),
                                     "007",
                                     "1e400",
                                     "0xFFFFFFFFFFFFFFFFFFFF",
                                     "9223372036854775808",
                                     "10.0.0.1",
                                     "v1.2.3",
                                     "http://x/y?a=b#c"};
  for (const EmitOptions& options : {EmitOptions{}, EmitOptions::Kustomize()}) {
    for (const std::string& value : values) {
      // As a string, and as a plain scalar of whatever type its text resolves to.
      for (bool plain : {false, true}) {
        auto make = [plain](const std::string& text) {
          return plain ? Node::Scalar(text) : Str(text);
        };
        std::string where = (plain ? "plain '" : "string '") + value + "'";
        Node m = Node::Mapping();
        m.children.push_back(Str("value"));
        m.children.push_back(make(value));
        m.children.push_back(make(value));
        m.children.push_back(Str("as key"));
        Node seq = Node::Sequence();
        seq.children.push_back(make(value));
        m.children.push_back(Str("seq"));
        m.children.push_back(std::move(seq));
        ExpectRoundTrip(m, options, where);
        ExpectRoundTrip(make(value), options, "root " + where);
      }
    }
  }
}

TEST(EmitterTest, TypedPlainScalarsRoundTrip) {
  Parsed p = Parse(
      "a: 1\nb: -2.5\nc: 0x1F\nd: 0755\ne: true\nf: ~\ng:\nh: .inf\ni: 1_000\nj: 1e3\n"
      "k: !!bool yes\nl: !!float 1\nm: !!int \"12\"\nn: !!null ''\no: 08\n");
  ASSERT_TRUE(p.loaded.errors.empty());
  ExpectRoundTrip(p.loaded.documents[0].root, EmitOptions{}, "typed");
}

std::vector<std::filesystem::path> CorpusYamlFiles() {
  std::vector<std::filesystem::path> out;
  std::filesystem::path root =
      std::filesystem::path(FLUXLINT_SOURCE_DIR) / ".." / "shared" / "corpus";
  if (!std::filesystem::exists(root)) return out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(EmitterTest, CorpusRoundTrips) {
  std::vector<std::filesystem::path> files = CorpusYamlFiles();
  if (files.empty()) GTEST_SKIP() << "no ../shared/corpus beside the checkout";
  size_t documents = 0;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    Parsed p = Parse(buffer.str());
    ASSERT_TRUE(p.loaded.errors.empty()) << path;
    for (const Document& doc : p.loaded.documents) {
      if (doc.empty) continue;
      ExpectRoundTrip(doc.root, EmitOptions{}, path.string());
      ExpectRoundTrip(doc.root, EmitOptions::Kustomize(), path.string());
      ++documents;
    }
  }
  EXPECT_GT(documents, 50u);
}

}  // namespace
}  // namespace fluxlint::yaml
