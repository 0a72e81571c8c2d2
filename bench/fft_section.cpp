// laplace-bench-fft: the direct method fft-dst beside a plain FFTW program and beside blas-fdm.
//
//   laplace-bench-fft [--n N] [--repeat R] [--threads T,T,...] [--sizes N,N,...]
//                     [--reference PATH] [--no-crossover] [--json FILE]
//
// 1. The study's problem on an N x N grid (default 2049: 2048 = N-1 is a power of two), at each
//    thread count (default 1 and 2): a fft-dst solve (laplace::Solver, set up beforehand), the
//    same with f = 0 given (its right-hand side then takes a 2D transform, as the plain program
//    does), and the plain program bench/reference/fftw_dst.c (PATH, a subprocess per round that
//    times one solve of its own after a warm-up; the library's timed solves follow an untimed
//    one too). Rounds interleave the variants; median of R (default 5) with min and max. Every
//    answer is checked against x^2 - y^2, the exact discrete solution, before its time is shown
//    (the plain program checks its own). Also timed alone: laplace::residual, with and without
//    f, which scans u (and f) for NaN and Inf and computes the residual once, as a solve does
//    besides the method's work (with the residual twice). Then the targets, checked.
// 2. The crossover with blas-fdm: both solves (setup excluded, shown apart) at --sizes (default
//    65..1025), at each thread count, in interleaved rounds.
// --json FILE keeps every figure and every run's time, with the machine record.
#include "cli.hpp"
#include "laplace/laplace.hpp"
#include "machine.hpp"
#include "record.hpp"
#include "subprocess.hpp"
#include "timing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
    int n = 2049;
    int repeat = 5;
    std::vector<int> threads = {1, 2};
    std::vector<int> sizes = {65, 129, 257, 513, 1025};
    std::string reference = LAPLACE_BENCH_FFTW_REFERENCE;
    bool crossover = true;
    std::string json; // "" none
};

Options parse(int argc, char **argv) {
    Options o;
    CLI::App app{"fft-dst beside a plain FFTW program (laplace-fftw-reference) and blas-fdm, and "
                 "the crossover of the two direct methods."};
    bench::prepare(app, "laplace-bench-fft");
    bool no_crossover = false;
    app.add_option("--n", o.n, "grid of the comparison with the plain FFTW program")
        ->check(CLI::Range(3, 100000));
    app.add_option("--repeat", o.repeat, "timed runs per figure (median)")
        ->check(CLI::Range(1, 100000));
    app.add_option("--threads", o.threads, "thread counts, T,T,...")
        ->delimiter(',')
        ->check(CLI::Range(1, 100000));
    app.add_option("--sizes", o.sizes, "grids of the crossover, N,N,...")
        ->delimiter(',')
        ->check(CLI::Range(3, 100000));
    app.add_option("--reference", o.reference, "the plain FFTW program (laplace-fftw-reference)");
    app.add_flag("--no-crossover", no_crossover, "leave out the crossover");
    app.add_option("--json", o.json, "write every figure to this file")->check(bench::WritableFile);
    bench::parse(app, argc, argv);
    o.crossover = !no_crossover;
    return o;
}

// The study's problem: boundary x^2 - y^2 on [0,1]^2, interior 0 (with f = 0 if asked).
laplace::Grid study_problem(int n, bool with_f) {
    laplace::Grid g(n, n);
    g.set_boundary([](double x, double y) { return x * x - y * y; });
    if (with_f) {
        g.set_rhs([](double, double) { return 0.0; });
    }
    return g;
}

// max |u - (x^2 - y^2)| / max |x^2 - y^2|: the exact discrete solution is the boundary function.
double error_of(const laplace::Grid &g) {
    double error = 0;
    for (int i = 0; i < g.nx(); ++i) {
        for (int j = 0; j < g.ny(); ++j) {
            error = std::max(error, std::abs(g(i, j) - (g.x(i) * g.x(i) - g.y(j) * g.y(j))));
        }
    }
    return error; // the largest |x^2 - y^2| on [0,1]^2 is 1
}

// A direct solve further off than this is wrong.
constexpr double tolerance = 1e-10;

std::string validation(double error) {
    char text[64];
    std::snprintf(text, sizeof text, "%s (max relative error %.1e)",
                  error <= tolerance ? "validates" : "WRONG", error);
    return text;
}

