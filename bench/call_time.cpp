// laplace-call-time: the time of one C ABI call, laplace_sweep on a small grid, for the Python
// companion experiment (bench/python_threads.py), which times laplace.sweep on the same grid in
// the same rounds: the difference is the binding's per-call overhead.
//
//   laplace-call-time [--kernel NAME] [--nx N] [--ny N] [--calls N] [--repeat N]
//
// The grid is the one python_threads.py sweeps: interior 0, u = 1 on the edge i = 0. Prints one
// JSON line: {"schema_version": 2, ..., "kernel": ..., "nx": ..., "ny": ..., "calls": ...,
// "seconds_per_call": [...]},
// one entry per timed repetition (after one untimed warm-up).
#include "cli.hpp"
#include "laplace/laplace.h"
#include "record.hpp"
#include "timing.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

int main(int argc, char **argv) {
    std::string kernel = "f77-loop";
    int nx = 16, ny = 16, calls = 20000, repeat = 5;
    CLI::App app{"The time of one C ABI call, laplace_sweep on a small grid, for "
                 "bench/python_threads.py; prints one JSON line."};
    bench::prepare(app, "laplace-call-time");
    app.add_option("--kernel", kernel, "the kernel (default f77-loop)");
    app.add_option("--nx", nx, "grid points along x (default 16)")->check(CLI::Range(3, 100000));
    app.add_option("--ny", ny, "grid points along y (default 16)")->check(CLI::Range(3, 100000));
    app.add_option("--calls", calls, "calls per timed run (default 20000)")
        ->check(CLI::Range(1, 1000000000));
    app.add_option("--repeat", repeat, "timed runs (default 5)")->check(CLI::Range(1, 1000000));
    bench::parse(app, argc, argv);
    std::vector<double> u(std::size_t(nx) * std::size_t(ny));
    const double dx = 1.0 / (nx - 1), dy = 1.0 / (ny - 1);
    int status = LAPLACE_OK;
    double change = 0.0;
    std::vector<double> per_call;
    for (int r = 0; r <= repeat; ++r) {
        const bench::Timing t = bench::measure(
            0, 1,
            [&] {
                std::fill(u.begin(), u.end(), 0.0);
                std::fill(u.begin(), u.begin() + ny, 1.0);
            },
            [&] {
                for (int c = 0; c < calls && status == LAPLACE_OK; ++c) {
                    status = laplace_sweep(kernel.c_str(), u.data(), nx, ny, dx, dy, &change);
                }
            });
        if (r > 0) { // the first is the warm-up
            per_call.push_back(t.median / calls);
        }
    }
    if (status != LAPLACE_OK) {
        std::fprintf(stderr, "laplace-call-time: %s\n", laplace_last_error());
        return 1;
    }
    bench::Json line = bench::document("laplace-call-time");
    line.update({{"kernel", kernel},
                 {"nx", nx},
                 {"ny", ny},
                 {"calls", calls},
                 {"change", change},
                 {"seconds_per_call", per_call}});
    std::printf("%s\n", line.dump().c_str());
    return 0;
}
