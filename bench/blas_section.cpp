// laplace-bench-blas: the BLAS section of the comparison - multithreaded BLAS at work.
//
//   laplace-bench-blas [--repeat N] [--threads N] [--iter-n N] [--iter-seconds S] [--quick]
//                      [--no-iterative] [--json FILE]
// --quick leaves out the 1025^2 grid, --no-iterative section 4; --json FILE keeps every figure
// and every run's time, with the machine record.
//
// 1. dgemm GFLOP/s for n = 500, 1000, 2000 at 1..N threads (N: all cores), C = A B, and as a
//    control N independent 1-thread calls at once: what the cores give work that does not
//    interact, measured in the same rounds.
// 2. blas-fdm solve time at 1..N threads on 257^2, 513^2 and 1025^2 grids (boundary x^2 - y^2,
//    interior 0, unit square): one solve of a laplace::Solver set up before the timing (its
//    plan built and cached), with the speed-up over 1 thread, the cold case beside it (a new
//    solver's setup and first solve with the plan cache emptied first: what the first solve of
//    a shape costs), and the error against x^2 - y^2 (every row validates before it is
//    printed; a wrong one exits nonzero).
// 3. The share of the solve spent in dgemm: the products of a solve timed alone (the same
//    shapes and calls as cpp/blas/fdm.cpp without f: the two thin ones and the rank-4 one that
//    make Qx F Qy, then the two full ones) beside the whole Solver solve.
// 4. What the direct solver saves, on an --iter-n grid (default 257^2), with a converging sweep
//    kernel (omp-sor if built, else omp-jacobi, else cpp-loop) through Solver("iterate"):
//    a. the sweeps and time to reach the error blas-fdm reaches (and on the way 1e-6 and
//       1e-10), checked against x^2 - y^2 between chunks of sweeps (checks not timed);
//    b. what a user would run: one solve with the residual rule rtol = 1e-6, 1e-10 and
//       blas-fdm's own relative residual, timed whole (a residual after every sweep included),
//       with the error it left;
//    each beside blas-fdm's time on that grid.
//
// Every time is the median of --repeat runs (default 7) after one warm-up, with min and max
// (bench/timing.hpp). The machine is reported with the results.
#include "cli.hpp"
#include "laplace/laplace.hpp"
#include "machine.hpp"
#include "openblas_core.hpp"
#include "record.hpp"
#include "timing.hpp"

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
    int repeat = 7;
    int threads = 0; // 0: all cores
    int iter_n = 257;
    double iter_seconds = 300;
    bool quick = false;
    bool no_iterative = false; // --no-iterative leaves out section 4
    std::string json;          // "" none
};

Options parse(int argc, char **argv) {
    Options o;
    CLI::App app{"The BLAS section of the comparison: dgemm rates, blas-fdm at 1..N threads, the "
                 "share of dgemm in a solve, and what the direct solver saves over sweeps."};
    bench::prepare(app, "laplace-bench-blas");
    app.add_option("--repeat", o.repeat, "timed runs per figure (median; default 7)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--threads", o.threads, "the most threads (default: all cores)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--iter-n", o.iter_n, "grid of the iterative comparison (default 257)")
        ->check(CLI::Range(3, 1000000));
    app.add_option("--iter-seconds", o.iter_seconds,
                   "time limit of the iterative comparison (default 300)")
        ->check(CLI::Range(1.0, 1e6));
    app.add_flag("--quick", o.quick, "leave out the 1025^2 grid");
    app.add_flag("--no-iterative", o.no_iterative, "leave out section 4");
    app.add_option("--json", o.json, "write every figure to this file")->check(bench::WritableFile);
    bench::parse(app, argc, argv);
    return o;
}

// Threads for the dgemm runs of the bench itself (the library sets its own for its solves).
void set_gemm_threads(int threads) {
#if LAPLACE_BLAS_THREAD_CONTROL
    openblas_set_num_threads(threads);
#else
    (void)threads;
#endif
}

