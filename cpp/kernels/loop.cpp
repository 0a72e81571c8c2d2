// cpp-loop: Gauss-Seidel with plain index loops, in memory order (j, the contiguous index,
// innermost). The study's weave.inline and pure C++ rows.
//
// The neighbours along j come first in the update (kernels/update.hpp): u[i,j-1] was written one
// step earlier, and the time of a Gauss-Seidel sweep is the latency of the chain through it.
// Written first, its sum is the operand of the multiply-add, which shortens the chain by one
// operation. The Fortran 77 kernel has the same operand structure under the layout swap, so
// the two round alike.
#include "kernels.hpp"
#include "update.hpp"

#include <cstddef>

namespace laplace::detail {
namespace {

template <bool with_f>
double sweep(const SweepCall &call) {
    const std::ptrdiff_t nx = call.g.nx;
    const std::ptrdiff_t ny = call.g.ny;
    double *const u = call.g.u;
    const double *const f = call.f;
    const Coefficients c(call.g.dx, call.g.dy, call.f_weight);
    double sum = 0.0;
    for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
        for (std::ptrdiff_t j = 1; j < ny - 1; ++j) {
            const std::ptrdiff_t k = i * ny + j;
            const double old = u[k];
            const double along = u[k - 1] + u[k + 1];
            const double across = u[k - ny] + u[k + ny];
            u[k] = with_f ? update(along, across, f[k], c) : update(along, across, c);
            sum = add_square(sum, u[k] - old);
        }
    }
    return sum;
}

} // namespace

double sweep_cpp_loop(const SweepCall &call, double *) {
    return call.f ? sweep<true>(call) : sweep<false>(call);
}

} // namespace laplace::detail
