#ifndef FLUXLINT_MODEL_SUBSTITUTION_H_
#define FLUXLINT_MODEL_SUBSTITUTION_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "diag/span.h"
#include "flux/envsubst.h"
#include "yaml/node.h"

namespace fluxlint::model {

/// One postBuild variable as the controller would see it, with where it was defined.
struct Variable {
  std::string value;   ///< newlines already removed (flux::NormalizeVarValue)
  Span span;           ///< the key that defines it (invalid for --var)
  std::string origin;  ///< "spec.postBuild.substitute", "ConfigMap/flux-system/vars", …
};

using Variables = std::map<std::string, Variable, std::less<>>;

/// A `${…}` problem found while substituting one object.
struct SubstitutionIssue {
  flux::SubstError error;
  /// The `${…}` text in the file when it can be found there (a scalar written on one line,
  /// possibly quoted), else the span of the whole scalar (a value a transformer produced, a
  /// folded block, …).
  Span span;
  std::string object;  ///< "Deployment/apps/podinfo" (before substitution, like the controller)
};

/// Substitutes `object` in place the way kustomize-controller does it, value by value: every
/// scalar (keys included) that holds a `$` is evaluated with `vars` in one envsubst pass.
/// Differences from the controller, which substitutes the object's whole YAML text at once:
///  - every problem is reported (the controller stops at the first one), and a scalar with a
///    problem keeps its text;
///  - a substituted scalar is re-typed as a plain scalar (the controller's text round trip
///    does the same: `"${id}"` with id=123 becomes the number 123), except block scalars,
///    which stay strings;
///  - a value that would break the YAML text (`a: b` in a plain scalar) is kept as a string.
/// Substituted scalars keep their span (the place of the `${…}` use).
void SubstituteObject(yaml::Node& object, const Variables& vars, bool strict,
                      std::vector<SubstitutionIssue>* issues);

/// The span of bytes [offset, offset + length) of `value`, the text of the scalar written at
/// `scalar` — found by searching the file text of the scalar for that piece (the
/// `occurrence`-th time it appears before the offset counts). `scalar` when it cannot be found.
Span LocateInScalar(const Span& scalar, std::string_view value, size_t offset, size_t length);

/// The position of byte `offset` in `file` (1-based line and code-point column).
Position PositionAt(const SourceFile& file, uint32_t offset);

}  // namespace fluxlint::model

#endif  // FLUXLINT_MODEL_SUBSTITUTION_H_
