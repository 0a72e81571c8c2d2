// laplace-bench: the cross-language comparison of the study, redone on this machine. Every
// kernel of the registry is a row, and every direct method of the method table (one solve
// through a Solver), threaded ones once per --threads value, plus the textbook C++ loops and
// the reference rows of the study's other languages (subprocesses). Every row's answer is
// checked before it is reported; a wrong row is flagged, never a winner, and makes the exit
// status 1. --rhs measures the f-path cost instead (rhs_section.cpp), --solve the time to
// solution against the solvers people use (solve_section.cpp). Run 'laplace-bench --help' for
// the options.
#include "bench.hpp"
#include "cli.hpp"
#include "laplace/laplace.hpp"
#include "openblas_core.hpp"
#include "textbook.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace bench {

std::vector<double> initial_grid(const Problem &p) {
    laplace::Grid g(p.nx, p.ny);
    g.set_boundary([&](double x, double y) { return boundary_value(p, x, y); });
    return std::vector<double>(g.data(), g.data() + g.size());
}

double boundary_value(const Problem &p, double x, double y) {
    const double v = p.variant;
    return (1.0 + 0.25 * v) * (x * x - y * y) + 0.5 * v * x * y;
}

double relative_difference(const std::vector<double> &a, const std::vector<double> &b) {
    if (a.size() != b.size()) {
        return std::numeric_limits<double>::infinity();
    }
    double diff = 0, scale = 0;
    for (std::size_t n = 0; n < a.size(); ++n) {
        diff = std::max(diff, std::abs(a[n] - b[n]));
        scale = std::max(scale, std::abs(b[n]));
    }
    const double relative = diff / scale;
    return std::isnan(relative) ? std::numeric_limits<double>::infinity() : relative;
}

std::vector<int> thread_counts(const Options &o, int cores) {
    std::vector<int> counts = o.threads;
    if (counts.empty()) {
        counts = {1};
        if (cores > 1) {
            counts.push_back(cores);
        }
    }
    return counts;
}

laplace::SolverOptions fixed_iterations(int iterations, int threads) {
    laplace::SolverOptions so;
    so.threads = std::max(threads, 0);
    so.max_iter = iterations;
    so.rtol = so.atol = so.change_tol = 0.0;
    return so;
}

std::vector<double> rhs_grid(const Problem &p) {
    std::vector<double> f;
    if (p.source != 0) {
        f.resize(p.grid_size());
        for (int i = 0; i < p.nx; ++i) {
            for (int j = 0; j < p.ny; ++j) {
                const double x = i * p.dx(), y = j * p.dy();
                f[std::size_t(i) * p.ny + j] = -2 * p.source * (x * (1 - x) + y * (1 - y));
            }
        }
    }
    return f;
}

bool oracle(const std::string &scheme, bool direct, const Problem &p, int sweeps,
            std::vector<double> &out, double &tolerance, std::string &name) {
    out = initial_grid(p);
    tolerance = 1e-12;
    const std::vector<double> f = rhs_grid(p);
    if (direct) {
        // The boundary data is harmonic for the 5-point scheme: the discrete solution is the
        // boundary function itself at every point (plus the source's term, see Problem).
        // Rounding of a direct solve grows with n.
        for (int i = 0; i < p.nx; ++i) {
            for (int j = 0; j < p.ny; ++j) {
                const double x = i * p.dx(), y = j * p.dy();
                out[std::size_t(i) * p.ny + j] =
                    boundary_value(p, x, y) + p.source * x * (1 - x) * y * (1 - y);
            }
        }
        tolerance = 1e-10;
        name = "exact solution";
        return true;
    }
    if (scheme == "gauss-seidel") {
        for (int s = 0; s < sweeps; ++s) {
            if (f.empty()) {
                textbook_gauss_seidel(out.data(), p.nx, p.ny, p.dx(), p.dy());
            } else {
                textbook_gauss_seidel_rhs(out.data(), f.data(), p.nx, p.ny, p.dx(), p.dy());
            }
        }
        name = f.empty() ? "textbook Gauss-Seidel" : "textbook Gauss-Seidel with f";
        return true;
    }
    if (scheme == "jacobi") {
        std::vector<double> old(out.size());
        for (int s = 0; s < sweeps; ++s) {
            if (f.empty()) {
                textbook_jacobi(out.data(), old.data(), p.nx, p.ny, p.dx(), p.dy());
            } else {
                textbook_jacobi_rhs(out.data(), old.data(), f.data(), p.nx, p.ny, p.dx(), p.dy());
            }
        }
        name = f.empty() ? "textbook Jacobi" : "textbook Jacobi with f";
        return true;
    }
    return false;
}

