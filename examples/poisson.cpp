// A Poisson solve to a residual tolerance: u_xx + u_yy = 8y on [0, 2] x [0, 1], boundary values
// of u = x^2 y + y^3 (which the 5-point scheme reproduces exactly), every method of the table;
// prints iterations, why it stopped, the residual and the error against the exact solution.
// A solver is set up once per grid and reused by every solve on it.
#include <laplace/laplace.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

int main() {
    const auto exact = [](double x, double y) { return x * x * y + y * y * y; };
    for (const laplace::MethodInfo &m : laplace::methods()) {
        laplace::Grid grid(129, 65, 0.0, 2.0, 0.0, 1.0); // nx, ny, xmin, xmax, ymin, ymax
        grid.set_boundary(exact);
        grid.set_rhs([](double, double y) { return 8 * y; });
        laplace::SolverOptions options;
        options.rtol = 1e-10; // stop when ||r|| <= 1e-10 ||r0||
        try {
            laplace::Solver solver(m.name, options);
            solver.setup(grid); // once per grid shape and spacing
            const laplace::SolveReport r = solver.solve(grid);
            double error = 0;
            for (int i = 0; i < grid.nx(); ++i) {
                for (int j = 0; j < grid.ny(); ++j) {
                    error = std::max(error, std::abs(grid(i, j) - exact(grid.x(i), grid.y(j))));
                }
            }
            std::printf("%-9s %-9s %6d iterations, stopped by %-6s |r|/|r0| %.1e, max error %.1e\n",
                        m.name.c_str(), m.kind.c_str(), r.iterations, laplace::to_string(r.reason),
                        r.relative_residual, error);
            if (!r.converged || error > 1e-8) {
                return 1;
            }
        } catch (const laplace::Error &e) {
            std::printf("%-9s failed: %s\n", m.name.c_str(), e.what());
            return 1;
        }
    }
}
