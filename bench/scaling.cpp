// laplace-scaling: how the OpenMP kernels scale, against the targets.
//
//   laplace-scaling [--repeat N] [--only S]
//     --repeat N   timed runs per figure, after one warm-up (default 5)
//     --only S     only section S (1, 2 or 3; the validation always runs)
//     --threads N  threads for section 3 (default 0: the OpenMP default)
//     --json FILE  every figure, every run's seconds, the checks and the machine
//
// Every figure is the median of N runs; ratios compare figures measured side by side in this one
// run (bench::measure_interleaved: the variants take turns, round after round). Each run
// is a laplace_solve_ex call through the C ABI with tol = 0, i.e. exactly `sweeps` sweeps (its
// argument checks and one scan of u for non-finite values included), on an n x n grid over
// [0,1]^2 with boundary x^2 - y^2 and interior 0. Before timing, every kernel's grid is checked:
// the same u with 1 and 2 threads (and, for omp-wavefront, the same u as cpp-loop); a failed
// check is printed and makes the exit status nonzero.
//   1. omp-jacobi: G updates/s at 500 x 500 on 1 and 2 threads; the 2-thread speedup at
//      1000 x 1000; at 4000 x 4000 the bandwidth it uses (16 bytes per update: u read once and
//      written once) as a fraction of a STREAM triad over arrays of the grid's total size,
//      with the same threads, measured right after it.
//   2. omp-wavefront against cpp-loop at 1000 x 1000 on 1 thread, and on 2 threads against 1;
//      then the same two with the interior started at 0.5 instead of 0. From 0, the first sweeps
//      leave values below 2^-1022 (subnormal) far from the boundary, and a multiply on one takes
//      a microcode assist (omp-wavefront does those lanes in scaled arithmetic instead); the
//      count of them after the sweeps is printed. As a control,
//      two independent 1-thread solves run at once (two threads, one grid each) in the same
//      rounds: the rate two cores give work that does not interact.
//   3. Sweeps and seconds to a change norm of 1e-10 on 257 x 257: omp-sor, omp-redblack,
//      omp-jacobi (default threads).
#include "cli.hpp"
#include "laplace/laplace.h"
#include "machine.hpp"
#include "record.hpp"
#include "stream_triad.hpp"
#include "timing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

int failures = 0;

// The targets, printed beside each figure and kept with it in the JSON.
namespace target {
constexpr double rate_1 = 2.0e9, rate_2 = 3.5e9; // omp-jacobi 500 x 500, updates/s, 1 and 2 threads
constexpr double jacobi_speedup = 1.8;           // omp-jacobi 1000 x 1000, 2 threads over 1
constexpr double bandwidth_fraction = 0.85;      // omp-jacobi 4000 x 4000, of the triad bandwidth
constexpr double wavefront_over_loop = 3.0;      // omp-wavefront 1 thread over cpp-loop
constexpr double wavefront_speedup = 1.6;        // omp-wavefront 2 threads over 1
} // namespace target

// The --json document: every figure printed, filled in as they are.
bench::Json doc;

struct Problem {
    int n;
    double h;
    double interior_value; // the interior's start value
    std::vector<double> initial;

    explicit Problem(int n_, double interior_value_ = 0.0)
        : n(n_), h(1.0 / (n_ - 1)), interior_value(interior_value_),
          initial(std::size_t(n_) * n_, interior_value_) {
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) {
                if (i == 0 || j == 0 || i == n - 1 || j == n - 1) {
                    const double x = i * h, y = j * h;
                    initial[std::size_t(i) * n + j] = x * x - y * y;
                }
            }
        }
    }
    double interior() const { return double(n - 2) * double(n - 2); }
};

// Runs `sweeps` sweeps of `kernel` with `threads` on a copy of the problem; returns the grid.
std::vector<double> run(const char *kernel, const Problem &p, int threads, int sweeps,
                        int *iterations = nullptr, double tol = 0.0, double *change = nullptr) {
    std::vector<double> u = p.initial;
    laplace_options o = laplace_options_default();
    o.num_threads = threads;
    int it = 0;
    double c = 0;
    const int status =
        laplace_solve_ex(kernel, u.data(), p.n, p.n, p.h, p.h, sweeps, tol, &o, &it, &c);
    if (status != LAPLACE_OK) {
        std::fprintf(stderr, "laplace-scaling: %s: %s\n", kernel, laplace_last_error());
        std::exit(1);
    }
    if (iterations) {
        *iterations = it;
    }
    if (change) {
        *change = c;
    }
    return u;
}

