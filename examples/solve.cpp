// Solves the Laplace equation on a 100 x 50 grid with every kernel of the library and
// prints the largest error against the exact solution x^2 - y^2.
#include <laplace/laplace.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

int main() {
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        laplace::Grid grid(100, 50, 0.0, 2.0, 0.0, 1.0); // nx, ny, xmin, xmax, ymin, ymax
        grid.set_boundary([](double x, double y) { return x * x - y * y; });
        try {
            const laplace::SolveResult r =
                laplace::solve(k.name, grid, {.max_iter = 200000, .tol = 1e-9});
            double error = 0;
            for (int i = 0; i < grid.nx(); ++i) {
                for (int j = 0; j < grid.ny(); ++j) {
                    const double exact = grid.x(i) * grid.x(i) - grid.y(j) * grid.y(j);
                    error = std::max(error, std::abs(grid(i, j) - exact));
                }
            }
            std::printf("%-16s %-13s %7d sweeps, converged: %-3s max error %.1e\n", k.name.c_str(),
                        k.scheme.c_str(), r.iterations, r.converged ? "yes" : "no", error);
        } catch (const laplace::Error &e) {
            std::printf("%-16s failed: %s\n", k.name.c_str(), e.what());
            return 1;
        }
    }
}
