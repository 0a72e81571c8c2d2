// The --parallel section: the companion page's comparison of the study (normal / 2 threads /
// 2 processes) redone in C++. A batch of independent problems (different boundary data) is
// solved one after another; on a pool of std::threads, each solve single-threaded; across
// worker processes of this same program (posix_spawn, grids back through a pipe); and one after
// another with an OpenMP kernel inside each solve, when the registry has one. Every answer is
// checked against the serial one.
#include "bench.hpp"
#include "cli.hpp"
#include "laplace/laplace.hpp"
#include "subprocess.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <unistd.h>

namespace bench {
namespace {

// The batch strategies other than "OpenMP inside" run each solve on one thread: a kernel
// with its own threading is set to one thread on the calling thread (OpenMP's setting is per
// thread, so every pool thread and worker process does this itself).
void single_threaded(const std::string &kernel) {
    set_threads(laplace::kernel(kernel).threading, 1);
}

std::vector<double> solve_one(const std::string &kernel, Problem p) {
    std::vector<double> grid = initial_grid(p);
    laplace::solve(kernel, grid.data(), p.nx, p.ny, p.dx(), p.dy(), {p.sweeps, 0.0});
    return grid;
}

Problem variant(const Problem &p, int k) {
    Problem q = p;
    q.variant = k;
    return q;
}

std::string choose_kernel(const Options &o) {
    if (!o.parallel_kernel.empty()) {
        return laplace::kernel(o.parallel_kernel).name; // throws for an unknown name
    }
    std::string first_serial;
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        if (k.threading != "serial") {
            continue;
        }
        if (k.language == "C++" && k.scheme == "gauss-seidel") {
            return k.name;
        }
        if (first_serial.empty()) {
            first_serial = k.name;
        }
    }
    if (first_serial.empty()) {
        throw laplace::Error(0, "no serial kernel in this build for the parallel section");
    }
    return first_serial;
}

bool check(const std::vector<std::vector<double>> &answers,
           const std::vector<std::vector<double>> &expected) {
    if (answers.size() != expected.size()) {
        return false;
    }
    for (std::size_t k = 0; k < answers.size(); ++k) {
        if (!(relative_difference(answers[k], expected[k]) <= 1e-12)) {
            return false;
        }
    }
    return true;
}

} // namespace

int parallel_worker(int argc, char **argv) {
    // laplace-bench --worker KERNEL NX NY SWEEPS FIRST STRIDE BATCH: solves problems FIRST,
    // FIRST+STRIDE, ... < BATCH and writes each grid (raw doubles) to stdout in that order.
    CLI::App app{"The worker of laplace-bench --parallel (processes): solves problems FIRST, "
                 "FIRST+STRIDE, ... < BATCH of the batch and writes each grid (raw doubles) to "
                 "stdout in that order."};
    bench::prepare(app, "laplace-bench --worker");
    std::string kernel;
    Problem p{0, 0, 0, 0};
    int first = 0, stride = 1, batch = 1;
    app.add_option("kernel", kernel, "the kernel")->required();
    app.add_option("nx", p.nx)->required()->check(CLI::Range(3, 1000000));
    app.add_option("ny", p.ny)->required()->check(CLI::Range(3, 1000000));
    app.add_option("sweeps", p.sweeps)->required()->check(CLI::Range(1, 1000000));
    app.add_option("first", first)->required()->check(CLI::NonNegativeNumber);
    app.add_option("stride", stride)->required()->check(CLI::Range(1, 1000000));
    app.add_option("batch", batch)->required()->check(CLI::Range(1, 1000000));
    bench::parse(app, argc - 1, argv + 1); // after "--worker"
    try {
        single_threaded(kernel);
        for (int k = first; k < batch; k += stride) {
            const std::vector<double> grid = solve_one(kernel, variant(p, k));
            const char *bytes = reinterpret_cast<const char *>(grid.data());
            std::size_t left = grid.size() * sizeof(double);
            while (left > 0) {
                const ssize_t n = write(1, bytes, left);
                if (n <= 0) {
                    return 3;
                }
                bytes += n;
                left -= std::size_t(n);
            }
        }
    } catch (const laplace::Error &e) {
        std::fprintf(stderr, "laplace-bench --worker: %s\n", e.what());
        return 1;
    }
    return 0;
}

