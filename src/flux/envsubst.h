#ifndef FLUXLINT_FLUX_ENVSUBST_H_
#define FLUXLINT_FLUX_ENVSUBST_H_

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fluxlint::flux {

/// Flux postBuild substitution: a re-implementation of the grammar and evaluation of
/// github.com/fluxcd/pkg/envsubst (the drone/envsubst fork behind kustomize-controller's
/// `envsubst.Eval`), as described in spec/flux-semantics.md §1.
///
/// Grammar, as the controller's scanner sees it:
///  - Only `${` opens an expression; `$var` is plain text. At top level `$$` is an escape that
///    collapses to one `$` (so `$${x}` is the text `${x}`, and `a$$b` is `a$b`).
///  - Inside `${`, a name is a run of Unicode letters, digits and `_` (digits may come first).
///    After the name: `}`; `^` `^^` `,` `,,` (and the mixed `^,` `,^`, which leave the value
///    as is); `#p` `##p` `%p` `%%p`; `:n` `:n:len`; `/p/r` `//p/r` `/#p/r` `/%p/r`; `=d`,
///    `:=d`, `:-d`, `:?d`, `:+d`. `${#name}` is the length. Anything else after the name is
///    "missing closing brace" (so `${v-d}`, `${v+d}`, `${a.b}`, `${a-b}`, `${AUTH[@]}`, `${v`).
///  - Arguments may contain nested `${…}`. `$$` is NOT an escape inside arguments, except in
///    the two arguments of the replace operators, where `$$`, `\/` and `\\` are escapes.
///  - Quirks kept on purpose because the controller has them: an argument that starts a
///    nested `${…}` must end right after it for strip/substring/replace (`${v#a${x}}` is "bad
///    substitution"); the replace pattern runs up to the next `/` and may contain `}`; a NUL
///    byte ends the input (everything after it is dropped, as Go's scanner reads rune 0 as EOF);
///    a non-ASCII character right after `${v:` is "bad substitution".
///  - An empty replace pattern (`${v/#/x}`) is "unable to parse substitution within function",
///    as in the released engine (fluxcd/pkg#947; the fix in fluxcd/pkg#1247 is not assumed).
///
/// Evaluation (one pass, like one `envsubst.Eval` call):
///  - Arguments of an expression are evaluated before the expression itself, always (eager):
///    in strict mode `${set:=${missing}}` fails even though `set` is defined.
///  - Undefined variable: strict mode fails with `variable not set (strict mode): "NAME"` for
///    bare uses and every transform operator, but not for `-` `=` `?` `+` and their `:` forms;
///    non-strict mode reads it as "". A variable defined as "" is set.
///  - `=`, `:=`, `:-`, `:?`, `:+` all mean "the value if non-empty, else the argument"; nothing
///    is ever assigned and `:?` never fails.
///  - Lengths, offsets and substrings count bytes (Go `len` and slicing). `:n` with a negative
///    n counts from the end (clamped at 0); a negative len ends that many bytes before the end
///    ("" when that is before the start); a non-integer n or len leaves the value unchanged;
///    an offset + length that overflows 64 bits means "to the end" (the controller would
///    panic there).
///  - Strip patterns are globs as in drone/envsubst's `path.Match`: `*` any run of bytes
///    (including `/`), `?` any one character, `[...]`/`[^...]` classes with ranges, `\c` a
///    literal c; matching is greedy-first without backtracking into an earlier `*`, exactly
///    like that matcher. A malformed pattern leaves the value unchanged. `%`/`%%` match the
///    reversed pattern text against the reversed value, so `[ab]` in a suffix pattern reads as
///    `]ba[` and never matches (and invalid UTF-8 in the value becomes U+FFFD, like Go's
///    []rune conversion). The empty prefix is never tried: `${v#*}` drops one character.
///  - Replace patterns are literal strings (Go `strings.Replace`): `/` first, `//` all, `/#`
///    only at the start, `/%` only at the end; with an empty replacement (`${v/p/}`) `/` and
///    `//` delete while `/#` and `/%` change nothing.
///  - Case operators map ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic letters
///    (Go `unicode.ToUpper`/`ToLower`); letters of other scripts are left unchanged.
///    Name characters outside ASCII are recognised for Latin, Greek, Cyrillic, Armenian,
///    Hebrew, Arabic, Indic, CJK, Hangul and kana letters and common decimal digits; a letter
///    of another script ends the name (the controller's full Unicode tables would accept it).
///
/// Limits (fluxlint's, to keep hostile input bounded): nesting deeper than kMaxNesting, an
/// intermediate or final value larger than kMaxValueBytes, and more than kMaxMatchSteps glob
/// steps are errors of kind kLimit.

/// One error from parsing or evaluating a text.
struct SubstError {
  enum Kind {
    kSyntax,     ///< the grammar rejects the text; the controller fails the whole build
    kUndefined,  ///< strict mode and a variable without a default is not defined
    kLimit,      ///< one of fluxlint's limits (nesting, value size, matching work)
  };
  Kind kind = kSyntax;
  /// The engine's message: "missing closing brace", "bad substitution", "unable to parse
  /// variable name", "unable to parse substitution within function", "unable to parse default
  /// function", `variable not set (strict mode): "NAME"`, or a limit message.
  std::string message;
  /// Byte range in the text: from the `${` of the innermost expression involved up to where
  /// the problem was found (kSyntax, kLimit), or the whole `${…}` (kUndefined).
  size_t offset = 0;
  size_t length = 0;
  /// kUndefined: the variable's name.
  std::string variable;
};

/// One `${…}` in a text.
struct VarUse {
  size_t offset = 0;  ///< byte offset of the `$` of `${`
  size_t length = 0;  ///< through the closing `}`
  std::string name;   ///< the variable read
  /// The operator after the name: "" (bare), "^", "^^", ",", ",,", "^,", ",^", "#" (length
  /// when written `${#v}`, strip otherwise), "##", "%", "%%", ":" (substring), "/", "//", "/#",
  /// "/%", "=", ":=", ":-", ":?", ":+".
  std::string op;
  /// The operator supplies a fallback (IsDefaultOp): undefined is fine in strict mode.
  bool has_default = false;
  /// Index in the returned list of the expression whose argument holds this one; -1 at top
  /// level. Uses are listed in source order (an enclosing use before the uses inside it).
  int parent = -1;
};

/// What ParseUses returns: every use, or the first syntax error (then `uses` is empty).
struct ParseResult {
  std::vector<VarUse> uses;
  std::optional<SubstError> error;
  bool ok() const { return !error.has_value(); }
};

/// What Evaluate returns: the substituted text, or the first error.
struct EvalResult {
  std::string value;
  std::optional<SubstError> error;
  bool ok() const { return !error.has_value(); }
};

/// A variable source for Evaluate: the value, or nullopt when the variable is not defined.
using VarLookup = std::function<std::optional<std::string_view>(std::string_view name)>;

inline constexpr size_t kMaxNesting = 100;
inline constexpr size_t kMaxValueBytes = size_t{64} << 20;
inline constexpr size_t kMaxMatchSteps = size_t{64} << 20;

/// Parses every `${…}` in `text` and lists the uses (nested ones included), or returns the
/// first syntax error with its byte range. Never evaluates anything.
ParseResult ParseUses(std::string_view text);

/// Substitutes `text` like one `envsubst.Eval` pass in kustomize-controller. With `strict`,
/// an undefined variable without a default is an error; without it, it reads as "".
EvalResult Evaluate(std::string_view text, const std::map<std::string, std::string>& vars,
                    bool strict);
EvalResult Evaluate(std::string_view text, const VarLookup& lookup, bool strict);

/// Whether Evaluate could return something other than `text` itself (it holds a `$` or a
/// NUL byte). A cheap pre-check for callers substituting many objects.
bool MayChange(std::string_view text);

/// An operator that supplies its own fallback and so is exempt from strict mode:
/// "-", "+", "=", "?", ":-", ":+", ":=", ":?".
bool IsDefaultOp(std::string_view op);

/// The controller's check of `substitute` keys and substituteFrom ConfigMap/Secret keys:
/// `^[_[:alpha:]][_[:alpha:][:digit:]]*$` (Go regexp classes, ASCII only).
bool IsValidVarName(std::string_view name);

/// The controller's error for a key that fails IsValidVarName:
/// "'<name>' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'".
std::string InvalidVarNameMessage(std::string_view name);

/// A variable value as the controller stores it: every "\n" removed
/// (`strings.ReplaceAll(v, "\n", "")`, for inline and substituteFrom values alike).
std::string NormalizeVarValue(std::string_view value);

}  // namespace fluxlint::flux

#endif  // FLUXLINT_FLUX_ENVSUBST_H_
