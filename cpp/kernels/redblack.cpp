// omp-redblack and omp-sor: Gauss-Seidel and SOR in red-black order, OpenMP threads over rows.
// The half-sweep here is also the MPI layer's (one colour between two halo exchanges), so a
// distributed red-black sweep is this one, bitwise.
//
// The points split by the parity of i + j: "red" (even) and "black" (odd). A sweep updates every
// red point, then every black point. A red point's four neighbours are all black and vice versa,
// so within one colour the updates are independent: any thread count, any order gives the same
// values, bitwise. The change norm is summed per row and colour, then in a fixed order.
//
// SOR replaces each Gauss-Seidel value g by u + omega*(g - u). The optimal factor (the default,
// resolved by the C ABI, cpp/registry.cpp optimal_omega) for the nx x ny grid with spacings
// dx, dy:
//
//   The Jacobi iteration  u(i,j) <- (dy^2 (u(i-1,j) + u(i+1,j)) + dx^2 (u(i,j-1) + u(i,j+1)))
//                                    / (2 (dx^2 + dy^2))
//   has the eigenvectors  v(i,j) = sin(p pi i/(nx-1)) sin(q pi j/(ny-1)), p = 1..nx-2,
//   q = 1..ny-2 (they vanish on the boundary), since sin(a(i-1)) + sin(a(i+1)) = 2 cos(a) sin(ai):
//     mu(p,q) = (dy^2 cos(p pi/(nx-1)) + dx^2 cos(q pi/(ny-1))) / (dx^2 + dy^2).
//   The spectral radius is rho = mu(1,1), the cosines being largest (and the extreme negative
//   eigenvalue mu(nx-2, ny-2) = -rho by symmetry). Red-black ordering is a consistent ordering
//   (the matrix has Young's property A), so the optimal SOR factor is Young's
//     omega = 2 / (1 + sqrt(1 - rho^2)),
//   which makes the SOR spectral radius omega - 1 ~ 1 - 2 sqrt(1 - rho^2): O(n) sweeps to a
//   tolerance instead of Gauss-Seidel's O(n^2) (rho_GS = rho^2). For nx = ny, dx = dy = h =
//   1/(n-1): rho = cos(pi h), omega = 2/(1 + sin(pi h)), the textbook value.
#include "kernels.hpp"
#include "update.hpp"

#include <cmath>
#include <cstddef>

#ifdef LAPLACE_WITH_OPENMP
#include "openmp_threads.hpp"
#endif

namespace laplace::detail {

namespace {

// Updates the points of row i whose parity (i + j + parity_offset) % 2 is `colour`; returns the
// sum of squared changes. The value is cpp-loop's (kernels/update.hpp), relaxed for SOR.
template <bool sor, bool with_f>
double update_colour(double *__restrict row, const double *__restrict above,
                     const double *__restrict below, const double *__restrict f_row,
                     std::ptrdiff_t j0, std::ptrdiff_t ny, const Coefficients &c, double omega) {
    double sum = 0.0;
#pragma omp simd reduction(+ : sum)
    for (std::ptrdiff_t j = j0; j < ny - 1; j += 2) {
        const double old = row[j];
        const double along = row[j - 1] + row[j + 1];
        const double across = above[j] + below[j];
        const double gs = with_f ? update(along, across, f_row[j], c) : update(along, across, c);
        const double v = sor ? relax(old, gs, omega) : gs;
        const double d = v - old;
        sum += d * d;
        row[j] = v;
    }
    return sum;
}

template <bool sor, bool with_f>
void half_sweep_rows(const SweepCall &call, int parity_offset, int colour, double *row_sums) {
    const std::ptrdiff_t nx = call.g.nx;
    const std::ptrdiff_t ny = call.g.ny;
    double *const u = call.g.u;
    const Coefficients c(call.g.dx, call.g.dy, call.f_weight);
#pragma omp for schedule(static)
    for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
        double *const row = u + i * ny;
        // First j >= 1 with (i + j + parity_offset) % 2 == colour.
        const std::ptrdiff_t j0 = 1 + (i + 1 + parity_offset + colour) % 2;
        row_sums[i] = update_colour<sor, with_f>(
            row, row - ny, row + ny, with_f ? call.f + i * ny : nullptr, j0, ny, c, call.weight);
    }
}

void half_sweep_rows(const SweepCall &call, int parity_offset, int colour, bool sor,
                     double *row_sums) {
    if (sor) {
        call.f ? half_sweep_rows<true, true>(call, parity_offset, colour, row_sums)
               : half_sweep_rows<true, false>(call, parity_offset, colour, row_sums);
    } else {
        call.f ? half_sweep_rows<false, true>(call, parity_offset, colour, row_sums)
               : half_sweep_rows<false, false>(call, parity_offset, colour, row_sums);
    }
}

// Rows' sums added in order to `sum`: the same total for any thread count.
double total(const double *row_sums, int nx, double sum = 0.0) {
    for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
        sum += row_sums[i];
    }
    return sum;
}

