#include "flux/envsubst.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>
#include <string>

namespace fluxlint::flux {
namespace {

using Vars = std::map<std::string, std::string>;

// "spec" below is /work/shared/spec/flux-semantics.md; "l.N" is its line number.

std::string Eval(std::string_view text, const Vars& vars, bool strict = false) {
  EvalResult r = Evaluate(text, vars, strict);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.error ? r.error->message : "");
  return r.value;
}

SubstError EvalError(std::string_view text, const Vars& vars, bool strict) {
  EvalResult r = Evaluate(text, vars, strict);
  EXPECT_FALSE(r.ok()) << text << " evaluated to " << r.value;
  return r.error.value_or(SubstError{});
}

SubstError ParseError(std::string_view text) {
  ParseResult r = ParseUses(text);
  EXPECT_FALSE(r.ok()) << text;
  // Evaluation must reject the text with the same error, strict or not.
  EvalResult e = Evaluate(text, Vars{}, false);
  EXPECT_FALSE(e.ok()) << text;
  if (r.error && e.error) {
    EXPECT_EQ(r.error->message, e.error->message);
  }
  return r.error.value_or(SubstError{});
}

// --- Syntax: only the braced form (spec l.12-15) -------------------------------------------

TEST(EnvsubstTest, DollarNameIsLeftUntouched) {
  // spec l.13: `$set` -> `$set`.
  EXPECT_EQ(Eval("$set and $set}", {{"set", "x"}}), "$set and $set}");
  EXPECT_TRUE(ParseUses("$set").uses.empty());
}

TEST(EnvsubstTest, DoubleDollarCollapses) {
  // spec l.14: `$${x}` -> `${x}`, and `a$$b` -> `a$b`.
  EXPECT_EQ(Eval("$${x}", {{"x", "1"}}), "${x}");
  EXPECT_EQ(Eval("a$$b", {}), "a$b");
  EXPECT_EQ(Eval("$$$$", {}), "$$");
  EXPECT_EQ(Eval("$$$", {}), "$$");
  EXPECT_EQ(Eval("$$${x}", {{"x", "1"}}), "$1");
  EXPECT_TRUE(ParseUses("$${x}").uses.empty());
}

TEST(EnvsubstTest, EscapeIsConsumedOncePerPass) {
  // spec l.15: one pass turns `$${x}` into `${x}`; a second pass (a child Kustomization)
  // expands it.
  const Vars vars = {{"x", "v"}};
  const std::string once = Eval("$${x}", vars);
  EXPECT_EQ(once, "${x}");
  EXPECT_EQ(Eval(once, vars), "v");
}

TEST(EnvsubstTest, DoubleDollarInArgumentIsNotAnEscape) {
  // spec l.15: `${a:-$${x}}` expands `${x}`.
  EXPECT_EQ(Eval("${a:-$${x}}", {{"x", "X"}}), "$X");
  ParseResult r = ParseUses("${a:-$${x}}");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.uses.size(), 2u);
  EXPECT_EQ(r.uses[1].name, "x");
  EXPECT_EQ(r.uses[1].parent, 0);
}

TEST(EnvsubstTest, BackslashIsLiteralOutsideReplace) {
  EXPECT_EQ(Eval(R"(\\a ${v})", {{"v", "1"}}), R"(\\a 1)");
  EXPECT_EQ(Eval(R"(${x:-a\/b})", {}), R"(a\/b)");
}

TEST(EnvsubstTest, BraceOutsideExpressionIsText) {
  EXPECT_EQ(Eval("} { $ {x} ${v}}", {{"v", "1"}}), "} { $ {x} 1}");
}

// --- Operators (spec l.16-24) ---------------------------------------------------------------

TEST(EnvsubstTest, Bare) {
  EXPECT_EQ(Eval("a-${v}-b", {{"v", "x"}}), "a-x-b");
  EXPECT_EQ(Eval("${v}${w}", {{"v", "1"}, {"w", "2"}}), "12");
  EXPECT_EQ(Eval("${_1}${1a}", {{"_1", "u"}, {"1a", "d"}}), "ud");
}