void check(bool ok, const std::string &what) {
    std::printf("  check: %-60s %s\n", what.c_str(), ok ? "ok" : "FAILED");
    failures += ok ? 0 : 1;
    doc["checks"].push_back({{"check", what}, {"ok", ok}});
}

// One timed variant: a kernel on a thread count.
struct Variant {
    const char *kernel;
    int threads;
    int copies = 1; // 2: two independent solves of the problem at once, one per thread
};

// Median times of `sweeps` sweeps of each variant, timed side by side, the grid reset (untimed)
// before each run. The last run's grid of the last variant is left in *last if asked for.
std::vector<bench::Timing> time_sweeps(const std::vector<Variant> &variants, const Problem &p,
                                       int sweeps, int repeat,
                                       std::vector<double> *last = nullptr) {
    std::vector<double> u, other;
    auto solve = [&](const Variant &v, std::vector<double> &grid) {
        laplace_options o = laplace_options_default();
        o.num_threads = v.threads;
        int it = 0;
        double c = 0;
        laplace_solve_ex(v.kernel, grid.data(), p.n, p.n, p.h, p.h, sweeps, 0.0, &o, &it, &c);
    };
    const std::vector<bench::Timing> timings = bench::measure_interleaved(
        int(variants.size()), repeat,
        [&](int) {
            u = p.initial;
            other = p.initial;
        },
        [&](int v) {
            const Variant &variant = variants[std::size_t(v)];
            if (variant.copies == 1) {
                solve(variant, u);
            } else {
                std::thread second([&] { solve(variant, other); });
                solve(variant, u);
                second.join();
            }
        });
    if (last != nullptr) {
        *last = u;
    }
    return timings;
}

// Values of u that are subnormal (nonzero, below 2^-1022 in magnitude).
long subnormals(const std::vector<double> &u) {
    return long(std::count_if(u.begin(), u.end(),
                              [](double x) { return std::fpclassify(x) == FP_SUBNORMAL; }));
}

double rate(const bench::Timing &t, const Problem &p, int sweeps) {
    return sweeps * p.interior() / t.median / 1e9;
}

// The JSON row of a timed variant (a section's rows, in the order printed). The row of two
// solves at once counts both solves' updates.
bench::Json &add_row(int section, const Variant &v, const Problem &p, int sweeps,
                     const bench::Timing &t) {
    bench::Json row = {{"section", section},
                       {"kernel", v.kernel},
                       {"n", p.n},
                       {"interior_value", p.interior_value},
                       {"threads", v.threads},
                       {"copies", v.copies},
                       {"sweeps", sweeps}};
    bench::add_timing(row, t);
    row["updates_per_second"] = v.copies * sweeps * p.interior() / t.median;
    doc["rows"].push_back(std::move(row));
    return doc["rows"].back();
}

// A derived figure of a "->" line (a rate, a speed-up, a ratio, a count), with its target
// (a lower bound) when the line gives one.
void add_figure(int section, const char *figure, const Problem &p, const char *kernel, int threads,
                const bench::Json &value, const char *over = nullptr, double target_min = NAN) {
    bench::Json f = {{"section", section}, {"figure", figure},
                     {"n", p.n},           {"interior_value", p.interior_value},
                     {"kernel", kernel},   {"threads", threads}};
    if (over != nullptr) {
        f["over"] = over;
    }
    f["value"] = value;
    if (!std::isnan(target_min)) {
        f["target_min"] = target_min;
    }
    doc["figures"].push_back(std::move(f));
}

void print_rate(const char *kernel, const Problem &p, int threads, int sweeps,
                const bench::Timing &t) {
    std::printf("  %-14s %5d x %-5d %d thread%s  %7.3f G updates/s  (median of %d: %.4f s, "
                "min %.4f, max %.4f, %d sweeps)",
                kernel, p.n, p.n, threads, threads == 1 ? " " : "s", rate(t, p, sweeps), t.runs,
                t.median, t.min, t.max, sweeps);
    std::printf("\n");
}

