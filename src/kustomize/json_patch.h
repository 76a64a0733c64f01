#ifndef FLUXLINT_KUSTOMIZE_JSON_PATCH_H_
#define FLUXLINT_KUSTOMIZE_JSON_PATCH_H_

#include <optional>

#include "kustomize/strategic_merge.h"
#include "yaml/node.h"

namespace fluxlint::kustomize {

/// How kustomize tells the two patch formats apart: a patch (file or inline string) whose
/// document is a sequence is a JSON 6902 patch (a list of operations, in YAML or JSON); a mapping
/// is a strategic merge patch.
bool IsJsonPatch(const yaml::Node& patch);

/// RFC 6902 operations (a sequence of {op, path, value, from}) parsed from YAML or JSON, applied
/// as kustomize does (its JSON-patch library semantics: e.g. add to "-" appends; test failure is
/// an error; paths with ~0/~1). New values keep the op's spans.
///
/// The library's behaviour, kept here (each checked against `kubectl kustomize`):
/// - `add` on a map key sets it (replacing); on a list index inserts; "-" appends; negative
///   indices count from the end (-1 appends). A missing parent is an error.
/// - `replace` on a missing map key adds it; on a list index out of range it is an error.
/// - `remove` of a missing key or index is an error; negative indices count from the end.
/// - `copy` from a missing map key copies null; `move` removes first, then adds (so moving a
///   value into itself fails).
/// - `test` compares as JSON values (1 equals 1.0; a missing value equals null).
/// - A path without a leading "/" loses its first segment (the library splits on "/" and drops
///   the first part); "" is the whole object.
/// - Values of operations written in YAML are read as sigs.k8s.io/yaml reads them (YAML 1.1:
///   yes/no/on/off are booleans, 0755 is octal); operations written in JSON (the text starts with
///   '[') are taken as they are.
/// On any error `target` is left unchanged.
std::optional<PatchError> ApplyJsonPatch(yaml::Node& target, const yaml::Node& operations);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_JSON_PATCH_H_
