/*
 * laplace.h - the C ABI of the laplace library.
 *
 * This is the one boundary every other language crosses: the C++ facade (laplace.hpp) and the
 * Fortran module (module laplace) are thin layers over these functions. Arguments are validated
 * here, once, before any kernel runs.
 *
 * The problem: Poisson's equation u_xx + u_yy = f on a rectangle with Dirichlet boundary values
 * held in u, on an nx x ny grid with spacings dx, dy, discretised with the 5-point scheme
 *
 *     u[i,j] = ((u[i-1,j] + u[i+1,j])*dy^2 + (u[i,j-1] + u[i,j+1])*dx^2 - f[i,j]*dx^2*dy^2)
 *              / (2*(dx^2 + dy^2))
 *
 * f is optional (absent: the study's Laplace problem, f = 0). A sweep updates every interior
 * point once, in place, and reports the change norm sqrt(sum((u_new - u_old)^2)) over the grid,
 * right (to rounding) for values from the subnormal range up to near overflow: the kernels sum
 * squares unscaled, which is exact enough for changes in [2^-400, 2^450]; when the last change
 * (or, before any, the largest |u| and |f| term) lies outside [2^-300, 2^400], the change is
 * computed scaled from a copy of u made before the sweep (memory for one grid, that sweep
 * only). Boundary values are never written. The residual is r = f - A u over the interior, A the
 * 5-point operator: (u[i-1,j] - 2u[i,j] + u[i+1,j])/dx^2 + (u[i,j-1] - 2u[i,j] + u[i,j+1])/dy^2.
 *
 * Two tables: KERNELS (one sweep of one scheme, written one way: the study's rows and ours) and
 * METHODS (how a solution is reached: "iterate" sweeps a kernel until a stopping rule holds;
 * direct methods such as "blas-fdm" and "fft-dst" solve at once). laplace_sweep and
 * laplace_solve are the study's calls, for kernels; a laplace_solver object (below) runs any
 * method, with f, the residual stopping rules and a setup reused across solves.
 *
 * GRID CONVENTION (the single rule for every language)
 *   C and C++:  row-major, u[i*ny + j] holds u(x_i, y_j); i = 0..nx-1 along x (slow index),
 *               j = 0..ny-1 along y (fast, contiguous index).
 *   Fortran:    a natural u(nx, ny) array, u(i,j) = u(x_i, y_j), i along x (fast index).
 *   The same bytes are the transposed grid for the other language. The scheme is symmetric
 *   under swapping the axes together with their spacings, so a C-layout grid (nx, ny, dx, dy)
 *   is, byte for byte, the Fortran-layout grid (ny, nx, dy, dx). Every crossing between the two
 *   layouts applies exactly this swap and never copies the grid.
 *   Gauss-Seidel kernels update points in memory order (contiguous index innermost), so the
 *   same array gets the same iterates from every Gauss-Seidel kernel, in whichever language.
 *
 * ERRORS
 *   Every function that can fail returns LAPLACE_OK (0) or one of the nonzero laplace_status
 *   codes below, and sets a message for the calling thread, read with laplace_last_error().
 *   On a validation error the caller's grid is left untouched.
 *
 * Thread safety: every function may be called concurrently from several threads on different
 * grids. The error message is thread-local.
 *
 * ALIASING: a kernel's workspace is allocated by the library, so no caller's array can alias
 * it. The outputs (change, iterations, norms) must not point into u: that would write them into
 * the grid, so it is rejected with LAPLACE_ERROR_ALIASED_OUTPUT before anything is written; an
 * f that overlaps u is LAPLACE_ERROR_ALIASED_INPUT.
 */
#ifndef LAPLACE_LAPLACE_H
#define LAPLACE_LAPLACE_H

#include "laplace/version.h" /* LAPLACE_VERSION_MAJOR/MINOR/PATCH/STRING: the headers' version */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default) /* the library hides all but what its headers declare */
#endif

