// Declarations of the sweep kernels written in C++ and of the Fortran kernels' C entry points.
// Each kernel follows the contract of laplace::detail::SweepFunction (cpp/registry.hpp).
#pragma once

#include "../grid.hpp"
#include "../registry.hpp"

namespace laplace::detail {

double sweep_cpp_loop(const GridRef &g, double *, const KernelOptions &);       // loop.cpp
double sweep_cpp_pointer(const GridRef &g, double *, const KernelOptions &);    // pointer.cpp
double sweep_cpp_expression(const GridRef &g, double *, const KernelOptions &); // expression.cpp

#ifdef LAPLACE_WITH_OPENMP
double sweep_omp_jacobi(const GridRef &g, double *, const KernelOptions &);   // openmp_jacobi.cpp
double sweep_omp_redblack(const GridRef &g, double *, const KernelOptions &); // openmp_redblack.cpp
double sweep_omp_sor(const GridRef &g, double *, const KernelOptions &);      // openmp_redblack.cpp
double sweep_omp_wavefront(const GridRef &g, double *,
                           const KernelOptions &); // openmp_wavefront.cpp
#endif

} // namespace laplace::detail

// Fortran kernels, bind(C) entry points in fortran/*.f90. They see the grid as u(n1, n2) with
// index 1 contiguous (see as_column_major in grid.hpp); `old` is an n1*n2 workspace.
extern "C" {
void laplace_f77_loop_sweep(double *u, int n1, int n2, double h1, double h2, double *change);
void laplace_f90_arrays_sweep(double *u, double *old, int n1, int n2, double h1, double h2,
                              double *change);
void laplace_f95_forall_sweep(double *u, double *old, int n1, int n2, double h1, double h2,
                              double *change);
#ifdef LAPLACE_WITH_OPENMP
// num_threads >= 1: the team size, already resolved (see kernels/openmp_threads.hpp).
void laplace_f90_openmp_sweep(double *u, double *old, int n1, int n2, double h1, double h2,
                              int num_threads, double *change);
#endif
}
