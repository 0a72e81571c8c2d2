// The C++ facade of the distributed solver: everything goes through the C ABI of laplace_mpi.h,
// so validation and agreement between ranks happen in one place; a nonzero status becomes a
// laplace::Error with the message, on every rank alike. Kernel names cross with their length
// (the _n calls), so a name holding a NUL is rejected there, on every rank, not cut short.
#include "laplace/laplace_mpi.hpp"

#include <cmath>
#include <string>
#include <utility>

namespace laplace::mpi {
namespace {

void check(int status) {
    if (status != LAPLACE_OK) {
        throw Error(status, laplace_last_error());
    }
}

// As laplace::Grid: the spacing of n points over [lo, hi]; NaN for a bad interval or n < 2, so
// the C ABI rejects it with its message on every rank (a throw here would leave the other ranks
// waiting in the collective creation).
double spacing(int n, double lo, double hi) {
    return n >= 2 ? (hi - lo) / (n - 1) : std::nan("");
}

} // namespace

Grid::Grid(MPI_Comm comm, int nx, int ny, double xmin, double xmax, double ymin, double ymax)
    : xmin_(xmin), ymin_(ymin) {
    check(laplace_mpi_grid_create(comm, nx, ny, spacing(nx, xmin, xmax), spacing(ny, ymin, ymax),
                                  &grid_));
    check(laplace_mpi_grid_block(grid_, &block_));
}

Grid::~Grid() {
    laplace_mpi_grid_free(grid_);
}

Grid::Grid(Grid &&other) noexcept
    : grid_(std::exchange(other.grid_, nullptr)), block_(other.block_), xmin_(other.xmin_),
      ymin_(other.ymin_) {}

Grid &Grid::operator=(Grid &&other) noexcept {
    if (this != &other) {
        laplace_mpi_grid_free(grid_);
        grid_ = std::exchange(other.grid_, nullptr);
        block_ = other.block_;
        xmin_ = other.xmin_;
        ymin_ = other.ymin_;
    }
    return *this;
}

void Grid::scatter(const double *u, int root) {
    check(laplace_mpi_scatter(grid_, root, u));
}

void Grid::gather(double *u, int root) const {
    check(laplace_mpi_gather(grid_, root, u));
}

std::vector<double> Grid::gather(int root) const {
    std::vector<double> u;
    if (block_.rank == root) {
        u.resize(std::size_t(nx()) * std::size_t(ny()));
    }
    gather(u.data(), root);
    return u;
}

void Grid::set_rhs_from(laplace_mpi_function f, void *ctx) {
    check(laplace_mpi_set_rhs(grid_, xmin_, ymin_, f, ctx));
}

void Grid::scatter_rhs(const double *f, int root) {
    check(laplace_mpi_scatter_rhs(grid_, root, f));
}

void Grid::clear_rhs() {
    check(laplace_mpi_clear_rhs(grid_));
}

laplace_mpi_timings Grid::timings() const {
    laplace_mpi_timings t{};
    check(laplace_mpi_get_timings(grid_, &t));
    return t;
}

void Grid::reset_timings() {
    check(laplace_mpi_reset_timings(grid_));
}

double sweep(std::string_view kernel, Grid &grid) {
    double change = 0.0;
    check(laplace_mpi_sweep_n(grid.handle(), kernel.data(), kernel.size(), &change));
    return change;
}

SolveResult solve(std::string_view kernel, Grid &grid, const SolveOptions &options) {
    SolveResult r;
    check(laplace_mpi_solve_n(grid.handle(), kernel.data(), kernel.size(), options.max_iter,
                              options.tol, &r.iterations, &r.change));
    r.converged = r.change <= options.tol;
    return r;
}

double sweep_redblack(Grid &grid, double omega) {
    double change = 0.0;
    check(laplace_mpi_sweep_redblack(grid.handle(), omega, &change));
    return change;
}

SolveResult solve_redblack(Grid &grid, double omega, const SolveOptions &options) {
    SolveResult r;
    check(laplace_mpi_solve_redblack(grid.handle(), omega, options.max_iter, options.tol,
                                     &r.iterations, &r.change));
    r.converged = r.change <= options.tol;
    return r;
}

Residual residual(Grid &grid) {
    Residual r;
    check(laplace_mpi_residual(grid.handle(), &r.norm2, &r.norm_max));
    return r;
}

SolveReport solve(Grid &grid, const SolverOptions &options) {
    laplace_result r{};
    r.size = sizeof r;
    check(laplace_mpi_solve_rules_n(grid.handle(),
                                    options.kernel.empty() ? nullptr : options.kernel.data(),
                                    options.kernel.size(), options.omega, options.max_iter,
                                    options.rtol, options.atol, options.change_tol, &r));
    return to_report(r);
}

} // namespace laplace::mpi
