// The BLAS section: "blas-fdm" against independent oracles, concurrent solves, the BLAS thread
// policy and its interfaces. Built in every configuration: without BLAS (LAPLACE_WITH_BLAS=OFF)
// it checks that "blas-fdm" is absent and that the BLAS queries say so.
// (The per-method tests in test_solver.cpp cover blas-fdm too: f, scale, layouts, threads.)
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <barrier>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>

#if LAPLACE_TEST_OPENMP
#include <omp.h>
#endif
#if LAPLACE_TEST_OPENBLAS
#include <cblas.h>
#endif

namespace {

#if LAPLACE_TEST_WITH_BLAS

// max |u - (x^2 - y^2)| / max |x^2 - y^2| after one blas-fdm sweep from a zero interior.
double error_against_harmonic(int nx, int ny) {
    laplace::Grid grid(nx, ny, -0.3, 1.1, 0.2, 0.8);
    grid.set_boundary(test::harmonic);
    laplace::Solver("blas-fdm").solve(grid);
    double error = 0, scale = 0;
    for (int i = 0; i < nx; ++i) {
        for (int j = 0; j < ny; ++j) {
            const double exact = test::harmonic(grid.x(i), grid.y(j));
            error = std::max(error, std::abs(grid(i, j) - exact));
            scale = std::max(scale, std::abs(exact));
        }
    }
    return error / scale;
}

// Spectral radius of the Jacobi iteration on the grid of p (the square of it is that of
// Gauss-Seidel).
double jacobi_radius(const test::Problem &p) {
    const double dx2 = p.dx * p.dx, dy2 = p.dy * p.dy;
    return (dy2 * std::cos(std::numbers::pi / (p.nx - 1)) +
            dx2 * std::cos(std::numbers::pi / (p.ny - 1))) /
           (dx2 + dy2);
}

test::Problem solved(test::Problem p) {
    laplace::Solver("blas-fdm").solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
    return p;
}

TEST_CASE("blas-fdm is in the method table as a direct method", "[blas]") {
    const laplace::MethodInfo m = laplace::method("blas-fdm");
    CHECK(m.kind == "direct");
    CHECK_FALSE(m.takes_kernel);
    CHECK(laplace_kernel_index("blas-fdm") == -1); // no longer a kernel
    CHECK(laplace::blas_available());
}

TEST_CASE("blas-fdm gives x^2 - y^2 to 1e-12 relative in one solve", "[blas]") {
    for (const auto &[nx, ny] : {std::pair{3, 3}, {3, 17}, {40, 3}, {101, 67}, {257, 129}}) {
        INFO(nx << " x " << ny);
        CHECK(error_against_harmonic(nx, ny) <= 1e-12);
    }
}

TEST_CASE("blas-fdm agrees with a converged Gauss-Seidel solve on a non-square grid", "[blas]") {
    // 41 x 23, dx != dy, a boundary with no symmetry, a non-constant initial interior.
    const test::Problem start = test::layout_probe(41, 23);
    const test::Problem direct = solved(start);
    const double scale = test::max_abs(direct.u);

    // Gauss-Seidel stopped at change <= tol is within about tol * rho/(1 - rho) of the
    // discrete solution (rho: the Gauss-Seidel radius, 0.985 here, so about 66 tol).
    const double rho = std::pow(jacobi_radius(start), 2);
    const double tol = 1e-13 * scale;
    const double bound = 2 * tol * rho / (1 - rho) / scale; // relative to the data
    for (const char *iterative : {"cpp-loop", "f77-loop"}) {
        INFO(iterative);
        test::Problem gs = start;
        const laplace::SolveResult r =
            laplace::solve(iterative, gs.u.data(), gs.nx, gs.ny, gs.dx, gs.dy, {1000000, tol});
        REQUIRE(r.converged);
        INFO("sweeps " << r.iterations << ", bound " << bound);
        CHECK(test::relative_distance(direct.u, gs.u) <= bound);
    }

    // The bound can fail: the same problem with the spacings on the wrong axes is far off.
    test::Problem swapped = start;
    std::swap(swapped.dx, swapped.dy);
    CHECK(test::relative_distance(solved(swapped).u, direct.u) > 1e6 * bound);
}

TEST_CASE("a blas-fdm plan larger than memory is a clear error, u untouched", "[blas]") {
    // A valid 4.8 MB grid whose 199998 x 199998 plan would take 320 GB.
    test::Problem p = test::layout_probe(200000, 3);
    const std::vector<double> before = p.u;
    laplace_solver *s = nullptr;
    REQUIRE(laplace_solver_create("blas-fdm", &s) == LAPLACE_OK);
    CHECK(laplace_solver_setup(s, p.nx, p.ny, p.dx, p.dy) == LAPLACE_ERROR_TOO_LARGE);
    CHECK_THAT(laplace_last_error(), Catch::Contains("199998 x 199998 eigenvector plan"));
    CHECK(laplace_solver_memory_bytes(s) == 0);
    CHECK(laplace_solver_solve(s, p.u.data(), nullptr, p.nx, p.ny, p.dx, p.dy) ==
          LAPLACE_ERROR_TOO_LARGE);
    CHECK(p.u == before);
    laplace_solver_destroy(s);
    CHECK_THROWS_AS(laplace::Solver("blas-fdm").solve(p.u.data(), nullptr, p.nx, p.ny, p.dx, p.dy),
                    laplace::Error);
}

TEST_CASE("blas-fdm keeps its plans, and they can be freed", "[blas]") {
    laplace::clear_blas_plans();
    CHECK(laplace::blas_plan_bytes() == 0);
    const test::Problem first = solved(test::layout_probe(19, 13));
    const long long expected = 8LL * (17 * 17 + 17 + 11 * 11 + 11);
    CHECK(laplace::blas_plan_bytes() == expected);
    const test::Problem again = solved(test::layout_probe(19, 13)); // from the cache
    CHECK(laplace::blas_plan_bytes() == expected);
    CHECK(again.u == first.u);
    laplace::clear_blas_plans();
    CHECK(laplace::blas_plan_bytes() == 0);
    CHECK(solved(test::layout_probe(19, 13)).u == first.u);
}

// The process's peak resident memory so far, in bytes.
long long peak_resident_bytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss * 1024LL;
}

