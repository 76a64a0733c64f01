#include "model/object_index.h"

#include "flux/objects.h"

namespace fluxlint::model {

ObjectIndex::ObjectIndex(const std::vector<std::shared_ptr<const yaml::LoadedFile>>& files) {
  for (const auto& file : files) {
    for (size_t d = 0; d < file->documents.size(); ++d) {
      const yaml::Document& doc = file->documents[d];
      if (doc.empty || !doc.root.IsMapping()) continue;
      const yaml::Node* kind = doc.root.Get("kind");
      const yaml::Node* md = doc.root.Get("metadata");
      if (kind == nullptr || !kind->IsScalar() || kind->value.empty()) continue;
      if (md == nullptr || !md->IsMapping()) continue;
      const yaml::Node* name = md->Get("name");
      if (name == nullptr || !name->IsScalar() || name->value.empty()) continue;
      ObjectEntry e;
      e.api_version = std::string(doc.root.GetString("apiVersion"));
      e.group = flux::SplitApiVersion(e.api_version).first;
      e.kind = kind->value;
      e.ns = std::string(md->GetString("namespace"));
      e.name = name->value;
      e.node = &doc.root;
      e.file = file.get();
      e.document = d;
      e.span = doc.span.valid() ? doc.span : doc.root.span;
      size_t index = entries_.size();
      by_kind_name_.emplace(std::make_pair(e.kind, e.name), index);
      if (e.span.file != nullptr) by_file_[e.span.file].push_back(index);
      entries_.push_back(std::move(e));
    }
  }
}

std::vector<const ObjectEntry*> ObjectIndex::Find(std::string_view kind,
                                                  std::string_view name) const {
  std::vector<const ObjectEntry*> out;
  auto [lo, hi] = by_kind_name_.equal_range(std::make_pair(std::string(kind), std::string(name)));
  for (auto it = lo; it != hi; ++it) out.push_back(&entries_[it->second]);
  return out;
}

const ObjectEntry* ObjectIndex::Find(std::string_view kind, std::string_view ns,
                                     std::string_view name, bool empty_ns_matches) const {
  const ObjectEntry* fallback = nullptr;
  for (const ObjectEntry* e : Find(kind, name)) {
    if (e->ns == ns) return e;
    if (empty_ns_matches && e->ns.empty() && fallback == nullptr) fallback = e;
  }
  return fallback;
}

std::vector<const ObjectEntry*> ObjectIndex::OfKind(std::string_view kind) const {
  std::vector<const ObjectEntry*> out;
  for (const ObjectEntry& e : entries_) {
    if (e.kind == kind) out.push_back(&e);
  }
  return out;
}

const ObjectEntry* ObjectIndex::Containing(const Span& span) const {
  auto it = by_file_.find(span.file);
  if (it == by_file_.end()) return nullptr;
  for (size_t index : it->second) {
    const ObjectEntry& e = entries_[index];
    if (span.begin.offset >= e.span.begin.offset && span.begin.offset < e.span.end.offset) {
      return &e;
    }
  }
  // A span at the very end of the last document.
  for (size_t index : it->second) {
    const ObjectEntry& e = entries_[index];
    if (span.begin.offset >= e.span.begin.offset && span.begin.offset <= e.span.end.offset) {
      return &e;
    }
  }
  return nullptr;
}

}  // namespace fluxlint::model
