#ifndef FLUXLINT_DIFF_TEST_UTIL_H_
#define FLUXLINT_DIFF_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "diag/span.h"
#include "yaml/loader.h"
#include "yaml/node.h"

namespace fluxlint::diff::testing {

/// Parses YAML documents for tests; keeps the files alive as long as it lives.
class Docs {
 public:
  /// The first document of `text`, written in file `path`.
  const yaml::Node& Parse(const std::string& text, const std::string& path = "test.yaml") {
    const SourceFile* file = store_.Add(path, text, std::to_string(loaded_.size()), "test");
    loaded_.push_back(std::make_unique<yaml::LoadedFile>(yaml::Load(*file)));
    return loaded_.back()->documents.at(0).root;
  }
  const yaml::LoadedFile& Load(const std::string& text, const std::string& path = "test.yaml") {
    const SourceFile* file = store_.Add(path, text, std::to_string(loaded_.size()), "test");
    loaded_.push_back(std::make_unique<yaml::LoadedFile>(yaml::Load(*file)));
    return *loaded_.back();
  }

 private:
  SourceStore store_;
  std::vector<std::unique_ptr<yaml::LoadedFile>> loaded_;
};

}  // namespace fluxlint::diff::testing

#endif  // FLUXLINT_DIFF_TEST_UTIL_H_
