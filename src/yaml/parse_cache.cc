#include "yaml/parse_cache.h"

namespace fluxlint::yaml {

Result<const SourceFile*> ParseCache::Read(const source::Tree& tree, std::string_view path) {
  Result<std::string> id = tree.Id(path);
  if (!id.ok()) return id.status();
  // Same path, same blob (typically the base and the head revision): already read.
  if (const SourceFile* known = store_.Find(path, *id)) return known;
  Result<std::string> text = tree.Read(path, options_.max_file_bytes);
  if (!text.ok()) return text.status();
  return store_.Add(std::string(path), std::move(text).value(), std::move(id).value(),
                    tree.Describe());
}

Result<std::shared_ptr<const LoadedFile>> ParseCache::Parse(const source::Tree& tree,
                                                            std::string_view path) {
  Result<const SourceFile*> file = Read(tree, path);
  if (!file.ok()) return file.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = parsed_.find(*file);
    if (it != parsed_.end()) return it->second;
  }
  auto loaded = std::make_shared<const LoadedFile>(Load(**file, options_));
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = parsed_.emplace(*file, std::move(loaded));
  if (inserted) ++parse_count_;
  return it->second;
}

size_t ParseCache::parse_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return parse_count_;
}

}  // namespace fluxlint::yaml
