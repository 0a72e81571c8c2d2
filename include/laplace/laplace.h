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
    LAPLACE_ERROR_ALIASED_OUTPUT = 11,  /* change or iterations points into the grid u */
    LAPLACE_ERROR_INTERNAL = 99         /* a bug: please report it */
};

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
 * scheme:    "gauss-seidel", "jacobi", ...
 * language:  "Fortran 77", "Fortran 90", "Fortran 95", "C++"
 * threading: "serial", ...                                                                    */
const char *laplace_kernel_name(int index);
const char *laplace_kernel_scheme(int index);
const char *laplace_kernel_language(int index);
const char *laplace_kernel_threading(int index);
const char *laplace_kernel_description(int index);

/* Extra grid-sized arrays kernel `index` allocates per sweep or solve (Jacobi kernels keep the
 * previous iterate: 1); -1 for a bad index. Memory use is (1 + this) * nx*ny*8 bytes.      */
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

/* The same two functions for a grid in the Fortran layout, u(nx, ny) with index 1 (x)
 * contiguous: u[i + j*nx] holds u(x_i, y_j). They apply the layout swap of the grid convention
 * themselves, so arguments and error messages keep the caller's names (nx is still the extent
 * along x). The Fortran module calls these; any column-major caller may.                      */
int laplace_sweep_colmajor(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                           double *change);
int laplace_solve_colmajor(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                           int max_iter, double tol, int *iterations, double *change);

#ifdef __cplusplus
}
#endif

#endif /* LAPLACE_LAPLACE_H */
