#include "threads.hpp"

#include <algorithm>

#ifdef LAPLACE_WITH_OPENMP
#include <omp.h>
#else
#include <thread>
#endif

namespace laplace::detail {
namespace {

// Processors available to the process, counted once: OpenMP's count (the CPU affinity mask the
// process started with), or the hardware's.
int available_processors() {
    static const int count = [] {
#ifdef LAPLACE_WITH_OPENMP
        return std::max(1, omp_get_num_procs());
#else
        return std::max(1, int(std::thread::hardware_concurrency()));
#endif
    }();
    return count;
}

} // namespace

int limited_threads(int requested, int runtime_default) {
    return std::min(requested, std::max(available_processors(), runtime_default));
}

} // namespace laplace::detail
