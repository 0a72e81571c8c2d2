// A C++ program using an installed laplace's MPI layer (laplace/laplace_mpi.hpp; built by
// examples/consumer/CMakeLists.txt or examples/pkgconfig/Makefile, run under mpiexec). The
// ranks solve x^2 - y^2 on a 41 x 29 grid with every Jacobi kernel of the registry (the
// distributed ones) and each checks its own points; exit status 0 only if all ranks found it.
#include <laplace/laplace_mpi.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, failed = 0, any_failed = 0, kernels = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    try {
        laplace::SolveOptions options;
        options.max_iter = 100000;
        options.tol = 1e-11;
        for (const laplace::KernelInfo &k : laplace::kernels()) {
            if (k.scheme != "jacobi") {
                continue; // Gauss-Seidel kernels have no distributed form
            }
            ++kernels;
            laplace::mpi::Grid grid(MPI_COMM_WORLD, 41, 29, 0.0, 2.0, 0.0, 1.0);
            grid.set_boundary([](double x, double y) { return x * x - y * y; });
            const laplace::SolveResult r = laplace::mpi::solve(k.name, grid, options);
            double error = 0; // relative to max |u| = 4
            const laplace_mpi_block &b = grid.block();
            for (int i = b.i_begin; i < b.i_end; ++i) {
                for (int j = b.j_begin; j < b.j_end; ++j) {
                    const double exact = grid.x(i) * grid.x(i) - grid.y(j) * grid.y(j);
                    error = std::max(error, std::abs(grid(i, j) - exact) / 4.0);
                }
            }
            const bool ok = r.converged && error < 1e-8;
            failed += ok ? 0 : 1;
            std::printf("rank %d of %d: %-16s %6d sweeps, relative error %.1e  %s\n", rank, b.ranks,
                        k.name.c_str(), r.iterations, error, ok ? "ok" : "FAILED");
        }
    } catch (const laplace::Error &e) {
        std::printf("rank %d: %s\n", rank, e.what());
        failed = 1;
    }
    failed += kernels == 0;
    MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Finalize();
    return any_failed != 0;
}