// OpenBLAS's workers spin for a while after a multithreaded call (its THREAD_TIMEOUT, 2^28 cycles
// by default: about 0.1 s) before they sleep. A 1-thread run right after a 2-thread one then
// computes on one thread while an idle worker burns the other core, and the cores column would
// say 2. Waiting that out before a 1-thread run (untimed) makes the column what it claims.
// (Checked: in a fresh process with OPENBLAS_NUM_THREADS=1, dgemm n = 1000 ran at the same
// 43-44 GFLOP/s as the bench's 1-thread row.)
void let_blas_workers_sleep(int threads) {
    if (threads == 1) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
}

void gemm(int m, int n, int k, const double *a, int lda, const double *b, int ldb, double *c,
          int ldc) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, a, lda, b, ldb, 0.0, c,
                ldc);
}

std::vector<double> filled(std::size_t n, double seed) {
    std::vector<double> v(n);
    for (std::size_t k = 0; k < n; ++k) {
        v[k] = std::sin(seed + 0.37 * double(k % 9973)) + 0.01 * double(k % 7);
    }
    return v;
}

// One variant's result: its timing, and the cores it got - CPU time (every thread of the
// process, the BLAS's too) over wall time. On an idle machine a run on t threads gets about t;
// less means other work on the (shared) machine took the cores.
struct Variant {
    bench::Timing timing;
    double cores = 0;
};

// The variants timed side by side (bench::measure_interleaved).
template <class Setup, class Run>
std::vector<Variant> interleaved(int variants, int repeat, Setup &&setup, Run &&run) {
    std::vector<Variant> results;
    for (const bench::Timing &t : bench::measure_interleaved(variants, repeat, setup, run)) {
        results.push_back({t, t.median > 0 ? t.cpu / t.median : 0.0});
    }
    return results;
}

void print_timing(const bench::Timing &t) {
    std::printf(" %10.4f %10.4f %10.4f", t.median, t.min, t.max);
}

// ---- 1. dgemm ----------------------------------------------------------------------------------

// Fills `out` with a row per size and variant, as printed.
void dgemm_section(const Options &o, int max_threads, bench::Json &out) {
    std::printf("\n## dgemm: C = A B, n x n, GFLOP/s = 2 n^3 / median time; cores: CPU time / "
                "wall time obtained; GF/cpu-s: GFLOP per CPU-second (the rate per core "
                "actually obtained); 'N x 1': the control, N independent 1-thread dgemm calls "
                "at once (one per thread, each its own C), timed in the same rounds\n\n");
    std::printf("%6s %8s %10s %10s %10s %9s %9s %6s %9s\n", "n", "threads", "median s", "min s",
                "max s", "GFLOP/s", "speed-up", "cores", "GF/cpu-s");
    bench::Json rows = bench::Json::array();
    for (const int n : {500, 1000, 2000}) {
        const std::size_t size = std::size_t(n) * std::size_t(n);
        const std::vector<double> a = filled(size, 0.1), b = filled(size, 0.7);
        std::vector<std::vector<double>> c(static_cast<std::size_t>(max_threads),
                                           std::vector<double>(size));
        // Variants 0 .. max_threads-1: one call on v+1 threads; the last: the control.
        const int control = max_threads > 1 ? max_threads : -1;
        const std::vector<Variant> timings = interleaved(
            control >= 0 ? max_threads + 1 : max_threads, o.repeat,
            [&](int v) {
                const int threads = v == control ? 1 : v + 1;
                set_gemm_threads(threads);
                let_blas_workers_sleep(threads);
            },
            [&](int v) {
                if (v != control) {
                    gemm(n, n, n, a.data(), n, b.data(), n, c[0].data(), n);
                    return;
                }
                std::vector<std::thread> others;
                for (int k = 1; k < max_threads; ++k) {
                    others.emplace_back([&, k] {
                        gemm(n, n, n, a.data(), n, b.data(), n, c[std::size_t(k)].data(), n);
                    });
                }
                gemm(n, n, n, a.data(), n, b.data(), n, c[0].data(), n);
                for (std::thread &t : others) {
                    t.join();
                }
            });
        for (int v = 0; v < int(timings.size()); ++v) {
            const bench::Timing &timing = timings[std::size_t(v)].timing;
            const int calls = v == control ? max_threads : 1;
            if (v == control) {
                std::printf("%6d %6d x1", n, max_threads);
            } else {
                std::printf("%6d %8d", n, v + 1);
            }
            print_timing(timing);
            const double gflops = calls * 2.0 * n * double(n) * n / timing.median / 1e9;
            const double cores = timings[std::size_t(v)].cores;
            const double speedup = calls * timings[0].timing.median / timing.median;
            std::printf(" %9.1f %8.2fx %6.2f %9.1f\n", gflops, speedup, cores, gflops / cores);
            // The control: `calls` 1-thread calls at once, one on each thread.
            bench::Json row = {{"n", n},
                               {"threads", v == control ? max_threads : v + 1},
                               {"control", v == control},
                               {"calls", calls}};
            bench::add_timing(row, timing, true);
            row["gflops"] = gflops;
            row["speedup"] = speedup;
            row["cores"] = cores;
            row["gflops_per_cpu_second"] = gflops / cores;
            rows.push_back(std::move(row));
        }
    }
    out = {{"repetitions", o.repeat}, {"rows", rows}};
}

