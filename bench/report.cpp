// What laplace-bench prints and writes: the 80-column table, the size summary, the parallel
// table, JSON and CSV, and the progress line.
#include "bench.hpp"
#include "laplace/laplace.h"
#include "record.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>
#include <unistd.h>

namespace bench {

std::string status_name(Status s) {
    switch (s) {
    case Status::ok:
        return "ok";
    case Status::wrong:
        return "WRONG";
    case Status::unchecked:
        return "unchecked";
    case Status::missing:
        return "missing";
    case Status::failed:
        return "FAILED";
    }
    return "?";
}

// A number of the CSV file at full precision (the shortest text that reads back the same
// double), empty when not finite.
std::string csv_number(double v) {
    if (!std::isfinite(v)) {
        return "";
    }
    char buf[32];
    const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

// The library's version when it reports one (laplace_version() comes with LAPLACE_VERSION_STRING
// in laplace/version.h, included by laplace.h).
std::string library_version() {
#ifdef LAPLACE_VERSION_STRING
    return laplace_version();
#else
    return "unknown";
#endif
}

void derive_figures(std::vector<Row> &rows, const Machine &m) {
    const Row *slowest = nullptr;
    for (const Row &r : rows) {
        if (r.compiled() && r.measured() && r.status != Status::wrong &&
            (slowest == nullptr || r.timing.median > slowest->timing.median)) {
            slowest = &r;
        }
    }
    for (Row &r : rows) {
        if (!r.measured()) {
            continue;
        }
        if (slowest != nullptr) {
            r.speedup = slowest->timing.median / r.timing.median;
        }
        r.limit_fraction = r.updates_per_second() / m.update_bound(std::max(r.threads, 1));
    }
}

namespace {

// Slowest first, as the study's table ran from pure Python down to C++; missing rows last.
std::vector<const Row *> display_order(const std::vector<Row> &rows) {
    std::vector<const Row *> order;
    for (const Row &r : rows) {
        order.push_back(&r);
    }
    std::stable_sort(order.begin(), order.end(), [](const Row *a, const Row *b) {
        if (a->measured() != b->measured()) {
            return a->measured();
        }
        return a->measured() && a->timing.median > b->timing.median;
    });
    return order;
}

std::string fixed(double v, int width) {
    char buf[32];
    if (!std::isfinite(v)) {
        std::snprintf(buf, sizeof buf, "%*s", width, "-");
    } else if (v >= 100) {
        std::snprintf(buf, sizeof buf, "%*.0f", width, v);
    } else if (v >= 10) {
        std::snprintf(buf, sizeof buf, "%*.1f", width, v);
    } else if (v >= 0.1) {
        std::snprintf(buf, sizeof buf, "%*.2f", width, v);
    } else {
        std::snprintf(buf, sizeof buf, "%*.3f", width, v);
    }
    return buf;
}

// Seconds with about four significant figures in at most 7 characters.
std::string seconds_cell(double v) {
    char buf[32];
    if (v >= 100) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else if (v >= 10) {
        std::snprintf(buf, sizeof buf, "%.1f", v);
    } else if (v >= 1) {
        std::snprintf(buf, sizeof buf, "%.2f", v);
    } else if (v >= 0.001) {
        std::snprintf(buf, sizeof buf, "%.4f", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.1e", v);
    }
    return buf;
}

std::string kib(double bytes) {
    char buf[32];
    if (bytes >= 1024.0 * 1024.0) {
        std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
    } else {
        std::snprintf(buf, sizeof buf, "%.0f KiB", bytes / 1024.0);
    }
    return buf;
}

// A row's name in the size summary: threaded rows carry their thread count.
std::string summary_key(const Row &r) {
    std::string key = r.name;
    if (r.threads > 1) {
        key += '/';
        key += std::to_string(r.threads);
    }
    return key;
}

std::string threads_cell(int threads) {
    return threads > 0 ? std::to_string(threads) : "?";
}

// Prints "label text" wrapped at 79 columns, continuation lines indented by two spaces.
void print_wrapped(const std::string &label, const std::string &text) {
    std::stringstream words(text);
    std::string word;
    std::size_t column = label.size();
    std::fputs(label.c_str(), stdout);
    while (words >> word) {
        if (column + 1 + word.size() > 79 && column > 2) {
            std::fputs("\n ", stdout);
            column = 1;
        }
        std::printf(" %s", word.c_str());
        column += 1 + word.size();
    }
    std::fputs("\n", stdout);
}

} // namespace

void print_table(const std::vector<Row> &rows, const Problem &p, const Options &o,
                 const Machine &m) {
    if (library_version() != "unknown") {
        std::printf("\nlaplace %s", library_version().c_str()); // the library this run used
    }
    std::printf("\nlaplace-bench: %d x %d grid, %d sweeps; median of %d runs after a warm-up\n"
                "(slowest first, as the study's table ran from pure Python down to C++)\n\n",
                p.nx, p.ny, p.sweeps, o.repeat);
    std::printf("%-17s %-10s %-12s %3s %8s %7s %8s %7s\n", "implementation", "language", "scheme",
                "thr", "median s", "Mupd/s", "speed-up", "% limit");
    std::printf("%s\n", std::string(79, '-').c_str());
    const Row *fastest = nullptr;
    bool any_estimated = false, any_wrong = false;
    std::vector<const Row *> missing, unchecked;
    for (const Row *r : display_order(rows)) {
        if (!r->measured()) {
            std::printf("%-17s %-10s %-12s %3s %s\n", r->name.c_str(), r->language.c_str(),
                        r->scheme.c_str(), "",
                        r->status == Status::failed               ? "FAILED (see below)"
                        : r->check.rfind("not installed", 0) == 0 ? "not installed"
                                                                  : "missing (see below)");
            missing.push_back(r);
            any_wrong |= r->status == Status::failed;
            continue;
        }
        const bool wrong = r->status == Status::wrong;
        any_wrong |= wrong;
        any_estimated |= r->estimated;
        if (r->status == Status::unchecked) {
            unchecked.push_back(r);
        }
        if (!wrong && (fastest == nullptr || r->timing.median < fastest->timing.median)) {
            fastest = r;
        }
        std::string median = r->estimated ? "~" : "";
        median += seconds_cell(r->timing.median);
        std::string speedup = wrong ? "   WRONG" : fixed(r->speedup, 7) + "x";
        std::string limit = wrong ? "  WRONG" : fixed(100.0 * r->limit_fraction, 6) + "%";
        if (!std::isfinite(r->limit_fraction) && !wrong) {
            limit = "      -";
        }
        std::printf("%-17s %-10s %-12s %3s %8s %7s %8s %7s\n", r->name.c_str(), r->language.c_str(),
                    r->scheme.c_str(), threads_cell(r->threads).c_str(), median.c_str(),
                    fixed(r->updates_per_second() / 1e6, 7).c_str(), speedup.c_str(),
                    limit.c_str());
    }
    std::printf("%s\n", std::string(79, '-').c_str());

    // Footnotes: every flag in the table is explained under it.
    const Row *slowest_compiled = nullptr;
    for (const Row &r : rows) {
        if (r.compiled() && r.measured() && r.status != Status::wrong &&
            (slowest_compiled == nullptr || r.timing.median > slowest_compiled->timing.median)) {
            slowest_compiled = &r;
        }
    }
    if (fastest != nullptr) {
        std::printf("fastest correct row: %s (%s s)\n", fastest->name.c_str(),
                    seconds_cell(fastest->timing.median).c_str());
    }
    if (slowest_compiled != nullptr) {
        std::printf("speed-up: over the slowest compiled row, %s\n",
                    slowest_compiled->name.c_str());
    }
    std::printf("check: every answer is compared, after the same number of sweeps, with the\n"
                "  bench's own plain loops of its scheme (the exact solution for 'direct');\n"
                "  max |difference| / max |oracle| <= 1e-12: ");
    std::size_t ok = 0;
    for (const Row &r : rows) {
        ok += r.status == Status::ok;
    }
    std::printf("%zu row(s) ok\n", ok);
    for (const Row &r : rows) {
        if (r.status == Status::wrong) {
            print_wrapped("  WRONG " + r.name + ":", r.check);
        }
    }
    for (const Row *r : unchecked) {
        print_wrapped("  unchecked " + r->name + ":", r->check);
    }
    if (any_estimated) {
        for (const Row &r : rows) {
            if (r.estimated) {
                print_wrapped("~ estimated, " + r.name + ":", r.note);
            }
        }
    }
    std::vector<std::string> direct_noted;
    for (const Row &r : rows) {
        if (r.measured() && !r.sweep_rates() &&
            std::find(direct_noted.begin(), direct_noted.end(), r.name) == direct_noted.end()) {
            direct_noted.push_back(r.name);
            print_wrapped("- " + r.name + ":",
                          "did " + std::to_string(r.sweeps_done) + " sweep(s), not " +
                              std::to_string(p.sweeps) +
                              " (a direct method solves exactly): its time is one solve, "
                              "Mupd/s and % limit do not apply");
        }
    }
    for (const Row &r : rows) {
        if (r.threads == 0) {
            print_wrapped("? threads " + r.name + ":", r.note);
        }
    }
    for (const Row *r : missing) {
        print_wrapped(r->name + ":", r->check);
    }
    const double grid_bytes = double(p.grid_size()) * 8.0;
    if (!m.triad_bandwidth.empty()) {
        print_wrapped("% limit:", roofline_model);
        std::printf("  triad:");
        for (std::size_t t = 0; t < m.triad_bandwidth.size(); ++t) {
            std::printf(" %zu thread%s %.1f GB/s%s", t + 1, t ? "s" : "",
                        m.triad_bandwidth[t] / 1e9, t + 1 < m.triad_bandwidth.size() ? "," : "");
        }
        std::printf("\n");
        print_wrapped(" ", m.triad_source);
    } else {
        std::printf("%% limit: not computed (%s)\n", m.triad_source.c_str());
    }
    if (!m.dgemm_flops.empty()) {
        std::printf("BLAS dgemm (n = 1000):");
        for (std::size_t t = 0; t < m.dgemm_flops.size(); ++t) {
            std::printf(" %zu thread%s %.1f GFLOP/s%s", t + 1, t ? "s" : "", m.dgemm_flops[t] / 1e9,
                        t + 1 < m.dgemm_flops.size() ? "," : "");
        }
        std::printf(" (%s)\n", m.dgemm_source.c_str());
    }
    if (!m.blas_note.empty()) {
        print_wrapped("BLAS:", m.blas_note);
    }
    std::printf("OMP_WAIT_POLICY: %s\n", m.omp_wait_policy.empty()
                                             ? "unset (waiting threads spin a while: README, "
                                               "\"Sharing the cores\")"
                                             : m.omp_wait_policy.c_str());
    std::string cache_note;
    for (const Cache &c : m.caches) {
        if (c.type != "Instruction") {
            cache_note += " L" + std::to_string(c.level) + " " + c.size;
        }
    }
    std::printf("grid: %s per copy; caches:%s\n", kib(grid_bytes).c_str(),
                cache_note.empty() ? " unknown" : cache_note.c_str());
    std::printf("load average at start: %s (%d cores; other work on the machine competes)\n",
                m.load.c_str(), m.cores);

    if (any_wrong) {
        std::printf("SOME ROWS ARE WRONG OR FAILED: never counted as winners; exit status 1\n");
    }
}

void print_size_summary(const std::vector<Row> &rows, const std::vector<int> &sizes) {
    std::printf("\nMillion updates per second by grid size (n x n)\n");
    std::printf("%-20s", "implementation");
    for (int n : sizes) {
        std::printf(" %8d", n);
    }
    std::printf("\n%s\n", std::string(20 + 9 * sizes.size(), '-').c_str());
    std::vector<std::string> keys;
    for (const Row &r : rows) {
        const std::string key = summary_key(r);
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            keys.push_back(key);
        }
    }
    for (const std::string &key : keys) {
        std::printf("%-20s", key.c_str());
        for (int n : sizes) {
            std::string cell = "-";
            for (const Row &r : rows) {
                if (summary_key(r) == key && r.problem.nx == n && r.measured()) {
                    cell = r.status == Status::wrong ? "WRONG"
                                                     : fixed(r.updates_per_second() / 1e6, 1);
                    while (!cell.empty() && cell.front() == ' ') {
                        cell.erase(cell.begin());
                    }
                    if (r.estimated) {
                        cell.insert(cell.begin(), '~');
                    }
                }
            }
            std::printf(" %8s", cell.c_str());
        }
        std::printf("\n");
    }
}

void print_parallel(const std::vector<ParallelResult> &results, const Problem &p, const Options &o,
                    const std::string &kernel, const Machine &m) {
    std::printf("\nParallel: %d independent problems of %d x %d, %d sweeps each, kernel %s\n"
                "(median of %d runs after a warm-up; every answer checked against the serial "
                "one)\n\n",
                o.batch, p.nx, p.ny, p.sweeps, kernel.c_str(), o.repeat);
    std::printf("load average at start: %s on %d cores (cores busy with other work\n"
                "cannot give a speed-up)\n\n",
                m.load.c_str(), m.cores);
    std::printf("%-30s %7s %9s %8s %10s  %s\n", "strategy", "workers", "median s", "speed-up",
                "cores used", "check");
    std::printf("%s\n", std::string(79, '-').c_str());
    const double serial = results.empty() ? 0.0 : results.front().timing.median;
    for (const ParallelResult &r : results) {
        if (!r.present) {
            std::printf("%-30s %7s %9s %8s %10s  %s\n", r.strategy.c_str(), "", "absent", "", "",
                        "-");
            continue;
        }
        std::printf("%-30s %7d %9.4f %7.2fx %10.2f  %s\n", r.strategy.c_str(), r.workers,
                    r.timing.median, serial / r.timing.median, r.timing.cpu / r.timing.median,
                    r.valid ? "ok" : "WRONG");
    }
    std::printf("%s\n", std::string(79, '-').c_str());
    print_wrapped("cores used:", "CPU time (this process and its workers) over wall time, "
                                 "medians: the parallelism the strategy actually got");
    for (const ParallelResult &r : results) {
        if (!r.note.empty()) {
            print_wrapped(r.strategy + ":", r.note);
        }
    }
}

void print_rhs(const std::vector<RhsResult> &results, const Problem &p, int repetitions,
               const Machine &m) {
    if (library_version() != "unknown") {
        std::printf("\nlaplace %s", library_version().c_str());
    }
    std::printf(
        "\nf-path cost: %d x %d grid, %d sweeps through Solver(\"iterate\", kernel), every\n"
        "tolerance off, without f and with f = -2s(x(1-x) + y(1-y)), s = %g; a direct\n"
        "method: one solve. Median (min-max) of %d runs after a warm-up round, all\n"
        "variants interleaved round by round\n\n",
        p.nx, p.ny, p.sweeps, rhs_source, repetitions);
    std::printf("%-14s %3s %8s %17s %8s %17s %6s\n", "kernel", "thr", "no f s", "(min-max)",
                "with f s", "(min-max)", "ratio");
    std::printf("%s\n", std::string(79, '-').c_str());
    const auto range = [](const Timing &t) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "(%s-%s)", seconds_cell(t.min).c_str(),
                      seconds_cell(t.max).c_str());
        return std::string(buf);
    };
    std::size_t ok = 0, checks = 0;
    for (const RhsResult &r : results) {
        const std::string name = r.plan.name + (r.plan.direct ? "*" : "");
        const bool failed = r.free_status == Status::failed || r.with_status == Status::failed;
        if (failed) {
            std::printf("%-14s %3s FAILED (see below)\n", name.c_str(),
                        threads_cell(r.plan.threads).c_str());
            continue;
        }
        const bool wrong = r.free_status == Status::wrong || r.with_status == Status::wrong;
        char ratio[16];
        std::snprintf(ratio, sizeof ratio, "%.3f", r.with_f.median / r.free.median);
        std::printf("%-14s %3s %8s %17s %8s %17s %6s\n", name.c_str(),
                    threads_cell(r.plan.threads).c_str(), seconds_cell(r.free.median).c_str(),
                    range(r.free).c_str(), seconds_cell(r.with_f.median).c_str(),
                    range(r.with_f).c_str(), wrong ? "WRONG" : ratio);
        ok += (r.free_status == Status::ok) + (r.with_status == Status::ok);
        checks += 2;
    }
    std::printf("%s\n", std::string(79, '-').c_str());
    print_wrapped("ratio:", "with-f median / no-f median; the two run the same solver object, "
                            "from the same grid, in the same rounds: f is the only difference");
    if (std::any_of(results.begin(), results.end(),
                    [](const RhsResult &r) { return r.plan.direct; })) {
        print_wrapped("*:", "a direct method of the method table: one solve (with f it also "
                            "transforms f)");
    }
    std::printf("check: %zu of %zu answers ok (vs the textbook loops of the scheme without\n"
                "  and with f, the exact solution for a direct method, or another row of the\n"
                "  scheme; max |difference| / max |oracle| <= 1e-12, 1e-10 for a direct one)\n",
                ok, checks);
    for (const RhsResult &r : results) {
        for (const auto &[status, check, what] :
             {std::tuple{r.free_status, r.free_check, "no f"},
              std::tuple{r.with_status, r.with_check, "with f"}}) {
            if (status != Status::ok) {
                print_wrapped("  " + status_name(status) + " " + r.plan.name + "/" +
                                  threads_cell(r.plan.threads) + " (" + what + "):",
                              check);
            }
        }
    }
    std::printf("load average at start: %s (%d cores; other work on the machine competes)\n",
                m.load.c_str(), m.cores);
}

