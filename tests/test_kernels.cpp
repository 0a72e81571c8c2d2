// Every kernel of the registry against independent oracles: the textbook sweep of its scheme
// (tests/support.hpp), the change norm recomputed here, and the exact discrete solution.
#include "per_kernel.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ios>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace {

using laplace::KernelInfo;
using test::Problem;
using test::relative_difference;

using test::Oracle;
using test::oracle_for;

double kernel_sweep(const KernelInfo &k, Problem &p) {
    return laplace::sweep(k.name, p.u.data(), p.nx, p.ny, p.dx, p.dy);
}

constexpr int sweeps = 5;

void same_iterates_as_oracle(const KernelInfo &k) {
    const Oracle oracle = oracle_for(k.scheme);
    if (oracle == nullptr) {
        FAIL("no oracle in tests/support.hpp (oracle_for) for scheme '" << k.scheme << "'");
    }
    // The small probe, and one wide and tall enough for vectorised rows and whole bands of rows.
    for (const auto &[nx, ny] : {std::pair{19, 13}, std::pair{37, 83}}) {
        INFO(nx << " x " << ny);
        Problem mine = test::layout_probe(nx, ny);
        Problem reference = test::layout_probe(nx, ny);
        for (int s = 1; s <= sweeps; ++s) {
            INFO("sweep " << s);
            const double change = kernel_sweep(k, mine);
            const double expected = oracle(reference);
            CHECK(relative_difference(change, expected) <= test::same_scheme_tolerance);
        }
        CHECK(test::relative_distance(mine.u, reference.u) <= test::same_scheme_tolerance);
    }
}
PER_KERNEL_TEST_CASE("same iterates as the textbook sweep of its scheme", "[iterates]",
                     same_iterates_as_oracle);

// Vectorised kernels split a row into whole vectors and a remainder (scalar or masked): every
// row width from the smallest to a few vectors of 16 lanes, so each remainder length is seen.
void same_iterates_for_every_row_width(const KernelInfo &k) {
    const Oracle oracle = oracle_for(k.scheme);
    REQUIRE(oracle != nullptr);
    for (int ny = 3; ny <= 72; ++ny) {
        INFO("9 x " << ny);
        Problem mine = test::layout_probe(9, ny);
        Problem reference = test::layout_probe(9, ny);
        for (int s = 1; s <= 2; ++s) {
            const double change = kernel_sweep(k, mine);
            CHECK(relative_difference(change, oracle(reference)) <= test::same_scheme_tolerance);
        }
        CHECK(test::relative_distance(mine.u, reference.u) <= test::same_scheme_tolerance);
    }
}
PER_KERNEL_TEST_CASE("same iterates for every row width", "[iterates]",
                     same_iterates_for_every_row_width);

// A kernel may split rows by address (whole aligned vectors and masked ends), but what it returns
// may not depend on where the caller's grid lies: the same bytes at each of the 8 places a double
// can take in a 64-byte cache line give the same grid and the same change norm, bit for bit (a
// column-major caller's grid and its row-major twin differ in nothing else).
void same_bits_wherever_the_grid_lies(const KernelInfo &k) {
    constexpr std::size_t line = 64 / sizeof(double);
    for (const auto &[nx, ny] : {std::pair{9, 27}, std::pair{7, 61}, std::pair{11, 83}}) {
        const Problem start = test::layout_probe(nx, ny);
        const std::size_t n = start.u.size();
        std::vector<double> space(n + 2 * line);
        double *const aligned =
            space.data() +
            (line - reinterpret_cast<std::uintptr_t>(space.data()) / sizeof(double) % line);
        std::vector<double> first_u;
        std::vector<double> first_changes;
        for (std::size_t offset = 0; offset < line; ++offset) {
            INFO(nx << " x " << ny << ", grid at element " << offset << " of a cache line");
            double *const u = aligned + offset;
            std::copy(start.u.begin(), start.u.end(), u);
            std::vector<double> changes;
            for (int s = 1; s <= 3; ++s) {
                changes.push_back(laplace::sweep(k.name, u, nx, ny, start.dx, start.dy));
            }
            if (offset == 0) {
                first_u.assign(u, u + n);
                first_changes = changes;
                continue;
            }
            CHECK(test::same_bytes({u, n}, first_u));
            for (std::size_t s = 0; s < changes.size(); ++s) {
                INFO("sweep " << s + 1 << ": " << std::hexfloat << changes[s] << " against "
                              << first_changes[s]);
                CHECK(test::same_bytes({&changes[s], 1}, {&first_changes[s], 1}));
            }
        }
    }
}
PER_KERNEL_TEST_CASE("same bits wherever the grid lies in memory", "[iterates]",
                     same_bits_wherever_the_grid_lies);

