#ifndef FLUXLINT_MODEL_SOURCE_IGNORE_H_
#define FLUXLINT_MODEL_SOURCE_IGNORE_H_

#include <string>
#include <string_view>
#include <vector>

namespace fluxlint::model {

/// The files a Flux source leaves out of its artifact (spec/flux-semantics.md §4, "Ignore rules
/// are applied by the source"): gitignore-style patterns from every `.sourceignore` file and
/// from the source's `spec.ignore`. The VCS patterns (.git/, .gitignore, .gitmodules,
/// .gitattributes) always apply; the default exclusions (CI folders such as .github/, image and
/// archive extensions, .sops.yaml, .goreleaser.yml, .flux.yaml) apply only when there is no
/// custom pattern at all, as in source-controller.
///
/// Pattern syntax (a subset of .gitignore that covers what Flux repositories use): `#`
/// comments, `!` negation (the last matching pattern wins), a trailing `/` for directories
/// only, a pattern holding a `/` is anchored at the directory of its `.sourceignore` (a leading
/// `/` is dropped), one without matches the last path component at any depth; `*`, `?` and
/// `**` (which may match no directory at all in `a/**/b` and `**/b`). Character classes are
/// matched literally.
class SourceIgnore {
 public:
  /// Adds the patterns of a `.sourceignore` in `dir` (relative to the source root; "" for the
  /// root), or of `spec.ignore` (dir ""). Counts as custom patterns when any line is a pattern.
  void AddPatterns(std::string_view text, std::string_view dir);

  /// Adds the defaults: VCS always, the rest only when no custom pattern was added before.
  /// Call once, after every AddPatterns.
  void AddDefaults();

  /// Whether `path` (relative to the source root) is left out. A path inside an ignored
  /// directory is ignored too (callers walking a tree may stop at the directory).
  bool Ignored(std::string_view path, bool is_dir) const;

  bool has_custom() const { return has_custom_; }

 private:
  struct Pattern {
    std::string dir;   ///< where the pattern file is ("" = root)
    std::string glob;  ///< without '!', trailing '/' and leading '/'
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;
  };
  bool Matches(const Pattern& p, std::string_view path, bool is_dir) const;
  bool IgnoredSelf(std::string_view path, bool is_dir) const;

  std::vector<Pattern> patterns_;
  bool has_custom_ = false;
};

}  // namespace fluxlint::model

#endif  // FLUXLINT_MODEL_SOURCE_IGNORE_H_