TEST(EnvsubstTest, Case) {
  // spec l.17.
  const Vars vars = {{"v", "hello World"}, {"u", "HELLO"}};
  EXPECT_EQ(Eval("${v^}", vars), "Hello World");
  EXPECT_EQ(Eval("${v^^}", vars), "HELLO WORLD");
  EXPECT_EQ(Eval("${u,}", vars), "hELLO");
  EXPECT_EQ(Eval("${u,,}", vars), "hello");
  // Mixed forms parse and leave the value unchanged.
  EXPECT_EQ(Eval("${v^,}", vars), "hello World");
  EXPECT_EQ(Eval("${v,^}", vars), "hello World");
  // Non-ASCII letters of the supported scripts.
  EXPECT_EQ(Eval("${g^^}", {{"g", "straße émile δ жук"}}), "STRAßE ÉMILE Δ ЖУК");
  EXPECT_EQ(Eval("${g,,}", {{"g", "ÉMILE ΣΟΦΙΑ ЖУК Ÿ"}}), "émile σοφια жук ÿ");
  EXPECT_EQ(Eval("${g^}", {{"g", "élan"}}), "Élan");
  EXPECT_EQ(Eval("${e^}", {{"e", ""}}), "");
}

TEST(EnvsubstTest, CaseOfInvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(Eval("${g^^}", {{"g",
                             "a\xff"
                             "é"}}),
            "A\xEF\xBF\xBD"
            "É");
  EXPECT_EQ(Eval("${g^}", {{"g",
                            "\xff"
                            "a"}}),
            "\xEF\xBF\xBD"
            "a");
}

TEST(EnvsubstTest, Length) {
  // spec l.18; bytes, like Go's len.
  EXPECT_EQ(Eval("${#v}", {{"v", "abcdEFGH28ij"}}), "12");
  EXPECT_EQ(Eval("${#v}", {{"v", ""}}), "0");
  EXPECT_EQ(Eval("${#v}", {{"v", "é"}}), "2");
  ParseResult r = ParseUses("${#v}");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.uses.size(), 1u);
  EXPECT_EQ(r.uses[0].name, "v");
  EXPECT_EQ(r.uses[0].op, "#");
}

TEST(EnvsubstTest, Substring) {
  // spec l.19.
  const Vars vars = {{"p", "/home/bozo/ideas/thoughts.for.today"}};
  EXPECT_EQ(Eval("${p:11}", vars), "ideas/thoughts.for.today");
  EXPECT_EQ(Eval("${p:11:5}", vars), "ideas");
  EXPECT_EQ(Eval("${p:100}", vars), "");
  EXPECT_EQ(Eval("${p:30:100}", vars), "today");
  EXPECT_EQ(Eval("${p:0:0}", vars), "");
}

TEST(EnvsubstTest, SubstringEdgeCases) {
  // Documented choices (header): negative offsets count from the end, negative lengths end
  // before the end, non-integers leave the value unchanged.
  const Vars vars = {{"v", "abcdef"}};
  EXPECT_EQ(Eval("${v:-2}", vars), "abcdef");  // `:-` is the default operator, not an offset
  EXPECT_EQ(Eval("${v:${n}}", {{"v", "abcdef"}, {"n", "-2"}}), "ef");
  EXPECT_EQ(Eval("${v:${n}}", {{"v", "abcdef"}, {"n", "-20"}}), "abcdef");
  EXPECT_EQ(Eval("${v:1:${n}}", {{"v", "abcdef"}, {"n", "-1"}}), "bcde");
  EXPECT_EQ(Eval("${v:4:${n}}", {{"v", "abcdef"}, {"n", "-3"}}), "");
  EXPECT_EQ(Eval("${v:x}", vars), "abcdef");
  EXPECT_EQ(Eval("${v:1:x}", vars), "abcdef");
  EXPECT_EQ(Eval("${v:+1}", vars), "abcdef");   // `:+` is a default operator
  EXPECT_EQ(Eval("${v: -2}", vars), "abcdef");  // " -2" is not an integer for Atoi
  EXPECT_EQ(Eval("${v:1::2}", vars), "bc");     // the engine takes "::" as one delimiter
  EXPECT_EQ(Eval("${v:1:99999999999999999999}", vars), "abcdef");
  EXPECT_EQ(Eval("${v:1:9223372036854775807}", vars), "bcdef");
}

