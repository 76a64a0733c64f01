#ifndef FLUXLINT_MODEL_SUPPRESSION_H_
#define FLUXLINT_MODEL_SUPPRESSION_H_

#include <memory>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "yaml/loader.h"

namespace fluxlint::model {

/// The annotation that suppresses findings on one object.
inline constexpr std::string_view kIgnoreAnnotation = "fluxlint.io/ignore";

/// One `fluxlint.io/ignore: "rule-id[,rule-id]: reason"` annotation.
struct Suppression {
  Span object;      ///< the whole document that carries the annotation
  Span annotation;  ///< the annotation's value: where unused-suppression findings point
  std::vector<std::string> rule_ids;
  std::string reason;
};

/// Finds every suppression annotation in `files`.
std::vector<Suppression> CollectSuppressions(
    const std::vector<std::shared_ptr<const yaml::LoadedFile>>& files);

/// Parses the annotation value: ids separated by ',' then an optional ": reason". Blank ids are
/// dropped.
void ParseSuppressionValue(std::string_view value, std::vector<std::string>* ids,
                           std::string* reason);

/// Removes the diagnostics that a suppression covers: same rule id and the primary span or a
/// related span inside the suppressed object. Sets used[i] for every suppression that matched
/// (used is resized to suppressions.size()).
void ApplySuppressions(const std::vector<Suppression>& suppressions,
                       std::vector<Diagnostic>* diagnostics, std::vector<bool>* used);

}  // namespace fluxlint::model

#endif  // FLUXLINT_MODEL_SUPPRESSION_H_
