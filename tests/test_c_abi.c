/* The header is plain C: a C program lists the kernels, sweeps, and reads an error. */
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

    printf("%d passed, %d failed\n", 12 - failures, failures);
    return failures == 0 ? 0 : 1;
}
