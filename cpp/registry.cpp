#include "registry.hpp"

#include "kernels/kernels.hpp"

#include <array>
#include <cmath>
#include <numbers>

namespace laplace::detail {
namespace {

using FortranInPlaceSweep = void (*)(double *, int, int, double, double, double *);
using FortranWorkspaceSweep = void (*)(double *, double *, int, int, double, double, double *);
using FortranGeneralSweep = void (*)(double *, double *, const double *, int, int, double, double,
                                     double, double, int, double *);

// Adapters from the C layout to a Fortran kernel's u(n1, n2): the grid is not copied. The
// study's f-free forms (the ones the comparison measures) return the change norm; squaring it
// gives back the sum of squares exactly enough that its square root is the same norm again
// (sqrt(fl(y*y)) = y in binary floating point, barring under- and overflow).
double squared(double norm) {
    return norm * norm;
}

double f77_loop(const SweepCall &c, double *) {
    const ColumnMajorGrid f = as_column_major(c.g);
    double change = 0.0;
    if (c.f == nullptr && c.want_change) {
        laplace_f77_loop_sweep(f.u, f.n1, f.n2, f.h1, f.h2, &change);
        return squared(change);
    }
    laplace_f77_loop_sweep_general(f.u, c.f, f.n1, f.n2, f.h1, f.h2, c.f_weight,
                                   c.want_change ? 1 : 0, &change);
    return change;
}

template <FortranWorkspaceSweep study, FortranGeneralSweep general>
double fortran_jacobi(const SweepCall &c, double *workspace) {
    const ColumnMajorGrid f = as_column_major(c.g);
    double change = 0.0;
    double *const old = placed_apart(workspace, c.g.u, c.g.ny);
    if (c.f == nullptr && c.weight == 1.0 && c.want_change) {
        study(f.u, old, f.n1, f.n2, f.h1, f.h2, &change);
        return squared(change);
    }
    general(f.u, old, c.f, f.n1, f.n2, f.h1, f.h2, c.f_weight, c.weight, c.want_change ? 1 : 0,
            &change);
    return change;
}

#ifdef LAPLACE_WITH_OPENMP
double fortran_openmp(const SweepCall &c, double *workspace) {
    const ColumnMajorGrid f = as_column_major(c.g);
    double change = 0.0;
    double *const old = placed_apart(workspace, c.g.u, c.g.ny);
    double *const column_sums = old + c.g.size();
    if (c.f == nullptr && c.weight == 1.0) {
        laplace_f90_openmp_sweep(f.u, old, column_sums, f.n1, f.n2, f.h1, f.h2, c.threads, &change);
        return change;
    }
    laplace_f90_openmp_sweep_general(f.u, old, column_sums, c.f, f.n1, f.n2, f.h1, f.h2, c.f_weight,
                                     c.weight, c.want_change ? 1 : 0, c.threads, &change);
    return change;
}
// The previous iterate, placed apart from u (kernels.hpp), and the column sums (n2 = nx of the C
// layout).
std::size_t fortran_openmp_workspace(int nx, int ny, int) {
    return std::size_t(nx) * std::size_t(ny) + page_slack + std::size_t(nx);
}
#endif

std::size_t no_workspace(int, int, int) {
    return 0;
}

// A copy of the grid, placed apart from u (kernels.hpp).
std::size_t one_grid(int nx, int ny, int) {
    return std::size_t(nx) * std::size_t(ny) + page_slack;
}

// A copy of the grid at the workspace's start (cpp-expression: Eigen's evaluation gained
// nothing from the placement, measured over the offsets of a page).
std::size_t grid_copy(int nx, int ny, int) {
    return std::size_t(nx) * std::size_t(ny);
}

const std::array kernels{
    KernelEntry{"f77-loop", Scheme::gauss_seidel, "Fortran 77", Threading::serial,
                "fixed-form DO loops in memory order (the study's f2py Fortran 77 row)", 0,
                no_workspace, f77_loop},
    KernelEntry{"f90-arrays", Scheme::jacobi, "Fortran 90", Threading::serial,
                "whole-array section expression (the study's f2py Fortran 90 arrays row)", 1,
                one_grid,
                fortran_jacobi<laplace_f90_arrays_sweep, laplace_f90_arrays_sweep_general>},
    KernelEntry{"f95-forall", Scheme::jacobi, "Fortran 95", Threading::serial,
                "FORALL construct (the study's f2py Fortran 95 forall row)", 1, one_grid,
                fortran_jacobi<laplace_f95_forall_sweep, laplace_f95_forall_sweep_general>},
    KernelEntry{"cpp-loop", Scheme::gauss_seidel, "C++", Threading::serial,
                "index loops in memory order (the study's weave.inline / pure C++ row)", 0,
                no_workspace, sweep_cpp_loop},
    KernelEntry{"cpp-pointer", Scheme::gauss_seidel, "C++", Threading::serial,
                "raw pointers walking the rows (the study's fast inline / Pyrex row)", 0,
                no_workspace, sweep_cpp_pointer},
    KernelEntry{"cpp-expression", Scheme::jacobi, "C++", Threading::serial,
                "one Eigen whole-array expression (the study's NumPy / weave.blitz row)", 1,
                grid_copy, sweep_cpp_expression},
#ifdef LAPLACE_WITH_OPENMP
    // OpenMP kernels (LAPLACE_WITH_OPENMP). u after a sweep is bitwise the same for any number
    // of threads.
    KernelEntry{"omp-jacobi", Scheme::jacobi, "C++", Threading::openmp,
                "OpenMP rows plus SIMD, in place with rolling row buffers (u streamed once)", 0,
                omp_jacobi_workspace, sweep_omp_jacobi},
    KernelEntry{"f90-openmp", Scheme::jacobi, "Fortran 90", Threading::openmp,
                "DO loops under !$omp directives (copy, then update), through ISO_C_BINDING", 1,
                fortran_openmp_workspace, fortran_openmp},
    KernelEntry{"omp-redblack", Scheme::red_black, "C++", Threading::openmp,
                "red-black Gauss-Seidel: even points (i+j), then odd, rows in parallel", 0,
                redblack_workspace, sweep_omp_redblack},
    KernelEntry{"omp-sor", Scheme::red_black_sor, "C++", Threading::openmp,
                "red-black SOR, optimal relaxation factor for the grid unless one is given", 0,
                redblack_workspace, sweep_omp_sor},
    KernelEntry{"omp-wavefront", Scheme::gauss_seidel, "C++", Threading::openmp,
                "Gauss-Seidel in cpp-loop's order: bands of rows pipelined, the bands taken by "
                "the threads in turn",
                0, omp_wavefront_workspace, sweep_omp_wavefront},
#endif
};

} // namespace

std::span<const KernelEntry> kernel_table() {
    return kernels;
}

const char *scheme_name(Scheme s) {
    switch (s) {
    case Scheme::gauss_seidel:
        return "gauss-seidel";
    case Scheme::jacobi:
        return "jacobi";
    case Scheme::red_black:
        return "red-black";
    case Scheme::red_black_sor:
        return "red-black-sor";
    }
    return "unknown";
}

const char *threading_name(Threading t) {
    return t == Threading::openmp ? "openmp" : "serial";
}

double optimal_omega(int nx, int ny, double dx, double dy) {
    // Jacobi's iteration matrix has the eigenvectors sin(p pi i/(nx-1)) sin(q pi j/(ny-1)),
    // eigenvalues (dy^2 cos(p pi/(nx-1)) + dx^2 cos(q pi/(ny-1)))/(dx^2 + dy^2); p = q = 1 is
    // the largest. Red-black ordering is consistent, so Young's theorem gives the factor.
    const double dx2 = dx * dx;
    const double dy2 = dy * dy;
    const double pi = std::numbers::pi;
    const double rho =
        (dy2 * std::cos(pi / (nx - 1)) + dx2 * std::cos(pi / (ny - 1))) / (dx2 + dy2);
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
