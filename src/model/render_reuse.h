#ifndef FLUXLINT_MODEL_RENDER_REUSE_H_
#define FLUXLINT_MODEL_RENDER_REUSE_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kustomize/build.h"
#include "source/tree.h"

namespace fluxlint::model {

struct Render;

/// (path, content id) of everything a render read, sorted by path. A file that could not be read
/// has the id "". A directory whose listing the render depended on (Flux's generated
/// kustomization) has the path ListingPath(dir) and the id ListingId(entries).
using Closure = std::vector<std::pair<std::string, std::string>>;

/// The closure path that stands for the listing of `dir` ("apps/x" -> "apps/x/", "" -> "/").
std::string ListingPath(std::string_view dir);
/// A closure id that is equal for two listings exactly when they have the same names and kinds.
std::string ListingId(const std::vector<source::DirEntry>& entries);

/// Whether a render that read `closure` in `from` would read exactly the same bytes in `to`:
/// every file has the same content id, every path that was not a readable file is still not
/// one (and its parent is the same kind of entry), and every listed directory lists the same
/// entries. Only the trees are consulted; the caller compares the render's other inputs.
bool SameClosure(const source::Tree& from, const source::Tree& to, const Closure& closure);

/// The renders of one revision, for another revision to reuse (DESIGN §2: "if the head closure
/// equals the base closure, the render is identical and is reused"). Filled after a revision's
/// graph is built; read-only, so safe to share between threads, while it is consulted.
class RenderPool {
 public:
  /// `tree` is the revision the renders were made from; it must outlive the pool.
  explicit RenderPool(const source::Tree* tree) : tree_(tree) {}

  void AddFlux(const std::string& key, std::shared_ptr<const Render> render);
  void AddKustomize(const std::string& dir, std::shared_ptr<const kustomize::BuildResult> result);

  /// The Flux render with these inputs (`key`, see flux_graph.cc) if it would read the same
  /// bytes in `tree`; else null.
  std::shared_ptr<const Render> FindFlux(const std::string& key, const source::Tree& tree) const;
  /// The `kustomize build dir` result, if it would read the same bytes in `tree`; else null.
  std::shared_ptr<const kustomize::BuildResult> FindKustomize(const std::string& dir,
                                                              const source::Tree& tree) const;

 private:
  const source::Tree* tree_;
  std::map<std::string, std::shared_ptr<const Render>> flux_;
  std::map<std::string, std::shared_ptr<const kustomize::BuildResult>> kustomize_;
};

}  // namespace fluxlint::model

#endif  // FLUXLINT_MODEL_RENDER_REUSE_H_
