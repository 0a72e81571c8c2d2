// The kernel table: every sweep kernel of this build, with its metadata. The C ABI, the C++
// facade, the Fortran module, the tests and the bench all read this table (through the C ABI);
// nothing else keeps a list of kernels. A kernel that is not built is absent, never a stub.
#pragma once

#include "grid.hpp"

#include <span>
#include <stdexcept>
#include <string_view>

namespace laplace::detail {

// One sweep over the interior of g, in place; returns the change norm sqrt(sum((new-old)^2)).
// `workspace` holds g.size() doubles of scratch when the kernel asks for it, else it is null.
using SweepFunction = double (*)(const GridRef &g, double *workspace);

// Thrown by a direct method whose own memory (e.g. a plan) cannot be had; the C ABI reports
// LAPLACE_ERROR_TOO_LARGE with what() as the message.
struct TooLargeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A direct method (scheme "direct"): solves the discrete problem for the boundary values of g,
// overwriting the interior, and returns the change norm sqrt(sum((new-old)^2)) like a sweep.
// `workspace` holds workspace_grids(entry) * g.size() doubles of scratch. It may throw
// TooLargeError or std::bad_alloc (its plan); it never writes g before it has everything it
// needs.
using DirectSolveFunction = double (*)(const GridRef &g, double *workspace);

struct KernelEntry {
    const char *name;        // stable name, e.g. "f77-loop"
    const char *scheme;      // "gauss-seidel" or "jacobi"
    const char *language;    // "Fortran 77", "Fortran 90", "Fortran 95", "C++"
    const char *threading;   // "serial", ...
    const char *description; // one line: how it is written and which row of the study it is
    bool needs_workspace;    // Jacobi kernels keep the previous iterate in the workspace
    SweepFunction sweep;     // null for a direct method
    // Direct methods only (sweep kernels leave these null/0): one "sweep" of a direct method is
    // one complete solve (see laplace.h, "DIRECT METHODS").
    DirectSolveFunction direct_solve = nullptr;
    int direct_workspace_grids = 0; // grid-sized scratch arrays the C ABI allocates for it
};

// Grid-sized scratch arrays the C ABI allocates for one sweep or solve of k.
inline int workspace_grids(const KernelEntry &k) {
    return k.direct_solve != nullptr ? k.direct_workspace_grids : (k.needs_workspace ? 1 : 0);
}

std::span<const KernelEntry> kernel_table();

// The entry called `name`, or nullptr.
const KernelEntry *find_kernel(std::string_view name);

} // namespace laplace::detail
