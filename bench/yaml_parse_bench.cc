// YAML parsing throughput: libyaml's raw event loop (the ceiling) against yaml::Load (events
// into the Node tree with spans, merges, duplicate-key checks) on the same ~24 MB of generated
// Kubernetes YAML, plus yaml::EmitStream on the loaded trees.
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLUXLINT_BUILD_BENCH=ON
//   cmake --build build-bench --target yaml_parse_bench && build-bench/yaml_parse_bench
//
// Counters: bytes_per_second for each benchmark; BM_Load also reports `vs_events`, its best
// CPU time over the corpus divided by the event loop's best (1.0 = as fast as libyaml alone).

#include <benchmark/benchmark.h>
#include <yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "bench/k8s_yaml_gen.h"
#include "yaml/emitter.h"
#include "yaml/loader.h"

namespace fluxlint {
namespace {

constexpr uint64_t kSeed = 20240611;
constexpr size_t kCorpusBytes = 24u << 20;

struct Corpus {
  std::vector<std::unique_ptr<SourceFile>> files;
  size_t bytes = 0;
  size_t documents = 0;
};

/// CPU time of this thread: the machine may be shared, so wall time is noisy.
double ThreadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

const Corpus& GetCorpus() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus;
    bench::K8sYamlGenerator gen(kSeed);
    for (bench::GeneratedFile& g : gen.Files(kCorpusBytes)) {
      auto f = std::make_unique<SourceFile>();
      f->path = std::move(g.path);
      f->text = std::move(g.text);
      f->IndexLines();
      c->bytes += f->text.size();
      c->files.push_back(std::move(f));
    }
    // Sanity: the generated input must load cleanly, or the comparison means nothing.
    for (const auto& f : c->files) {
      yaml::LoadedFile loaded = yaml::Load(*f);
      if (!loaded.errors.empty()) {
        std::fprintf(stderr, "generated %s does not load: %s at %u:%u\n", f->path.c_str(),
                     loaded.errors[0].message.c_str(), loaded.errors[0].span.begin.line,
                     loaded.errors[0].span.begin.column);
        std::abort();
      }
      c->documents += loaded.documents.size();
    }
    return c;
  }();
  return *corpus;
}

/// libyaml's event loop over one file: parse until STREAM_END, deleting each event.
size_t ParseEvents(const std::string& text) {
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  size_t events = 0;
  yaml_event_t event;
  while (yaml_parser_parse(&parser, &event)) {
    ++events;
    bool done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
    if (done) break;
  }
  yaml_parser_delete(&parser);
  return events;
}

double SecondsForEvents(const Corpus& corpus) {
  double best = 1e9;
  for (int rep = 0; rep < 5; ++rep) {
    double start = ThreadSeconds();
    size_t events = 0;
    for (const auto& f : corpus.files) events += ParseEvents(f->text);
    benchmark::DoNotOptimize(events);
    best = std::min(best, ThreadSeconds() - start);
  }
  return best;
}

void BM_LibyamlEvents(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  size_t events = 0;
  for (auto _ : state) {
    for (const auto& f : corpus.files) events += ParseEvents(f->text);
  }
  benchmark::DoNotOptimize(events);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.counters["files"] = static_cast<double>(corpus.files.size());
  state.counters["documents"] = static_cast<double>(corpus.documents);
}

/// yaml::Load over every file; the trees are freed outside the timed region (a linter keeps
/// them for the whole run).
void BM_Load(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  double best_load = 1e9;
  std::vector<yaml::LoadedFile> loaded;
  loaded.reserve(corpus.files.size());
  for (auto _ : state) {
    double start = ThreadSeconds();
    for (const auto& f : corpus.files) loaded.push_back(yaml::Load(*f));
    best_load = std::min(best_load, ThreadSeconds() - start);
    state.PauseTiming();
    loaded.clear();
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  // Best-of CPU times of both loops: the least disturbed runs.
  state.counters["vs_events"] = best_load / SecondsForEvents(corpus);
}

/// yaml::Load with the trees freed inside the timed region.
void BM_LoadAndFree(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  for (auto _ : state) {
    for (const auto& f : corpus.files) {
      yaml::LoadedFile loaded = yaml::Load(*f);
      benchmark::DoNotOptimize(loaded.documents.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}

/// yaml::EmitStream of every loaded file (input bytes per second).
void BM_Emit(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  std::vector<yaml::LoadedFile> loaded;
  for (const auto& f : corpus.files) loaded.push_back(yaml::Load(*f));
  size_t out_bytes = 0;
  for (auto _ : state) {
    for (const yaml::LoadedFile& l : loaded) {
      std::vector<const yaml::Node*> roots;
      for (const yaml::Document& d : l.documents) roots.push_back(&d.root);
      out_bytes += yaml::EmitStream(roots).size();
    }
  }
  benchmark::DoNotOptimize(out_bytes);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}

BENCHMARK(BM_LibyamlEvents)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_LoadAndFree)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Emit)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace fluxlint

BENCHMARK_MAIN();
