// cpp-pointer: Gauss-Seidel walking raw pointers along each row: the current point, its west and
// east neighbours at p[-1] and p[1], and the rows above and below. The study's "fast inline"
// and Pyrex rows. Same update order and operand order as cpp-loop (see there why the
// neighbours along the row come first), so the same iterates.
#include "kernels.hpp"

#include <cmath>
#include <cstddef>

namespace laplace::detail {

double sweep_cpp_pointer(const GridRef &g, double *, const KernelOptions &) {
    const std::ptrdiff_t nx = g.nx;
    const std::ptrdiff_t ny = g.ny;
    const double dx2 = g.dx * g.dx;
    const double dy2 = g.dy * g.dy;
    const double dnr_inv = 0.5 / (dx2 + dy2);
    double sum = 0.0;
    for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
        double *p = g.u + i * ny + 1;
        const double *north = p - ny; // row i-1
        const double *south = p + ny; // row i+1
        double *const row_end = g.u + i * ny + (ny - 1);
        for (; p != row_end; ++p, ++north, ++south) {
            const double old = *p;
            *p = ((p[-1] + p[1]) * dx2 + (*north + *south) * dy2) * dnr_inv;
            const double diff = *p - old;
            sum += diff * diff;
        }
    }
    return std::sqrt(sum);
}

} // namespace laplace::detail
