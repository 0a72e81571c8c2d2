// Bad input through the C ABI and the C++ facade, for every kernel: each case gets its own
// status and a message that names the problem, and the caller's grid is left untouched.
#include "per_kernel.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <climits>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using laplace::KernelInfo;
using test::same_bytes;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// The arguments of one laplace_sweep / laplace_solve call, valid until a case spoils them.
// It points into itself, so it is built in place and never copied.
struct Call {
    explicit Call(const KernelInfo &k) : kernel(k.name), grid(test::layout_probe().u) {
        const test::Problem p = test::layout_probe();
        nx = p.nx;
        ny = p.ny;
        dx = p.dx;
        dy = p.dy;
    }
    Call(const Call &) = delete;
    Call &operator=(const Call &) = delete;

    std::string kernel;
    std::vector<double> grid;
    const char *kernel_ptr = kernel.c_str();
    double *u = grid.data();
    int nx, ny;
    double dx, dy;
    int max_iter = 10;
    double tol = 1e-8;
    int iterations = -7;
    double change = -7.0;
    int *iterations_ptr = &iterations;
    double *change_ptr = &change;
    laplace_options options = laplace_options_default();
};

struct Case {
    const char *what;
    int status;
    std::string says; // the message contains this
    void (*spoil)(Call &);
    bool for_sweep = true;
    bool for_solve = true;
};

const std::string long_name(5000, 'a');

// What the message shows of long_name: its first 64 characters, then "...".
std::string long_name_shown() {
    std::string shown = "unknown kernel '";
    shown.append(64, 'a');
    return shown.append("...'");
}

const std::vector<Case> &cases() {
    static const std::vector<Case> all = {
        {"nx < 3", LAPLACE_ERROR_BAD_EXTENT, "nx = 2", [](Call &c) { c.nx = 2; }},
        {"ny < 3", LAPLACE_ERROR_BAD_EXTENT, "ny = 1", [](Call &c) { c.ny = 1; }},
        {"negative nx", LAPLACE_ERROR_BAD_EXTENT, "nx = -5", [](Call &c) { c.nx = -5; }},
        {"null u", LAPLACE_ERROR_NULL_POINTER, "u is NULL", [](Call &c) { c.u = nullptr; }},
        {"null kernel name", LAPLACE_ERROR_NULL_POINTER, "kernel name is NULL",
         [](Call &c) { c.kernel_ptr = nullptr; }},
        {"null change", LAPLACE_ERROR_NULL_POINTER, "change is NULL",
         [](Call &c) { c.change_ptr = nullptr; }},
        {"null iterations", LAPLACE_ERROR_NULL_POINTER, "iterations is NULL",
         [](Call &c) { c.iterations_ptr = nullptr; }, false},
        {"dx = 0", LAPLACE_ERROR_BAD_SPACING, "dx = 0:", [](Call &c) { c.dx = 0.0; }},
        {"negative dy", LAPLACE_ERROR_BAD_SPACING, "dy = -0.5", [](Call &c) { c.dy = -0.5; }},
        {"NaN dx", LAPLACE_ERROR_BAD_SPACING, "dx = nan", [](Call &c) { c.dx = nan; }},
        {"infinite dy", LAPLACE_ERROR_BAD_SPACING, "dy = inf", [](Call &c) { c.dy = inf; }},
        {"NaN inside u", LAPLACE_ERROR_NONFINITE_INPUT, "(i = 4, j = 5) = nan",
         [](Call &c) { c.grid[4 * std::size_t(c.ny) + 5] = nan; }},
        {"-Inf on the boundary", LAPLACE_ERROR_NONFINITE_INPUT, "(i = 0, j = 3) = -inf",
         [](Call &c) { c.grid[3] = -inf; }},
        {"unknown kernel", LAPLACE_ERROR_UNKNOWN_KERNEL, "unknown kernel 'no-such-kernel'",
         [](Call &c) { c.kernel_ptr = "no-such-kernel"; }},
        {"kernel name that is not UTF-8", LAPLACE_ERROR_UNKNOWN_KERNEL,
         "unknown kernel '\\xFF\\xFEcpp'",
         [](Call &c) {
             c.kernel_ptr = "\xff\xfe"
                            "cpp";
         }},
        {"very long kernel name", LAPLACE_ERROR_UNKNOWN_KERNEL, long_name_shown(),
         [](Call &c) { c.kernel_ptr = long_name.c_str(); }},
        {"negative max_iter", LAPLACE_ERROR_BAD_MAX_ITER, "max_iter = -1",
         [](Call &c) { c.max_iter = -1; }, false},
        {"negative tol", LAPLACE_ERROR_BAD_TOLERANCE, "tol = -1", [](Call &c) { c.tol = -1; },
         false},
        {"NaN tol", LAPLACE_ERROR_BAD_TOLERANCE, "tol = nan", [](Call &c) { c.tol = nan; }, false},
        {"nx*ny beyond the address space", LAPLACE_ERROR_TOO_LARGE, "larger than the address space",
         [](Call &c) { c.nx = c.ny = INT_MAX; }},
        {"omega = 2", LAPLACE_ERROR_BAD_OMEGA,
         "omega = 2: the SOR relaxation factor must be in (0, 2)",
         [](Call &c) { c.options.omega = 2.0; }},
        {"negative omega", LAPLACE_ERROR_BAD_OMEGA,
         "omega = -0.5:", [](Call &c) { c.options.omega = -0.5; }},
        {"NaN omega", LAPLACE_ERROR_BAD_OMEGA,
         "omega = nan:", [](Call &c) { c.options.omega = nan; }},
        {"negative num_threads", LAPLACE_ERROR_BAD_THREADS, "num_threads = -1: must be >= 0",
         [](Call &c) { c.options.num_threads = -1; }},
    };
    return all;
}

int call_sweep(Call &c) {
    return laplace_sweep_ex(c.kernel_ptr, c.u, c.nx, c.ny, c.dx, c.dy, &c.options, c.change_ptr);
}

int call_solve(Call &c) {
    return laplace_solve_ex(c.kernel_ptr, c.u, c.nx, c.ny, c.dx, c.dy, c.max_iter, c.tol,
                            &c.options, c.iterations_ptr, c.change_ptr);
}

void bad_input_through_the_c_abi(const KernelInfo &k) {
    for (const Case &bad : cases()) {
        for (const bool solve : {false, true}) {
            if (solve ? !bad.for_solve : !bad.for_sweep) {
                continue;
            }
            Call c(k);
            bad.spoil(c);
            const std::vector<double> before = c.grid;
            const int status = solve ? call_solve(c) : call_sweep(c);
            INFO((solve ? "laplace_solve" : "laplace_sweep")
                 << ", " << bad.what << ": " << laplace_last_error());
            CHECK(status == bad.status);
            CHECK_THAT(laplace_last_error(), Catch::Contains(bad.says));
            CHECK(same_bytes(c.grid, before));
            CHECK(c.change == -7.0); // outputs are not written on a validation error
            CHECK(c.iterations == -7);
        }
    }
    // A good call afterwards clears the message.
    Call c(k);
    REQUIRE(call_sweep(c) == LAPLACE_OK);
    CHECK(std::string(laplace_last_error()).empty());
}
PER_KERNEL_TEST_CASE("bad input through the C ABI is rejected, u untouched", "[errors]",
                     bad_input_through_the_c_abi);

void bad_input_through_the_facade(const KernelInfo &k) {
    for (const Case &bad : cases()) {
        Call c(k);
        bad.spoil(c);
        if (c.kernel_ptr == nullptr || c.change_ptr == nullptr || c.iterations_ptr == nullptr) {
            continue; // the facade has no way to pass these
        }
        const std::vector<double> before = c.grid;
        const std::string name = c.kernel_ptr;
        INFO(bad.what);
        try {
            if (bad.for_sweep) {
                laplace::sweep(name, c.u, c.nx, c.ny, c.dx, c.dy,
                               {c.options.num_threads, c.options.omega});
            } else {
                laplace::solve(name, c.u, c.nx, c.ny, c.dx, c.dy,
                               {c.max_iter, c.tol, c.options.num_threads, c.options.omega});
            }
            FAIL("no exception");
        } catch (const laplace::Error &e) {
            CHECK(e.status() == bad.status);
            CHECK_THAT(e.what(), Catch::Contains(bad.says));
        }
        CHECK(same_bytes(c.grid, before));
    }
}
PER_KERNEL_TEST_CASE("bad input through the C++ facade throws laplace::Error, u untouched",
                     "[errors]", bad_input_through_the_facade);

void workspace_too_large_to_allocate(const KernelInfo &k) {
    const int index = laplace_kernel_index(k.name.c_str());
    if (laplace_kernel_workspace_grids(index) == 0) {
        SUCCEED("kernel allocates nothing");
        return;
    }
    // 2^21 x 2^21 points: a 32 TiB workspace, which no allocator gives.
    Call c(k);
    c.nx = c.ny = 1 << 21;
    const std::vector<double> before = c.grid;
    CHECK(call_sweep(c) == LAPLACE_ERROR_TOO_LARGE);
    CHECK_THAT(laplace_last_error(), Catch::Contains("cannot allocate"));
    CHECK(call_solve(c) == LAPLACE_ERROR_TOO_LARGE);
    CHECK(same_bytes(c.grid, before));
}
PER_KERNEL_TEST_CASE("a workspace too large to allocate is a clear error", "[errors]",
                     workspace_too_large_to_allocate);