// ---- 2. and 3. blas-fdm ----------------------------------------------------------------------

laplace::Grid study_problem(int n) {
    laplace::Grid g(n, n);
    g.set_boundary([](double x, double y) { return x * x - y * y; });
    return g;
}

// max |u - (x^2 - y^2)| / max |x^2 - y^2|
double relative_error(const laplace::Grid &g) {
    double error = 0, scale = 0;
    for (int i = 0; i < g.nx(); ++i) {
        for (int j = 0; j < g.ny(); ++j) {
            const double exact = g.x(i) * g.x(i) - g.y(j) * g.y(j);
            error = std::max(error, std::abs(g(i, j) - exact));
            scale = std::max(scale, std::abs(exact));
        }
    }
    return error / scale;
}

// blas-fdm is exact up to rounding: a solve further off than this is wrong.
constexpr double fdm_validation = 1e-11;

// Solver options for exactly `iterations` iterations (a direct method: 1), every tolerance off.
laplace::SolverOptions fixed_iterations(int iterations) {
    laplace::SolverOptions so;
    so.max_iter = iterations;
    so.rtol = so.atol = so.change_tol = 0.0;
    return so;
}

// A blas-fdm solver set up for grid (the plan built, or taken from the cache).
laplace::Solver fdm_solver(const laplace::Grid &grid) {
    laplace::Solver solver("blas-fdm", fixed_iterations(1));
    solver.setup(grid);
    return solver;
}

struct FdmResult {
    bench::Timing timing;
    double error = 0;
    double relative_residual = 0; // ||r|| / ||r0|| the solve left
};

// One blas-fdm solve on the n x n study problem, timed with the current thread setting.
FdmResult time_fdm(const Options &o, int n) {
    laplace::Grid grid = study_problem(n);
    const laplace::Grid initial = grid;
    laplace::Solver solver = fdm_solver(grid);
    FdmResult r;
    laplace::SolveReport report;
    r.timing = bench::measure(
        1, o.repeat, [&] { grid = initial; }, [&] { report = solver.solve(grid); });
    r.error = relative_error(grid);
    r.relative_residual = report.relative_residual;
    return r;
}

