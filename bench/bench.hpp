// Shared by the parts of laplace-bench: options, the problem, the rows of the table, the machine.
#pragma once

#include "machine.hpp"
#include "progress.hpp"
#include "timing.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace laplace {
struct SolverOptions;
}

namespace bench {

struct Options {
    std::vector<std::string> kernels; // --kernel; empty: every kernel plus the reference rows
    std::vector<int> sizes;           // --sizes N,N,...: square grids; empty: nx x ny
    int nx = 500, ny = 500, sweeps = 100, repeat = 5;
    std::vector<int> threads;    // --threads: thread counts for threaded rows; empty: 1 and cores
    bool reference = true;       // --no-reference skips the subprocess rows
    MachineOptions machine;      // --no-machine, --remeasure, --machine-cache,
                                 // --machine-cache-max-age
    bool parallel = false;       // --parallel adds the batch section
    int batch = 8;               // --batch: problems in the parallel section
    std::string parallel_kernel; // --parallel-kernel; default: a serial Gauss-Seidel kernel
    std::string json, csv;
    std::string corrupt; // --corrupt NAME: perturbs NAME's answer, to show the check failing
    bool rhs = false;    // --rhs: the f-path section instead of the comparison table
    bool solve = false;  // --solve: the time-to-solution section instead of the table
    double budget = 20;  // --budget: --solve runs a row at a larger size only if its solve took
                         // at most this many seconds at the smaller one
};

// The study's problem: nx x ny on [0,1]^2, boundary x^2 - y^2, interior 0. Variant v of the
// parallel section's batch has the boundary (1 + v/4)(x^2 - y^2) + (v/2) x y, also harmonic.
// With a source s != 0 (the --rhs section) the equation gets the right-hand side
// f = -2s(x(1-x) + y(1-y)), the 5-point Laplacian of s x(1-x) y(1-y) exactly (a second
// difference of a quadratic is exact), which vanishes on the boundary: the same boundary, and
// the discrete solution is the boundary function plus s x(1-x) y(1-y).
struct Problem {
    int nx = 0, ny = 0, sweeps = 0;
    int variant = 0;
    double source = 0; // s; 0: no f (the study's Laplace problem)
    double dx() const { return 1.0 / (nx - 1); }
    double dy() const { return 1.0 / (ny - 1); }
    double updates() const { return double(nx - 2) * double(ny - 2) * sweeps; }
    std::size_t grid_size() const { return std::size_t(nx) * std::size_t(ny); }
};

std::vector<double> initial_grid(const Problem &p);
double boundary_value(const Problem &p, double x, double y);
// f in the grid's layout (nx*ny values), or empty when p has no source.
std::vector<double> rhs_grid(const Problem &p);

// The bench's independent answer on p: for a direct method (`direct`), the exact discrete
// solution; else its own textbook loops of `scheme` (Gauss-Seidel, Jacobi) after `sweeps`
// sweeps. False if it has none for the scheme.
bool oracle(const std::string &scheme, bool direct, const Problem &p, int sweeps,
            std::vector<double> &out, double &tolerance, std::string &name);

// Plain check of one grid against an oracle: max |a - b| / max |b|.
double relative_difference(const std::vector<double> &a, const std::vector<double> &b);

// missing: could not run (an interpreter is not installed); failed: the library reported an
// error on the problem (counts as wrong: exit status 1).
enum class Status { ok, wrong, unchecked, missing, failed };

// One row of the table: a library kernel, a direct method of the library's method table, a
// textbook loop in this program, or a reference implementation run as a subprocess.
struct Row {
    std::string name, scheme, language, threading;
    std::string kind = "kernel"; // "kernel", "method", "textbook" or "reference"
    bool direct = false;         // a method of kind "direct": one solve, checked against the
                                 // exact solution
    int threads = 1;             // 0: unknown (no thread hook for this threading)
    Problem problem;
    Timing timing;          // for problem.sweeps sweeps (extrapolated when `estimated`)
    bool estimated = false; // timed over fewer sweeps and scaled up
    int sweeps_done = 0;    // sweeps behind `grid`
    double change = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> grid; // the answer, checked against an oracle of the same scheme
    Status status = Status::unchecked;
    std::string check;  // how it was checked, or why it is missing
    std::string note;   // anything else worth a footnote
    std::string runner; // reference rows: the interpreter that ran it
    // Filled in by the report.
    double speedup = std::numeric_limits<double>::quiet_NaN();
    double limit_fraction = std::numeric_limits<double>::quiet_NaN();