// Wall seconds of one call of f.
template <class F>
double seconds_of(F &&f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One variant of a round: untimed preparation, then a timed run that returns its seconds (a
// subprocess reports its own time) or a negative number on failure.
struct Variant {
    std::string name;
    std::function<void()> prepare;
    std::function<double()> run;
    std::vector<double> seconds = {};
    bool failed = false;
};

// Every round runs each variant once, after one warm-up round: a change in the machine's speed
// hits all of them alike.
void interleave(std::vector<Variant> &variants, int repeat) {
    for (int round = -1; round < repeat; ++round) {
        for (Variant &v : variants) {
            v.prepare();
            const double s = v.run();
            v.failed = v.failed || s < 0;
            if (round >= 0 && s >= 0) {
                v.seconds.push_back(s);
            }
        }
    }
}

// A library solve on `grid` from `initial`, timed here; its error checked after every run.
// Each timed solve follows an untimed one, as the plain program's follows its warm-up: the
// threads are awake and the arrays in cache, as in a loop of solves.
Variant library_variant(const std::string &name, laplace::Solver &solver, laplace::Grid &grid,
                        const laplace::Grid &initial, double &error) {
    return {name,
            [&solver, &grid, &initial] {
                grid = initial;
                solver.solve(grid);
                grid = initial;
            },
            [&solver, &grid, &error] {
                const double s = seconds_of([&] { solver.solve(grid); });
                error = std::max(error, error_of(grid));
                return error <= tolerance ? s : -1.0;
            }};
}

// Solver options for `method` on `threads` threads (blas-fdm: the library's BLAS setting).
laplace::Solver solver_for(const std::string &method, int threads) {
    laplace::SolverOptions o;
    o.threads = threads;
    if (method == "blas-fdm") {
        laplace::set_blas_threads(threads);
    }
    return laplace::Solver(method, o);
}

// The max relative error on the plain program's first line, or NaN if it has none.
double reported_error(const std::string &line) {
    const std::string marker = "max relative error ";
    const std::size_t at = line.find(marker);
    return at == std::string::npos ? NAN : std::atof(line.c_str() + at + marker.size());
}

void print_row(const char *label, int threads, const bench::Timing &t, const std::string &note) {
    std::printf("%-24s %7d %10.4f %10.4f %10.4f  %s\n", label, threads, t.median, t.min, t.max,
                note.c_str());
}

// ---- 1. fft-dst beside the plain FFTW program -------------------------------------------------

// Fills `out` with the section's rows (one per variant and thread count), the ratios and the
// targets as printed.
bool reference_section(const Options &o, bench::Json &out) {
    std::printf("\n## %d x %d, boundary x^2 - y^2: fft-dst beside the plain FFTW program "
                "(seconds per solve, median of %d interleaved rounds)\n\n",
                o.n, o.n, o.repeat);
    std::printf("%-24s %7s %10s %10s %10s  %s\n", "variant", "threads", "median s", "min s",
                "max s", "check");
    bool valid = true;
    std::vector<std::vector<double>> medians; // per thread count: the variants' medians
    bench::Json rows = bench::Json::array();
    for (const int threads : o.threads) {
        laplace::Solver solver = solver_for("fft-dst", threads);
        const laplace::Grid initial = study_problem(o.n, false);
        const laplace::Grid initial_f = study_problem(o.n, true);
        laplace::Grid grid = initial, grid_f = initial_f;
        solver.setup(grid);
        double error = 0, error_f = 0;
        std::string plain_line;
        std::vector<Variant> variants;
        variants.push_back(library_variant("fft-dst", solver, grid, initial, error));
        variants.push_back(
            library_variant("fft-dst, f = 0 given", solver, grid_f, initial_f, error_f));
        variants.push_back({"plain FFTW program", [] {},
                            [&] {
                                std::string out;
                                const int status = bench::run(
                                    {o.reference, "--n", std::to_string(o.n), "--threads",
                                     std::to_string(threads), "--repeat", "1"},
                                    out);
                                plain_line = out.substr(0, out.find('\n'));
                                const std::size_t at = out.find("median: ");
                                return status == 0 && at != std::string::npos
                                           ? std::atof(out.c_str() + at + 8)
                                           : -1.0;
                            }});
        // What a solve does besides the method's work: it scans u (and f) for NaN and Inf once
        // and computes the residual twice (before and after); laplace::residual does the scan
        // and one residual.
        for (const laplace::Grid *g : {&grid, &grid_f}) {
            variants.push_back(
                {g == &grid ? "laplace::residual" : "laplace::residual, f", [] {},
                 [g, threads] { return seconds_of([&] { laplace::residual(*g, threads); }); }});
        }
        interleave(variants, o.repeat);
        const std::string checks[] = {validation(error), validation(error_f), plain_line, "", ""};
        const double errors[] = {error, error_f, reported_error(plain_line)};
        for (std::size_t v = 0; v < variants.size(); ++v) {
            const Variant &var = variants[v];
            valid = valid && !var.failed;
            const bench::Timing t = bench::summarize(var.seconds);
            const std::string note = var.failed ? "WRONG or failed: " + checks[v] : checks[v];
            print_row(var.name.c_str(), threads, t, note);
            bench::Json row = {{"variant", var.name}, {"threads", threads}};
            if (t.runs > 0) { // the timed runs that succeeded, if any did
                bench::add_timing(row, t);
            }
            row["valid"] = !var.failed;
            if (v < std::size(errors)) {
                row["error"] = errors[v];
            }
            row["check"] = note;
            rows.push_back(std::move(row));
        }
        medians.emplace_back();
        for (const Variant &v : variants) {
            medians.back().push_back(bench::summarize(v.seconds).median);
        }
    }
    // Ratios of medians, and issue 16's targets, which are for 2049 x 2049: fft-dst on 1 thread
    // <= 0.12 s and within 1.1x of the plain program, 2 threads >= 1.6x 1 thread.
    const bool targets = o.n == 2049;
    bench::Json ratios = bench::Json::array(), speedups = bench::Json::array(),
                met = bench::Json::array();
    const auto verdict = [targets, &met](const std::string &target, double value,
                                         bool ok) -> std::string {
        if (!targets) {
            return "";
        }
        met.push_back({{"target", target}, {"value", value}, {"met", ok}});
        return ok ? " (target met)" : " (target MISSED)";
    };
    std::printf("\nover the plain program's time:");
    for (std::size_t t = 0; t < o.threads.size(); ++t) {
        const std::vector<double> &m = medians[t];
        const std::string on =
            std::to_string(o.threads[t]) + " thread" + (o.threads[t] == 1 ? "" : "s");
        const std::string alone = verdict("fft-dst within 1.1x the plain program, " + on,
                                          m[0] / m[2], m[0] / m[2] <= 1.1);
        const std::string given =
            verdict("fft-dst with f = 0 given within 1.1x the plain program, " + on, m[1] / m[2],
                    m[1] / m[2] <= 1.1);
        std::printf("%s %s: fft-dst %.2f%s, with f = 0 given %.2f%s", t ? ";" : "", on.c_str(),
                    m[0] / m[2], alone.c_str(), m[1] / m[2], given.c_str());
        ratios.push_back({{"threads", o.threads[t]},
                          {"fft_dst_over_plain", m[0] / m[2]},
                          {"f_given_over_plain", m[1] / m[2]}});
    }
    for (std::size_t t = 0; t < o.threads.size(); ++t) {
        if (o.threads[t] == 1) {
            std::printf(
                "\nfft-dst on 1 thread: %.4f s%s", medians[t][0],
                verdict("fft-dst <= 0.12 s on 1 thread", medians[t][0], medians[t][0] <= 0.12)
                    .c_str());
        } else if (o.threads[0] == 1) {
            const double speedup = medians[0][0] / medians[t][0];
            std::printf("\nfft-dst on %d threads: %.2fx the 1-thread rate%s", o.threads[t], speedup,
                        verdict("fft-dst on " + std::to_string(o.threads[t]) +
                                    " threads >= 1.6x the 1-thread rate",
                                speedup, speedup >= 1.6)
                            .c_str());
            speedups.push_back({{"threads", o.threads[t]}, {"over_1_thread", speedup}});
        }
    }
    std::printf("\n");
    out = {{"n", o.n},         {"repetitions", o.repeat}, {"tolerance", tolerance}, {"rows", rows},
           {"ratios", ratios}, {"speedups", speedups},    {"targets", met}};
    return valid;
}

// ---- 2. The crossover with blas-fdm -----------------------------------------------------------

// Fills `out` with a row per size, thread count and method, as printed.
bool crossover_section(const Options &o, bench::Json &out) {
    const bool fdm = laplace_method_index("blas-fdm") >= 0;
    std::printf("\n## fft-dst and blas-fdm, boundary x^2 - y^2, one solve each (setup "
                "excluded; median of %d interleaved rounds)%s\n",
                o.repeat, fdm ? "" : ": this build has no blas-fdm");
    std::printf("(blas-fdm's setup computes the eigenvectors of a shape once per process; later "
                "setups of the shape take them from its cache)\n\n");
    std::printf("%6s %7s %12s %12s %12s %12s %9s\n", "n", "threads", "fft-dst s", "blas-fdm s",
                "fft setup s", "fdm setup s", "fdm/fft");
    bool valid = true;
    bench::Json rows = bench::Json::array();
    for (const int n : o.sizes) {
        for (const int threads : o.threads) {
            const laplace::Grid initial = study_problem(n, false);
            std::vector<laplace::Grid> grids(2, initial);
            std::vector<laplace::Solver> solvers;
            std::vector<double> setup(2, 0.0), errors(2, 0.0);
            std::vector<Variant> variants;
            for (const char *method : {"fft-dst", "blas-fdm"}) {
                if (!fdm && std::string(method) == "blas-fdm") {
                    break;
                }
                solvers.push_back(solver_for(method, threads));
            }
            for (std::size_t m = 0; m < solvers.size(); ++m) {
                setup[m] = seconds_of([&] { solvers[m].setup(initial); });
                variants.push_back(library_variant(m == 0 ? "fft-dst" : "blas-fdm", solvers[m],
                                                   grids[m], initial, errors[m]));
            }
            // OpenBLAS's workers spin for about 0.1 s after a call: let them sleep before the
            // other method's warm-up and timed solves.
            for (Variant &v : variants) {
                v.prepare = [prepare = v.prepare] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(150));
                    prepare();
                };
            }
            interleave(variants, o.repeat);
            const double fft = bench::summarize(variants[0].seconds).median;
            const double other = fdm ? bench::summarize(variants[1].seconds).median : NAN;
            std::printf("%6d %7d %12.6f %12.6f %12.6f %12.6f %8.2fx%s\n", n, threads, fft, other,
                        setup[0], fdm ? setup[1] : NAN, other / fft,
                        variants[0].failed || (fdm && variants[1].failed) ? "  WRONG" : "");
            valid = valid && !variants[0].failed && !(fdm && variants[1].failed);
            for (std::size_t m = 0; m < variants.size(); ++m) {
                bench::Json row = {{"method", variants[m].name},
                                   {"n", n},
                                   {"threads", threads},
                                   {"setup_seconds", setup[m]}};
                if (!variants[m].seconds.empty()) {
                    bench::add_timing(row, bench::summarize(variants[m].seconds));
                }
                if (m == 1) {
                    row["over_fft_dst"] = other / fft;
                }
                row["error"] = errors[m];
                row["valid"] = !variants[m].failed;
                rows.push_back(std::move(row));
            }
        }
    }
    out = {{"repetitions", o.repeat}, {"blas_fdm", fdm}, {"rows", rows}};
    return valid;
}

} // namespace

