// The method "multigrid" against independent oracles: the exact cubic on every extent the issue
// names, dense elimination and blas-fdm, convergence factors measured cycle by cycle, FMG
// against the discretisation error of a smooth problem, every kernel as the smoother, bitwise
// results for any thread count, setups reused, and its bad input. (The per-method tests in
// test_solver.cpp cover multigrid too: layouts, scale, four solvers at once.)
#include "per_kernel.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

using laplace::Cycle;
using laplace::Solver;
using laplace::SolveReport;
using laplace::SolverOptions;
using test::Problem;

SolveReport solve(const SolverOptions &o, Problem &p) {
    Solver s("multigrid", o);
    return s.solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
}

// The residual 2-norm after each of `cycles` cycles from p (f = 0 and zero boundary, a random
// interior: every error mode present), measured by the test's own residual.
std::vector<double> residual_history(const SolverOptions &base, const Problem &p, int cycles) {
    std::vector<double> history;
    Problem q = p;
    SolverOptions o = base;
    o.rtol = 0.0;
    o.max_iter = 1;
    Solver s("multigrid", o);
    history.push_back(test::oracle_residual(q).two);
    for (int c = 0; c < cycles; ++c) {
        s.solve(q.u.data(), q.rhs(), q.nx, q.ny, q.dx, q.dy);
        history.push_back(test::oracle_residual(q).two);
    }
    return history;
}

Problem random_interior(int nx, int ny, double dx, double dy, unsigned seed) {
    Problem p{nx, ny, dx, dy, std::vector<double>(std::size_t(nx) * ny, 0.0)};
    std::mt19937 gen(seed);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    for (int i = 1; i < nx - 1; ++i) {
        for (int j = 1; j < ny - 1; ++j) {
            p.u[std::size_t(i) * ny + j] = value(gen);
        }
    }
    return p;
}

// The worst reduction of the residual by one cycle, over cycles 2..n (the first one removes the
// rough part of a random start faster than the asymptotic rate).
double worst_factor(const std::vector<double> &history) {
    double worst = 0.0;
    for (std::size_t c = 2; c < history.size(); ++c) {
        if (history[c - 1] > 1e-13 * history[0]) {
            worst = std::max(worst, history[c] / history[c - 1]);
        }
    }
    return worst;
}

} // namespace

TEST_CASE("multigrid: residual reduction per V(2,1) cycle", "[multigrid]") {
    const SolverOptions o; // V(2,1), omp-redblack
    SECTION("square grids: <= 0.1") {
        for (const int n : {65, 257}) {
            INFO(n << " x " << n);
            const Problem p = random_interior(n, n, 1.0 / (n - 1), 1.0 / (n - 1), 7);
            const double factor = worst_factor(residual_history(o, p, 8));
            INFO("factor " << factor);
            CHECK(factor <= 0.1);
            CHECK(factor > 0.0);
        }
    }
    SECTION("dx/dy = 1/64 and 64: <= 0.2 (semicoarsening)") {
        for (const double ratio : {1.0 / 64, 64.0}) {
            INFO("dx/dy = " << ratio);
            const Problem p = random_interior(129, 129, ratio / 128, 1.0 / 128, 11);
            const double factor = worst_factor(residual_history(o, p, 8));
            INFO("factor " << factor);
            CHECK(factor <= 0.2);
        }
    }
    SECTION("a non-nested hierarchy (even extents): <= 0.15") {
        // Coarse grids that are not nested in the fine ones: interpolation between them is
        // less accurate than injection of every other point, and the factor a little larger.
        const Problem p = random_interior(100, 130, 0.01, 0.01, 5);
        const double factor = worst_factor(residual_history(o, p, 8));
        INFO("factor " << factor);
        CHECK(factor <= 0.15);
    }
}