    bool compiled() const { return kind != "reference"; }
    bool measured() const { return status != Status::missing && status != Status::failed; }
    // Rates apply to rows that did the problem's sweeps (or were scaled to them); a direct
    // method that solves in one go has no sweeps to count: NaN.
    bool sweep_rates() const { return estimated || sweeps_done == problem.sweeps; }
    double updates_per_second() const {
        return sweep_rates() ? problem.updates() / timing.median
                             : std::numeric_limits<double>::quiet_NaN();
    }
};

// Checks every measured row of one problem against the bench's oracle (bench::oracle); a row
// without one is compared with another row of its scheme, or marked unchecked.
void validate(std::vector<Row> &rows);

// The thread-count hook: prepares the process so that a kernel of `threading` uses `threads`
// threads on its next call. Returns false when there is no way to set it for that threading.
// threads = 0 only asks whether there is a way.
bool set_threads(const std::string &threading, int threads);

// The reference rows (subprocesses) for one problem; never throws for a missing interpreter.
std::vector<Row> reference_rows(const Problem &p, const Options &o, std::string &interpreters);

// The --parallel section; returns false if any result was wrong.
struct ParallelResult {
    std::string strategy;
    int workers = 1;
    Timing timing;
    bool present = true;
    bool valid = true;
    std::string note;
};
std::vector<ParallelResult> parallel_section(const Problem &p, const Options &o,
                                             std::string &kernel_used);
// Worker mode of the same program: solves problems of a batch, writes the grids to stdout.
int parallel_worker(int argc, char **argv);

// A row to run: a kernel of the registry (the problem's sweeps, through the study's
// laplace_solve) or a direct method of the method table (one solve, through a Solver), at a
// thread count.
struct Plan {
    std::string name, scheme, language, threading; // a direct method's scheme is "direct"
    bool direct = false;
    int threads = 1; // 0: the library's default (no thread hook for the threading)
};

// The --rhs section: every planned row through a Solver (kernels: Solver("iterate", kernel) for
// p.sweeps sweeps; direct methods: one solve), without f and with the f of a source, side by
// side in interleaved rounds; both answers checked.
struct RhsResult {
    Plan plan;
    Timing free, with_f; // without f, with f
    Status free_status = Status::unchecked, with_status = Status::unchecked;
    std::string free_check, with_check; // how each answer was checked, or the failure
};
// The thread counts of threaded rows: --threads, or 1 and all `cores`.
std::vector<int> thread_counts(const Options &o, int cores);
// Solver options for exactly `iterations` iterations on `threads` threads (0 or less: the
// default), every tolerance off.
laplace::SolverOptions fixed_iterations(int iterations, int threads);
constexpr double rhs_source = 4.0; // s of the --rhs section's f (see Problem)
std::vector<RhsResult> rhs_section(const Problem &p, const std::vector<Plan> &plan, int repetitions,
                                   int restore_threads);

// The --solve section (solve_section.cpp): every method of the method table (1 and more
// threads) and the reference programs (bench/reference, peer.h) solve the Laplace problem
// (boundary x^2 - y^2) and a Poisson problem (u = x^2 y + y^3, f = 8y), from interior 0, to
// ||r|| <= solve_rtol ||r0||, at each size n x n. Every answer is judged by one check
// (peer_check: residual, error against the exact solution, their consistency).
constexpr double solve_rtol = 1e-10;
struct SolveRow {
    std::string name;
    std::string kind; // "method" (the library's method table) or "reference"
    std::string language, threading, runner;
    int threads = 1;
    int n = 0;
    bool poisson = false;
    Timing setup, solve; // seconds per setup, per solve
    int iterations = 0;
    double relative_residual = std::numeric_limits<double>::quiet_NaN();
    double error = std::numeric_limits<double>::quiet_NaN(); // max |u - exact| / max |exact|
    Status status = Status::unchecked; // ok, wrong (the error exceeds what the residual
                                       // allows), missing (not installed, skipped), failed
    bool reached = false;              // relative_residual <= solve_rtol
    std::string check, note;
    bool measured() const { return status == Status::ok || status == Status::wrong; }
};
// The library's rows come from `plan` (one entry per method and thread count).
std::vector<SolveRow> solve_section(const std::vector<Plan> &plan, const Options &o,
                                    const Machine &m);
void print_solve(const std::vector<SolveRow> &rows, const Options &o, const Machine &m);
// The python3 with NumPy the reference rows use ("" if none), and what was tried.
std::string python_with_numpy(std::string &tried);

// Text, JSON and CSV output.
void print_table(const std::vector<Row> &rows, const Problem &p, const Options &o,
                 const Machine &m);
void print_size_summary(const std::vector<Row> &rows, const std::vector<int> &sizes);
void print_parallel(const std::vector<ParallelResult> &results, const Problem &p, const Options &o,
                    const std::string &kernel, const Machine &m);
void print_rhs(const std::vector<RhsResult> &results, const Problem &p, int repetitions,
               const Machine &m);
void write_json(const std::string &path, const std::vector<Row> &rows,
                const std::vector<ParallelResult> &parallel, const std::string &parallel_kernel,
                const std::vector<RhsResult> &rhs, const Problem &rhs_problem, int rhs_repetitions,
                const std::vector<SolveRow> &solve, const Options &o, const Machine &m,
                const std::string &interpreters);
void write_csv(const std::string &path, const std::vector<Row> &rows);
// Fills speedup and limit_fraction for the rows of one problem.
void derive_figures(std::vector<Row> &rows, const Machine &m);

std::string status_name(Status s);

} // namespace bench