void print_solve(const std::vector<SolveRow> &rows, const Options &o, const Machine &m) {
    if (library_version() != "unknown") {
        std::printf("\nlaplace %s", library_version().c_str());
    }
    std::printf("\nTime to solution: [0,1]^2, n x n, interior 0 to start, to ||r|| <= %g ||r0||\n"
                "(r = f - A u over the interior). laplace: boundary x^2 - y^2, f = 0; poisson:\n"
                "u = x^2 y + y^3, f = 8y. Seconds: median of the runs after a warm-up (up to %d,\n"
                "while %g s last); setup apart from solve. Serial peers run on one OpenMP and one\n"
                "BLAS thread. Every answer judged by one check (bench/reference/peer.c)\n",
                solve_rtol, o.repeat, o.budget);
    for (bool poisson : {false, true}) {
        for (int n : o.sizes) {
            std::vector<const SolveRow *> order;
            for (const SolveRow &r : rows) {
                if (r.n == n && r.poisson == poisson) {
                    order.push_back(&r);
                }
            }
            std::stable_sort(order.begin(), order.end(), [](const SolveRow *a, const SolveRow *b) {
                if (a->measured() != b->measured()) {
                    return a->measured();
                }
                return a->measured() && a->solve.median < b->solve.median;
            });
            std::printf("\n%s, %d x %d (%.0f unknowns)\n", poisson ? "poisson" : "laplace", n, n,
                        double(n - 2) * double(n - 2));
            std::printf("%-15s %-14s %3s %8s %8s %17s %4s %6s %8s %8s\n", "method", "language",
                        "thr", "setup s", "solve s", "(min-max)", "runs", "iters", "rel. res",
                        "error");
            std::printf("%s\n", std::string(101, '-').c_str());
            for (const SolveRow *r : order) {
                if (!r->measured()) {
                    continue;
                }
                char range[40], residual[16], error[16];
                std::snprintf(range, sizeof range, "(%s-%s)", seconds_cell(r->solve.min).c_str(),
                              seconds_cell(r->solve.max).c_str());
                std::snprintf(residual, sizeof residual, "%.1e%s", r->relative_residual,
                              r->reached ? "" : "!");
                std::snprintf(error, sizeof error, "%.1e", r->error);
                std::printf("%-15s %-14s %3s %8s %8s %17s %4d %6d %8s %8s%s\n", r->name.c_str(),
                            r->language.c_str(), threads_cell(r->threads).c_str(),
                            seconds_cell(r->setup.median).c_str(),
                            seconds_cell(r->solve.median).c_str(), range, r->solve.runs,
                            r->iterations, residual, error,
                            r->status == Status::wrong ? "  WRONG" : "");
            }
            for (const SolveRow *r : order) {
                if (!r->measured()) {
                    print_wrapped("  " + r->name + " (" + threads_cell(r->threads) + "):",
                                  r->check);
                } else if (!r->reached || r->status == Status::wrong || !r->note.empty()) {
                    print_wrapped("  " + r->name + " (" + threads_cell(r->threads) + "):",
                                  (r->reached ? "" : "TOLERANCE NOT REACHED; ") + r->check +
                                      (r->note.empty() ? "" : "; " + r->note));
                }
            }
        }
    }
    // Seconds per solve by size, the rows as the chart shows them.
    for (bool poisson : {false, true}) {
        std::printf("\nSeconds per solve by n, %s (setup excluded; ! = tolerance not reached)\n",
                    poisson ? "poisson" : "laplace");
        std::printf("%-22s", "method (threads)");
        for (int n : o.sizes) {
            std::printf(" %9d", n);
        }
        std::printf("\n%s\n", std::string(22 + 10 * o.sizes.size(), '-').c_str());
        std::vector<std::string> keys;
        for (const SolveRow &r : rows) {
            const std::string key = r.name + " (" + threads_cell(r.threads) + ")";
            if (r.poisson == poisson && std::find(keys.begin(), keys.end(), key) == keys.end()) {
                keys.push_back(key);
            }
        }
        for (const std::string &key : keys) {
            std::printf("%-22s", key.c_str());
            for (int n : o.sizes) {
                std::string cell = "-";
                for (const SolveRow &r : rows) {
                    if (r.poisson == poisson && r.n == n &&
                        r.name + " (" + threads_cell(r.threads) + ")" == key) {
                        cell = r.status == Status::wrong ? "WRONG"
                               : r.measured()
                                   ? seconds_cell(r.solve.median) + (r.reached ? "" : "!")
                               : r.check.rfind("skipped", 0) == 0 ? "skipped"
                                                                  : "n/a";
                    }
                }
                std::printf(" %9s", cell.c_str());
            }
            std::printf("\n");
        }
    }
    std::printf("\nload average at start: %s (%d cores; other work on the machine competes)\n",
                m.load.c_str(), m.cores);
}

