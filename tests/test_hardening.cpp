// Guard rails of the C ABI, for every kernel of the registry: extreme but valid spacings,
// tolerances below what double precision resolves, grids at the edge of what int arithmetic
// and the address space allow.
#include "per_kernel.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <climits>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

using laplace::KernelInfo;

bool same_bytes(const std::vector<double> &a, const std::vector<double> &b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Regression (found by the fuzz target): dx = 1e-200 and dy = 1.2e-321 are finite and > 0, so
// valid, but their squares underflow to 0 and every kernel produced 0/0 = NaN, reported as
// "the iteration overflowed". The scheme depends on dx/dy only: the C ABI now scales both
// spacings by one power of two before a kernel sees them.
void extreme_spacings(const KernelInfo &k) {
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
        (k.scheme == "jacobi" ? test::oracle_jacobi : test::oracle_gauss_seidel)(oracle);
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
    (k.scheme == "jacobi" ? test::oracle_jacobi : test::oracle_gauss_seidel)(oracle);
    CHECK(test::relative_distance(u, oracle.u) <= test::same_scheme_tolerance);
}
PER_KERNEL_TEST_CASE("extreme spacings: only dx/dy matters, no 0/0", "[guard]", extreme_spacings);

} // namespace