TEST(EnvsubstTest, Strip) {
  // spec l.20, with the glob patterns of the engine's matcher.
  const Vars vars = {{"f", "bash.string.txt"}, {"p", "path/to/file"}, {"a", "/path/to/file"}};
  EXPECT_EQ(Eval("${f#*.}", vars), "string.txt");
  EXPECT_EQ(Eval("${f##*.}", vars), "txt");
  EXPECT_EQ(Eval("${f%.*}", vars), "bash.string");
  EXPECT_EQ(Eval("${f%%.*}", vars), "bash");
  // `*` matches `/` too.
  EXPECT_EQ(Eval("${p#*/}", vars), "to/file");
  EXPECT_EQ(Eval("${p##*/}", vars), "file");
  EXPECT_EQ(Eval("${a#*/}", vars), "path/to/file");
  EXPECT_EQ(Eval("${a##*/}", vars), "file");
  // Literal, `?` and classes.
  EXPECT_EQ(Eval("${f#bash}", vars), ".string.txt");
  EXPECT_EQ(Eval("${f#nope}", vars), "bash.string.txt");
  EXPECT_EQ(Eval("${f#????}", vars), ".string.txt");
  EXPECT_EQ(Eval("${f#[a-c]}", vars), "ash.string.txt");
  EXPECT_EQ(Eval("${f#[^a-c]}", vars), "bash.string.txt");
  // `%` matches the reversed pattern text, so a class "[tx]" becomes "]xt[" and never matches.
  EXPECT_EQ(Eval("${f%[tx]}", vars), "bash.string.txt");
  EXPECT_EQ(Eval("${f%?xt}", vars), "bash.string.");  // reversed: "tx?"
  EXPECT_EQ(Eval("${f#\\b}", vars), "ash.string.txt");
  // A malformed pattern leaves the value unchanged.
  EXPECT_EQ(Eval("${f#[}", vars), "bash.string.txt");
  EXPECT_EQ(Eval("${f#b[a-}", vars), "bash.string.txt");
  // The empty prefix is never tried, so the shortest match of `*` is one character.
  EXPECT_EQ(Eval("${f#*}", vars), "ash.string.txt");
  EXPECT_EQ(Eval("${f##*}", vars), "");
  EXPECT_EQ(Eval("${f%*}", vars), "bash.string.tx");
  EXPECT_EQ(Eval("${e#*}", {{"e", ""}}), "");
  // A `###` is `##` with the pattern "#".
  EXPECT_EQ(Eval("${h###}", {{"h", "##x"}}), "#x");
  // The pattern may be a variable.
  EXPECT_EQ(Eval("${f#${pat}}", {{"f", "bash.string.txt"}, {"pat", "*."}}), "string.txt");
}

TEST(EnvsubstTest, Replace) {
  // spec l.21; patterns are literal.
  const Vars vars = {{"z", "abcABC123ABCabc"}};
  EXPECT_EQ(Eval("${z/abc/xyz}", vars), "xyzABC123ABCabc");
  EXPECT_EQ(Eval("${z//abc/xyz}", vars), "xyzABC123ABCxyz");
  EXPECT_EQ(Eval("${z/#abc/XYZ}", vars), "XYZABC123ABCabc");
  EXPECT_EQ(Eval("${z/%abc/XYZ}", vars), "abcABC123ABCXYZ");
  EXPECT_EQ(Eval("${z/#ABC/XYZ}", vars), "abcABC123ABCabc");
  EXPECT_EQ(Eval("${z/%ABC/XYZ}", vars), "abcABC123ABCabc");
  EXPECT_EQ(Eval("${z/a*c/-}", vars), "abcABC123ABCabc");  // no globbing here
  // Empty replacement: `/` and `//` delete, `/#` and `/%` change nothing.
  EXPECT_EQ(Eval("${d/./}", {{"d", "foo.bar.baz"}}), "foobar.baz");
  EXPECT_EQ(Eval("${d//./}", {{"d", "foo.bar.baz"}}), "foobarbaz");
  EXPECT_EQ(Eval("${d/#foo/}", {{"d", "foo.bar"}}), "foo.bar");
  EXPECT_EQ(Eval("${d/%bar/}", {{"d", "foo.bar"}}), "foo.bar");
  // Escapes inside replace arguments.
  EXPECT_EQ(Eval(R"(${s/\//-})", {{"s", "foo/bar"}}), "foo-bar");
  EXPECT_EQ(Eval(R"(${s//\//-})", {{"s", "foo/bar/baz"}}), "foo-bar-baz");
  EXPECT_EQ(Eval(R"(${s//\\/|})", {{"s", R"(a\b)"}}), "a|b");
  EXPECT_EQ(Eval("${s//$$/S}", {{"s", "a$b$"}}), "aSbS");
  // "//" after the pattern is a single delimiter.
  EXPECT_EQ(Eval("${s/o//0}", {{"s", "foo"}}), "f0o");
  // Nested replacement; an empty nested pattern matches around every rune.
  EXPECT_EQ(Eval("${s/o/${r}}", {{"s", "foo"}, {"r", "0"}}), "f0o");
  EXPECT_EQ(Eval("${s//${e}/-}", {{"s", "aé"}, {"e", ""}}), "-a-é-");
  EXPECT_EQ(Eval("${s/${e}/-}", {{"s", "ab"}, {"e", ""}}), "-ab");
  EXPECT_EQ(Eval("${s/#${e}/-}", {{"s", "ab"}, {"e", ""}}), "-ab");
  EXPECT_EQ(Eval("${s/%${e}/-}", {{"s", "ab"}, {"e", ""}}), "ab-");
}

