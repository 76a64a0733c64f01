#include "model/suppression.h"

#include <algorithm>

namespace fluxlint::model {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool Inside(const Span& span, const Span& object) {
  return span.file != nullptr && span.file == object.file &&
         span.begin.offset >= object.begin.offset && span.begin.offset <= object.end.offset;
}

}  // namespace

void ParseSuppressionValue(std::string_view value, std::vector<std::string>* ids,
                           std::string* reason) {
  size_t colon = value.find(':');
  std::string_view list = value.substr(0, colon);
  *reason = colon == std::string_view::npos ? "" : std::string(Trim(value.substr(colon + 1)));
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view id = Trim(list.substr(0, comma));
    if (!id.empty()) ids->emplace_back(id);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

std::vector<Suppression> CollectSuppressions(
    const std::vector<std::shared_ptr<const yaml::LoadedFile>>& files) {
  std::vector<Suppression> out;
  for (const auto& file : files) {
    for (const yaml::Document& doc : file->documents) {
      const yaml::Node* value = doc.root.Find({"metadata", "annotations", kIgnoreAnnotation});
      if (value == nullptr || !value->IsScalar()) continue;
      Suppression s;
      s.object = doc.span;
      s.annotation = value->span;
      ParseSuppressionValue(value->value, &s.rule_ids, &s.reason);
      out.push_back(std::move(s));
    }
  }
  return out;
}

void ApplySuppressions(const std::vector<Suppression>& suppressions,
                       std::vector<Diagnostic>* diagnostics, std::vector<bool>* used) {
  used->assign(suppressions.size(), false);
  auto covered = [&](const Diagnostic& d) {
    bool hit = false;
    for (size_t i = 0; i < suppressions.size(); ++i) {
      const Suppression& s = suppressions[i];
      if (std::find(s.rule_ids.begin(), s.rule_ids.end(), d.rule_id) == s.rule_ids.end()) continue;
      bool inside = Inside(d.span, s.object) ||
                    std::any_of(d.related.begin(), d.related.end(),
                                [&](const RelatedSpan& r) { return Inside(r.span, s.object); });
      if (inside) {
        (*used)[i] = true;
        hit = true;
      }
    }
    return hit;
  };
  diagnostics->erase(std::remove_if(diagnostics->begin(), diagnostics->end(), covered),
                     diagnostics->end());
}

}  // namespace fluxlint::model
