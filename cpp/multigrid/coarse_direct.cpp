#include "coarse_direct.hpp"

#include "../direct/sine_eigenvalues.hpp"

#include <cmath>

namespace laplace::detail::multigrid {

// With T = tridiag(-1, 2, -1), the interior system M u = w b is
//     (c_t T_a + c_o T_b) u = -w b + (boundary neighbours times their coefficients),
// a the transformed axis, b the other. With T_a = Q diag(lambda) Q^T (Q orthonormal), each mode
// k of Q^T u solves (c_t lambda_k + c_o T_b) x = (Q^T rhs)_k: tridiagonal along b, diagonal
// c_t lambda_k + 2 c_o, off-diagonal -c_o, diagonally dominant, so elimination needs no pivoting.
CoarseDirect::CoarseDirect(int nx, int ny, double dx, double dy)
    : nx_(nx), ny_(ny), along_rows_(nx <= ny) {
    m_ = (along_rows_ ? nx : ny) - 2;
    n_ = (along_rows_ ? ny : nx) - 2;
    // Second differences along x carry dy^2, along y dx^2 (update.hpp).
    c_transform_ = along_rows_ ? dy * dy : dx * dx;
    c_other_ = along_rows_ ? dx * dx : dy * dy;
    const std::size_t m = std::size_t(m_), n = std::size_t(n_);
    q_.resize(m * m);
    const double norm = std::sqrt(2.0 / double(m_ + 1));
    for (long long k = 0; k < m_; ++k) {
        for (long long a = 0; a < m_; ++a) {
            const long long p = ((a + 1) * (k + 1)) % (2LL * (m_ + 1));
            q_[std::size_t(k) * m + std::size_t(a)] = norm * sine_of_multiple(p, m_);
        }
    }
    pivot_.resize(m * n);
    for (int k = 0; k < m_; ++k) {
        const double diagonal = c_transform_ * sine_eigenvalue(k, m_) + 2 * c_other_;
        double *const p = pivot_.data() + std::size_t(k) * n;
        double beta = diagonal;
        p[0] = 1.0 / beta;
        for (std::size_t b = 1; b < n; ++b) {
            beta = diagonal - c_other_ * c_other_ * p[b - 1];
            p[b] = 1.0 / beta;
        }
    }
    work_.resize(m * n);
    hat_.resize(m * n);
}

std::size_t CoarseDirect::bytes() const {
    return (q_.size() + pivot_.size() + work_.size() + hat_.size()) * sizeof(double);
}

void CoarseDirect::solve(const GridRef &g, const double *rhs, double w, int threads) {
    const std::ptrdiff_t ny = ny_, nx = nx_;
    const std::ptrdiff_t m = m_, n = n_;
    // Interior point (a, b) of the transformed and the other axis, as an offset into the grid.
    const std::ptrdiff_t stride_a = along_rows_ ? ny : 1;
    const std::ptrdiff_t stride_b = along_rows_ ? 1 : ny;
    const auto at = [&](std::ptrdiff_t a, std::ptrdiff_t b) {
        return (a + 1) * stride_a + (b + 1) * stride_b;
    };
    double *const u = g.u;
    const double dx2 = g.dx * g.dx, dy2 = g.dy * g.dy;
    double *const work = work_.data();
    double *const hat = hat_.data();
    const double *const q = q_.data();
    (void)threads;
#pragma omp parallel num_threads(threads)
    {
        // The right-hand side, boundary values folded in.
#pragma omp for schedule(static)
        for (std::ptrdiff_t a = 0; a < m; ++a) {
            for (std::ptrdiff_t b = 0; b < n; ++b) {
                const std::ptrdiff_t k = at(a, b);
                const std::ptrdiff_t i = k / ny, j = k % ny;
                double v = rhs ? -(w * rhs[k]) : 0.0;
                if (i == 1) {
                    v += dy2 * u[k - ny];
                }
                if (i == nx - 2) {
                    v += dy2 * u[k + ny];
                }
                if (j == 1) {
                    v += dx2 * u[k - 1];
                }
                if (j == ny - 2) {
                    v += dx2 * u[k + 1];
                }
                work[a * n + b] = v;
            }
        }
        // Into the sine basis, one tridiagonal solve per mode.
#pragma omp for schedule(static)
        for (std::ptrdiff_t k = 0; k < m; ++k) {
            double *const x = hat + k * n;
            for (std::ptrdiff_t b = 0; b < n; ++b) {
                x[b] = 0.0;
            }
            for (std::ptrdiff_t a = 0; a < m; ++a) {
                const double qa = q[k * m + a];
                const double *const r = work + a * n;
                for (std::ptrdiff_t b = 0; b < n; ++b) {
                    x[b] += qa * r[b];
                }
            }
            const double *const p = pivot_.data() + k * n;
            const double e = -c_other_;
            for (std::ptrdiff_t b = 1; b < n; ++b) {
                x[b] -= e * p[b - 1] * x[b - 1];
            }
            x[n - 1] *= p[n - 1];
            for (std::ptrdiff_t b = n - 2; b >= 0; --b) {
                x[b] = (x[b] - e * x[b + 1]) * p[b];
            }
        }
        // And back.
#pragma omp for schedule(static)
        for (std::ptrdiff_t a = 0; a < m; ++a) {
            double *const r = work + a * n;
            for (std::ptrdiff_t b = 0; b < n; ++b) {
                r[b] = 0.0;
            }
            for (std::ptrdiff_t k = 0; k < m; ++k) {
                const double qa = q[k * m + a];
                const double *const x = hat + k * n;
                for (std::ptrdiff_t b = 0; b < n; ++b) {
                    r[b] += qa * x[b];
                }
            }
            for (std::ptrdiff_t b = 0; b < n; ++b) {
                u[at(a, b)] = r[b];
            }
        }
    }
}

} // namespace laplace::detail::multigrid