// Regression: each of 8 threads setting up the same new shape at once built its own copy of the
// plan (8 times the memory at the peak), the first one to finish then being kept. Now the others
// wait for the one being built. An axis of 1448 interior points has a 16.8 MB plan.
TEST_CASE("8 threads setting up one new shape at once build its plan once", "[blas]") {
    constexpr int threads = 8, nx = 1450, ny = 5;
    constexpr double plan_bytes = 8.0 * (nx - 2) * (nx - 2);
    laplace::clear_blas_plans();
    std::vector<laplace_solver *> solvers(threads, nullptr);
    for (laplace_solver *&s : solvers) {
        REQUIRE(laplace_solver_create("blas-fdm", &s) == LAPLACE_OK);
    }
    std::vector<int> status(threads, -1);
    std::barrier start_together(threads);
    const long long before = peak_resident_bytes();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            start_together.arrive_and_wait();
            status[std::size_t(t)] =
                laplace_solver_setup(solvers[std::size_t(t)], nx, ny, 0.1, 0.2);
        });
    }
    for (std::thread &w : workers) {
        w.join();
    }
    const double grown = double(peak_resident_bytes() - before);
    INFO("peak grew by " << grown / plan_bytes << " plans");
    CHECK(grown < 2.5 * plan_bytes);
    CHECK(std::count(status.begin(), status.end(), LAPLACE_OK) == threads);
    CHECK(laplace::blas_plan_bytes() == 8LL * ((nx - 2) * (nx - 2) + (nx - 2) + 3 * 3 + 3));
    // A plan that cannot be had: every request, the waiting ones too, gets the error, and the
    // cache keeps nothing for it (a 320 GB plan, as in the test above).
    laplace::clear_blas_plans();
    std::barrier again(threads);
    workers.clear();
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            again.arrive_and_wait();
            status[std::size_t(t)] =
                laplace_solver_setup(solvers[std::size_t(t)], 200000, 3, 0.1, 0.2);
        });
    }
    for (std::thread &w : workers) {
        w.join();
    }
    CHECK(std::count(status.begin(), status.end(), LAPLACE_ERROR_TOO_LARGE) == threads);
    CHECK(laplace::blas_plan_bytes() == 0);
    for (laplace_solver *s : solvers) {
        laplace_solver_destroy(s);
    }
}

// Solves of `problems` from 2 threads at once, `rounds` each, starting together every round;
// returns each thread's results and the BLAS threads each solve ran with.
struct Concurrent {
    std::vector<std::vector<test::Problem>> results{2};
    std::vector<std::vector<int>> used{2};
};

std::size_t which_problem(int thread, int round) {
    return std::size_t(thread == 0 ? round % 2 : 2 - round % 2);
}

