// omp-jacobi: Jacobi with OpenMP threads over blocks of rows and SIMD along each row, in place.
//
// No grid-sized workspace: a Jacobi update of row i needs the old rows i-1, i and i+1, so each
// thread walks its block of rows keeping the old row i-1 and the old row i in two rolling row
// buffers (in L1), and reads row i+1 from the grid, where it is still old. The grid is streamed
// once per sweep: 8 bytes read and 8 written per update, against 24 or more for a kernel that
// copies the whole previous iterate first. The two rows at a block's edges that a neighbouring
// thread overwrites (the row above the block, the first row below it) are copied before a
// barrier. One parallel region per sweep. With AVX-512 the copy of row i is not even made: the
// row's old values are loaded 8 at a time ahead of the stores that overwrite them, the west and
// east neighbours come from lane shifts, and the old values are stored once, as the next row's
// row above.
//
// Every new value is a function of old values alone, so u is bitwise the same for any thread
// count. The change norm is summed per row (SIMD partial sums, each over a fixed class of columns)
// and then over rows in order, so it depends neither on the thread count nor on the grid's address.
#include "kernels.hpp"
#include "openmp_threads.hpp"
#include "update.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <omp.h>

#ifdef __AVX512F__
#include <immintrin.h>
#endif

namespace laplace::detail {

namespace {

// The new value of a point from its neighbour sums (kernels/update.hpp), with f and damping.
template <bool with_f, bool damped>
inline double value(double along, double across, const double *f_row, std::ptrdiff_t j, double old,
                    const Coefficients &co, double weight) {
    const double v = with_f ? update(along, across, f_row[j], co) : update(along, across, co);
    return damped ? relax(old, v, weight) : v;
}

#ifndef __AVX512F__
// Row i of the new iterate into u_row, from the old rows above (i-1), here (i) and below (i+1);
// returns the row's sum of squared changes. The operand order is cpp-loop's. The squared
// changes go to `lanes` independent partial sums (a single sum would make the loop wait on the
// latency of one add per vector), then are added in a fixed order.
template <bool with_f, bool damped>
double update_row(double *__restrict u_row, const double *__restrict above,
                  const double *__restrict here, const double *__restrict below,
                  const double *__restrict f_row, std::ptrdiff_t ny, const Coefficients &co,
                  double weight) {
    constexpr int lanes = 16;
    double partial[lanes] = {};
    std::ptrdiff_t j = 1;
    for (; j + lanes <= ny - 1; j += lanes) {
#pragma omp simd
        for (int l = 0; l < lanes; ++l) {
            const std::ptrdiff_t c = j + l;
            const double v = value<with_f, damped>(here[c - 1] + here[c + 1], above[c] + below[c],
                                                   f_row, c, here[c], co, weight);
            const double d = v - here[c];
            partial[l] += d * d;
            u_row[c] = v;
        }
    }
    double sum = 0.0;
    for (; j < ny - 1; ++j) {
        const double v = value<with_f, damped>(here[j - 1] + here[j + 1], above[j] + below[j],
                                               f_row, j, here[j], co, weight);
        const double d = v - here[j];
        sum += d * d;
        u_row[j] = v;
    }
    for (int l = 0; l < lanes; ++l) {
        sum += partial[l];
    }
    return sum;
}
#endif

#ifdef __AVX512F__
// How far ahead update_row_in_place asks for the row below, into L2. The hardware prefetchers
// alone kept a 4000 x 4000 grid (in a 300 MB L3) at about half the rate of a plain in-place
// stream over the same bytes. omp-jacobi at 4000 x 4000, interleaved with the version without
// it: 0.74-0.80 against 0.95-1.02 G updates/s on 1 thread, 1.52-1.57 against 1.94-2.04 on 2;
// unchanged within noise at 500 x 500 and 1000 x 1000. 128 doubles ahead into L1 as well gave
// nothing more.
constexpr std::uintptr_t below_prefetch_bytes = 8192;

// The first `count` lanes of a mask (all 8 for count >= 8, none for count <= 0).
__mmask8 first_lanes(std::ptrdiff_t count) {
    return count >= 8 ? __mmask8(0xFF) : count <= 0 ? __mmask8(0) : __mmask8((1u << count) - 1);
}

// The same update with AVX-512 and without the row copy: the old values of row i are loaded
// once, 8 at a time, ahead of the stores, and the west and east neighbours are the loaded
// vectors shifted by a lane; the old values also go to `saved` (the next row's `above`).
// Same operations per point as update_row (its multiply-add written out), so the same values.
// The columns before the first one whose address is 64-byte aligned go through the same step
// with masks, as do the last (ny - 2) % 16 + 8 or so: the whole vectors between them then load
// and store u (and `saved`, placed like the row by the caller) without splitting cache lines, and
// nothing is done point by point. Rows of 504 columns in L2, misaligned against aligned: about
// 2.2 against 2.7-3.0 G updates/s; a scalar tail cost about 20% of a 500-wide row. `above`,
// `saved` and `below` need 7 elements of room before column 1 (the first masked step points
// there, without touching them).
template <bool with_f, bool damped>
double update_row_in_place(double *__restrict u_row, const double *__restrict above,
                           double *__restrict saved, const double *__restrict below,
                           const double *__restrict f_row, std::ptrdiff_t ny,
                           const Coefficients &co, double weight) {
    const double dx2 = co.dx2, dy2 = co.dy2, dnr_inv = co.dnr_inv;
    const __m512d vfk = _mm512_set1_pd(co.fk);
    const __m512d vweight = _mm512_set1_pd(weight);
    const __m512i west_of = _mm512_setr_epi64(7, 8, 9, 10, 11, 12, 13, 14); // (a[7], b[0..6])
    const __m512i east_of = _mm512_setr_epi64(1, 2, 3, 4, 5, 6, 7, 8);      // (a[1..7], b[0])
    const __m512d vdx2 = _mm512_set1_pd(dx2);
    const __m512d vdy2 = _mm512_set1_pd(dy2);
    const __m512d vinv = _mm512_set1_pd(dnr_inv);
    const std::ptrdiff_t east_edge = ny - 1; // the boundary column: columns 1 .. ny-2 are updated
    __m512d sum0 = _mm512_setzero_pd(), sum1 = _mm512_setzero_pd();
    __m512d previous = _mm512_setzero_pd(); // lane 7: the old value west of column c
    __m512d here; // old values of columns c .. c+7 (those in the row; zero beyond it)
    // One vector of new values at columns at .. at+7, of which the lanes in `keep` are interior;
    // `next` holds the old values of the 8 columns after them.
    auto step = [&](__m512d next, std::ptrdiff_t at, __mmask8 keep, __m512d &sum) {
        // The row below is the one read from beyond L2 on a big grid: ask for it 8 KB ahead, one
        // line per step (a prefetch never faults; past the row it reads the next rows of u).
        _mm_prefetch(reinterpret_cast<const char *>(reinterpret_cast<std::uintptr_t>(below + at) +
                                                    below_prefetch_bytes),
                     _MM_HINT_T1);
        const __m512d west = _mm512_permutex2var_pd(previous, west_of, here);
        const __m512d east = _mm512_permutex2var_pd(here, east_of, next);
        const __m512d vertical = _mm512_add_pd(_mm512_maskz_loadu_pd(keep, above + at),
                                               _mm512_maskz_loadu_pd(keep, below + at));
        __m512d across = _mm512_mul_pd(vertical, vdy2);
        if constexpr (with_f) { // update.hpp's order: across*dy2 - f*K first
            across = _mm512_fmsub_pd(vertical, vdy2,
                                     _mm512_mul_pd(_mm512_maskz_loadu_pd(keep, f_row + at), vfk));
        }
        const __m512d sum_terms = _mm512_fmadd_pd(_mm512_add_pd(west, east), vdx2, across);
        __m512d v = _mm512_mul_pd(sum_terms, vinv);
        if constexpr (damped) {
            v = _mm512_fmadd_pd(vweight, _mm512_sub_pd(v, here), here);
        }
        _mm512_mask_storeu_pd(saved + at, keep, here);
        const __m512d d = _mm512_maskz_sub_pd(keep, v, here);
        sum = _mm512_fmadd_pd(d, d, sum);
        _mm512_mask_storeu_pd(u_row + at, keep, v);
        previous = here;
        here = next;
    };
    // c: the first column at or after 1 whose address is 64-byte aligned (1 .. 8). The squared
    // changes go to 16 partial sums: the vectors at c, c+16, ... to sum0 and those at c+8, c+24,
    // ... to sum1, so each sum lane takes the columns of one class mod 16 in increasing order,
    // whatever c is. The lanes are put in column order at the end, so the row sum does not depend
    // on where the row lies in memory (masked lanes add +0.0, which changes no sum).
    const std::ptrdiff_t misaligned =
        std::ptrdiff_t(reinterpret_cast<std::uintptr_t>(u_row + 1) / sizeof(double) % 8);
    const std::ptrdiff_t first_aligned = 1 + (8 - misaligned) % 8;
    std::ptrdiff_t c = first_aligned;
    if (c == 1) {
        previous = _mm512_set1_pd(u_row[0]);
        here = _mm512_maskz_loadu_pd(first_lanes(ny - 1), u_row + 1);
    } else { // columns c-8 .. c-1: those from 0 to ny-1 loaded, those from 1 to ny-2 updated
        const std::ptrdiff_t at = c - 8;
        here =
            _mm512_maskz_loadu_pd(__mmask8(first_lanes(ny - at) & ~first_lanes(-at)), u_row + at);
        step(_mm512_maskz_loadu_pd(first_lanes(ny - c), u_row + c), at,
             __mmask8(first_lanes(east_edge - at) & ~first_lanes(1 - at)), sum1);
    }
    // Two whole vectors per iteration, two partial sums; the loads ahead stay inside the row.
    for (; c + 24 <= ny; c += 16) {
        step(_mm512_loadu_pd(u_row + c + 8), c, 0xFF, sum0);
        step(_mm512_loadu_pd(u_row + c + 16), c + 8, 0xFF, sum1);
    }
    for (bool odd = false; c < east_edge; c += 8, odd = !odd) {
        step(_mm512_maskz_loadu_pd(first_lanes(ny - (c + 8)), u_row + c + 8), c,
             first_lanes(east_edge - c), odd ? sum1 : sum0);
    }
    // Lane e of (sum0, sum1) holds the columns j with j - 1 = e + first_aligned - 1 (mod 16):
    // rotate by first_aligned - 1 so that lane k holds those with j - 1 = k (mod 16).
    const __m512i rotate = _mm512_set1_epi64(16 - (first_aligned - 1));
    const __m512i mod16 = _mm512_set1_epi64(15);
    const __m512i low = _mm512_and_si512(
        _mm512_add_epi64(_mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7), rotate), mod16);
    const __m512i high = _mm512_and_si512(
        _mm512_add_epi64(_mm512_setr_epi64(8, 9, 10, 11, 12, 13, 14, 15), rotate), mod16);
    alignas(64) double lanes[8];
    _mm512_store_pd(lanes, _mm512_add_pd(_mm512_permutex2var_pd(sum0, low, sum1),
                                         _mm512_permutex2var_pd(sum0, high, sum1)));
    return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) +
           ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}
