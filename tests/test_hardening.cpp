// Guard rails of the C ABI, for every kernel of the registry: extreme but valid spacings,
// tolerances below what double precision resolves, grids at the edge of what int arithmetic
// and the address space allow.
#include "per_kernel.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using laplace::KernelInfo;
using test::same_bytes;

// The probe's values times `scale`: from subnormal (2^-1040: every value below 2^-1022) to near
// overflow (2^1000: up to 2^1002, where DBL_MAX is 2^1024).
constexpr double change_scales[] = {0x1p-1040, 0x1p-1000, 1e-200, 1e-160,
                                    1.0,       1e160,     1e250,  0x1p1000};

test::Problem scaled_probe(double scale) {
    test::Problem p = test::layout_probe();
    for (double &v : p.u) {
        v *= scale;
    }
    return p;
}

// Regression (found by the fuzz target): dx = 1e-200 and dy = 1.2e-321 are finite and > 0, so
// valid, but their squares underflow to 0 and every kernel produced 0/0 = NaN, reported as
// "the iteration overflowed". The scheme depends on dx/dy only: the C ABI now scales both
// spacings by one power of two before a kernel sees them.
void extreme_spacings(const KernelInfo &k) {
    const test::Oracle oracle_sweep = test::oracle_for(k.scheme);
    REQUIRE(oracle_sweep != nullptr);
    const test::Problem p = test::layout_probe();
    // Scaling both spacings by a power of two gives the same bits, down to the last one.
    std::vector<double> reference = p.u;
    const double change = laplace::sweep(k.name, reference.data(), p.nx, p.ny, p.dx, p.dy);
    for (const int e : {-1000, -700, -300, 300, 700, 1000}) {
        INFO("spacings scaled by 2^" << e);
        std::vector<double> u = p.u;
        const double c =
            laplace::sweep(k.name, u.data(), p.nx, p.ny, std::ldexp(p.dx, e), std::ldexp(p.dy, e));
        CHECK(same_bytes(u, reference));
        CHECK(c == change);
    }
    // Spacings whose squares underflow or overflow, with a ratio that is not a power of two,
    // against the textbook sweep with the same ratio at ordinary scale.
    for (const double scale : {1e-200, 1e-160, 1e160, 1e300}) {
        INFO("dx = 0.7 * " << scale << ", dy = 0.4 * " << scale);
        std::vector<double> u = p.u;
        laplace::sweep(k.name, u.data(), p.nx, p.ny, 0.7 * scale, 0.4 * scale);
        test::Problem oracle = p;
        oracle.dx = 0.7;
        oracle.dy = 0.4;
        oracle_sweep(oracle);
        CHECK(test::relative_distance(u, oracle.u) <= test::same_scheme_tolerance);
    }
    // The fuzz input itself: dy/dx = 1.2e-121, so dy^2 is nothing next to dx^2 even after the
    // scaling, and each point becomes the mean of its two neighbours along y.
    std::vector<double> u = p.u;
    double c = -1;
    REQUIRE(laplace_sweep(k.name.c_str(), u.data(), p.nx, p.ny, 1e-200, 1.2154014887694665e-321,
                          &c) == LAPLACE_OK);
    CHECK(std::isfinite(c));
    test::Problem oracle = p;
    oracle.dx = 1.0;
    oracle.dy = 0.0;
    oracle_sweep(oracle);
    CHECK(test::relative_distance(u, oracle.u) <= test::same_scheme_tolerance);
}
PER_KERNEL_TEST_CASE("extreme spacings: only dx/dy matters, no 0/0", "[guard]", extreme_spacings);

// The rescale puts max(dx, dy) in [2^-1/2, 2^1/2), so the squared spacings stay below 2 and the
// neighbour sums of values up to DBL_MAX/8 never overflow, whatever the spacings' mantissa.
// (Regression: with max(dx, dy) in [1, 2), dx = 1.9 overflowed where dx = 1.0 did not.) A
// constant grid of 1.5 * 2^1020 is the solution, so a sweep leaves it within rounding. Rounding
// changes of such values have squares beyond double precision; the change norm is computed
// scaled for them (it overflowed before), so the sweep succeeds with a finite change.
void headroom_for_every_mantissa(const KernelInfo &k) {
    const double big = 0x1.8p1020; // DBL_MAX / 10.7
    for (const double mantissa : {1.0, 1.25, 1.4, 1.5, 1.7, 1.9, 1.99}) {
        for (const int e : {-3, 0, 5}) {
            for (const double ratio : {1.0, 0.7}) {
                const double dx = std::ldexp(mantissa, e), dy = dx * ratio;
                INFO("dx = " << dx << ", dy = " << dy);
                std::vector<double> u(std::size_t(11) * 9, big);
                const std::vector<double> before = u;
                double change = -1;
                const int status = laplace_sweep(k.name.c_str(), u.data(), 11, 9, dx, dy, &change);
                CHECK(std::all_of(u.begin(), u.end(), [](double v) { return std::isfinite(v); }));
                CHECK(test::relative_distance(u, before) <= 1e-15);
                CHECK(status == LAPLACE_OK);
                CHECK(std::isfinite(change));
                CHECK(std::abs(change - test::exact_change_norm(11, 9, u, before)) <=
                      1e-13 * change);
            }
        }
    }
}
PER_KERNEL_TEST_CASE("the same overflow headroom for every spacing mantissa", "[guard]",
                     headroom_for_every_mantissa);

