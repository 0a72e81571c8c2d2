// omp-wavefront: lexicographic Gauss-Seidel, the update order of cpp-loop (rows i in order, j
// innermost), with the independent points worked on together. Same iterates as cpp-loop: every
// point is computed from the same four values by the same operations in the same order
// (((w + e)*dx2 + (n + s)*dy2)*dnr_inv, see kernels/loop.cpp for why), so u is bitwise the same.
//
// Point (i, j) needs the new west (i, j-1) and north (i-1, j) values and the old east (i, j+1)
// and south (i+1, j) ones. So row i+1 can follow row i one column behind: a band of R rows is
// swept as a skewed pipeline, step t updating the anti-diagonal (i+k, t-k), k = 0..R-1. The
// R updates of a step are independent, so the band runs R latency chains side by side instead of
// cpp-loop's one (whose time is the latency of add, multiply-add and multiply per point).
// With AVX-512 (R = 16) a step is two 8-lane vector updates: the anti-diagonal is gathered and
// scattered (stride ny-1), and the neighbours are the previous and next steps' vectors shifted
// by a lane, so one gather and one scatter per 8 points touch memory. Without AVX-512 (R = 8)
// the same pipeline runs in scalar code with the band's west values in registers. The steps at
// a band's ends (its fill and drain) are done point by point.
//
// Threads split the columns: thread k owns a contiguous block of columns and sweeps band after
// band over it. It starts a band once thread k-1 has finished that band, so the west values at
// its left edge are new; thread k-1, meanwhile ahead on a later band, reads east values at its
// right edge that thread k has not reached yet, so they are old, as they must be. A thread waits
// on one counter of its left neighbour: one parallel region per sweep, no barrier per diagonal.
// The change norm is summed per row of a band and per thread, so its last bits (only) depend on
// the thread count.
#include "kernels.hpp"
#include "openmp_threads.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <thread>

#ifdef __AVX512F__
#include <immintrin.h>
#endif

namespace laplace::detail {

namespace {

// cpp-loop's update from the neighbour sums along the row (west + east) and across it
// (north + south). With FMA hardware the one multiply-add GCC forms in cpp-loop is written out,
// so that every path here (scalar, AVX-512) rounds alike whatever the compiler contracts, and
// the values do not depend on which path a point takes (that depends on the thread count).
inline double update(double along, double across, double dx2, double dy2, double dnr_inv) {
#ifdef __FMA__
    return std::fma(along, dx2, across * dy2) * dnr_inv;
#else
    return (along * dx2 + across * dy2) * dnr_inv;
#endif
}

struct Stencil {
    double *u;
    std::ptrdiff_t ny;
    double dx2, dy2, dnr_inv;

