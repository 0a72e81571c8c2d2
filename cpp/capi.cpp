// The C ABI (include/laplace/laplace.h). Arguments are validated here, once; kernels behind the
// registry trust what they are given. Nothing here throws across the C boundary.
#include "laplace/laplace.h"

#include "blas/blas.hpp"
#include "registry.hpp"
#include "validation.hpp"

#ifdef LAPLACE_WITH_OPENMP
#include "kernels/openmp_threads.hpp"
#endif

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace {

using laplace::detail::find_kernel;
using laplace::detail::GridRef;
using laplace::detail::kernel_table;
using laplace::detail::KernelEntry;
using laplace::detail::KernelOptions;
using laplace::detail::Layout;

thread_local std::string last_error;

int fail(int status, std::string message) {
    last_error = std::move(message);
    return status;
}

std::string format_double(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

// A kernel name as given, made printable: at most 64 characters, bytes outside printable ASCII
// written as \xNN, so an error message never carries garbage from the caller.
std::string printable_name(const char *name) {
    constexpr std::size_t max_shown = 64;
    std::string out;
    std::size_t n = 0;
    for (; name[n] != '\0' && n < max_shown; ++n) {
        const auto c = static_cast<unsigned char>(name[n]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        }
    }
    if (name[n] != '\0') {
        out += "...";
    }
    return out;
}

std::string known_kernel_names() {
    std::string names;
    for (const KernelEntry &k : kernel_table()) {
        names += names.empty() ? "" : ", ";
        names += k.name;
    }
    return names;
}

// Everything a sweep needs once its arguments have passed validation.
struct Prepared {
    const KernelEntry *kernel = nullptr;
    Layout layout = Layout::row_major;
    GridRef grid{};
    KernelOptions options{};
    std::unique_ptr<double[]> workspace;
};

int check_extent(char axis, int n) {
    if (n < 3) {
        return fail(LAPLACE_ERROR_BAD_EXTENT, std::string("n") + axis + " = " + std::to_string(n) +
                                                  ": a grid needs at least 3 points along " + axis +
                                                  " (two boundary points and one interior point)");
    }
    return LAPLACE_OK;
}

int check_spacing(const char *name, double h) {
    if (!std::isfinite(h) || h <= 0.0) {
        return fail(LAPLACE_ERROR_BAD_SPACING,
                    std::string(name) + " = " + format_double(h) + ": must be finite and > 0");
    }
    return LAPLACE_OK;
}

// Whether an output of `bytes` bytes at p overlaps the grid (addresses compared as integers:
// they need not point into the same object).
bool overlaps_grid(const GridRef &g, const void *p, std::size_t bytes) {
    const auto lo = reinterpret_cast<std::uintptr_t>(g.u);
    const auto hi = lo + std::uintptr_t(g.size()) * sizeof(double);
    const auto q = reinterpret_cast<std::uintptr_t>(p);
    return q < hi && q + bytes > lo;
}

int fail_aliased(const char *output) {
    return fail(LAPLACE_ERROR_ALIASED_OUTPUT,
                std::string(output) + " points into the grid u: the outputs must not overlap it");
}

// First non-finite value among u[begin, end), or -1. The scan goes by blocks with no exit inside
// one: the largest bit pattern of |u| in the block, as an integer (positive doubles order like
// their bit patterns, with infinity and the NaNs above every finite value), a loop the compiler
// vectorises; only a block that holds a bad value is searched point by point. The scalar loop
// that stopped at each point took about as long as a sweep of omp-jacobi on 2 threads over a
// 4000 x 4000 grid.
std::ptrdiff_t first_nonfinite(const double *u, std::ptrdiff_t begin, std::ptrdiff_t end) {
    constexpr std::ptrdiff_t block = 512;
    constexpr std::uint64_t magnitude = 0x7fffffffffffffff; // all bits but the sign
    constexpr std::uint64_t infinity = 0x7ff0000000000000;
    for (std::ptrdiff_t start = begin; start < end; start += block) {
        const std::ptrdiff_t stop = std::min(end, start + block);
        std::uint64_t largest = 0;
        for (std::ptrdiff_t k = start; k < stop; ++k) {
            largest = std::max(largest, std::bit_cast<std::uint64_t>(u[k]) & magnitude);
        }
        if (largest >= infinity) {
            for (std::ptrdiff_t k = start; k < stop; ++k) {
                if (!std::isfinite(u[k])) {
                    return k;
                }
            }
        }
    }
    return -1;
}

// First non-finite value of the grid, or -1; every call reads the whole grid. For an OpenMP
// kernel the scan runs on the team the kernel will use, each thread over its block of rows
// (interior_row_split, plus the boundary rows at the ends), so the grid stays in the caches of the
// cores that sweep it. Scanned by the calling thread alone, every line went to its core before
// each sweep and the other thread's half came back during it: omp-jacobi on 2 threads, 257 x 257,
// one laplace_sweep per sweep took 204 us against 25 us per sweep inside one laplace_solve.
std::ptrdiff_t first_nonfinite(const Prepared &p) {
    const GridRef &g = p.grid;
#ifdef LAPLACE_WITH_OPENMP
    const int team = std::strcmp(p.kernel->threading, "openmp") == 0
                         ? laplace::detail::openmp_team_size(p.options.num_threads,
                                                             laplace::detail::interior_points(g))
                         : 1;
    if (team > 1) {
        using laplace::detail::interior_row_split;
        std::vector<std::ptrdiff_t> found(std::size_t(team), -1);
#pragma omp parallel num_threads(team)
        {
            const std::ptrdiff_t t = omp_get_thread_num();
            const std::ptrdiff_t threads = omp_get_num_threads();
            const std::ptrdiff_t first_row = t == 0 ? 0 : interior_row_split(t, threads, g.nx);
            const std::ptrdiff_t end_row =
                t == threads - 1 ? g.nx : interior_row_split(t + 1, threads, g.nx);
            found[std::size_t(t)] = first_nonfinite(g.u, first_row * g.ny, end_row * g.ny);
        }
        for (const std::ptrdiff_t k : found) { // the threads' rows in order: the first is first
            if (k >= 0) {
                return k;
            }
        }
        return -1;
    }
#endif
    return first_nonfinite(g.u, 0, g.size());
}

// Point k of the grid, named as the caller indexes it.
std::string describe_point(const Prepared &p, std::ptrdiff_t k) {
    const GridRef &g = p.grid;
    const std::string value = format_double(g.u[k]);
    if (p.layout == Layout::column_major) { // the caller's u(i, j), 1-based, i along x
        return "u(" + std::to_string(k % g.ny + 1) + ", " + std::to_string(k / g.ny + 1) +
               ") = " + value;
    }
    return "u[" + std::to_string(k) + "] (i = " + std::to_string(k / g.ny) +
           ", j = " + std::to_string(k % g.ny) + ") = " + value;
}

// Validates the arguments shared by laplace_sweep and laplace_solve, in a fixed order, and
// prepares the kernel's workspace. On failure the grid has not been written.
// nx, ny, dx, dy are named as the caller names them, whatever the layout.
int prepare(const char *kernel, double *u, int nx, int ny, double dx, double dy, Layout layout,
            Prepared &out) {
    if (kernel == nullptr) {
        return fail(LAPLACE_ERROR_NULL_POINTER, "kernel name is NULL");
    }
    if (u == nullptr) {
        return fail(LAPLACE_ERROR_NULL_POINTER, "u is NULL: pass an array of nx*ny values");
    }
    if (int s = check_extent('x', nx); s != LAPLACE_OK) {
        return s;
    }
    if (int s = check_extent('y', ny); s != LAPLACE_OK) {
        return s;
    }
    // The grid, and a workspace copy of it, must be addressable.
    constexpr auto max_points =
        std::uint64_t(std::numeric_limits<std::ptrdiff_t>::max()) / sizeof(double);
    if (std::uint64_t(nx) * std::uint64_t(ny) > max_points) {
        return fail(LAPLACE_ERROR_TOO_LARGE, "grid of nx*ny = " + std::to_string(nx) + "*" +
                                                 std::to_string(ny) +
                                                 " points is larger than the address space");
    }
    if (int s = check_spacing("dx", dx); s != LAPLACE_OK) {
        return s;
    }
    if (int s = check_spacing("dy", dy); s != LAPLACE_OK) {
        return s;
    }
    out.kernel = find_kernel(kernel);
    if (out.kernel == nullptr) {
        return fail(LAPLACE_ERROR_UNKNOWN_KERNEL,
                    "unknown kernel '" + printable_name(kernel) +
                        "'; kernels in this build: " + known_kernel_names());
    }
    // The scheme depends on dx/dy only, but kernels square the spacings: far from 1 (dx = 1e-200,
    // dy = 1e200) a square under- or overflows and the weights become 0/0 or Inf*0 = NaN. So the
    // kernels get both spacings scaled by one power of two, max(dx, dy) in [1, 2). That scaling
    // is exact and, where nothing under- or overflows, changes no rounding: the same bits.
    int exponent = 0;
    std::frexp(dx > dy ? dx : dy, &exponent);
    dx = std::ldexp(dx, 1 - exponent);
    dy = std::ldexp(dy, 1 - exponent);
    out.layout = layout;
    out.grid = layout == Layout::row_major ? GridRef{u, nx, ny, dx, dy}
                                           : laplace::detail::from_column_major(u, nx, ny, dx, dy);
    return LAPLACE_OK;
}

// Validates the per-call options (NULL = defaults) and resolves omega = 0 to the optimal factor
// for the prepared grid. Every kernel gets the same checks, whether it reads the field or not.
int prepare_options(const laplace_options *options, Prepared &p) {
    const laplace_options o = options ? *options : laplace_options_default();
    if (o.num_threads < 0) {
        return fail(LAPLACE_ERROR_BAD_THREADS,
                    "num_threads = " + std::to_string(o.num_threads) +
                        ": must be >= 0 (0 = the OpenMP default, OMP_NUM_THREADS)");
    }
    if (!(o.omega == 0.0 || (o.omega > 0.0 && o.omega < 2.0))) { // NaN fails both
        return fail(LAPLACE_ERROR_BAD_OMEGA,
                    "omega = " + format_double(o.omega) +
                        ": the SOR relaxation factor must be in (0, 2) (0 = the optimal factor "
                        "for the grid)");
    }
    p.options.num_threads = o.num_threads;
    p.options.omega = o.omega == 0.0 ? laplace::detail::optimal_omega(p.grid) : o.omega;
    return LAPLACE_OK;
}

// The part of the preparation that touches memory: the workspace, the outputs' overlap with u
// (after the allocation, so that a grid too large for memory is reported as such) and the scan
// of u. Run after every scalar argument has been checked. `iterations` may be null (a sweep).
int prepare_memory(Prepared &p, const double *change, const int *iterations) {
    if (const int grids = p.kernel->workspace_grids; grids > 0) {
        const auto points = std::size_t(p.grid.size()) * std::size_t(grids);
        constexpr std::size_t max_doubles =
            std::size_t(std::numeric_limits<std::ptrdiff_t>::max()) / sizeof(double);
        if (points / std::size_t(grids) == std::size_t(p.grid.size()) && points <= max_doubles) {
            p.workspace.reset(new (std::nothrow) double[points]);
        }
        if (!p.workspace) {
            return fail(LAPLACE_ERROR_TOO_LARGE, "cannot allocate the " +
                                                     std::to_string(points * sizeof(double)) +
                                                     "-byte workspace kernel '" + p.kernel->name +
                                                     "' needs for a " + std::to_string(p.grid.nx) +
                                                     " x " + std::to_string(p.grid.ny) + " grid");
        }
    }
    if (iterations != nullptr && overlaps_grid(p.grid, iterations, sizeof *iterations)) {
        return fail_aliased("iterations");
    }
    if (overlaps_grid(p.grid, change, sizeof *change)) {
        return fail_aliased("change");
    }
    if (const std::ptrdiff_t k = first_nonfinite(p); k >= 0) {
        return fail(LAPLACE_ERROR_NONFINITE_INPUT,
                    describe_point(p, k) + ": u must be finite on entry");
    }
    return LAPLACE_OK;
}

// One sweep of a prepared kernel, with the check that keeps overflow from passing silently.
int run_sweep(const Prepared &p, int sweep_number, double &change) {
    change = p.kernel->sweep(p.grid, p.workspace.get(), p.options);
    if (std::isfinite(change)) {
        return LAPLACE_OK;
    }
    const std::string where =
        "sweep " + std::to_string(sweep_number) + " of kernel '" + p.kernel->name + "'";
    if (const std::ptrdiff_t k = first_nonfinite(p); k >= 0) {
        return fail(LAPLACE_ERROR_NONFINITE_RESULT,
                    where + " produced a non-finite value, " + describe_point(p, k) +
                        ": the iteration overflowed (values too large for double precision)");
    }
    return fail(LAPLACE_ERROR_NONFINITE_RESULT,
                where + " has a non-finite change norm (" + format_double(change) +
                    ") although u is finite: the values are too large to square; scale them");
}

template <class Body>
int guarded(Body body) noexcept {
    try {
        return body();
    } catch (const laplace::detail::TooLargeError &e) {
        return fail(LAPLACE_ERROR_TOO_LARGE, e.what());
    } catch (const std::bad_alloc &) {
        return fail(LAPLACE_ERROR_TOO_LARGE, "out of memory");
    } catch (const std::exception &e) {
        return fail(LAPLACE_ERROR_INTERNAL, std::string("internal error: ") + e.what());
    } catch (...) {
        return fail(LAPLACE_ERROR_INTERNAL, "internal error: unknown exception");
    }
}

int sweep(Layout layout, const char *kernel, double *u, int nx, int ny, double dx, double dy,
          const laplace_options *options, double *change) {
    return guarded([&]() -> int {
        last_error.clear();
        Prepared p;
        if (int s = prepare(kernel, u, nx, ny, dx, dy, layout, p); s != LAPLACE_OK) {
            return s;
        }
        if (change == nullptr) {
            return fail(LAPLACE_ERROR_NULL_POINTER, "change is NULL");
        }
        if (int s = prepare_options(options, p); s != LAPLACE_OK) {
            return s;
        }
        if (int s = prepare_memory(p, change, nullptr); s != LAPLACE_OK) {
            return s;
        }
        return run_sweep(p, 1, *change);
    });
}

int solve(Layout layout, const char *kernel, double *u, int nx, int ny, double dx, double dy,
          int max_iter, double tol, const laplace_options *options, int *iterations,
          double *change) {
    return guarded([&]() -> int {
        last_error.clear();
        Prepared p;
        if (int s = prepare(kernel, u, nx, ny, dx, dy, layout, p); s != LAPLACE_OK) {
            return s;
        }
        if (iterations == nullptr) {
            return fail(LAPLACE_ERROR_NULL_POINTER, "iterations is NULL");
        }
        if (change == nullptr) {
            return fail(LAPLACE_ERROR_NULL_POINTER, "change is NULL");
        }
        if (max_iter < 0) {
            return fail(LAPLACE_ERROR_BAD_MAX_ITER,
                        "max_iter = " + std::to_string(max_iter) + ": must be >= 0");
        }
        if (std::isnan(tol) || tol < 0.0) {
            return fail(LAPLACE_ERROR_BAD_TOLERANCE,
                        "tol = " + format_double(tol) + ": must be >= 0 (and not NaN)");
        }
        if (int s = prepare_options(options, p); s != LAPLACE_OK) {
            return s;
        }
        if (int s = prepare_memory(p, change, iterations); s != LAPLACE_OK) {
            return s;
        }
        *iterations = 0;
        *change = std::numeric_limits<double>::infinity();
        while (*iterations < max_iter) {
            ++*iterations;
            if (int s = run_sweep(p, *iterations, *change); s != LAPLACE_OK) {
                return s;
            }
            if (*change <= tol) {
                break;
            }
        }
        return LAPLACE_OK;
    });
}

const KernelEntry *entry_at(int index) {
    const auto table = kernel_table();
    if (index < 0 || std::size_t(index) >= table.size()) {
        fail(LAPLACE_ERROR_BAD_INDEX, "kernel index " + std::to_string(index) + " is outside 0.." +
                                          std::to_string(table.size() - 1));
        return nullptr;
    }
    return &table[std::size_t(index)];
}

} // namespace

// ---- The checks above, for the library's other entry points (cpp/validation.hpp) ------------
namespace laplace::detail {

int set_error(int status, std::string message) {
    return fail(status, std::move(message));
}

void clear_error() {
    last_error.clear();
}

int check_extent(char axis, int n) {
    return ::check_extent(axis, n);
}

int check_spacing(const char *name, double h) {
    return ::check_spacing(name, h);
}

// The same checks and messages as solve() below.
int check_solve_limits(int max_iter, double tol) {
    if (max_iter < 0) {
        return fail(LAPLACE_ERROR_BAD_MAX_ITER,
                    "max_iter = " + std::to_string(max_iter) + ": must be >= 0");
    }
    if (std::isnan(tol) || tol < 0.0) {
        return fail(LAPLACE_ERROR_BAD_TOLERANCE,
                    "tol = " + ::format_double(tol) + ": must be >= 0 (and not NaN)");
    }
    return LAPLACE_OK;
}

// The same checks and messages as prepare() above.
int lookup_kernel(const char *name, const KernelEntry *&kernel) {
    kernel = nullptr;
    if (name == nullptr) {
        return fail(LAPLACE_ERROR_NULL_POINTER, "kernel name is NULL");
    }
    kernel = find_kernel(name);
    if (kernel == nullptr) {
        return fail(LAPLACE_ERROR_UNKNOWN_KERNEL,
                    "unknown kernel '" + printable_name(name) +
                        "'; kernels in this build: " + known_kernel_names());
    }
    return LAPLACE_OK;
}

std::string format_double(double v) {
    return ::format_double(v);
}

} // namespace laplace::detail

extern "C" {

const char *laplace_version(void) {
    return LAPLACE_VERSION_STRING;
}

const char *laplace_status_name(int status) {
    switch (status) {
    case LAPLACE_OK:
        return "LAPLACE_OK";
    case LAPLACE_ERROR_NULL_POINTER:
        return "LAPLACE_ERROR_NULL_POINTER";
    case LAPLACE_ERROR_BAD_EXTENT:
        return "LAPLACE_ERROR_BAD_EXTENT";
    case LAPLACE_ERROR_BAD_SPACING:
        return "LAPLACE_ERROR_BAD_SPACING";
    case LAPLACE_ERROR_NONFINITE_INPUT:
        return "LAPLACE_ERROR_NONFINITE_INPUT";
    case LAPLACE_ERROR_UNKNOWN_KERNEL:
        return "LAPLACE_ERROR_UNKNOWN_KERNEL";
    case LAPLACE_ERROR_BAD_MAX_ITER:
        return "LAPLACE_ERROR_BAD_MAX_ITER";
    case LAPLACE_ERROR_BAD_TOLERANCE:
        return "LAPLACE_ERROR_BAD_TOLERANCE";
    case LAPLACE_ERROR_TOO_LARGE:
        return "LAPLACE_ERROR_TOO_LARGE";
    case LAPLACE_ERROR_NONFINITE_RESULT:
        return "LAPLACE_ERROR_NONFINITE_RESULT";
    case LAPLACE_ERROR_BAD_INDEX:
        return "LAPLACE_ERROR_BAD_INDEX";
    case LAPLACE_ERROR_BAD_OMEGA:
        return "LAPLACE_ERROR_BAD_OMEGA";
    case LAPLACE_ERROR_BAD_THREADS:
        return "LAPLACE_ERROR_BAD_THREADS";
    case LAPLACE_ERROR_UNAVAILABLE:
        return "LAPLACE_ERROR_UNAVAILABLE";
    case LAPLACE_ERROR_ALIASED_OUTPUT:
        return "LAPLACE_ERROR_ALIASED_OUTPUT";
    case LAPLACE_ERROR_INTERNAL:
        return "LAPLACE_ERROR_INTERNAL";
    default:
        return "unknown status";
    }
}

const char *laplace_last_error(void) {
    return last_error.c_str();
}

int laplace_kernel_count(void) {
    return int(kernel_table().size());
}

const char *laplace_kernel_name(int index) {
    const KernelEntry *k = entry_at(index);
    return k ? k->name : nullptr;
}

const char *laplace_kernel_scheme(int index) {
    const KernelEntry *k = entry_at(index);
    return k ? k->scheme : nullptr;
}

const char *laplace_kernel_language(int index) {
    const KernelEntry *k = entry_at(index);
    return k ? k->language : nullptr;
}

const char *laplace_kernel_threading(int index) {
    const KernelEntry *k = entry_at(index);
    return k ? k->threading : nullptr;
}

const char *laplace_kernel_description(int index) {
    const KernelEntry *k = entry_at(index);
    return k ? k->description : nullptr;
}

int laplace_kernel_workspace_grids(int index) {
    const KernelEntry *k = entry_at(index);
    return k ? k->workspace_grids : -1;
}

int laplace_kernel_index(const char *name) {
    if (name == nullptr) {
        fail(LAPLACE_ERROR_NULL_POINTER, "kernel name is NULL");
        return -1;
    }
    const auto table = kernel_table();
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (std::strcmp(table[i].name, name) == 0) {
            return int(i);
        }
    }
    fail(LAPLACE_ERROR_UNKNOWN_KERNEL, "unknown kernel '" + printable_name(name) +
                                           "'; kernels in this build: " + known_kernel_names());
    return -1;
}

laplace_options laplace_options_default(void) {
    laplace_options o;
    o.num_threads = 0;
    o.omega = 0.0;
    return o;
}

int laplace_sweep(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                  double *change) {
    return sweep(Layout::row_major, kernel, u, nx, ny, dx, dy, nullptr, change);
}

int laplace_solve(const char *kernel, double *u, int nx, int ny, double dx, double dy, int max_iter,
                  double tol, int *iterations, double *change) {
    return solve(Layout::row_major, kernel, u, nx, ny, dx, dy, max_iter, tol, nullptr, iterations,
                 change);
}

int laplace_sweep_colmajor(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                           double *change) {
    return sweep(Layout::column_major, kernel, u, nx, ny, dx, dy, nullptr, change);
}

int laplace_solve_colmajor(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                           int max_iter, double tol, int *iterations, double *change) {
    return solve(Layout::column_major, kernel, u, nx, ny, dx, dy, max_iter, tol, nullptr,
                 iterations, change);
}

int laplace_sweep_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                     const laplace_options *options, double *change) {
    return sweep(Layout::row_major, kernel, u, nx, ny, dx, dy, options, change);
}

