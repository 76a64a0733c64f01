#ifndef FLUXLINT_YAML_LOADER_H_
#define FLUXLINT_YAML_LOADER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "diag/span.h"
#include "yaml/node.h"

namespace fluxlint::yaml {

/// Limits that keep hostile input from crashing or hanging the loader. Each is checked as the
/// input is read; hitting one stops that file with a LoadError at the place it happened.
struct LoadOptions {
  size_t max_depth = 512;              ///< nesting of mappings/sequences
  size_t max_alias_nodes = 1'000'000;  ///< nodes created by expanding aliases, per file
  size_t max_file_bytes = 32u << 20;   ///< larger files are not parsed
};

enum class LoadErrorKind {
  kSyntax,        ///< libyaml rejected the input (includes bad indentation, tabs, bad UTF-8)
  kDuplicateKey,  ///< a mapping with the same key twice; `related` is the first occurrence
  kLimit,         ///< depth, alias expansion or size limit
  kBinary,        ///< the file contains NUL bytes
  kUnknownAlias,  ///< *name with no &name before it
};

struct LoadError {
  LoadErrorKind kind;
  std::string message;  ///< e.g. "mapping values are not allowed in this context"
  Span span;            ///< where it happened
  Span related;         ///< for kDuplicateKey: the first key; else invalid
  std::string context;  ///< libyaml's context ("while scanning a quoted scalar"), may be empty
  Span context_span;    ///< where that context started
};

struct Document {
  Node root;        ///< a null scalar for an empty document
  Span span;        ///< from the document start to its end
  bool empty = false;  ///< no content (e.g. "---" followed by nothing, or only comments)
};

/// Everything loaded from one file. Documents before a syntax error are kept; loading stops at
/// the first syntax or limit error (duplicate keys do not stop it).
struct LoadedFile {
  const SourceFile* file = nullptr;
  std::vector<Document> documents;
  std::vector<LoadError> errors;
};

/// Parses every document of `file` (libyaml events into Node trees, spans on every node).
LoadedFile Load(const SourceFile& file, const LoadOptions& options = {});

}  // namespace fluxlint::yaml

#endif  // FLUXLINT_YAML_LOADER_H_
