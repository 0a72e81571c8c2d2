/* The header is plain C: a C program lists the kernels, sweeps, reads an error, and solves a
 * Poisson problem with a solver object and its result struct. */
#include "laplace/laplace.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;

static void check(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "FAILED: %s\n", what);
        ++failures;
    }
}

/* The cubic x^2 y + y^3 (u_xx + u_yy = 8y) on an mx x my grid with spacings hx, hy from the
 * origin: its boundary values in v (interior 0) and f = 8y. */
static void cubic_problem(double *v, double *f, int mx, int my, double hx, double hy) {
    int i, j;
    for (i = 0; i < mx; ++i) {
        for (j = 0; j < my; ++j) {
            const double x = hx * i, y = hy * j;
            const int edge = i == 0 || j == 0 || i == mx - 1 || j == my - 1;
            v[i * my + j] = edge ? x * x * y + y * y * y : 0.0;
            f[i * my + j] = 8.0 * y;
        }
    }
}

/* max |v - (x^2 y + y^3)| over the grid. */
static double cubic_error(const double *v, int mx, int my, double hx, double hy) {
    double worst = 0.0;
    int i, j;
    for (i = 0; i < mx; ++i) {
        for (j = 0; j < my; ++j) {
            const double x = hx * i, y = hy * j;
            const double d = v[i * my + j] - (x * x * y + y * y * y);
            worst = d > worst ? d : -d > worst ? -d : worst;
        }
    }
    return worst;
}

int main(void) {
    enum { NX = 5, NY = 4 };
    double u[NX * NY];
    int i, j, n = laplace_kernel_count(), status;
    double change = -1.0;
    laplace_options options;

    check(n > 0, "laplace_kernel_count() > 0");
    for (i = 0; i < n; ++i) {
        check(laplace_kernel_name(i) != NULL, "every kernel has a name");
    }
    /* Boundary 1 (i == 0 row), interior 0: one Gauss-Seidel sweep of the first kernel. */
    for (i = 0; i < NX; ++i) {
        for (j = 0; j < NY; ++j) {
            u[i * NY + j] = (i == 0) ? 1.0 : 0.0;
        }
    }
    status = laplace_sweep(laplace_kernel_name(0), u, NX, NY, 0.25, 0.5, &change);
    check(status == LAPLACE_OK, "sweep succeeds");
    check(change > 0.0 && isfinite(change), "sweep reports a positive finite change");

    status = laplace_sweep("cpp-loop", u, 2, NY, 0.25, 0.5, &change);
    check(status == LAPLACE_ERROR_BAD_EXTENT, "nx = 2 is LAPLACE_ERROR_BAD_EXTENT");
    check(strstr(laplace_last_error(), "nx = 2") != NULL, "message names nx");
    check(strcmp(laplace_status_name(status), "LAPLACE_ERROR_BAD_EXTENT") == 0, "status name");

    /* Options from C: the struct, its defaults, and a relaxation factor outside (0, 2). */
    options = laplace_options_default();
    check(options.num_threads == 0 && options.omega == 0.0, "default options are {0, 0}");
    options.num_threads = 1;
    options.omega = 2.5;
    status = laplace_sweep_ex("cpp-loop", u, NX, NY, 0.25, 0.5, &options, &change);
    check(status == LAPLACE_ERROR_BAD_OMEGA, "omega = 2.5 is LAPLACE_ERROR_BAD_OMEGA");
    check(strstr(laplace_last_error(), "omega = 2.5") != NULL, "message names omega");
    options.omega = 0.0;
    status = laplace_solve_ex("cpp-loop", u, NX, NY, 0.25, 0.5, 3, 0.0, &options, &i, &change);
    check(status == LAPLACE_OK && i == 3, "solve with options");
    status = laplace_sweep_ex("cpp-loop", u, NX, NY, 0.25, 0.5, NULL, &change);
    check(status == LAPLACE_OK, "NULL options are the defaults");

    /* A Poisson solve: u = x^2 y + y^3 is exact for the scheme, with f = 8y (x, y on the grid
     * points i*0.25, j*0.5). Boundary from it, interior 0; residual stopping. */
    {
        enum { MX = 9, MY = 7 };
        double v[MX * MY], f[MX * MY], worst = 0.0, norm2 = -1.0;
        laplace_solver *solver = NULL;
        laplace_result result;
        cubic_problem(v, f, MX, MY, 0.25, 0.5);
        check(laplace_solver_create("iterate", &solver) == LAPLACE_OK, "solver created");
        check(laplace_solver_set_kernel(solver, "cpp-loop") == LAPLACE_OK, "kernel set");
        check(laplace_solver_set_tolerances(solver, 1e-12, 0.0, 0.0) == LAPLACE_OK, "rtol set");
        check(laplace_solver_solve(solver, v, f, MX, MY, 0.25, 0.5) == LAPLACE_OK, "solved");
        memset(&result, 0, sizeof result);
        result.size = sizeof result;
        check(laplace_solver_get_result(solver, &result) == LAPLACE_OK, "result read");
        check(result.stop_reason == LAPLACE_STOP_RTOL && result.converged == 1, "stopped by rtol");
        check(result.relative_residual <= 1e-12, "relative residual <= rtol");
        worst = cubic_error(v, MX, MY, 0.25, 0.5);
        check(worst <= 1e-10, "the exact cubic is reached");
        check(laplace_residual(v, f, MX, MY, 0.25, 0.5, NULL, &norm2, NULL) == LAPLACE_OK &&
                  norm2 - result.residual <= 1e-12 * (1.0 + norm2) &&
                  result.residual - norm2 <= 1e-12 * (1.0 + norm2),
              "laplace_residual gives the reported residual");
        check(laplace_solver_solve(solver, v, f, MX + 1, MY, 0.25, 0.5) ==
                  LAPLACE_ERROR_SETUP_MISMATCH,
              "another grid is LAPLACE_ERROR_SETUP_MISMATCH");
        laplace_solver_destroy(solver);
    }
    {
        /* Multigrid from C: full multigrid, then V cycles, to the same exact cubic. */
        enum { MX = 33, MY = 21 };
        double v[MX * MY], f[MX * MY], worst = 0.0;
        laplace_solver *solver = NULL;
        laplace_result result;
        cubic_problem(v, f, MX, MY, 0.125, 0.25);
        check(laplace_solver_create("multigrid", &solver) == LAPLACE_OK, "multigrid created");
        check(laplace_solver_set_cycle(solver, 9, 2, 1) == LAPLACE_ERROR_BAD_CYCLE &&
                  strstr(laplace_last_error(), "cycle = 9") != NULL,
              "cycle 9 is LAPLACE_ERROR_BAD_CYCLE, named");
        check(laplace_solver_set_cycle(solver, LAPLACE_CYCLE_FMG, 2, 1) == LAPLACE_OK &&
                  laplace_solver_set_tolerances(solver, 1e-12, 0.0, 0.0) == LAPLACE_OK,
              "FMG(2,1) and rtol set");
        check(laplace_solver_solve(solver, v, f, MX, MY, 0.125, 0.25) == LAPLACE_OK,
              "multigrid solved");
        memset(&result, 0, sizeof result);
        result.size = sizeof result;
        worst = cubic_error(v, MX, MY, 0.125, 0.25);
        check(laplace_solver_get_result(solver, &result) == LAPLACE_OK && result.converged == 1 &&
                  worst <= 1e-9,
              "multigrid reaches the exact cubic");
        laplace_solver_destroy(solver);
    }

    printf("%d passed, %d failed\n", 25 - failures, failures);
    return failures == 0 ? 0 : 1;
}