// Checks every measured row of one problem: against the bench's oracle for its scheme after
// the same number of sweeps (a direct method: the exact solution); a scheme without an oracle
// is compared with the first other row of that scheme, and a row alone in its scheme says so.
void validate(std::vector<Row> &rows) {
    std::map<std::tuple<std::string, int, bool>,
             std::tuple<std::vector<double>, double, std::string>>
        oracles;
    for (Row &r : rows) {
        if (!r.measured() || r.grid.empty()) {
            continue;
        }
        const auto key = std::make_tuple(r.scheme, r.sweeps_done, r.direct);
        auto it = oracles.find(key);
        if (it == oracles.end()) {
            std::vector<double> grid;
            double tolerance = 0;
            std::string name;
            if (!oracle(r.scheme, r.direct, r.problem, r.sweeps_done, grid, tolerance, name)) {
                grid.clear();
            }
            it = oracles.emplace(key, std::make_tuple(std::move(grid), tolerance, name)).first;
        }
        auto &[grid, tolerance, name] = it->second;
        const Row *peer = nullptr;
        if (grid.empty()) {
            for (const Row &other : rows) {
                if (&other != &r && other.measured() && other.scheme == r.scheme &&
                    other.direct == r.direct && other.sweeps_done == r.sweeps_done &&
                    !other.grid.empty()) {
                    peer = &other;
                    break;
                }
            }
            if (peer == nullptr) {
                r.status = Status::unchecked;
                r.check = "not comparable: no oracle for scheme '" + r.scheme +
                          "' and no other row of that scheme";
                continue;
            }
        }
        const double relative = relative_difference(r.grid, peer ? peer->grid : grid);
        const double tol = peer ? 1e-12 : tolerance;
        r.status = relative <= tol ? Status::ok : Status::wrong;
        char buf[160];
        const bool exact = !peer && r.direct;
        std::snprintf(buf, sizeof buf, "%s: max relative difference %.1e vs %s%s%s",
                      relative <= tol ? "ok" : "WRONG", relative,
                      peer ? peer->name.c_str() : name.c_str(), exact ? "" : " after ",
                      exact ? "" : (std::to_string(r.sweeps_done) + " sweeps").c_str());
        r.check = buf;
    }
}

bool set_threads(const std::string &threading, int threads) {
    if (threading == "serial") {
        return threads <= 1;
    }
    if (threading.find("openmp") != std::string::npos) {
#ifdef _OPENMP
        // The OpenMP default of the calling thread: what the library's calls with 0 threads
        // use (the batch section's OpenMP rows); kernel rows also pass their count per call.
        if (threads > 0) {
            omp_set_num_threads(threads);
        }
        return true;
#else
        return false;
#endif
    }
    if (threading.find("blas") != std::string::npos) {
        // Through the library: its BLAS solves apply their own thread policy on entry
        // (laplace.h), which would override a plain openblas_set_num_threads. A build without
        // thread control says LAPLACE_ERROR_UNAVAILABLE.
        return laplace_blas_set_threads(threads) == LAPLACE_OK;
    }
    return false;
}

} // namespace bench