    // One point from memory, exactly as cpp-loop does it; keeps the old value in *old.
    void point(std::ptrdiff_t i, std::ptrdiff_t j, double *old) const {
        double *const p = u + i * ny + j;
        *old = *p;
        *p = update(p[-1] + p[1], p[-ny] + p[ny], dx2, dy2, dnr_inv);
    }
};

// sum((a - b)^2) over n values, with 16 independent partial sums (SIMD, no latency chain).
double sum_squared_differences(const double *__restrict a, const double *__restrict b,
                               std::ptrdiff_t n) {
    constexpr int lanes = 16;
    double partial[lanes] = {};
    std::ptrdiff_t j = 0;
    for (; j + lanes <= n; j += lanes) {
#pragma omp simd
        for (int l = 0; l < lanes; ++l) {
            const double d = a[j + l] - b[j + l];
            partial[l] += d * d;
        }
    }
    double sum = 0.0;
    for (; j < n; ++j) {
        sum += (a[j] - b[j]) * (a[j] - b[j]);
    }
    for (int l = 0; l < lanes; ++l) {
        sum += partial[l];
    }
    return sum;
}

// Band rows i0..i0+R-1 over columns [j0, j1): step t updates (i0+k, t-k), skipping the points
// outside the columns (the pipeline's fill and drain). Old values go to olds[k*ny + j].
template <int R>
void band_edges(const Stencil &s, std::ptrdiff_t i0, std::ptrdiff_t j0, std::ptrdiff_t j1,
                std::ptrdiff_t t_begin, std::ptrdiff_t t_end, double *olds) {
    for (std::ptrdiff_t t = t_begin; t < t_end; ++t) {
        for (int k = 0; k < R; ++k) {
            const std::ptrdiff_t j = t - k;
            if (j >= j0 && j < j1) {
                s.point(i0 + k, j, olds + k * s.ny + j);
            }
        }
    }
}

#ifdef __AVX512F__
// A gather with a defined pass-through value: the plain _mm512_i32gather_pd starts from an
// undefined register, which GCC 12 reports as maybe-uninitialized.
inline __m512d gather8(__m256i offsets, const double *base) {
    return _mm512_mask_i32gather_pd(_mm512_setzero_pd(), 0xFF, offsets, base, 8);
}

// The full steps t_begin <= t < t_end of a band of 8*V rows with AVX-512: lane k of vector q is
// row i0 + 8q + k, and a step updates the anti-diagonal (i0+r, t-r), r = 0..8V-1, gathered and
// scattered (stride ny-1). The old values one step ahead are this step's east values and, one
// row up, its south values; the previous step's new values are the west values and, one row
// down, the north values. The V vectors of a step are independent latency chains. Each lane
// does cpp-loop's operations in cpp-loop's order (the multiply-add GCC forms there is written
// out), so the values are bitwise cpp-loop's. Needs 7*(ny-1) < 2^31 (32-bit gather offsets).
// Returns the steps' sum of squared changes.
template <int V>
double band_steps_avx512(const Stencil &s, std::ptrdiff_t i0, std::ptrdiff_t t_begin,
                         std::ptrdiff_t t_end) {
    constexpr int R = 8 * V;
    const std::ptrdiff_t ny = s.ny;
    double *const base = s.u + i0 * ny; // (i0+r, t-r) is base[t + r*(ny-1)]
    const int stride = int(ny - 1);
    const __m256i offsets = _mm256_setr_epi32(0, stride, 2 * stride, 3 * stride, 4 * stride,
                                              5 * stride, 6 * stride, 7 * stride);
    const std::ptrdiff_t block = 8 * std::ptrdiff_t(stride); // vector q starts at base + q*block
    // Two-source lane shifts: indices 0..7 pick the first operand, 8..15 the second.
    const __m512i up = _mm512_setr_epi64(1, 2, 3, 4, 5, 6, 7, 8);    // k <- k+1, 7 <- b[0]
    const __m512i down = _mm512_setr_epi64(15, 0, 1, 2, 3, 4, 5, 6); // k <- k-1, 0 <- b[7]
    const __m512d dx2 = _mm512_set1_pd(s.dx2);
    const __m512d dy2 = _mm512_set1_pd(s.dy2);
    const __m512d dnr_inv = _mm512_set1_pd(s.dnr_inv);
    __m512d west[V], old[V], sum[V];
    for (int q = 0; q < V; ++q) {
        west[q] = gather8(offsets, base + q * block + t_begin - 1); // new (the fill)
        old[q] = gather8(offsets, base + q * block + t_begin);
        sum[q] = _mm512_setzero_pd();
    }
    for (std::ptrdiff_t t = t_begin; t < t_end; ++t) {
        __m512d ahead[V + 1];
        for (int q = 0; q < V; ++q) {
            ahead[q] = gather8(offsets, base + q * block + t + 1); // old
        }
        ahead[V] = _mm512_set1_pd(base[R * ny + t - (R - 1)]); // row i0+R, old
        const __m512d above = _mm512_set1_pd(base[t - ny]);    // row i0-1, new
        __m512d v[V];
        for (int q = 0; q < V; ++q) {
            const __m512d south = _mm512_permutex2var_pd(ahead[q], up, ahead[q + 1]);
            const __m512d north =
                _mm512_permutex2var_pd(west[q], down, q > 0 ? west[q - 1] : above);
            v[q] = _mm512_mul_pd(_mm512_fmadd_pd(_mm512_add_pd(west[q], ahead[q]), dx2,
                                                 _mm512_mul_pd(_mm512_add_pd(north, south), dy2)),
                                 dnr_inv);
        }
        for (int q = 0; q < V; ++q) {
            _mm512_i32scatter_pd(base + q * block + t, offsets, v[q], 8);
            const __m512d d = _mm512_sub_pd(v[q], old[q]);
            sum[q] = _mm512_fmadd_pd(d, d, sum[q]);
            west[q] = v[q];
            old[q] = ahead[q];
        }
    }
    double total = 0.0;
    for (int q = 0; q < V; ++q) {
        alignas(64) double lanes[8];
        _mm512_store_pd(lanes, sum[q]);
        total += ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) +
                 ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    }
    return total;
}
#endif

// A band of R rows over columns [j0, j1); returns its sum of squared changes. `olds` is
// scratch for R*ny values. The pipeline keeps the old values there and the change norm is
// summed afterwards, vectorised, which takes two of seven floating-point operations per point
// out of the pipeline.
template <int R>
double band(const Stencil &s, std::ptrdiff_t i0, std::ptrdiff_t j0, std::ptrdiff_t j1,
            double *olds) {
    const std::ptrdiff_t ny = s.ny;
    if (j1 - j0 < R) { // too narrow for a full step: fill and drain only
        band_edges<R>(s, i0, j0, j1, j0, j1 + R - 1, olds);
    } else {
#ifdef __AVX512F__
        if constexpr (R % 8 == 0) {
            if (ny - 1 <= std::numeric_limits<int>::max() / 8) {
                band_edges<R>(s, i0, j0, j1, j0, j0 + R - 1, olds); // fill
                double sum = band_steps_avx512<R / 8>(s, i0, j0 + R - 1, j1);
                band_edges<R>(s, i0, j0, j1, j1, j1 + R - 1, olds); // drain
                for (int k = 0; k < R; ++k) { // the fill's and the drain's points
                    const std::ptrdiff_t row = (i0 + k) * ny;
                    sum += sum_squared_differences(s.u + row + j0, olds + k * ny + j0, R - 1 - k);
                    sum += sum_squared_differences(s.u + row + j1 - k, olds + k * ny + j1 - k, k);
                }
                return sum;
            }
        }
#endif
        band_edges<R>(s, i0, j0, j1, j0, j0 + R - 1, olds); // fill
        // Full steps t = j0+R-1 .. j1-1: every row of the band has a point. west[k] is row k's
        // last new value, which is also the north value row k+1 needs in the next step.
        double west[R];
        for (int k = 0; k < R; ++k) {
            west[k] = s.u[(i0 + k) * ny + (j0 + R - 2 - k)];
        }
        const double dx2 = s.dx2, dy2 = s.dy2, dnr_inv = s.dnr_inv;
        double *const base = s.u + i0 * ny;
        for (std::ptrdiff_t t = j0 + R - 1; t < j1; ++t) {
            // Rows from the last to the first, so west[k-1] is still the previous step's value.
#pragma GCC unroll 64
            for (int k = R - 1; k >= 0; --k) {
                double *const p = base + k * ny + (t - k);
                const double north = k > 0 ? west[k - 1] : p[-ny];
                olds[k * ny + (t - k)] = p[0];
                const double v = update(west[k] + p[1], north + p[ny], dx2, dy2, dnr_inv);
                p[0] = v;
                west[k] = v;
            }
        }
        band_edges<R>(s, i0, j0, j1, j1, j1 + R - 1, olds); // drain
    }
    double sum = 0.0;
    for (int k = 0; k < R; ++k) {
        sum += sum_squared_differences(s.u + (i0 + k) * ny + j0, olds + k * ny + j0, j1 - j0);
    }
    return sum;
}

// Rows per band: with AVX-512, two vectors' worth, two independent chains per step; without,
// 8 scalar chains (more spill registers).
#ifndef LAPLACE_WAVEFRONT_BAND_ROWS
#ifdef __AVX512F__
#define LAPLACE_WAVEFRONT_BAND_ROWS 16
#else
#define LAPLACE_WAVEFRONT_BAND_ROWS 8
#endif
#endif
constexpr int band_rows = LAPLACE_WAVEFRONT_BAND_ROWS;

// A band of `rows` (1 <= rows <= R) rows: the last band of the grid may be short.
template <int R = band_rows>
double any_band(const Stencil &s, std::ptrdiff_t i0, std::ptrdiff_t rows, std::ptrdiff_t j0,
                std::ptrdiff_t j1, double *olds) {
    if constexpr (R == 1) {
        return band<1>(s, i0, j0, j1, olds);
    } else {
        return rows == R ? band<R>(s, i0, j0, j1, olds)
                         : any_band<R - 1>(s, i0, rows, j0, j1, olds);
    }
}

// Rows finished by one thread in the current sweep, alone on its cache line.
struct alignas(64) Progress {
    std::atomic<std::ptrdiff_t> rows{0};
};

// Spins while the neighbour is expected to be running (a band takes tens of microseconds);
// after ~2^17 polls (a few hundred microseconds) it may have been descheduled, so the thread
// yields its core between polls. Yielding much sooner can cost a scheduler time slice per band
// on a busy machine (2 threads at 300 x 300 there: medians 0.011-0.016 G updates/s yielding
// after 1000 polls, 0.015-0.073 after 2^17 or more; noisy).
void wait_until(const std::atomic<std::ptrdiff_t> &counter, std::ptrdiff_t at_least) {
    for (int spins = 0; counter.load(std::memory_order_acquire) < at_least; ++spins) {
        if (spins > (1 << 17)) {
            std::this_thread::yield();
        }
    }
}

} // namespace

