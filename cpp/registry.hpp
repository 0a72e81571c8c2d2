// The kernel table: every sweep kernel of this build, with its metadata. The C ABI, the C++
// facade, the Fortran module, the tests and the bench all read this table (through the C ABI);
// nothing else keeps a list of kernels. A kernel that is not built is absent, never a stub.
// Kernels are the smoothers of the methods (cpp/solver/methods.hpp): one sweep of one scheme,
// with an optional right-hand side f and a weight, no allocation and no validation inside.
#pragma once

#include "internal_api.hpp"

#include "grid.hpp"

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string_view>

namespace laplace::detail {

// Behaviour is chosen by these fields, never by comparing the metadata strings.
enum class Scheme { gauss_seidel, jacobi, red_black, red_black_sor };
enum class Threading { serial, openmp };

// One sweep as a kernel receives it, validated and resolved by its caller.
struct SweepCall {
    GridRef g;        // u and the spacings (rescaled: see validation.hpp, Spacings)
    const double *f;  // right-hand side in g's layout, or nullptr for f = 0 (Laplace)
    double f_weight;  // K in the update (kernels/update.hpp): f enters as f*K
    double weight;    // SOR factor (red-black-sor) or damping (jacobi); 1 otherwise
    int threads;      // team size of an openmp kernel, >= 1, already resolved
    bool want_change; // false: the kernel need not compute the change (returns 0)
};

// One sweep over the interior of c.g, in place. Returns the sum of squared changes
// sum((u_new - u_old)^2) over the interior (not its square root: a distributed sweep adds the
// ranks' sums), or 0 when !c.want_change. `workspace` holds workspace_doubles(...) doubles.
using SweepFunction = double (*)(const SweepCall &c, double *workspace);

// Doubles of scratch one sweep of an nx x ny grid needs on `threads` threads.
using WorkspaceFunction = std::size_t (*)(int nx, int ny, int threads);

struct KernelEntry {
    const char *name; // stable name, e.g. "f77-loop"
    Scheme scheme;
    const char *language; // "Fortran 77", "Fortran 90", "Fortran 95", "C++"
    Threading threading;
    const char *description; // one line: how it is written and which row of the study it is
    int workspace_grids;     // grid-sized arrays among its workspace (laplace.h reports it)
    WorkspaceFunction workspace_doubles;
    SweepFunction sweep;
};

// "gauss-seidel", "jacobi", "red-black", "red-black-sor"; "serial", "openmp".
LAPLACE_INTERNAL_API const char *scheme_name(Scheme s);
const char *threading_name(Threading t);

LAPLACE_INTERNAL_API std::span<const KernelEntry> kernel_table();

// The entry called `name` (the whole string_view, embedded NULs included), or nullptr.
const KernelEntry *find_kernel(std::string_view name);

// The optimal SOR factor for the grid (laplace.h, laplace_options): 2/(1+sqrt(1-rho^2)) with
// rho the spectral radius of the Jacobi iteration on this nx x ny grid with dx != dy.
LAPLACE_INTERNAL_API double optimal_omega(int nx, int ny, double dx, double dy);

// Thrown by a method whose own memory (e.g. a plan) cannot be had; the C ABI reports
// LAPLACE_ERROR_TOO_LARGE with what() as the message.
struct TooLargeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace laplace::detail