// How long an empty 2-thread parallel region takes: microseconds on an idle machine; on one that
// other jobs keep busy, the mean grows to the scheduler's time slices, and every 2-thread figure
// below pays it per sweep. Printed so that 2-thread figures can be judged.
void print_fork_join_cost() {
    std::vector<double> seconds;
    for (int r = 0; r < 2000; ++r) {
        const auto start = std::chrono::steady_clock::now();
#pragma omp parallel num_threads(2)
        {
#pragma omp barrier
        } seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                                .count());
    }
    double mean = 0;
    for (double x : seconds) {
        mean += x / double(seconds.size());
    }
    bench::Json record = {{"threads", 2}};
    bench::add_timing(record, bench::summarize(seconds));
    record["seconds_mean"] = mean;
    std::sort(seconds.begin(), seconds.end());
    const bench::LoadAverage load = bench::load_average();
    std::printf("machine: empty 2-thread parallel region + barrier: median %.1f us, mean %.1f us, "
                "max %.2f ms (2000 runs); load average %s\n",
                1e6 * seconds[seconds.size() / 2], 1e6 * mean, 1e3 * seconds.back(),
                load.values.empty() ? "?" : load.text.substr(0, load.text.find(' ')).c_str());
    // The 1-minute load average as printed, read right after these runs; null if unreadable.
    record["load_average"] = load.values.empty() ? bench::Json() : bench::Json(load.values[0]);
    doc["fork_join"] = std::move(record);
}

} // namespace

