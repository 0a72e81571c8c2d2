// Test problems and independent oracles, shared by the C++ tests. Nothing here calls the
// library's kernels: the oracles are written out plainly from the scheme.
#pragma once

#include "laplace/laplace.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#if LAPLACE_TEST_OPENMP
#include <omp.h>
#endif

namespace test {

#if LAPLACE_TEST_OPENMP
// Raises the OpenMP default team (omp_set_num_threads) to at least n for its scope. The library
// takes thread counts up to the larger of the processors and that default (laplace.h,
// laplace_options), so a test asking for n threads gets them on any machine.
class OpenMPDefaultAtLeast {
  public:
    explicit OpenMPDefaultAtLeast(int n) : saved_(omp_get_max_threads()) {
        omp_set_num_threads(std::max(n, saved_));
    }
    ~OpenMPDefaultAtLeast() { omp_set_num_threads(saved_); }
    OpenMPDefaultAtLeast(const OpenMPDefaultAtLeast &) = delete;
    OpenMPDefaultAtLeast &operator=(const OpenMPDefaultAtLeast &) = delete;

  private:
    int saved_;
};
#endif

// A grid in the C layout with its spacings: u[i*ny + j] = u(x_i, y_j); optionally a right-hand
// side f of the same layout (empty: f = 0) and a kernel weight (0: the scheme's default, the
// optimal SOR factor or 1).
struct Problem {
    int nx, ny;
    double dx, dy;
    std::vector<double> u;
    std::vector<double> f = {};
    double weight = 0.0;