TEST_CASE("multigrid: the exact cubic on every extent, in a counted number of cycles",
          "[multigrid][exact]") {
    // Thin grids are the coarsest level themselves: one exact solve.
    const struct {
        int nx, ny, most_cycles;
    } cases[] = {{3, 3, 1},    {4, 4, 1},      {5, 1000, 1},     {100, 3, 1},  {1000, 7, 1},
                 {37, 91, 12}, {513, 513, 12}, {1000, 1000, 12}, {12, 200, 12}};
    for (const auto &c : cases) {
        INFO(c.nx << " x " << c.ny);
        Problem p = test::poisson_cubic(c.nx, c.ny);
        const std::vector<double> exact = test::poisson_cubic_exact(p);
        SolverOptions o;
        o.rtol = 1e-10;
        const SolveReport r = solve(o, p);
        CHECK(r.converged);
        CHECK(r.iterations <= c.most_cycles);
        CHECK(r.relative_residual <= 1e-10);
        // rtol 1e-10 on the residual leaves an error of up to cond(A)*1e-10 relative, cond(A)
        // ~ 4e5 for 1000 points along an axis; the thin grids, solved directly, have rounding
        // amplified by the same condition number.
        CHECK(test::relative_distance(p.u, exact) <= (c.most_cycles == 1 ? 1e-9 : 1e-6));
    }
}

TEST_CASE("multigrid agrees with dense elimination and with blas-fdm", "[multigrid]") {
    SECTION("dense elimination, 23 x 17, f with no symmetry") {
        Problem p = test::layout_probe(23, 17);
        p.f.resize(p.u.size());
        for (std::size_t k = 0; k < p.f.size(); ++k) {
            p.f[k] = std::sin(0.37 * double(k));
        }
        Problem reference = p;
        test::oracle_direct(reference);
        SolverOptions o;
        o.rtol = 1e-13;
        CHECK(solve(o, p).converged);
        CHECK(test::relative_distance(p.u, reference.u) <= 1e-11);
    }
    if (laplace_method_index("blas-fdm") >= 0) {
        SECTION("blas-fdm, 129 x 97") {
            Problem p = test::layout_probe(129, 97);
            Problem reference = p;
            SolverOptions o;
            o.rtol = 1e-12;
            CHECK(solve(o, p).converged);
            Solver("blas-fdm").solve(reference.u.data(), nullptr, p.nx, p.ny, p.dx, p.dy);
            CHECK(test::relative_distance(p.u, reference.u) <= 1e-9);
        }
    }
}

void smooths_to_the_cubic(const laplace::KernelInfo &k) {
    for (const auto &[nx, ny] : {std::pair{33, 33}, std::pair{37, 91}}) {
        INFO(k.name << ", " << nx << " x " << ny);
        Problem p = test::poisson_cubic(nx, ny);
        const std::vector<double> exact = test::poisson_cubic_exact(p);
        SolverOptions o;
        o.kernel = k.name;
        o.rtol = 1e-10;
        o.max_iter = 60;
        const SolveReport r = solve(o, p);
        CHECK(r.reason == laplace::StopReason::rtol);
        CHECK(test::relative_distance(p.u, exact) <= 1e-8);
    }
}
PER_KERNEL_TEST_CASE("multigrid with this kernel as the smoother reaches the exact cubic",
                     "[multigrid][exact]", smooths_to_the_cubic);

TEST_CASE("multigrid: W, F and FMG cycles converge, in no more cycles than V", "[multigrid]") {
    Problem p0 = test::poisson_cubic(129, 129);
    const std::vector<double> exact = test::poisson_cubic_exact(p0);
    SolverOptions o;
    o.rtol = 1e-10;
    Problem v = p0;
    const int v_cycles = solve(o, v).iterations;
    for (const Cycle c : {Cycle::w, Cycle::f, Cycle::fmg}) {
        INFO("cycle " << int(c));
        Problem p = p0;
        o.cycle = c;
        const SolveReport r = solve(o, p);
        CHECK(r.converged);
        CHECK(r.iterations <= v_cycles);
        CHECK(test::relative_distance(p.u, exact) <= 1e-8);
    }
    // Other smoothing counts.
    o.cycle = Cycle::v;
    o.pre_smooth = 1;
    o.post_smooth = 1;
    Problem p = p0;
    CHECK(solve(o, p).converged);
    CHECK(test::relative_distance(p.u, exact) <= 1e-8);
}

