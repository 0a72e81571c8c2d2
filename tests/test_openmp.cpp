// The OpenMP kernels (built with LAPLACE_WITH_OPENMP): results independent of the thread
// count, no oversubscription inside a user's parallel region, omp-wavefront's iterates equal
// to the serial Gauss-Seidel loops', and SOR's sweep counts against red-black Gauss-Seidel.
#include "per_kernel.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <omp.h>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using laplace::KernelInfo;
using test::Problem;
using test::relative_difference;
using test::same_bytes;

// k sweeps of `kernel` with `threads` threads; returns the last change norm.
double sweeps(const std::string &kernel, Problem &p, int threads, int k = 5) {
    double change = 0;
    for (int s = 0; s < k; ++s) {
        change = laplace::sweep(kernel, p.u.data(), p.nx, p.ny, p.dx, p.dy, {threads, 0.0});
    }
    return change;
}

// Only the change norm's summation order may depend on the thread count.
constexpr double change_norm_tolerance = 1e-12;

void same_result_for_any_thread_count(const KernelInfo &k) {
    if (k.threading == "blas") { // BLAS threads follow their own rules: tests/test_blas.cpp
        SUCCEED("the per-call OpenMP thread count does not apply to " << k.name);
        return;
    }
    // Odd extents, so the blocks of rows or columns of the threads differ in size; and grids
    // with fewer interior rows or columns than threads. Teams of 3 even on 2 processors.
    const test::OpenMPDefaultAtLeast three(3);
    for (const auto &[nx, ny] : {std::pair{61, 47}, std::pair{4, 40}, std::pair{40, 4}}) {
        Problem one = test::layout_probe(nx, ny);
        const double change_one = sweeps(k.name, one, 1);
        for (int threads : {2, 3, 0}) {
            INFO(nx << " x " << ny << ", " << threads << " threads (0: the OpenMP default)");
            Problem p = test::layout_probe(nx, ny);
            const double change = sweeps(k.name, p, threads);
            CHECK(same_bytes(p.u, one.u));
            CHECK(relative_difference(change, change_one) <= change_norm_tolerance);
        }
    }
    // A solve too, to a tolerance: the same sweeps, the same u.
    Problem a = test::layout_probe(61, 47), b = test::layout_probe(61, 47);
    const auto ra = laplace::solve(k.name, a.u.data(), a.nx, a.ny, a.dx, a.dy, {100, 1e-6, 1});
    const auto rb = laplace::solve(k.name, b.u.data(), b.nx, b.ny, b.dx, b.dy, {100, 1e-6, 2});
    CHECK(ra.iterations == rb.iterations);
    CHECK(same_bytes(a.u, b.u));
}
PER_KERNEL_TEST_CASE("the same u with 1, 2 and 3 threads, bitwise", "[threads]",
                     same_result_for_any_thread_count);

// Threads of this process, from /proc/self/status (Linux).
int process_threads() {
    std::ifstream in("/proc/self/status");
    std::string key;
    while (in >> key) {
        if (key == "Threads:") {
            int n = 0;
            in >> n;
            return n;
        }
        std::getline(in, key);
    }
    return -1;
}

void no_oversubscription_in_a_parallel_region(const KernelInfo &k) {
    if (k.threading == "blas") { // BLAS threads follow their own rules: tests/test_blas.cpp
        SUCCEED("the per-call OpenMP thread count does not apply to " << k.name);
        return;
    }
    const int sweeps_each = 20;
    Problem reference = test::layout_probe(201, 151);
    sweeps(k.name, reference, 1, sweeps_each);
    std::vector<Problem> mine(2, test::layout_probe(201, 151));
    // With nested parallelism allowed, a kernel that opened its own team of 2 inside each of the
    // 2 caller threads would run 2 more threads while it sweeps. It must run on its caller's
    // thread alone. A watcher thread samples the process's thread count during the caller's
    // region, and the same region doing plain work is the control: other libraries keep thread
    // pools of their own (OpenBLAS does), so only the difference says what the kernel added.
    const int levels = omp_get_max_active_levels();
    omp_set_max_active_levels(2);
    // The watcher has sampled before the region starts and samples once more after it ends
    // (idle OpenMP workers stay alive, so that sample still counts a team the region made): a
    // short region cannot slip between two samples.
    auto most_threads_during = [](auto &&region) {
        std::atomic<bool> done{false};
        std::atomic<int> most{0};
        std::atomic<long> samples{0};
        std::thread watcher([&] {
            while (!done.load()) {
                most = std::max(most.load(), process_threads());
                ++samples;
            }
        });
        while (samples.load() == 0) {
            std::this_thread::yield();
        }
        region();
        const long after = samples.load();
        while (samples.load() < after + 2) {
            std::this_thread::yield();
        }
        done = true;
        watcher.join();
        return most.load();
    };
    int team = 0;
    const int with_kernel = most_threads_during([&] {
#pragma omp parallel num_threads(2)
        {
#pragma omp single
            team = omp_get_num_threads();
            sweeps(k.name, mine[std::size_t(omp_get_thread_num())], 2, sweeps_each);
        }
    });
    std::atomic<double> sink{0};
    const int control = most_threads_during([&] {
#pragma omp parallel num_threads(2)
        {
            double x = 0;
            for (int n = 0; n < 2000000; ++n) {
                x += std::sqrt(double(n));
            }
            sink = sink + x;
        }
    });
    omp_set_max_active_levels(levels);
    INFO("most threads of the process: " << with_kernel << " with the kernel, " << control
                                         << " in the same region doing plain work");
    REQUIRE(team == 2);
    REQUIRE(control >= 3); // this thread, the caller's second thread, the watcher: it measured
    CHECK(with_kernel <= control);
    CHECK(same_bytes(mine[0].u, reference.u));
    CHECK(same_bytes(mine[1].u, reference.u));
}
PER_KERNEL_TEST_CASE("inside a caller's parallel region a kernel adds no threads", "[threads]",
                     no_oversubscription_in_a_parallel_region);

