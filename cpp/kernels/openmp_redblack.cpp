// omp-redblack and omp-sor: Gauss-Seidel and SOR in red-black order, OpenMP threads over rows.
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
#include "openmp_threads.hpp"

#include <cmath>
#include <cstddef>
#include <memory>

namespace laplace::detail {

namespace {

// Updates the points of row i whose parity (i + j) % 2 is `colour`; returns the sum of squared
// changes. Without SOR the value is the Gauss-Seidel one, with cpp-loop's operand order.
template <bool sor>
double update_colour(double *__restrict row, const double *__restrict above,
                     const double *__restrict below, std::ptrdiff_t i, std::ptrdiff_t ny,
                     int colour, double dx2, double dy2, double dnr_inv, double omega) {
    const std::ptrdiff_t j0 = (i + 1) % 2 == colour ? 1 : 2;
    double sum = 0.0;
#pragma omp simd reduction(+ : sum)
    for (std::ptrdiff_t j = j0; j < ny - 1; j += 2) {
        const double old = row[j];
        const double gs = ((row[j - 1] + row[j + 1]) * dx2 + (above[j] + below[j]) * dy2) * dnr_inv;
        const double v = sor ? old + omega * (gs - old) : gs;
        const double d = v - old;
        sum += d * d;
        row[j] = v;
    }
    return sum;
}

template <bool sor>
double sweep_red_black(const GridRef &g, const KernelOptions &options) {
    const std::ptrdiff_t nx = g.nx;
    const std::ptrdiff_t ny = g.ny;
    double *const u = g.u;
    const double dx2 = g.dx * g.dx;
    const double dy2 = g.dy * g.dy;
    const double dnr_inv = 0.5 / (dx2 + dy2);
    const double omega = options.omega;
    // Sums of squared changes per colour and row: [colour * nx + i].
    std::unique_ptr<double[]> sums(new double[2 * std::size_t(nx)]);

#pragma omp parallel num_threads(openmp_team_size(options.num_threads, interior_points(g)))
    for (int colour = 0; colour < 2; ++colour) {
        // The implicit barrier at the end of the loop separates the colours.
#pragma omp for schedule(static)
        for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
            double *const row = u + i * ny;
            sums[std::size_t(colour * nx + i)] = update_colour<sor>(
                row, row - ny, row + ny, i, ny, colour, dx2, dy2, dnr_inv, omega);
        }
    }

    double sum = 0.0;
    for (int colour = 0; colour < 2; ++colour) {
        for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
            sum += sums[std::size_t(colour * nx + i)];
        }
    }
    return std::sqrt(sum);
}

} // namespace

double sweep_omp_redblack(const GridRef &g, double *, const KernelOptions &options) {
    return sweep_red_black<false>(g, options);
}

double sweep_omp_sor(const GridRef &g, double *, const KernelOptions &options) {
    return sweep_red_black<true>(g, options);
}

} // namespace laplace::detail
