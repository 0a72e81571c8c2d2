/*
 * laplace_mpi.h - the distributed solver of the laplace library: the C ABI of target
 * laplace::laplace_mpi (built when CMake finds MPI, option LAPLACE_WITH_MPI).
 *
 * One global nx x ny grid (the problem and the GRID CONVENTION of laplace.h) is split over the
 * ranks of a communicator. The ranks form a 2D Cartesian grid (MPI_Dims_create,
 * MPI_Cart_create; the larger process count goes along the axis with more points) and the
 * INTERIOR points are split into contiguous blocks, as evenly as the extents allow. Each rank
 * stores its block with a one-point ring around it: the neighbours' edge points (the halo,
 * exchanged with MPI_Isend/MPI_Irecv before each sweep) or, at the edge of the grid, the
 * boundary values it owns. Block plus ring is itself a small grid in the library's layout, so
 * a sweep of any single-process Jacobi kernel over it updates exactly the block: the kernels of
 * the registry run unchanged on every rank, and u after k distributed sweeps is bitwise u after
 * k single-process sweeps of the same kernel, on any number of ranks. The change norm is
 * global: sqrt of the MPI_Allreduce sum of the ranks' squared norms (it can differ from the
 * single-process norm in the last bits: the sum runs in another order). Every rank compares
 * that one value with tol, so all ranks stop at the same sweep; this relies on MPI giving every
 * rank the same result of the reduction, as the MPI standard recommends (the tests check that
 * every rank stops after the same number of sweeps).
 *
 * Red-black Gauss-Seidel and SOR colour a point by the parity of its GLOBAL indices (i + j):
 * "red" (even) points first, then a halo exchange, then "black" (odd) points; the same values as
 * a single-process red-black sweep up to rounding.
 *
 * Every point of the global grid is OWNED by exactly one rank: interior points by the rank
 * whose block holds them, boundary points by the rank whose ring holds them at the edge of the
 * grid. Scatter, gather and the fill functions write or read owned points only.
 *
 * COLLECTIVE CALLS AND ERRORS
 *   Functions marked "collective" must be called by every rank of the grid's communicator, with
 *   the same kernel, max_iter, tol, omega and root. They check their arguments on every rank
 *   with the rules of laplace.h (same status codes and messages), then agree on the outcome
 *   with one MPI_Allreduce: if any rank finds a problem (a NaN in its block, a NULL pointer,
 *   an unknown kernel, a value that differs between ranks), EVERY rank returns the status of
 *   the lowest such rank with its message, prefixed "rank R: ", and no rank has written
 *   anything. No call hangs on bad input, except a NULL grid (or MPI_COMM_NULL given to
 *   laplace_mpi_grid_create), which a rank cannot report to the others, having no communicator
 *   to them: it returns LAPLACE_ERROR_NULL_POINTER on that rank only.
 *   Messages are read with laplace_last_error(). Errors inside MPI itself follow the
 *   communicator's MPI error handler (by default MPI aborts the job).
 *
 * Status codes used beyond those of laplace.h's functions:
 *   LAPLACE_ERROR_UNKNOWN_KERNEL  also for a registry kernel that has no distributed form (a
 *                                 Gauss-Seidel kernel: its result depends on the order of the
 *                                 blocks; use laplace_mpi_sweep_redblack instead)
 *   LAPLACE_ERROR_BAD_EXTENT      also for a grid with fewer interior points along an axis than
 *                                 ranks along it (every rank needs a nonempty block)
 *   LAPLACE_ERROR_BAD_INDEX       root outside 0..size-1
 *   LAPLACE_ERROR_BAD_OMEGA       omega outside (0, 2) and not 0, or NaN
 */
#ifndef LAPLACE_LAPLACE_MPI_H
#define LAPLACE_LAPLACE_MPI_H

#include "laplace/laplace.h"

#include <mpi.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default) /* the library hides all but what its headers declare */
#endif

/* A distributed grid: this rank's block with its ring, the Cartesian communicator, timers. */
typedef struct laplace_mpi_grid laplace_mpi_grid;

/* A boundary or initial-value function: the value at the point (x, y); ctx is passed through. */
typedef double (*laplace_mpi_function)(double x, double y, void *ctx);

