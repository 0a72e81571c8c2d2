// The residual r = f - A u of the 5-point operator A (u_xx + u_yy) over the interior, its
// norms, and the change norm of a step, threaded. Norms are computed scaled, as LAPACK's dnrm2
// does, so they are right for values from the subnormal range up to near overflow.
#pragma once

#include "../internal_api.hpp"

#include "../grid.hpp"

#include <cstddef>

namespace laplace::detail {

// A sum of squares carried as scale^2 * sum, scale a power of two (so partial sums from rows,
// threads or ranks combine without overflow or underflow), and the largest magnitude.
struct SquareSum {
    double scale = 1.0;
    double sum = 0.0;
    double max_abs = 0.0;

    void add(const SquareSum &other); // this += other
    double norm() const;              // scale * sqrt(sum): may be +Inf when it overflows
};

struct ResidualNorms {
    double two = 0.0; // sqrt(sum over the interior of r^2)
    double max = 0.0; // max over the interior of |r|
};

// Workspace of residual_sum: doubles for an nx x ny grid.
LAPLACE_INTERNAL_API std::size_t residual_workspace(int nx, int ny);

// The residual of g (spacings scaled, f_weight as in validation.hpp, Spacings) with f (nullptr:
// 0) as K*r, K = f_weight, summed per row on `threads` threads then over rows in order (the same
// value for any thread count). The norms of r are those of K*r divided by K (residual_norms).
LAPLACE_INTERNAL_API SquareSum residual_sum(const GridRef &g, const double *f, double f_weight,
                                            int threads, double *workspace);
LAPLACE_INTERNAL_API ResidualNorms residual_norms(const SquareSum &scaled, double f_weight);

// The squares of u - before over g's interior (`before` a grid of g's shape), summed as
// residual_sum sums (the same workspace): the change norm of a step, right from the subnormal
// range to near overflow, where a kernel's unscaled sum of squares underflows or overflows.
LAPLACE_INTERNAL_API SquareSum difference_sum(const GridRef &g, const double *before, int threads,
                                              double *workspace);

} // namespace laplace::detail