Concurrent solve_concurrently(const std::vector<test::Problem> &problems, int rounds) {
    Concurrent c;
    laplace::clear_blas_plans(); // the threads build the plans concurrently too
    std::barrier start_together(2);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back([&, t] {
            for (int r = 0; r < rounds; ++r) {
                start_together.arrive_and_wait(); // so that the solves overlap
                c.results[std::size_t(t)].push_back(solved(problems[which_problem(t, r)]));
                c.used[std::size_t(t)].push_back(laplace::blas_last_solve_threads());
            }
        });
    }
    for (std::thread &t : threads) {
        t.join();
    }
    return c;
}

TEST_CASE("concurrent blas-fdm solves from 2 threads equal serial ones", "[blas]") {
    // Two shapes, one shared by both threads (the same cached plan), one of each's own; large
    // enough that OpenBLAS would use several threads for them.
    const std::vector<test::Problem> problems = {
        test::layout_probe(201, 157), test::layout_probe(145, 230), test::layout_probe(201, 157)};
    constexpr int rounds = 20;

    SECTION("one BLAS thread everywhere: bitwise the serial results") {
        // Same thread count, same blocking, same rounding: any difference is a race (plan
        // cache, workspace, BLAS state).
        const bool control = laplace::blas_threads() > 0; // else: the BLAS's own choice
        if (control) {
            laplace::set_blas_threads(1);
        }
        std::vector<test::Problem> serial;
        for (const test::Problem &p : problems) {
            serial.push_back(solved(p));
        }
        const Concurrent c = solve_concurrently(problems, rounds);
        if (control) {
            laplace::set_blas_threads(0);
        }
        for (int t = 0; t < 2; ++t) {
            for (int r = 0; r < rounds; ++r) {
                INFO("thread " << t << ", round " << r);
                CHECK(c.results[std::size_t(t)][std::size_t(r)].u == serial[which_problem(t, r)].u);
            }
        }
    }

    SECTION("the default: overlapping solves drop to one BLAS thread, same answers") {
        std::vector<test::Problem> serial;
        for (const test::Problem &p : problems) {
            serial.push_back(solved(p));
            CHECK(laplace::blas_last_solve_threads() == laplace::blas_threads());
        }
        const Concurrent c = solve_concurrently(problems, rounds);
        for (int t = 0; t < 2; ++t) {
            for (int r = 0; r < rounds; ++r) {
                const std::vector<double> &u = c.results[std::size_t(t)][std::size_t(r)].u;
                const std::vector<double> &reference = serial[which_problem(t, r)].u;
                INFO("thread " << t << ", round " << r << ", BLAS threads "
                               << c.used[std::size_t(t)][std::size_t(r)] << ", distance "
                               << test::relative_distance(u, reference));
                // Another thread count blocks the products differently: rounding only (about
                // 2e-15 here), far inside the same-scheme tolerance.
                CHECK(test::relative_distance(u, reference) <= test::same_scheme_tolerance);
            }
        }
        // The solves did overlap, and an overlapping solve ran on one BLAS thread (the one
        // that found the other already running, at least).
        int on_one_thread = 0;
        for (const std::vector<int> &used : c.used) {
            on_one_thread += int(std::count(used.begin(), used.end(), 1));
        }
        if (laplace::blas_threads() > 1) {
            CHECK(on_one_thread > 0);
        }
    }
}

#if LAPLACE_TEST_OPENMP
TEST_CASE("blas-fdm inside an OpenMP region uses one BLAS thread per solve", "[blas][omp]") {
    const test::Problem p = test::layout_probe(61, 37);
    const test::Problem serial = solved(p);
    std::vector<test::Problem> results(2);
    std::vector<int> used(2, -1);
#pragma omp parallel num_threads(2)
    {
        const int t = omp_get_thread_num();
        results[std::size_t(t)] = solved(p);
        used[std::size_t(t)] = laplace::blas_last_solve_threads();
    }
    for (int t = 0; t < 2; ++t) {
        INFO("OpenMP thread " << t);
        if (laplace::blas_threads() > 0) { // with thread control
            CHECK(used[std::size_t(t)] == 1);
        }
        CHECK(test::relative_distance(results[std::size_t(t)].u, serial.u) <=
              test::same_scheme_tolerance);
    }
    // Alone again: the requested count comes back.
    solved(p);
    CHECK(laplace::blas_last_solve_threads() == laplace::blas_threads());
}
#endif