namespace {

using bench::fixed_iterations;
using bench::Options;
using bench::Plan;
using bench::Problem;
using bench::Row;
using bench::Status;

[[noreturn]] void usage(const std::string &problem) {
    std::fprintf(stderr, "laplace-bench: %s\nrun 'laplace-bench --help' for the options\n",
                 problem.c_str());
    std::exit(2);
}

// The --rhs section times at least this many runs per figure.
constexpr int rhs_min_repeat = 7;

// The --solve section's sizes unless --sizes says otherwise (the larger ones are an option).
const std::vector<int> solve_default_sizes = {257, 513};
// and its timed runs per row unless --repeat says otherwise (a solve takes seconds, not a sweep).
constexpr int solve_default_repeat = 3;

void print_list() {
    std::printf("%-16s %-14s %-11s %-9s %s\n", "kernel", "scheme", "language", "threading",
                "description");
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        std::printf("%-16s %-14s %-11s %-9s %s\n", k.name.c_str(), k.scheme.c_str(),
                    k.language.c_str(), k.threading.c_str(), k.description.c_str());
    }
    std::printf("\n%-16s %-10s %-7s %s\n", "method", "kind", "kernel", "description");
    for (const laplace::MethodInfo &m : laplace::methods()) {
        std::printf("%-16s %-10s %-7s %s\n", m.name.c_str(), m.kind.c_str(),
                    m.takes_kernel ? "yes" : "no", m.description.c_str());
    }
    std::printf("\nrows: every kernel, and every method of kind \"direct\" (one solve)\n");
}

Options parse(int argc, char **argv) {
    Options o;
    CLI::App app{
        "The study's comparison on this machine: every kernel of the library, its direct methods, "
        "the textbook C++ loops and the reference rows (pure Python, NumPy, f2py, Octave) on an "
        "nx x ny grid on [0,1]^2 with boundary x^2 - y^2, interior 0; median of `repeat` runs "
        "after a warm-up; every row's answer checked. Exit status 1 if any row is wrong."};
    bench::prepare(app, "laplace-bench");
    bool list = false, no_reference = false, no_machine = false;
    app.add_flag("--list", list, "the kernels and methods of this build, with their metadata");
    app.add_option("--kernel", o.kernels,
                   "only this kernel or direct method (repeatable; no textbook or reference rows)")
        ->allow_extra_args(false);
    CLI::Option *nx = app.add_option("--nx", o.nx, "grid points along x (default 500)")
                          ->check(CLI::Range(3, 1000000));
    CLI::Option *ny = app.add_option("--ny", o.ny, "grid points along y (default 500)")
                          ->check(CLI::Range(3, 1000000));
    CLI::Option *sizes =
        app.add_option("--sizes", o.sizes,
                       "one table per n x n grid, N,N,... (e.g. 100,250,500,1000,2000,4000)")
            ->delimiter(',')
            ->check(CLI::Range(3, 1000000))
            ->excludes(nx, ny);
    app.add_option("--sweeps", o.sweeps, "sweeps per run (default 100)")
        ->check(CLI::Range(1, 1000000));
    CLI::Option *repeat = app.add_option("--repeat", o.repeat, "timed runs per row (default 5)")
                              ->check(CLI::Range(1, 1000000));
    app.add_option("--threads", o.threads,
                   "thread counts for threaded rows, N,N,... (default 1 and all cores)")
        ->delimiter(',')
        ->check(CLI::Range(1, 1000000));
    app.add_flag("--no-reference", no_reference,
                 "skip the subprocess rows (Python, NumPy, f2py, Octave; with --solve the "
                 "reference programs: PETSc, hypre, plain FFTW, SciPy)");
    app.add_flag("--no-machine", no_machine, "skip the bandwidth probe (no '% limit' column)");
    app.add_flag("--remeasure", o.machine.remeasure,
                 "measure the bandwidth again instead of using the cache");
    app.add_option("--machine-cache", o.machine.cache_file,
                   "the cache file (default $XDG_CACHE_HOME/laplace/machine.jsonl)");
    app.add_option("--machine-cache-max-age", o.machine.max_age_days,
                   "days a cached figure stays good; older ones are measured again (default 30; "
                   "0: always measure)")
        ->check(CLI::NonNegativeNumber);
    CLI::Option *parallel = app.add_flag(
        "--parallel", o.parallel, "add the batch section: normal / threads / processes / OpenMP");
    app.add_option("--batch", o.batch, "problems in the batch (default 8)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--parallel-kernel", o.parallel_kernel,
                   "kernel of the batch section (default: a serial C++ kernel)");
    CLI::Option *rhs = app.add_flag(
        "--rhs", o.rhs,
        "instead of the table, the f-path cost: every kernel (and direct method) through a "
        "Solver without f and with f, interleaved, median of max(repeat, " +
            std::to_string(rhs_min_repeat) + ") runs");
    CLI::Option *solve = app.add_flag(
        "--solve", o.solve,
        "instead of the table, the time to solution: every method of the method table (at each "
        "--threads) and the reference programs (PETSc, hypre, plain FFTW, SciPy, when installed) "
        "solve the Laplace and a Poisson problem to relative residual 1e-10 at each of --sizes "
        "(default 257,513; up to 4097 as an option); warm-up, then up to --repeat (default 3 "
        "here) runs within --budget seconds");
    app.add_option("--budget", o.budget,
                   "--solve: a row whose solve took more than S seconds (default 20) is skipped "
                   "at the larger sizes")
        ->check(CLI::Range(1.0, 1e6));
    app.add_option("--json", o.json, "every figure, the machine and the date")
        ->check(bench::WritableFile);
    app.add_option("--csv", o.csv, "the rows as CSV")->check(bench::WritableFile);
    app.add_option("--corrupt", o.corrupt,
                   "perturb NAME's answer before the check (tests the check; --solve: transposes "
                   "it)");
    rhs->excludes(sizes);
    solve->excludes(rhs, nx, ny, parallel);
    bench::parse(app, argc, argv);
    if (list) {
        print_list();
        std::exit(0);
    }
    o.reference = !no_reference;
    o.machine.probe = !no_machine;
    if (o.solve && !o.kernels.empty()) {
        bench::usage_error(app, "--solve runs every method of the method table, not --kernel");
    }
    if (o.solve && o.sizes.empty()) {
        o.sizes = solve_default_sizes;
    }
    if (o.solve && repeat->count() == 0) {
        o.repeat = solve_default_repeat;
    }
    return o;
}