// Fills `out` with a row per size and thread count, as printed.
bool fdm_section(const Options &o, int max_threads, const std::vector<int> &sizes,
                 bench::Json &out) {
    bool valid = true;
    std::printf("\n## blas-fdm: one solve of a laplace::Solver set up before (plan cached) on an "
                "n x n grid, its residual report included; cold: a new solver's setup + first "
                "solve after laplace_blas_clear_plans() (the plan built)\n\n");
    std::printf("%6s %8s %10s %10s %10s %9s %9s %6s %12s %10s\n", "n", "threads", "median s",
                "min s", "max s", "speed-up", "GFLOP/s", "cores", "cold s", "rel error");
    bench::Json rows = bench::Json::array();
    for (const int n : sizes) {
        const double m = n - 2;
        // Two full products (2 m^3 each) and the thin ones of Qx F Qy: Qx [c d] and [a; b] Qy
        // (4 m^2 each), the rank-4 product (8 m^2).
        const double flops = 2 * 2 * m * m * m + 16 * m * m;
        laplace::Grid grid = study_problem(n);
        const laplace::Grid initial = grid;
        laplace::Solver solver = fdm_solver(grid); // one setup for every thread count
        std::vector<int> used(static_cast<std::size_t>(max_threads));
        const std::vector<Variant> timings = interleaved(
            max_threads, o.repeat,
            [&](int v) {
                laplace::set_blas_threads(v + 1);
                let_blas_workers_sleep(v + 1);
                grid = initial;
            },
            [&](int v) {
                solver.solve(grid);
                used[std::size_t(v)] = laplace::blas_last_solve_threads();
            });
        for (int t = 1; t <= max_threads; ++t) {
            // The error of one more solve at this thread count (untimed).
            laplace::set_blas_threads(t);
            grid = initial;
            solver.solve(grid);
            const double error = relative_error(grid);
            // The cold case: a new solver, set up with the plan cache emptied (so its setup
            // builds the plan), and its first solve.
            laplace::Grid cold = initial;
            std::optional<laplace::Solver> fresh;
            const bench::Timing first = bench::measure(
                0, std::max(1, o.repeat / 2),
                [&] {
                    cold = initial;
                    fresh.reset();
                    laplace::clear_blas_plans();
                    fresh.emplace("blas-fdm", fixed_iterations(1));
                },
                [&] {
                    fresh->setup(cold);
                    fresh->solve(cold);
                });
            if (used[std::size_t(t - 1)] != t) {
                std::printf("warning: the solve ran with %d BLAS threads, not %d\n",
                            used[std::size_t(t - 1)], t);
            }
            const bench::Timing &r = timings[std::size_t(t - 1)].timing;
            const bool ok = error <= fdm_validation;
            valid = valid && ok;
            std::printf("%6d %8d", n, t);
            print_timing(r);
            std::printf(" %8.2fx %9.1f %6.2f %12.4f %10.1e%s\n",
                        timings[0].timing.median / r.median, flops / r.median / 1e9,
                        timings[std::size_t(t - 1)].cores, first.median, error,
                        ok ? "" : "  WRONG");
            bench::Json row = {{"n", n}, {"threads", t}};
            bench::add_timing(row, r, true);
            row["speedup"] = timings[0].timing.median / r.median;
            row["gflops"] = flops / r.median / 1e9;
            row["cores"] = timings[std::size_t(t - 1)].cores;
            row["blas_threads_used"] = used[std::size_t(t - 1)];
            row["cold"] = bench::timing_record(first);
            row["error"] = error;
            row["valid"] = ok;
            rows.push_back(std::move(row));
        }
    }
    laplace::set_blas_threads(0);
    out = {{"repetitions", o.repeat},
           {"cold_repetitions", std::max(1, o.repeat / 2)},
           {"tolerance", fdm_validation},
           {"rows", rows}};
    return valid;
}