/* Status codes. Values are stable. */
enum laplace_status {
    LAPLACE_OK = 0,
    LAPLACE_ERROR_NULL_POINTER = 1,     /* a required pointer argument is NULL */
    LAPLACE_ERROR_BAD_EXTENT = 2,       /* nx or ny < 3 */
    LAPLACE_ERROR_BAD_SPACING = 3,      /* dx or dy not finite or <= 0 */
    LAPLACE_ERROR_NONFINITE_INPUT = 4,  /* NaN or Inf in u on entry */
    LAPLACE_ERROR_UNKNOWN_KERNEL = 5,   /* no kernel of that name in this build */
    LAPLACE_ERROR_BAD_MAX_ITER = 6,     /* max_iter < 0 */
    LAPLACE_ERROR_BAD_TOLERANCE = 7,    /* tol < 0 or NaN */
    LAPLACE_ERROR_TOO_LARGE = 8,        /* nx*ny points cannot be addressed or allocated */
    LAPLACE_ERROR_NONFINITE_RESULT = 9, /* a sweep produced non-finite values: overflow */
    LAPLACE_ERROR_BAD_INDEX = 10,       /* kernel index outside 0..laplace_kernel_count()-1 */
    LAPLACE_ERROR_BAD_OMEGA = 11,       /* SOR relaxation factor outside (0, 2), or NaN */
    LAPLACE_ERROR_BAD_THREADS = 12,     /* num_threads < 0 */
    LAPLACE_ERROR_UNAVAILABLE = 13,     /* this build lacks what the call needs (BLAS threads) */
    LAPLACE_ERROR_ALIASED_OUTPUT = 14,  /* change or iterations points into the grid u */
    LAPLACE_ERROR_UNKNOWN_METHOD = 15,  /* no method of that name in this build */
    LAPLACE_ERROR_BAD_KERNEL = 16,      /* a kernel the call cannot use (a method that takes
                                           no kernel) */
    LAPLACE_ERROR_SETUP_MISMATCH = 17,  /* a solver set up for another grid shape, spacing or
                                           layout */
    LAPLACE_ERROR_ALIASED_INPUT = 18,   /* f overlaps u */
    LAPLACE_ERROR_BAD_PLANNING = 19,    /* an FFTW planning effort that is not a
                                           LAPLACE_FFTW_* value, or one given to a method that
                                           makes no FFTW plans */
    LAPLACE_ERROR_FILE = 20,            /* a file that cannot be opened, read, parsed or written
                                           (FFTW wisdom) */
    LAPLACE_ERROR_BAD_CYCLE = 21,       /* a multigrid cycle that is not a LAPLACE_CYCLE_* value,
                                           smoothing counts out of range, or a cycle given to a
                                           method that has none */
    LAPLACE_ERROR_INTERNAL = 99         /* a bug: please report it */
};

/* Version of the library, e.g. "0.1.0" (static string). LAPLACE_VERSION_STRING is the version of
 * the headers a program was compiled with; this is the version of the library it runs with. */
const char *laplace_version(void);

/* Name of a status code, e.g. "LAPLACE_ERROR_BAD_EXTENT"; "unknown status" otherwise. */
const char *laplace_status_name(int status);

/* Message describing the last error on the calling thread; "" if there was none. The pointer is
 * valid until the next laplace_* call on the same thread. */
const char *laplace_last_error(void);

/* ---- The kernel registry ------------------------------------------------------------------ */

/* Number of kernels built into this library. */
int laplace_kernel_count(void);

/* Metadata of kernel `index` (0 <= index < laplace_kernel_count()); NULL for a bad index.
 * Returned strings are static. Stable kernel names: "f77-loop", "cpp-loop", ...
 * scheme:    "gauss-seidel" (lexicographic, memory order), "jacobi", "red-black" (Gauss-Seidel,
 *            points with i+j even first), "red-black-sor"
 * language:  "Fortran 77", "Fortran 90", "Fortran 95", "C++"
 * threading: "serial", "openmp"                                                              */
const char *laplace_kernel_name(int index);
const char *laplace_kernel_scheme(int index);
const char *laplace_kernel_language(int index);
const char *laplace_kernel_threading(int index);
const char *laplace_kernel_description(int index);

/* Extra grid-sized arrays kernel `index` needs as workspace (Jacobi kernels that keep the
 * previous iterate: 1; others a few rows at most: 0); -1 for a bad index. laplace_sweep and
 * laplace_solve allocate it per call; a solver allocates it once, at setup.                  */
int laplace_kernel_workspace_grids(int index);

/* Index of the kernel called `name`, or -1 (with a message) if there is none. */
int laplace_kernel_index(const char *name);

/* ---- Sweeps and solves --------------------------------------------------------------------- */

/* One sweep of `kernel` over the interior of u, in place.
 *   kernel  in     kernel name (see laplace_kernel_name)
 *   u       inout  nx*ny values in the C layout above; boundary values are read, never written
 *   nx, ny  in     grid extents, each >= 3
 *   dx, dy  in     grid spacings, finite and > 0
 *   change  out    the change norm sqrt(sum((u_new - u_old)^2))
 * Returns LAPLACE_OK, or a status; LAPLACE_ERROR_NONFINITE_RESULT if the sweep overflowed
 * (u then holds the overflowed iterate).                                                      */
int laplace_sweep(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                  double *change);

/* Sweeps of `kernel` until the change norm is <= tol or max_iter sweeps were done.
 *   max_iter    in   maximum number of sweeps, >= 0
 *   tol         in   tolerance on the change norm, >= 0 (0 runs exactly max_iter sweeps unless
 *                    a sweep changes nothing at all)
 *   iterations  out  number of sweeps done
 *   change      out  change norm of the last sweep (+Inf if no sweep was done)
 * Reaching max_iter without convergence is not an error: compare *change with tol.
 * A sweep whose values or change norm become non-finite stops the solve with
 * LAPLACE_ERROR_NONFINITE_RESULT; *iterations then counts the sweeps done, the failing one
 * included.                                                                                   */
