// The solver layer: kernels with a right-hand side f and a weight, the residual, the methods with
// setup and solve, and the stopping rules of the one driver, each against an independent
// oracle (tests/support.hpp): textbook sweeps with f, the residual written out, dense Gaussian
// elimination, the cubic the 5-point scheme reproduces exactly, and replays of the iterates.
#include "per_kernel.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace {

using laplace::KernelInfo;
using laplace::MethodInfo;
using laplace::Solver;
using laplace::SolveReport;
using laplace::SolverOptions;
using laplace::StopReason;
using test::Problem;

// A right-hand side with no symmetry, of the size of the probe's values.
void add_rhs(Problem &p) {
    p.f.resize(p.u.size());
    for (int i = 0; i < p.nx; ++i) {
        for (int j = 0; j < p.ny; ++j) {
            p.f[std::size_t(i) * p.ny + j] = 3.0 * std::sin(1.7 * i - 0.9 * j) + 0.1 * i * j;
        }
    }
}

// Exactly `sweeps` sweeps of kernel k with p's f and weight, through a solver.
SolveReport run_sweeps(const std::string &kernel, Problem &p, int sweeps, int threads = 0) {
    SolverOptions o;
    o.kernel = kernel;
    o.weight = p.weight;
    o.threads = threads;
    o.max_iter = sweeps;
    o.rtol = 0.0;
    Solver s("iterate", o);
    return s.solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
}

// ---- Kernels with f and a weight ------------------------------------------------------------

void same_iterates_with_f(const KernelInfo &k) {
    const test::Oracle oracle = test::oracle_for(k.scheme);
    REQUIRE(oracle != nullptr);
    for (const auto &[nx, ny] : {std::pair{19, 13}, std::pair{37, 83}, std::pair{9, 30}}) {
        INFO(nx << " x " << ny);
        Problem mine = test::layout_probe(nx, ny);
        add_rhs(mine);
        Problem reference = mine;
        for (int s = 1; s <= 3; ++s) {
            INFO("sweep " << s);
            const SolveReport r = run_sweeps(k.name, mine, 1);
            CHECK(test::relative_difference(r.change, oracle(reference)) <=
                  test::same_scheme_tolerance);
        }
        CHECK(test::relative_distance(mine.u, reference.u) <= test::same_scheme_tolerance);
    }
}
PER_KERNEL_TEST_CASE("same iterates with f as the textbook sweep of its scheme", "[rhs]",
                     same_iterates_with_f);

// The tolerance above can fail: f ignored, or f with the wrong sign, misses by far more.
TEST_CASE("the f oracle's tolerance can fail", "[rhs]") {
    Problem with_f = test::layout_probe();
    add_rhs(with_f);
    Problem without = with_f;
    without.f.clear();
    Problem negated = with_f;
    for (double &v : negated.f) {
        v = -v;
    }
    test::oracle_gauss_seidel(with_f);
    test::oracle_gauss_seidel(without);
    test::oracle_gauss_seidel(negated);
    CHECK(test::relative_distance(without.u, with_f.u) > 1e-6);
    CHECK(test::relative_distance(negated.u, with_f.u) > 1e-6);
}

// The Gauss-Seidel kernels update in the same order with the same operations (update.hpp; the
// Fortran 77 loop contracted by gfortran into the same multiply-adds): the same bits with f, as
// without. (The f-free case is test_openmp.cpp's and test_kernels.cpp's.)
TEST_CASE("Gauss-Seidel kernels give the same bits with f", "[rhs][iterates]") {
    Problem reference = test::layout_probe(37, 83);
    add_rhs(reference);
    run_sweeps("cpp-loop", reference, 4);
    int compared = 0;
    for (const KernelInfo &k : laplace::kernels()) {
        if (k.scheme != "gauss-seidel") {
            continue;
        }
        INFO(k.name);
        for (const int threads : {1, 2}) {
            Problem p = test::layout_probe(37, 83);
            add_rhs(p);
            run_sweeps(k.name, p, 4, threads);
            CHECK(test::same_bytes(p.u, reference.u));
        }
        ++compared;
    }
    CHECK(compared >= 3);
}

