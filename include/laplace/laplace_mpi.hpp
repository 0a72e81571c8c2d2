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

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default) // the library hides all but what its headers declare
#endif

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

    // The right-hand side f of u_xx + u_yy = f (laplace_mpi_set_rhs): sets f at this rank's
    // owned interior points to f(x, y), x = xmin + i*dx, y = ymin + j*dy (not collective, but
    // every rank calls it). f is any callable double(double x, double y) that does not throw
    // (an exception becomes laplace::Error with LAPLACE_ERROR_INTERNAL).
    template <class F>
    void set_rhs(F &&f) {
        using Callable = std::remove_reference_t<F>;
        set_rhs_from(&Grid::call<Callable>,
                     const_cast<void *>(static_cast<const void *>(std::addressof(f))));
    }
    // Collective: a whole right-hand side, nx*ny values in the C layout, from rank `root`.
    void scatter_rhs(const double *f, int root = 0);
    // Back to f = 0 (not collective, but every rank calls it).
    void clear_rhs();

    laplace_mpi_timings timings() const;
    void reset_timings();

    laplace_mpi_grid *handle() { return grid_; }
    const laplace_mpi_grid *handle() const { return grid_; }

  private:
    // The C ABI's function with a context: the callable at ctx.
    template <class Callable>
    static double call(double x, double y, void *ctx) {
        return (*static_cast<Callable *>(ctx))(x, y);
    }
    void set_rhs_from(laplace_mpi_function f, void *ctx);
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

// ---- Poisson: the residual and the solvers' stopping rules -------------------------------------

// Collective. The norms of the global residual r = f - A u, the same on every rank.
Residual residual(Grid &grid);

// What solve(grid, options) runs and when it stops: the fields of laplace::SolverOptions that
// apply to a distributed grid, with omega for red-black.
struct SolverOptions {
    std::string kernel;      // a jacobi kernel of the registry; "" = red-black with omega
    double omega = 0.0;      // red-black: 0 = the optimal SOR factor, 1 = Gauss-Seidel, (0, 2)
    int max_iter = 10000;    // at most this many sweeps; LAPLACE_NO_LIMIT (-1) = no limit
    double rtol = 1e-8;      // ||r|| <= rtol ||r0||   (0 = off)
    double atol = 0.0;       // ||r|| <= atol          (0 = off)
    double change_tol = 0.0; // change norm <= change_tol (0 = off)
};

// Collective. Sweeps until a stopping rule holds (laplace_mpi_solve_rules); the report is the
// same on every rank. Reaching max_iter is not an error: see SolveReport::converged.
SolveReport solve(Grid &grid, const SolverOptions &options = {});

} // namespace laplace::mpi
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif
