// The kernel table: every sweep kernel of this build, with its metadata. The C ABI, the C++
// facade, the Fortran module, the tests and the bench all read this table (through the C ABI);
// nothing else keeps a list of kernels. A kernel that is not built is absent, never a stub.
#pragma once

#include "grid.hpp"

#include <span>
#include <stdexcept>
#include <string_view>

namespace laplace::detail {

// The per-call options as a kernel sees them, validated and resolved by the C ABI.
struct KernelOptions {
    int num_threads = 0; // >= 0; 0 = the OpenMP default (serial kernels ignore it)
    double omega = 1.0;  // in (0, 2): the resolved SOR factor (only SOR kernels read it)
};

// Thrown by a direct method whose own memory (e.g. a plan) cannot be had; the C ABI reports
// LAPLACE_ERROR_TOO_LARGE with what() as the message.
struct TooLargeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One sweep over the interior of g, in place; returns the change norm sqrt(sum((new-old)^2)).
// `workspace` holds workspace_grids * g.size() doubles of scratch (null when that is 0).
// A direct method (scheme "direct") has the same signature: its one "sweep" is a complete
// solve for the boundary values of g (laplace.h, "DIRECT METHODS"); it may throw
// TooLargeError or std::bad_alloc before it writes g.
using SweepFunction = double (*)(const GridRef &g, double *workspace, const KernelOptions &options);

struct KernelEntry {
    const char *name;        // stable name, e.g. "f77-loop"
    const char *scheme;      // "gauss-seidel", "jacobi", "red-black", "red-black-sor", "direct"
    const char *language;    // "Fortran 77", "Fortran 90", "Fortran 95", "C++"
    const char *threading;   // "serial", "openmp" or "blas"
    const char *description; // one line: how it is written and which row of the study it is
    int workspace_grids;     // grid-sized scratch arrays the C ABI allocates for one call (Jacobi
                             // kernels keep the previous iterate: 1)
    SweepFunction sweep;
};

std::span<const KernelEntry> kernel_table();

// The optimal SOR factor for the grid (see laplace_options in laplace.h): 2/(1+sqrt(1-rho^2))
// with rho the spectral radius of the Jacobi iteration on this nx x ny grid with dx != dy.
double optimal_omega(const GridRef &g);

// The entry called `name`, or nullptr.
const KernelEntry *find_kernel(std::string_view name);

} // namespace laplace::detail
