// selector-template-mismatch: a workload whose selector does not match its pod template labels.
#include <algorithm>
#include <optional>

#include "diff/field_path.h"
#include "diff/selectors.h"
#include "flux/objects.h"
#include "model/snapshot.h"
#include "rules/diff/diff_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {
namespace {

std::string Labels(const yaml::Node* labels) {
  if (labels == nullptr || !labels->IsMapping() || labels->EntryCount() == 0) return "none";
  std::string out;
  for (size_t i = 0; i < labels->EntryCount(); ++i) {
    if (i > 0) out += ", ";
    out += labels->Key(i).value + "=" + labels->Value(i).value;
  }
  return out;
}

const yaml::Node* Label(const yaml::Node* labels, std::string_view key) {
  if (labels == nullptr || !labels->IsMapping()) return nullptr;
  const yaml::Node* v = labels->Get(key);
  return v != nullptr && v->IsScalar() ? v : nullptr;
}

struct Mismatch {
  std::string requirement;  ///< "team=platform", "tier In (web, api)"
  Span span;
  Span label_span;  ///< the template label that does not match, when there is one
};

/// The first selector requirement the labels do not meet.
std::optional<Mismatch> FirstMismatch(const yaml::Node& selector, bool label_selector,
                                      const yaml::Node* labels) {
  const yaml::Node* match = label_selector ? selector.Get("matchLabels") : &selector;
  if (match != nullptr && match->IsMapping()) {
    for (size_t i = 0; i < match->EntryCount(); ++i) {
      const yaml::Node& key = match->Key(i);
      const yaml::Node& want = match->Value(i);
      const yaml::Node* have = Label(labels, key.value);
      if (have == nullptr || have->value != want.value) {
        return Mismatch{key.value + "=" + want.value, want.span.valid() ? want.span : key.span,
                        have != nullptr ? have->span : Span{}};
      }
    }
  }
  if (!label_selector) return std::nullopt;
  const yaml::Node* expressions = selector.Get("matchExpressions");
  if (expressions == nullptr || !expressions->IsSequence()) return std::nullopt;
  for (const yaml::Node& e : expressions->children) {
    if (!e.IsMapping()) continue;
    std::string key(e.GetString("key"));
    std::string op(e.GetString("operator"));
    std::vector<std::string> values;
    if (const yaml::Node* v = e.Get("values"); v != nullptr && v->IsSequence()) {
      for (const yaml::Node& item : v->children) values.push_back(item.value);
    }
    const yaml::Node* have = Label(labels, key);
    bool in =
        have != nullptr && std::find(values.begin(), values.end(), have->value) != values.end();
    bool ok = true;
    if (op == "In") ok = in;
    if (op == "NotIn") ok = !in;
    if (op == "Exists") ok = have != nullptr;
    if (op == "DoesNotExist") ok = have == nullptr;
    if (ok) continue;
    std::string list;
    for (const std::string& v : values) list += (list.empty() ? "" : ", ") + v;
    std::string req = key + " " + op + (values.empty() ? "" : " (" + list + ")");
    return Mismatch{req, e.span, have != nullptr ? have->span : Span{}};
  }
  return std::nullopt;
}

void CheckObject(const Context& context, const yaml::Node& object,
                 const model::FluxKustomization* owner, diffrules::Dedup& dedup, Reporter& out) {
  if (!object.IsMapping()) return;
  std::string group = flux::SplitApiVersion(object.GetString("apiVersion")).first;
  std::string_view kind = object.GetString("kind");
  for (const diff::SelectorField* field : diff::SelectorFieldsOf(group, kind)) {
    if (field->template_labels.empty()) continue;
    const yaml::Node* selector = diff::NodeAt(object, field->path);
    const yaml::Node* tmpl = object.Find({"spec", "template"});
    if (tmpl == nullptr || !tmpl->IsMapping()) continue;
    const yaml::Node* labels = tmpl->Find({"metadata", "labels"});
    std::string name = std::string(kind) + " " + [&] {
      const yaml::Node* md = object.Get("metadata");
      std::string n(md != nullptr ? md->GetString("name") : "");
      std::string ns(md != nullptr ? md->GetString("namespace") : "");
      return ns.empty() ? n : ns + "/" + n;
    }();
    Span span;
    std::string message;
    Span related_span = labels != nullptr && labels->span.valid() ? labels->span : tmpl->span;
    std::string related_message = "the pod template's labels";
    if (selector == nullptr || selector->IsNull() ||
        (selector->IsMapping() && selector->EntryCount() == 0)) {
      // Only apps/v1 requires a selector; a Job's is generated, a ReplicationController's
      // defaults to the template labels.
      if (group != "apps") continue;
      span = selector != nullptr && selector->span.valid() ? selector->span
                                                           : diffrules::NameSpan(object);
      message = name + " has no spec.selector: the API server requires one for apps/v1 " +
                "workloads (\"spec.selector: Required value\")";
    } else {
      if (!selector->IsMapping()) continue;
      std::optional<Mismatch> m = FirstMismatch(*selector, field->label_selector, labels);
      if (!m) continue;
      span = m->span.valid() ? m->span : selector->span;
      if (m->label_span.valid()) {
        related_span = m->label_span;
        related_message = "the pod template's label is set here";
      }
      message = name + ": the selector requires " + m->requirement +
                ", which the pod template's labels (" + Labels(labels) +
                ") do not meet; the API server refuses it: \"`selector` does not match template "
                "`labels`\"";
    }
    if (!span.valid() || !context.head.Reportable(span, owner)) continue;
    if (!dedup.First(span, message)) continue;
    Diagnostic& d = out.Report(span, message);
    if (related_span.valid()) d.related.push_back({related_span, related_message});
    d.help =
        "give the pod template every label the selector requires (kustomize `labels:` "
        "with includeTemplates: true, or commonLabels, keeps them in step)";
  }
}

}  // namespace

void CheckSelectorTemplateMismatch(const Context& context, Reporter& out) {
  const model::Snapshot& head = context.head;
  if (!head.graph_built()) return;
  diffrules::Dedup dedup;
  for (const model::FluxKustomization& k : head.flux().kustomizations) {
    if (k.render == nullptr) continue;
    for (const yaml::Node& o : k.render->objects) CheckObject(context, o, &k, dedup, out);
  }
  for (const model::KustomizeRoot& root : head.kustomize_roots()) {
    for (const yaml::Node& o : root.result->objects) CheckObject(context, o, nullptr, dedup, out);
  }
}

}  // namespace fluxlint::rules
