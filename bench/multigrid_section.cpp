// laplace-bench-multigrid: the method multigrid against the targets, beside the other
// ways the library reaches a solution.
//
// 1. Time to solution: the study's problem (boundary x^2 - y^2, zero interior, f = 0), and the
//    smooth e^x sin y the same way (no interpolation reproduces it), on N x N grids (--sizes),
//    solved to relative residual 1e-10 by multigrid (V(2,1) and FMG), by multigrid-cg (V(2,1) as
//    the preconditioner), fft-dst, blas-fdm (up to --blas-max) and iterate with omp-sor (up to
//    --sor-max), on each thread count. Solvers are set up before the timing (setup timed apart);
//    the solves of one size and thread count run in interleaved rounds (bench/timing.hpp), median
//    of --repeat with min and max. Every answer is checked against x^2 - y^2 (the exact discrete
//    solution) before its time is shown.
// 2. Convergence: the worst residual reduction per cycle over cycles 2..8 from a random interior
//    (all error modes present), on a square grid and at dx/dy = 1/64 and 64; for V, W and F.
// 3. FMG against the discretisation error of a smooth problem (u = e^x sin y), one cycle.
// 4. The targets, each checked against what was measured in this run.
// --json FILE keeps every figure and every run's time; bench/plot-multigrid FILE draws the chart
// of seconds per unknown against grid size.
#include "cli.hpp"
#include "laplace/laplace.hpp"
#include "machine.hpp"
#include "progress.hpp"
#include "record.hpp"
#include "timing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using laplace::Cycle;
using laplace::Solver;
using laplace::SolveReport;
using laplace::SolverOptions;
using json = bench::Json;

constexpr double rtol = 1e-10;

struct Variant {
    std::string label, method, kernel;
    Cycle cycle = Cycle::v;
};

// A test problem on [0,1]^2, f = 0: the boundary values of `solution` (harmonic), interior 0.
struct TestProblem {
    const char *name;
    double (*solution)(double x, double y);
    // Whether the 5-point solution is `solution` itself (a quadratic), or differs from it by the
    // discretisation error, about c h^2.
    bool exact;
};

// The study's problem, and a smooth one that no interpolation reproduces: FMG's cubic
// interpolation is exact for x^2 - y^2, so on the study's problem one FMG cycle solves.
const TestProblem problems[] = {
    {"x^2-y^2", [](double x, double y) { return x * x - y * y; }, true},
    {"e^x sin y", [](double x, double y) { return std::exp(x) * std::sin(y); }, false},
};

std::vector<double> start_grid(const TestProblem &p, int n) {
    laplace::Grid g(n, n, 0.0, 1.0, 0.0, 1.0);
    g.set_boundary(p.solution);
    return std::vector<double>(g.data(), g.data() + g.size());
}

// max |u - solution| over the grid.
double solution_error(const TestProblem &p, const std::vector<double> &u, int n) {
    const double h = 1.0 / (n - 1);
    double e = 0.0;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            e = std::max(e, std::abs(u[std::size_t(i) * n + j] - p.solution(i * h, j * h)));
        }
    }
    return e;
}

SolverOptions options_for(const Variant &v, int threads) {
    SolverOptions o;
    o.kernel = v.kernel;
    o.cycle = v.cycle;
    o.threads = threads;
    o.rtol = rtol;
    o.max_iter = 1000000;
    return o;
}

// The median seconds of a row's setup.
double setup_seconds(const json &row) {
    return row["setup"]["seconds"].get<double>();
}