// The change norm's square, recomputed point by point in memory order.
double sum_of_squared_changes(const std::vector<double> &before, const std::vector<double> &after) {
    double sum = 0;
    for (std::size_t n = 0; n < after.size(); ++n) {
        sum += (after[n] - before[n]) * (after[n] - before[n]);
    }
    return sum;
}

void reports_the_change_it_made(const KernelInfo &k) {
    Problem p = test::layout_probe();
    for (int s = 1; s <= 3; ++s) {
        INFO("sweep " << s);
        const std::vector<double> before = p.u;
        const double reported = kernel_sweep(k, p);
        const double sum = sum_of_squared_changes(before, p.u);
        CHECK(relative_difference(reported, std::sqrt(sum)) <= test::same_scheme_tolerance);
        // Boundary values are read, never written.
        for (int i = 0; i < p.nx; ++i) {
            for (int j = 0; j < p.ny; ++j) {
                if (i == 0 || j == 0 || i == p.nx - 1 || j == p.ny - 1) {
                    REQUIRE(p.u[i * p.ny + j] == before[i * p.ny + j]);
                }
            }
        }
    }
}
PER_KERNEL_TEST_CASE("reports the change norm of the sweep it made", "[change]",
                     reports_the_change_it_made);

// Near underflow the change norm is right, whatever the kernel's order of summation: with the
// values scaled down so far that every squared change is subnormal (2^-530), some round to zero
// (2^-537), or all do (2^-560), the reported norm is the true one, recomputed here in long
// double (whose exponent holds every square), not the norm of the rounded squares. (Before the
// driver computed such norms scaled, 2^-560 reported 0 for a sweep that changed u.)
void reports_the_change_norm_near_underflow(const KernelInfo &k) {
    for (const int exponent : {-530, -537, -560}) {
        INFO("values scaled by 2^" << exponent);
        Problem p = test::layout_probe(37, 83);
        for (double &x : p.u) {
            x = std::ldexp(x, exponent);
        }
        const std::vector<double> before = p.u;
        const double reported = kernel_sweep(k, p);
        REQUIRE(sum_of_squared_changes(before, p.u) < std::numeric_limits<double>::min());
        const double expected = test::exact_change_norm(p.nx, p.ny, p.u, before);
        INFO(std::hexfloat << "reported " << reported << ", recomputed " << expected);
        REQUIRE(expected > 0.0);
        CHECK(std::abs(reported - expected) <= 1e-13 * expected);
    }
}
PER_KERNEL_TEST_CASE("reports the change norm exactly near underflow", "[change]",
                     reports_the_change_norm_near_underflow);

void converges_to_the_exact_solution(const KernelInfo &k) {
    laplace::Grid grid(15, 11, -0.3, 1.1, 0.2, 0.8);
    grid.set_boundary(test::harmonic);
    const double scale = test::max_abs(std::vector<double>(grid.data(), grid.data() + grid.size()));
    // Stopping at change <= tol leaves an error of at most about tol/(1 - rho), with the Jacobi
    // spectral radius rho ~ 0.96 on this grid: about 25*tol. The assertion allows 100*tol.
    const double tol = 1e-13 * scale;
    const laplace::SolveResult r = laplace::solve(k.name, grid, {100000, tol});
    REQUIRE(r.converged);
    double error = 0;
    for (int i = 0; i < grid.nx(); ++i) {
        for (int j = 0; j < grid.ny(); ++j) {
            error = std::max(error, std::abs(grid(i, j) - test::harmonic(grid.x(i), grid.y(j))));
        }
    }
    INFO("sweeps: " << r.iterations << ", final change " << r.change);
    CHECK(error <= 100 * tol);
}
PER_KERNEL_TEST_CASE("converges to the exact discrete solution x^2 - y^2", "[exact]",
                     converges_to_the_exact_solution);