// Updates row i's points of `colour` and stores their sum of squared changes in row_sums[i].
void update_row(const SweepCall &call, std::ptrdiff_t i, int colour, bool sor, double *row_sums) {
    const std::ptrdiff_t ny = call.g.ny;
    double *const row = call.g.u + i * ny;
    const Coefficients c(call.g.dx, call.g.dy, call.f_weight);
    const std::ptrdiff_t j0 = 1 + (i + 1 + colour) % 2;
    const double *const f_row = call.f ? call.f + i * ny : nullptr;
    double sum;
    if (sor) {
        sum = call.f ? update_colour<true, true>(row, row - ny, row + ny, f_row, j0, ny, c,
                                                 call.weight)
                     : update_colour<true, false>(row, row - ny, row + ny, f_row, j0, ny, c,
                                                  call.weight);
    } else {
        sum = call.f ? update_colour<false, true>(row, row - ny, row + ny, f_row, j0, ny, c,
                                                  call.weight)
                     : update_colour<false, false>(row, row - ny, row + ny, f_row, j0, ny, c,
                                                   call.weight);
    }
    row_sums[i] = sum;
}

// A whole sweep, red then black, in one pass over the grid: each thread takes its block of
// rows and updates the black points of row i-1 right after the red points of row i (all their
// neighbours are red and up to date then, and no red point still to come reads them), while the
// rows are in cache. The black points of each block's first and last row, whose neighbours lie
// in the blocks beside it, wait for the barrier. Every point gets the value of the two-pass
// order (all red, then all black), bitwise, on any number of threads.
double sweep_red_black(const SweepCall &call, bool sor, double *workspace) {
    double *const red = workspace;
    double *const black = workspace + call.g.nx;
    const int nx = call.g.nx;
#pragma omp parallel num_threads(call.threads)
    {
#ifdef LAPLACE_WITH_OPENMP
        const std::ptrdiff_t team = omp_get_num_threads(), t = omp_get_thread_num();
#else
        const std::ptrdiff_t team = 1, t = 0;
#endif
        const std::ptrdiff_t lo = 1 + std::ptrdiff_t(nx - 2) * t / team;
        const std::ptrdiff_t hi = 1 + std::ptrdiff_t(nx - 2) * (t + 1) / team;
        for (std::ptrdiff_t i = lo; i < hi; ++i) {
            update_row(call, i, 0, sor, red);
            if (i - 1 > lo) {
                update_row(call, i - 1, 1, sor, black);
            }
        }
#pragma omp barrier
        if (hi > lo) {
            update_row(call, lo, 1, sor, black);
            if (hi - 1 > lo) {
                update_row(call, hi - 1, 1, sor, black);
            }
        }
    }
    return call.want_change ? total(black, call.g.nx, total(red, call.g.nx)) : 0.0;
}

} // namespace

double redblack_half_sweep(const SweepCall &call, int parity_offset, int colour, bool sor,
                           double *row_sums) {
#pragma omp parallel num_threads(call.threads)
    half_sweep_rows(call, parity_offset, colour, sor, row_sums);
    return call.want_change ? total(row_sums, call.g.nx) : 0.0;
}

std::size_t redblack_workspace(int nx, int, int) {
    return 2 * std::size_t(nx);
}

double sweep_omp_redblack(const SweepCall &c, double *workspace) {
    return sweep_red_black(c, false, workspace);
}

double sweep_omp_sor(const SweepCall &c, double *workspace) {
    return sweep_red_black(c, true, workspace);
}

} // namespace laplace::detail