// The limit on thread counts (laplace.h, laplace_options): the processors, or the OpenMP default
// if that is larger.
int thread_limit() {
    return std::max(omp_get_num_procs(), omp_get_max_threads());
}

// Regression: a count was handed to OpenMP as given, so tens of thousands of threads were asked
// for (the process died when the runtime could not make them) and 64 were made on 2 cores.
// Counts beyond the limit now run on the limit, with the same bits, and a solver reports it.
void huge_thread_counts(const KernelInfo &k) {
    Problem one = test::layout_probe(61, 47);
    sweeps(k.name, one, 1);
    const int before = process_threads();
    const int expected = k.threading == "openmp" ? thread_limit() : 1;
    for (const int threads : {64, 100000, std::numeric_limits<int>::max()}) {
        INFO(threads << " threads asked for, limit " << thread_limit());
        Problem p = test::layout_probe(61, 47);
        CHECK_NOTHROW(sweeps(k.name, p, threads));
        CHECK(same_bytes(p.u, one.u));
        CHECK(process_threads() <= before + thread_limit());
        laplace::SolverOptions o;
        o.kernel = k.name;
        o.threads = threads;
        o.max_iter = 2;
        const laplace::SolveReport r =
            laplace::Solver("iterate", o).solve(p.u.data(), nullptr, p.nx, p.ny, p.dx, p.dy);
        CHECK(r.threads == expected);
    }
}
PER_KERNEL_TEST_CASE("a thread count beyond the processors runs on the limit", "[threads]",
                     huge_thread_counts);

} // namespace

TEST_CASE("omp-wavefront has the iterates of cpp-loop and f77-loop", "[omp][iterates]") {
    // Non-square, dx != dy; extents around the band height (8 rows) and the column blocks of
    // the threads, down to 1 interior row or column.
    const int extents[][2] = {{3, 3}, {4, 11}, {12, 5}, {10, 10}, {19, 13}, {37, 29}, {61, 47}};
    for (const auto &[nx, ny] : extents) {
        Problem loop = test::layout_probe(nx, ny), f77 = test::layout_probe(nx, ny);
        const double change_loop = sweeps("cpp-loop", loop, 1);
        sweeps("f77-loop", f77, 1);
        for (int threads : {1, 2, 3, 5}) {
            INFO(nx << " x " << ny << ", " << threads << " threads");
            Problem p = test::layout_probe(nx, ny);
            const double change = sweeps("omp-wavefront", p, threads);
            CHECK(test::relative_distance(p.u, loop.u) <= test::same_scheme_tolerance);
            CHECK(test::relative_distance(p.u, f77.u) <= test::same_scheme_tolerance);
            CHECK(std::abs(change - change_loop) <= test::same_scheme_tolerance * change_loop);
#if defined(__GNUC__) && !defined(__clang__)
            // The same operations in the same order, and omp-wavefront writes out the one
            // multiply-add GCC forms in cpp-loop: with GCC, the same bits. (Another compiler may
            // contract cpp-loop differently; the tolerance above is the requirement.)
            CHECK(same_bytes(p.u, loop.u));
#endif
        }
    }
}

namespace {

// A value for the grids near underflow: +-0 one time in 8, otherwise a random sign and a
// magnitude from the subnormal range (random bits, 2^-1074 .. 2^-1022) up to about 2^-890.
double near_underflow(std::mt19937_64 &random) {
    const std::uint64_t r = random();
    if (r % 8 == 0) {
        return r % 16 == 0 ? 0.0 : -0.0;
    }
    const int exponent = -1074 + int(random() % 185);
    double magnitude;
    if (exponent < -1022) {
        const std::uint64_t fraction = (random() & ((std::uint64_t(1) << 52) - 1)) >> (r % 52);
        std::memcpy(&magnitude, &fraction, sizeof magnitude);
    } else {
        magnitude = std::ldexp(1.0 + std::ldexp(double(random() >> 12), -52), exponent);
    }
    return (r >> 63) != 0 ? -magnitude : magnitude;
}

} // namespace

