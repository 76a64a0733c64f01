#include "model/render_reuse.h"

#include "model/flux_graph.h"

namespace fluxlint::model {
namespace {

/// A comparable description of what `path` is in `tree`: its kind, or why it is not there.
std::string StatState(const source::Tree& tree, std::string_view path) {
  Result<source::EntryKind> kind = tree.Stat(path);
  if (!kind.ok()) return "error " + std::to_string(static_cast<int>(kind.status().code()));
  return "kind " + std::to_string(static_cast<int>(*kind));
}

std::string_view Parent(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

}  // namespace

std::string ListingPath(std::string_view dir) { return std::string(dir) + "/"; }

std::string ListingId(const std::vector<source::DirEntry>& entries) {
  std::string id = "listing:";
  for (const source::DirEntry& e : entries) {
    id += std::to_string(static_cast<int>(e.kind));
    id += e.name;
    id += '\0';
  }
  return id;
}

bool SameClosure(const source::Tree& from, const source::Tree& to, const Closure& closure) {
  for (const auto& [path, id] : closure) {
    if (!path.empty() && path.back() == '/') {
      Result<std::vector<source::DirEntry>> entries =
          to.List(std::string_view(path).substr(0, path.size() - 1));
      if (!entries.ok() || ListingId(*entries) != id) return false;
    } else if (!id.empty()) {
      Result<std::string> now = to.Id(path);
      if (!now.ok() || *now != id) return false;
    } else if (StatState(from, path) != StatState(to, path) ||
               StatState(from, Parent(path)) != StatState(to, Parent(path))) {
      return false;
    }
  }
  return true;
}

void RenderPool::AddFlux(const std::string& key, std::shared_ptr<const Render> render) {
  if (render != nullptr) flux_[key] = std::move(render);
}

void RenderPool::AddKustomize(const std::string& dir,
                              std::shared_ptr<const kustomize::BuildResult> result) {
  if (result != nullptr) kustomize_[dir] = std::move(result);
}

std::shared_ptr<const Render> RenderPool::FindFlux(const std::string& key,
                                                   const source::Tree& tree) const {
  auto it = flux_.find(key);
  if (it == flux_.end() || !SameClosure(*tree_, tree, it->second->closure)) return nullptr;
  return it->second;
}

std::shared_ptr<const kustomize::BuildResult> RenderPool::FindKustomize(
    const std::string& dir, const source::Tree& tree) const {
  auto it = kustomize_.find(dir);
  if (it == kustomize_.end() || !SameClosure(*tree_, tree, it->second->closure)) return nullptr;
  return it->second;
}

}  // namespace fluxlint::model
