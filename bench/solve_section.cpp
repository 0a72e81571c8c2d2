// The --solve section: time to solution. Every method of the library's method table, at each
// thread count, and the reference programs of bench/reference (PETSc, hypre, plain FFTW, SciPy;
// subprocesses that validate their own answers first, peer.h) solve the same two problems to
// ||r|| <= solve_rtol ||r0|| at each size. Setup and solve are timed apart; every answer comes
// back as a grid and is judged here by the one check (peer_check), whoever computed it.
#include "bench.hpp"
#include "laplace/laplace.hpp"
#include "reference/peer.h"
#include "subprocess.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <unistd.h>

namespace bench {
namespace {

peer_options case_options(int n, bool poisson) {
    peer_options o{};
    o.n = n;
    o.poisson = poisson ? 1 : 0;
    return o;
}

std::string problem_name(bool poisson) {
    return poisson ? "poisson" : "laplace";
}

// The one check, on the answer in row r (grid n x n). The row named by --corrupt has its answer
// transposed first, the layout mistake the check is there to catch.
void judge(SolveRow &r, std::vector<double> &grid, const Options &o) {
    if (r.name == o.corrupt) {
        for (int i = 0; i < r.n; ++i) {
            for (int j = 0; j < i; ++j) {
                std::swap(grid[std::size_t(i) * r.n + j], grid[std::size_t(j) * r.n + i]);
            }
        }
    }
    peer_check_result c{};
    const bool consistent = peer_check(r.n, r.poisson ? 1 : 0, grid.data(), &c) != 0;
    r.relative_residual = c.relative_residual;
    r.error = c.error;
    r.reached = c.relative_residual <= solve_rtol;
    r.status = consistent ? Status::ok : Status::wrong;
    char text[200];
    std::snprintf(text, sizeof text,
                  "%s: relative residual %.2e%s, max relative error %.2e, ||u - exact||_2 %.2e "
                  "%s ||A^-1||_2 (||r||_2 + rounding) = %.2e",
                  consistent ? "ok" : "WRONG", c.relative_residual,
                  r.reached ? "" : " (NOT REACHED)", c.error, c.error_norm, consistent ? "<=" : ">",
                  c.error_bound);
    r.check = text;
}

// Warm-up (untimed), then up to `repeat` timed runs while the budget lasts: the rule of peer.h's
// programs (peer_run), for the library's rows.
void timed_runs(int repeat, double budget, const std::function<void()> &setup,
                const std::function<void()> &solve, SolveRow &row) {
    using clock = std::chrono::steady_clock;
    const auto seconds = [](clock::time_point a, clock::time_point b) {
        return std::chrono::duration<double>(b - a).count();
    };
    std::vector<double> setups, solves;
    const auto start = clock::now();
    for (int r = -1; r < repeat; ++r) {
        if (r >= 1 && seconds(start, clock::now()) > budget) {
            break;
        }
        const auto t0 = clock::now();
        setup();
        const auto t1 = clock::now();
        solve();
        const auto t2 = clock::now();
        if (r >= 0) {
            setups.push_back(seconds(t0, t1));
            solves.push_back(seconds(t1, t2));
        }
    }
    row.setup = summarize(setups);
    row.solve = summarize(solves);
}

SolveRow run_method(const Plan &k, int n, bool poisson, const Options &o, int restore) {
    SolveRow row;
    row.name = k.name;
    row.kind = "method";
    row.language = "C++ (laplace)";
    row.threading = k.threading;
    row.threads = k.threads;
    row.n = n;
    row.poisson = poisson;
    const peer_options c = case_options(n, poisson);
    const double h = 1.0 / (n - 1);
    std::vector<double> initial(std::size_t(n) * n), grid, f;
    peer_initial(&c, initial.data());
    if (poisson) {
        f.resize(initial.size());
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) {
                f[std::size_t(i) * n + j] = peer_rhs(1, i * h, j * h);
            }
        }
    }
    laplace::SolverOptions so;
    so.threads = k.threads;
    so.rtol = solve_rtol;
    so.atol = so.change_tol = 0.0;
    so.max_iter = 1000000;
    if (k.threading.find("blas") != std::string::npos) {
        set_threads(k.threading, k.threads);
    }
    std::unique_ptr<laplace::Solver> solver;
    laplace::SolveReport report;
    try {
        timed_runs(
            o.repeat, o.budget,
            [&] {
                grid = initial;
                solver = std::make_unique<laplace::Solver>(k.name, so);
                solver->setup(n, n, h, h);
            },
            [&] {
                report = solver->solve(grid.data(), f.empty() ? nullptr : f.data(), n, n, h, h);
            },
            row);
    } catch (const laplace::Error &e) {
        row.status = Status::failed;
        row.check = std::string("failed: ") + e.what();
    }
    if (k.threading.find("blas") != std::string::npos) {
        set_threads(k.threading, restore);
    }
    if (row.status == Status::failed) {
        return row;
    }
    row.iterations = report.iterations;
    row.runner = "laplace " + std::string(laplace_version());
    // The threads the last solve ran on: the BLAS's for a BLAS-threaded method, else OpenMP's.
    const bool blas = k.threading.find("blas") != std::string::npos;
    const int used = blas ? laplace::blas_last_solve_threads() : report.threads;
    if (used > 0 && used != k.threads) {
        row.note = "ran on " + std::to_string(used) + (blas ? " BLAS" : "") + " thread(s)";
    }
    judge(row, grid, o);
    return row;
}

