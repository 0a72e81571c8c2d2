/* The distributed solver's header is C: a C program includes laplace_mpi.h, fills each rank's
 * block through a function pointer with a context, solves with red-black SOR and checks the
 * exact discrete solution x^2 - y^2 on its own points; bad input on one rank fails everywhere. */
#include "laplace/laplace_mpi.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;
static int rank = 0;

static void expect(int ok, const char *what) {
    if (!ok) {
        ++failures;
        printf("rank %d FAILED: %s (%s)\n", rank, what, laplace_last_error());
    }
}

struct shift {
    double c; /* the context: a constant added to x^2 - y^2 */
};

static double harmonic(double x, double y, void *ctx) {
    const struct shift *s = (const struct shift *)ctx;
    return x * x - y * y + s->c;
}

static double zero(double x, double y, void *ctx) {
    (void)x;
    (void)y;
    (void)ctx;
    return 0.0;
}

int main(int argc, char **argv) {
    const int nx = 21, ny = 12;
    const double x0 = -0.4, y0 = 0.1, dx = 1.5 / (nx - 1), dy = 0.7 / (ny - 1);
    const double tol = 1e-13 * 2.0; /* 2 ~ max |x^2 - y^2 + c| */
    struct shift s = {0.5};
    laplace_mpi_grid *grid = NULL;
    laplace_mpi_block b;
    int iterations = 0, size = 1, total = 0, i, j;
    double change = 0.0, error = 0.0, global_error = 0.0;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    expect(laplace_mpi_grid_create(MPI_COMM_WORLD, nx, ny, dx, dy, &grid) == LAPLACE_OK, "create");
    expect(laplace_mpi_fill(grid, x0, y0, zero, NULL) == LAPLACE_OK, "fill");
    expect(laplace_mpi_set_boundary(grid, x0, y0, harmonic, &s) == LAPLACE_OK, "set_boundary");
    expect(laplace_mpi_solve_redblack(grid, 0.0, 100000, tol, &iterations, &change) == LAPLACE_OK,
           "solve");
    expect(change <= tol, "converged");
    expect(laplace_mpi_grid_block(grid, &b) == LAPLACE_OK, "block");
    for (i = b.i_begin; i < b.i_end; ++i) {
        for (j = b.j_begin; j < b.j_end; ++j) {
            const double u = b.u[(i - b.i_offset) * b.local_ny + (j - b.j_offset)];
            const double exact = harmonic(x0 + i * dx, y0 + j * dy, &s);
            error = fabs(u - exact) > error ? fabs(u - exact) : error;
        }
    }
    MPI_Allreduce(&error, &global_error, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    /* The error is at most about tol/(1 - rho) for the SOR iteration; allow 100*tol. */
    expect(global_error <= 100 * tol, "the solve reaches x^2 - y^2 + c");

    /* Bad input on the last rank only: every rank gets the status and the rank's message. */
    expect(laplace_mpi_solve(grid, rank == size - 1 ? "cpp-pointer" : "f90-arrays", 5, 0.0,
                             &iterations, &change) == LAPLACE_ERROR_UNKNOWN_KERNEL,
           "a Gauss-Seidel kernel on one rank fails on every rank");
    expect(strstr(laplace_last_error(), "no distributed form") != NULL, "message");

    laplace_mpi_grid_free(grid);
    MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) {
        printf("%d ranks: %d failures\n", size, total);
    }
    MPI_Finalize();
    return total == 0 ? 0 : 1;
}
