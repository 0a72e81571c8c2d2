// The red-black half-sweep of the distributed solver. A red point's four neighbours are all
// black and vice versa, so the points of one colour can be updated in any order, on any number
// of ranks, with the same result: what matters is that every rank colours by the global index.
#include "redblack.hpp"

#include <cmath>
#include <cstddef>
#include <numbers>

namespace laplace::detail {
namespace {

template <bool sor>
double half_sweep(const GridRef &g, int parity_offset, int colour, double omega) {
    const std::ptrdiff_t nx = g.nx;
    const std::ptrdiff_t ny = g.ny;
    const double dx2 = g.dx * g.dx;
    const double dy2 = g.dy * g.dy;
    const double dnr_inv = 0.5 / (dx2 + dy2);
    double sum = 0.0;
    for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
        double *const row = g.u + i * ny;
        const double *const above = row - ny;
        const double *const below = row + ny;
        // First j >= 1 with (i + j + parity_offset) % 2 == colour.
        const std::ptrdiff_t j0 = 1 + (i + 1 + parity_offset + colour) % 2;
        for (std::ptrdiff_t j = j0; j < ny - 1; j += 2) {
            const double old = row[j];
            const double gs =
                ((row[j - 1] + row[j + 1]) * dx2 + (above[j] + below[j]) * dy2) * dnr_inv;
            const double v = sor ? old + omega * (gs - old) : gs;
            const double d = v - old;
            sum += d * d;
            row[j] = v;
        }
    }
    return sum;
}

} // namespace

double redblack_half_sweep(const GridRef &g, int parity_offset, int colour, bool sor,
                           double omega) {
    return sor ? half_sweep<true>(g, parity_offset, colour, omega)
               : half_sweep<false>(g, parity_offset, colour, omega);
}

double optimal_sor_omega(int nx, int ny, double dx, double dy) {
    const double dx2 = dx * dx;
    const double dy2 = dy * dy;
    const double rho = (dy2 * std::cos(std::numbers::pi / (nx - 1)) +
                        dx2 * std::cos(std::numbers::pi / (ny - 1))) /
                       (dx2 + dy2);
    return 2.0 / (1.0 + std::sqrt(1.0 - rho * rho));
}

} // namespace laplace::detail