json time_to_solution(const TestProblem &problem, const std::vector<Variant> &variants, int n,
                      int threads, int repeat) {
    const std::vector<double> start = start_grid(problem, n);
    const double h = 1.0 / (n - 1);
    std::vector<Solver> solvers;
    std::vector<std::vector<double>> grids(variants.size(), start);
    std::vector<SolveReport> reports(variants.size());
    json rows = json::array();
    for (const Variant &v : variants) {
        const int method = laplace_method_index(v.method.c_str());
        // Setup, timed alone: a fresh solver set up each run.
        const bench::Timing setup = bench::measure(
            0, 3, [] {}, [&] { Solver(v.method, options_for(v, threads)).setup(n, n, h, h); });
        solvers.emplace_back(v.method, options_for(v, threads));
        solvers.back().setup(n, n, h, h);
        rows.push_back({{"label", v.label},
                        {"method", v.method},
                        {"kind", laplace_method_kind(method)},
                        {"takes_cycle", laplace_method_takes_cycle(method) == 1},
                        {"problem", problem.name},
                        {"n", n},
                        {"threads", threads},
                        {"setup", bench::timing_record(setup)}});
    }
    // The first solve of each, timed alone: it also pays the first touch of the setup's memory.
    for (std::size_t v = 0; v < variants.size(); ++v) {
        rows[v]["first_solve"] =
            bench::measure(
                0, 1, [&] { grids[v] = start; },
                [&] { solvers[v].solve(grids[v].data(), nullptr, n, n, h, h); })
                .median;
    }
    const std::vector<bench::Timing> t = bench::measure_interleaved(
        int(variants.size()), repeat, [&](int v) { grids[std::size_t(v)] = start; },
        [&](int v) {
            reports[std::size_t(v)] =
                solvers[std::size_t(v)].solve(grids[std::size_t(v)].data(), nullptr, n, n, h, h);
        });
    for (std::size_t v = 0; v < variants.size(); ++v) {
        const double error = solution_error(problem, grids[v], n);
        const SolveReport &r = reports[v];
        // The error left by rtol 1e-10 is at most cond(A) 1e-10 ~ 0.4 n^2 1e-10 of the data,
        // plus, for the smooth problem, the discretisation error (0.011 h^2 for e^x sin y).
        const double h = 1.0 / (n - 1);
        const bool validates = r.converged && error <= 1e-10 * 0.5 * double(n) * double(n) +
                                                           (problem.exact ? 0.0 : 0.02 * h * h);
        json &row = rows[v];
        row["validates"] = validates;
        bench::add_timing(row, t[v]);
        row["iterations"] = r.iterations;
        row["relative_residual"] = r.relative_residual;
        row["error"] = error;
        row["threads_used"] = r.threads;
        row["seconds_per_unknown"] = t[v].median / (double(n - 2) * double(n - 2));
        std::printf("%-10s %-18s %5d %3d %10.4f %9.4f %10.4f %5d %9.1e %9.1e %8.2f  %s\n",
                    problem.name, variants[v].label.c_str(), n, threads, t[v].median, t[v].min,
                    t[v].max, r.iterations, r.relative_residual, error,
                    1e9 * row["seconds_per_unknown"].get<double>(),
                    validates ? "validates" : "WRONG ANSWER");
        std::printf("%-10s %-18s %5s %3s setup %.4f s\n", "", "", "", "", setup_seconds(row));
    }
    std::fflush(stdout);
    return rows;
}

// The worst residual reduction by one cycle over cycles 2..8, from a random interior with f = 0
// and a zero boundary.
double convergence_factor(int nx, int ny, double dx, double dy, Cycle cycle) {
    std::vector<double> u(std::size_t(nx) * ny, 0.0);
    std::mt19937 gen(7);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    for (int i = 1; i < nx - 1; ++i) {
        for (int j = 1; j < ny - 1; ++j) {
            u[std::size_t(i) * ny + j] = value(gen);
        }
    }
    SolverOptions o;
    o.cycle = cycle;
    o.rtol = 0.0;
    o.max_iter = 1;
    Solver s("multigrid", o);
    double previous = laplace::residual(u.data(), nullptr, nx, ny, dx, dy).norm2, worst = 0.0;
    const double first = previous;
    for (int c = 1; c <= 8; ++c) {
        s.solve(u.data(), nullptr, nx, ny, dx, dy);
        const double now = laplace::residual(u.data(), nullptr, nx, ny, dx, dy).norm2;
        if (c >= 2 && previous > 1e-13 * first) {
            worst = std::max(worst, now / previous);
        }
        previous = now;
    }
    return worst;
}

// One FMG cycle's error against the continuous solution, over the discretisation error.
json fmg_accuracy(int n) {
    const auto smooth = [](double x, double y) { return std::exp(x) * std::sin(y); };
    laplace::Grid g(n, n, 0.0, 1.0, 0.0, 1.0);
    g.set_boundary(smooth);
    const auto error = [&](const laplace::Grid &q) {
        double e = 0.0;
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) {
                e = std::max(e, std::abs(q(i, j) - smooth(q.x(i), q.y(j))));
            }
        }
        return e;
    };
    laplace::Grid discrete = g, fmg = g;
    SolverOptions o;
    o.rtol = 1e-13;
    Solver("multigrid", o).solve(discrete);
    o.rtol = 0.0;
    o.max_iter = 1;
    o.cycle = Cycle::fmg;
    Solver("multigrid", o).solve(fmg);
    return {{"n", n}, {"discretisation_error", error(discrete)}, {"fmg_error", error(fmg)}};
}

const json *find_row(const json &rows, const std::string &problem, const std::string &label, int n,
                     int threads) {
    for (const json &r : rows) {
        if (r["problem"] == problem && r["label"] == label && r["n"] == n &&
            r["threads"] == threads) {
            return &r;
        }
    }
    return nullptr;
}