int laplace_solve(const char *kernel, double *u, int nx, int ny, double dx, double dy, int max_iter,
                  double tol, int *iterations, double *change);

/* ---- Options: threads and the relaxation factor ------------------------------------------- */

/* Per-call options of the _ex functions below. Start from laplace_options_default() and set
 * the fields you need; a NULL options pointer means the defaults.
 *   num_threads  OpenMP threads for kernels whose threading is "openmp"; 0 (the default) means
 *                the OpenMP default (OMP_NUM_THREADS, else one per core), except that a small
 *                grid gets fewer: at least 16384 interior points per thread, since a sweep of
 *                fewer takes less time than waking a thread. Must be >= 0. A count above the
 *                LIMIT, the number of processors available to the process (omp_get_num_procs())
 *                or the OpenMP default (omp_get_max_threads()) if that is larger, is reduced to
 *                it: more threads than processors only take turns on them, and a count far
 *                beyond would exhaust the machine. A solver reports the count it ran with
 *                (laplace_result.threads). Serial kernels ignore it. Called from inside an
 *                active OpenMP parallel region, a
 *                kernel runs on the calling thread alone, whatever this says, so the machine is
 *                never oversubscribed. Results do not depend on it: u is bitwise the same for
 *                any thread count; the change norm may differ in the last bits.
 *   omega        relaxation factor of SOR kernels (scheme "red-black-sor"), in (0, 2); 0 (the
 *                default) means the optimal factor for the grid,
 *                  omega = 2/(1 + sqrt(1 - rho^2)),
 *                  rho = (dy^2 cos(pi/(nx-1)) + dx^2 cos(pi/(ny-1))) / (dx^2 + dy^2),
 *                where rho is the spectral radius of the Jacobi iteration (2/(1 + sin(pi h)) on
 *                a square grid with dx = dy = h). Other kernels ignore it, but a value outside
 *                (0, 2) other than 0 is always LAPLACE_ERROR_BAD_OMEGA.                        */
typedef struct laplace_options {
    int num_threads;
    double omega;
} laplace_options;

/* {num_threads = 0, omega = 0}: the OpenMP default thread count, the optimal omega. */
laplace_options laplace_options_default(void);

/* laplace_sweep and laplace_solve with options (NULL = defaults); the functions without _ex
 * are these with NULL options.                                                                */
int laplace_sweep_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                     const laplace_options *options, double *change);
int laplace_solve_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                     int max_iter, double tol, const laplace_options *options, int *iterations,
                     double *change);

/* The same two functions for a grid in the Fortran layout, u(nx, ny) with index 1 (x)
 * contiguous: u[i + j*nx] holds u(x_i, y_j). They apply the layout swap of the grid convention
 * themselves, so arguments and error messages keep the caller's names (nx is still the extent
 * along x). The Fortran module calls these; any column-major caller may.                      */
int laplace_sweep_colmajor(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                           double *change);
int laplace_solve_colmajor(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                           int max_iter, double tol, int *iterations, double *change);
int laplace_sweep_colmajor_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                              const laplace_options *options, double *change);
int laplace_solve_colmajor_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                              int max_iter, double tol, const laplace_options *options,
                              int *iterations, double *change);

/* ---- The residual ------------------------------------------------------------------------- */

/* Norms of the residual r = f - A u over the interior (see the top), computed scaled (as
 * LAPACK's dnrm2) so that they are right from the subnormal range up to near overflow.
 *   u         in   nx*ny values in the C layout (the _colmajor form: the Fortran layout)
 *   f         in   nx*ny values in u's layout, or NULL for f = 0; only interior values are read
 *   nx, ny    in   extents, each >= 3;  dx, dy  in  spacings, finite and > 0
 *   options   in   num_threads as for the sweeps (NULL: defaults); omega is not used
 *   norm2     out  sqrt(sum of r^2), may be NULL
 *   norm_max  out  max |r|, may be NULL
 * Returns LAPLACE_OK, or a status (outputs then unwritten): NULL u, bad extents or spacings,
 * NaN/Inf in u or f (LAPLACE_ERROR_NONFINITE_INPUT), an output overlapping u.               */
int laplace_residual(const double *u, const double *f, int nx, int ny, double dx, double dy,
                     const laplace_options *options, double *norm2, double *norm_max);
int laplace_residual_colmajor(const double *u, const double *f, int nx, int ny, double dx,
                              double dy, const laplace_options *options, double *norm2,
                              double *norm_max);