// f = 0 given as an array takes the f path, and must give the f-free bits; and the solver route
// gives the bits of the study's laplace_solve.
void zero_f_gives_the_f_free_bits(const KernelInfo &k) {
    Problem study = test::layout_probe(23, 41);
    Problem zero = study;
    zero.f.assign(zero.u.size(), 0.0);
    Problem none = study;
    int iterations = 0;
    double change = 0;
    REQUIRE(laplace_solve(k.name.c_str(), study.u.data(), study.nx, study.ny, study.dx, study.dy, 3,
                          0.0, &iterations, &change) == LAPLACE_OK);
    run_sweeps(k.name, zero, 3);
    const SolveReport r = run_sweeps(k.name, none, 3);
    CHECK(test::same_bytes(zero.u, study.u));
    CHECK(test::same_bytes(none.u, study.u));
    CHECK(r.change == change);
}
PER_KERNEL_TEST_CASE("f = 0 gives the bits of the f-free sweep", "[rhs]",
                     zero_f_gives_the_f_free_bits);

void weight_as_the_scheme_defines_it(const KernelInfo &k) {
    const test::Oracle oracle = test::oracle_for(k.scheme);
    REQUIRE(oracle != nullptr);
    if (k.scheme == "jacobi" || k.scheme == "red-black-sor") {
        for (const double w : {0.6, 1.3}) {
            INFO("weight " << w);
            Problem mine = test::layout_probe(21, 35);
            add_rhs(mine);
            mine.weight = w;
            Problem reference = mine;
            const SolveReport r = run_sweeps(k.name, mine, 2);
            oracle(reference);
            const double change = oracle(reference);
            CHECK(test::relative_distance(mine.u, reference.u) <= test::same_scheme_tolerance);
            CHECK(test::relative_difference(r.change, change) <= test::same_scheme_tolerance);
        }
    } else {
        SolverOptions o;
        o.kernel = k.name;
        o.weight = 1.5;
        try {
            Solver s("iterate", o);
            FAIL("weight 1.5 accepted for a " << k.scheme << " kernel");
        } catch (const laplace::Error &e) {
            CHECK(e.status() == LAPLACE_ERROR_BAD_OMEGA);
            CHECK_THAT(e.what(), Catch::Contains("takes no weight"));
        }
    }
}
PER_KERNEL_TEST_CASE("a weight relaxes as its scheme defines", "[rhs][weight]",
                     weight_as_the_scheme_defines_it);

void same_bits_for_any_thread_count_with_f(const KernelInfo &k) {
    Problem one = test::layout_probe(150, 131);
    add_rhs(one);
    Problem reference = one;
    run_sweeps(k.name, reference, 3, 1);
    for (const int threads : {2, 3}) {
        Problem p = one;
        run_sweeps(k.name, p, 3, threads);
        CHECK(test::same_bytes(p.u, reference.u));
    }
}
PER_KERNEL_TEST_CASE("with f, the same bits for any thread count", "[rhs][threads]",
                     same_bits_for_any_thread_count_with_f);

// Every kernel driven by the residual rule converges to the exact discrete solution of a
// Poisson problem, on a non-square grid with dx != dy.
void converges_to_the_cubic(const KernelInfo &k) {
    Problem p = test::poisson_cubic(17, 11);
    const std::vector<double> exact = test::poisson_cubic_exact(p);
    SolverOptions o;
    o.kernel = k.name;
    o.rtol = 1e-12;
    o.max_iter = 200000;
    Solver s("iterate", o);
    const SolveReport r = s.solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
    CHECK(r.converged);
    CHECK(r.reason == StopReason::rtol);
    CHECK(r.relative_residual <= 1e-12);
    CHECK(test::relative_distance(p.u, exact) <= 1e-10);
}
PER_KERNEL_TEST_CASE("iterate converges to the exact cubic x^2 y + y^3 with f = 8y", "[rhs][exact]",
                     converges_to_the_cubic);

// ---- Methods ------------------------------------------------------------------------------

