// Argument checks and error reporting, once, for every entry point of the library (the C ABI,
// the solver objects, the MPI layer): the same rules, the same messages, and the thread-local
// message laplace_last_error() returns. Nothing past these checks validates again.
#pragma once

#include <algorithm>

#include "internal_api.hpp"

#include "grid.hpp"
#include "registry.hpp"
#include "solver/methods.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace laplace::detail {

// Sets the calling thread's error message (laplace_last_error) and returns `status`.
LAPLACE_INTERNAL_API int set_error(int status, std::string message);

// Clears the calling thread's error message, as every C ABI entry point does first.
LAPLACE_INTERNAL_API void clear_error();

// The calling thread's message.
const char *last_error_message();

// v with every digit ("%.17g"), as the library's messages print doubles.
LAPLACE_INTERNAL_API std::string format_double(double v);

// A caller's string made printable: at most 64 characters, bytes outside printable ASCII (NUL
// included) as \xNN.
std::string printable_name(std::string_view name);

// LAPLACE_OK, or `status` for a name of a language whose strings carry their length (C++,
// Fortran) that holds a NUL byte: a C string ends at its first NUL, so "cpp-loop\0x" would
// cross as "cpp-loop". `what` is "kernel" or "method".
LAPLACE_INTERNAL_API int check_name_has_no_nul(std::string_view name, const char *what, int status);

// LAPLACE_OK, or LAPLACE_ERROR_BAD_EXTENT if n < 3 ("nx = 2: a grid needs ...").
int check_extent(char axis, int n);

// LAPLACE_OK, or LAPLACE_ERROR_BAD_SPACING if h is not finite or <= 0.
int check_spacing(const char *name, double h);

// Extents, then the address-space limit, then spacings, in the caller's names.
LAPLACE_INTERNAL_API int check_grid(int nx, int ny, double dx, double dy);

// LAPLACE_OK, or LAPLACE_ERROR_BAD_MAX_ITER (max_iter < 0).
LAPLACE_INTERNAL_API int check_max_iter(int max_iter);

// LAPLACE_OK, or LAPLACE_ERROR_BAD_TOLERANCE for a tolerance `name` < 0 or NaN.
LAPLACE_INTERNAL_API int check_tolerance(const char *name, double tol);

// LAPLACE_OK, or LAPLACE_ERROR_BAD_THREADS (num_threads < 0).
int check_threads(int num_threads);

// LAPLACE_OK, or LAPLACE_ERROR_BAD_OMEGA: a relaxation factor outside (0, 2) and not 0:
// the SOR factor "omega" of laplace_options, or a solver's kernel "weight".
LAPLACE_INTERNAL_API int check_omega(double omega);
int check_weight(double weight);

// LAPLACE_OK, or LAPLACE_ERROR_BAD_PLANNING: a method that makes no FFTW plans (naming those
// that do), or a planning effort that is not a LAPLACE_FFTW_* value.
int check_fftw_planning(const MethodEntry &method, int planning);

// A multigrid cycle (laplace_solver_set_cycle): LAPLACE_OK or LAPLACE_ERROR_BAD_CYCLE.
inline constexpr int max_smoothing_sweeps = 64;
int check_cycle(const MethodEntry &method, int cycle, int pre_smooth, int post_smooth);

// The kernel called `name` in `kernel`; LAPLACE_ERROR_NULL_POINTER for a NULL name and
// LAPLACE_ERROR_UNKNOWN_KERNEL (listing the kernels of this build) for an unknown one.
LAPLACE_INTERNAL_API int lookup_kernel(const char *name, const KernelEntry *&kernel);

// The same for methods: LAPLACE_ERROR_NULL_POINTER, or LAPLACE_ERROR_UNKNOWN_METHOD listing the
// methods of this build (a method of another build, "fft-dst" without FFTW say, is unknown here).
int lookup_method(const char *name, const MethodEntry *&method);

// The spacings a kernel gets. The scheme depends on dx/dy only, but kernels square the
// spacings: far from 1 (dx = 1e-200, dy = 1e200) a square under- or overflows and the weights
// become 0/0 or Inf*0 = NaN. So both spacings are scaled by one power of two 2^s, the one
// nearest to 1/max(dx, dy) in log scale: max(dx, dy) in [2^-1/2, 2^1/2), so the squared spacings
// stay below 2 whatever their mantissa, and values up to DBL_MAX/8 sweep without overflow. Exact,
// and where nothing under- or overflows it changes no rounding. The equation
// update multiplies f by dx^2 dy^2; with the scaled spacings dx' = dx 2^s the same equation has
// f_weight = dx'^2 dy'^2 2^-2s (= dx^2 dy^2 2^2s, kernels/update.hpp). So scaling dx, dy by 2^k
// and f by 2^-2k (the same problem, in other units) gives the same bits.
struct Spacings {
    double dx, dy;   // scaled
    double f_weight; // dx'^2 dy'^2 2^-2s, from the mantissas: no intermediate under/overflow
};
LAPLACE_INTERNAL_API Spacings scale_spacings(double dx, double dy);

// How large a step's change can be, from the largest |u| and |f| (0: no f) with the scaled
// spacings: the larger of |u| and f's part of a point update (f_weight * dnr_inv * |f|,
// kernels/update.hpp). The driver's guess before any change was measured (solver/driver.cpp).
inline double change_magnitude(double largest_u, double largest_f, double dx, double dy,
                               double f_weight) {
    return std::max(largest_u, largest_f * (f_weight * (0.5 / (dx * dx + dy * dy))));
}

// LAPLACE_ERROR_NONFINITE_RESULT for an iteration (`where`: "sweep 3 of kernel 'cpp-loop'")
// that left the non-finite value `point` (as describe_point names it) in u ...
LAPLACE_INTERNAL_API int fail_overflowed(const std::string &where, const std::string &point);
// ... or, with u finite, a non-finite `what` ("change norm", "residual norm") equal to `value`.
LAPLACE_INTERNAL_API int fail_nonfinite_norm(const std::string &where, const char *what,
                                             double value);

// Whether `bytes` bytes at p overlap the n doubles at u (addresses compared as integers).
bool overlaps(const double *u, std::ptrdiff_t n, const void *p, std::size_t bytes);

// Index of the first non-finite value among u[0, n), or -1. Reads all of u, on `threads`
// threads each over its block of rows of an nx x ny grid (the rows the kernels give it).
// largest, when not null: the largest |u| (meaningful when the result is -1), from the same scan.
LAPLACE_INTERNAL_API std::ptrdiff_t first_nonfinite(const double *u, int nx, int ny, int threads,
                                                    double *largest = nullptr);

// Point k of an nx x ny C-layout grid named as the caller indexes `array` ("u", "f"): for a
// column-major caller, array(i, j), 1-based, i along x.
std::string describe_point(const char *array, const double *u, int nx, int ny, Layout layout,
                           std::ptrdiff_t k);
// The same for point (i, j) of a C-layout grid with ny columns holding `value` (the MPI layer
// names a global point from a rank's block).
LAPLACE_INTERNAL_API std::string describe_point(const char *array, double value, std::ptrdiff_t i,
                                                std::ptrdiff_t j, int ny, Layout layout);

} // namespace laplace::detail