    const double *rhs() const { return f.empty() ? nullptr : f.data(); }
};

// Non-square, dx != dy, and a boundary that is neither symmetric nor antisymmetric under any
// reflection or transposition, so a transposed, mirrored or axis-swapped result cannot match.
// The interior starts from a non-constant guess.
inline Problem layout_probe(int nx = 19, int ny = 13) {
    laplace::Grid g(nx, ny, -0.3, 1.1, 0.2, 0.8);
    g.fill([](double x, double y) { return 0.1 * std::cos(7 * x + 3 * y); });
    g.set_boundary([](double x, double y) {
        return std::exp(x) * std::sin(2 * y + 0.3) + 0.5 * x * y * y + x * x * x;
    });
    return {g.nx(), g.ny(), g.dx(), g.dy(), std::vector<double>(g.data(), g.data() + g.size())};
}

// Boundary x^2 - y^2 is exactly harmonic for the 5-point scheme, for any dx and dy: the
// discrete solution is x^2 - y^2 at every grid point.
inline double harmonic(double x, double y) {
    return x * x - y * y;
}

// The scheme's update for point (i, j), with neighbours read from `from`, written as the
// scheme states it (a division, not a precomputed reciprocal), with f if there is one.
inline double update(const std::vector<double> &from, int ny, std::ptrdiff_t i, std::ptrdiff_t j,
                     double dx, double dy, const std::vector<double> &f = {}) {
    const double dx2 = dx * dx, dy2 = dy * dy;
    const double rhs = f.empty() ? 0.0 : f[std::size_t(i * ny + j)] * dx2 * dy2;
    return ((from[(i - 1) * ny + j] + from[(i + 1) * ny + j]) * dy2 +
            (from[i * ny + j - 1] + from[i * ny + j + 1]) * dx2 - rhs) /
           (2 * (dx2 + dy2));
}

// Textbook Gauss-Seidel sweep in memory order; returns the change norm.
inline double oracle_gauss_seidel(Problem &p) {
    double sum = 0;
    for (int i = 1; i < p.nx - 1; ++i) {
        for (int j = 1; j < p.ny - 1; ++j) {
            const double next = update(p.u, p.ny, i, j, p.dx, p.dy, p.f);
            sum += (next - p.u[i * p.ny + j]) * (next - p.u[i * p.ny + j]);
            p.u[i * p.ny + j] = next;
        }
    }
    return std::sqrt(sum);
}

// Textbook Jacobi sweep, damped by p.weight when that is neither 0 nor 1
// (u + w*(jacobi - u)); returns the change norm.
inline double oracle_jacobi(Problem &p) {
    const std::vector<double> old = p.u;
    const double w = p.weight == 0.0 ? 1.0 : p.weight;
    double sum = 0;
    for (int i = 1; i < p.nx - 1; ++i) {
        for (int j = 1; j < p.ny - 1; ++j) {
            const double jacobi = update(old, p.ny, i, j, p.dx, p.dy, p.f);
            const double previous = old[i * p.ny + j];
            p.u[i * p.ny + j] = w == 1.0 ? jacobi : previous + w * (jacobi - previous);
            sum +=
                (p.u[i * p.ny + j] - old[i * p.ny + j]) * (p.u[i * p.ny + j] - old[i * p.ny + j]);
        }
    }
    return std::sqrt(sum);
}

// The optimal SOR factor for p's grid, written out here from the derivation (the spectral
// radius of Jacobi on an nx x ny grid with spacings dx, dy; Young's formula), independently of
// the library's own.
inline double optimal_omega(const Problem &p) {
    const double pi = 3.14159265358979323846;
    const double dx2 = p.dx * p.dx, dy2 = p.dy * p.dy;
    const double rho =
        (dy2 * std::cos(pi / (p.nx - 1)) + dx2 * std::cos(pi / (p.ny - 1))) / (dx2 + dy2);
    return 2 / (1 + std::sqrt(1 - rho * rho));
}

// Textbook red-black SOR sweep: every point with (i + j) even ("red"), then every point with
// (i + j) odd, each set to u + omega*(g - u) from its Gauss-Seidel value g; plain
// red-black Gauss-Seidel when `relax` is false (the value g itself). Returns the change norm.
inline double oracle_red_black(Problem &p, double omega, bool relax = true) {
    double sum = 0;
    for (int colour = 0; colour < 2; ++colour) {
        for (int i = 1; i < p.nx - 1; ++i) {
            for (int j = 1; j < p.ny - 1; ++j) {
                if ((i + j) % 2 != colour) {
                    continue;
                }
                double &v = p.u[std::size_t(i) * p.ny + j];
                const double gs = update(p.u, p.ny, i, j, p.dx, p.dy, p.f);
                const double next = relax ? v + omega * (gs - v) : gs;
                sum += (next - v) * (next - v);
                v = next;
            }
        }
    }
    return std::sqrt(sum);
}

inline double oracle_red_black_gauss_seidel(Problem &p) {
    return oracle_red_black(p, 1.0, false);
}

// Red-black SOR with p.weight, or the optimal factor: what an SOR kernel does by default.
inline double oracle_red_black_sor(Problem &p) {
    return oracle_red_black(p, p.weight == 0.0 ? optimal_omega(p) : p.weight);
}

// The exact discrete solution for the boundary of p (and its f), written into the interior: the
// 5-point equations assembled as the scheme states them, one row per interior point,
//     2(dx^2 + dy^2) u[i,j] - dy^2 (u[i-1,j] + u[i+1,j]) - dx^2 (u[i,j-1] + u[i,j+1])
//         = -f[i,j] dx^2 dy^2,
// with the boundary values moved to the right-hand side, solved by dense Gaussian elimination
// with partial pivoting (small grids only: (nx-2)*(ny-2) unknowns, cubic cost). Returns the
// change norm, like a sweep. The oracle of direct methods (kind "direct").
inline double oracle_direct(Problem &p) {
    const int mx = p.nx - 2, my = p.ny - 2;
    const std::size_t n = std::size_t(mx) * std::size_t(my);
    const double dx2 = p.dx * p.dx, dy2 = p.dy * p.dy;
    std::vector<double> a(n * n, 0.0), b(n, 0.0);
    const auto unknown = [my](int i, int j) {
        return std::size_t(i - 1) * my + std::size_t(j - 1);
    };
    const auto add = [&](std::size_t row, int i, int j, double coefficient) {
        if (i == 0 || j == 0 || i == p.nx - 1 || j == p.ny - 1) {
            b[row] -= coefficient * p.u[std::size_t(i) * p.ny + j]; // known: to the right
        } else {
            a[row * n + unknown(i, j)] += coefficient;
        }
    };
    for (int i = 1; i <= mx; ++i) {
        for (int j = 1; j <= my; ++j) {
            const std::size_t row = unknown(i, j);
            a[row * n + row] = 2 * (dx2 + dy2);
            if (!p.f.empty()) {
                b[row] = -p.f[std::size_t(i) * p.ny + j] * dx2 * dy2;
            }
            add(row, i - 1, j, -dy2);
            add(row, i + 1, j, -dy2);
            add(row, i, j - 1, -dx2);
            add(row, i, j + 1, -dx2);
        }
    }
    for (std::size_t k = 0; k < n; ++k) { // elimination with partial pivoting
        std::size_t pivot = k;
        for (std::size_t r = k + 1; r < n; ++r) {
            if (std::abs(a[r * n + k]) > std::abs(a[pivot * n + k])) {
                pivot = r;
            }
        }
        if (pivot != k) {
            std::swap_ranges(a.begin() + std::ptrdiff_t(k * n),
                             a.begin() + std::ptrdiff_t(k * n + n),
                             a.begin() + std::ptrdiff_t(pivot * n));
            std::swap(b[k], b[pivot]);
        }
        for (std::size_t r = k + 1; r < n; ++r) {
            const double factor = a[r * n + k] / a[k * n + k];
            if (factor != 0.0) {
                for (std::size_t c = k; c < n; ++c) {
                    a[r * n + c] -= factor * a[k * n + c];
                }
                b[r] -= factor * b[k];
            }
        }
    }
    std::vector<double> x(n);
    for (std::size_t k = n; k-- > 0;) { // back substitution
        double sum = b[k];
        for (std::size_t c = k + 1; c < n; ++c) {
            sum -= a[k * n + c] * x[c];
        }
        x[k] = sum / a[k * n + k];
    }
    double change = 0;
    for (int i = 1; i <= mx; ++i) {
        for (int j = 1; j <= my; ++j) {
            double &v = p.u[std::size_t(i) * p.ny + j];
            const double next = x[unknown(i, j)];
            change += (next - v) * (next - v);
            v = next;
        }
    }
    return std::sqrt(change);
}

inline double max_abs(const std::vector<double> &a) {
    double m = 0;
    for (double v : a) {
        m = std::max(m, std::abs(v));
    }
    return m;
}

// The change norm sqrt(sum((after - before)^2)) over the interior of an nx x ny grid, in long
// double: x86's 15-bit exponent holds the square of any double, so no term underflows or
// overflows. The oracle of the change norm at every scale.
inline double exact_change_norm(int nx, int ny, const std::vector<double> &after,
                                const std::vector<double> &before) {
    long double sum = 0;
    for (int i = 1; i < nx - 1; ++i) {
        for (int j = 1; j < ny - 1; ++j) {
            const std::size_t k = std::size_t(i) * std::size_t(ny) + std::size_t(j);
            const long double d = (long double)after[k] - (long double)before[k];
            sum += d * d;
        }
    }
    return double(std::sqrt(sum));
}

// |a - b| / |b|, and 0 when a == b (a direct method's second sweep changes nothing: 0 == 0).
inline double relative_difference(double a, double b) {
    return a == b ? 0.0 : std::abs(a - b) / std::abs(b);
}

// Bitwise equality of two grids (so a NaN compares equal to itself, and -0 differs from +0).
inline bool same_bytes(std::span<const double> a, std::span<const double> b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}

// max |a - b| / max |b|: the relative distance between two grids, scaled by the data.
inline double relative_distance(const std::vector<double> &a, const std::vector<double> &b) {
    double d = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        d = std::max(d, std::abs(a[k] - b[k]));
    }
    return d / max_abs(b);
}