// How a direct method's threads are set. The method table has no threading field, so the bench
// asks the library: a small solve on a fresh thread (the BLAS report is per calling thread) that
// leaves a BLAS thread count behind ran on the BLAS, whose threads bench::set_threads sets
// through laplace_blas_set_threads. Otherwise the row runs at the library's default.
std::string direct_threading(const std::string &method) {
    int blas_threads = 0;
    std::thread probe([&] {
        try {
            laplace::Grid g(5, 5);
            laplace::Solver(method, fixed_iterations(1, 0)).solve(g); // one solve, whatever u
            blas_threads = laplace::blas_last_solve_threads();
        } catch (const laplace::Error &) {
            // The row's own solve reports the failure.
        }
    });
    probe.join();
    return blas_threads > 0 ? "blas" : "library";
}

// The rows of the table's library part: every kernel of the registry, then every method of kind
// "direct" (the rows "iterate" would give are the kernels'); or those --kernel names.
std::vector<Plan> chosen_entries(const Options &o) {
    std::vector<Plan> entries;
    const auto add_kernel = [&](const laplace::KernelInfo &k) {
        entries.push_back({k.name, k.scheme, k.language, k.threading, false, 1});
    };
    const auto add_method = [&](const laplace::MethodInfo &m) {
        // The method table's methods are the library's C++ (cpp/solver); it has no language
        // field. A direct method's "scheme" in the table is its kind.
        entries.push_back({m.name, m.kind, "C++", direct_threading(m.name), true, 1});
    };
    if (o.kernels.empty()) {
        for (const laplace::KernelInfo &k : laplace::kernels()) {
            add_kernel(k);
        }
        for (const laplace::MethodInfo &m : laplace::methods()) {
            if (m.kind == "direct") {
                add_method(m);
            }
        }
        return entries;
    }
    for (const std::string &name : o.kernels) {
        if (laplace_kernel_index(name.c_str()) >= 0) {
            add_kernel(laplace::kernel(name));
        } else if (laplace_method_index(name.c_str()) >= 0 &&
                   laplace::method(name).kind == "direct") {
            add_method(laplace::method(name));
        } else {
            std::string known;
            for (const laplace::KernelInfo &k : laplace::kernels()) {
                known += " " + k.name;
            }
            for (const laplace::MethodInfo &m : laplace::methods()) {
                if (m.kind == "direct") {
                    known += " " + m.name;
                }
            }
            usage("--kernel " + name +
                  ": no kernel or direct method of that name; this build:" + known);
        }
    }
    return entries;
}

