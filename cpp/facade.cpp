// The C++ facade: everything goes through the C ABI, so validation happens in one place, and
// every nonzero status becomes a laplace::Error carrying the thread's message.
#include "laplace/laplace.hpp"

#include <cmath>
#include <string>

namespace laplace {
namespace {

void check(int status) {
    if (status != LAPLACE_OK) {
        throw Error(status, laplace_last_error());
    }
}

KernelInfo info_at(int index) {
    return KernelInfo{laplace_kernel_name(index), laplace_kernel_scheme(index),
                      laplace_kernel_language(index), laplace_kernel_threading(index),
                      laplace_kernel_description(index)};
}

double spacing(const char *axis, int n, double lo, double hi) {
    if (n < 3) {
        throw Error(LAPLACE_ERROR_BAD_EXTENT,
                    std::string("Grid: n") + axis + " = " + std::to_string(n) + ": must be >= 3");
    }
    const double h = (hi - lo) / (n - 1);
    if (!std::isfinite(h) || h <= 0.0) {
        throw Error(LAPLACE_ERROR_BAD_SPACING, std::string("Grid: need finite ") + axis + "min < " +
                                                   axis + "max, got [" + std::to_string(lo) + ", " +
                                                   std::to_string(hi) + "]");
    }
    return h;
}

} // namespace

std::vector<KernelInfo> kernels() {
    std::vector<KernelInfo> all;
    const int n = laplace_kernel_count();
    all.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        all.push_back(info_at(i));
    }
    return all;
}

KernelInfo kernel(std::string_view name) {
    const int index = laplace_kernel_index(std::string(name).c_str());
    if (index < 0) {
        throw Error(LAPLACE_ERROR_UNKNOWN_KERNEL, laplace_last_error());
    }
    return info_at(index);
}

Grid::Grid(int nx, int ny, double xmin, double xmax, double ymin, double ymax)
    : nx_(nx), ny_(ny), xmin_(xmin), ymin_(ymin), dx_(spacing("x", nx, xmin, xmax)),
      dy_(spacing("y", ny, ymin, ymax)), u_(std::size_t(nx) * std::size_t(ny), 0.0) {}

double sweep(std::string_view kernel, double *u, int nx, int ny, double dx, double dy,
             const SweepOptions &options) {
    laplace_options o = laplace_options_default();
    o.num_threads = options.threads;
    o.omega = options.omega;
    double change = 0.0;
    check(laplace_sweep_ex(std::string(kernel).c_str(), u, nx, ny, dx, dy, &o, &change));
    return change;
}

SolveResult solve(std::string_view kernel, double *u, int nx, int ny, double dx, double dy,
                  const SolveOptions &options) {
    laplace_options o = laplace_options_default();
    o.num_threads = options.threads;
    o.omega = options.omega;
    SolveResult r;
    check(laplace_solve_ex(std::string(kernel).c_str(), u, nx, ny, dx, dy, options.max_iter,
                           options.tol, &o, &r.iterations, &r.change));
    r.converged = r.change <= options.tol;
    return r;
}

double sweep(std::string_view kernel, Grid &grid, const SweepOptions &options) {
    return sweep(kernel, grid.data(), grid.nx(), grid.ny(), grid.dx(), grid.dy(), options);
}

SolveResult solve(std::string_view kernel, Grid &grid, const SolveOptions &options) {
    return solve(kernel, grid.data(), grid.nx(), grid.ny(), grid.dx(), grid.dy(), options);
}

bool blas_available() {
    return laplace_blas_available() != 0;
}

std::string blas_info() {
    return laplace_blas_info();
}

int blas_threads() {
    return laplace_blas_threads();
}

void set_blas_threads(int num_threads) {
    check(laplace_blas_set_threads(num_threads));
}

int blas_last_solve_threads() {
    return laplace_blas_last_solve_threads();
}

long long blas_plan_bytes() {
    return laplace_blas_plan_bytes();
}

void clear_blas_plans() {
    laplace_blas_clear_plans();
}

} // namespace laplace