// omp-wavefront updates values near underflow in arithmetic scaled by 2^1074 (no multiply on a
// subnormal value, each of which costs a microcode assist), and must still give cpp-loop's bits:
// random values from the subnormal range up, of both signs and with zeros of both signs (so
// sums cancel, and results round to the subnormal grid, to zero and across 2^-1022), and the
// study's problem scaled into that range, on spacings where the scaled arithmetic is used and
// one where it cannot be (dx^2 = 2^-80) and the hardware does it all.
TEST_CASE("omp-wavefront has cpp-loop's bits near underflow", "[omp][iterates]") {
    struct Case {
        int nx, ny;
        double dx, dy;
        bool random_interior;
    };
    const Case cases[] = {{48, 70, 1.0 / 69, 1.0 / 69, true},
                          {37, 101, 0.013, 0.021, true},
                          {29, 45, 0x1p-40, 0.5, true},
                          {64, 64, 1.0 / 63, 1.0 / 63, false}};
    std::mt19937_64 random(20261202);
    for (const Case &c : cases) {
        Problem start{c.nx, c.ny, c.dx, c.dy, std::vector<double>(std::size_t(c.nx) * c.ny)};
        for (int i = 0; i < c.nx; ++i) {
            for (int j = 0; j < c.ny; ++j) {
                const bool boundary = i == 0 || j == 0 || i == c.nx - 1 || j == c.ny - 1;
                const double x = i * c.dx, y = j * c.dy;
                start.u[std::size_t(i) * c.ny + j] = c.random_interior ? near_underflow(random)
                                                     : boundary ? std::ldexp(x * x - y * y, -1000)
                                                                : 0.0;
            }
        }
        Problem loop = start;
        const double change_loop = sweeps("cpp-loop", loop, 1, 4);
        for (int threads : {1, 2}) {
            INFO(c.nx << " x " << c.ny << ", dx " << c.dx << ", dy " << c.dy << ", " << threads
                      << " threads");
            Problem p = start;
            const double change = sweeps("omp-wavefront", p, threads, 4);
            CHECK(test::relative_distance(p.u, loop.u) <= test::same_scheme_tolerance);
            CHECK(std::abs(change - change_loop) <= test::same_scheme_tolerance * change_loop);
#if defined(__GNUC__) && !defined(__clang__)
            CHECK(same_bytes(p.u, loop.u));
#endif
        }
    }
}

TEST_CASE("omp-sor with a given omega matches red-black SOR written out", "[omp][iterates]") {
    for (double omega : {0.6, 1.0, 1.5, 1.95}) {
        INFO("omega = " << omega);
        Problem p = test::layout_probe(), ref = test::layout_probe();
        for (int s = 0; s < 5; ++s) {
            const double change =
                laplace::sweep("omp-sor", p.u.data(), p.nx, p.ny, p.dx, p.dy, {2, omega});
            const double expected = test::oracle_red_black(ref, omega);
            CHECK(relative_difference(change, expected) <= test::same_scheme_tolerance);
        }
        CHECK(test::relative_distance(p.u, ref.u) <= test::same_scheme_tolerance);
    }
}

namespace {

// Sweeps of `kernel` (with `omega`) to a change norm of 1e-10 relative to the data on the
// 65 x 49 grid with boundary x^2 - y^2 (dx != dy).
laplace::SolveResult solve_harmonic(const char *kernel, double omega = 0.0) {
    laplace::Grid grid(65, 49, -0.3, 1.1, 0.2, 0.8);
    grid.set_boundary(test::harmonic);
    const double scale = test::max_abs(std::vector<double>(grid.data(), grid.data() + grid.size()));
    return laplace::solve(kernel, grid, {1000000, 1e-10 * scale, 0, omega});
}

} // namespace

TEST_CASE("omp-sor needs far fewer sweeps than omp-redblack", "[omp][sor]") {
    const laplace::SolveResult sor = solve_harmonic("omp-sor");
    const laplace::SolveResult red_black = solve_harmonic("omp-redblack");
    INFO("sweeps: omp-sor " << sor.iterations << ", omp-redblack " << red_black.iterations);
    REQUIRE(sor.converged);
    REQUIRE(red_black.converged);
    // O(n) against O(n^2) sweeps: on this grid, more than 10 times fewer.
    CHECK(sor.iterations * 10 < red_black.iterations);
}

TEST_CASE("the default omega is the optimal one for a rectangular grid", "[omp][sor]") {
    // The derived factor beats nearby factors on both sides (the sweep counts are
    // deterministic): the rectangular formula is right, not only the square-grid one.
    laplace::Grid grid(65, 49, -0.3, 1.1, 0.2, 0.8);
    const Problem p{grid.nx(), grid.ny(), grid.dx(), grid.dy(), {}};
    const double best = test::optimal_omega(p);
    const int at_best = solve_harmonic("omp-sor", best).iterations;
    INFO("omega " << best << ": " << at_best << " sweeps");
    CHECK(solve_harmonic("omp-sor").iterations == at_best);
    for (double other : {best - 0.1, best - 0.03, best + 0.01, best + 0.03}) {
        const int sweeps_other = solve_harmonic("omp-sor", other).iterations;
        INFO("omega " << other << ": " << sweeps_other << " sweeps");
        CHECK(at_best < sweeps_other);
    }
}