// A reference program of bench/reference.
struct Peer {
    std::string name, language;
    std::vector<std::string> argv; // empty: not available, `why` says so
    std::string why;
    bool threaded = false; // runs at each thread count; else once, on one thread
};

std::vector<Peer> peers() {
    std::vector<Peer> out;
    const auto program = [](const char *path, const char *package) {
        return std::string(path).empty() ? std::string("not installed: ") + package +
                                               " was not found when laplace was configured"
                                         : std::string();
    };
    const std::string petsc = LAPLACE_BENCH_PETSC_REFERENCE, hypre = LAPLACE_BENCH_HYPRE_REFERENCE,
                      fftw = LAPLACE_BENCH_FFTW_REFERENCE;
    out.push_back({"petsc-cg-mg", "C (PETSc)",
                   petsc.empty() ? std::vector<std::string>{} : std::vector<std::string>{petsc},
                   program(LAPLACE_BENCH_PETSC_REFERENCE, "PETSc (Debian petsc-dev)")});
    for (const char *method : {"pfmg", "pcg-pfmg"}) {
        out.push_back({std::string("hypre-") + method, "C (hypre)",
                       hypre.empty() ? std::vector<std::string>{}
                                     : std::vector<std::string>{hypre, "--method", method},
                       program(LAPLACE_BENCH_HYPRE_REFERENCE, "hypre (Debian libhypre-dev)")});
    }
    out.push_back(
        {"fftw-dst", "C (FFTW)",
         fftw.empty() ? std::vector<std::string>{} : std::vector<std::string>{fftw, "--peer"},
         program(LAPLACE_BENCH_FFTW_REFERENCE, "FFTW 3 (Debian libfftw3-dev)"), true});
    std::string tried;
    const std::string python = python_with_numpy(tried);
    for (const char *method : {"dstn", "spsolve"}) {
        Peer p{std::string("scipy-") + method, "Python (SciPy)", {}, {}};
        if (python.empty()) {
            p.why = "not installed: no python3 with NumPy (tried " + tried + ")";
        } else {
            p.argv = {python, LAPLACE_BENCH_REFERENCE_DIR "/scipy_solve.py", "--method", method};
        }
        out.push_back(p);
    }
    return out;
}

std::vector<double> times_of(const std::string &line) {
    std::vector<double> out;
    std::istringstream in(line);
    for (double v; in >> v;) {
        out.push_back(v);
    }
    return out;
}

