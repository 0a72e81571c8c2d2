// The method table: how a solution is reached. A method is set up once for a grid shape and
// spacing (workspace, plans, eigenvectors) and then solves many times; the driver (driver.hpp)
// owns the loop and the stopping rules, a method only does one iteration of its own (a sweep of
// its kernel, a cycle, a direct solve). A method that is not built is absent, never a stub.
#pragma once

#include "../internal_api.hpp"

#include "../grid.hpp"
#include "../registry.hpp"

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

namespace laplace::detail {

enum class MethodKind { iterative, direct };

// The problem one iteration works on, validated, in the C layout: u, the scaled spacings, f
// (nullptr: 0) and its factor (validation.hpp, Spacings), and which iteration of the solve this
// is (1 for the first: full multigrid's first cycle differs from the rest).
struct Problem {
    GridRef g;
    const double *f;
    double f_weight;
    int iteration = 1;
};

// A solver object's settings that a method reads, validated by check() before setup.
struct MethodSettings {
    const KernelEntry *kernel = nullptr; // null: the method's default kernel
    double weight = 0.0;                 // 0: the kernel's default (optimal SOR factor, or 1)
    int threads = 0;                     // requested; 0: the OpenMP default
    int fftw_planning = 0;               // LAPLACE_FFTW_*: FFTW's planning effort
    int cycle = 0;                       // LAPLACE_CYCLE_*; 0: the method's default
    int pre_smooth = -1;                 // smoothing sweeps before and after the coarse
    int post_smooth = -1;                // correction; -1: the method's default
};

// A method set up for one grid shape and spacing. step() is called by one thread at a time;
// several states may run at once (each owns its workspace).
class MethodState {
  public:
    virtual ~MethodState() = default;
    // One iteration on p, in place; returns the sum of squared changes (0 when !want_change).
    // May throw TooLargeError or std::bad_alloc, before it writes u.
    virtual double step(const Problem &p, bool want_change) = 0;
    // Bytes this state holds (workspace, its share of plans).
    virtual std::size_t bytes() const = 0;
    // OpenMP team size of the steps and of the work around them (residual, scans), now: 1
    // inside a caller's parallel region.
    virtual int threads() const = 0;
    // What an error message calls an iteration: "sweep 3 of kernel 'omp-sor'".
    virtual std::string describe_step(int number) const = 0;
};

struct MethodEntry {
    const char *name; // stable name: "iterate", "multigrid", "blas-fdm", "fft-dst"
    MethodKind kind;
    const char *description; // one line
    bool takes_kernel;       // whether a kernel (and a weight) can be set
    bool makes_fftw_plans;   // whether FFTW's planning effort can be set
    bool takes_cycle;        // whether a multigrid cycle and smoothing counts can be set
    // LAPLACE_OK, or the status (message set) for settings this method cannot use.
    int (*check)(const MethodSettings &settings);
    // The state for grid g (u unused; nx, ny and the scaled spacings count). Throws
    // TooLargeError or std::bad_alloc when its memory cannot be had.
    std::unique_ptr<MethodState> (*setup)(const MethodSettings &settings, const GridRef &g);
};

std::span<const MethodEntry> method_table();

// The entry called `name` (the whole string_view), or nullptr.
const MethodEntry *find_method(std::string_view name);

// The method "iterate" for one kernel: also what the study's laplace_sweep and laplace_solve run.
std::unique_ptr<MethodState> iterate_setup(const MethodSettings &settings, const GridRef &g);

// LAPLACE_OK, or LAPLACE_ERROR_BAD_OMEGA when `weight` does not apply to the kernel.
int check_kernel_weight(const KernelEntry &kernel, double weight);

// The team size for an openmp kernel (or the work around it) on grid g: the rule of
// kernels/openmp_threads.hpp; 1 in a build without OpenMP.
LAPLACE_INTERNAL_API int team_size(int requested, const GridRef &g);

} // namespace laplace::detail
