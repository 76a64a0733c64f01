#include "model/source_ignore.h"

#include "util/glob.h"

namespace fluxlint::model {
namespace {

constexpr std::string_view kVcsPatterns[] = {".git/", ".gitignore", ".gitmodules",
                                             ".gitattributes"};
constexpr std::string_view kDefaultPatterns[] = {
    // extensions
    "*.jpg", "*.jpeg", "*.gif", "*.png", "*.wmv", "*.flv", "*.tar.gz", "*.zip",
    // CI
    ".github/", ".circleci/", ".travis.yml", ".gitlab-ci.yml", "appveyor.yml", ".drone.yml",
    "cloudbuild.yaml", "codeship-services.yml", "codeship-steps.yml",
    // extra
    "**/.goreleaser.yml", "**/.sops.yaml", "**/.flux.yaml"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

bool GlobWithEmptyStars(const std::string& glob, std::string_view text) {
  if (GlobMatch(glob, text)) return true;
  // `**/` may stand for no directory at all.
  if (glob.starts_with("**/") && GlobWithEmptyStars(glob.substr(3), text)) return true;
  size_t pos = glob.find("/**/");
  if (pos != std::string::npos) {
    std::string shorter = glob.substr(0, pos) + glob.substr(pos + 3);
    if (GlobWithEmptyStars(shorter, text)) return true;
  }
  return false;
}

}  // namespace

void SourceIgnore::AddPatterns(std::string_view text, std::string_view dir) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line =
        text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    Pattern p;
    p.dir = std::string(dir);
    if (line.front() == '!') {
      p.negate = true;
      line.remove_prefix(1);
    }
    if (!line.empty() && line.front() == '\\') line.remove_prefix(1);
    if (!line.empty() && line.back() == '/') {
      p.dir_only = true;
      while (!line.empty() && line.back() == '/') line.remove_suffix(1);
    }
    if (line.find('/') != std::string_view::npos) p.anchored = true;
    while (!line.empty() && line.front() == '/') line.remove_prefix(1);
    if (line.empty()) continue;
    p.glob = std::string(line);
    patterns_.push_back(std::move(p));
    has_custom_ = true;
  }
}

void SourceIgnore::AddDefaults() {
  bool custom = has_custom_;
  std::vector<Pattern> saved = std::move(patterns_);
  patterns_.clear();
  for (std::string_view v : kVcsPatterns) AddPatterns(v, "");
  if (!custom) {
    for (std::string_view v : kDefaultPatterns) AddPatterns(v, "");
  }
  // Custom patterns come after the defaults so that they can re-include.
  for (Pattern& p : saved) patterns_.push_back(std::move(p));
  has_custom_ = custom;
}

bool SourceIgnore::Matches(const Pattern& p, std::string_view path, bool is_dir) const {
  if (p.dir_only && !is_dir) return false;
  std::string_view rel = path;
  if (!p.dir.empty()) {
    if (!(path.size() > p.dir.size() && path.starts_with(p.dir) && path[p.dir.size()] == '/')) {
      return false;
    }
    rel = path.substr(p.dir.size() + 1);
  }
  if (p.anchored) return GlobWithEmptyStars(p.glob, rel);
  size_t slash = rel.rfind('/');
  std::string_view last = slash == std::string_view::npos ? rel : rel.substr(slash + 1);
  return GlobMatch(p.glob, last);
}

bool SourceIgnore::IgnoredSelf(std::string_view path, bool is_dir) const {
  bool ignored = false;
  for (const Pattern& p : patterns_) {
    if (Matches(p, path, is_dir)) ignored = !p.negate;
  }
  return ignored;
}

bool SourceIgnore::Ignored(std::string_view path, bool is_dir) const {
  // A parent directory that is ignored hides everything below it (git cannot re-include
  // a file whose parent directory is excluded).
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && IgnoredSelf(path.substr(0, i), true)) return true;
  }
  return IgnoredSelf(path, is_dir);
}

}  // namespace fluxlint::model
