#ifndef FLUXLINT_KUSTOMIZE_TEST_UTIL_H_
#define FLUXLINT_KUSTOMIZE_TEST_UTIL_H_

// Helpers shared by the kustomize tests (header-only; not part of the library).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "diag/span.h"
#include "kustomize/build.h"
#include "source/memory_tree.h"
#include "yaml/emitter.h"
#include "yaml/loader.h"
#include "yaml/node.h"

namespace fluxlint::kustomize::testing {

inline std::string SharedDir() { return std::string(FLUXLINT_SOURCE_DIR) + "/../shared"; }

inline std::string ReadDiskFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Every regular file under `dir`, added to `tree` at its path relative to `dir`.
inline void LoadDirectory(const std::filesystem::path& dir, source::MemoryTree* tree) {
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string rel = std::filesystem::relative(e.path(), dir).generic_string();
    tree->AddFile(rel, ReadDiskFile(e.path()));
  }
}

/// The documents of a YAML text (empty documents left out).
inline std::vector<yaml::Node> ParseDocuments(SourceStore& store, const std::string& name,
                                              const std::string& text) {
  const SourceFile* f = store.Add(name, text, "", "test");
  yaml::LoadedFile loaded = yaml::Load(*f);
  EXPECT_TRUE(loaded.errors.empty()) << name << ": " << loaded.errors.front().message;
  std::vector<yaml::Node> docs;
  for (yaml::Document& d : loaded.documents) {
    if (!d.empty) docs.push_back(d.root);
  }
  return docs;
}

/// The first document of a YAML text.
inline yaml::Node ParseOne(SourceStore& store, const std::string& name, const std::string& text) {
  std::vector<yaml::Node> docs = ParseDocuments(store, name, text);
  return docs.empty() ? yaml::Node::Null() : docs.front();
}

inline std::string Dump(const std::vector<yaml::Node>& docs) {
  std::vector<const yaml::Node*> ptrs;
  for (const yaml::Node& d : docs) ptrs.push_back(&d);
  return yaml::EmitStream(ptrs);
}

inline std::string Issues(const BuildResult& r) {
  std::string s;
  for (const BuildIssue& i : r.issues) {
    s += (i.kind == BuildIssue::kError ? "error[" : "note[") + i.code + "] " +
         std::string(i.span.path()) + ":" + std::to_string(i.span.begin.line) + ": " + i.message +
         "\n";
  }
  return s;
}

/// Checks that every node of `n` (keys included) carries a span into one of `files` on a line
/// that exists. Returns the first offending path in the object, or "".
inline std::string CheckProvenance(const yaml::Node& n, const std::set<std::string>& files,
                                   const std::string& where) {
  if (!n.span.valid()) return where + " has no span";
  if (files.count(std::string(n.span.path())) == 0) {
    return where + " points at '" + std::string(n.span.path()) + "', not an input file";
  }
  uint32_t lines = n.span.file->LineCount();
  if (n.span.begin.line < 1 || n.span.begin.line > lines) {
    return where + " points at line " + std::to_string(n.span.begin.line) + " of " +
           std::string(n.span.path()) + " (" + std::to_string(lines) + " lines)";
  }
  if (n.IsMapping()) {
    for (size_t i = 0; i < n.EntryCount(); ++i) {
      std::string sub = where + "." + n.Key(i).value;
      std::string err = CheckProvenance(n.Key(i), files, sub + " (key)");
      if (!err.empty()) return err;
      err = CheckProvenance(n.Value(i), files, sub);
      if (!err.empty()) return err;
    }
  } else if (n.IsSequence()) {
    for (size_t i = 0; i < n.children.size(); ++i) {
      std::string err =
          CheckProvenance(n.children[i], files, where + "[" + std::to_string(i) + "]");
      if (!err.empty()) return err;
    }
  }
  return "";
}

}  // namespace fluxlint::kustomize::testing

#endif  // FLUXLINT_KUSTOMIZE_TEST_UTIL_H_
