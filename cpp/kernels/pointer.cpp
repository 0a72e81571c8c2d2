// cpp-pointer: Gauss-Seidel walking raw pointers along each row: the current point, its west and
// east neighbours at p[-1] and p[1], and the rows above and below. The study's "fast inline"
// and Pyrex rows. Same update order and operands as cpp-loop (kernels/update.hpp), so the same
// iterates.
#include "kernels.hpp"
#include "update.hpp"

#include <cstddef>

namespace laplace::detail {
namespace {

template <bool with_f>
double sweep(const SweepCall &call) {
    const std::ptrdiff_t nx = call.g.nx;
    const std::ptrdiff_t ny = call.g.ny;
    const Coefficients c(call.g.dx, call.g.dy, call.f_weight);
    double sum = 0.0;
    for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
        double *p = call.g.u + i * ny + 1;
        const double *north = p - ny; // row i-1
        const double *south = p + ny; // row i+1
        const double *rhs = with_f ? call.f + i * ny + 1 : nullptr;
        double *const row_end = call.g.u + i * ny + (ny - 1);
        for (; p != row_end; ++p, ++north, ++south) {
            const double old = *p;
            if constexpr (with_f) {
                *p = update(p[-1] + p[1], *north + *south, *rhs++, c);
            } else {
                *p = update(p[-1] + p[1], *north + *south, c);
            }
            sum = add_square(sum, *p - old);
        }
    }
    return sum;
}

} // namespace

double sweep_cpp_pointer(const SweepCall &call, double *) {
    return call.f ? sweep<true>(call) : sweep<false>(call);
}

} // namespace laplace::detail