/* This rank's share of the grid, in the grid's layout and in its caller's names: for a grid
 * made with laplace_mpi_grid_create_colmajor, nx, i, dx, ... keep meaning "along x". Indices
 * are global and 0-based.                                                                     */
typedef struct laplace_mpi_block {
    int nx, ny;             /* global extents */
    double dx, dy;          /* spacings */
    int ranks;              /* ranks of the communicator */
    int rank;               /* this rank */
    int dims[2];            /* ranks along x and along y */
    int coords[2];          /* this rank's position in the process grid */
    int i_begin, i_end;     /* owned points: i_begin <= i < i_end, */
    int j_begin, j_end;     /*               j_begin <= j < j_end */
    int local_nx, local_ny; /* extents of the local array: block plus ring */
    int i_offset, j_offset; /* global indices of the local array's first point */
    double *u;              /* the local array: point (i, j) is at
                             *   u[(i - i_offset)*local_ny + (j - j_offset)] (C layout) or
                             *   u[(i - i_offset) + (j - j_offset)*local_nx] (colmajor)     */
} laplace_mpi_block;

/* Cumulative wall-clock seconds (MPI_Wtime) this rank spent in each part of the sweeps of a
 * grid, since its creation or laplace_mpi_reset_timings.                                     */
typedef struct laplace_mpi_timings {
    double compute;  /* the sweeps of the local block */
    double exchange; /* halo exchanges (MPI_Isend/MPI_Irecv/MPI_Waitall), waiting included */
    double reduce;   /* the MPI_Allreduce of the change norm, waiting included */
    int sweeps;      /* sweeps done */
    int exchanges;   /* halo exchanges done (red-black: two per sweep) */
} laplace_mpi_timings;

/* ---- The distributed grid ---------------------------------------------------------------- */

/* Collective. Splits an nx x ny grid with spacings dx, dy (the rules of laplace_sweep: nx,
 * ny >= 3, dx, dy finite and > 0) over the ranks of comm and allocates this rank's block,
 * set to zero. The grid uses its own Cartesian communicator; comm's ranks keep their numbers.
 *   grid  out  the new grid (NULL on error); free it with laplace_mpi_grid_free            */
int laplace_mpi_grid_create(MPI_Comm comm, int nx, int ny, double dx, double dy,
                            laplace_mpi_grid **grid);

/* The same for a caller that holds grids in the Fortran layout u(nx, ny) (laplace.h, "GRID
 * CONVENTION"): scatter, gather and laplace_mpi_block use that layout, functions get (x, y)
 * and messages name u(i, j), 1-based, as the caller does.                                    */
int laplace_mpi_grid_create_colmajor(MPI_Comm comm, int nx, int ny, double dx, double dy,
                                     laplace_mpi_grid **grid);

/* The two above with a Fortran communicator handle (MPI_Fint, converted with MPI_Comm_f2c). */
int laplace_mpi_grid_create_f(MPI_Fint comm, int nx, int ny, double dx, double dy,
                              laplace_mpi_grid **grid);
int laplace_mpi_grid_create_colmajor_f(MPI_Fint comm, int nx, int ny, double dx, double dy,
                                       laplace_mpi_grid **grid);

/* Collective. Frees the grid and its communicator; NULL is allowed and does nothing. */
void laplace_mpi_grid_free(laplace_mpi_grid *grid);

/* This rank's share of the grid (not collective). */
int laplace_mpi_grid_block(const laplace_mpi_grid *grid, laplace_mpi_block *block);

/* Not collective: each rank fills its own points, so no rank ever holds the whole grid.
 * laplace_mpi_fill sets every owned point (i, j) to f(x0 + i*dx, y0 + j*dy, ctx);
 * laplace_mpi_set_boundary sets only the owned points on the boundary of the global grid and
 * leaves the others as they are. Non-finite values are reported by the next sweep or solve.  */
int laplace_mpi_fill(laplace_mpi_grid *grid, double x0, double y0, laplace_mpi_function f,
                     void *ctx);
int laplace_mpi_set_boundary(laplace_mpi_grid *grid, double x0, double y0, laplace_mpi_function f,
                             void *ctx);

