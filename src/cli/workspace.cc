#include "cli/workspace.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "cli/paths.h"
#include "output/emitters.h"
#include "rules/registry.h"

namespace fluxlint::cli {

Result<Workspace> OpenWorkspace(const TreeChoice& choice) {
  if (choice.staged && !choice.rev.empty()) {
    return Result<Workspace>(ErrorCode::kInvalidArgument, "--staged and --rev cannot be combined");
  }
  Workspace ws;
  std::error_code ec;
  ws.cwd = std::filesystem::current_path(ec).string();
  if (ec) {
    return Result<Workspace>(ErrorCode::kIo,
                             "cannot determine the current directory: " + ec.message());
  }
  Result<std::unique_ptr<source::Repository>> found = source::Repository::Discover(ws.cwd);
  if (found.ok()) {
    ws.repo = std::move(found).value();
  } else if (found.status().code() != ErrorCode::kNotFound) {
    return found.status();
  }
  if (!ws.repo) {
    if (choice.staged || !choice.rev.empty()) {
      return Result<Workspace>(ErrorCode::kInvalidArgument,
                               std::string(choice.staged ? "--staged" : "--rev") +
                                   " needs a git repository, and '" + ws.cwd +
                                   "' is not in one");
    }
    ws.root = ws.cwd;
    ws.head = source::OpenDirectoryTree(ws.root);
    return ws;
  }
  ws.root = ws.repo->root();
  Result<std::unique_ptr<source::Tree>> head = choice.staged ? ws.repo->Index()
                                               : !choice.rev.empty()
                                                   ? ws.repo->Revision(choice.rev)
                                                   : ws.repo->WorkTree();
  if (!head.ok()) return head.status();
  ws.head = std::move(head).value();
  return ws;
}

Result<std::vector<std::string>> ResolvePaths(const Workspace& ws,
                                              const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    Result<std::string> rel = RepositoryRelative(ws.root, ws.cwd, p);
    if (!rel.ok()) return rel.status();
    Result<source::EntryKind> kind = ws.head->Stat(*rel);
    if (!kind.ok()) {
      return Result<std::vector<std::string>>(
          kind.status().code(),
          "path '" + p + "' is not in the " + ws.head->Describe() + ": " + kind.status().message());
    }
    out.push_back(*rel);
  }
  if (out.empty()) {
    Result<std::string> here = RepositoryRelative(ws.root, ws.cwd, ".");
    if (!here.ok()) return here.status();
    out.push_back(*here);
  }
  return out;
}

std::vector<std::string> KnownRuleIds() {
  std::vector<std::string> ids;
  for (const rules::Rule& r : rules::AllRules()) ids.emplace_back(r.info.id);
  return ids;
}

bool LoadConfigFile(const std::string& path, const source::Tree& head, yaml::ParseCache& cache,
                    bool color, config::Config* config) {
  std::shared_ptr<const yaml::LoadedFile> loaded;
  if (!path.empty()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "fluxlint: error: cannot read configuration file '%s'\n", path.c_str());
      return false;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const SourceFile* file = cache.store().Add(path, std::move(text), "", "file");
    loaded = std::make_shared<const yaml::LoadedFile>(yaml::Load(*file, cache.options()));
  } else if (head.Stat(".fluxlint.yaml").ok()) {
    Result<std::shared_ptr<const yaml::LoadedFile>> parsed = cache.Parse(head, ".fluxlint.yaml");
    if (!parsed.ok()) {
      std::fprintf(stderr, "fluxlint: error: %s\n", parsed.status().message().c_str());
      return false;
    }
    loaded = *parsed;
  }
  if (!loaded) return true;
  std::vector<Diagnostic> errors;
  *config = config::ParseConfig(*loaded, KnownRuleIds(), &errors);
  if (errors.empty()) return true;
  output::Report report;
  report.diagnostics = std::move(errors);
  report.files_checked = 1;
  std::string text = output::EmitText(report, {color});
  std::fputs(text.c_str(), stderr);
  std::fputs("fluxlint: error: the configuration has errors\n", stderr);
  return false;
}

}  // namespace fluxlint::cli