// Fills `out` with a row per size and thread count, as printed.
void dgemm_share_section(const Options &o, int max_threads, const std::vector<int> &sizes,
                         bench::Json &out) {
    std::printf("\n## Share of a blas-fdm solve spent in dgemm: its products timed alone "
                "(same shapes and calls: Qx F Qy as a rank-4 product, then two full ones) "
                "beside the whole Solver solve (plan cached, residual report included)\n\n");
    std::printf("%6s %8s %14s %14s %8s\n", "n", "threads", "products s", "whole solve s", "share");
    bench::Json rows = bench::Json::array();
    for (const int n : sizes) {
        const int m = n - 2;
        const std::size_t size = std::size_t(m) * std::size_t(m);
        const std::vector<double> q = filled(size, 0.3);
        std::vector<double> f = filled(size, 0.9), t = filled(size, 0.5);
        const std::vector<double> edges = filled(4 * std::size_t(m), 0.7);
        std::vector<double> thin = filled(4 * std::size_t(m), 0.2);
        std::vector<double> u(std::size_t(n) * std::size_t(n));
        laplace::Grid grid = study_problem(n);
        const laplace::Grid initial = grid;
        laplace::Solver solver = fdm_solver(grid);
        // Variant 2t: the products alone on t threads; 2t + 1: the whole solve on t.
        const std::vector<Variant> timings = interleaved(
            2 * max_threads, o.repeat,
            [&](int v) {
                set_gemm_threads(v / 2 + 1);
                let_blas_workers_sleep(v / 2 + 1);
                laplace::set_blas_threads(v / 2 + 1);
                grid = initial;
            },
            [&](int v) {
                if (v % 2 == 0) {
                    gemm(m, 2, m, q.data(), m, edges.data(), 2, thin.data(), 2); // Qx [c d]
                    gemm(2, m, m, edges.data(), m, q.data(), m, thin.data(), m); // [a; b] Qy
                    gemm(m, m, 4, edges.data(), 4, thin.data(), m, f.data(), m); // L R
                    gemm(m, m, m, q.data(), m, f.data(), m, t.data(), m);
                    gemm(m, m, m, t.data(), m, q.data(), m, u.data() + n + 1, n);
                } else {
                    solver.solve(grid);
                }
            });
        for (int threads = 1; threads <= max_threads; ++threads) {
            const bench::Timing &alone = timings[std::size_t(2 * threads - 2)].timing;
            const bench::Timing &solve = timings[std::size_t(2 * threads - 1)].timing;
            const double products = alone.median;
            const double whole = solve.median;
            std::printf("%6d %8d %14.4f %14.4f %7.1f%%\n", n, threads, products, whole,
                        100 * products / whole);
            rows.push_back({{"n", n},
                            {"threads", threads},
                            {"products", bench::timing_record(alone)},
                            {"whole_solve", bench::timing_record(solve)},
                            {"dgemm_fraction", products / whole}});
        }
    }
    laplace::set_blas_threads(0);
    out = {{"repetitions", o.repeat}, {"rows", rows}};
}

// ---- 4. the iterative alternative ------------------------------------------------------------

std::string converging_kernel() {
    for (const char *name : {"omp-sor", "omp-jacobi", "cpp-loop"}) {
        if (laplace_kernel_index(name) >= 0) {
            return name;
        }
    }
    return "cpp-loop";
}

