// The big-grid test (CTest label "big"; skip it with ctest -LE big): an 8000 x 8000 grid
// (512 MB) and a few sweeps of the fastest Jacobi kernel of the registry, checking that the
// process's peak memory grows by no more than the grid plus the kernel's workspace grids
// (laplace_kernel_workspace_grids) plus a stated slack, and that the result is right.
// "Fastest" is measured here, one sweep of each Jacobi kernel on a 1000 x 1000 grid, so a
// kernel added later (e.g. an OpenMP one) is chosen when it is faster. Not a speed assertion.
#include "laplace/laplace.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

constexpr int n = 8000;
constexpr int sweeps = 3;
constexpr long long mib = 1024 * 1024;
constexpr long long slack = 64 * mib; // the runtime's own allocations, page rounding

// Peak resident set size of this process (VmHWM), in bytes.
long long peak_rss() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::atoll(line.c_str() + 6) * 1024;
        }
    }
    return -1;
}

int fail(const std::string &what) {
    std::fprintf(stderr, "FAILED: %s\n", what.c_str());
    return 1;
}

// Boundary x^2 - y^2 on [0,1]^2, which the scheme keeps exactly harmonic; interior 0.
void fill(std::vector<double> &u, int nx, int ny) {
    const double h = 1.0 / (nx - 1), k = 1.0 / (ny - 1);
    for (int i = 0; i < nx; ++i) {
        for (int j = 0; j < ny; ++j) {
            const bool boundary = i == 0 || j == 0 || i == nx - 1 || j == ny - 1;
            u[std::size_t(i) * ny + j] = boundary ? (i * h) * (i * h) - (j * k) * (j * k) : 0.0;
        }
    }
}

} // namespace

int main() {
    // Choose the fastest Jacobi kernel, measured.
    int best = -1;
    double best_seconds = 0;
    {
        const int m = 1000;
        std::vector<double> u(std::size_t(m) * m);
        for (int k = 0; k < laplace_kernel_count(); ++k) {
            if (std::strcmp(laplace_kernel_scheme(k), "jacobi") != 0) {
                continue;
            }
            fill(u, m, m);
            double change;
            const auto t0 = std::chrono::steady_clock::now();
            laplace_sweep(laplace_kernel_name(k), u.data(), m, m, 1.0, 1.0, &change);
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::printf("%-16s %-10s one 1000 x 1000 sweep: %.4f s\n", laplace_kernel_name(k),
                        laplace_kernel_threading(k), s);
            if (best < 0 || s < best_seconds) {
                best = k;
                best_seconds = s;
            }
        }
    }
    if (best < 0) {
        std::printf("no Jacobi kernel in this build: nothing to test\n");
        return 0;
    }
    const char *kernel = laplace_kernel_name(best);
    const int workspace = laplace_kernel_workspace_grids(best);
    const long long grid_bytes = (long long)n * n * sizeof(double);

    const long long before = peak_rss();
    std::vector<double> u(std::size_t(n) * n);
    fill(u, n, n);
    int iterations = 0;
    double change = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const int status =
        laplace_solve(kernel, u.data(), n, n, 1.0, 1.0, sweeps, 0.0, &iterations, &change);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const long long grown = peak_rss() - before;
    const long long allowed = (1 + workspace) * grid_bytes + slack;
    std::printf("%s: %d sweeps of %d x %d in %.2f s, change %.6g; peak memory grew by %lld MiB, "
                "allowed (1 + %d) x %lld MiB + %lld MiB = %lld MiB\n",
                kernel, iterations, n, n, seconds, change, grown / mib, workspace, grid_bytes / mib,
                slack / mib, allowed / mib);
    if (status != LAPLACE_OK) {
        return fail(std::string("laplace_solve: ") + laplace_last_error());
    }
    if (iterations != sweeps || !(change > 0) || !std::isfinite(change)) {
        return fail("wrong iteration count or change norm");
    }
    if (before < 0 || grown > allowed) {
        return fail("peak memory beyond the grid plus the kernel's workspace plus slack");
    }
    // Jacobi from a zero interior: after s sweeps only points within s of the boundary moved,
    // and the point next to the corner (1, 1) is the textbook update of its neighbours.
    const double deep = u[std::size_t(n / 2) * n + n / 2];
    if (deep != 0.0) {
        return fail("a point far from the boundary changed");
    }
    const double touched = u[std::size_t(1) * n + n / 2];
    if (!(std::abs(touched) > 0)) {
        return fail("a point next to the boundary did not change");
    }
    std::printf("ok\n");
    return 0;
}
