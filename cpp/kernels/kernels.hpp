// Declarations of the sweep kernels written in C++ and of the Fortran kernels' C entry points.
// Each kernel follows the contract of laplace::detail::SweepFunction (cpp/registry.hpp).
#pragma once

#include "../internal_api.hpp"

#include "../grid.hpp"
#include "../registry.hpp"

#include <cstddef>
#include <cstdint>

namespace laplace::detail {

// Where a Jacobi kernel's copy of the grid goes in its workspace. Such a kernel stores the new
// value of a point while it loads the old values of the point and of its neighbours (1 and
// `row` elements away); a store and a load whose addresses differ by a multiple of 4 KiB stall
// the CPU's store forwarding, so the speed depended on where the caller's u and the workspace
// happened to lie. The copy is placed at a distance from u (mod 4 KiB) of at least 128 bytes
// from each of those: one of 1088, 2112, 3136 bytes. `page_slack` doubles make room for it.
inline constexpr std::size_t page_slack = 4096 / sizeof(double);
inline double *placed_apart(double *workspace, const double *u, std::ptrdiff_t row) {
    const auto offset = [](const void *p) {
        return std::ptrdiff_t(reinterpret_cast<std::uintptr_t>(p) % 4096);
    };
    const auto near = [](std::ptrdiff_t a, std::ptrdiff_t b) {
        const std::ptrdiff_t d = ((a - b) % 4096 + 4096) % 4096;
        return d < 128 || d > 4096 - 128;
    };
    std::ptrdiff_t distance = 1088;
    for (const std::ptrdiff_t candidate : {1088, 2112, 3136}) {
        distance = candidate;
        const std::ptrdiff_t stride = 8 * row % 4096;
        if (!near(candidate, stride) && !near(candidate, -stride)) {
            break;
        }
    }
    return workspace + (offset(u) + distance - offset(workspace) + 2 * 4096) % 4096 / 8;
}

double sweep_cpp_loop(const SweepCall &c, double *workspace);       // loop.cpp
double sweep_cpp_pointer(const SweepCall &c, double *workspace);    // pointer.cpp
double sweep_cpp_expression(const SweepCall &c, double *workspace); // expression.cpp

// Red-black Gauss-Seidel and SOR (redblack.cpp), built with or without OpenMP: the kernels
// omp-redblack and omp-sor, and the half-sweep the MPI layer calls between halo exchanges.
double sweep_omp_redblack(const SweepCall &c, double *workspace);
double sweep_omp_sor(const SweepCall &c, double *workspace);
std::size_t redblack_workspace(int nx, int ny, int threads);

// Updates the interior points (i, j) of c.g whose parity (i + j + parity_offset) % 2 is
// `colour` (0 = red, 1 = black), in place, on c.threads threads; with sor, relaxed by c.weight.
// parity_offset is the parity of the global indices of c.g's point (0, 0) (0 for a whole grid,
// (i_offset + j_offset) % 2 for a rank's block). Returns the sum of squared changes (0 when
// !c.want_change); `row_sums` holds c.g.nx doubles.
LAPLACE_INTERNAL_API double redblack_half_sweep(const SweepCall &c, int parity_offset, int colour,
                                                bool sor, double *row_sums);

#ifdef LAPLACE_WITH_OPENMP
double sweep_omp_jacobi(const SweepCall &c, double *workspace); // openmp_jacobi.cpp
std::size_t omp_jacobi_workspace(int nx, int ny, int threads);
double sweep_omp_wavefront(const SweepCall &c, double *workspace); // openmp_wavefront.cpp
std::size_t omp_wavefront_workspace(int nx, int ny, int threads);
#endif

} // namespace laplace::detail

// Fortran kernels, bind(C) entry points in fortran/*.f90. They see the grid as u(n1, n2) with
// index 1 contiguous (see as_column_major in grid.hpp); `old` is an n1*n2 workspace. The
// study's f-free forms are kept as they were; the _general forms add f (NULL: none; f's layout
// is u's), its factor fk, the Jacobi damping `weight` and want_change (0: change is set to 0).
// All of them return the sum of squared changes in *change (its square root is the caller's).
extern "C" {
void laplace_f77_loop_sweep(double *u, int n1, int n2, double h1, double h2, double *change);
void laplace_f77_loop_sweep_general(double *u, const double *f, int n1, int n2, double h1,
                                    double h2, double fk, int want_change, double *change);
void laplace_f90_arrays_sweep(double *u, double *old, int n1, int n2, double h1, double h2,
                              double *change);
void laplace_f90_arrays_sweep_general(double *u, double *old, const double *f, int n1, int n2,
                                      double h1, double h2, double fk, double weight,
                                      int want_change, double *change);
void laplace_f95_forall_sweep(double *u, double *old, int n1, int n2, double h1, double h2,
                              double *change);
void laplace_f95_forall_sweep_general(double *u, double *old, const double *f, int n1, int n2,
                                      double h1, double h2, double fk, double weight,
                                      int want_change, double *change);
#ifdef LAPLACE_WITH_OPENMP
// num_threads >= 1: the team size, already resolved (see kernels/openmp_threads.hpp).
// column_sums: n2 doubles of workspace after `old`. The first form has neither f nor damping.
void laplace_f90_openmp_sweep(double *u, double *old, double *column_sums, int n1, int n2,
                              double h1, double h2, int num_threads, double *change);
void laplace_f90_openmp_sweep_general(double *u, double *old, double *column_sums, const double *f,
                                      int n1, int n2, double h1, double h2, double fk,
                                      double weight, int want_change, int num_threads,
                                      double *change);
#endif
}
