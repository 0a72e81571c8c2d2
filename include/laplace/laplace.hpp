// laplace.hpp - the C++ facade of the laplace library.
//
// A thin layer over the C ABI (laplace.h): an owning Grid (with an optional right-hand side f),
// the kernel and method tables, the study's sweep/solve functions, the residual, and Solver, an
// RAII solver object (a method with setup and solve, the stopping rules and their report).
// Every failure throws laplace::Error. The grid layout is
// the C one: grid(i, j) = u(x_i, y_j) is stored at data()[i*ny + j] (see "GRID CONVENTION" in
// laplace.h).
#pragma once

#include "laplace/laplace.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default) // the library hides all but what its headers declare
#endif

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

// The kernel called `name`; throws Error (LAPLACE_ERROR_UNKNOWN_KERNEL) if there is none. Here
// and wherever a kernel or method name is taken, a name with a NUL inside is such an error (a C
// string would end at the NUL).
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

    // The right-hand side f of u_xx + u_yy = f, a grid of the same shape and layout; absent
    // (the study's Laplace problem, f = 0) until set. Solvers and the residual use it.
    template <class F>
    void set_rhs(F &&f) {
        f_.assign(u_.size(), 0.0);
        for (int i = 0; i < nx_; ++i) {
            for (int j = 0; j < ny_; ++j) {
                f_[index(i, j)] = f(x(i), y(j));
            }
        }
    }
    void clear_rhs() { f_.clear(); }
    bool has_rhs() const { return !f_.empty(); }
    double &rhs(int i, int j) { return f_.at(index(i, j)); }
    double rhs(int i, int j) const { return f_.at(index(i, j)); }
    double *rhs_data() { return f_.empty() ? nullptr : f_.data(); }
    const double *rhs_data() const { return f_.empty() ? nullptr : f_.data(); }

  private:
    std::size_t index(int i, int j) const { return std::size_t(i) * std::size_t(ny_) + j; }

    int nx_, ny_;
    double xmin_, ymin_, dx_, dy_;
    std::vector<double> u_;
    std::vector<double> f_;
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

// ---- The residual ------------------------------------------------------------------------------

// Norms of r = f - A u over the interior (laplace_residual in laplace.h).
struct Residual {
    double norm2 = 0.0;    // sqrt(sum of r^2)
    double norm_max = 0.0; // max |r|
};

// The residual of grid (with its f, if set); threads as in SweepOptions.
Residual residual(const Grid &grid, int threads = 0);
// The same on caller-owned arrays in the C layout (f may be null: f = 0).
Residual residual(const double *u, const double *f, int nx, int ny, double dx, double dy,
                  int threads = 0);

// ---- Methods and solvers (laplace.h, "Solvers") ------------------------------------------------

// Metadata of one method of the table.
struct MethodInfo {
    std::string name; // stable name: "iterate", "blas-fdm", ...
    std::string kind; // "iterative" or "direct"
    std::string description;
    bool takes_kernel; // whether SolverOptions::kernel and weight apply
    bool takes_cycle;  // whether SolverOptions::cycle, pre_smooth and post_smooth apply
};

// Every method of this build, in table order; the one called `name` (Error if none).
std::vector<MethodInfo> methods();
MethodInfo method(std::string_view name);

// FFTW's planning effort for "fft-dst" (laplace_fftw_planning): estimate plans at once, the
// others time candidate algorithms at setup.
enum class FftwPlanning { estimate = 0, measure = 1, patient = 2, exhaustive = 3 };

// A multigrid cycle (laplace_cycle): see laplace.h, "Multigrid".
enum class Cycle { v = 1, w = 2, f = 3, fmg = 4 };

// Why a solve stopped (laplace_stop_reason).
enum class StopReason { none = 0, change = 1, atol = 2, rtol = 3, max_iter = 4, direct = 5 };

// The name of a stop reason: "change", "atol", "rtol", "max_iter", "direct", "none".
const char *to_string(StopReason reason);

struct SolverOptions {
    std::string kernel;      // "iterate": the kernel to sweep ("" = the default)
    double weight = 0.0;     // SOR factor or Jacobi damping in (0, 2); 0 = the kernel's default
    int threads = 0;         // OpenMP threads (and FFTW's, for "fft-dst"); 0 = the default
    int max_iter = 10000;    // at most this many iterations; -1 = no limit
    double rtol = 1e-8;      // ||r|| <= rtol ||r0||   (0 = off)
    double atol = 0.0;       // ||r|| <= atol          (0 = off)
    double change_tol = 0.0; // change norm <= change_tol (0 = off)
    // "fft-dst": FFTW's planning effort (the others take only the default)
    FftwPlanning fftw_planning = FftwPlanning::estimate;
    // "multigrid": the cycle and the smoothing sweeps before and after each coarse correction
    // (0..64 each, not both 0); other methods take only these defaults
    Cycle cycle = Cycle::v;
    int pre_smooth = 2;
    int post_smooth = 1;
};

// What a solve did (laplace_result).
struct SolveReport {
    int iterations = 0;
    StopReason reason = StopReason::none;
    bool converged = false; // a tolerance (or a direct solve) stopped it, not max_iter
    double change = 0.0;    // of the last iteration (NaN when not computed)
    double residual_initial = 0.0;
    double residual = 0.0; // ||r|| after the last iteration
    double residual_max = 0.0;
    double relative_residual = 0.0;
    int threads = 0; // OpenMP threads the last iteration ran on (laplace_result.threads)
};

// The report of a C ABI result (laplace_solver_get_result, laplace_mpi_solve_rules).
SolveReport to_report(const laplace_result &result);

// A method set up once for a grid shape and spacing, solving many times. Move-only; one thread
// at a time per object, any number of objects at once.
class Solver {
  public:
    explicit Solver(std::string_view method, const SolverOptions &options = {});

    // Sets up for an nx x ny grid (C layout) with spacings dx, dy; the first solve does it
    // otherwise. Solving on another grid afterwards throws (LAPLACE_ERROR_SETUP_MISMATCH).
    void setup(int nx, int ny, double dx, double dy);
    void setup(const Grid &grid) { setup(grid.nx(), grid.ny(), grid.dx(), grid.dy()); }

    // Solves in place from grid's interior as the initial guess, with grid's f if set.
    SolveReport solve(Grid &grid);
    // The same on caller-owned arrays in the C layout (f may be null: f = 0).
    SolveReport solve(double *u, const double *f, int nx, int ny, double dx, double dy);

    // The report of the last solve.
    SolveReport report() const;
    // Bytes the setup holds (workspace and plans).
    long long memory_bytes() const;

  private:
    struct Destroy {
        void operator()(laplace_solver *s) const noexcept { laplace_solver_destroy(s); }
    };
    std::unique_ptr<laplace_solver, Destroy> handle_;
};

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

// ---- The FFTW section (see laplace.h, "The FFTW section") -------------------------------------

// True if this build has FFTW, and so the direct method "fft-dst".
bool fftw_available();

// Which FFTW: its version and threading; "none" without FFTW.
std::string fftw_info();

// FFTW's wisdom to and from a file, and forgetting it. Throw Error (LAPLACE_ERROR_FILE,
// LAPLACE_ERROR_UNAVAILABLE without FFTW).
void import_fftw_wisdom(const std::string &filename);
void export_fftw_wisdom(const std::string &filename);
void forget_fftw_wisdom();

} // namespace laplace
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif
