// laplace.hpp - the C++ facade of the laplace library.
//
// A thin layer over the C ABI (laplace.h): an owning Grid, kernel metadata, and sweep/solve
// functions that take a kernel by name and throw laplace::Error on failure. The grid layout is
// the C one: grid(i, j) = u(x_i, y_j) is stored at data()[i*ny + j] (see "GRID CONVENTION" in
// laplace.h).
#pragma once

#include "laplace/laplace.h"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace laplace {

// A failure reported by the library: what() is the message, status() the laplace_status code.
class Error : public std::runtime_error {
  public:
    Error(int status, const std::string &message) : std::runtime_error(message), status_(status) {}
    int status() const noexcept { return status_; }

  private:
    int status_;
};

// Metadata of one kernel of the registry.
struct KernelInfo {
    std::string name;        // stable name, e.g. "cpp-loop"
    std::string scheme;      // "gauss-seidel", "jacobi", "red-black", "red-black-sor"
    std::string language;    // "Fortran 77", "C++", ...
    std::string threading;   // "serial" or "openmp"
    std::string description; // how it is written, which row of the study it stands for
};

// Every kernel of this build, in registry order.
std::vector<KernelInfo> kernels();

// The kernel called `name`; throws Error (LAPLACE_ERROR_UNKNOWN_KERNEL) if there is none.
KernelInfo kernel(std::string_view name);

// An owning nx x ny grid over [xmin, xmax] x [ymin, ymax]: x_i = xmin + i*dx with
// dx = (xmax - xmin)/(nx - 1), and y_j likewise. Values start at zero.
class Grid {
  public:
    Grid(int nx, int ny, double xmin = 0.0, double xmax = 1.0, double ymin = 0.0,
         double ymax = 1.0);

    int nx() const { return nx_; }
    int ny() const { return ny_; }
    double dx() const { return dx_; }
    double dy() const { return dy_; }
    double x(int i) const { return xmin_ + i * dx_; }
    double y(int j) const { return ymin_ + j * dy_; }

    double &operator()(int i, int j) { return u_[index(i, j)]; }
    double operator()(int i, int j) const { return u_[index(i, j)]; }
    double *data() { return u_.data(); }
    const double *data() const { return u_.data(); }
    std::size_t size() const { return u_.size(); }

    // Sets the boundary points to f(x, y); interior points are left as they are.
    template <class F>
    void set_boundary(F &&f) {
        for (int i = 0; i < nx_; ++i) {
            (*this)(i, 0) = f(x(i), y(0));
            (*this)(i, ny_ - 1) = f(x(i), y(ny_ - 1));
        }
        for (int j = 1; j < ny_ - 1; ++j) {
            (*this)(0, j) = f(x(0), y(j));
            (*this)(nx_ - 1, j) = f(x(nx_ - 1), y(j));
        }
    }

    // Sets every point, boundary and interior, to f(x, y).
    template <class F>
    void fill(F &&f) {
        for (int i = 0; i < nx_; ++i) {
            for (int j = 0; j < ny_; ++j) {
                (*this)(i, j) = f(x(i), y(j));
            }
        }
    }

  private:
    std::size_t index(int i, int j) const { return std::size_t(i) * std::size_t(ny_) + j; }

    int nx_, ny_;
    double xmin_, ymin_, dx_, dy_;
    std::vector<double> u_;
};

// Per-call options of a sweep (see laplace_options in laplace.h).
struct SweepOptions {
    int threads = 0;    // OpenMP threads for "openmp" kernels; 0 = OMP_NUM_THREADS / default
    double omega = 0.0; // SOR relaxation factor in (0, 2); 0 = the optimal factor for the grid
};

struct SolveOptions {
    int max_iter = 100000; // at most this many sweeps
    double tol = 1e-10;    // stop once the change norm is <= tol
    int threads = 0;       // as in SweepOptions
    double omega = 0.0;    // as in SweepOptions
};

struct SolveResult {
    int iterations = 0;     // sweeps done
    double change = 0.0;    // change norm of the last sweep
    bool converged = false; // change <= tol
};

// One sweep of `kernel` over grid, in place; returns the change norm.
double sweep(std::string_view kernel, Grid &grid, const SweepOptions &options = {});

// Sweeps of `kernel` until the change norm is <= options.tol or options.max_iter sweeps.
SolveResult solve(std::string_view kernel, Grid &grid, const SolveOptions &options = {});

// The same on a caller-owned array in the C layout (nx*ny values, u[i*ny + j]).
double sweep(std::string_view kernel, double *u, int nx, int ny, double dx, double dy,
             const SweepOptions &options = {});
SolveResult solve(std::string_view kernel, double *u, int nx, int ny, double dx, double dy,
                  const SolveOptions &options = {});

// ---- The BLAS section (see laplace.h, "The BLAS section") -------------------------------------

// True if this build has a BLAS, and so the direct method "blas-fdm".
bool blas_available();

// Which BLAS: OpenBLAS's configuration string, or a description; "none" without BLAS.
std::string blas_info();

// Threads a BLAS solve that runs alone uses; 0 without BLAS thread control.
int blas_threads();

// Sets that number (>= 1, or 0 for the default: all cores). Throws Error
// (LAPLACE_ERROR_BAD_THREADS, LAPLACE_ERROR_UNAVAILABLE without thread control).
void set_blas_threads(int num_threads);

// Threads the calling thread's last BLAS solve ran with (1 when it overlapped another one or
// ran inside an OpenMP region); 0 if none, or without thread control.
int blas_last_solve_threads();

// The eigenvector plan cache of "blas-fdm": its size in bytes, and a way to free it.
long long blas_plan_bytes();
void clear_blas_plans();

} // namespace laplace
