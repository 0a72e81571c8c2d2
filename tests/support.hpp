// Test problems and independent oracles, shared by the C++ tests. Nothing here calls the
// library's kernels: the oracles are written out plainly from the scheme.
#pragma once

#include "laplace/laplace.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace test {

// A grid in the C layout with its spacings: u[i*ny + j] = u(x_i, y_j).
struct Problem {
    int nx, ny;
    double dx, dy;
    std::vector<double> u;
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

// The study's update for point (i, j), with neighbours read from `from`, written as the
// scheme states it (a division, not a precomputed reciprocal).
inline double update(const std::vector<double> &from, int ny, std::ptrdiff_t i, std::ptrdiff_t j,
                     double dx, double dy) {
    const double dx2 = dx * dx, dy2 = dy * dy;
    return ((from[(i - 1) * ny + j] + from[(i + 1) * ny + j]) * dy2 +
            (from[i * ny + j - 1] + from[i * ny + j + 1]) * dx2) /
           (2 * (dx2 + dy2));
}

// Textbook Gauss-Seidel sweep in memory order; returns the change norm.
inline double oracle_gauss_seidel(Problem &p) {
    double sum = 0;
    for (int i = 1; i < p.nx - 1; ++i) {
        for (int j = 1; j < p.ny - 1; ++j) {
            const double next = update(p.u, p.ny, i, j, p.dx, p.dy);
            sum += (next - p.u[i * p.ny + j]) * (next - p.u[i * p.ny + j]);
            p.u[i * p.ny + j] = next;
        }
    }
    return std::sqrt(sum);
}

// Textbook Jacobi sweep; returns the change norm.
inline double oracle_jacobi(Problem &p) {
    const std::vector<double> old = p.u;
    double sum = 0;
    for (int i = 1; i < p.nx - 1; ++i) {
        for (int j = 1; j < p.ny - 1; ++j) {
            p.u[i * p.ny + j] = update(old, p.ny, i, j, p.dx, p.dy);
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
                const double gs = update(p.u, p.ny, i, j, p.dx, p.dy);
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

// Red-black SOR with the optimal factor: what an SOR kernel does with the default options.
inline double oracle_red_black_sor(Problem &p) {
    return oracle_red_black(p, optimal_omega(p));
}

inline double max_abs(const std::vector<double> &a) {
    double m = 0;
    for (double v : a) {
        m = std::max(m, std::abs(v));
    }
    return m;
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

} // namespace test