/* ---- The method table --------------------------------------------------------------------- */

/* Number of methods built into this library, and their metadata (index 0..count-1; NULL or -1
 * for a bad index, with LAPLACE_ERROR_BAD_INDEX's message). Stable method names:
 *   "iterate"   sweeps of a kernel (laplace_solver_set_kernel; default "omp-sor" in builds with
 *               OpenMP, else "cpp-loop") until a stopping rule holds
 *   "multigrid" geometric multigrid cycles, a kernel as the smoother (laplace_solver_set_kernel;
 *               default "omp-redblack" in builds with OpenMP, else "cpp-loop"): see "Multigrid"
 *   "multigrid-cg" conjugate gradients preconditioned by one multigrid cycle (its settings)
 *   "blas-fdm"  direct: fast diagonalisation by dgemm (builds with a BLAS; see "The BLAS
 *               section")
 *   "fft-dst"   direct: type-I sine transforms by FFTW (builds with FFTW; see "The FFTW
 *               section")
 * kind: "iterative" or "direct" (a direct method's one iteration is the exact discrete
 * solution, up to rounding, whatever u's interior held).                                      */
int laplace_method_count(void);
const char *laplace_method_name(int index);
const char *laplace_method_kind(int index);
const char *laplace_method_description(int index);
int laplace_method_takes_kernel(int index); /* 1 if a kernel and weight can be set, else 0 */
int laplace_method_takes_cycle(int index);  /* 1 if laplace_solver_set_cycle applies, else 0 */
int laplace_method_index(const char *name); /* -1 (with a message) if there is none */

/* ---- Solvers: a method with setup and solve ----------------------------------------------- */

/* A solver object runs one method on grids of one shape and spacing. Its life:
 *   laplace_solver_create(method)      choose the method
 *   laplace_solver_set_...             kernel, weight, threads, FFTW planning, stopping rules
 *                                      (any order)
 *   laplace_solver_setup(nx, ny, ...)  optional: workspace, plans (done by the first solve
 *                                      otherwise), reused by every solve on that grid
 *   laplace_solver_solve(u, f, ...)    as many times as wanted
 *   laplace_solver_get_result          what the last solve did
 *   laplace_solver_destroy
 * How the problem description grows: what describes the problem beyond the grid (today the
 * Dirichlet values in u's boundary and f) is set on the solver, so later boundary conditions per
 * side (Neumann, periodic, Robin, with the compatibility condition a pure-Neumann problem needs)
 * and variable coefficients come as new setters (laplace_solver_set_boundary(solver, side, kind,
 * ...), laplace_solver_set_coefficients(...)) whose defaults are today's problem, and as new
 * fields at the end of laplace_result; no existing call changes.
 * A solver is used by one thread at a time; different solvers may run at once from different
 * threads (setups never share mutable state, except the thread-safe plan caches of direct
 * methods, and FFTW's planner, which the library serialises: see "The FFTW section"). Setting
 * the kernel, weight, threads or FFTW planning discards the setup (the next solve sets up
 * again); the stopping rules do not.
 *
 * STOPPING RULES (the driver, one for every interface; checked after each iteration in this
 * order; a tolerance of 0 turns its rule off):
 *   change_tol  the change norm sqrt(sum((u_new - u_old)^2)) <= change_tol (the study's rule)
 *   atol        ||r|| <= atol, ||.|| the 2-norm over the interior
 *   rtol        ||r|| <= rtol * ||r0||, r0 the residual of the initial u (default 1e-8)
 *   max_iter    at most this many iterations (default 10000; LAPLACE_NO_LIMIT: none)
 * atol and rtol are also checked before the first iteration: an initial u that satisfies one
 * takes 0 iterations. A direct method stops after one iteration (reason LAPLACE_STOP_DIRECT,
 * unless a residual rule holds then). Reaching max_iter is not an error: see `converged`.     */
typedef struct laplace_solver laplace_solver;

#define LAPLACE_NO_LIMIT (-1)

enum laplace_stop_reason {
    LAPLACE_STOP_NONE = 0,     /* no solve yet */
    LAPLACE_STOP_CHANGE = 1,   /* change norm <= change_tol */
    LAPLACE_STOP_ATOL = 2,     /* ||r|| <= atol */
    LAPLACE_STOP_RTOL = 3,     /* ||r|| <= rtol ||r0|| */
    LAPLACE_STOP_MAX_ITER = 4, /* max_iter iterations, no rule held: not converged */
    LAPLACE_STOP_DIRECT = 5    /* a direct method solved */
};

/* What a solve did. The struct grows at its end in later versions: set `size` to
 * sizeof(laplace_result) (as the headers you compile with know it) before the call, and the
 * library writes the fields that fit.                                                          */
