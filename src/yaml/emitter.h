#ifndef FLUXLINT_YAML_EMITTER_H_
#define FLUXLINT_YAML_EMITTER_H_

#include <string>
#include <vector>

#include "yaml/node.h"

namespace fluxlint::yaml {

/// Output knobs. The defaults are the house style described on Emit(); Kustomize() gives
/// byte-for-byte `kustomize build` layout for ordinary objects.
struct EmitOptions {
  /// Column at which libyaml folds long plain and quoted scalars; -1 never folds.
  int width = -1;
  /// Writes mapping entries in bytewise key order (scalar keys first, null keys as "null"),
  /// as `kustomize build` does (it goes through JSON, whose object keys are sorted).
  bool sort_keys = false;

  /// What `kustomize build` / `kubectl kustomize` (v5) print: sorted keys, folded at 80
  /// columns (go-yaml v2's default width).
  static EmitOptions Kustomize() {
    EmitOptions o;
    o.width = 80;
    o.sort_keys = true;
    return o;
  }
};

/// Writes one document in kubectl/kustomize style: block style, 2-space indent, sequences at
/// their parent key's indent ("- " not indented), key order kept. Scalars keep their type: a
/// string that would read back as another type or differently is quoted (NeedsQuotes);
/// multi-line strings use literal block style where that round-trips. Never emits aliases.
///
/// Scalars: null is written `null`; bools, ints and floats keep their text, plain when it reads
/// back as the same type, else with an explicit tag (`!!bool yes`); strings are double-quoted
/// when the plain text would read back as another type in YAML 1.1 or 1.2
/// (IsAmbiguousString: "yes", "0755", "1:30", "", "~"), written as literal blocks when they
/// contain a line break, and plain otherwise — libyaml single-quotes what cannot be plain
/// ('- x', '#x', 'a: b') and double-quotes what needs escapes ("a\tb"). Styles and tags of
/// the source are not kept. Invalid UTF-8 is replaced by U+FFFD.
std::string Emit(const Node& root);
std::string Emit(const Node& root, const EmitOptions& options);

/// Writes documents separated by "---\n" like `kustomize build`.
std::string EmitStream(const std::vector<const Node*>& documents);
std::string EmitStream(const std::vector<const Node*>& documents, const EmitOptions& options);

}  // namespace fluxlint::yaml

#endif  // FLUXLINT_YAML_EMITTER_H_
