// The one rule for how many threads an OpenMP kernel uses (LAPLACE_WITH_OPENMP builds only).
#pragma once

#include <algorithm>
#include <cstddef>
#include <omp.h>

#include "../grid.hpp"
#include "../threads.hpp"

namespace laplace::detail {

inline long long interior_points(const GridRef &g) {
    return (long long)(g.nx - 2) * (long long)(g.ny - 2);
}

// Fewest interior points per thread when the thread count is left to the default: a sweep of a
// smaller grid takes a few microseconds, less than waking another thread (and, on a loaded
// machine, far less than waiting for it to be scheduled).
inline constexpr long long min_points_per_default_thread = 16384;

// Team size for a kernel call on a grid with `points` interior points: the caller's request
// (>= 1) within the limit of threads.hpp, or for 0 the OpenMP default (OMP_NUM_THREADS, else one
// per core) but no more threads than give each min_points_per_default_thread points. Inside an
// active parallel region (a user's own threads) the kernel runs on the calling thread alone: each
// caller thread already has a core, and a nested team would oversubscribe the machine. Kernels
// partition by omp_get_num_threads() inside their region, so a team the runtime makes smaller
// than asked is still handled.
inline int openmp_team_size(int requested, long long points) {
    if (omp_in_parallel()) {
        return 1;
    }
    if (requested > 0) {
        return limited_threads(requested, omp_get_max_threads());
    }
    const long long useful = std::max(1LL, points / min_points_per_default_thread);
    return int(std::min<long long>(omp_get_max_threads(), useful));
}

// The first interior row of thread t of a team of `team` (thread t sweeps rows
// [interior_row_split(t), interior_row_split(t + 1))): rows 1 .. nx-2 in order, evenly.
inline std::ptrdiff_t interior_row_split(std::ptrdiff_t t, std::ptrdiff_t team, int nx) {
    return 1 + std::ptrdiff_t(nx - 2) * t / team;
}

} // namespace laplace::detail
