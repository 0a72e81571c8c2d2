// Concurrency through the C ABI: four threads solving different grids with every kernel of the
// registry at once get bitwise the results of serial runs, and the thread-local error message of
// one thread never shows up in another. scripts/tsan runs these cases under ThreadSanitizer
// (a build without OpenMP: libgomp is not instrumented, so OpenMP kernels are absent there).
#include "support.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int threads = 4;
constexpr int max_iter = 40;

// A different grid per thread: other extents, spacings and values.
test::Problem grid_of(int t) {
    static const int extents[threads][2] = {{37, 29}, {50, 41}, {23, 61}, {64, 64}};
    return test::layout_probe(extents[t][0], extents[t][1]);
}

struct Result {
    std::vector<double> u;
    int status = -1, iterations = -1;
    double change = -1;
};

Result solve(const std::string &kernel, test::Problem p) {
    Result r;
    r.status = laplace_solve(kernel.c_str(), p.u.data(), p.nx, p.ny, p.dx, p.dy, max_iter, 0.0,
                             &r.iterations, &r.change);
    r.u = std::move(p.u);
    return r;
}

bool same(const Result &a, const Result &b) {
    return a.status == b.status && a.iterations == b.iterations &&
           test::same_bytes({&a.change, 1}, {&b.change, 1}) && test::same_bytes(a.u, b.u);
}

} // namespace

TEST_CASE("concurrency: 4 threads, every kernel, bitwise the serial results", "[concurrency]") {
    std::vector<std::string> names;
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        names.push_back(k.name);
    }
    const int n = int(names.size());
    // serial[t][k]: thread t's grid solved by kernel k, one call at a time.
    std::vector<std::vector<Result>> serial(threads), parallel(threads);
    for (int t = 0; t < threads; ++t) {
        for (int k = 0; k < n; ++k) {
            serial[t].push_back(solve(names[k], grid_of(t)));
            REQUIRE(serial[t].back().status == LAPLACE_OK);
        }
        parallel[t].resize(n);
    }
    std::atomic<int> ready{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            ++ready;
            while (ready.load() < threads) { // start together
            }
            for (int s = 0; s < n; ++s) {
                const int k = (s + t) % n; // different kernels run at the same time
                parallel[t][k] = solve(names[k], grid_of(t));
            }
        });
    }
    for (std::thread &th : pool) {
        th.join();
    }
    for (int t = 0; t < threads; ++t) {
        for (int k = 0; k < n; ++k) {
            INFO("thread " << t << ", kernel " << names[k]);
            CHECK(same(parallel[t][k], serial[t][k]));
        }
    }
}

TEST_CASE("concurrency: the error message is thread-local", "[concurrency]") {
    const int n = laplace_kernel_count();
    std::atomic<int> ready{0};
    std::atomic<int> leaks{0}, wrong_status{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            test::Problem p = grid_of(t);
            const int bad_nx = -100 - t; // this thread's own error, named in its message
            const std::string mine = "nx = " + std::to_string(bad_nx) + ":";
            ++ready;
            while (ready.load() < threads) {
            }
            for (int round = 0; round < 300; ++round) {
                const char *kernel = laplace_kernel_name((round + t) % n);
                double change = 0;
                if ((round + t) % 3 != 0) { // failing and succeeding calls interleaved
                    const int s =
                        laplace_sweep(kernel, p.u.data(), bad_nx, p.ny, p.dx, p.dy, &change);
                    wrong_status += s != LAPLACE_ERROR_BAD_EXTENT;
                    leaks += std::string(laplace_last_error()).rfind(mine, 0) != 0;
                } else {
                    const int s =
                        laplace_sweep(kernel, p.u.data(), p.nx, p.ny, p.dx, p.dy, &change);
                    wrong_status += s != LAPLACE_OK;
                    leaks += laplace_last_error()[0] != '\0';
                }
            }
        });
    }
    for (std::thread &th : pool) {
        th.join();
    }
    CHECK(wrong_status == 0);
    CHECK(leaks == 0);
}
