#include "rules/diff/diff_rule_util.h"

#include "diff/immutable.h"
#include "model/flux_graph.h"

namespace fluxlint::rules::diffrules {

bool Forced(const diff::OwnerPair& p, const diff::ObjectDiff& d, std::string* why, Span* where) {
  if (p.head != nullptr && p.head->force && p.head->kustomization != nullptr) {
    *why = "spec.force of " + p.head->display + " is true";
    *where = p.head->kustomization->spec.force.span;
    return true;
  }
  for (const yaml::Node* object : {d.head, d.base}) {
    if (object == nullptr || !diff::MetadataFlag(*object, kForceKey, "enabled")) continue;
    *why = "the object has " + std::string(kForceKey) + ": enabled";
    *where = {};
    for (std::string_view where_key : {"labels", "annotations"}) {
      const yaml::Node* m = object->Find({"metadata", where_key});
      const yaml::Node* v = m != nullptr ? m->Get(kForceKey) : nullptr;
      if (v != nullptr && v->span.valid()) {
        *where = v->span;
        break;
      }
    }
    return true;
  }
  return false;
}

std::string InvalidMessage(const diff::ObjectKey& key, std::string_view message) {
  std::string kind = key.group.empty() ? key.kind : key.kind + "." + key.group;
  return kind + " \"" + key.name + "\" is invalid: " + std::string(message);
}

std::string DescribeChange(const diff::FieldChange& change) {
  if (change.added()) return change.path_text + " set to " + diff::ShortValue(change.head);
  if (change.removed()) {
    return change.path_text + " removed (was " + diff::ShortValue(change.base) + ")";
  }
  return change.path_text + " changed from " + diff::ShortValue(change.base) + " to " +
         diff::ShortValue(change.head);
}

}  // namespace fluxlint::rules::diffrules