void method_solves_the_cubic(const MethodInfo &m) {
    for (const auto &[nx, ny] : {std::pair{23, 14}, std::pair{9, 40}}) {
        INFO(nx << " x " << ny);
        Problem p = test::poisson_cubic(nx, ny);
        const std::vector<double> exact = test::poisson_cubic_exact(p);
        SolverOptions o;
        o.rtol = 1e-12;
        Solver s(m.name, o);
        const SolveReport r = s.solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
        CHECK(r.converged);
        CHECK(test::relative_distance(p.u, exact) <= 1e-10);
        if (m.kind == "direct") {
            CHECK(r.iterations == 1);
            // Against dense Gaussian elimination of the same equations, from another guess.
            Problem reference = test::poisson_cubic(nx, ny);
            test::oracle_direct(reference);
            CHECK(test::relative_distance(p.u, reference.u) <= 1e-12);
        }
        // The reported residual is the residual of what it returned.
        const test::ResidualNorms n = test::oracle_residual(p);
        CHECK(std::abs(r.residual - n.two) <= 1e-9 * (1 + n.two));
    }
}
PER_METHOD_TEST_CASE("solves the Poisson problem with the exact cubic solution", "[rhs][exact]",
                     method_solves_the_cubic);

void reused_setup_gives_fresh_bits(const MethodInfo &m) {
    Problem start = test::poisson_cubic(31, 20);
    for (double &v : start.u) {
        v += 0.01; // a nonzero guess, boundary kept by the solve's contract (boundary moved too)
    }
    SolverOptions o;
    o.rtol = 1e-9;
    Solver reused(m.name, o);
    reused.setup(start.nx, start.ny, start.dx, start.dy);
    Problem first = start, second = start, fresh = start;
    const SolveReport a =
        reused.solve(first.u.data(), first.rhs(), first.nx, first.ny, first.dx, first.dy);
    const SolveReport b =
        reused.solve(second.u.data(), second.rhs(), second.nx, second.ny, second.dx, second.dy);
    Solver other(m.name, o);
    other.solve(fresh.u.data(), fresh.rhs(), fresh.nx, fresh.ny, fresh.dx, fresh.dy);
    CHECK(test::same_bytes(first.u, second.u));
    CHECK(test::same_bytes(first.u, fresh.u));
    CHECK(a.iterations == b.iterations);
    CHECK(reused.memory_bytes() > 0);
}
PER_METHOD_TEST_CASE("a reused setup gives the fresh setup's bits", "[setup]",
                     reused_setup_gives_fresh_bits);

// Spacings scaled by 2^k and f by 2^-2k are the same problem in other units: the same bits, and
// a residual scaled by exactly 2^-2k.
void scale_invariant_with_f(const MethodInfo &m) {
    Problem base = test::poisson_cubic(19, 27);
    add_rhs(base);
    SolverOptions o;
    o.rtol = 1e-10;
    Solver s0(m.name, o);
    Problem p0 = base;
    const SolveReport r0 = s0.solve(p0.u.data(), p0.rhs(), p0.nx, p0.ny, p0.dx, p0.dy);
    for (const int k : {300, -300, 7}) {
        INFO("spacings times 2^" << k);
        Problem p = base;
        p.dx = std::ldexp(p.dx, k);
        p.dy = std::ldexp(p.dy, k);
        for (double &v : p.f) {
            v = std::ldexp(v, -2 * k);
        }
        Solver s(m.name, o);
        const SolveReport r = s.solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
        CHECK(test::same_bytes(p.u, p0.u));
        CHECK(r.iterations == r0.iterations);
        CHECK(r.residual == std::ldexp(r0.residual, -2 * k));
        CHECK(r.relative_residual == r0.relative_residual);
    }
}
PER_METHOD_TEST_CASE("the same bits with spacings scaled by 2^k and f by 2^-2k", "[rhs][scale]",
                     scale_invariant_with_f);

void solves_at_once_from_four_threads(const MethodInfo &m) {
    std::vector<Problem> serial, parallel;
    for (int t = 0; t < 4; ++t) {
        serial.push_back(test::poisson_cubic(40 + 7 * t, 33 - 3 * t));
    }
    parallel = serial;
    SolverOptions o;
    o.rtol = 1e-9;
    o.threads = 1;
    for (Problem &p : serial) {
        Solver(m.name, o).solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
    }
    std::vector<std::thread> threads;
    for (Problem &p : parallel) {
        threads.emplace_back([&p, &m, o] {
            Solver s(m.name, o);
            s.solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
        });
    }
    for (std::thread &t : threads) {
        t.join();
    }
    for (std::size_t t = 0; t < serial.size(); ++t) {
        CHECK(test::same_bytes(parallel[t].u, serial[t].u));
    }
}
PER_METHOD_TEST_CASE("four solver objects at once give the serial bits", "[setup][threads]",
                     solves_at_once_from_four_threads);