void target(const char *what, bool measured, bool met, const std::string &figure) {
    std::printf("  %-62s %-24s %s\n", what, figure.c_str(),
                !measured ? "not measured"
                : met     ? "met"
                          : "NOT MET");
}

std::string fmt(const char *format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

} // namespace

int main(int argc, char **argv) {
    CLI::App app{"The method multigrid beside fft-dst, blas-fdm and iterate (omp-sor), and its "
                 "convergence."};
    bench::prepare(app, "laplace-bench-multigrid");
    std::vector<int> sizes = {257, 513, 1025, 2049};
    std::vector<int> threads = {1, 2};
    int repeat = 5, blas_max = 2049, sor_max = 513;
    bool large = false;
    std::string json_path;
    app.add_option("--sizes", sizes, "grid sizes N (N x N)")
        ->delimiter(',')
        ->check(CLI::Range(3, 20000));
    app.add_flag("--large", large, "also 4097 x 4097");
    app.add_option("--threads", threads, "thread counts")
        ->delimiter(',')
        ->check(CLI::Range(1, 1024));
    app.add_option("--repeat", repeat, "timed runs per row (median)")->check(CLI::Range(1, 1000));
    app.add_option("--blas-max", blas_max, "largest N for blas-fdm (O(N^1.5) work)");
    app.add_option("--sor-max", sor_max, "largest N for iterate/omp-sor (O(N^1.5) work)");
    app.add_option("--json", json_path, "write every figure to this file")
        ->check(bench::WritableFile);
    bench::parse(app, argc, argv);
    if (large && std::find(sizes.begin(), sizes.end(), 4097) == sizes.end()) {
        sizes.push_back(4097);
    }
    const bool have = [] { return laplace_method_index("multigrid") >= 0; }();
    if (!have) {
        std::fprintf(stderr, "laplace-bench-multigrid: this build has no method multigrid\n");
        return 2;
    }
    json doc = bench::document("laplace-bench-multigrid");
    bench::MachineOptions no_probe;
    no_probe.probe = false;
    const bench::Machine machine = bench::probe_machine(no_probe);
    doc["machine"] = bench::machine_record(machine);
    doc["date"] = machine.date;
    doc["hardware_threads"] = std::thread::hardware_concurrency();
    doc["rtol"] = rtol;

    std::printf("1. Time to solution: boundary values of the solution, zero interior, f = 0, rtol "
                "%.0e; seconds; error against the solution\n",
                rtol);
    std::printf("%-10s %-18s %5s %3s %10s %9s %10s %5s %9s %9s %8s\n", "problem", "method", "N",
                "thr", "median", "min", "max", "iter", "rel res", "error", "ns/unkn");
    json rows = json::array();
    bench::Progress progress(int(sizes.size() * threads.size() * std::size(problems)),
                             "laplace-bench-multigrid");
    for (const int n : sizes) {
        for (const int t : threads) {
            std::vector<Variant> variants = {{"multigrid V(2,1)", "multigrid", "", Cycle::v},
                                             {"multigrid FMG", "multigrid", "", Cycle::fmg},
                                             {"multigrid-cg V", "multigrid-cg", "", Cycle::v}};
            if (laplace_method_index("fft-dst") >= 0) {
                variants.push_back({"fft-dst", "fft-dst", ""});
            }
            if (laplace_method_index("blas-fdm") >= 0 && n <= blas_max) {
                variants.push_back({"blas-fdm", "blas-fdm", ""});
            }
            if (laplace_kernel_index("omp-sor") >= 0 && n <= sor_max) {
                variants.push_back({"iterate omp-sor", "iterate", "omp-sor"});
            }
            for (const TestProblem &problem : problems) {
                progress.step(std::string(problem.name) + ", " + std::to_string(n) + " x " +
                              std::to_string(n) + ", " + std::to_string(t) + " thread" +
                              (t == 1 ? "" : "s"));
                for (json &r : time_to_solution(problem, variants, n, t, repeat)) {
                    rows.push_back(std::move(r));
                }
            }
        }
    }
    progress.done();
    doc["solves"] = rows;

    std::printf("\n2. Worst residual reduction per cycle (cycles 2..8, random start)\n");
    json factors = json::array();
    const struct {
        const char *what;
        int n;
        double ratio; // dx/dy
    } grids[] = {{"square", 1025, 1.0}, {"dx/dy = 1/64", 513, 1.0 / 64}, {"dx/dy = 64", 513, 64.0}};
    for (const auto &g : grids) {
        for (const auto &[name, cycle] :
             {std::pair{"V(2,1)", Cycle::v}, std::pair{"W(2,1)", Cycle::w},
              std::pair{"F(2,1)", Cycle::f}}) {
            const double dy = 1.0 / (g.n - 1), dx = dy * g.ratio;
            const double f = convergence_factor(g.n, g.n, dx, dy, cycle);
            std::printf("  %-14s %5d x %-5d %-7s %.4f\n", g.what, g.n, g.n, name, f);
            factors.push_back({{"grid", g.what}, {"n", g.n}, {"cycle", name}, {"factor", f}});
        }
    }
    doc["convergence"] = factors;

    std::printf("\n3. One FMG cycle against the discretisation error (u = e^x sin y)\n");
    json fmg = json::array();
    for (const int n : {257, 1025}) {
        json r = fmg_accuracy(n);
        std::printf("  %5d x %-5d discretisation error %.3e, one FMG cycle %.3e (%.2fx)\n", n, n,
                    r["discretisation_error"].get<double>(), r["fmg_error"].get<double>(),
                    r["fmg_error"].get<double>() / r["discretisation_error"].get<double>());
        fmg.push_back(std::move(r));
    }
    doc["fmg"] = fmg;

    std::printf("\n4. The issue's targets, from this run\n");
    // On the smooth problem (on the study's, FMG's interpolation is exact): the faster cycle.
    const char *const smooth = problems[1].name;
    const auto best_mg = [&](int n, int t) -> const json * {
        const json *v = find_row(rows, smooth, "multigrid V(2,1)", n, t);
        const json *f = find_row(rows, smooth, "multigrid FMG", n, t);
        if (!v || !f) {
            return v ? v : f;
        }
        return (*f)["seconds"].get<double>() < (*v)["seconds"].get<double>() ? f : v;
    };
    const json *mg1 = best_mg(2049, 1), *mg2 = best_mg(2049, 2);
    target("2049^2 solve <= 0.12 s on 1 thread (e^x sin y, best cycle)", mg1,
           mg1 && (*mg1)["seconds"].get<double>() <= 0.12,
           mg1 ? fmt("%.4f s", (*mg1)["seconds"].get<double>()) : "");
    target("2049^2 solve <= 0.07 s on 2 threads", mg2,
           mg2 && (*mg2)["seconds"].get<double>() <= 0.07,
           mg2 ? fmt("%.4f s", (*mg2)["seconds"].get<double>()) : "");
    target("2049^2 setup <= 20% of a solve (1 thread)", mg1,
           mg1 && setup_seconds(*mg1) <= 0.2 * (*mg1)["seconds"].get<double>(),
           mg1 ? fmt("%.1f%%", 100 * setup_seconds(*mg1) / (*mg1)["seconds"].get<double>()) : "");
    // Setup allocates; the pages are touched by the first solve. Counting that as setup:
    const auto with_first_touch = [](const json &r) {
        return setup_seconds(r) + r["first_solve"].get<double>() - r["seconds"].get<double>();
    };
    target("  the same, the first solve's extra time counted as setup", mg1,
           mg1 && with_first_touch(*mg1) <= 0.2 * (*mg1)["seconds"].get<double>(),
           mg1 ? fmt("%.1f%%", 100 * with_first_touch(*mg1) / (*mg1)["seconds"].get<double>())
               : "");
    const json *mg4 = best_mg(4097, 1), *fft4 = find_row(rows, smooth, "fft-dst", 4097, 1);
    target("4097^2 multigrid faster than fft-dst (1 thread)", mg4 && fft4,
           mg4 && fft4 && (*mg4)["seconds"].get<double>() < (*fft4)["seconds"].get<double>(),
           mg4 && fft4 ? fmt("%.2fx fft-dst's time",
                             (*mg4)["seconds"].get<double>() / (*fft4)["seconds"].get<double>())
                       : "");
    const json *mg1k = best_mg(1025, 1);
    target("seconds per unknown, 4097^2 within 1.3x of 1025^2", mg4 && mg1k,
           mg4 && mg1k &&
               (*mg4)["seconds_per_unknown"].get<double>() <=
                   1.3 * (*mg1k)["seconds_per_unknown"].get<double>(),
           mg4 && mg1k ? fmt("%.2fx", (*mg4)["seconds_per_unknown"].get<double>() /
                                          (*mg1k)["seconds_per_unknown"].get<double>())
                       : "");
    for (const json &f : factors) {
        if (f["cycle"] == "V(2,1)") {
            const double bound = f["grid"] == "square" ? 0.1 : 0.2;
            const std::string what = "reduction per V(2,1) cycle <= " + fmt("%.1f", bound) + ", " +
                                     f["grid"].get<std::string>();
            target(what.c_str(), true, f["factor"].get<double>() <= bound,
                   fmt("%.4f", f["factor"].get<double>()));
        }
    }
    if (!json_path.empty()) {
        bench::write_json_file(json_path, doc, "laplace-bench-multigrid");
    }
    return 0;
}
