#include "registry.hpp"

#include "kernels/kernels.hpp"
#if LAPLACE_WITH_BLAS
#include "blas/blas.hpp"
#endif

#include <array>

namespace laplace::detail {
namespace {

using FortranInPlaceSweep = void (*)(double *, int, int, double, double, double *);
using FortranWorkspaceSweep = void (*)(double *, double *, int, int, double, double, double *);

// Adapters from the C layout to a Fortran kernel's u(n1, n2): the grid is not copied.
template <FortranInPlaceSweep kernel>
double fortran_sweep(const GridRef &g, double *) {
    const ColumnMajorGrid f = as_column_major(g);
    double change = 0.0;
    kernel(f.u, f.n1, f.n2, f.h1, f.h2, &change);
    return change;
}

template <FortranWorkspaceSweep kernel>
double fortran_sweep(const GridRef &g, double *workspace) {
    const ColumnMajorGrid f = as_column_major(g);
    double change = 0.0;
    kernel(f.u, workspace, f.n1, f.n2, f.h1, f.h2, &change);
    return change;
}

constexpr const char *gauss_seidel = "gauss-seidel";
constexpr const char *jacobi = "jacobi";

#if LAPLACE_WITH_BLAS
// The BLAS section's direct method (cpp/blas/fdm.cpp), in builds with a BLAS only.
#define LAPLACE_BLAS_KERNELS                                                                       \
    KernelEntry{"blas-fdm",                                                                        \
                "direct",                                                                          \
                "C++",                                                                             \
                "blas",                                                                            \
                "fast diagonalisation by four dgemm calls: the exact discrete solution in one "    \
                "sweep (the study's numpy.dot-on-every-core point)",                               \
                false,                                                                             \
                nullptr,                                                                           \
                fdm_solve,                                                                         \
                fdm_workspace_grids},
#else
#define LAPLACE_BLAS_KERNELS
#endif

const std::array kernels{
    KernelEntry{"f77-loop", gauss_seidel, "Fortran 77", "serial",
                "fixed-form DO loops in memory order (the study's f2py Fortran 77 row)", false,
                fortran_sweep<laplace_f77_loop_sweep>},
    KernelEntry{"f90-arrays", jacobi, "Fortran 90", "serial",
                "whole-array section expression (the study's f2py Fortran 90 arrays row)", true,
                fortran_sweep<laplace_f90_arrays_sweep>},
    KernelEntry{"f95-forall", jacobi, "Fortran 95", "serial",
                "FORALL construct (the study's f2py Fortran 95 forall row)", true,
                fortran_sweep<laplace_f95_forall_sweep>},
    KernelEntry{"cpp-loop", gauss_seidel, "C++", "serial",
                "index loops in memory order (the study's weave.inline / pure C++ row)", false,
                sweep_cpp_loop},
    KernelEntry{"cpp-pointer", gauss_seidel, "C++", "serial",
                "raw pointers walking the rows (the study's fast inline / Pyrex row)", false,
                sweep_cpp_pointer},
    KernelEntry{"cpp-expression", jacobi, "C++", "serial",
                "one Eigen whole-array expression (the study's NumPy / weave.blitz row)", true,
                sweep_cpp_expression},
    LAPLACE_BLAS_KERNELS};

} // namespace

std::span<const KernelEntry> kernel_table() {
    return kernels;
}

const KernelEntry *find_kernel(std::string_view name) {
    for (const KernelEntry &k : kernels) {
        if (name == k.name) {
            return &k;
        }
    }
    return nullptr;
}

} // namespace laplace::detail