// A tolerance far below what double precision resolves for the grid (rounding leaves a change
// norm near eps * max|u| * sqrt(points) once converged, or exactly 0): the solve still stops
// after max_iter sweeps, without an error; the caller sees change > tol.
void unreachable_tolerance(const KernelInfo &k) {
    for (const double tol : {1e-300, 4.9406564584124654e-324, 0.0}) {
        INFO("tol = " << tol);
        test::Problem p = test::layout_probe();
        int iterations = -1;
        double change = -1;
        REQUIRE(laplace_solve(k.name.c_str(), p.u.data(), p.nx, p.ny, p.dx, p.dy, 3000, tol,
                              &iterations, &change) == LAPLACE_OK);
        CHECK(iterations >= 1);
        CHECK(iterations <= 3000);
        CHECK((iterations == 3000 || change <= tol)); // stopped early only when it got there
        CHECK(std::string(laplace_last_error()).empty());
    }
}
PER_KERNEL_TEST_CASE("a tolerance below double precision: max_iter still applies", "[guard]",
                     unreachable_tolerance);

// Regression: the kernels sum the squared changes unscaled, so for values below about 1e-154
// the squares underflowed (a sweep that changed u reported change 0, and laplace_solve with
// tol = 0 stopped after one sweep), and above about 1e154 they overflowed (change +Inf, or the
// error "change norm is not finite" with u finite). The driver now computes such norms scaled.
void change_norm_at_every_scale(const KernelInfo &k) {
    for (const double scale : change_scales) {
        INFO("values times " << scale);
        const test::Problem p = scaled_probe(scale);
        // One sweep: the norm of what it changed.
        std::vector<double> u = p.u;
        double change = -1;
        REQUIRE(laplace_sweep(k.name.c_str(), u.data(), p.nx, p.ny, p.dx, p.dy, &change) ==
                LAPLACE_OK);
        const double expected = test::exact_change_norm(p.nx, p.ny, u, p.u);
        REQUIRE(expected > 0.0);
        CHECK(std::abs(change - expected) <= 1e-13 * expected);
        // tol = 0: exactly max_iter sweeps while every sweep changes u (checked sweep by sweep
        // on a copy), u bitwise the copy's, the last sweep's norm reported.
        constexpr int sweeps = 30;
        std::vector<double> swept = p.u, previous;
        int changing = 0;
        for (int n = 1; n <= sweeps; ++n) {
            previous = swept;
            double c = 0;
            REQUIRE(laplace_sweep(k.name.c_str(), swept.data(), p.nx, p.ny, p.dx, p.dy, &c) ==
                    LAPLACE_OK);
            if (same_bytes(swept, previous)) {
                break;
            }
            changing = n;
        }
        REQUIRE(changing == sweeps); // the probe is far from converged after 30 sweeps
        std::vector<double> solved = p.u;
        int iterations = -1;
        double last = -1;
        REQUIRE(laplace_solve(k.name.c_str(), solved.data(), p.nx, p.ny, p.dx, p.dy, sweeps, 0.0,
                              &iterations, &last) == LAPLACE_OK);
        CHECK(iterations == sweeps);
        CHECK(same_bytes(solved, swept));
        const double expected_last = test::exact_change_norm(p.nx, p.ny, swept, previous);
        CHECK(std::abs(last - expected_last) <= 1e-13 * expected_last);
        // A solver's change rule: a tolerance below the changes does not stop it early.
        laplace::SolverOptions o;
        o.kernel = k.name;
        o.rtol = 0.0;
        o.change_tol = 1e-320; // below every change here but those of the subnormal values
        o.max_iter = sweeps;
        laplace::Solver solver("iterate", o);
        std::vector<double> by_solver = p.u;
        const laplace::SolveReport r =
            solver.solve(by_solver.data(), nullptr, p.nx, p.ny, p.dx, p.dy);
        if (expected_last > o.change_tol) {
            CHECK(r.iterations == sweeps);
            CHECK(r.reason == laplace::StopReason::max_iter);
            CHECK(same_bytes(by_solver, swept));
            CHECK(std::abs(r.change - expected_last) <= 1e-13 * expected_last);
        } else {
            CHECK(r.reason == laplace::StopReason::change);
        }
    }
}
PER_KERNEL_TEST_CASE("change norms right from subnormal values to near overflow", "[guard]",
                     change_norm_at_every_scale);