int laplace_solve_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                     int max_iter, double tol, const laplace_options *options, int *iterations,
                     double *change) {
    return solve(Layout::row_major, kernel, u, nx, ny, dx, dy, max_iter, tol, options, iterations,
                 change);
}

int laplace_sweep_colmajor_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                              const laplace_options *options, double *change) {
    return sweep(Layout::column_major, kernel, u, nx, ny, dx, dy, options, change);
}

int laplace_solve_colmajor_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                              int max_iter, double tol, const laplace_options *options,
                              int *iterations, double *change) {
    return solve(Layout::column_major, kernel, u, nx, ny, dx, dy, max_iter, tol, options,
                 iterations, change);
}

// ---- The BLAS section (cpp/blas/) -----------------------------------------------------------

int laplace_blas_available(void) {
    return laplace::detail::blas_available() ? 1 : 0;
}

const char *laplace_blas_info(void) {
    return laplace::detail::blas_info();
}

int laplace_blas_threads(void) {
    return laplace::detail::blas_threads();
}

int laplace_blas_set_threads(int num_threads) {
    return guarded([&]() -> int {
        last_error.clear();
        if (!laplace::detail::blas_thread_control()) {
            return fail(LAPLACE_ERROR_UNAVAILABLE,
                        laplace::detail::blas_available()
                            ? "BLAS thread control is unavailable: this build's BLAS is not "
                              "OpenBLAS, and it chooses its own thread count"
                            : "BLAS thread control is unavailable: this build has no BLAS "
                              "(configured with LAPLACE_WITH_BLAS=OFF)");
        }
        if (num_threads < 0) {
            return fail(LAPLACE_ERROR_BAD_THREADS,
                        "num_threads = " + std::to_string(num_threads) +
                            ": must be >= 1, or 0 for the default (all cores)");
        }
        laplace::detail::blas_set_threads(num_threads);
        return LAPLACE_OK;
    });
}

int laplace_blas_last_solve_threads(void) {
    return laplace::detail::blas_last_solve_threads();
}

void laplace_blas_clear_plans(void) {
    laplace::detail::blas_clear_plans();
}

long long laplace_blas_plan_bytes(void) {
    return laplace::detail::blas_plan_bytes();
}

} // extern "C"