// The Fortran layout: the same bytes as the transposed C grid, through the _colmajor calls.
void column_major_is_the_transposed_grid(const MethodInfo &m) {
    Problem p = test::poisson_cubic(21, 12);
    add_rhs(p);
    Problem t = p; // the same bytes, read as u(ny, nx) by a column-major caller
    laplace_solver *row = nullptr, *col = nullptr;
    REQUIRE(laplace_solver_create(m.name.c_str(), &row) == LAPLACE_OK);
    REQUIRE(laplace_solver_create(m.name.c_str(), &col) == LAPLACE_OK);
    REQUIRE(laplace_solver_solve(row, p.u.data(), p.f.data(), p.nx, p.ny, p.dx, p.dy) ==
            LAPLACE_OK);
    REQUIRE(laplace_solver_solve_colmajor(col, t.u.data(), t.f.data(), t.ny, t.nx, t.dy, t.dx) ==
            LAPLACE_OK);
    CHECK(test::same_bytes(p.u, t.u));
    // And a column-major solve on the row-major setup is a mismatch.
    CHECK(laplace_solver_solve_colmajor(row, p.u.data(), p.f.data(), p.nx, p.ny, p.dx, p.dy) ==
          LAPLACE_ERROR_SETUP_MISMATCH);
    laplace_solver_destroy(row);
    laplace_solver_destroy(col);
}
PER_METHOD_TEST_CASE("the Fortran layout is the transposed grid, bitwise", "[layout]",
                     column_major_is_the_transposed_grid);

// ---- The residual ---------------------------------------------------------------------------

TEST_CASE("the residual against the operator written out", "[residual]") {
    for (const bool with_f : {false, true}) {
        Problem p = test::layout_probe(29, 17);
        if (with_f) {
            add_rhs(p);
        }
        const test::ResidualNorms expected = test::oracle_residual(p);
        for (const int threads : {1, 2, 3}) {
            const laplace::Residual r =
                laplace::residual(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy, threads);
            CHECK(test::relative_difference(r.norm2, expected.two) <= 1e-12);
            CHECK(test::relative_difference(r.norm_max, expected.max) <= 1e-12);
        }
        // The exact solution has residual 0 up to rounding of the data's size.
        Problem c = test::poisson_cubic(15, 22);
        c.u = test::poisson_cubic_exact(c);
        const laplace::Residual zero =
            laplace::residual(c.u.data(), c.rhs(), c.nx, c.ny, c.dx, c.dy);
        CHECK(zero.norm_max <= 1e-10 * test::max_abs(c.f));
    }
}

// Sums of squares computed plainly overflow above 1e154 and underflow below 1e-162: scaled,
// the norm is right over the whole range.
TEST_CASE("the residual norm from the subnormal range to near overflow", "[residual]") {
    Problem p = test::layout_probe(13, 11);
    const test::ResidualNorms unit = test::oracle_residual(p);
    for (const int k : {-1060, -600, 0, 600, 1000}) {
        INFO("u times 2^" << k);
        Problem q = p;
        for (double &v : q.u) {
            v = std::ldexp(v, k);
        }
        const laplace::Residual r = laplace::residual(q.u.data(), nullptr, q.nx, q.ny, q.dx, q.dy);
        const double expected = std::ldexp(unit.two, k);
        CHECK(std::isfinite(r.norm2));
        // Near the subnormal range the data itself has lost bits: compare to that precision.
        CHECK(test::relative_difference(r.norm2, expected) <= (k < -1000 ? 1e-3 : 1e-12));
    }
}

