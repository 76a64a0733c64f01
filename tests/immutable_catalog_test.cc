// Every entry of the built-in immutable-field catalog is exercised by a fixture that fires it,
// and the ok-* fixtures of diff-immutable-field break no entry at all. Runs the fixtures'
// before/ and after/ trees through the snapshot and the diff directly, so an entry counts even
// when a rule leaves its finding to another rule (workload selectors are diff-selector-drift's).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/config.h"
#include "diff/catalog.h"
#include "diff/immutable.h"
#include "diff/snapshot_diff.h"
#include "model/snapshot.h"
#include "rules/registry.h"
#include "source/memory_tree.h"
#include "yaml/parse_cache.h"

namespace fluxlint {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Fill(const fs::path& dir, source::MemoryTree* tree) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      tree->AddFile(e.path().lexically_relative(dir).generic_string(), ReadAll(e.path()));
    }
  }
}

/// The catalog entry ids that the fixture's change breaks.
std::set<std::string> ViolatedEntries(const fs::path& fixture) {
  source::MemoryTree before("HEAD"), after("work tree");
  Fill(fixture / "before", &before);
  Fill(fixture / "after", &after);
  SourceStore store;
  yaml::ParseCache cache(store);
  config::Config config;
  if (fs::exists(fixture / "fluxlint.yaml")) {
    const SourceFile* file =
        store.Add("fluxlint.yaml", ReadAll(fixture / "fluxlint.yaml"), "", "t");
    std::vector<std::string> known;
    for (const rules::Rule& r : rules::AllRules()) known.emplace_back(r.info.id);
    std::vector<Diagnostic> errors;
    config = config::ParseConfig(yaml::Load(*file), known, &errors);
    EXPECT_TRUE(errors.empty()) << fixture;
  }
  model::SnapshotOptions options;
  options.build_graph = true;
  options.config = &config;
  model::Snapshot base = model::LoadSnapshot(before, options, cache);
  model::Snapshot head = model::LoadSnapshot(after, options, cache);
  diff::SnapshotDiff d =
      diff::SnapshotDiff::Compute(base, head, diff::BuildCatalog(base, head, config));
  std::set<std::string> out;
  for (const diff::ObjectDiff& o : d.objects()) {
    for (const diff::Violation& v : diff::FindViolations(o, d.catalog())) out.insert(v.entry->id);
  }
  return out;
}

fs::path Fixtures() { return fs::path(FLUXLINT_SOURCE_DIR) / "tests" / "fixtures"; }

TEST(ImmutableCatalogTest, EveryBuiltinEntryHasAFiringFixture) {
  std::set<std::string> fired;
  for (const char* rule : {"diff-immutable-field", "diff-selector-drift"}) {
    for (const auto& c : fs::directory_iterator(Fixtures() / rule)) {
      if (!fs::exists(c.path() / "before")) continue;
      if (c.path().filename().string().starts_with("ok-")) continue;
      for (const std::string& id : ViolatedEntries(c.path())) fired.insert(id);
    }
  }
  diff::Catalog catalog = diff::Catalog::Builtin();
  for (const diff::CatalogEntry& e : catalog.entries()) {
    EXPECT_TRUE(fired.count(e.id)) << "no fixture under tests/fixtures/diff-immutable-field "
                                   << "changes a field of catalog entry " << e.id;
  }
  EXPECT_TRUE(fired.count("config:dbs.example.com/Database")) << "the configured entry";
  EXPECT_TRUE(fired.count("crd:example.com/Pool:spec.zone")) << "the CRD-derived entry";
}

TEST(ImmutableCatalogTest, AllowedChangesBreakNoEntry) {
  size_t checked = 0;
  for (const auto& c : fs::directory_iterator(Fixtures() / "diff-immutable-field")) {
    if (!c.path().filename().string().starts_with("ok-")) continue;
    std::set<std::string> violated = ViolatedEntries(c.path());
    std::string list;
    for (const std::string& id : violated) list += " " + id;
    EXPECT_TRUE(violated.empty()) << c.path().filename() << " breaks" << list;
    ++checked;
  }
  EXPECT_GE(checked, 20u);
}

}  // namespace
}  // namespace fluxlint