typedef struct laplace_result {
    size_t size;              /* in: sizeof(laplace_result) */
    int iterations;           /* iterations done (sweeps, cycles; 1 for a direct solve) */
    int stop_reason;          /* a laplace_stop_reason */
    int converged;            /* 1 if a rule other than max_iter stopped it (or a direct solve) */
    double change;            /* change norm of the last iteration; +Inf if none was done; NaN
                                 when it was not computed (no change rule, and the solve stopped
                                 on a residual rule before max_iter) */
    double residual_initial;  /* ||r0|| (NaN before a solve) */
    double residual;          /* ||r|| after the last iteration (NaN before a solve) */
    double residual_max;      /* max |r| after the last iteration (NaN before a solve) */
    double relative_residual; /* ||r|| / ||r0|| (0 when ||r0|| = 0; NaN before a solve) */
    int threads;              /* OpenMP threads the last iteration ran on, after the limit of
                                 laplace_options (1 for a serial kernel, or inside a caller's
                                 parallel region; for blas-fdm, those of its residual: its BLAS
                                 threads are laplace_blas_last_solve_threads); 0 if none ran */
} laplace_result;

/* Creates a solver for `method` with the default settings (solver is NULL on error).
 * Returns LAPLACE_OK, LAPLACE_ERROR_NULL_POINTER or LAPLACE_ERROR_UNKNOWN_METHOD (the message
 * lists the methods of this build).                                                           */
int laplace_solver_create(const char *method, laplace_solver **solver);

/* Frees the solver, its setup and workspace. NULL does nothing. */
void laplace_solver_destroy(laplace_solver *solver);

/* The kernel "iterate" sweeps (NULL: back to the default). LAPLACE_ERROR_BAD_KERNEL for a
 * method that takes no kernel, LAPLACE_ERROR_UNKNOWN_KERNEL for an unknown name, and
 * LAPLACE_ERROR_BAD_OMEGA when the weight already set does not apply to it.                   */
int laplace_solver_set_kernel(laplace_solver *solver, const char *kernel);

/* The kernel's weight: the SOR factor of a red-black-sor kernel, the damping of a jacobi kernel
 * (u + weight*(u_jacobi - u)), in (0, 2); 0 (the default): the optimal SOR factor (laplace_options)
 * or 1. Gauss-Seidel and red-black kernels take only 0 or 1. LAPLACE_ERROR_BAD_OMEGA otherwise,
 * LAPLACE_ERROR_BAD_KERNEL for a method that takes no kernel.                                  */
int laplace_solver_set_weight(laplace_solver *solver, double weight);

/* OpenMP threads (as laplace_options.num_threads: >= 0, 0 the default, reduced to the limit
 * there; laplace_result.threads reports the count used); for "fft-dst" also the threads of its
 * FFTW plans (see "The FFTW section"). "blas-fdm" follows laplace_blas_set_threads instead and
 * runs its residual on the calling thread.                                                    */
int laplace_solver_set_threads(laplace_solver *solver, int num_threads);

/* The stopping rules (see above). Each tolerance >= 0 and not NaN (LAPLACE_ERROR_BAD_TOLERANCE);
 * max_iter >= 0 or LAPLACE_NO_LIMIT (LAPLACE_ERROR_BAD_MAX_ITER); all tolerances 0 with no
 * limit would never stop: LAPLACE_ERROR_BAD_TOLERANCE. On error nothing is changed.           */
int laplace_solver_set_tolerances(laplace_solver *solver, double rtol, double atol,
                                  double change_tol);
int laplace_solver_set_max_iter(laplace_solver *solver, int max_iter);

/* Sets the solver up for an nx x ny grid with spacings dx, dy in the C layout (the _colmajor
 * form: the Fortran layout). Replaces any earlier setup. Returns LAPLACE_OK, or a status for bad
 * extents or spacings, or LAPLACE_ERROR_TOO_LARGE when the workspace or plans cannot be had
 * (the solver then has no setup).                                                              */
int laplace_solver_setup(laplace_solver *solver, int nx, int ny, double dx, double dy);
int laplace_solver_setup_colmajor(laplace_solver *solver, int nx, int ny, double dx, double dy);

/* Solves for u in place: the interior of u is the initial guess (ignored by direct methods), its
 * boundary holds the Dirichlet values and is never written.
 *   u       inout  nx*ny values in the layout of the setup
 *   f       in     nx*ny finite values in the same layout, or NULL for f = 0 (only the interior
 *                  values enter the equation)
 *   nx, ny, dx, dy in  must be those of the setup (LAPLACE_ERROR_SETUP_MISMATCH, naming both),
 *                  or, with no setup yet, are checked and set up for (C layout)
 * Returns LAPLACE_OK (converged or not: see laplace_solver_get_result), or
 *   - before anything is written: NULL solver or u, bad grid, mismatch, NaN/Inf in u or f,
 *     f overlapping u, no memory for the setup; the last result is then reset (stop_reason
 *     LAPLACE_STOP_NONE);
 *   - LAPLACE_ERROR_NONFINITE_RESULT when an iteration overflowed: u holds that iterate, and
 *     the result counts the iterations done, the failing one included.                         */