// Fills `out` with the blas-fdm solve it compares with and the rows of a. and b., as printed.
void iterative_section(const Options &o, bench::Json &out) {
    const int n = o.iter_n;
    const std::string kernel = converging_kernel();
    laplace::set_blas_threads(o.threads); // --threads is the most for both sides; 0: all cores
    const FdmResult direct = time_fdm(o, n);
    const int chunk = std::max(10, 8 * 1024 * 1024 / (n * n));
    std::printf("\n## The iterative alternative on %d x %d: Solver(\"iterate\", %s) from a zero "
                "interior\n\n",
                n, n, kernel.c_str());
    std::printf("blas-fdm: %.4f s (median, %d BLAS threads), relative error %.1e, relative "
                "residual %.1e\n\n",
                direct.timing.median, laplace::blas_threads(), direct.error,
                direct.relative_residual);
    bench::Json fdm = {{"blas_threads", laplace::blas_threads()}};
    bench::add_timing(fdm, direct.timing);
    fdm["error"] = direct.error;
    fdm["relative_residual"] = direct.relative_residual;
    bench::Json to_error = bench::Json::array(), to_residual = bench::Json::array();

    // a. Chunks of `chunk` sweeps (one solve each, every tolerance off), the error checked in
    // between, untimed.
    std::printf("a. to an error: chunks of %d sweeps, checked against x^2 - y^2 between chunks "
                "(checks not timed; each chunk's residual report is)\n\n",
                chunk);
    std::printf("%12s %12s %12s %12s %14s\n", "target", "reached", "sweeps", "seconds",
                "vs blas-fdm");
    laplace::Grid grid = study_problem(n);
    laplace::SolverOptions chunks = fixed_iterations(chunk);
    chunks.kernel = kernel;
    chunks.threads = o.threads;
    laplace::Solver sweeper("iterate", chunks);
    sweeper.setup(grid);
    const std::vector<double> targets = {1e-6, 1e-10, direct.error};
    // The BLAS workers of the blas-fdm solves above spin a while before they sleep (see
    // let_blas_workers_sleep); the OpenMP team of the sweeps would share the cores with them.
    let_blas_workers_sleep(1);
    double seconds = 0, best = 1;
    long long sweeps = 0;
    std::size_t next = 0;
    int stalled = 0;
    using clock = std::chrono::steady_clock;
    while (next < targets.size() && seconds < o.iter_seconds) {
        const auto start = clock::now();
        sweeper.solve(grid);
        seconds += std::chrono::duration<double>(clock::now() - start).count();
        sweeps += chunk;
        const double error = relative_error(grid);
        stalled = error < 0.999 * best ? 0 : stalled + 1;
        best = std::min(best, error);
        while (next < targets.size() && error <= targets[next]) {
            std::printf("%12.1e %12.1e %12lld %12.3f %13.0fx\n", targets[next], error, sweeps,
                        seconds, seconds / direct.timing.median);
            to_error.push_back({{"target", targets[next]},
                                {"reached", true},
                                {"error", error},
                                {"sweeps", sweeps},
                                {"elapsed_seconds", seconds},
                                {"over_blas_fdm", seconds / direct.timing.median}});
            ++next;
        }
        if (stalled >= 20) {
            break; // rounding floor: more sweeps do not help
        }
    }
    for (; next < targets.size(); ++next) {
        const char *why = stalled >= 20 ? "the error stopped decreasing" : "time limit";
        std::printf("%12.1e   not reached: best %.1e after %lld sweeps, %.3f s (%s)\n",
                    targets[next], best, sweeps, seconds, why);
        to_error.push_back({{"target", targets[next]},
                            {"reached", false},
                            {"error", best},
                            {"sweeps", sweeps},
                            {"elapsed_seconds", seconds},
                            {"why", why}});
    }

    // b. The solver's own stopping rule on the residual, one whole solve per target.
    const int limit = 40 * n;
    std::printf("\nb. to a residual: one solve with rtol = target (||r|| <= rtol ||r0||, "
                "checked after every sweep), at most %d sweeps; median of %d runs\n\n",
                limit, std::max(1, o.repeat / 2));
    std::printf("%12s %10s %8s %12s %12s %10s %14s\n", "rtol", "stop", "sweeps", "rel resid",
                "rel error", "seconds", "vs blas-fdm");
    std::vector<double> rtols = {1e-6, 1e-10};
    if (direct.relative_residual > 0) {
        rtols.push_back(direct.relative_residual);
    }
    for (const double rtol : rtols) {
        laplace::SolverOptions rule;
        rule.kernel = kernel;
        rule.threads = o.threads;
        rule.max_iter = limit;
        rule.rtol = rtol;
        laplace::Solver solver("iterate", rule);
        laplace::Grid u = study_problem(n);
        const laplace::Grid initial = u;
        solver.setup(u);
        laplace::SolveReport report;
        const bench::Timing t = bench::measure(
            1, std::max(1, o.repeat / 2), [&] { u = initial; }, [&] { report = solver.solve(u); });
        std::printf("%12.1e %10s %8d %12.1e %12.1e %10.3f %13.0fx\n", rtol,
                    laplace::to_string(report.reason), report.iterations, report.relative_residual,
                    relative_error(u), t.median, t.median / direct.timing.median);
        bench::Json row = {{"rtol", rtol},
                           {"stop", laplace::to_string(report.reason)},
                           {"sweeps", report.iterations},
                           {"relative_residual", report.relative_residual},
                           {"error", relative_error(u)}};
        bench::add_timing(row, t);
        row["over_blas_fdm"] = t.median / direct.timing.median;
        to_residual.push_back(std::move(row));
    }
    out = {{"n", n},
           {"kernel", kernel},
           {"chunk_sweeps", chunk},
           {"seconds_limit", o.iter_seconds},
           {"max_sweeps", limit},
           {"blas_fdm", fdm},
           {"to_error", to_error},
           {"to_residual", to_residual}};
}

} // namespace