int main(int argc, char **argv) {
    const Options o = parse(argc, argv);
    if (!laplace::fftw_available()) {
        std::fprintf(stderr, "laplace-bench-fft: this build has no fft-dst\n");
        return 1;
    }
    bench::MachineOptions no_probe; // the bandwidth and dgemm rates are not this bench's
    no_probe.probe = false;
    const bench::Machine machine = bench::probe_machine(no_probe);
    std::printf("# laplace-bench-fft\n\n%s, %d cores; %s\nFFTW: %s\nBLAS: %s\nlaplace %s, %s; "
                "load average at start: %s\n",
                machine.cpu.c_str(), machine.cores, machine.cxx_flags.c_str(),
                laplace::fftw_info().c_str(), laplace::blas_info().c_str(), laplace_version(),
                machine.date.c_str(), machine.load.c_str());
    bench::Json doc = bench::document("laplace-bench-fft");
    doc["date"] = machine.date;
    doc["machine"] = bench::machine_record(machine);
    doc["machine"]["fftw"] = laplace::fftw_info();
    doc["machine"]["laplace_blas"] = laplace::blas_info();
    doc["options"] = {{"n", o.n},
                      {"repetitions", o.repeat},
                      {"warmups", 1},
                      {"threads", o.threads},
                      {"sizes", o.sizes},
                      {"reference", o.reference},
                      {"crossover", o.crossover}};
    bool valid = reference_section(o, doc["plain_fftw"]);
    if (o.crossover) {
        valid = crossover_section(o, doc["crossover"]) && valid;
    }
    const bench::LoadAverage load = bench::load_average();
    std::printf("\nload average at end: %s\n%s\n", load.text.c_str(),
                valid ? "every answer validates" : "a WRONG answer or a failed run");
    if (!o.json.empty()) {
        doc["machine"]["loadavg_end"] = load.values;
        doc["valid"] = valid;
        bench::write_json_file(o.json, doc, "laplace-bench-fft");
    }
    return valid ? 0 : 1;
}