/* Collective. Copies a whole grid held by rank `root` (nx*ny values in the grid's layout; only
 * root reads u, the other ranks may pass NULL) to the ranks' blocks, or gathers the blocks
 * into u on root (only root writes u). Every point, boundary included.                       */
int laplace_mpi_scatter(laplace_mpi_grid *grid, int root, const double *u);
int laplace_mpi_gather(const laplace_mpi_grid *grid, int root, double *u);

/* ---- Sweeps and solves (collective) ------------------------------------------------------ */

/* One Jacobi sweep of the registry kernel `kernel` (its scheme must be "jacobi") over the
 * global grid: a halo exchange, the kernel on every rank's block, the global change norm.
 *   change  out  the global change norm, the same on every rank                              */
int laplace_mpi_sweep(laplace_mpi_grid *grid, const char *kernel, double *change);

/* Sweeps until the global change norm is <= tol or max_iter sweeps were done; the rules and
 * outputs of laplace_solve, the same on every rank.                                          */
int laplace_mpi_solve(laplace_mpi_grid *grid, const char *kernel, int max_iter, double tol,
                      int *iterations, double *change);

/* One red-black sweep: red points (global i + j even), a halo exchange, black points.
 *   omega  1: Gauss-Seidel in red-black order; in (0, 2): SOR, u + omega*(gs - u);
 *          0: SOR with the optimal factor for the global grid,
 *             2/(1 + sqrt(1 - rho^2)), rho = (dy^2 cos(pi/(nx-1)) + dx^2 cos(pi/(ny-1)))
 *                                            / (dx^2 + dy^2)                              */
int laplace_mpi_sweep_redblack(laplace_mpi_grid *grid, double omega, double *change);
int laplace_mpi_solve_redblack(laplace_mpi_grid *grid, double omega, int max_iter, double tol,
                               int *iterations, double *change);

/* ---- Poisson: the right-hand side, the residual and its stopping rules ----------------------
 * A grid may hold a right-hand side f (laplace.h: u_xx + u_yy = f), one value per owned interior
 * point, stored by each rank beside its block. Every sweep, solve and residual of the grid then
 * uses it; without one, f = 0. Distributed sweeps with f give bitwise the single-process iterates
 * of the same kernel with the same f (jacobi kernels, and red-black against the omp-redblack and
 * omp-sor kernels), on any number of ranks. As in laplace.h, the spacings are rescaled by one
 * power of two before the kernels see them, so dx = 1e-200 works, and scaling dx, dy by 2^k and
 * f by 2^-2k gives the same bits.
 *
 * Every rank must hold f, or none: a rank with f and another without is reported by the next
 * collective call that uses f, on every rank, as LAPLACE_ERROR_NULL_POINTER ("whether f is set
 * differs between ranks"). NaN or Inf in f at an interior point is LAPLACE_ERROR_NONFINITE_INPUT
 * naming the point (f[k] (i = , j = ), or f(i, j) for a colmajor grid), as for u.            */

/* Not collective, but every rank calls it: sets f at every owned interior point (i, j) to
 * f(x0 + i*dx, y0 + j*dy, ctx), in the caller's axes. f is allocated (zero) on first use:
 * LAPLACE_ERROR_TOO_LARGE if that fails; a NULL f is LAPLACE_ERROR_NULL_POINTER. Non-finite
 * values are reported by the next sweep, solve or residual.                                   */
int laplace_mpi_set_rhs(laplace_mpi_grid *grid, double x0, double y0, laplace_mpi_function f,
                        void *ctx);

/* Collective. Copies a whole right-hand side held by rank `root` (nx*ny values in the grid's
 * layout; only root reads f, the other ranks may pass NULL; only the interior values are used)
 * to the ranks. Errors as laplace_mpi_scatter ("f is NULL on root"); on error no rank changes
 * its f.                                                                                       */
int laplace_mpi_scatter_rhs(laplace_mpi_grid *grid, int root, const double *f);

/* Not collective, but every rank calls it: removes f (back to Laplace's equation, f = 0). */
int laplace_mpi_clear_rhs(laplace_mpi_grid *grid);