double sweep_omp_wavefront(const GridRef &g, double *, const KernelOptions &options) {
    const std::ptrdiff_t nx = g.nx;
    const std::ptrdiff_t ny = g.ny;
    const double dx2 = g.dx * g.dx;
    const double dy2 = g.dy * g.dy;
    const Stencil s{g.u, ny, dx2, dy2, 0.5 / (dx2 + dy2)};
    const int requested = openmp_team_size(options.num_threads, interior_points(g));
    std::unique_ptr<Progress[]> progress(new Progress[std::size_t(requested)]);
    double sum = 0.0;

#pragma omp parallel num_threads(requested) reduction(+ : sum)
    {
        const std::ptrdiff_t t = omp_get_thread_num();
        const std::ptrdiff_t team = omp_get_num_threads(); // may be fewer than requested
        const std::ptrdiff_t columns = ny - 2;
        const std::ptrdiff_t j0 = 1 + columns * t / team; // this thread's columns [j0, j1)
        const std::ptrdiff_t j1 = 1 + columns * (t + 1) / team;
        std::unique_ptr<double[]> olds(new double[std::size_t(band_rows * ny)]);
        for (std::ptrdiff_t i0 = 1; i0 < nx - 1; i0 += band_rows) {
            const std::ptrdiff_t rows = std::min<std::ptrdiff_t>(band_rows, nx - 1 - i0);
            if (t > 0) {
                wait_until(progress[std::size_t(t - 1)].rows, i0 + rows);
            }
            if (j0 < j1) {
                sum += any_band(s, i0, rows, j0, j1, olds.get());
            }
            progress[std::size_t(t)].rows.store(i0 + rows, std::memory_order_release);
        }
    }
    return std::sqrt(sum);
}

} // namespace laplace::detail