int laplace_solver_solve(laplace_solver *solver, double *u, const double *f, int nx, int ny,
                         double dx, double dy);
/* The same for u and f in the Fortran layout (as laplace_solve_colmajor); a solver set up in one
 * layout solving in the other is LAPLACE_ERROR_SETUP_MISMATCH.                                 */
int laplace_solver_solve_colmajor(laplace_solver *solver, double *u, const double *f, int nx,
                                  int ny, double dx, double dy);

/* The last solve's result into *result (result->size set by the caller: see laplace_result).
 * LAPLACE_ERROR_NULL_POINTER for a NULL argument; a size smaller than that of `size` itself is
 * LAPLACE_ERROR_BAD_INDEX.                                                                     */
int laplace_solver_get_result(const laplace_solver *solver, laplace_result *result);

/* Bytes the solver's setup holds (workspace, and plans it shares; FFTW's own plan tables are not
 * counted: see "The FFTW section"); 0 without setup or for NULL.                             */
long long laplace_solver_memory_bytes(const laplace_solver *solver);

/* ---- Multigrid ----------------------------------------------------------------------------
 * The method "multigrid" (and "multigrid-cg", whose steps it preconditions, with the same
 * settings): one iteration is one cycle of geometric multigrid on a hierarchy of
 * vertex-centred grids built at setup for any nx, ny >= 3. An axis of n points coarsens to
 * ceil((n-1)/2) + 1 points over the same length (every other point when n-1 is even); an axis
 * is coarsened only while it is strongly coupled (dx^2 <= 2 dy^2 for x, dy^2 <= 2 dx^2 for y),
 * so anisotropic spacings are semicoarsened along the strong axis, as hypre's PFMG does; a
 * level at most 8 interior points across in one direction is the coarsest and is solved
 * exactly (sine transforms across, tridiagonal solves along). Transfers: linear interpolation
 * and its transpose (full weighting). The smoother is the solver's kernel on every level
 * (laplace_solver_set_kernel: any kernel of the table; the weight is the Jacobi damping, in
 * (0, 1), default 0.8, or the SOR factor, default 1). All memory is allocated at setup
 * (laplace_solver_memory_bytes); u is bitwise the same for any thread count.
 *
 * Cycles (laplace_solver_set_cycle):
 *   LAPLACE_CYCLE_V    one coarse-grid correction per level (the default, V(2,1))
 *   LAPLACE_CYCLE_W    two per level
 *   LAPLACE_CYCLE_F    an F cycle below, then a V cycle
 *   LAPLACE_CYCLE_FMG  full multigrid: the first cycle of a solve builds u from f and the
 *                      boundary values alone, coarse to fine (the interior guess is not used),
 *                      one V cycle per level; the cycles after it are V cycles             */
enum laplace_cycle {
    LAPLACE_CYCLE_V = 1,
    LAPLACE_CYCLE_W = 2,
    LAPLACE_CYCLE_F = 3,
    LAPLACE_CYCLE_FMG = 4
};

/* The cycle and the smoothing sweeps before (pre_smooth) and after (post_smooth) each coarse
 * correction: cycle a LAPLACE_CYCLE_* value, each count in 0..64, at least one of them > 0.
 * Discards the setup. LAPLACE_ERROR_BAD_CYCLE otherwise, or for a method without cycles
 * (laplace_method_takes_cycle); nothing is changed then.                                      */
int laplace_solver_set_cycle(laplace_solver *solver, int cycle, int pre_smooth, int post_smooth);

