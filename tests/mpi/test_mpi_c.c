/* The distributed solver's header is C: a C program includes laplace_mpi.h, fills each rank's
 * block through a function pointer with a context, solves with red-black SOR and checks the
 * exact discrete solution x^2 - y^2 on its own points; then Poisson's equation with f = 8y
 * (exact solution x^2 y + y^3) under the solvers' stopping rules; bad input on one rank fails
 * everywhere. */
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

static double cubic(double x, double y, void *ctx) {
    (void)ctx;
    return x * x * y + y * y * y;
}

static double eight_y(double x, double y, void *ctx) {
    (void)x;
    (void)ctx;
    return 8 * y;
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

    /* Poisson: u_xx + u_yy = 8y, boundary x^2 y + y^3, solved to rtol by red-black SOR. The
     * error is at most ||r|| / lambda_min, lambda_min the 5-point operator's least eigenvalue. */
    {
        const double rtol = 1e-11, pi = acos(-1.0);
        const double lambda_min = 4 / (dx * dx) * pow(sin(pi / (2 * (nx - 1))), 2) +
                                  4 / (dy * dy) * pow(sin(pi / (2 * (ny - 1))), 2);
        laplace_result r, before;
        double norm2 = 0.0, norm_max = 0.0;
        memset(&r, 0, sizeof r);
        r.size = sizeof r;
        expect(laplace_mpi_fill(grid, x0, y0, zero, NULL) == LAPLACE_OK, "fill");
        expect(laplace_mpi_set_boundary(grid, x0, y0, cubic, NULL) == LAPLACE_OK, "boundary");
        expect(laplace_mpi_set_rhs(grid, x0, y0, eight_y, NULL) == LAPLACE_OK, "set_rhs");
        expect(laplace_mpi_solve_rules(grid, NULL, 0.0, 100000, rtol, 0.0, 0.0, &r) == LAPLACE_OK,
               "solve_rules");
        expect(r.stop_reason == LAPLACE_STOP_RTOL && r.converged == 1, "stopped by rtol");
        expect(r.relative_residual <= rtol && r.residual_initial > 0.0, "relative residual");
        expect(laplace_mpi_residual(grid, &norm2, &norm_max) == LAPLACE_OK && norm2 == r.residual &&
                   norm_max == r.residual_max,
               "laplace_mpi_residual gives the report's residual");
        error = 0.0;
        for (i = b.i_begin; i < b.i_end; ++i) {
            for (j = b.j_begin; j < b.j_end; ++j) {
                const double u = b.u[(i - b.i_offset) * b.local_ny + (j - b.j_offset)];
                const double exact = cubic(x0 + i * dx, y0 + j * dy, NULL);
                error = fabs(u - exact) > error ? fabs(u - exact) : error;
            }
        }
        MPI_Allreduce(&error, &global_error, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        expect(global_error <= r.residual / lambda_min + 1e-14 && global_error < 1e-8,
               "the solve reaches x^2 y + y^3");

        /* A negative rtol on the last rank: every rank fails, nothing is written. */
        before = r;
        expect(laplace_mpi_solve_rules(grid, "f90-arrays", 0.0, 10, rank == size - 1 ? -1.0 : 0.0,
                                       0.0, 0.0, &r) == LAPLACE_ERROR_BAD_TOLERANCE,
               "a negative rtol on one rank fails on every rank");
        expect(strstr(laplace_last_error(), "rtol = -1") != NULL, "message names rtol");
        expect(memcmp(&r, &before, sizeof r) == 0, "result untouched");
        expect(laplace_mpi_solve_rules(grid, NULL, 0.0, LAPLACE_NO_LIMIT, 0.0, 0.0, 0.0, &r) ==
                   LAPLACE_ERROR_BAD_TOLERANCE,
               "no stopping rule");
        expect(laplace_mpi_clear_rhs(grid) == LAPLACE_OK, "clear_rhs");
    }

    laplace_mpi_grid_free(grid);
    MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) {
        printf("%d ranks: %d failures\n", size, total);
    }
    MPI_Finalize();
    return total == 0 ? 0 : 1;
}