SolveRow run_peer(const Peer &peer, int threads, int n, bool poisson, const Options &o,
                  const std::string &dir) {
    SolveRow row;
    row.name = peer.name;
    row.kind = "reference";
    row.language = peer.language;
    row.threading = peer.threaded ? "own" : "serial";
    row.threads = threads;
    row.n = n;
    row.poisson = poisson;
    if (peer.argv.empty()) {
        row.status = Status::missing;
        row.check = peer.why;
        return row;
    }
    const std::string answer = dir + "/answer.f64";
    std::filesystem::remove(answer);
    std::vector<std::string> argv = peer.argv;
    char rtol[32], budget[32];
    std::snprintf(rtol, sizeof rtol, "%.17g", solve_rtol);
    std::snprintf(budget, sizeof budget, "%.17g", o.budget);
    for (const std::string &a :
         {std::string("--n"), std::to_string(n), std::string("--problem"), problem_name(poisson),
          std::string("--rtol"), std::string(rtol), std::string("--repeat"),
          std::to_string(o.repeat), std::string("--budget"), std::string(budget),
          std::string("--threads"), std::to_string(threads), std::string("--output"), answer}) {
        argv.push_back(a);
    }
    // One OpenMP and one BLAS thread for a serial peer (Debian's BLAS is threaded OpenBLAS);
    // a threaded one (FFTW's OpenMP threads) gets the row's count.
    std::string output;
    const int rc =
        run(argv, output, {"OMP_NUM_THREADS=" + std::to_string(threads), "OPENBLAS_NUM_THREADS=1"});
    std::map<std::string, std::string> lines;
    std::string first;
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);) {
        const std::size_t colon = line.find(": ");
        if (first.empty() && line.rfind(peer.name + ":", 0) == 0) {
            first = line;
        } else if (colon != std::string::npos) {
            lines[line.substr(0, colon)] = line.substr(colon + 2);
        }
    }
    std::string tail = output.size() > 300 ? output.substr(output.size() - 300) : output;
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' ')) {
        tail.pop_back();
    }
    if (rc == 3) {
        row.status = Status::missing;
        row.check = tail;
        return row;
    }
    if (rc == 1) {
        row.status = Status::wrong;
        row.check = "its own check: " + first;
        return row;
    }
    const std::vector<double> setups = times_of(lines["setup"]), solves = times_of(lines["solve"]);
    std::vector<double> grid(std::size_t(n) * n);
    std::ifstream file(answer, std::ios::binary);
    file.read(reinterpret_cast<char *>(grid.data()), std::streamsize(grid.size() * sizeof(double)));
    if (rc != 0 || solves.empty() ||
        file.gcount() != std::streamsize(grid.size() * sizeof(double))) {
        row.status = Status::failed;
        row.check = "failed (exit " + std::to_string(rc) + "): " + tail;
        return row;
    }
    row.setup = summarize(setups);
    row.solve = summarize(solves);
    row.iterations = std::atoi(lines["iterations"].c_str());
    row.runner = lines.count("runner") ? lines["runner"] : peer.argv.front();
    judge(row, grid, o);
    if (first.find(": validates (") == std::string::npos) {
        row.note = "its own check: " + first.substr(first.find(": ") + 2);
    }
    return row;
}

} // namespace

std::vector<SolveRow> solve_section(const std::vector<Plan> &plan, const Options &o,
                                    const Machine &m) {
    const std::vector<int> counts = thread_counts(o, m.cores);
    const std::vector<Peer> references = o.reference ? peers() : std::vector<Peer>{};
    std::string pattern = (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : "/tmp") +
                          "/laplace-solve-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    const char *made = mkdtemp(buf.data());
    if (made == nullptr) {
        throw laplace::Error(LAPLACE_ERROR_FILE, "cannot create " + pattern + " for the answers");
    }
    const std::string dir = made;

    // A row (name, threads, problem) whose solve took longer than the budget is not run at the
    // larger sizes: its row there says so.
    std::map<std::string, std::string> over_budget;
    std::vector<SolveRow> rows;
    const int per_size = 2 * int(plan.size() + references.size() * counts.size());
    Progress progress(per_size * int(o.sizes.size()));
    for (int n : o.sizes) {
        for (bool poisson : {false, true}) {
            struct Job {
                std::string name, kind;
                int threads;
                std::function<SolveRow()> run;
            };
            std::vector<Job> jobs;
            for (const Plan &k : plan) {
                jobs.push_back({k.name, "method", k.threads, [&, k] {
                                    return run_method(k, n, poisson, o, m.omp_max_threads);
                                }});
            }
            for (const Peer &p : references) {
                for (int t : counts) {
                    if (t == 1 || p.threaded) {
                        jobs.push_back({p.name, "reference", t,
                                        [&, p, t] { return run_peer(p, t, n, poisson, o, dir); }});
                    }
                }
            }
            for (const Job &job : jobs) {
                progress.step(job.name + " " + problem_name(poisson) + " " + std::to_string(n));
                const std::string key =
                    job.name + "/" + std::to_string(job.threads) + "/" + problem_name(poisson);
                const auto skip = over_budget.find(key);
                if (skip != over_budget.end()) {
                    SolveRow r;
                    r.name = job.name;
                    r.threads = job.threads;
                    r.n = n;
                    r.poisson = poisson;
                    r.kind = job.kind;
                    r.status = Status::missing;
                    r.check = skip->second;
                    rows.push_back(std::move(r));
                    continue;
                }
                SolveRow r = job.run();
                if (r.measured() && r.solve.median > o.budget) {
                    char why[160];
                    std::snprintf(why, sizeof why,
                                  "skipped: a solve at %d x %d took %.3g s, over the budget of "
                                  "%g s (--budget)",
                                  n, n, r.solve.median, o.budget);
                    over_budget[key] = why;
                }
                rows.push_back(std::move(r));
            }
        }
    }
    progress.done();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return rows;
}

} // namespace bench
