// The residual, scaled. With the scaled spacings dx', dy' and K = f_weight (validation.hpp),
//     K*r = K*f - ((u[i-1,j] + u[i+1,j] - 2u)*dy'^2 + (u[i,j-1] + u[i,j+1] - 2u)*dx'^2),
// which needs no division and does not overflow where the unscaled 1/dx^2 would.
#include "residual.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

namespace laplace::detail {
namespace {

// The power of two at or above |x| (x > 0 and finite), as a scale for sums of squares.
double power_above(double x) {
    int e = 0;
    std::frexp(x, &e);
    return std::ldexp(1.0, e);
}

// Squares are summed unscaled while the largest value lies in [2^-450, 2^450]: no term then
// overflows, and terms that underflow are below 2^-1000 of the largest, lost in any case.
constexpr double plain_low = 0x1p-450;
constexpr double plain_high = 0x1p450;

// The squares of value(j) for j in [1, ny-1), summed unscaled when that is exact enough, else
// rescaled by a power of two (exact) from the row's largest magnitude.
template <class Value>
SquareSum row_sum(std::ptrdiff_t ny, const Value &value) {
    // The largest |v| as the largest bit pattern of |v| (positive doubles order like their
    // bits, NaN above Inf): an integer maximum, which vectorises where a floating one may not.
    std::uint64_t largest_bits = 0;
    double sum = 0.0;
#pragma omp simd reduction(max : largest_bits) reduction(+ : sum)
    for (std::ptrdiff_t j = 1; j < ny - 1; ++j) {
        const double v = value(j);
        const std::uint64_t bits = std::bit_cast<std::uint64_t>(v) & 0x7fffffffffffffff;
        largest_bits = bits > largest_bits ? bits : largest_bits;
        sum += v * v;
    }
    const double largest = std::bit_cast<double>(largest_bits);
    SquareSum s;
    s.max_abs = largest;
    if (largest == 0.0 || (largest >= plain_low && largest <= plain_high) || std::isnan(largest)) {
        s.sum = sum;
        return s;
    }
    const double scale = std::isinf(largest) ? 1.0 : power_above(largest);
    double scaled = 0.0;
    for (std::ptrdiff_t j = 1; j < ny - 1; ++j) {
        const double v = value(j) / scale;
        scaled += v * v;
    }
    s.scale = scale;
    s.sum = scaled;
    return s;
}

template <bool with_f>
SquareSum residual_row(const double *u, const double *f, std::ptrdiff_t i, std::ptrdiff_t ny,
                       double dx2, double dy2, double fk) {
    const double *row = u + i * ny;
    const double *f_row = with_f ? f + i * ny : nullptr;
    return row_sum(ny, [&](std::ptrdiff_t j) {
        const double two_u = 2.0 * row[j];
        const double a =
            (row[j - ny] + row[j + ny] - two_u) * dy2 + (row[j - 1] + row[j + 1] - two_u) * dx2;
        return with_f ? f_row[j] * fk - a : -a;
    });
}

// Rows [1, nx-1) summed by row_sum on `threads` threads, then in order over rows.
template <class Row>
SquareSum rows_sum(std::ptrdiff_t nx, int threads, double *workspace, const Row &row) {
    double *const scales = workspace;
    double *const sums = workspace + nx;
    double *const maxima = workspace + 2 * nx;
    (void)threads;
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
        const SquareSum s = row(i);
        scales[i] = s.scale;
        sums[i] = s.sum;
        maxima[i] = s.max_abs;
    }
    SquareSum total;
    for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
        total.add(SquareSum{scales[i], sums[i], maxima[i]});
    }
    return total;
}

} // namespace

void SquareSum::add(const SquareSum &o) {
    max_abs = std::max(max_abs, o.max_abs);
    if (o.sum == 0.0) {
        return;
    }
    if (sum == 0.0) {
        scale = o.scale;
        sum = o.sum;
    } else if (o.scale > scale) {
        const double ratio = scale / o.scale;
        sum = sum * ratio * ratio + o.sum;
        scale = o.scale;
    } else {
        const double ratio = o.scale / scale;
        sum += o.sum * ratio * ratio;
    }
}

double SquareSum::norm() const {
    return scale * std::sqrt(sum);
}

std::size_t residual_workspace(int nx, int ny) {
    (void)ny;
    return 3 * std::size_t(nx); // per row: scale, sum, largest magnitude
}

SquareSum residual_sum(const GridRef &g, const double *f, double f_weight, int threads,
                       double *workspace) {
    const std::ptrdiff_t ny = g.ny;
    const double dx2 = g.dx * g.dx, dy2 = g.dy * g.dy;
    return rows_sum(g.nx, threads, workspace, [&](std::ptrdiff_t i) {
        return f ? residual_row<true>(g.u, f, i, ny, dx2, dy2, f_weight)
                 : residual_row<false>(g.u, f, i, ny, dx2, dy2, f_weight);
    });
}

SquareSum difference_sum(const GridRef &g, const double *before, int threads, double *workspace) {
    const std::ptrdiff_t ny = g.ny;
    return rows_sum(g.nx, threads, workspace, [&](std::ptrdiff_t i) {
        const double *now = g.u + i * ny;
        const double *old = before + i * ny;
        return row_sum(ny, [&](std::ptrdiff_t j) { return now[j] - old[j]; });
    });
}

ResidualNorms residual_norms(const SquareSum &s, double f_weight) {
    // A zero residual is 0 whatever K: K underflows to 0 for dx = 1e-200, and 0/0 is NaN.
    const auto unscaled = [f_weight](double v) { return v == 0.0 ? 0.0 : v / f_weight; };
    return {unscaled(s.norm()), unscaled(s.max_abs)};
}

} // namespace laplace::detail