TEST_CASE("multigrid: one FMG cycle reaches the discretisation error", "[multigrid]") {
    // u = e^x sin(y) is harmonic; the 5-point scheme's solution differs from it by O(h^2).
    const auto smooth = [](double x, double y) { return std::exp(x) * std::sin(y); };
    for (const int n : {65, 257}) {
        INFO(n << " x " << n);
        laplace::Grid g(n, n, 0.0, 1.0, 0.0, 1.0);
        g.set_boundary(smooth);
        Problem p{g.nx(), g.ny(), g.dx(), g.dy(),
                  std::vector<double>(g.data(), g.data() + g.size())};
        const auto error = [&](const Problem &q) {
            double e = 0.0;
            for (int i = 0; i < n; ++i) {
                for (int j = 0; j < n; ++j) {
                    e = std::max(e, std::abs(q.u[std::size_t(i) * n + j] - smooth(g.x(i), g.y(j))));
                }
            }
            return e;
        };
        Problem discrete = p;
        SolverOptions o;
        o.rtol = 1e-13;
        solve(o, discrete);
        const double e_discrete = error(discrete);
        o.rtol = 0.0;
        o.max_iter = 1;
        Problem v = p;
        solve(o, v);
        o.cycle = Cycle::fmg;
        Problem fmg = p;
        solve(o, fmg);
        INFO("discretisation error " << e_discrete << ", one FMG cycle " << error(fmg)
                                     << ", one V cycle " << error(v));
        CHECK(error(fmg) <= 1.2 * e_discrete); // within 20% of the discretisation error
        CHECK(error(v) > 10 * e_discrete);     // one V cycle from a zero interior does not
    }
}

TEST_CASE("multigrid: bitwise the same u for any thread count and for a reused setup",
          "[multigrid][threads]") {
#if LAPLACE_TEST_OPENMP
    const test::OpenMPDefaultAtLeast enough(3);
#endif
    for (const Cycle c : {Cycle::v, Cycle::w, Cycle::f, Cycle::fmg}) {
        INFO("cycle " << int(c));
        const Problem p0 = test::layout_probe(301, 203);
        SolverOptions o;
        o.cycle = c;
        o.max_iter = 3;
        o.rtol = 0.0;
        o.threads = 1;
        Problem serial = p0;
        Solver s("multigrid", o);
        s.solve(serial.u.data(), nullptr, p0.nx, p0.ny, p0.dx, p0.dy);
        // The same setup again, from the same start.
        Problem again = p0;
        s.solve(again.u.data(), nullptr, p0.nx, p0.ny, p0.dx, p0.dy);
        CHECK(test::same_bytes(again.u, serial.u));
        for (const int threads : {2, 3}) {
            INFO(threads << " threads");
            o.threads = threads;
            Problem q = p0;
            const SolveReport r = solve(o, q);
#if LAPLACE_TEST_OPENMP
            CHECK(r.threads == threads);
#else
            CHECK(r.threads == 1);
#endif
            CHECK(test::same_bytes(q.u, serial.u));
        }
    }
}