void overflow_is_reported(const KernelInfo &k) {
    {
        // Values near the largest double: the neighbour sums overflow to Inf in the first sweep.
        Call c(k);
        std::fill(c.grid.begin(), c.grid.end(), 1.5e308);
        CHECK(call_sweep(c) == LAPLACE_ERROR_NONFINITE_RESULT);
        CHECK_THAT(laplace_last_error(), Catch::Contains("sweep 1 of kernel '" + k.name +
                                                         "' produced a non-finite value"));
    }
    {
        Call c(k);
        std::fill(c.grid.begin(), c.grid.end(), 1.5e308);
        CHECK(call_solve(c) == LAPLACE_ERROR_NONFINITE_RESULT);
        CHECK(c.iterations == 1);
    }
    {
        // Finite values whose squared changes overflow (1e400): not an error, the change norm
        // is computed scaled (regression: it was +Inf, reported as "not finite although u is
        // finite").
        Call c(k);
        for (double &v : c.grid) {
            v = v > 0 ? 1e200 : -1e200;
        }
        CHECK(call_solve(c) == LAPLACE_OK);
        CHECK(std::isfinite(c.change));
        CHECK(c.change > 1e160); // after 10 sweeps; its square is beyond DBL_MAX
        Call d(k);
        for (double &v : d.grid) {
            v = v > 0 ? 1e200 : -1e200;
        }
        const double change = laplace::sweep(k.name, d.u, d.nx, d.ny, d.dx, d.dy);
        CHECK(std::isfinite(change));
        CHECK(change > 1e199);
    }
}
PER_KERNEL_TEST_CASE("a sweep that overflows stops with an error", "[errors]",
                     overflow_is_reported);

} // namespace

TEST_CASE("the facade rejects bad grids and unknown kernels", "[errors]") {
    CHECK_THROWS_MATCHES(laplace::Grid(2, 10), laplace::Error,
                         Catch::Message("Grid: nx = 2: must be >= 3"));
    CHECK_THROWS_WITH(laplace::Grid(10, 10, 0.0, 1.0, 1.0, 1.0),
                      Catch::Contains("need finite ymin < ymax"));
    CHECK_THROWS_WITH(laplace::kernel("nope"), Catch::Contains("unknown kernel 'nope'"));
}

// A C string ends at its first NUL, so a name holding one would reach the C ABI cut short:
// "cpp-loop\0x" would run cpp-loop. The facade rejects it, u untouched.
TEST_CASE("the facade rejects kernel and method names with a NUL inside", "[errors]") {
    using namespace std::string_view_literals;
    const auto rejects = [](int status, auto call) {
        try {
            call();
            FAIL("accepted a name with a NUL inside");
        } catch (const laplace::Error &e) {
            CHECK(e.status() == status);
            CHECK_THAT(e.what(), Catch::Contains("NUL"));
        }
    };
    test::Problem p = test::layout_probe();
    const std::vector<double> before = p.u;
    for (const std::string_view name : {"cpp-loop\0x"sv, "cpp-loop\0"sv, "\0cpp-loop"sv}) {
        INFO("kernel name of " << name.size() << " bytes");
        rejects(LAPLACE_ERROR_UNKNOWN_KERNEL, [&] { laplace::kernel(name); });
        rejects(LAPLACE_ERROR_UNKNOWN_KERNEL,
                [&] { laplace::sweep(name, p.u.data(), p.nx, p.ny, p.dx, p.dy); });
        rejects(LAPLACE_ERROR_UNKNOWN_KERNEL,
                [&] { laplace::solve(name, p.u.data(), p.nx, p.ny, p.dx, p.dy); });
        laplace::SolverOptions o;
        o.kernel = std::string(name);
        rejects(LAPLACE_ERROR_UNKNOWN_KERNEL, [&] { laplace::Solver s("iterate", o); });
        CHECK(same_bytes(p.u, before));
    }
    for (const std::string_view name : {"iterate\0x"sv, "iterate\0"sv}) {
        rejects(LAPLACE_ERROR_UNKNOWN_METHOD, [&] { laplace::method(name); });
        rejects(LAPLACE_ERROR_UNKNOWN_METHOD, [&] { laplace::Solver s(name); });
    }
}