// The --solve section's library rows: every method of the method table, at each thread count
// (its solver's thread setting, and the BLAS's for a BLAS-threaded one).
std::vector<Plan> solve_plan(const Options &o, int cores) {
    const std::vector<int> counts = bench::thread_counts(o, cores);
    std::vector<Plan> plan;
    for (const laplace::MethodInfo &m : laplace::methods()) {
        const std::string threading = direct_threading(m.name);
        for (int t : counts) {
            plan.push_back({m.name, m.kind, "C++", threading, m.kind == "direct", t});
        }
    }
    return plan;
}

// A row per entry and thread count: serial kernels once, threaded ones per --threads value
// when the bench knows how to set their thread count (bench::set_threads), else once.
std::vector<Plan> plan_rows(const std::vector<Plan> &entries, const Options &o, int cores) {
    const std::vector<int> counts = bench::thread_counts(o, cores);
    std::vector<Plan> plan;
    for (const Plan &e : entries) {
        if (e.threading == "serial") {
            plan.push_back(e);
        } else if (bench::set_threads(e.threading, 0)) {
            for (int t : counts) {
                Plan p = e;
                p.threads = t;
                plan.push_back(p);
            }
        } else {
            Plan p = e;
            p.threads = 0;
            plan.push_back(p);
        }
    }
    return plan;
}

// The row's identity from its plan entry, nothing run.
Row plan_row(const Plan &plan, const Problem &p) {
    Row row;
    row.name = plan.name;
    row.scheme = plan.scheme;
    row.language = plan.language;
    row.threading = plan.threading;
    row.threads = plan.threads;
    row.kind = plan.direct ? "method" : "kernel";
    row.direct = plan.direct;
    row.problem = p;
    return row;
}

Row planned_row(const Plan &plan, const Problem &p) {
    Row row = plan_row(plan, p);
    if (plan.threads > 0) {
        bench::set_threads(plan.threading, plan.threads);
    } else {
        row.note = "no thread hook for threading '" + plan.threading +
                   "': runs at the library's default thread count";
    }
    return row;
}

void restore_threads(const Plan &plan, Row &row, int restore) {
    if (plan.threading.find("blas") != std::string::npos && plan.threads > 0 &&
        laplace::blas_last_solve_threads() != plan.threads) {
        row.note = "ran on " + std::to_string(laplace::blas_last_solve_threads()) +
                   " BLAS thread(s), not " + std::to_string(plan.threads);
    }
    if (plan.threads > 0 && plan.threading != "serial") {
        bench::set_threads(plan.threading, restore);
    }
}

// The OpenMP threads a call of `kernel` with per-call thread count `threads` runs on for this
// problem, as the library reports it (a solver's laplace_result.threads, by the rule every call
// applies: laplace_options.num_threads): the row's thread column says this number.
int threads_used(const std::string &kernel, int threads, const Problem &p) {
    laplace::SolverOptions so = fixed_iterations(1, threads);
    so.kernel = kernel;
    std::vector<double> grid = bench::initial_grid(p);
    return laplace::Solver("iterate", so)
        .solve(grid.data(), nullptr, p.nx, p.ny, p.dx(), p.dy())
        .threads;
}

// A kernel row: the problem's sweeps through the study's call, laplace_solve with tol = 0
// (exactly `sweeps` sweeps, unless one changes nothing at all), with the row's thread count as
// the per-call option: the OpenMP default alone would leave the library's small-grid rule
// (laplace.h, num_threads = 0) free to run a "2 threads" row on one.
Row run_kernel(const Plan &plan, const Problem &p, const Options &o, int restore) {
    Row row = planned_row(plan, p);
    const std::vector<double> initial = bench::initial_grid(p);
    std::vector<double> grid = initial;
    laplace::SolveOptions options;
    options.max_iter = p.sweeps;
    options.tol = 0.0;
    options.threads = plan.threading == "openmp" ? plan.threads : 0;
    laplace::SolveResult result;
    row.timing = bench::measure(
        1, o.repeat, [&] { grid = initial; },
        [&] {
            result = laplace::solve(plan.name, grid.data(), p.nx, p.ny, p.dx(), p.dy(), options);
        });
    if (plan.threading == "openmp" && plan.threads > 0) {
        if (const int used = threads_used(plan.name, options.threads, p); used != plan.threads) {
            row.note = "asked for " + std::to_string(plan.threads) + " threads, ran on " +
                       std::to_string(used) + " (laplace.h, num_threads: the thread limit)";
            std::fprintf(stderr, "laplace-bench: %s: %s\n", plan.name.c_str(), row.note.c_str());
            row.threads = used;
        }
    }
    restore_threads(plan, row, restore);
    row.change = result.change;
    row.sweeps_done = result.iterations;
    row.grid = std::move(grid);
    return row;
}