void write_json(const std::string &path, const std::vector<Row> &rows,
                const std::vector<ParallelResult> &parallel, const std::string &parallel_kernel,
                const std::vector<RhsResult> &rhs, const Problem &rhs_problem, int rhs_repetitions,
                const std::vector<SolveRow> &solve, const Options &o, const Machine &m,
                const std::string &interpreters) {
    Json doc = document("laplace-bench");
    doc["date"] = m.date;
    doc["laplace_version"] = library_version();
    doc["machine"] = machine_record(m);
    doc["machine"]["interpreters"] = interpreters;
    doc["roofline"] = {{"bytes_per_update", bytes_per_update}, {"model", roofline_model}};
    doc["options"] = {{"repetitions", o.repeat}, {"warmups", 1}};
    Json &out_rows = doc["rows"] = Json::array();
    for (const Row &r : rows) {
        Json row = {{"name", r.name},
                    {"scheme", r.scheme},
                    {"language", r.language},
                    {"threading", r.threading},
                    {"threads", r.threads},
                    {"kind", r.kind},
                    {"nx", r.problem.nx},
                    {"ny", r.problem.ny},
                    {"sweeps", r.problem.sweeps},
                    {"status", status_name(r.status)}};
        if (r.measured()) {
            row["estimated"] = r.estimated;
            row["sweeps_timed"] = r.sweeps_done;
            add_timing(row, r.timing);
            row["updates_per_second"] = r.updates_per_second();
            row["speedup"] = r.speedup;
            row["limit_fraction"] = r.limit_fraction;
            row["change"] = r.change;
        }
        row["check"] = r.check;
        row["note"] = r.note;
        row["runner"] = r.runner;
        out_rows.push_back(std::move(row));
    }
    if (!parallel.empty()) {
        Json strategies = Json::array();
        const double nan = std::numeric_limits<double>::quiet_NaN();
        for (const ParallelResult &r : parallel) {
            Json s = {{"strategy", r.strategy},
                      {"workers", r.workers},
                      {"present", r.present},
                      {"valid", r.valid}};
            if (r.present) {
                add_timing(s, r.timing, true);
            } else {
                s["seconds"] = s["seconds_min"] = s["seconds_max"] = s["cpu_seconds"] = nan;
            }
            s["note"] = r.note;
            strategies.push_back(std::move(s));
        }
        doc["parallel"] = {
            {"kernel", parallel_kernel}, {"batch", o.batch}, {"strategies", strategies}};
    }
    if (!rhs.empty()) {
        Json out = Json::array();
        for (const RhsResult &r : rhs) {
            const bool measured =
                r.free_status != Status::failed && r.with_status != Status::failed;
            Json row = {{"name", r.plan.name},
                        {"kind", r.plan.direct ? "method" : "kernel"},
                        {"scheme", r.plan.scheme},
                        {"threading", r.plan.threading},
                        {"threads", r.plan.threads}};
            if (measured) {
                row["no_f"] = timing_record(r.free);
                row["with_f"] = timing_record(r.with_f);
                row["ratio"] = r.with_f.median / r.free.median;
            }
            row["status_no_f"] = status_name(r.free_status);
            row["status_with_f"] = status_name(r.with_status);
            row["check_no_f"] = r.free_check;
            row["check_with_f"] = r.with_check;
            out.push_back(std::move(row));
        }
        doc["rhs"] = {{"nx", rhs_problem.nx},
                      {"ny", rhs_problem.ny},
                      {"sweeps", rhs_problem.sweeps},
                      {"source", rhs_source},
                      {"f", "-2s(x(1-x) + y(1-y))"},
                      {"repetitions", rhs_repetitions},
                      {"route", "Solver(iterate, kernel), tolerances 0; interleaved"},
                      {"rows", out}};
    }
    if (!solve.empty()) {
        Json out = Json::array();
        for (const SolveRow &r : solve) {
            Json row = {{"name", r.name},
                        {"kind", r.kind},
                        {"language", r.language},
                        {"threading", r.threading},
                        {"threads", r.threads},
                        {"n", r.n},
                        {"unknowns", double(r.n - 2) * (r.n - 2)},
                        {"problem", r.poisson ? "poisson" : "laplace"},
                        {"status", status_name(r.status)}};
            if (r.measured()) {
                row["setup"] = timing_record(r.setup);
                row["solve"] = timing_record(r.solve);
                row["iterations"] = r.iterations;
                row["relative_residual"] = r.relative_residual;
                row["reached"] = r.reached;
                row["error"] = r.error;
            }
            row["check"] = r.check;
            row["note"] = r.note;
            row["runner"] = r.runner;
            out.push_back(std::move(row));
        }
        doc["solve"] = {
            {"rtol", solve_rtol},
            {"repetitions", o.repeat},
            {"budget_seconds", o.budget},
            {"problems",
             {{"laplace", "u = x^2 - y^2, f = 0"}, {"poisson", "u = x^2 y + y^3, f = 8y"}}},
            {"rows", out}};
    }
    write_json_file(path, doc, "laplace-bench");
}