int main(int argc, char **argv) {
    bench::rerun_with_openblas_core_for_this_cpu(argv);
    const Options o = parse(argc, argv);
    if (laplace_method_index("blas-fdm") < 0) {
        std::fprintf(stderr, "laplace-bench-blas: this build has no blas-fdm\n");
        return 1;
    }
    bench::MachineOptions no_probe; // this bench measures dgemm itself (section 1)
    no_probe.probe = false;
    const bench::Machine machine = bench::probe_machine(no_probe);
    const int cores = machine.cores;
    const int max_threads = o.threads > 0 ? o.threads : std::max(1, cores);
    std::printf("# laplace-bench-blas\n\nmachine: %s, %d cores\nBLAS: %s\nthread control: %s\n"
                "compilers: %s, %s; flags: %s\nrepeat: %d (median of the runs after one "
                "warm-up)\nload average at start: %s\n",
                machine.cpu.c_str(), cores, laplace::blas_info().c_str(),
                laplace::blas_threads() > 0 ? "yes (openblas_set_num_threads)" : "no",
                machine.cxx_compiler.c_str(), machine.fortran_compiler.c_str(),
                machine.cxx_flags.c_str(), o.repeat, machine.load.c_str());
    if (const std::string note = bench::openblas_core_note(); !note.empty()) {
        std::printf("note: %s\n", note.c_str());
    }
    const int threads = laplace::blas_threads() > 0 ? max_threads : 1;
    const std::vector<int> sizes =
        o.quick ? std::vector<int>{257, 513} : std::vector<int>{257, 513, 1025};

    bench::Json doc = bench::document("laplace-bench-blas");
    doc["date"] = machine.date;
    doc["machine"] = bench::machine_record(machine);
    doc["machine"]["laplace_blas"] = laplace::blas_info();
    doc["machine"]["blas_thread_control"] = laplace::blas_threads() > 0;
    doc["options"] = {{"repetitions", o.repeat},     {"warmups", 1},
                      {"threads", threads},          {"sizes", sizes},
                      {"iter_n", o.iter_n},          {"iter_seconds", o.iter_seconds},
                      {"iterative", !o.no_iterative}};
    dgemm_section(o, threads, doc["dgemm"]);
    const bool valid = fdm_section(o, threads, sizes, doc["blas_fdm"]);
    dgemm_share_section(o, threads, sizes, doc["dgemm_share"]);
    if (!o.no_iterative) {
        iterative_section(o, doc["iterative"]);
    }
    const bench::LoadAverage load = bench::load_average();
    std::printf("\nload average at end: %s\n%s\n", load.text.c_str(),
                valid ? "blas-fdm validates" : "blas-fdm gave a WRONG answer");
    if (!o.json.empty()) {
        doc["machine"]["loadavg_end"] = load.values;
        doc["valid"] = valid;
        bench::write_json_file(o.json, doc, "laplace-bench-blas");
    }
    return valid ? 0 : 1;
}