// A direct method's row: one solve through a Solver set up before the timing (its plans built
// and cached, as for any solve after the first on a grid shape); the time includes what every
// Solver solve does around the method (argument checks, the residual report).
Row run_direct(const Plan &plan, const Problem &p, const Options &o, int restore) {
    Row row = planned_row(plan, p);
    laplace::Solver solver(plan.name, fixed_iterations(1, plan.threads));
    solver.setup(p.nx, p.ny, p.dx(), p.dy());
    const std::vector<double> initial = bench::initial_grid(p);
    std::vector<double> grid = initial;
    laplace::SolveReport report;
    row.timing = bench::measure(
        1, o.repeat, [&] { grid = initial; },
        [&] { report = solver.solve(grid.data(), nullptr, p.nx, p.ny, p.dx(), p.dy()); });
    restore_threads(plan, row, restore);
    row.change = report.change;
    row.sweeps_done = report.iterations;
    row.grid = std::move(grid);
    return row;
}

Row run_textbook(const std::string &scheme, const Problem &p, const Options &o) {
    Row row;
    row.name = scheme == "jacobi" ? "textbook-jacobi" : "textbook-gs";
    row.scheme = scheme;
    row.language = "C++";
    row.threading = "serial";
    row.kind = "textbook";
    row.problem = p;
    row.note = "the plain loop of bench/textbook.cpp, also the bench's oracle for its scheme";
    const std::vector<double> initial = bench::initial_grid(p);
    std::vector<double> grid = initial, old(initial.size());
    row.timing = bench::measure(
        1, o.repeat, [&] { grid = initial; },
        [&] {
            for (int s = 0; s < p.sweeps; ++s) {
                row.change =
                    scheme == "jacobi"
                        ? bench::textbook_jacobi(grid.data(), old.data(), p.nx, p.ny, p.dx(),
                                                 p.dy())
                        : bench::textbook_gauss_seidel(grid.data(), p.nx, p.ny, p.dx(), p.dy());
            }
        });
    row.sweeps_done = p.sweeps;
    row.grid = std::move(grid);
    return row;
}

} // namespace