TEST(EnvsubstTest, ReplacePatternRunsToNextSlash) {
  // The pattern accepts `}`: it ends at the next `/`.
  EXPECT_EQ(Eval("${s/a}b/X} tail", {{"s", "a}b"}}), "X tail");
  // Without any further `/`, the expression never closes.
  EXPECT_EQ(ParseError("${s/a}").message, "bad substitution");
}

TEST(EnvsubstTest, Defaults) {
  // spec l.22-24.
  EXPECT_EQ(Eval("${v=xyz}", {{"v", "abc"}}), "abc");
  EXPECT_EQ(Eval("${v=xyz}", {}), "xyz");
  EXPECT_EQ(Eval("${v:=xyz}", {}), "xyz");
  EXPECT_EQ(Eval("${v:-xyz}", {}), "xyz");
  EXPECT_EQ(Eval("${v:-xyz}", {{"v", "set"}}), "set");
  // spec l.24: `=` also replaces an empty value, and nothing is assigned.
  EXPECT_EQ(Eval("${v=xyz}", {{"v", ""}}), "xyz");
  EXPECT_EQ(Eval("${v:=a}${v}", {}), "a");
  // Empty default.
  EXPECT_EQ(Eval("${v:-}", {}), "");
  EXPECT_EQ(Eval("${v=}", {{"v", "k"}}), "k");
  // spec l.22: nested defaults.
  EXPECT_EQ(Eval("${v:=${w}}", {{"w", "W"}}), "W");
  EXPECT_EQ(Eval("something ${var=${d}}", {{"d", "foo"}}), "something foo");
  EXPECT_EQ(Eval("${var=${d}-suffix}", {{"d", "foo1"}}), "foo1-suffix");
  EXPECT_EQ(Eval("${var=prefix${d}-suffix}", {{"d", "foo1"}}), "prefixfoo1-suffix");
  EXPECT_EQ(Eval("${var=${d^^}}", {{"d", "abc"}}), "ABC");
  EXPECT_EQ(Eval("${a:-${b:-${c}}}", {{"c", "deep"}}), "deep");
  EXPECT_EQ(Eval("$${v=${d}}", {{"d", "foo"}}), "${v=foo}");
  // Text in a default keeps `$` and `{`.
  EXPECT_EQ(Eval("${v:-a$b{c}", {}), "a$b{c");
}

TEST(EnvsubstTest, PlusAndQuestionBehaveAsColonDash) {
  // spec l.23: `:+` and `:?` are `:-`; `:?` never errors.
  EXPECT_EQ(Eval("${v:+x}", {{"v", "val"}}), "val");
  EXPECT_EQ(Eval("${v:+x}", {}), "x");
  EXPECT_EQ(Eval("${v:?x}", {{"v", "val"}}), "val");
  EXPECT_EQ(Eval("${v:?x}", {}, /*strict=*/true), "x");
  EXPECT_EQ(Eval("${v:+x}", {}, /*strict=*/true), "x");
}

// --- Parse errors (spec l.25-30) -------------------------------------------------------------

