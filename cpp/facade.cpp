// The C++ facade: everything goes through the C ABI, so validation happens in one place, and
// every nonzero status becomes a laplace::Error carrying the thread's message.
#include "laplace/laplace.hpp"

#include "validation.hpp" // check_name_has_no_nul: the rule and message the MPI layer uses too

#include <cmath>
#include <cstdio>
#include <string>

namespace laplace {
namespace {

void check(int status) {
    if (status != LAPLACE_OK) {
        throw Error(status, laplace_last_error());
    }
}

// `name` as the C ABI takes it. A C string ends at its first NUL, so a name holding one would
// cross cut short ("cpp-loop\0x" would name cpp-loop): rejected here with `status`.
std::string c_name(std::string_view name, const char *what, int status) {
    check(detail::check_name_has_no_nul(name, what, status));
    return std::string(name);
}

std::string kernel_name(std::string_view name) {
    return c_name(name, "kernel", LAPLACE_ERROR_UNKNOWN_KERNEL);
}

std::string method_name(std::string_view name) {
    return c_name(name, "method", LAPLACE_ERROR_UNKNOWN_METHOD);
}

KernelInfo info_at(int index) {
    return KernelInfo{laplace_kernel_name(index), laplace_kernel_scheme(index),
                      laplace_kernel_language(index), laplace_kernel_threading(index),
                      laplace_kernel_description(index)};
}

// Every digit of v, as the C ABI's messages print doubles.
std::string digits(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

double spacing(const char *axis, int n, double lo, double hi) {
    if (n < 3) {
        throw Error(LAPLACE_ERROR_BAD_EXTENT,
                    std::string("Grid: n") + axis + " = " + std::to_string(n) + ": must be >= 3");
    }
    const double h = (hi - lo) / (n - 1);
    if (!std::isfinite(h) || h <= 0.0) {
        throw Error(LAPLACE_ERROR_BAD_SPACING, std::string("Grid: need finite ") + axis + "min < " +
                                                   axis + "max, got [" + digits(lo) + ", " +
                                                   digits(hi) + "]");
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
    const int index = laplace_kernel_index(kernel_name(name).c_str());
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
    check(laplace_sweep_ex(kernel_name(kernel).c_str(), u, nx, ny, dx, dy, &o, &change));
    return change;
}

SolveResult solve(std::string_view kernel, double *u, int nx, int ny, double dx, double dy,
                  const SolveOptions &options) {
    laplace_options o = laplace_options_default();
    o.num_threads = options.threads;
    o.omega = options.omega;
    SolveResult r;
    check(laplace_solve_ex(kernel_name(kernel).c_str(), u, nx, ny, dx, dy, options.max_iter,
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

Residual residual(const double *u, const double *f, int nx, int ny, double dx, double dy,
                  int threads) {
    laplace_options o = laplace_options_default();
    o.num_threads = threads;
    Residual r;
    check(laplace_residual(u, f, nx, ny, dx, dy, &o, &r.norm2, &r.norm_max));
    return r;
}

Residual residual(const Grid &grid, int threads) {
    return residual(grid.data(), grid.rhs_data(), grid.nx(), grid.ny(), grid.dx(), grid.dy(),
                    threads);
}

namespace {
MethodInfo method_at(int index) {
    return MethodInfo{laplace_method_name(index), laplace_method_kind(index),
                      laplace_method_description(index), laplace_method_takes_kernel(index) == 1,
                      laplace_method_takes_cycle(index) == 1};
}
} // namespace

std::vector<MethodInfo> methods() {
    std::vector<MethodInfo> all;
    for (int i = 0; i < laplace_method_count(); ++i) {
        all.push_back(method_at(i));
    }
    return all;
}

MethodInfo method(std::string_view name) {
    const int index = laplace_method_index(method_name(name).c_str());
    if (index < 0) {
        throw Error(LAPLACE_ERROR_UNKNOWN_METHOD, laplace_last_error());
    }
    return method_at(index);
}

const char *to_string(StopReason reason) {
    switch (reason) {
    case StopReason::change:
        return "change";
    case StopReason::atol:
        return "atol";
    case StopReason::rtol:
        return "rtol";
    case StopReason::max_iter:
        return "max_iter";
    case StopReason::direct:
        return "direct";
    case StopReason::none:
        break;
    }
    return "none";
}

Solver::Solver(std::string_view method, const SolverOptions &o) {
    laplace_solver *s = nullptr;
    check(laplace_solver_create(method_name(method).c_str(), &s));
    handle_.reset(s);
    if (!o.kernel.empty()) {
        check(laplace_solver_set_kernel(s, kernel_name(o.kernel).c_str()));
    }
    if (o.weight != 0.0) {
        check(laplace_solver_set_weight(s, o.weight));
    }
    check(laplace_solver_set_threads(s, o.threads));
    // The cycle goes to a method that has one, and to any other when it is not the default (which
    // that method then rejects).
    const bool default_cycle = o.cycle == Cycle::v && o.pre_smooth == 2 && o.post_smooth == 1;
    const int index = laplace_method_index(method_name(method).c_str());
    if (!default_cycle || laplace_method_takes_cycle(index) == 1) {
        check(laplace_solver_set_cycle(s, int(o.cycle), o.pre_smooth, o.post_smooth));
    }
    if (o.fftw_planning != FftwPlanning::estimate) {
        check(laplace_solver_set_fftw_planning(s, int(o.fftw_planning)));
    }
    // Tolerances after the limit, so that the check of the rules as a whole sees both.
    check(laplace_solver_set_max_iter(s, o.max_iter < 0 ? 10000 : o.max_iter));
    check(laplace_solver_set_tolerances(s, o.rtol, o.atol, o.change_tol));
    if (o.max_iter < 0) {
        check(laplace_solver_set_max_iter(s, o.max_iter));
    }
}

void Solver::setup(int nx, int ny, double dx, double dy) {
    check(laplace_solver_setup(handle_.get(), nx, ny, dx, dy));
}

SolveReport Solver::solve(double *u, const double *f, int nx, int ny, double dx, double dy) {
    check(laplace_solver_solve(handle_.get(), u, f, nx, ny, dx, dy));
    return report();
}

SolveReport Solver::solve(Grid &grid) {
    return solve(grid.data(), grid.rhs_data(), grid.nx(), grid.ny(), grid.dx(), grid.dy());
}

SolveReport Solver::report() const {
    laplace_result r{};
    r.size = sizeof r;
    check(laplace_solver_get_result(handle_.get(), &r));
    return to_report(r);
}

SolveReport to_report(const laplace_result &r) {
    SolveReport out;
    out.iterations = r.iterations;
    out.reason = StopReason(r.stop_reason);
    out.converged = r.converged != 0;
    out.change = r.change;
    out.residual_initial = r.residual_initial;
    out.residual = r.residual;
    out.residual_max = r.residual_max;
    out.relative_residual = r.relative_residual;
    out.threads = r.threads;
    return out;
}

long long Solver::memory_bytes() const {
    return laplace_solver_memory_bytes(handle_.get());
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

bool fftw_available() {
    return laplace_fftw_available() != 0;
}

std::string fftw_info() {
    return laplace_fftw_info();
}

void import_fftw_wisdom(const std::string &filename) {
    check(laplace_fftw_import_wisdom(filename.c_str()));
}

void export_fftw_wisdom(const std::string &filename) {
    check(laplace_fftw_export_wisdom(filename.c_str()));
}

void forget_fftw_wisdom() {
    laplace_fftw_forget_wisdom();
}

} // namespace laplace
