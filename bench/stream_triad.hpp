// The machine's memory bandwidth, measured the way STREAM does: the triad a[i] = b[i] + s*c[i]
// over three arrays, counted as 24 bytes per element (two reads, one write; the write-allocate
// read that a cache also does is not counted, as in STREAM). The bench's one bandwidth probe.
#pragma once

#include "timing.hpp"

#include <cstddef>
#include <memory>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace bench {

struct Bandwidth {
    double bytes_per_second = 0; // from the median time
    Timing timing;
};

// Triad over arrays of `elements` doubles each, with `threads` OpenMP threads (1 without
// OpenMP); each timed run does `passes` triads. Arrays are first touched by the threads that
// use them.
inline Bandwidth triad_bandwidth(std::size_t elements, int threads, int repetitions = 5,
                                 int passes = 4) {
    std::unique_ptr<double[]> a(new double[elements]), b(new double[elements]),
        c(new double[elements]);
    const auto n = static_cast<std::ptrdiff_t>(elements);
    const double s = 3.0;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        a[i] = 0.0;
        b[i] = 1.0;
        c[i] = 2.0;
    }
    auto triad = [&] {
        for (int p = 0; p < passes; ++p) {
            double *__restrict pa = a.get();
            const double *__restrict pb = b.get();
            const double *__restrict pc = c.get();
#pragma omp parallel for simd num_threads(threads) schedule(static)
            for (std::ptrdiff_t i = 0; i < n; ++i) {
                pa[i] = pb[i] + s * pc[i];
            }
        }
    };
    Bandwidth bw;
    bw.timing = measure(
        1, repetitions, [] {}, triad);
    bw.bytes_per_second = 24.0 * double(elements) * passes / bw.timing.median;
    return bw;
}

} // namespace bench