TEST_CASE("BLAS thread control through the C ABI and the C++ facade", "[blas]") {
    const std::string info = laplace::blas_info();
    CHECK(info == laplace_blas_info());
    INFO("BLAS: " << info);
    if (laplace_blas_threads() == 0) { // a BLAS other than OpenBLAS: no thread control
        CHECK(laplace_blas_set_threads(1) == LAPLACE_ERROR_UNAVAILABLE);
        CHECK_THAT(laplace_last_error(), Catch::Contains("thread control is unavailable"));
        return;
    }
    CHECK_THAT(info, Catch::Contains("OpenBLAS"));
    const int by_default = laplace::blas_threads();
    CHECK(by_default >= 1);

    CHECK(laplace_blas_set_threads(-1) == LAPLACE_ERROR_BAD_THREADS);
    CHECK_THAT(laplace_last_error(), Catch::Contains("num_threads = -1"));
    CHECK(laplace::blas_threads() == by_default); // a rejected call changes nothing
    CHECK_THROWS_MATCHES(laplace::set_blas_threads(-3), laplace::Error,
                         Catch::Predicate<laplace::Error>([](const laplace::Error &e) {
                             return e.status() == LAPLACE_ERROR_BAD_THREADS;
                         }));

    const test::Problem p = test::layout_probe(61, 37);
    const test::Problem reference = solved(p);
    REQUIRE(laplace_blas_set_threads(1) == LAPLACE_OK);
    CHECK(std::string(laplace_last_error()).empty());
    CHECK(laplace::blas_threads() == 1);
    CHECK(test::relative_distance(solved(p).u, reference.u) <= test::same_scheme_tolerance);
    CHECK(laplace::blas_last_solve_threads() == 1);

    laplace::set_blas_threads(2);
    CHECK(laplace::blas_threads() == 2);
    CHECK(test::relative_distance(solved(p).u, reference.u) <= test::same_scheme_tolerance);
    CHECK(laplace::blas_last_solve_threads() == 2);

    laplace::set_blas_threads(0); // back to the default
    CHECK(laplace::blas_threads() == by_default);
}

#if LAPLACE_TEST_OPENBLAS
// Regression: laplace_blas_set_threads(100000) was kept as it was (OpenBLAS then capped it at
// its MAX_THREADS, 64 here, on 2 cores). Counts beyond the processors (or OpenBLAS's default, if
// larger) are reduced as OpenMP counts are.
TEST_CASE("a BLAS thread count beyond the processors is reduced to them", "[blas]") {
    if (laplace::blas_threads() == 0) {
        SUCCEED("no BLAS thread control in this build");
        return;
    }
    laplace::set_blas_threads(0);
    const int limit = std::max(int(std::thread::hardware_concurrency()), laplace::blas_threads());
    for (const int threads : {64, 100000, std::numeric_limits<int>::max()}) {
        INFO(threads << " BLAS threads asked for, limit " << limit);
        laplace::set_blas_threads(threads);
        CHECK(laplace::blas_threads() >= 1);
        CHECK(laplace::blas_threads() <= limit);
        const test::Problem p = solved(test::layout_probe(61, 37));
        CHECK(laplace::blas_last_solve_threads() <= limit);
    }
    laplace::set_blas_threads(0);
}

TEST_CASE("a solve restores its thread count after code outside changed OpenBLAS's", "[blas]") {
    const test::Problem p = test::layout_probe(201, 157);
    const int wanted = laplace::blas_threads();
    solved(p);
    REQUIRE(laplace::blas_last_solve_threads() == wanted);
    openblas_set_num_threads(wanted == 1 ? 2 : 1); // behind the library's back
    solved(p);
    CHECK(laplace::blas_last_solve_threads() == wanted);
    CHECK(openblas_get_num_threads() == wanted);
}
#endif

#else // built without BLAS

TEST_CASE("without BLAS, blas-fdm is absent and the BLAS queries say so", "[blas]") {
    CHECK(laplace_method_index("blas-fdm") == -1);
    CHECK_THROWS_AS(laplace::method("blas-fdm"), laplace::Error);
    CHECK_FALSE(laplace::blas_available());
    CHECK(laplace::blas_info() == "none");
    CHECK(laplace::blas_threads() == 0);
    CHECK(laplace_blas_set_threads(1) == LAPLACE_ERROR_UNAVAILABLE);
    CHECK_THAT(laplace_last_error(), Catch::Contains("LAPLACE_WITH_BLAS=OFF"));
    CHECK(laplace::blas_plan_bytes() == 0);
}

#endif

} // namespace