/* ---- The BLAS section ---------------------------------------------------------------------
 * The method "blas-fdm" solves the discrete problem directly by fast diagonalisation: with the
 * boundary values and -f moved to the right-hand side F of the (nx-2) x (ny-2) interior and the
 * orthonormal sine eigenvectors Q of tridiag(-1, 2, -1) (eigenvalues 4 sin^2(k pi / (2(m+1)))),
 *     U = Qx ((Qx F Qy) ./ (lambda_x[i]/dx^2 + lambda_y[j]/dy^2)) Qy,
 * matrix products, all by dgemm: without f, four (the first two as one rank-4 product, as F is
 * zero but on the interior's edges); with f, two more. It exists only in builds with a BLAS
 * (LAPLACE_WITH_BLAS).
 *
 * Plans: the eigenvectors of an axis of m interior points (an m x m matrix) are computed by the
 * first setup that needs them and kept in a process-wide, thread-safe cache keyed by m, so
 * solvers on the same grid shape share them; setups that need a plan while it is being computed
 * wait for it (one computation, one copy, however many threads ask). Memory: the cache holds
 * 8*(m^2 + m) bytes per distinct axis length ever set up (8*((nx-2)^2 + (ny-2)^2) for one grid
 * shape); each solver's setup holds 2 arrays of (nx-2)*(ny-2) doubles. So one shape costs
 * O(nx^2 + ny^2 + nx*ny) bytes; the cache grows with every new axis length until
 * laplace_blas_clear_plans() frees it (solvers keep the plans they hold).
 *
 * Threads: the BLAS runs multithreaded inside one solve. OpenBLAS's thread count
 * (openblas_set_num_threads) is one process-wide setting, so the library manages it as follows:
 *   - a BLAS solve that runs alone (no other laplace BLAS solve in progress in the process) and
 *     is not called from inside an active OpenMP parallel region uses laplace_blas_threads()
 *     threads (default: OpenBLAS's own default, all cores unless OPENBLAS_NUM_THREADS says
 *     otherwise);
 *   - as soon as two laplace BLAS solves overlap, or a solve starts inside an active OpenMP
 *     parallel region, the setting is lowered to 1 thread, so concurrent solves never
 *     oversubscribe the cores; it is raised again only by a solve that starts alone.
 *   OpenBLAS reads the count when a BLAS call starts, so lowering it never disturbs a call in
 *   flight (that one call still finishes on its threads: the only moment more threads than
 *   cores can run). The library rewrites the setting at the start of its solves: code that
 *   calls the BLAS itself in the same process should not rely on its own
 *   openblas_set_num_threads across laplace BLAS solves.
 *   The thread count changes only the rounding (OpenBLAS blocks the products differently:
 *   about 2e-15 relative on a 201 x 157 grid); with the same count, results are bitwise
 *   reproducible. With a BLAS other than OpenBLAS there is no thread control: it decides. */

/* 1 if this build has a BLAS (and the "blas-fdm" method), else 0. */
int laplace_blas_available(void);

/* Which BLAS: OpenBLAS's configuration string (openblas_get_config(), e.g. "OpenBLAS 0.3.21
 * DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64"), a description of another BLAS, or
 * "none" in a build without BLAS. Static string.                                              */
const char *laplace_blas_info(void);

/* Threads a BLAS solve that runs alone uses (see above); 0 when the build has no BLAS thread
 * control (no BLAS, or a BLAS other than OpenBLAS).                                           */
int laplace_blas_threads(void);

/* Sets that number: num_threads >= 1, or 0 for the default. A count above the processors
 * available to the process (or OpenBLAS's default, if larger) is reduced to that, as OpenMP
 * counts are (laplace_options), and OpenBLAS caps it at its MAX_THREADS; laplace_blas_threads
 * reports the result. It applies from the next solve that starts alone. Returns LAPLACE_OK,
 * LAPLACE_ERROR_BAD_THREADS (num_threads < 0) or LAPLACE_ERROR_UNAVAILABLE (no thread control
 * in this build); the message says which.                                                     */
int laplace_blas_set_threads(int num_threads);

/* BLAS threads the last BLAS solve made on the calling thread ran with (1 when it overlapped
 * another one or ran inside an OpenMP region); 0 if the calling thread made none or the build
 * has no thread control.                                                                      */
int laplace_blas_last_solve_threads(void);

/* Frees the cached eigenvector plans (solves running meanwhile keep theirs until they end). */
void laplace_blas_clear_plans(void);

/* Bytes the plan cache holds now (see "Plans" above).                                        */
long long laplace_blas_plan_bytes(void);

