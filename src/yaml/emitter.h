#ifndef FLUXLINT_YAML_EMITTER_H_
#define FLUXLINT_YAML_EMITTER_H_

#include <string>
#include <vector>

#include "yaml/node.h"

namespace fluxlint::yaml {

/// Writes one document in kubectl/kustomize style: block style, 2-space indent, sequences at
/// their parent key's indent ("- " not indented), key order kept. Scalars keep their type: a
/// string that would read back as another type or differently is quoted (NeedsQuotes);
/// multi-line strings use literal block style where that round-trips. Never emits aliases.
std::string Emit(const Node& root);

/// Writes documents separated by "---\n" like `kustomize build`.
std::string EmitStream(const std::vector<const Node*>& documents);

}  // namespace fluxlint::yaml

#endif  // FLUXLINT_YAML_EMITTER_H_
