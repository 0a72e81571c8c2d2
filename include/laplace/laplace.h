/*
 * laplace.h - the C ABI of the laplace library.
 *
 * This is the one boundary every other language crosses: the C++ facade (laplace.hpp) and the
 * Fortran module (module laplace) are thin layers over these functions. Arguments are validated
 * here, once, before any kernel runs.
 *
 * The problem: the 2D Laplace equation on a rectangle with Dirichlet boundary values, on an
 * nx x ny grid with spacings dx, dy, discretised with the 5-point scheme
 *
 *     u[i,j] = ((u[i-1,j] + u[i+1,j])*dy^2 + (u[i,j-1] + u[i,j+1])*dx^2) / (2*(dx^2 + dy^2))
 *
 * A sweep updates every interior point once, in place, and reports the change norm
 * sqrt(sum((u_new - u_old)^2)) over the grid. Boundary values are never written.
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
 * ALIASING: u is the only array argument. A Jacobi kernel's workspace is allocated inside each
 * call and freed before it returns, so no caller's array can alias it. The outputs (change,
 * iterations) must not point into u: that would write the change norm into the grid, so it is
 * rejected with LAPLACE_ERROR_ALIASED_OUTPUT before anything is written.
 */
#ifndef LAPLACE_LAPLACE_H
#define LAPLACE_LAPLACE_H

#include "laplace/version.h" /* LAPLACE_VERSION_MAJOR/MINOR/PATCH/STRING: the headers' version */

#ifdef __cplusplus
extern "C" {
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
 *            points with i+j even first), "red-black-sor", or "direct" for a direct method
 *            (see below)
 * language:  "Fortran 77", "Fortran 90", "Fortran 95", "C++"
 * threading: "serial", "openmp"                                                              */
const char *laplace_kernel_name(int index);
const char *laplace_kernel_scheme(int index);
const char *laplace_kernel_language(int index);
const char *laplace_kernel_threading(int index);
const char *laplace_kernel_description(int index);

/* Extra grid-sized arrays kernel `index` allocates per sweep or solve (Jacobi kernels keep the
 * previous iterate: 1; "blas-fdm": 2, and its cached plan, see "Plans" below); -1 for a bad
 * index. Memory use is (1 + this) * nx*ny*8 bytes, plus a direct method's plan.             */
int laplace_kernel_workspace_grids(int index);

/* Index of the kernel called `name`, or -1 (with a message) if there is none. */
int laplace_kernel_index(const char *name);

/* ---- Sweeps and solves --------------------------------------------------------------------- */

/* DIRECT METHODS (scheme "direct", e.g. "blas-fdm") go through the same two functions, with the
 * same validation. For them ONE SWEEP IS ONE COMPLETE SOLVE: it overwrites the interior with the
 * discrete solution for the boundary values of u (exact up to rounding, whatever the interior
 * held on entry) and reports the change norm sqrt(sum((u_new - u_old)^2)) like any sweep. So
 * laplace_sweep is the call that solves once. laplace_solve keeps its rule (sweep until the
 * change norm is <= tol): the first sweep solves, the second one confirms it, because the result
 * does not depend on the interior - with a deterministic BLAS (OpenBLAS) it changes nothing at
 * all (change 0), so tol = 0 stops there too. laplace_solve therefore costs two solves unless
 * max_iter = 1. */

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
 *                fewer takes less time than waking a thread. Must be >= 0. Serial kernels
 *                ignore it. Called from inside an active OpenMP parallel region, a
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

/* ---- The BLAS section ---------------------------------------------------------------------
 * "blas-fdm" solves the discrete problem directly by fast diagonalisation: with the boundary
 * values moved to the right-hand side F of the (nx-2) x (ny-2) interior and the orthonormal sine
 * eigenvectors Q of tridiag(-1, 2, -1) (eigenvalues 4 sin^2(k pi / (2(m+1)))),
 *     U = Qx ((Qx F Qy) ./ (lambda_x[i]/dx^2 + lambda_y[j]/dy^2)) Qy,
 * four matrix products, all by dgemm (the first two as one rank-4 product, as the right-hand side
 * is zero but on the interior's edges). It exists only in builds with a BLAS (LAPLACE_WITH_BLAS).
 *
 * Plans: the eigenvectors of an axis of m interior points (an m x m matrix) are computed on the
 * first solve that needs them and kept in a process-wide, thread-safe cache keyed by m, so
 * repeated solves on the same grid shape reuse them. Memory: the cache holds 8*(m^2 + m) bytes
 * per distinct axis length ever solved (8*((nx-2)^2 + (ny-2)^2) for one grid shape); each solve
 * allocates 2 arrays of (nx-2)*(ny-2) doubles while it runs. So one shape costs
 * O(nx^2 + ny^2 + nx*ny) bytes; the cache grows with every new axis length until
 * laplace_blas_clear_plans() frees it.
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

/* Sets that number: num_threads >= 1 (OpenBLAS caps it at its MAX_THREADS), or 0 for the
 * default. It applies from the next solve that starts alone. Returns LAPLACE_OK,
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

#ifdef __cplusplus
}
#endif

#endif /* LAPLACE_LAPLACE_H */
