/* A C program using an installed laplace's MPI layer (laplace/laplace_mpi.h; built by
 * examples/consumer/CMakeLists.txt or examples/pkgconfig/Makefile, run under mpiexec). Each
 * rank fills its own points of a 41 x 29 grid with the boundary values of x^2 - y^2, the ranks
 * solve it with red-black SOR, and each checks its own points against x^2 - y^2, the exact
 * discrete solution. Exit status 0 on every rank only if every rank found it. */
#include <laplace/laplace_mpi.h>

#include <math.h>
#include <stdio.h>

enum { nx = 41, ny = 29 };

static double exact(double x, double y, void *ctx) {
    (void)ctx;
    return x * x - y * y;
}

int main(int argc, char **argv) {
    const double dx = 2.0 / (nx - 1), dy = 1.0 / (ny - 1);
    laplace_mpi_grid *grid = NULL;
    laplace_mpi_block b;
    int rank = 0, failed = 0, any_failed = 0, sweeps = 0;
    double change = 0, error = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (laplace_mpi_grid_create(MPI_COMM_WORLD, nx, ny, dx, dy, &grid) != LAPLACE_OK ||
        laplace_mpi_set_boundary(grid, 0.0, 0.0, exact, NULL) != LAPLACE_OK ||
        laplace_mpi_solve_redblack(grid, 0.0, 100000, 1e-12, &sweeps, &change) != LAPLACE_OK ||
        laplace_mpi_grid_block(grid, &b) != LAPLACE_OK) {
        printf("rank %d: %s\n", rank, laplace_last_error());
        failed = 1;
    } else {
        for (int i = b.i_begin; i < b.i_end; ++i) {
            for (int j = b.j_begin; j < b.j_end; ++j) {
                const double u = b.u[(i - b.i_offset) * b.local_ny + (j - b.j_offset)];
                const double e = fabs(u - exact(i * dx, j * dy, NULL)) / 4.0; /* max |u| = 4 */
                error = e > error ? e : error;
            }
        }
        failed = !(error < 1e-9);
        printf("laplace %s, rank %d of %d: %d red-black SOR sweeps, relative error %.1e  %s\n",
               laplace_version(), rank, b.ranks, sweeps, error, failed ? "FAILED" : "ok");
    }
    MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    laplace_mpi_grid_free(grid);
    MPI_Finalize();
    return any_failed;
}
