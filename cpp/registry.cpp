#include "registry.hpp"

#include "kernels/kernels.hpp"
#if LAPLACE_WITH_BLAS
#include "blas/blas.hpp"
#endif

#include <array>
#include <cmath>
#include <numbers>

#ifdef LAPLACE_WITH_OPENMP
#include "kernels/openmp_threads.hpp"
#endif

namespace laplace::detail {
namespace {

using FortranInPlaceSweep = void (*)(double *, int, int, double, double, double *);
using FortranWorkspaceSweep = void (*)(double *, double *, int, int, double, double, double *);

// Adapters from the C layout to a Fortran kernel's u(n1, n2): the grid is not copied.
template <FortranInPlaceSweep kernel>
double fortran_sweep(const GridRef &g, double *, const KernelOptions &) {
    const ColumnMajorGrid f = as_column_major(g);
    double change = 0.0;
    kernel(f.u, f.n1, f.n2, f.h1, f.h2, &change);
    return change;
}

template <FortranWorkspaceSweep kernel>
double fortran_sweep(const GridRef &g, double *workspace, const KernelOptions &) {
    const ColumnMajorGrid f = as_column_major(g);
    double change = 0.0;
    kernel(f.u, workspace, f.n1, f.n2, f.h1, f.h2, &change);
    return change;
}

#ifdef LAPLACE_WITH_OPENMP
// The Fortran OpenMP kernel gets its team size resolved here, by the same rule as the C++ ones.
double fortran_openmp_sweep(const GridRef &g, double *workspace, const KernelOptions &o) {
    const ColumnMajorGrid f = as_column_major(g);
    double change = 0.0;
    laplace_f90_openmp_sweep(f.u, workspace, f.n1, f.n2, f.h1, f.h2,
                             openmp_team_size(o.num_threads, interior_points(g)), &change);
    return change;
}
#endif

constexpr const char *gauss_seidel = "gauss-seidel";
constexpr const char *jacobi = "jacobi";
[[maybe_unused]] constexpr const char *red_black = "red-black";
[[maybe_unused]] constexpr const char *red_black_sor = "red-black-sor";

#if LAPLACE_WITH_BLAS
// The BLAS section's direct method (cpp/blas/fdm.cpp), in builds with a BLAS only.
#define LAPLACE_BLAS_KERNELS                                                                       \
    KernelEntry{"blas-fdm",                                                                        \
                "direct",                                                                          \
                "C++",                                                                             \
                "blas",                                                                            \
                "fast diagonalisation by dgemm products: the exact discrete solution in one "      \
                "sweep (the study's numpy.dot-on-every-core point)",                               \
                fdm_workspace_grids,                                                               \
                fdm_solve},
#else
#define LAPLACE_BLAS_KERNELS
#endif

const std::array kernels{
    KernelEntry{"f77-loop", gauss_seidel, "Fortran 77", "serial",
                "fixed-form DO loops in memory order (the study's f2py Fortran 77 row)", 0,
                fortran_sweep<laplace_f77_loop_sweep>},
    KernelEntry{"f90-arrays", jacobi, "Fortran 90", "serial",
                "whole-array section expression (the study's f2py Fortran 90 arrays row)", 1,
                fortran_sweep<laplace_f90_arrays_sweep>},
    KernelEntry{"f95-forall", jacobi, "Fortran 95", "serial",
                "FORALL construct (the study's f2py Fortran 95 forall row)", 1,
                fortran_sweep<laplace_f95_forall_sweep>},
    KernelEntry{"cpp-loop", gauss_seidel, "C++", "serial",
                "index loops in memory order (the study's weave.inline / pure C++ row)", 0,
                sweep_cpp_loop},
    KernelEntry{"cpp-pointer", gauss_seidel, "C++", "serial",
                "raw pointers walking the rows (the study's fast inline / Pyrex row)", 0,
                sweep_cpp_pointer},
    KernelEntry{"cpp-expression", jacobi, "C++", "serial",
                "one Eigen whole-array expression (the study's NumPy / weave.blitz row)", 1,
                sweep_cpp_expression},
#ifdef LAPLACE_WITH_OPENMP
    // OpenMP kernels (LAPLACE_WITH_OPENMP). u after a sweep is bitwise the same for any number
    // of threads.
    KernelEntry{"omp-jacobi", jacobi, "C++", "openmp",
                "OpenMP rows plus SIMD, in place with rolling row buffers (u streamed once)", 0,
                sweep_omp_jacobi},
    KernelEntry{"f90-openmp", jacobi, "Fortran 90", "openmp",
                "DO loops under !$omp directives (copy, then update), through ISO_C_BINDING", 1,
                fortran_openmp_sweep},
    KernelEntry{"omp-redblack", red_black, "C++", "openmp",
                "red-black Gauss-Seidel: even points (i+j), then odd, rows in parallel", 0,
                sweep_omp_redblack},
    KernelEntry{"omp-sor", red_black_sor, "C++", "openmp",
                "red-black SOR, optimal relaxation factor for the grid unless one is given", 0,
                sweep_omp_sor},
    KernelEntry{"omp-wavefront", gauss_seidel, "C++", "openmp",
                "Gauss-Seidel in cpp-loop's order: rows pipelined in bands, columns across "
                "threads",
                0, sweep_omp_wavefront},
#endif
    LAPLACE_BLAS_KERNELS};

} // namespace

std::span<const KernelEntry> kernel_table() {
    return kernels;
}

double optimal_omega(const GridRef &g) {
    // Jacobi's iteration matrix has the eigenvectors sin(p pi i/(nx-1)) sin(q pi j/(ny-1)),
    // eigenvalues (dy^2 cos(p pi/(nx-1)) + dx^2 cos(q pi/(ny-1)))/(dx^2 + dy^2); p = q = 1 is
    // the largest. Red-black ordering is consistent, so Young's theorem gives the factor.
    const double dx2 = g.dx * g.dx;
    const double dy2 = g.dy * g.dy;
    const double pi = std::numbers::pi;
    const double rho =
        (dy2 * std::cos(pi / (g.nx - 1)) + dx2 * std::cos(pi / (g.ny - 1))) / (dx2 + dy2);
    return 2.0 / (1.0 + std::sqrt(1.0 - rho * rho));
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
