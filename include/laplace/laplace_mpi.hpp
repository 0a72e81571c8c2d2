// laplace_mpi.hpp - the C++ facade of the distributed solver (target laplace::laplace_mpi).
//
// A thin layer over the C ABI of laplace_mpi.h (read it for the decomposition, ownership and
// the collective-call rules): laplace::mpi::Grid owns a distributed grid, the free functions
// sweep and solve it and throw laplace::Error, with the same status and message on every rank,
// when any rank finds a problem. Layout and indices as in laplace.hpp: grid(i, j) = u(x_i, y_j),
// global 0-based indices, C layout.
#pragma once

#include "laplace/laplace.hpp"
#include "laplace/laplace_mpi.h"

#include <string_view>
#include <vector>

namespace laplace::mpi {

// An nx x ny grid over [xmin, xmax] x [ymin, ymax] (x_i = xmin + i*dx, dx = (xmax-xmin)/(nx-1),
// as laplace::Grid), split over the ranks of a communicator. Values start at zero. Creating and
// destroying a Grid are collective: every rank of comm constructs it, and destroys it before
// MPI_Finalize.
class Grid {
  public:
    Grid(MPI_Comm comm, int nx, int ny, double xmin = 0.0, double xmax = 1.0, double ymin = 0.0,
         double ymax = 1.0);
    ~Grid();
    Grid(Grid &&other) noexcept;
    Grid &operator=(Grid &&other) noexcept;
    Grid(const Grid &) = delete;
    Grid &operator=(const Grid &) = delete;

    int nx() const { return block_.nx; }
    int ny() const { return block_.ny; }
    double dx() const { return block_.dx; }
    double dy() const { return block_.dy; }
    double x(int i) const { return xmin_ + i * block_.dx; }
    double y(int j) const { return ymin_ + j * block_.dy; }

    // This rank's share: owned points block().i_begin <= i < i_end, j_begin <= j < j_end.
    const laplace_mpi_block &block() const { return block_; }
    bool owns(int i, int j) const {
        return i >= block_.i_begin && i < block_.i_end && j >= block_.j_begin && j < block_.j_end;
    }
    // Point (i, j) of this rank's local array (owned points and the one-point ring around the
    // block), global indices.
    double &operator()(int i, int j) { return block_.u[index(i, j)]; }
    double operator()(int i, int j) const { return block_.u[index(i, j)]; }

    // Sets this rank's owned points (not collective), f any callable double(double x, double y).
    template <class F>
    void fill(F &&f) {
        for_owned(false, f);
    }
    // Sets this rank's owned points on the boundary of the global grid (not collective).
    template <class F>
    void set_boundary(F &&f) {
        for_owned(true, f);
    }

    // Collective: the whole grid, nx*ny values in the C layout, from / to rank `root`.
    void scatter(const double *u, int root = 0);
    void gather(double *u, int root = 0) const;
    // Collective: the whole grid on root (an empty vector on the other ranks).
    std::vector<double> gather(int root = 0) const;

    laplace_mpi_timings timings() const;
    void reset_timings();

    laplace_mpi_grid *handle() { return grid_; }
    const laplace_mpi_grid *handle() const { return grid_; }

  private:
    std::size_t index(int i, int j) const {
        return std::size_t(i - block_.i_offset) * std::size_t(block_.local_ny) +
               std::size_t(j - block_.j_offset);
    }
    template <class F>
    void for_owned(bool boundary_only, F &f) {
        for (int i = block_.i_begin; i < block_.i_end; ++i) {
            for (int j = block_.j_begin; j < block_.j_end; ++j) {
                if (!boundary_only || i == 0 || j == 0 || i == nx() - 1 || j == ny() - 1) {
                    (*this)(i, j) = f(x(i), y(j));
                }
            }
        }
    }

    laplace_mpi_grid *grid_ = nullptr;
    laplace_mpi_block block_{};
    double xmin_ = 0.0, ymin_ = 0.0;
};

// Collective. One Jacobi sweep of registry kernel `kernel` (scheme "jacobi"); the global norm.
double sweep(std::string_view kernel, Grid &grid);

// Collective. Jacobi sweeps until the global change norm is <= options.tol.
SolveResult solve(std::string_view kernel, Grid &grid, const SolveOptions &options = {});

// Collective. Red-black sweeps: omega = 1 Gauss-Seidel, (0, 2) SOR, 0 the optimal SOR factor.
double sweep_redblack(Grid &grid, double omega = 1.0);
SolveResult solve_redblack(Grid &grid, double omega = 0.0, const SolveOptions &options = {});

} // namespace laplace::mpi