// Regression (found by the fuzz target's solver calls): the residual is computed scaled by
// K = dx^2 dy^2 and divided by K at the end; with dx = 1e-200, K underflows to 0, and the residual
// of an exact solution came out 0/0 = NaN, so every solver with a residual rule failed on it
// with LAPLACE_ERROR_NONFINITE_RESULT. A linear u solves Laplace's equation exactly.
TEST_CASE("the residual of an exact solution is 0 whatever the spacings", "[residual]") {
    for (const auto &[dx, dy] : {std::pair{1e-200, 1.0}, std::pair{1.0, 1e-170},
                                 std::pair{1e200, 1e200}, std::pair{1e-322, 0.5}}) {
        INFO("dx = " << dx << ", dy = " << dy);
        Problem p = test::layout_probe(9, 7);
        for (int i = 0; i < p.nx; ++i) {
            for (int j = 0; j < p.ny; ++j) {
                p.u[std::size_t(i) * p.ny + j] = i + 2 * j;
            }
        }
        const laplace::Residual r = laplace::residual(p.u.data(), nullptr, p.nx, p.ny, dx, dy);
        CHECK(r.norm2 == 0.0);
        CHECK(r.norm_max == 0.0);
        const std::vector<double> before = p.u;
        for (const MethodInfo &m : laplace::methods()) {
            INFO(m.name);
            Solver s(m.name);
            const SolveReport report = s.solve(p.u.data(), nullptr, p.nx, p.ny, dx, dy);
            CHECK(report.reason == StopReason::rtol);
            CHECK(report.iterations == 0);
            CHECK(test::same_bytes(p.u, before));
        }
    }
}

// Regression (found by the fuzz target's solver calls): K = dx^2 dy^2, the factor of f and of the
// scaled residual, was computed from the rescaled spacings' squares, and with dx/dy = 1e400 the
// smaller square underflowed: K came out 0 although it is about 1e-200, the residual Inf and f
// ignored by the kernels. Against the operator written out, which divides by dx^2 and dy^2.
TEST_CASE("the residual with spacings of extreme ratio", "[residual]") {
    // (The residual stays below 1e150 here, so that the plain sums of the oracle do not overflow.)
    for (const auto &[dx, dy] :
         {std::pair{1e300, 1e-60}, std::pair{2.765625, 1.7976931348623157e308},
          std::pair{1e-60, 1e250}}) {
        INFO("dx = " << dx << ", dy = " << dy);
        Problem p = test::layout_probe(12, 9);
        p.dx = dx;
        p.dy = dy;
        const double scale = test::oracle_residual(p).max; // of A u: f on the same scale
        p.f.resize(p.u.size());
        for (std::size_t k = 0; k < p.f.size(); ++k) {
            p.f[k] = scale * std::cos(double(k));
        }
        const test::ResidualNorms expected = test::oracle_residual(p);
        const laplace::Residual r = laplace::residual(p.u.data(), p.f.data(), p.nx, p.ny, dx, dy);
        CHECK(test::relative_difference(r.norm2, expected.two) <= 1e-12);
        CHECK(test::relative_difference(r.norm_max, expected.max) <= 1e-12);
    }
}

// ---- The stopping rules: each stops at the first iterate that satisfies it ------------------

// The iterate after n sweeps of cpp-loop from p, and its residual and last change.
struct Replay {
    std::vector<double> u;
    double relative, residual, change;
};
Replay replay(const Problem &start, int n) {
    Problem p = start;
    const double r0 = test::oracle_residual(p).two;
    Problem before = p;
    if (n > 0) {
        run_sweeps("cpp-loop", before, n - 1);
        p = before;
        run_sweeps("cpp-loop", p, 1);
    }
    double change = 0;
    for (std::size_t k = 0; k < p.u.size(); ++k) {
        change += (p.u[k] - before.u[k]) * (p.u[k] - before.u[k]);
    }
    const double r = test::oracle_residual(p).two;
    return {p.u, r / r0, r, std::sqrt(change)};
}

