#include "rules/rule.h"

namespace fluxlint::rules {

Diagnostic& Reporter::Report(Span span, std::string message) {
  return Report(severity_, span, std::move(message));
}

Diagnostic& Reporter::Report(Severity severity, Span span, std::string message) {
  Diagnostic& d = diagnostics_.emplace_back();
  d.rule_id = std::string(rule_.id);
  d.severity = overridden_ ? severity_ : severity;
  d.message = std::move(message);
  d.span = span;
  return d;
}

}  // namespace fluxlint::rules
