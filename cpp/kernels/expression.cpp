// cpp-expression: Jacobi as one whole-array Eigen expression over shifted blocks of the previous
// iterate, the C++ counterpart of the study's NumPy slicing expression and weave.blitz row.
#include "kernels.hpp"

#include <Eigen/Core>

namespace laplace::detail {

double sweep_cpp_expression(const GridRef &g, double *workspace, const KernelOptions &) {
    using Array = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<Array> u(g.u, g.nx, g.ny);
    Eigen::Map<Array> old(workspace, g.nx, g.ny);
    const Eigen::Index mx = g.nx - 2; // interior extents
    const Eigen::Index my = g.ny - 2;
    const double dx2 = g.dx * g.dx;
    const double dy2 = g.dy * g.dy;
    const double dnr_inv = 0.5 / (dx2 + dy2);

    old = u;
    u.block(1, 1, mx, my) = ((old.block(0, 1, mx, my) + old.block(2, 1, mx, my)) * dy2 +
                             (old.block(1, 0, mx, my) + old.block(1, 2, mx, my)) * dx2) *
                            dnr_inv;
    return (u.block(1, 1, mx, my) - old.block(1, 1, mx, my)).matrix().norm();
}

} // namespace laplace::detail