TEST(EnvsubstTest, MissingClosingBrace) {
  // spec l.27-29.
  for (const char* text : {"${v-d}", "${v+d}", "${a.b}", "${a-b}", "${AUTH[@]}", "${v", "${v?d}",
                           "x: ${v ", "${v:-${w-x}}"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(ParseError(text).message, "missing closing brace");
    EXPECT_EQ(ParseError(text).kind, SubstError::kSyntax);
  }
}

TEST(EnvsubstTest, UnableToParseVariableName) {
  // spec l.30.
  for (const char* text : {"${}", "${ x }", "${-x}", "${$x}", "${.}", "${${x}}"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(ParseError(text).message, "unable to parse variable name");
  }
}

TEST(EnvsubstTest, OtherSyntaxErrors) {
  EXPECT_EQ(ParseError("${#}").message, "bad substitution");
  EXPECT_EQ(ParseError("${#v:1}").message, "bad substitution");
  EXPECT_EQ(ParseError("${v^^^}").message, "bad substitution");
  EXPECT_EQ(ParseError("${v#a${x}}").message, "bad substitution");
  EXPECT_EQ(ParseError("${v:${x}b}").message, "bad substitution");
  EXPECT_EQ(ParseError("${v/a/b${x}}").message, "bad substitution");
  EXPECT_EQ(ParseError("${v:é}").message, "bad substitution");
  EXPECT_EQ(ParseError("${v#}").message, "unable to parse substitution within function");
  EXPECT_EQ(ParseError("${v%}").message, "unable to parse substitution within function");
  EXPECT_EQ(ParseError("${v:}").message, "unable to parse substitution within function");
  EXPECT_EQ(ParseError("${v:-abc").message, "unable to parse substitution within function");
  // The released engine rejects an empty replace pattern (fluxcd/pkg#947).
  EXPECT_EQ(ParseError("${v/#/prefix-}").message, "unable to parse substitution within function");
  // The pattern takes the `}`, then the input ends before the second `/`.
  EXPECT_EQ(ParseError("${v//}").message, "bad substitution");
}

TEST(EnvsubstTest, ParseErrorsFailEvenWithoutVariables) {
  // spec l.25: parse errors fail reconciliation regardless of the variables.
  SubstError e = EvalError("ok ${v} then ${a.b}", {{"v", "1"}, {"a", "2"}}, false);
  EXPECT_EQ(e.kind, SubstError::kSyntax);
  EXPECT_EQ(e.message, "missing closing brace");
}

TEST(EnvsubstTest, ErrorSpanPointsAtTheExpression) {
  SubstError e = ParseError("key: ${a.b}\n");
  EXPECT_EQ(e.offset, 5u);
  EXPECT_EQ(e.length, 4u);  // "${a."
  e = ParseError("x ${v:-${w-x}} y");
  EXPECT_EQ(e.offset, 7u);  // the inner expression
  e = ParseError("${v");
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(e.length, 3u);
}

TEST(EnvsubstTest, NulByteEndsTheInput) {
  // Go's scanner reads a NUL byte as its end-of-input rune.
  EXPECT_EQ(Eval(std::string_view("a${v}\0${w}", 10), {{"v", "1"}}, true), "a1");
  EXPECT_EQ(ParseError(std::string_view("${v\0}", 5)).message, "missing closing brace");
  EXPECT_TRUE(MayChange(std::string_view("a\0b", 3)));
  EXPECT_TRUE(MayChange("a$$b"));
  EXPECT_FALSE(MayChange("plain {text}"));
}

// --- Strict mode (spec l.31, l.35-38) --------------------------------------------------------

TEST(EnvsubstTest, UndefinedNonStrictIsEmpty) {
  // spec l.36.
  EXPECT_EQ(Eval("a${missing}b", {}), "ab");
  EXPECT_EQ(Eval("${#missing}", {}), "0");
  EXPECT_EQ(Eval("${missing^^}", {}), "");
}

TEST(EnvsubstTest, UndefinedStrictErrors) {
  // spec l.37: message and the operators it applies to.
  SubstError e = EvalError("x: ${missing}", {}, true);
  EXPECT_EQ(e.kind, SubstError::kUndefined);
  EXPECT_EQ(e.message, "variable not set (strict mode): \"missing\"");
  EXPECT_EQ(e.variable, "missing");
  EXPECT_EQ(e.offset, 3u);
  EXPECT_EQ(e.length, 10u);
  for (const char* text : {"${#m}", "${m^}", "${m^^}", "${m,}", "${m,,}", "${m:0}", "${m:0:10}",
                           "${m/p/r}", "${m//p/r}", "${m/#p/r}", "${m/%p/r}", "${m#p}", "${m##p}",
                           "${m%p}", "${m%%p}", "${m^,}"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(EvalError(text, {}, true).message, "variable not set (strict mode): \"m\"");
  }
}

TEST(EnvsubstTest, DefaultOperatorsAreExemptFromStrict) {
  // spec l.37: not for - = ? + and their `:` forms (only these parse).
  EXPECT_EQ(Eval("${m:-fallback}", {}, true), "fallback");
  EXPECT_EQ(Eval("${m:=assigned}", {}, true), "assigned");
  EXPECT_EQ(Eval("${m=assigned}", {}, true), "assigned");
  EXPECT_EQ(Eval("${m:+x}", {}, true), "x");
  EXPECT_EQ(Eval("${m:?x}", {}, true), "x");
  for (const char* op : {"-", "+", "=", "?", ":-", ":+", ":=", ":?"}) EXPECT_TRUE(IsDefaultOp(op));
  for (const char* op : {"", "#", ":", "/", "^^", "%%"}) EXPECT_FALSE(IsDefaultOp(op));
}

TEST(EnvsubstTest, EmptyCountsAsSet) {
  // spec l.38.
  EXPECT_EQ(Eval("[${e}]", {{"e", ""}}, true), "[]");
  EXPECT_EQ(Eval("${#e}", {{"e", ""}}, true), "0");
}

TEST(EnvsubstTest, DefaultArgumentsAreEager) {
  // spec l.31: `${set:=${missing}}` errors even when `set` is defined.
  SubstError e = EvalError("${set:=${missing}}", {{"set", "x"}}, true);
  EXPECT_EQ(e.kind, SubstError::kUndefined);
  EXPECT_EQ(e.variable, "missing");
  EXPECT_EQ(e.offset, 7u);
  EXPECT_EQ(e.length, 10u);
  EXPECT_EQ(Eval("${set:=${missing}}", {{"set", "x"}}, false), "x");
  // Arguments fail before the expression itself.
  EXPECT_EQ(EvalError("${a:${b}}", {}, true).variable, "b");
}

TEST(EnvsubstTest, LookupFunction) {
  int calls = 0;
  const VarLookup lookup = [&calls](std::string_view name) -> std::optional<std::string_view> {
    ++calls;
    if (name == "known") return std::string_view("K");
    return std::nullopt;
  };
  EvalResult r = Evaluate("${known}-${other:-d}", lookup, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value, "K-d");
  EXPECT_EQ(calls, 2);
}

// --- Uses --------------------------------------------------------------------------------------

TEST(EnvsubstTest, ParseUsesListsEveryUseWithRanges) {
  const std::string text = "a: ${x}\nb: ${y:-${z^^}}\nc: $${w} ${#n}";
  ParseResult r = ParseUses(text);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.uses.size(), 4u);
  EXPECT_EQ(r.uses[0].name, "x");
  EXPECT_EQ(text.substr(r.uses[0].offset, r.uses[0].length), "${x}");
  EXPECT_FALSE(r.uses[0].has_default);
  EXPECT_EQ(r.uses[1].name, "y");
  EXPECT_EQ(r.uses[1].op, ":-");
  EXPECT_TRUE(r.uses[1].has_default);
  EXPECT_EQ(text.substr(r.uses[1].offset, r.uses[1].length), "${y:-${z^^}}");
  EXPECT_EQ(r.uses[2].name, "z");
  EXPECT_EQ(r.uses[2].op, "^^");
  EXPECT_EQ(r.uses[2].parent, 1);
  EXPECT_EQ(text.substr(r.uses[2].offset, r.uses[2].length), "${z^^}");
  EXPECT_EQ(r.uses[3].name, "n");
  EXPECT_EQ(text.substr(r.uses[3].offset, r.uses[3].length), "${#n}");
}

TEST(EnvsubstTest, ParseUsesOffsetsSurviveEscapes) {
  const std::string text = "$$$$ ${s//$$/x} ${t}";
  ParseResult r = ParseUses(text);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.uses.size(), 2u);
  EXPECT_EQ(text.substr(r.uses[0].offset, r.uses[0].length), "${s//$$/x}");
  EXPECT_EQ(text.substr(r.uses[1].offset, r.uses[1].length), "${t}");
}

// --- Variable names (spec l.32-34) -------------------------------------------------------------

TEST(EnvsubstTest, VarNames) {
  for (const char* ok : {"a", "_", "A_1", "_9", "cluster_region", "X"})
    EXPECT_TRUE(IsValidVarName(ok));
  for (const char* bad : {"", "1a", "config.yaml", "a-b", "é", "a b", "a$"}) {
    EXPECT_FALSE(IsValidVarName(bad)) << bad;
  }
  // spec l.33.
  EXPECT_EQ(InvalidVarNameMessage("config.yaml"),
            "'config.yaml' var name is invalid, must match "
            "'^[_[:alpha:]][_[:alpha:][:digit:]]*$'");
}

TEST(EnvsubstTest, NormalizeVarValueDropsNewlines) {
  EXPECT_EQ(NormalizeVarValue("a\nb\n"), "ab");
  EXPECT_EQ(NormalizeVarValue("a\r\nb"), "a\rb");
}

// --- Limits and robustness --------------------------------------------------------------------

TEST(EnvsubstTest, NestingLimit) {
  std::string text;
  for (size_t i = 0; i < kMaxNesting + 5; ++i) text += "${a:-";
  text += "x";
  for (size_t i = 0; i < kMaxNesting + 5; ++i) text += "}";
  SubstError e = ParseError(text);
  EXPECT_EQ(e.kind, SubstError::kLimit);
  std::string ok;
  for (size_t i = 0; i < 50; ++i) ok += "${a:-";
  ok += "x";
  for (size_t i = 0; i < 50; ++i) ok += "}";
  EXPECT_EQ(Eval(ok, {}), "x");
}

TEST(EnvsubstTest, ResultSizeLimit) {
  // Each level multiplies the length by about the replacement's length.
  std::string v(1000, 'a');
  std::string text = "${v}";
  for (int i = 0; i < 6; ++i) text = "${v//${e}/" + text + "}";
  SubstError e = EvalError(text, {{"v", v}, {"e", ""}}, false);
  EXPECT_EQ(e.kind, SubstError::kLimit);
}

TEST(EnvsubstTest, MatchingWorkLimit) {
  std::string v(20000, 'a');
  SubstError e = EvalError("${v#*b}", {{"v", v}}, false);
  EXPECT_EQ(e.kind, SubstError::kLimit);
}

TEST(EnvsubstTest, RandomInputNeverCrashesAndStaysBounded) {
  const std::string alphabet = "${}$:-#%/^,=+?\\ab_1.é\n";
  std::mt19937 rng(20240521);  // fixed seed: deterministic
  const Vars vars = {{"a", "aXa/b"}, {"b", ""}, {"ab", "#%$"}, {"_1", "é"}};
  const auto start = std::chrono::steady_clock::now();
  size_t parsed = 0;
  for (int i = 0; i < 30000; ++i) {
    std::string text;
    const size_t len = rng() % 40;
    for (size_t j = 0; j < len; ++j) {
      // Draw whole characters (é is two bytes) and sometimes a raw byte.
      const size_t k = rng() % (alphabet.size() + 1);
      if (k == alphabet.size()) {
        text += static_cast<char>(rng() % 256);
      } else if (static_cast<unsigned char>(alphabet[k]) >= 0x80) {
        text += "é";
      } else {
        text += alphabet[k];
      }
    }
    ParseResult p = ParseUses(text);
    for (bool strict : {false, true}) {
      EvalResult e = Evaluate(text, vars, strict);
      // A text parses exactly when it evaluates without a syntax error.
      const bool syntax_error = e.error && e.error->kind == SubstError::kSyntax;
      ASSERT_EQ(p.ok(), !syntax_error) << text;
      if (e.error) {
        ASSERT_FALSE(e.error->message.empty());
        ASSERT_LE(e.error->offset + e.error->length, text.size()) << text;
      }
    }
    for (const VarUse& u : p.uses) {
      ASSERT_LE(u.offset + u.length, text.size());
      ASSERT_EQ(text.compare(u.offset, 2, "${"), 0) << text;
      ASSERT_EQ(text[u.offset + u.length - 1], '}') << text;
    }
    parsed += p.ok();
  }
  EXPECT_GT(parsed, 1000u);  // the generator does reach valid expressions
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

}  // namespace
}  // namespace fluxlint::flux
