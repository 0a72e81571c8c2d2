// laplace-call-time: the time of one C ABI call, laplace_sweep on a small grid, for the Python
// companion experiment (bench/python_threads.py), which times laplace.sweep on the same grid in
// the same rounds: the difference is the binding's per-call overhead.
//
//   laplace-call-time [--kernel NAME] [--nx N] [--ny N] [--calls N] [--repeat N]
//
// The grid is the one python_threads.py sweeps: interior 0, u = 1 on the edge i = 0. Prints one
// JSON line: {"kernel": ..., "nx": ..., "ny": ..., "calls": ..., "seconds_per_call": [...]},
// one entry per timed repetition (after one untimed warm-up).
#include "laplace/laplace.h"
#include "timing.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

int main(int argc, char **argv) {
    std::string kernel = "f77-loop";
    int nx = 16, ny = 16, calls = 20000, repeat = 5;
    for (int a = 1; a + 1 < argc; a += 2) {
        const std::string opt = argv[a];
        const char *value = argv[a + 1];
        if (opt == "--kernel") {
            kernel = value;
        } else if (opt == "--nx") {
            nx = std::atoi(value);
        } else if (opt == "--ny") {
            ny = std::atoi(value);
        } else if (opt == "--calls") {
            calls = std::atoi(value);
        } else if (opt == "--repeat") {
            repeat = std::atoi(value);
        } else {
            std::fprintf(stderr, "laplace-call-time: unknown option %s\n", opt.c_str());
            return 2;
        }
    }
    if (nx < 3 || ny < 3 || calls < 1 || repeat < 1) {
        std::fprintf(stderr, "laplace-call-time: need nx, ny >= 3 and calls, repeat >= 1\n");
        return 2;
    }
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
    std::printf("{\"kernel\": \"%s\", \"nx\": %d, \"ny\": %d, \"calls\": %d, \"change\": %.17g, "
                "\"seconds_per_call\": [",
                kernel.c_str(), nx, ny, calls, change);
    for (std::size_t i = 0; i < per_call.size(); ++i) {
        std::printf("%s%.6e", i ? ", " : "", per_call[i]);
    }
    std::printf("]}\n");
    return 0;
}
