// cpp-expression: Jacobi as one whole-array Eigen expression over shifted blocks of the previous
// iterate, the C++ counterpart of the study's NumPy slicing expression and weave.blitz row.
#include "kernels.hpp"

#include <Eigen/Core>

namespace laplace::detail {

double sweep_cpp_expression(const SweepCall &c, double *workspace) {
    using Array = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<Array> u(c.g.u, c.g.nx, c.g.ny);
    Eigen::Map<Array> old(workspace, c.g.nx, c.g.ny);
    const Eigen::Index mx = c.g.nx - 2; // interior extents
    const Eigen::Index my = c.g.ny - 2;
    const double dx2 = c.g.dx * c.g.dx;
    const double dy2 = c.g.dy * c.g.dy;
    const double dnr_inv = 0.5 / (dx2 + dy2);

    old = u;
    const auto across = (old.block(0, 1, mx, my) + old.block(2, 1, mx, my)) * dy2;
    const auto along = (old.block(1, 0, mx, my) + old.block(1, 2, mx, my)) * dx2;
    const auto previous = old.block(1, 1, mx, my);
    auto interior = u.block(1, 1, mx, my);
    if (c.f == nullptr && c.weight == 1.0) { // the study's expression
        interior = (across + along) * dnr_inv;
    } else if (c.f == nullptr) {
        interior = previous + c.weight * ((across + along) * dnr_inv - previous);
    } else {
        Eigen::Map<const Array> f(c.f, c.g.nx, c.g.ny);
        const auto value = (across + along - f.block(1, 1, mx, my) * c.f_weight) * dnr_inv;
        if (c.weight == 1.0) {
            interior = value;
        } else {
            interior = previous + c.weight * (value - previous);
        }
    }
    return c.want_change ? (interior - previous).matrix().squaredNorm() : 0.0;
}

} // namespace laplace::detail