TEST_CASE("each stopping rule stops at the first iterate that satisfies it", "[rules]") {
    const Problem start = test::poisson_cubic(13, 9);
    struct Rule {
        const char *name;
        double rtol, atol, change_tol;
        StopReason reason;
        double Replay::*measure;
        double limit;
    };
    for (const Rule &rule :
         {Rule{"rtol", 1e-6, 0, 0, StopReason::rtol, &Replay::relative, 1e-6},
          Rule{"atol", 0, 1e-5, 0, StopReason::atol, &Replay::residual, 1e-5},
          Rule{"change", 0, 0, 1e-7, StopReason::change, &Replay::change, 1e-7}}) {
        INFO("rule " << rule.name);
        Problem p = start;
        SolverOptions o;
        o.kernel = "cpp-loop";
        o.rtol = rule.rtol;
        o.atol = rule.atol;
        o.change_tol = rule.change_tol;
        const SolveReport r =
            Solver("iterate", o).solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
        REQUIRE(r.reason == rule.reason);
        REQUIRE(r.iterations > 2);
        const Replay at = replay(start, r.iterations);
        const Replay before = replay(start, r.iterations - 1);
        CHECK(test::same_bytes(p.u, at.u));
        // The replay's measure, recomputed here, crosses the limit at exactly that iterate (the
        // library's and the test's norms agree to rounding; the limit is not that close).
        CHECK(at.*rule.measure <= rule.limit * (1 + 1e-9));
        CHECK(before.*rule.measure > rule.limit * (1 - 1e-9));
        CHECK(test::relative_difference(r.residual, at.residual) <= 1e-9);
    }
}

TEST_CASE("a guess that satisfies a rule takes no iteration; max_iter is not converged",
          "[rules]") {
    Problem p = test::poisson_cubic(12, 10);
    p.u = test::poisson_cubic_exact(p);
    SolverOptions o;
    o.rtol = 0;
    o.atol = 1e-6;
    const SolveReport exact =
        Solver("iterate", o).solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
    CHECK(exact.iterations == 0);
    CHECK(exact.reason == StopReason::atol);
    Problem q = test::poisson_cubic(12, 10);
    o.atol = 0;
    o.rtol = 1e-14;
    o.max_iter = 3;
    const SolveReport capped =
        Solver("iterate", o).solve(q.u.data(), q.rhs(), q.nx, q.ny, q.dx, q.dy);
    CHECK(capped.iterations == 3);
    CHECK(capped.reason == StopReason::max_iter);
    CHECK_FALSE(capped.converged);
    CHECK(std::isfinite(capped.change)); // the last iteration's change is always reported
}

// ---- Bad input: a clear error, u and f untouched ---------------------------------------------

