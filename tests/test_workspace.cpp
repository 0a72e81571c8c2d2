// Every kernel of the table uses the workspace it declares (KernelEntry::workspace_doubles) and
// nothing more: each one is called directly, as the solver layer calls it, with exactly that
// many doubles between two guard zones, poisoned with NaN; the guards must come back untouched,
// and u and the change must be bitwise those of a run with a zeroed workspace (a kernel that read
// a double before writing it would carry the NaN into them). Shapes with fewer interior rows or
// columns than threads, teams of 1 to 3, with and without f, weights, the change or not, and
// workspaces at several alignments. (That no kernel allocates memory of its own is checked on
// the object files: tests/kernels_allocate_nothing.cmake.)
#include "registry.hpp"   // the kernel table (internal)
#include "validation.hpp" // scale_spacings: the spacings kernels get

#include "support.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

namespace {

using laplace::detail::KernelEntry;
using laplace::detail::Scheme;
using laplace::detail::Threading;

// Doubles of guard on each side, and their bits: a signalling NaN no arithmetic produces.
constexpr std::size_t guard = 64;
constexpr std::uint64_t canary = 0x7ff4c0ffee0dd00d;

struct Sweep {
    std::vector<double> u;
    double sum;
    bool guards_intact;
};

// One sweep of `k` on p with a workspace of exactly the declared size, starting `offset`
// doubles into a buffer, its doubles set to `fill` before the call.
Sweep sweep(const KernelEntry &k, test::Problem p, int threads, bool with_f, double weight,
            bool want_change, std::size_t offset, double fill) {
    const std::size_t declared = k.workspace_doubles(p.nx, p.ny, threads);
    std::vector<double> buffer(offset + guard + declared + guard, std::bit_cast<double>(canary));
    double *const workspace = buffer.data() + offset + guard;
    std::fill(workspace, workspace + declared, fill);
    const laplace::detail::Spacings sp = laplace::detail::scale_spacings(p.dx, p.dy);
    const laplace::detail::SweepCall call{{p.u.data(), p.nx, p.ny, sp.dx, sp.dy},
                                          with_f ? p.f.data() : nullptr,
                                          sp.f_weight,
                                          weight,
                                          threads,
                                          want_change};
    const double sum = k.sweep(call, workspace);
    bool intact = true;
    for (std::size_t at = 0; at < buffer.size(); ++at) {
        if (at < offset + guard || at >= offset + guard + declared) {
            intact = intact && std::bit_cast<std::uint64_t>(buffer[at]) == canary;
        }
    }
    return {std::move(p.u), sum, intact};
}

TEST_CASE("every kernel stays inside its declared workspace and reads it only after writing",
          "[workspace]") {
    const std::pair<int, int> shapes[] = {{3, 3}, {4, 40}, {40, 4}, {19, 13}, {37, 101}};
    for (const KernelEntry &k : laplace::detail::kernel_table()) {
        const int most_threads = k.threading == Threading::openmp ? 3 : 1;
        const bool weighted = k.scheme == Scheme::jacobi || k.scheme == Scheme::red_black_sor;
        for (const auto &[nx, ny] : shapes) {
            test::Problem p = test::poisson_cubic(nx, ny);
            for (double &v : p.u) {
                v += 0.25; // a guess off the solution, so that every sweep changes u
            }
            for (int threads = 1; threads <= most_threads; ++threads) {
                for (const bool with_f : {false, true}) {
                    for (const double weight : {1.0, weighted ? 1.3 : 1.0}) {
                        for (const bool want_change : {true, false}) {
                            for (const std::size_t offset : {0, 3}) {
                                INFO(k.name << ", " << nx << " x " << ny << ", " << threads
                                            << " threads, f " << with_f << ", weight " << weight
                                            << ", change " << want_change << ", offset " << offset);
                                const Sweep zeroed =
                                    sweep(k, p, threads, with_f, weight, want_change, offset, 0.0);
                                const Sweep poisoned = sweep(k, p, threads, with_f, weight,
                                                             want_change, offset, std::nan(""));
                                CHECK(zeroed.guards_intact);
                                CHECK(poisoned.guards_intact);
                                CHECK(test::same_bytes(poisoned.u, zeroed.u));
                                CHECK(test::same_bytes({&poisoned.sum, 1}, {&zeroed.sum, 1}));
                                CHECK(!test::same_bytes(zeroed.u, p.u)); // the sweep did work
                            }
                        }
                    }
                }
            }
        }
    }
}

} // namespace