#endif

// A row buffer in `space` (ny + 16 values) whose element c lies at the same place in its cache
// line as row[c], with at least 8 elements of room before element 0 (see update_row_in_place).
double *like_row(double *space, const double *row) {
    const auto slot = [](const double *p) {
        return std::ptrdiff_t(reinterpret_cast<std::uintptr_t>(p) / sizeof(double) % 8);
    };
    return space + 8 + (slot(row) - slot(space + 8) + 8) % 8;
}

} // namespace

namespace {

// One sweep; the buffers come from the workspace (omp_jacobi_workspace): nx row sums, then
// three row buffers of ny + 16 values per thread.
template <bool with_f, bool damped>
double sweep(const SweepCall &c, double *workspace) {
    const std::ptrdiff_t nx = c.g.nx;
    const std::ptrdiff_t ny = c.g.ny;
    double *const u = c.g.u;
    const Coefficients co(c.g.dx, c.g.dy, c.f_weight);
    const std::ptrdiff_t rows = nx - 2; // interior rows 1..nx-2
    double *const row_sums = workspace;

#pragma omp parallel num_threads(c.threads)
    {
        const std::ptrdiff_t t = omp_get_thread_num();
        const std::ptrdiff_t team = omp_get_num_threads();
        const std::ptrdiff_t first = interior_row_split(t, team, c.g.nx); // rows [first, last)
        const std::ptrdiff_t last = interior_row_split(t + 1, team, c.g.nx);
        // Three row buffers: the old row above the current one, the old current row, and the old
        // first row below the block (the next thread's first row).
        const std::size_t space = std::size_t(ny) + 16;
        double *const buffers = workspace + nx + std::ptrdiff_t(3 * space) * t;
        double *const spaces[2] = {buffers, buffers + space};
        double *const below_block = buffers + 2 * space + 8;
        double *above = like_row(spaces[0], u + (first - 1) * ny);
        if (first < last) {
            std::memcpy(above, u + (first - 1) * ny, std::size_t(ny) * sizeof(double));
            std::memcpy(below_block, u + last * ny, std::size_t(ny) * sizeof(double));
        }
#pragma omp barrier
        for (std::ptrdiff_t i = first; i < last; ++i) {
            double *const row = u + i * ny;
            const double *below = i + 1 == last ? below_block : row + ny;
            double *const here = like_row(spaces[(i - first + 1) % 2], row);
            const double *const f_row = with_f ? c.f + i * ny : nullptr;
#ifdef __AVX512F__
            row_sums[i] = update_row_in_place<with_f, damped>(row, above, here, below, f_row, ny,
                                                              co, c.weight);
#else
            std::memcpy(here, row, std::size_t(ny) * sizeof(double));
            row_sums[i] =
                update_row<with_f, damped>(row, above, here, below, f_row, ny, co, c.weight);
#endif
            above = here; // the old row i is the next row's row above
        }
    }

    double sum = 0.0;
    for (std::ptrdiff_t i = 1; i <= rows; ++i) {
        sum += row_sums[i];
    }
    return sum;
}

} // namespace

std::size_t omp_jacobi_workspace(int nx, int ny, int threads) {
    return std::size_t(nx) + 3 * (std::size_t(ny) + 16) * std::size_t(threads);
}

double sweep_omp_jacobi(const SweepCall &c, double *workspace) {
    if (c.f == nullptr) {
        return c.weight == 1.0 ? sweep<false, false>(c, workspace)
                               : sweep<false, true>(c, workspace);
    }
    return c.weight == 1.0 ? sweep<true, false>(c, workspace) : sweep<true, true>(c, workspace);
}

} // namespace laplace::detail
