// The C ABI's argument checks and error reporting, for the other layers of the library that
// have their own entry points (the MPI layer, cpp/mpi/): the same rules and the same messages
// as laplace_sweep and laplace_solve, and the same thread-local message laplace_last_error()
// returns. Implemented in cpp/capi.cpp, where validation lives.
#pragma once

#include "registry.hpp"

#include <string>

namespace laplace::detail {

// Sets the calling thread's error message (laplace_last_error) and returns `status`.
int set_error(int status, std::string message);

// Clears the calling thread's error message, as every C ABI entry point does first.
void clear_error();

// LAPLACE_OK, or LAPLACE_ERROR_BAD_EXTENT if n < 3 ("nx = 2: a grid needs ...").
int check_extent(char axis, int n);

// LAPLACE_OK, or LAPLACE_ERROR_BAD_SPACING if h is not finite or <= 0.
int check_spacing(const char *name, double h);

// LAPLACE_OK, or LAPLACE_ERROR_BAD_MAX_ITER (max_iter < 0) or LAPLACE_ERROR_BAD_TOLERANCE
// (tol < 0 or NaN), checked in that order, as laplace_solve does.
int check_solve_limits(int max_iter, double tol);

// The kernel called `name` in `kernel`; LAPLACE_ERROR_NULL_POINTER for a NULL name and
// LAPLACE_ERROR_UNKNOWN_KERNEL (listing the kernels of this build) for an unknown one.
int lookup_kernel(const char *name, const KernelEntry *&kernel);

// v with every digit ("%.17g"), as the C ABI's messages print doubles.
std::string format_double(double v);

} // namespace laplace::detail