TEST_CASE("multigrid: bad cycles and smoothers are rejected, the solver unchanged",
          "[multigrid][errors]") {
    laplace_solver *s = nullptr;
    REQUIRE(laplace_solver_create("multigrid", &s) == LAPLACE_OK);
    const auto rejects = [&](int status, const char *says, int got) {
        INFO(says);
        CHECK(got == status);
        CHECK_THAT(laplace_last_error(), Catch::Contains(says));
    };
    rejects(LAPLACE_ERROR_BAD_CYCLE, "cycle = 0", laplace_solver_set_cycle(s, 0, 2, 1));
    rejects(LAPLACE_ERROR_BAD_CYCLE, "cycle = 5", laplace_solver_set_cycle(s, 5, 2, 1));
    rejects(LAPLACE_ERROR_BAD_CYCLE, "pre_smooth = -1",
            laplace_solver_set_cycle(s, LAPLACE_CYCLE_V, -1, 1));
    rejects(LAPLACE_ERROR_BAD_CYCLE, "post_smooth = 65",
            laplace_solver_set_cycle(s, LAPLACE_CYCLE_V, 1, 65));
    rejects(LAPLACE_ERROR_BAD_CYCLE, "does not converge",
            laplace_solver_set_cycle(s, LAPLACE_CYCLE_W, 0, 0));
    rejects(LAPLACE_ERROR_NULL_POINTER, "solver is NULL",
            laplace_solver_set_cycle(nullptr, LAPLACE_CYCLE_V, 2, 1));
    REQUIRE(laplace_solver_set_kernel(s, "f90-arrays") == LAPLACE_OK);
    rejects(LAPLACE_ERROR_BAD_OMEGA, "smooths only when damped", laplace_solver_set_weight(s, 1.0));
    rejects(LAPLACE_ERROR_BAD_OMEGA, "smooths only when damped", laplace_solver_set_weight(s, 1.5));
    REQUIRE(laplace_solver_set_weight(s, 0.6) == LAPLACE_OK);
    REQUIRE(laplace_solver_set_weight(s, 0.0) == LAPLACE_OK);
    REQUIRE(laplace_solver_set_kernel(s, nullptr) == LAPLACE_OK);

    // The rejected calls changed nothing: the same cycles as a fresh V(2,1) solver.
    Problem p = test::poisson_cubic(65, 49);
    Problem fresh = p;
    REQUIRE(laplace_solver_solve(s, p.u.data(), p.f.data(), p.nx, p.ny, p.dx, p.dy) == LAPLACE_OK);
    const SolveReport r = solve(SolverOptions{}, fresh);
    CHECK(test::same_bytes(p.u, fresh.u));
    const long long bytes = laplace_solver_memory_bytes(s);
    CHECK(bytes > 0);
    REQUIRE(laplace_solver_solve(s, p.u.data(), p.f.data(), p.nx, p.ny, p.dx, p.dy) == LAPLACE_OK);
    CHECK(laplace_solver_memory_bytes(s) == bytes); // nothing allocated by a solve
    CHECK(r.iterations > 1);
    laplace_solver_destroy(s);

    // Methods without cycles.
    REQUIRE(laplace_solver_create("iterate", &s) == LAPLACE_OK);
    rejects(LAPLACE_ERROR_BAD_CYCLE, "method 'iterate' has no cycle",
            laplace_solver_set_cycle(s, LAPLACE_CYCLE_V, 2, 1));
    laplace_solver_destroy(s);
    SolverOptions o;
    o.cycle = Cycle::w;
    CHECK_THROWS_AS(Solver("iterate", o), laplace::Error);
    CHECK(laplace_method_takes_cycle(laplace_method_index("multigrid")) == 1);
    CHECK(laplace_method_takes_cycle(laplace_method_index("iterate")) == 0);
    CHECK(laplace::method("multigrid").takes_cycle);
}

TEST_CASE("multigrid-cg: conjugate gradients preconditioned by a cycle reach the exact cubic",
          "[multigrid]") {
    for (const auto &[nx, ny] : {std::pair{129, 129}, std::pair{100, 130}, std::pair{37, 91}}) {
        INFO(nx << " x " << ny);
        Problem p = test::poisson_cubic(nx, ny);
        Problem mg = p;
        const std::vector<double> exact = test::poisson_cubic_exact(p);
        SolverOptions o;
        o.rtol = 1e-10;
        const SolveReport r =
            Solver("multigrid-cg", o).solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
        const SolveReport plain = solve(o, mg);
        CHECK(r.reason == laplace::StopReason::rtol);
        CHECK(r.iterations <= plain.iterations); // each step costs one cycle and one product more
        CHECK(test::relative_distance(p.u, exact) <= 1e-8);
        // The reported residual is the residual of what it returned (CG updates its own
        // residual; the driver's is computed from u), to 1e-4 of the tolerance's scale.
        CHECK(std::abs(r.residual - test::oracle_residual(p).two) <=
              1e-4 * o.rtol * r.residual_initial);
    }
}

TEST_CASE("multigrid: spacings 400 orders of magnitude apart give a finite solve",
          "[multigrid][errors]") {
    // dx/dy = 1e-400: the scaled dx is 0 (validation.hpp), and the level weights must not
    // divide by it (found by the fuzz target: NaN in cycle 1).
    Problem p = test::layout_probe(42, 46);
    p.dx = 1e-100;
    p.dy = 1e300;
    for (const Cycle c : {Cycle::v, Cycle::w, Cycle::fmg}) {
        INFO("cycle " << int(c));
        Problem q = p;
        SolverOptions o;
        o.cycle = c;
        o.rtol = 1e-8;
        o.max_iter = 60;
        const SolveReport r = solve(o, q);
        CHECK(r.converged);
        CHECK(std::all_of(q.u.begin(), q.u.end(), [](double v) { return std::isfinite(v); }));
    }
}