int main(int argc, char **argv) {
    bench::rerun_with_openblas_core_for_this_cpu(argv);
    if (argc > 1 && std::strcmp(argv[1], "--worker") == 0) {
        return bench::parallel_worker(argc, argv);
    }
    const Options o = parse(argc, argv);
    std::vector<Plan> chosen;
    try {
        chosen = chosen_entries(o);
    } catch (const laplace::Error &e) {
        usage(e.what());
    }
    const bool full = o.kernels.empty() && !o.rhs;

    const bench::Machine machine = bench::probe_machine(o.machine);
    std::vector<Problem> problems;
    if (o.sizes.empty()) {
        problems.push_back({o.nx, o.ny, o.sweeps, 0});
    } else {
        for (int n : o.sizes) {
            problems.push_back({n, n, o.sweeps, 0});
        }
    }
    const std::vector<Plan> plan = plan_rows(chosen, o, machine.cores);

    std::vector<Row> all;
    std::string interpreters = "not searched";
    std::vector<bench::RhsResult> rhs;
    std::vector<bench::SolveRow> solve;
    const int rhs_repeat = std::max(o.repeat, rhs_min_repeat);
    if (o.solve) {
        try {
            solve = bench::solve_section(solve_plan(o, machine.cores), o, machine);
        } catch (const laplace::Error &e) {
            std::fprintf(stderr, "laplace-bench: --solve: %s\n", e.what());
            return 1;
        }
        bench::print_solve(solve, o, machine);
    } else if (o.rhs) {
        try {
            rhs = bench::rhs_section(problems.front(), plan, rhs_repeat, machine.omp_max_threads);
        } catch (const laplace::Error &e) {
            std::fprintf(stderr, "laplace-bench: --rhs: %s\n", e.what());
            return 1;
        }
        bench::print_rhs(rhs, problems.front(), rhs_repeat, machine);
    } else {
        const int per_problem = int(plan.size()) + (full ? 2 : 0) + (full && o.reference ? 4 : 0);
        bench::Progress progress(per_problem * int(problems.size()));
        try {
            for (const Problem &p : problems) {
                std::vector<Row> rows;
                const std::string size =
                    " (" + std::to_string(p.nx) + "x" + std::to_string(p.ny) + ")";
                for (const Plan &k : plan) {
                    progress.step(k.name + size);
                    try {
                        rows.push_back(k.direct ? run_direct(k, p, o, machine.omp_max_threads)
                                                : run_kernel(k, p, o, machine.omp_max_threads));
                    } catch (const laplace::Error &e) {
                        // A kernel that fails on the problem is a row that says so, and exit 1.
                        Row r = plan_row(k, p);
                        r.status = Status::failed;
                        r.check = std::string("failed: ") + e.what();
                        rows.push_back(std::move(r));
                    }
                }
                if (full) {
                    for (const char *scheme : {"gauss-seidel", "jacobi"}) {
                        progress.step(std::string("textbook ") + scheme + size);
                        rows.push_back(run_textbook(scheme, p, o));
                    }
                }
                if (full && o.reference) {
                    progress.step("reference rows (subprocesses)" + size);
                    std::vector<Row> reference = bench::reference_rows(p, o, interpreters);
                    progress.skip(int(reference.size()) - 1);
                    for (Row &r : reference) {
                        rows.push_back(std::move(r));
                    }
                }
                for (Row &r : rows) {
                    if (r.name == o.corrupt && !r.grid.empty()) {
                        r.grid[r.grid.size() / 2 + std::size_t(p.ny / 2)] += 1e-9;
                    }
                }
                bench::validate(rows);
                bench::derive_figures(rows, machine);
                for (Row &r : rows) {
                    r.grid.clear();
                    r.grid.shrink_to_fit();
                    all.push_back(std::move(r));
                }
            }
        } catch (const laplace::Error &e) {
            progress.done();
            std::fprintf(stderr, "laplace-bench: %s\n", e.what());
            return 1;
        }
        progress.done();

        for (const Problem &p : problems) {
            std::vector<Row> rows;
            for (const Row &r : all) {
                if (r.problem.nx == p.nx && r.problem.ny == p.ny) {
                    rows.push_back(r);
                }
            }
            bench::print_table(rows, p, o, machine);
        }
        if (problems.size() > 1) {
            bench::print_size_summary(all, o.sizes);
        }
    }

    bool parallel_ok = true;
    std::vector<bench::ParallelResult> parallel;
    std::string parallel_kernel;
    if (o.parallel) {
        try {
            parallel = bench::parallel_section(problems.back(), o, parallel_kernel);
        } catch (const laplace::Error &e) {
            std::fprintf(stderr, "laplace-bench: parallel section: %s\n", e.what());
            return 1;
        }
        bench::print_parallel(parallel, problems.back(), o, parallel_kernel, machine);
        for (const bench::ParallelResult &r : parallel) {
            parallel_ok &= !r.present || r.valid;
        }
    }
    if (!o.json.empty()) {
        bench::write_json(o.json, all, parallel, parallel_kernel, rhs, problems.front(), rhs_repeat,
                          solve, o, machine, interpreters);
    }
    if (!o.csv.empty()) {
        bench::write_csv(o.csv, all);
    }
    const auto bad = [](Status s) { return s == Status::wrong || s == Status::failed; };
    const bool rows_ok =
        std::none_of(all.begin(), all.end(), [&](const Row &r) { return bad(r.status); }) &&
        std::none_of(
            rhs.begin(), rhs.end(),
            [&](const bench::RhsResult &r) { return bad(r.free_status) || bad(r.with_status); }) &&
        std::none_of(solve.begin(), solve.end(),
                     [&](const bench::SolveRow &r) { return bad(r.status); });
    if (!rows_ok || !parallel_ok) {
        std::fprintf(stderr, "laplace-bench: some answers were wrong (see the check notes)\n");
        return 1;
    }
    return 0;
}
