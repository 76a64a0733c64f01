#include "util/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace fluxlint {

void ParallelFor(size_t n, size_t jobs, const std::function<void(size_t)>& fn) {
  jobs = std::min(jobs, n);
  if (jobs <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
  };
  std::vector<std::thread> threads;
  threads.reserve(jobs - 1);
  for (size_t t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
}

size_t DefaultJobs() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace fluxlint