// Same-scheme agreement after a few sweeps, relative to the data's scale. Kernels of the same
// scheme differ only by rounding (a reciprocal instead of a division, fused multiply-adds);
// a different update order differs by about 1e-3 here (checked in test_kernels.cpp).
inline constexpr double same_scheme_tolerance = 1e-13;

// One sweep of a scheme written out plainly, on a Problem; returns the change norm.
using Oracle = double (*)(Problem &);

// The oracle of a scheme, or nullptr: a test that finds none fails, so adding a scheme to the
// registry means adding its oracle here (the one place tests choose an oracle).
inline Oracle oracle_for(const std::string &scheme) {
    if (scheme == "gauss-seidel") {
        return oracle_gauss_seidel;
    }
    if (scheme == "jacobi") {
        return oracle_jacobi;
    }
    if (scheme == "red-black") {
        return oracle_red_black_gauss_seidel;
    }
    if (scheme == "red-black-sor") {
        return oracle_red_black_sor;
    }
    return nullptr;
}

// The residual r = f - A u over the interior, written as the operator states it (divisions by
// dx^2 and dy^2), and its norms.
struct ResidualNorms {
    double two, max;
};
inline ResidualNorms oracle_residual(const Problem &p) {
    double sum = 0, largest = 0;
    const double dx2 = p.dx * p.dx, dy2 = p.dy * p.dy;
    for (int i = 1; i < p.nx - 1; ++i) {
        for (int j = 1; j < p.ny - 1; ++j) {
            const auto at = [&](int a, int b) { return p.u[std::size_t(a) * p.ny + b]; };
            const double au = (at(i - 1, j) - 2 * at(i, j) + at(i + 1, j)) / dx2 +
                              (at(i, j - 1) - 2 * at(i, j) + at(i, j + 1)) / dy2;
            const double r = (p.f.empty() ? 0.0 : p.f[std::size_t(i) * p.ny + j]) - au;
            sum += r * r;
            largest = std::max(largest, std::abs(r));
        }
    }
    return {std::sqrt(sum), largest};
}

// A cubic the 5-point scheme reproduces exactly for any dx, dy: u = x^2 y + y^3, with
// u_xx + u_yy = 2y + 6y = 8y. Boundary and f set from it, interior 0 (or `guess`).
inline Problem poisson_cubic(int nx, int ny, double x0 = -0.4, double x1 = 1.3, double y0 = 0.1,
                             double y1 = 0.8) {
    laplace::Grid g(nx, ny, x0, x1, y0, y1);
    g.set_boundary([](double x, double y) { return x * x * y + y * y * y; });
    Problem p{g.nx(), g.ny(), g.dx(), g.dy(), std::vector<double>(g.data(), g.data() + g.size())};
    p.f.resize(p.u.size());
    for (int i = 0; i < p.nx; ++i) {
        for (int j = 0; j < p.ny; ++j) {
            p.f[std::size_t(i) * p.ny + j] = 8 * g.y(j);
        }
    }
    return p;
}

inline std::vector<double> poisson_cubic_exact(const Problem &p, double x0 = -0.4,
                                               double y0 = 0.1) {
    std::vector<double> u(p.u.size());
    for (int i = 0; i < p.nx; ++i) {
        for (int j = 0; j < p.ny; ++j) {
            const double x = x0 + i * p.dx, y = y0 + j * p.dy;
            u[std::size_t(i) * p.ny + j] = x * x * y + y * y * y;
        }
    }
    return u;
}

} // namespace test