/* Collective. Norms of the global residual r = f - A u over the interior (laplace_residual,
 * computed scaled: right from the subnormal range to near overflow; +Inf where a norm is not
 * representable, e.g. f = 0 with dx = 1e-200): the same on every rank. The max norm is bitwise
 * the single-process one; the 2-norm equals it to rounding (the ranks' sums add in another
 * order). It exchanges halos: its time counts in laplace_mpi_timings' exchange and reduce.
 *   norm2, norm_max  out  may be NULL
 * Returns LAPLACE_OK, or before anything is written: NaN/Inf in u or f
 * (LAPLACE_ERROR_NONFINITE_INPUT), f set on some ranks only, no memory for the workspace.    */
int laplace_mpi_residual(laplace_mpi_grid *grid, double *norm2, double *norm_max);

/* Collective. Solves with the stopping rules of laplace.h's solvers (STOPPING RULES), through
 * the same driver as laplace_solver_solve; every rank stops after the same sweep.
 *   kernel      in   a jacobi kernel of the registry, or NULL for red-black with `omega` (as in
 *                    laplace_mpi_sweep_redblack; with a kernel, omega is not used)
 *   max_iter    in   >= 0, or LAPLACE_NO_LIMIT
 *   rtol, atol, change_tol  in  >= 0, 0 = off; not all 0 when max_iter is LAPLACE_NO_LIMIT
 *   result      out  result->size set by the caller (laplace_result); the fields that fit are
 *                    written, the same on every rank (change is NaN when not computed: no
 *                    change_tol and not the last of max_iter)
 * Returns LAPLACE_OK (converged or not: see result->converged), or
 *   - before anything is written (u and *result untouched), on every rank with the status of the
 *     lowest failing rank, checked in this order: an unknown kernel or one that is not jacobi
 *     (LAPLACE_ERROR_UNKNOWN_KERNEL), omega (LAPLACE_ERROR_BAD_OMEGA), NULL result
 *     (LAPLACE_ERROR_NULL_POINTER), result->size smaller than its `size` field
 *     (LAPLACE_ERROR_BAD_INDEX), max_iter (LAPLACE_ERROR_BAD_MAX_ITER), a tolerance < 0 or NaN,
 *     or all tolerances 0 with LAPLACE_NO_LIMIT (LAPLACE_ERROR_BAD_TOLERANCE), no memory for
 *     the workspace, NaN/Inf in u or f (LAPLACE_ERROR_NONFINITE_INPUT); then a value that
 *     differs between ranks (its status), f set on some ranks only;
 *   - LAPLACE_ERROR_NONFINITE_RESULT when a sweep overflowed: u holds that iterate, and
 *     *result counts the sweeps done, the failing one included.                               */
int laplace_mpi_solve_rules(laplace_mpi_grid *grid, const char *kernel, double omega, int max_iter,
                            double rtol, double atol, double change_tol, laplace_result *result);

/* ---- Kernel names with their length (the C++ facade, module laplace_mpi) -------------------
 * laplace_mpi_sweep, _solve and _solve_rules with the kernel name given as `length` bytes at
 * `kernel` (no NUL needed), for languages whose strings carry their length. A name holding a
 * NUL byte is LAPLACE_ERROR_UNKNOWN_KERNEL on every rank ("kernel name 'cpp-loop\x00x' holds a
 * NUL byte at offset 8"), as single-process calls from C++ and Fortran report it: a C string
 * ends at its first NUL, so "cpp-loop\0x" would name cpp-loop. Otherwise the same calls: a NULL
 * kernel is LAPLACE_ERROR_NULL_POINTER (_solve_rules_n: red-black with omega).               */
int laplace_mpi_sweep_n(laplace_mpi_grid *grid, const char *kernel, size_t length, double *change);
int laplace_mpi_solve_n(laplace_mpi_grid *grid, const char *kernel, size_t length, int max_iter,
                        double tol, int *iterations, double *change);
int laplace_mpi_solve_rules_n(laplace_mpi_grid *grid, const char *kernel, size_t length,
                              double omega, int max_iter, double rtol, double atol,
                              double change_tol, laplace_result *result);

/* ---- Timings (not collective) ------------------------------------------------------------ */
int laplace_mpi_get_timings(const laplace_mpi_grid *grid, laplace_mpi_timings *timings);
int laplace_mpi_reset_timings(laplace_mpi_grid *grid);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif
#ifdef __cplusplus
}
#endif

#endif /* LAPLACE_LAPLACE_MPI_H */
