#ifndef FLUXLINT_MODEL_OBJECT_INDEX_H_
#define FLUXLINT_MODEL_OBJECT_INDEX_H_

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/span.h"
#include "yaml/loader.h"
#include "yaml/node.h"

namespace fluxlint::model {

/// One Kubernetes object as written in a file of the repository (before any build).
struct ObjectEntry {
  std::string api_version;
  std::string group;  ///< "" for the core group
  std::string kind;
  std::string ns;  ///< metadata.namespace as written ("" when absent)
  std::string name;
  const yaml::Node* node = nullptr;  ///< the document root (owned by the snapshot's files)
  const yaml::LoadedFile* file = nullptr;
  size_t document = 0;  ///< index in file->documents
  Span span;            ///< the whole document
};

/// Every object document of a set of files, by kind, name and namespace. A document counts as
/// an object when it is a mapping with a `kind` and a `metadata.name` (kustomization files and
/// other configuration files are left out). Points into the files it was built from, which
/// must outlive it.
class ObjectIndex {
 public:
  ObjectIndex() = default;
  explicit ObjectIndex(const std::vector<std::shared_ptr<const yaml::LoadedFile>>& files);

  /// In file order, then document order.
  const std::vector<ObjectEntry>& all() const { return entries_; }

  /// Every object of `kind` named `name`, in any namespace.
  std::vector<const ObjectEntry*> Find(std::string_view kind, std::string_view name) const;

  /// The first object of `kind` named `name` in namespace `ns`; with `empty_ns_matches`, an
  /// object written without a namespace matches any `ns` too (its namespace is decided by the
  /// build that applies it). nullptr when there is none.
  const ObjectEntry* Find(std::string_view kind, std::string_view ns, std::string_view name,
                          bool empty_ns_matches) const;

  /// Every object of `kind`.
  std::vector<const ObjectEntry*> OfKind(std::string_view kind) const;

  /// The object whose document contains `span` (same file, begin inside the document).
  const ObjectEntry* Containing(const Span& span) const;

 private:
  std::vector<ObjectEntry> entries_;
  std::multimap<std::pair<std::string, std::string>, size_t, std::less<>> by_kind_name_;
  std::map<const SourceFile*, std::vector<size_t>> by_file_;
};

}  // namespace fluxlint::model

#endif  // FLUXLINT_MODEL_OBJECT_INDEX_H_