TEST_CASE("bad solver input is rejected with u and f untouched", "[errors][rhs]") {
    Problem p = test::poisson_cubic(11, 9);
    add_rhs(p);
    const Problem before = p;
    const auto rejects = [&](int status, const char *says, auto call) {
        INFO(says);
        const std::vector<double> f = p.f; // as the call gets it
        const int got = call();
        CHECK(got == status);
        CHECK_THAT(laplace_last_error(), Catch::Contains(says));
        CHECK(test::same_bytes(p.u, before.u));
        CHECK(test::same_bytes(p.f, f));
    };
    laplace_solver *s = nullptr;
    REQUIRE(laplace_solver_create("iterate", &s) == LAPLACE_OK);
    p.f[std::size_t(3) * p.ny + 4] = std::numeric_limits<double>::quiet_NaN();
    rejects(LAPLACE_ERROR_NONFINITE_INPUT, "f[", [&] {
        return laplace_solver_solve(s, p.u.data(), p.f.data(), p.nx, p.ny, p.dx, p.dy);
    });
    p.f = before.f;
    rejects(LAPLACE_ERROR_ALIASED_INPUT, "f overlaps u", [&] {
        return laplace_solver_solve(s, p.u.data(), p.u.data() + 5, p.nx, p.ny, p.dx, p.dy);
    });
    rejects(LAPLACE_ERROR_BAD_TOLERANCE, "rtol = -1",
            [&] { return laplace_solver_set_tolerances(s, -1.0, 0, 0); });
    rejects(LAPLACE_ERROR_BAD_TOLERANCE, "atol = nan", [&] {
        return laplace_solver_set_tolerances(s, 0, std::numeric_limits<double>::quiet_NaN(), 0);
    });
    rejects(LAPLACE_ERROR_BAD_MAX_ITER, "max_iter = -5",
            [&] { return laplace_solver_set_max_iter(s, -5); });
    REQUIRE(laplace_solver_set_tolerances(s, 0, 0, 0) == LAPLACE_OK);
    rejects(LAPLACE_ERROR_BAD_TOLERANCE, "would never stop",
            [&] { return laplace_solver_set_max_iter(s, LAPLACE_NO_LIMIT); });
    rejects(LAPLACE_ERROR_UNKNOWN_KERNEL, "unknown kernel 'no-such'",
            [&] { return laplace_solver_set_kernel(s, "no-such"); });
    rejects(LAPLACE_ERROR_BAD_OMEGA, "takes no weight", [&] {
        REQUIRE(laplace_solver_set_kernel(s, "cpp-loop") == LAPLACE_OK);
        return laplace_solver_set_weight(s, 1.2);
    });
    rejects(LAPLACE_ERROR_BAD_OMEGA, "weight = 2", [&] {
        REQUIRE(laplace_solver_set_kernel(s, nullptr) == LAPLACE_OK);
        return laplace_solver_set_weight(s, 2.0);
    });
    REQUIRE(laplace_solver_setup(s, p.nx, p.ny, p.dx, p.dy) == LAPLACE_OK);
    rejects(LAPLACE_ERROR_SETUP_MISMATCH, "set up for a grid of 11 x 9", [&] {
        return laplace_solver_solve(s, p.u.data(), nullptr, p.nx, p.ny, p.dx * 2, p.dy);
    });
    rejects(LAPLACE_ERROR_SETUP_MISMATCH, "not 9 x 11",
            [&] { return laplace_solver_solve(s, p.u.data(), nullptr, p.ny, p.nx, p.dx, p.dy); });
    laplace_result result{};
    result.size = sizeof result;
    REQUIRE(laplace_solver_get_result(s, &result) == LAPLACE_OK);
    CHECK(result.stop_reason == LAPLACE_STOP_NONE); // a rejected solve reports nothing
    laplace_solver_destroy(s);

    laplace_solver *none = nullptr;
    rejects(LAPLACE_ERROR_UNKNOWN_METHOD, "unknown method 'multigrid-x'",
            [&] { return laplace_solver_create("multigrid-x", &none); });
    CHECK(none == nullptr);
    // A method of another build (or of none yet): named, with the methods this build has.
    rejects(LAPLACE_ERROR_UNKNOWN_METHOD, "methods in this build: iterate",
            [&] { return laplace_solver_create("algebraic-multigrid", &none); });
    rejects(LAPLACE_ERROR_NULL_POINTER, "solver is NULL",
            [&] { return laplace_solver_solve(nullptr, p.u.data(), nullptr, 11, 9, 0.1, 0.1); });
    if (laplace_method_index("blas-fdm") >= 0) {
        REQUIRE(laplace_solver_create("blas-fdm", &s) == LAPLACE_OK);
        rejects(LAPLACE_ERROR_BAD_KERNEL, "method 'blas-fdm' takes no kernel",
                [&] { return laplace_solver_set_kernel(s, "cpp-loop"); });
        laplace_solver_destroy(s);
    }
    // The same through the facade: laplace::Error with the status and the message.
    try {
        SolverOptions o;
        o.kernel = "omp-nothing";
        Solver bad("iterate", o);
        FAIL("accepted an unknown kernel");
    } catch (const laplace::Error &e) {
        CHECK(e.status() == LAPLACE_ERROR_UNKNOWN_KERNEL);
    }
    laplace::Grid g(10, 12);
    g.set_rhs([](double x, double) { return x; });
    Solver once("iterate");
    once.setup(g);
    laplace::Grid other(12, 10);
    CHECK_THROWS_AS(once.solve(other), laplace::Error);
}

TEST_CASE("the method table", "[method]") {
    const std::vector<MethodInfo> all = laplace::methods();
    REQUIRE(!all.empty());
    CHECK(all.front().name == "iterate");
    CHECK(all.front().takes_kernel);
    for (const MethodInfo &m : all) {
        CHECK(laplace::method(m.name).kind == m.kind);
        CHECK((m.kind == "iterative" || m.kind == "direct"));
    }
    CHECK(laplace_method_name(int(all.size())) == nullptr);
    CHECK(laplace_kernel_index("blas-fdm") < 0); // a method, no longer a kernel
}

} // namespace
