#ifndef FLUXLINT_YAML_PARSE_CACHE_H_
#define FLUXLINT_YAML_PARSE_CACHE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "diag/span.h"
#include "source/tree.h"
#include "util/status.h"
#include "yaml/loader.h"

namespace fluxlint::yaml {

/// Reads and parses files for a whole run, once per (path, content id): a file that is the same
/// at the base and the head revision is read and parsed once. Thread-safe.
class ParseCache {
 public:
  explicit ParseCache(SourceStore& store, LoadOptions options = {})
      : store_(store), options_(options) {}

  /// The text of `path` in `tree`, interned in the store. Errors are the tree's (kNotFound,
  /// kOutsideRoot, kSymlinkLoop, kTooLarge, …).
  Result<const SourceFile*> Read(const source::Tree& tree, std::string_view path);

  /// Read() and Load(): the documents of `path` with their load errors.
  Result<std::shared_ptr<const LoadedFile>> Parse(const source::Tree& tree, std::string_view path);

  SourceStore& store() { return store_; }
  const LoadOptions& options() const { return options_; }

  /// How many files were parsed (not served from the cache); for tests and benchmarks.
  size_t parse_count() const;

 private:
  SourceStore& store_;
  LoadOptions options_;
  mutable std::mutex mu_;
  std::map<const SourceFile*, std::shared_ptr<const LoadedFile>> parsed_;
  size_t parse_count_ = 0;
};

}  // namespace fluxlint::yaml

#endif  // FLUXLINT_YAML_PARSE_CACHE_H_