/* ---- The FFTW section ---------------------------------------------------------------------
 * The method "fft-dst" solves the discrete problem directly by type-I discrete sine transforms
 * (FFTW's RODFT00), which diagonalise the 5-point operator: the boundary values (and -f) are
 * moved to the right-hand side F of the (nx-2) x (ny-2) interior, F is transformed along both
 * axes, divided by the eigenvalues
 *     (2 - 2cos(k pi/(nx-1)))/dx^2 + (2 - 2cos(l pi/(ny-1)))/dy^2,  k = 1..nx-2, l = 1..ny-2
 * (computed as 4 sin^2(k pi/(2(nx-1))), without cancellation; the equation is scaled so that any
 * ratio dx/dy works), and transformed back. Any nx, ny >= 3. Without f only the four edges of F
 * are nonzero, and their transform is four 1D transforms: a solve then costs one 2D transform;
 * with f, two. The cost is O(nx ny log(nx ny)); sizes where nx-1 and ny-1 have only small prime
 * factors (powers of two best) are fastest. It exists only in builds with FFTW 3
 * (LAPLACE_WITH_FFTW).
 *
 * Plans: a solver's setup allocates one interior-sized workspace (8 (nx-2)(ny-2) bytes) plus
 * O(nx + ny) tables (laplace_solver_memory_bytes counts them) and makes its FFTW plans, which
 * every solve reuses. FFTW holds its own O(nx + ny) trigonometric tables per plan, which the
 * count leaves out; FFTW also aborts the process if one of those small allocations fails.
 *
 * Planning effort (laplace_solver_set_fftw_planning): LAPLACE_FFTW_ESTIMATE (the default) plans
 * at once by heuristics; MEASURE, PATIENT and EXHAUSTIVE time candidate algorithms at setup
 * (seconds to minutes for large grids) for faster solves. FFTW keeps what they found as wisdom,
 * for the rest of the process, and to a file and back with the functions below.
 *
 * Threads: FFTW's planner is not thread-safe, so the library serialises every call it makes to
 * it (creating and destroying plans, the wisdom functions) with one process-wide mutex; solves
 * run concurrently (fftw_execute is thread-safe). A program that also calls FFTW's planner
 * itself, from other threads, while laplace solvers are set up or destroyed, must serialise
 * those calls too (or call fftw_make_planner_thread_safe() once, before any planning). The
 * plans are made with the solver's thread count (laplace_solver_set_threads; 0 the default rule
 * of laplace_options.num_threads) through FFTW's OpenMP threads (libfftw3_omp), started once,
 * by the first setup; inside an active OpenMP parallel region FFTW's threads follow OpenMP's
 * nesting setting (by default: none) and the library's own loops run on the calling thread.
 * The library sets FFTW's planner thread count only while it plans, and restores it after.
 *
 * Reproducibility: with the same plans the result is bitwise the same from solve to solve and
 * from solver to solver, and f given as zeros gives the f-free bits. The plans depend on the
 * planning effort, the wisdom FFTW holds and the thread count. LAPLACE_FFTW_ESTIMATE without
 * wisdom always makes the same plans; MEASURE and above may choose other algorithms from one
 * setup to the next, and so change the last bits. Wisdom for a shape is
 * used by every later setup of that shape, ESTIMATE ones included. Different thread counts
 * give results equal to 1e-14 relative (FFTW does not promise more; with FFTW 3.3.10 and
 * ESTIMATE, 1, 2 and 3 threads gave the same bits on every grid tested).                     */

/* Planning efforts of laplace_solver_set_fftw_planning (FFTW_ESTIMATE ... FFTW_EXHAUSTIVE). */
enum laplace_fftw_planning {
    LAPLACE_FFTW_ESTIMATE = 0,  /* heuristics, no timing: the default */
    LAPLACE_FFTW_MEASURE = 1,   /* times a few candidate algorithms */
    LAPLACE_FFTW_PATIENT = 2,   /* times many more */
    LAPLACE_FFTW_EXHAUSTIVE = 3 /* times all of them */
};

/* 1 if this build has FFTW (and the "fft-dst" method), else 0. */
int laplace_fftw_available(void);

/* Which FFTW: its version string and threading, e.g. "fftw-3.3.10-sse2-avx, OpenMP threads
 * (libfftw3_omp)"; "none" in a build without FFTW. Static string.                            */
const char *laplace_fftw_info(void);

/* Sets the planning effort the solver's next setup plans with (the setup is discarded).
 *   planning  in  a laplace_fftw_planning value
 * Returns LAPLACE_OK; LAPLACE_ERROR_NULL_POINTER (NULL solver); LAPLACE_ERROR_BAD_PLANNING for
 * a method that makes no FFTW plans (every method but "fft-dst"), or a value that is not a
 * laplace_fftw_planning; the solver is then unchanged.                                        */
int laplace_solver_set_fftw_planning(laplace_solver *solver, int planning);

/* FFTW's wisdom (the plans its planner found, process-wide) to and from a file, so that a
 * MEASURE or PATIENT setup in a later run finds its plans at once. Import adds the file's
 * wisdom to what FFTW holds (it takes effect for setups that follow; plans already made keep
 * theirs); export writes all of it, the wisdom of other FFTW users in the process included.
 *   filename  in  path of the file
 * Returns LAPLACE_OK, or LAPLACE_ERROR_NULL_POINTER (NULL filename), LAPLACE_ERROR_UNAVAILABLE
 * (a build without FFTW), LAPLACE_ERROR_FILE: the file cannot be opened, read or written, or
 * holds no wisdom of this FFTW version and precision (on import the wisdom held is then
 * unchanged; on export the file may hold part of the wisdom).                               */
int laplace_fftw_import_wisdom(const char *filename);
int laplace_fftw_export_wisdom(const char *filename);

/* Forgets all of FFTW's wisdom (fftw_forget_wisdom); plans already made are kept. Does nothing
 * in a build without FFTW.                                                                    */
void laplace_fftw_forget_wisdom(void);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif
#ifdef __cplusplus
}
#endif

#endif /* LAPLACE_LAPLACE_H */
