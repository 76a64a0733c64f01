#ifndef FLUXLINT_UTIL_THREAD_POOL_H_
#define FLUXLINT_UTIL_THREAD_POOL_H_

#include <cstddef>
#include <functional>

namespace fluxlint {

/// Runs fn(0) … fn(n-1) on up to `jobs` threads (the calling thread included) and waits for all.
/// Items are handed out in order; fn must be safe to call concurrently. jobs <= 1 runs inline.
void ParallelFor(size_t n, size_t jobs, const std::function<void(size_t)>& fn);

/// The default for --jobs: the number of cores (at least 1).
size_t DefaultJobs();

}  // namespace fluxlint

#endif  // FLUXLINT_UTIL_THREAD_POOL_H_
