// A C++ program using an installed laplace (built by examples/consumer/CMakeLists.txt with
// find_package, or by examples/pkgconfig/Makefile with pkg-config). It solves x^2 - y^2 on a
// 40 x 30 grid with every kernel and fails unless each one finds it.
#include <laplace/laplace.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

int main() {
    // The headers' version (compile time) and the library's (run time) must be the same.
    std::printf("laplace headers %s, library %s\n", LAPLACE_VERSION_STRING, laplace_version());
    if (std::strcmp(LAPLACE_VERSION_STRING, laplace_version()) != 0) {
        std::printf("version mismatch: compiled against one laplace, running with another\n");
        return 1;
    }
    laplace::SolveOptions options; // C++17 is enough for laplace.hpp
    options.max_iter = 100000;
    options.tol = 1e-11;
    int failures = 0;
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        laplace::Grid grid(40, 30, 0.0, 2.0, 0.0, 1.0); // nx, ny, xmin, xmax, ymin, ymax
        grid.set_boundary([](double x, double y) { return x * x - y * y; });
        const laplace::SolveResult r = laplace::solve(k.name, grid, options);
        double error = 0; // relative to max |u| = 4
        for (int i = 0; i < grid.nx(); ++i) {
            for (int j = 0; j < grid.ny(); ++j) {
                const double exact = grid.x(i) * grid.x(i) - grid.y(j) * grid.y(j);
                error = std::max(error, std::abs(grid(i, j) - exact) / 4.0);
            }
        }
        const bool ok = r.converged && error < 1e-8;
        failures += ok ? 0 : 1;
        std::printf("%-16s %6d sweeps, relative error %.1e  %s\n", k.name.c_str(), r.iterations,
                    error, ok ? "ok" : "FAILED");
    }
    return failures == 0 && !laplace::kernels().empty() ? 0 : 1;
}