std::vector<ParallelResult> parallel_section(const Problem &p, const Options &o,
                                             std::string &kernel_used) {
    const std::string kernel = choose_kernel(o);
    kernel_used = kernel;
    const int batch = o.batch;
    const int workers = std::max(1, std::min<int>(batch, int(std::thread::hardware_concurrency())));
    std::vector<ParallelResult> results;

    // The expected answers: the serial solves, checked against the bench's own oracle.
    std::vector<std::vector<double>> expected(static_cast<std::size_t>(batch));
    std::vector<std::vector<double>> answers;
    const std::string scheme = laplace::kernel(kernel).scheme;
    for (int k = 0; k < batch; ++k) {
        double tolerance = 0;
        std::string name;
        if (!oracle(scheme, false, variant(p, k), p.sweeps, expected[std::size_t(k)], tolerance,
                    name)) {
            expected[std::size_t(k)] = solve_one(kernel, variant(p, k));
        }
    }

    // 1. Normal: one after another on this thread.
    single_threaded(kernel);
    ParallelResult normal;
    normal.strategy = "normal (one after another)";
    normal.timing = measure(
        1, o.repeat, [&] { answers.assign(std::size_t(batch), {}); },
        [&] {
            for (int k = 0; k < batch; ++k) {
                answers[std::size_t(k)] = solve_one(kernel, variant(p, k));
            }
        });
    normal.valid = check(answers, expected);
    results.push_back(normal);

    // 2. A pool of std::threads taking problems from a shared counter, each solve serial.
    ParallelResult threads;
    threads.strategy = std::to_string(workers) + " threads (std::thread pool)";
    threads.workers = workers;
    threads.timing = measure(
        1, o.repeat, [&] { answers.assign(std::size_t(batch), {}); },
        [&] {
            std::atomic<int> next{0};
            std::vector<std::thread> pool;
            std::atomic<bool> failed{false};
            for (int w = 0; w < workers; ++w) {
                pool.emplace_back([&] {
                    single_threaded(kernel);
                    for (int k = next++; k < batch; k = next++) {
                        try {
                            answers[std::size_t(k)] = solve_one(kernel, variant(p, k));
                        } catch (const laplace::Error &) {
                            failed = true;
                        }
                    }
                });
            }
            for (std::thread &t : pool) {
                t.join();
            }
            if (failed) {
                answers.clear();
            }
        });
    threads.valid = check(answers, expected);
    threads.note = "each solve single-threaded; no interpreter lock, so the solves can run on "
                   "different cores at once";
    results.push_back(threads);

    // 3. Worker processes: this program in --worker mode, grids back through pipes.
    ParallelResult processes;
    processes.strategy = std::to_string(workers) + " processes (posix_spawn)";
    processes.workers = workers;
    std::string spawn_error;
    processes.timing = measure(
        1, o.repeat, [&] { answers.assign(std::size_t(batch), {}); },
        [&] {
            std::vector<Child> children;
            for (int w = 0; w < workers; ++w) {
                children.push_back(
                    spawn({"/proc/self/exe", "--worker", kernel, std::to_string(p.nx),
                           std::to_string(p.ny), std::to_string(p.sweeps), std::to_string(w),
                           std::to_string(workers), std::to_string(batch)},
                          false));
            }
            for (int w = 0; w < workers; ++w) {
                std::string output;
                const int rc = finish(children[std::size_t(w)], output);
                if (rc != 0) {
                    spawn_error = "worker " + std::to_string(w) + " exit status " +
                                  std::to_string(rc) + " " + children[std::size_t(w)].error;
                    continue;
                }
                const std::size_t grid_bytes = p.grid_size() * sizeof(double);
                std::size_t offset = 0;
                for (int k = w; k < batch; k += workers, offset += grid_bytes) {
                    if (offset + grid_bytes > output.size()) {
                        break;
                    }
                    std::vector<double> &grid = answers[std::size_t(k)];
                    grid.resize(p.grid_size());
                    std::memcpy(grid.data(), output.data() + offset, grid_bytes);
                }
            }
        });
    processes.valid = check(answers, expected);
    processes.note = spawn_error.empty() ? "includes starting the workers and piping the grids back"
                                         : spawn_error;
    results.push_back(processes);

    // 4. One after another, OpenMP inside each solve (a threaded kernel of the same scheme).
    std::string omp_kernel, omp_threading;
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        if (k.threading.find("openmp") != std::string::npos &&
            (omp_kernel.empty() || k.scheme == scheme)) {
            if (omp_kernel.empty() || k.scheme == scheme) {
                omp_kernel = k.name;
                omp_threading = k.threading;
            }
            if (k.scheme == scheme) {
                break;
            }
        }
    }
    ParallelResult openmp;
    openmp.strategy = "OpenMP inside each solve";
    openmp.workers = workers;
    if (omp_kernel.empty()) {
        openmp.present = false;
        openmp.note = "no OpenMP kernel in this build's registry";
    } else if (!set_threads(omp_threading, workers)) {
        openmp.present = false;
        openmp.note = "cannot set the thread count of " + omp_kernel;
    } else {
        const std::string omp_scheme = laplace::kernel(omp_kernel).scheme;
        std::vector<std::vector<double>> omp_expected = expected;
        bool comparable = true;
        if (omp_scheme != scheme) {
            for (int k = 0; k < batch; ++k) {
                double tolerance = 0;
                std::string name;
                comparable &= oracle(omp_scheme, false, variant(p, k), p.sweeps,
                                     omp_expected[std::size_t(k)], tolerance, name);
            }
        }

        openmp.timing = measure(
            1, o.repeat, [&] { answers.assign(std::size_t(batch), {}); },
            [&] {
                for (int k = 0; k < batch; ++k) {
                    answers[std::size_t(k)] = solve_one(omp_kernel, variant(p, k));
                }
            });
        openmp.valid = !comparable || check(answers, omp_expected);
        openmp.note =
            comparable ? "scheme " + omp_scheme : "not checked: no oracle for scheme " + omp_scheme;
        if (omp_scheme != scheme) {
            openmp.note += "; a different scheme from the other strategies";
        }
        set_threads(omp_threading, int(std::thread::hardware_concurrency()));
    }
    results.push_back(openmp);
    return results;
}

} // namespace bench