void solve_does_the_sweeps_it_reports(const KernelInfo &k) {
    Problem by_solve = test::layout_probe();
    Problem by_sweeps = test::layout_probe();
    int iterations = -1;
    double change = 0;
    REQUIRE(laplace_solve(k.name.c_str(), by_solve.u.data(), by_solve.nx, by_solve.ny, by_solve.dx,
                          by_solve.dy, 4, 0.0, &iterations, &change) == LAPLACE_OK);
    // The documented rule with tol = 0: 4 sweeps, unless a sweep changes nothing at all (a
    // direct method's second sweep does exactly that).
    double last = 0;
    int done = 0;
    while (done < 4) {
        ++done;
        last = kernel_sweep(k, by_sweeps);
        if (last <= 0.0) {
            break;
        }
    }
    INFO("scheme " << k.scheme);
    CHECK(iterations == done);
    CHECK(iterations == 4);
    CHECK(by_solve.u == by_sweeps.u);
    CHECK(change == last);

    // No sweep at all: nothing changes, and the change norm is +Inf (not converged).
    const std::vector<double> before = by_solve.u;
    REQUIRE(laplace_solve(k.name.c_str(), by_solve.u.data(), by_solve.nx, by_solve.ny, by_solve.dx,
                          by_solve.dy, 0, 1.0, &iterations, &change) == LAPLACE_OK);
    CHECK(iterations == 0);
    CHECK(change == std::numeric_limits<double>::infinity());
    CHECK(by_solve.u == before);
}
PER_KERNEL_TEST_CASE("solve does exactly the sweeps it reports", "[solve]",
                     solve_does_the_sweeps_it_reports);

} // namespace

TEST_CASE("kernels of one scheme agree with each other", "[iterates]") {
    std::map<std::string, std::vector<std::pair<std::string, Problem>>> by_scheme;
    for (const KernelInfo &k : laplace::kernels()) {
        Problem p = test::layout_probe();
        for (int s = 0; s < sweeps; ++s) {
            kernel_sweep(k, p);
        }
        by_scheme[k.scheme].emplace_back(k.name, std::move(p));
    }
    for (const auto &[scheme, results] : by_scheme) {
        for (const auto &[name, p] : results) {
            INFO(scheme << ": " << name << " against " << results.front().first);
            CHECK(test::relative_distance(p.u, results.front().second.u) <=
                  test::same_scheme_tolerance);
        }
    }
}

TEST_CASE("the same-scheme tolerance tells orderings and layouts apart", "[oracle]") {
    // The tolerance must be able to fail: a different update order, or the grid run with its
    // axes swapped, lands far outside it.
    Problem gauss_seidel = test::layout_probe();
    Problem jacobi = test::layout_probe();
    for (int s = 0; s < sweeps; ++s) {
        test::oracle_gauss_seidel(gauss_seidel);
        test::oracle_jacobi(jacobi);
    }
    CHECK(test::relative_distance(gauss_seidel.u, jacobi.u) > 1e4 * test::same_scheme_tolerance);

    Problem swapped = test::layout_probe();
    std::swap(swapped.dx, swapped.dy); // spacings applied to the wrong axes
    Problem right = test::layout_probe();
    for (int s = 0; s < sweeps; ++s) {
        test::oracle_jacobi(swapped);
        test::oracle_jacobi(right);
    }
    CHECK(test::relative_distance(swapped.u, right.u) > 1e4 * test::same_scheme_tolerance);
}

TEST_CASE("the registry lists every kernel once, with metadata", "[registry]") {
    const auto all = laplace::kernels();
    REQUIRE(!all.empty());
    std::map<std::string, int> seen;
    for (const KernelInfo &k : all) {
        ++seen[k.name];
        CHECK(!k.scheme.empty());
        CHECK(!k.language.empty());
        CHECK(!k.description.empty());
        CHECK(laplace::kernel(k.name).name == k.name);
    }
    for (const auto &[name, count] : seen) {
        INFO(name);
        CHECK(count == 1);
    }
    CHECK(laplace_kernel_name(-1) == nullptr);
    CHECK(laplace_kernel_name(int(all.size())) == nullptr);
    CHECK(std::string(laplace_last_error()).find("outside 0..") != std::string::npos);
}
