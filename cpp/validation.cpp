#include "validation.hpp"

#include "laplace/laplace.h"

#ifdef LAPLACE_WITH_OPENMP
#include "kernels/openmp_threads.hpp"
#endif

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numbers>
#include <utility>
#include <vector>

namespace laplace::detail {
namespace {

thread_local std::string last_error;

// The names of a table's entries, as a message lists them.
template <class Table>
std::string known_names(const Table &table) {
    std::string names;
    for (const auto &entry : table) {
        names += names.empty() ? "" : ", ";
        names += entry.name;
    }
    return names;
}

// First non-finite value among u[begin, end), or -1. The scan goes by blocks with no exit inside
// one: the largest bit pattern of |u| in the block, as an integer (positive doubles order like
// their bit patterns, with infinity and the NaNs above every finite value), a loop the compiler
// vectorises; only a block that holds a bad value is searched point by point. The largest
// pattern of the blocks scanned goes to *largest_bits.
std::ptrdiff_t first_nonfinite_in(const double *u, std::ptrdiff_t begin, std::ptrdiff_t end,
                                  std::uint64_t *largest_bits) {
    constexpr std::ptrdiff_t block = 512;
    constexpr std::uint64_t magnitude = 0x7fffffffffffffff; // all bits but the sign
    constexpr std::uint64_t infinity = 0x7ff0000000000000;
    for (std::ptrdiff_t start = begin; start < end; start += block) {
        const std::ptrdiff_t stop = std::min(end, start + block);
        std::uint64_t largest = 0;
        for (std::ptrdiff_t k = start; k < stop; ++k) {
            largest = std::max(largest, std::bit_cast<std::uint64_t>(u[k]) & magnitude);
        }
        *largest_bits = std::max(*largest_bits, largest);
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

} // namespace

int set_error(int status, std::string message) {
    last_error = std::move(message);
    return status;
}

void clear_error() {
    last_error.clear();
}

const char *last_error_message() {
    return last_error.c_str();
}

std::string format_double(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string printable_name(std::string_view name) {
    constexpr std::size_t max_shown = 64;
    std::string out;
    std::size_t n = 0;
    for (; n < name.size() && n < max_shown; ++n) {
        const auto c = static_cast<unsigned char>(name[n]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        }
    }
    if (n < name.size()) {
        out += "...";
    }
    return out;
}

int check_name_has_no_nul(std::string_view name, const char *what, int status) {
    if (const std::size_t at = name.find('\0'); at != std::string_view::npos) {
        return set_error(status, std::string(what) + " name '" + printable_name(name) +
                                     "' holds a NUL byte at offset " + std::to_string(at) +
                                     ": a name cannot contain one");
    }
    return LAPLACE_OK;
}

int check_extent(char axis, int n) {
    if (n < 3) {
        return set_error(LAPLACE_ERROR_BAD_EXTENT,
                         std::string("n") + axis + " = " + std::to_string(n) +
                             ": a grid needs at least 3 points along " + axis +
                             " (two boundary points and one interior point)");
    }
    return LAPLACE_OK;
}

int check_spacing(const char *name, double h) {
    if (!std::isfinite(h) || h <= 0.0) {
        return set_error(LAPLACE_ERROR_BAD_SPACING,
                         std::string(name) + " = " + format_double(h) + ": must be finite and > 0");
    }
    return LAPLACE_OK;
}

int check_grid(int nx, int ny, double dx, double dy) {
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
        return set_error(LAPLACE_ERROR_TOO_LARGE, "grid of nx*ny = " + std::to_string(nx) + "*" +
                                                      std::to_string(ny) +
                                                      " points is larger than the address space");
    }
    if (int s = check_spacing("dx", dx); s != LAPLACE_OK) {
        return s;
    }
    return check_spacing("dy", dy);
}

int check_max_iter(int max_iter) {
    if (max_iter < 0) {
        return set_error(LAPLACE_ERROR_BAD_MAX_ITER,
                         "max_iter = " + std::to_string(max_iter) + ": must be >= 0");
    }
    return LAPLACE_OK;
}

int check_tolerance(const char *name, double tol) {
    if (std::isnan(tol) || tol < 0.0) {
        return set_error(LAPLACE_ERROR_BAD_TOLERANCE, std::string(name) + " = " +
                                                          format_double(tol) +
                                                          ": must be >= 0 (and not NaN)");
    }
    return LAPLACE_OK;
}

int check_threads(int num_threads) {
    if (num_threads < 0) {
        return set_error(LAPLACE_ERROR_BAD_THREADS,
                         "num_threads = " + std::to_string(num_threads) +
                             ": must be >= 0 (0 = the OpenMP default, OMP_NUM_THREADS)");
    }
    return LAPLACE_OK;
}

namespace {
bool relaxation_factor(double w) {
    return w == 0.0 || (w > 0.0 && w < 2.0); // NaN fails both
}
} // namespace

int check_omega(double omega) {
    if (!relaxation_factor(omega)) {
        return set_error(LAPLACE_ERROR_BAD_OMEGA,
                         "omega = " + format_double(omega) +
                             ": the SOR relaxation factor must be in (0, 2) (0 = the optimal "
                             "factor for the grid)");
    }
    return LAPLACE_OK;
}

int check_weight(double weight) {
    if (!relaxation_factor(weight)) {
        return set_error(LAPLACE_ERROR_BAD_OMEGA,
                         "weight = " + format_double(weight) +
                             ": a kernel's weight (SOR factor or Jacobi damping) must be in "
                             "(0, 2) (0 = the kernel's default: the optimal SOR factor, or 1)");
    }
    return LAPLACE_OK;
}

int check_fftw_planning(const MethodEntry &method, int planning) {
    if (!method.makes_fftw_plans) {
        std::string planners;
        for (const MethodEntry &m : method_table()) {
            if (m.makes_fftw_plans) {
                planners += std::string(planners.empty() ? "'" : ", '") + m.name + "'";
            }
        }
        return set_error(LAPLACE_ERROR_BAD_PLANNING,
                         std::string("method '") + method.name + "' makes no FFTW plans: " +
                             (planners.empty() ? "no method of this build does (it has no FFTW)"
                                               : "the planning effort applies to " + planners));
    }
    if (planning < LAPLACE_FFTW_ESTIMATE || planning > LAPLACE_FFTW_EXHAUSTIVE) {
        return set_error(LAPLACE_ERROR_BAD_PLANNING,
                         "planning = " + std::to_string(planning) +
                             ": must be LAPLACE_FFTW_ESTIMATE (0), LAPLACE_FFTW_MEASURE (1), "
                             "LAPLACE_FFTW_PATIENT (2) or LAPLACE_FFTW_EXHAUSTIVE (3)");
    }
    return LAPLACE_OK;
}

int check_cycle(const MethodEntry &method, int cycle, int pre_smooth, int post_smooth) {
    if (!method.takes_cycle) {
        return set_error(LAPLACE_ERROR_BAD_CYCLE, std::string("method '") + method.name +
                                                      "' has no cycle: only 'multigrid' does");
    }
    if (cycle < LAPLACE_CYCLE_V || cycle > LAPLACE_CYCLE_FMG) {
        return set_error(LAPLACE_ERROR_BAD_CYCLE,
                         "cycle = " + std::to_string(cycle) +
                             ": must be LAPLACE_CYCLE_V (1), LAPLACE_CYCLE_W (2), "
                             "LAPLACE_CYCLE_F (3) or LAPLACE_CYCLE_FMG (4)");
    }
    for (const auto &[name, count] :
         {std::pair{"pre_smooth", pre_smooth}, std::pair{"post_smooth", post_smooth}}) {
        if (count < 0 || count > max_smoothing_sweeps) {
            return set_error(LAPLACE_ERROR_BAD_CYCLE, std::string(name) + " = " +
                                                          std::to_string(count) +
                                                          ": smoothing sweeps must be in 0.." +
                                                          std::to_string(max_smoothing_sweeps));
        }
    }
    if (pre_smooth + post_smooth == 0) {
        return set_error(LAPLACE_ERROR_BAD_CYCLE,
                         "pre_smooth = post_smooth = 0: a cycle without smoothing does not "
                         "converge; give at least one sweep");
    }
    return LAPLACE_OK;
}

int lookup_kernel(const char *name, const KernelEntry *&kernel) {
    kernel = nullptr;
    if (name == nullptr) {
        return set_error(LAPLACE_ERROR_NULL_POINTER, "kernel name is NULL");
    }
    kernel = find_kernel(name);
    if (kernel == nullptr) {
        return set_error(LAPLACE_ERROR_UNKNOWN_KERNEL,
                         "unknown kernel '" + printable_name(name) +
                             "'; kernels in this build: " + known_names(kernel_table()));
    }
    return LAPLACE_OK;
}

int lookup_method(const char *name, const MethodEntry *&method) {
    method = nullptr;
    if (name == nullptr) {
        return set_error(LAPLACE_ERROR_NULL_POINTER, "method name is NULL");
    }
    method = find_method(name);
    if (method == nullptr) {
        return set_error(LAPLACE_ERROR_UNKNOWN_METHOD,
                         "unknown method '" + printable_name(name) +
                             "'; methods in this build: " + known_names(method_table()));
    }
    return LAPLACE_OK;
}

Spacings scale_spacings(double dx, double dy) {
    // max(dx, dy) = m 2^e with m in [1/2, 1): times 2^-e, or 2^(1-e) for m below 2^-1/2.
    int exponent = 0;
    const double mantissa = std::frexp(dx > dy ? dx : dy, &exponent);
    const int s = (mantissa < std::numbers::sqrt2 / 2 ? 1 : 0) - exponent;
    Spacings out;
    out.dx = std::ldexp(dx, s);
    out.dy = std::ldexp(dy, s);
    // dx'^2 dy'^2 2^-2s, from the mantissas (the same roundings): the smaller scaled spacing's
    // square may underflow (dx/dy = 1e400) where the product does not.
    int ex = 0, ey = 0;
    const double mx = std::frexp(dx, &ex), my = std::frexp(dy, &ey);
    out.f_weight = std::ldexp(mx * mx * (my * my), 2 * (ex + ey + s));
    return out;
}

int fail_overflowed(const std::string &where, const std::string &point) {
    return set_error(LAPLACE_ERROR_NONFINITE_RESULT,
                     where + " produced a non-finite value, " + point +
                         ": the iteration overflowed (values too large for double precision)");
}

int fail_nonfinite_norm(const std::string &where, const char *what, double value) {
    return set_error(LAPLACE_ERROR_NONFINITE_RESULT,
                     where + " has a non-finite " + what + " (" + format_double(value) +
                         ") although u is finite: the values are too large to square; scale "
                         "them");
}

bool overlaps(const double *u, std::ptrdiff_t n, const void *p, std::size_t bytes) {
    const auto lo = reinterpret_cast<std::uintptr_t>(u);
    const auto hi = lo + std::uintptr_t(n) * sizeof(double);
    const auto q = reinterpret_cast<std::uintptr_t>(p);
    return q < hi && q + bytes > lo;
}

std::ptrdiff_t first_nonfinite(const double *u, int nx, int ny, int threads, double *largest) {
    const std::ptrdiff_t size = std::ptrdiff_t(nx) * ny;
    std::uint64_t largest_bits = 0;
    std::ptrdiff_t first = -1;
#ifdef LAPLACE_WITH_OPENMP
    if (threads > 1) {
        std::vector<std::ptrdiff_t> found(std::size_t(threads), -1);
        std::vector<std::uint64_t> bits(std::size_t(threads), 0);
#pragma omp parallel num_threads(threads)
        {
            const std::ptrdiff_t t = omp_get_thread_num();
            const std::ptrdiff_t team = omp_get_num_threads();
            const std::ptrdiff_t first_row = t == 0 ? 0 : interior_row_split(t, team, nx);
            const std::ptrdiff_t end_row = t == team - 1 ? nx : interior_row_split(t + 1, team, nx);
            found[std::size_t(t)] =
                first_nonfinite_in(u, first_row * ny, end_row * ny, &bits[std::size_t(t)]);
        }
        for (const std::ptrdiff_t k : found) { // the threads' rows in order: the first is first
            if (k >= 0) {
                first = k;
                break;
            }
        }
        largest_bits = *std::max_element(bits.begin(), bits.end());
    } else
#else
    (void)threads;
#endif
    {
        first = first_nonfinite_in(u, 0, size, &largest_bits);
    }
    if (largest != nullptr) {
        *largest = std::bit_cast<double>(largest_bits);
    }
    return first;
}

std::string describe_point(const char *array, double value, std::ptrdiff_t i, std::ptrdiff_t j,
                           int ny, Layout layout) {
    const std::string v = format_double(value);
    if (layout == Layout::column_major) { // the caller's a(i, j), 1-based, i along x
        return std::string(array) + "(" + std::to_string(j + 1) + ", " + std::to_string(i + 1) +
               ") = " + v;
    }
    return std::string(array) + "[" + std::to_string(i * ny + j) + "] (i = " + std::to_string(i) +
           ", j = " + std::to_string(j) + ") = " + v;
}

std::string describe_point(const char *array, const double *u, int nx, int ny, Layout layout,
                           std::ptrdiff_t k) {
    (void)nx;
    return describe_point(array, u[k], k / ny, k % ny, ny, layout);
}

} // namespace laplace::detail