void write_csv(const std::string &path, const std::vector<Row> &rows) {
    std::ofstream out(path);
    auto field = [](const std::string &s) {
        if (s.find_first_of(",\"\n") == std::string::npos) {
            return s;
        }
        std::string q = "\"";
        for (char c : s) {
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        }
        return q + "\"";
    };
    const auto num = csv_number;
    out << "name,language,scheme,threading,threads,kind,nx,ny,sweeps,status,estimated,"
           "seconds,seconds_min,seconds_max,updates_per_second,speedup,limit_fraction,check\n";
    for (const Row &r : rows) {
        const bool m = r.measured();
        out << field(r.name) << ',' << field(r.language) << ',' << field(r.scheme) << ','
            << field(r.threading) << ',' << r.threads << ',' << r.kind << ',' << r.problem.nx << ','
            << r.problem.ny << ',' << r.problem.sweeps << ',' << status_name(r.status) << ','
            << (r.estimated ? "true" : "false") << ',' << (m ? num(r.timing.median) : "") << ','
            << (m ? num(r.timing.min) : "") << ',' << (m ? num(r.timing.max) : "") << ','
            << (m ? num(r.updates_per_second()) : "") << ',' << num(r.speedup) << ','
            << num(r.limit_fraction) << ',' << field(r.check) << '\n';
    }
    out.close();
    if (!out) {
        std::fprintf(stderr, "laplace-bench: cannot write %s: %s\n", path.c_str(),
                     std::strerror(errno));
        std::exit(2);
    }
}

} // namespace bench