int main(int argc, char **argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows as it goes, also into a pipe
    int repeat = 5;
    int only = 0;
    int threads3 = 0;
    std::string json_path;
    CLI::App app{"The OpenMP kernels against the issue's speed targets: the fork-join cost, "
                 "validation, and sections 1-3."};
    bench::prepare(app, "laplace-scaling");
    app.add_option("--repeat", repeat, "runs per figure (median; default 5)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--only", only, "only section 1, 2 or 3")->check(CLI::Range(1, 3));
    app.add_option("--threads", threads3, "section 3's thread count (default: all)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--json", json_path, "every figure, the machine and the date")
        ->check(bench::WritableFile);
    bench::parse(app, argc, argv);
    auto section = [&](int s) { return only == 0 || only == s; };
    for (const char *k : {"omp-jacobi", "omp-wavefront", "omp-sor", "omp-redblack", "cpp-loop"}) {
        if (laplace_kernel_index(k) < 0) {
            std::fprintf(stderr,
                         "laplace-scaling: kernel %s is not in this build "
                         "(configure with -DLAPLACE_WITH_OPENMP=ON)\n",
                         k);
            return 1;
        }
    }
    doc = bench::document("laplace-scaling");
    {
        bench::MachineOptions no_probe; // section 1 measures its own triad, next to the sweeps
        no_probe.probe = false;
        const bench::Machine m = bench::probe_machine(no_probe);
        doc["date"] = m.date;
        doc["machine"] = bench::machine_record(m);
    }
    doc["options"] = {
        {"repetitions", repeat}, {"warmups", 1}, {"only", only}, {"threads", threads3}};
    doc["checks"] = bench::Json::array();
    doc["rows"] = bench::Json::array();
    doc["figures"] = bench::Json::array();
#ifdef _OPENMP
    std::printf("laplace-scaling: OpenMP default %d threads, %d runs per figure (median)\n",
                omp_get_max_threads(), repeat);
#endif
    print_fork_join_cost();

    std::printf("\nvalidation\n");
    {
        const Problem p(301);
        for (const char *k :
             {"omp-jacobi", "f90-openmp", "omp-redblack", "omp-sor", "omp-wavefront"}) {
            check(run(k, p, 1, 20) == run(k, p, 2, 20),
                  std::string(k) + ": same u with 1 and 2 threads (bitwise)");
        }
        check(run("omp-wavefront", p, 2, 20) == run("cpp-loop", p, 1, 20),
              "omp-wavefront: same u as cpp-loop (bitwise)");
    }

    if (section(1)) {
        std::printf("\n1. omp-jacobi\n");
    }
    if (section(1)) {
        const Problem p(500);
        const int sweeps = 400;
        const std::vector<Variant> variants = {{"omp-jacobi", 1}, {"omp-jacobi", 2}};
        const auto t = time_sweeps(variants, p, sweeps, repeat);
        const bench::Timing &one = t[0], &two = t[1];
        print_rate("omp-jacobi", p, 1, sweeps, one);
        print_rate("omp-jacobi", p, 2, sweeps, two);
        std::printf("  -> 500 x 500: %.3f G/s on 1 thread (target >= %.1f), %.3f G/s on 2 "
                    "(target >= %.1f)\n",
                    rate(one, p, sweeps), target::rate_1 / 1e9, rate(two, p, sweeps),
                    target::rate_2 / 1e9);
        add_row(1, variants[0], p, sweeps, one);
        add_row(1, variants[1], p, sweeps, two);
        add_figure(1, "updates_per_second", p, "omp-jacobi", 1, 1e9 * rate(one, p, sweeps), nullptr,
                   target::rate_1);
        add_figure(1, "updates_per_second", p, "omp-jacobi", 2, 1e9 * rate(two, p, sweeps), nullptr,
                   target::rate_2);
    }
    if (section(1)) {
        const Problem p(1000);
        const int sweeps = 100;
        const std::vector<Variant> variants = {{"omp-jacobi", 1}, {"omp-jacobi", 2}};
        const auto t = time_sweeps(variants, p, sweeps, repeat);
        const bench::Timing &one = t[0], &two = t[1];
        print_rate("omp-jacobi", p, 1, sweeps, one);
        print_rate("omp-jacobi", p, 2, sweeps, two);
        std::printf("  -> 1000 x 1000: 2 threads %.2fx faster than 1 (target >= %.1fx)\n",
                    one.median / two.median, target::jacobi_speedup);
        add_row(1, variants[0], p, sweeps, one);
        add_row(1, variants[1], p, sweeps, two);
        add_figure(1, "speedup", p, "omp-jacobi", 2, one.median / two.median,
                   "omp-jacobi, 1 thread", target::jacobi_speedup);
    }
    if (section(1)) {
        const Problem p(4000);
        const int sweeps = 10;
        for (int threads : {1, 2}) {
            const Variant variant{"omp-jacobi", threads};
            const bench::Timing t = time_sweeps({variant}, p, sweeps, repeat)[0];
            print_rate("omp-jacobi", p, threads, sweeps, t);
            const double bytes_per_second =
                bench::bytes_per_update * sweeps * p.interior() / t.median;
            // Three triad arrays of the grid's total size together.
            const bench::Bandwidth triad =
                bench::triad_bandwidth(p.initial.size() / 3, threads, repeat);
            std::printf("  -> 4000 x 4000, %d thread%s: %.1f GB/s at 16 B/update, triad %.1f "
                        "GB/s: %.0f%% (target >= %.0f%%)\n",
                        threads, threads == 1 ? "" : "s", bytes_per_second / 1e9,
                        triad.bytes_per_second / 1e9,
                        100.0 * bytes_per_second / triad.bytes_per_second,
                        100.0 * target::bandwidth_fraction);
            bench::Json &row = add_row(1, variant, p, sweeps, t);
            row["bytes_per_second"] = bytes_per_second;
            row["triad"] = {{"elements", p.initial.size() / 3},
                            {"threads", threads},
                            {"bytes_per_second", triad.bytes_per_second}};
            bench::add_timing(row["triad"], triad.timing);
            add_figure(1, "bandwidth_fraction", p, "omp-jacobi", threads,
                       bytes_per_second / triad.bytes_per_second, "triad",
                       target::bandwidth_fraction);
        }
    }

    if (section(2)) {
        std::printf("\n2. omp-wavefront (Gauss-Seidel, cpp-loop's iterates)\n");
        const int sweeps = 20;
        const Problem p(1000);
        std::vector<double> after;
        const std::vector<Variant> variants = {
            {"cpp-loop", 1}, {"omp-wavefront", 1}, {"omp-wavefront", 2}, {"omp-wavefront", 1, 2}};
        const auto t = time_sweeps(variants, p, sweeps, repeat, &after);
        const bench::Timing &loop = t[0], &one = t[1], &two = t[2];
        print_rate("cpp-loop", p, 1, sweeps, loop);
        print_rate("omp-wavefront", p, 1, sweeps, one);
        print_rate("omp-wavefront", p, 2, sweeps, two);
        std::printf("  -> 1000 x 1000: 1 thread %.2fx faster than cpp-loop (target >= %.0fx); "
                    "2 threads %.2fx faster than 1 (target >= %.1fx)\n",
                    loop.median / one.median, target::wavefront_over_loop, one.median / two.median,
                    target::wavefront_speedup);
        // The control: what two cores give two independent 1-thread solves, in updates/s.
        std::printf("     two independent 1-thread solves at once: %.2fx the rate of one\n",
                    2 * one.median / t[3].median);
        std::printf("     after %d sweeps from interior 0, u holds %ld subnormal values\n", sweeps,
                    subnormals(after));
        for (std::size_t v = 0; v < variants.size(); ++v) {
            add_row(2, variants[v], p, sweeps, t[v]);
        }
        add_figure(2, "speedup", p, "omp-wavefront", 1, loop.median / one.median,
                   "cpp-loop, 1 thread", target::wavefront_over_loop);
        add_figure(2, "speedup", p, "omp-wavefront", 2, one.median / two.median,
                   "omp-wavefront, 1 thread", target::wavefront_speedup);
        add_figure(2, "two_solves_rate_ratio", p, "omp-wavefront", 1, 2 * one.median / t[3].median,
                   "omp-wavefront, 1 thread");
        add_figure(2, "subnormals", p, "omp-wavefront", 1, subnormals(after));
        const Problem q(1000, 0.5);
        const std::vector<Variant> q_variants = {
            {"omp-wavefront", 1}, {"omp-wavefront", 2}, {"omp-wavefront", 1, 2}};
        const auto s = time_sweeps(q_variants, q, sweeps, repeat, &after);
        print_rate("omp-wavefront", q, 1, sweeps, s[0]);
        print_rate("omp-wavefront", q, 2, sweeps, s[1]);
        std::printf("  -> 1000 x 1000, interior 0.5 (%ld subnormal values after): 2 threads "
                    "%.2fx faster than 1; two independent 1-thread solves at once %.2fx\n",
                    subnormals(after), s[0].median / s[1].median, 2 * s[0].median / s[2].median);
        for (std::size_t v = 0; v < q_variants.size(); ++v) {
            add_row(2, q_variants[v], q, sweeps, s[v]);
        }
        add_figure(2, "subnormals", q, "omp-wavefront", 1, subnormals(after));
        add_figure(2, "speedup", q, "omp-wavefront", 2, s[0].median / s[1].median,
                   "omp-wavefront, 1 thread");
        add_figure(2, "two_solves_rate_ratio", q, "omp-wavefront", 1, 2 * s[0].median / s[2].median,
                   "omp-wavefront, 1 thread");
    }

    if (section(3)) {
        std::printf("\n3. to a change norm of 1e-10 on 257 x 257 (%d threads; 0: the default)\n",
                    threads3);
        const Problem p(257);
        const double tol = 1e-10;
        for (const char *k : {"omp-sor", "omp-redblack", "omp-jacobi"}) {
            int sweeps = 0;
            double change = 0;
            const int runs = std::string(k) == "omp-sor" ? repeat : std::min(repeat, 3);
            std::vector<double> u;
            laplace_options o = laplace_options_default();
            o.num_threads = threads3;
            const bench::Timing t = bench::measure(
                0, runs, [&] { u = p.initial; },
                [&] {
                    laplace_solve_ex(k, u.data(), p.n, p.n, p.h, p.h, 10000000, tol, &o, &sweeps,
                                     &change);
                });
            std::printf("  %-14s %8d sweeps  %9.4f s  (median of %d, min %.4f, max %.4f; final "
                        "change %.3g)\n",
                        k, sweeps, t.median, t.runs, t.min, t.max, change);
            bench::Json row = {{"section", 3},
                               {"kernel", k},
                               {"n", p.n},
                               {"interior_value", p.interior_value},
                               {"threads", threads3},
                               {"tol", tol},
                               {"sweeps", sweeps},
                               {"final_change", change},
                               {"warmups", 0}};
            bench::add_timing(row, t);
            doc["rows"].push_back(std::move(row));
        }
    }

    doc["failures"] = failures;
    if (!json_path.empty()) {
        bench::write_json_file(json_path, doc, "laplace-scaling");
    }
    if (failures > 0) {
        std::printf("\n%d check(s) FAILED\n", failures);
        return 1;
    }
    return 0;
}