// The scan of u on entry goes by blocks, and for an OpenMP kernel by the team's blocks of rows:
// a grid of many blocks, each kind of non-finite value (either sign, NaN with a payload) at
// places before, at and after block edges, alone or with another one later (in another thread's
// rows), with the largest finite values and the smallest subnormal elsewhere; the message names
// the first bad point, found here by a plain loop. Serial and OpenMP kernels, 1 to 3 threads.
TEST_CASE("the first non-finite value of a large grid is the one named", "[errors]") {
    std::vector<std::string> kernels = {"cpp-loop"};
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        if (k.threading == "openmp") {
            kernels.push_back(k.name);
        }
    }
    const int nx = 37, ny = 101; // 3737 points, not a multiple of any block size
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const double payload_nan = std::bit_cast<double>(std::uint64_t(0xfff4000000000123));
    const double max = std::numeric_limits<double>::max();
    const double tiny = std::numeric_limits<double>::denorm_min();
    const std::vector<std::pair<std::size_t, double>> bad = {
        {0, nan},     {511, -inf}, {512, inf},   {1023, payload_nan},
        {1024, -nan}, {2047, inf}, {3000, -inf}, {3736, nan}};
#if LAPLACE_TEST_OPENMP
    const test::OpenMPDefaultAtLeast three(3); // teams of 3 even on 2 processors
#endif
    for (const auto &[at, value] : bad) {
        for (const std::string &kernel : kernels) {
            for (const int threads : {1, 2, 3}) {
                for (const bool second_one_later : {false, true}) {
                    std::vector<double> u(std::size_t(nx) * ny, 1.0);
                    u[1] = max;
                    u[2] = -max;
                    u[3] = tiny;
                    u[3735] = -max;
                    u[at] = value;
                    if (second_one_later && at + 300 < u.size()) {
                        u[at + 300] = nan;
                    }
                    std::size_t first = 0;
                    while (std::isfinite(u[first])) {
                        ++first;
                    }
                    const std::vector<double> before = u;
                    double change = -7;
                    INFO("bad value at " << at << ", " << kernel << " on " << threads
                                         << " threads");
                    laplace_options o = laplace_options_default();
                    o.num_threads = threads;
                    REQUIRE(laplace_sweep_ex(kernel.c_str(), u.data(), nx, ny, 0.1, 0.2, &o,
                                             &change) == LAPLACE_ERROR_NONFINITE_INPUT);
                    const std::string where = "(i = " + std::to_string(first / ny) +
                                              ", j = " + std::to_string(first % ny) + ")";
                    CHECK_THAT(std::string(laplace_last_error()), Catch::Contains(where));
                    CHECK(same_bytes(u, before));
                }
            }
        }
    }
    std::vector<double> finite(std::size_t(nx) * ny, max);
    finite[7] = -max;
    finite[600] = tiny;
    double change = -7;
    CHECK(laplace_sweep("cpp-loop", finite.data(), nx, ny, 0.1, 0.2, &change) !=
          LAPLACE_ERROR_NONFINITE_INPUT);
}

TEST_CASE("NULL options are the defaults, and the defaults are {0, 0}", "[errors]") {
    const laplace_options o = laplace_options_default();
    CHECK(o.num_threads == 0);
    CHECK(o.omega == 0.0);
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        INFO(k.name);
        test::Problem a = test::layout_probe(), b = test::layout_probe(), c = test::layout_probe();
        double ca = 0, cb = 0, cc = 0;
        REQUIRE(laplace_sweep(k.name.c_str(), a.u.data(), a.nx, a.ny, a.dx, a.dy, &ca) == 0);
        REQUIRE(laplace_sweep_ex(k.name.c_str(), b.u.data(), b.nx, b.ny, b.dx, b.dy, nullptr,
                                 &cb) == 0);
        REQUIRE(laplace_sweep_ex(k.name.c_str(), c.u.data(), c.nx, c.ny, c.dx, c.dy, &o, &cc) == 0);
        CHECK(a.u == b.u);
        CHECK(a.u == c.u);
        CHECK(ca == cb);
    }
}

TEST_CASE("status names", "[errors]") {
    CHECK(std::string(laplace_status_name(LAPLACE_ERROR_BAD_OMEGA)) == "LAPLACE_ERROR_BAD_OMEGA");
    CHECK(std::string(laplace_status_name(LAPLACE_ERROR_BAD_THREADS)) ==
          "LAPLACE_ERROR_BAD_THREADS");
    CHECK(std::string(laplace_status_name(LAPLACE_OK)) == "LAPLACE_OK");
    CHECK(std::string(laplace_status_name(LAPLACE_ERROR_BAD_SPACING)) ==
          "LAPLACE_ERROR_BAD_SPACING");
    CHECK(std::string(laplace_status_name(12345)) == "unknown status");
}