// Extents at the limits: nx*ny past INT_MAX is a grid the ABI accepts (it would be 16 GiB), and
// a bad scalar argument is still reported before u is read (u here is 4 values; AddressSanitizer
// in scripts/sanitize would see any read past them). The address-space limit is 2^60 points.
void extents_at_the_limits(const KernelInfo &k) {
    std::vector<double> u(4, 0.0);
    double change = -7;
    const struct {
        int nx, ny;
        double dx;
        int status;
    } cases[] = {
        {46341, 46341, std::nan(""), LAPLACE_ERROR_BAD_SPACING},  // 2147488281 > INT_MAX points
        {65536, 65536, -1.0, LAPLACE_ERROR_BAD_SPACING},          // 2^32 points
        {1 << 30, (1 << 30) - 1, 0.0, LAPLACE_ERROR_BAD_SPACING}, // just under 2^60: addressable
        {1 << 30, 1 << 30, 1.0, LAPLACE_ERROR_TOO_LARGE},         // 2^60 points: not
        {INT_MAX, INT_MAX, 1.0, LAPLACE_ERROR_TOO_LARGE},
    };
    for (const auto &c : cases) {
        INFO("nx = " << c.nx << ", ny = " << c.ny << ", dx = " << c.dx);
        CHECK(laplace_sweep(k.name.c_str(), u.data(), c.nx, c.ny, c.dx, 1.0, &change) == c.status);
        CHECK(laplace_sweep_colmajor(k.name.c_str(), u.data(), c.nx, c.ny, c.dx, 1.0, &change) ==
              c.status);
        CHECK(change == -7);
    }
}
PER_KERNEL_TEST_CASE("extents at the limits of int and of the address space", "[guard]",
                     extents_at_the_limits);

// An output pointing into the grid is rejected before anything is written; one just outside
// it is fine. The grid sits inside a larger buffer so that both neighbours are real memory.
void aliased_outputs(const KernelInfo &k) {
    const test::Problem p = test::layout_probe();
    const std::size_t n = p.u.size();
    for (const bool colmajor : {false, true}) {
        for (const std::size_t at : {std::size_t(0), std::size_t(1), n / 2, n - 1, n, n + 1}) {
            INFO((colmajor ? "column-major" : "row-major") << ", output at buffer[" << at << "]");
            std::vector<double> buffer(n + 2, 0.0);
            std::copy(p.u.begin(), p.u.end(), buffer.begin() + 1);
            const std::vector<double> before = buffer;
            double *const u = buffer.data() + 1;
            double *const change = &buffer[at];
            const bool inside = at >= 1 && at <= n;
            const int s =
                colmajor ? laplace_sweep_colmajor(k.name.c_str(), u, p.ny, p.nx, p.dy, p.dx, change)
                         : laplace_sweep(k.name.c_str(), u, p.nx, p.ny, p.dx, p.dy, change);
            if (inside) {
                CHECK(s == LAPLACE_ERROR_ALIASED_OUTPUT);
                CHECK_THAT(laplace_last_error(), Catch::Contains("change points into the grid u"));
                CHECK(same_bytes(buffer, before));
            } else {
                CHECK(s == LAPLACE_OK);
            }
            buffer = before;
            int iterations = 0;
            double solve_change = 0;
            int *const iterations_at = reinterpret_cast<int *>(&buffer[at]);
            const int t = laplace_solve(k.name.c_str(), u, p.nx, p.ny, p.dx, p.dy, 5, 0.0,
                                        inside ? iterations_at : &iterations, change);
            const int v = laplace_solve(k.name.c_str(), u, p.nx, p.ny, p.dx, p.dy, 5, 0.0,
                                        inside ? iterations_at : &iterations, &solve_change);
            if (inside) {
                CHECK(t == LAPLACE_ERROR_ALIASED_OUTPUT);
                CHECK(v == LAPLACE_ERROR_ALIASED_OUTPUT);
                CHECK_THAT(laplace_last_error(), Catch::Contains("iterations points into"));
                CHECK(same_bytes(buffer, before));
            } else {
                CHECK(t == LAPLACE_OK);
                CHECK(v == LAPLACE_OK);
            }
        }
    }
    CHECK(std::string(laplace_status_name(LAPLACE_ERROR_ALIASED_OUTPUT)) ==
          "LAPLACE_ERROR_ALIASED_OUTPUT");
}
PER_KERNEL_TEST_CASE("outputs that point into the grid are rejected, grid untouched", "[guard]",
                     aliased_outputs);

} // namespace
