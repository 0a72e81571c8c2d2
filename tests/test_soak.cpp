// Soak: a bounded random mix of what the library offers, each result checked against an oracle.
// Rounds of four kinds, chosen at random:
//   - a Poisson solve by a solver (every method, every kernel for "iterate", weights, threads,
//     f, both layouts, spacings scaled by powers of two, setups reused): u must be the exact
//     cubic u = x^2 y + y^3 of u_xx + u_yy = 8y, which the 5-point scheme reproduces, to within
//     what the residual tolerance allows, and the report must say why it stopped;
//   - a few sweeps of a kernel through the C ABI (any thread count, one far beyond the
//     processors): u must be the textbook sweep of its scheme (tests/support.hpp);
//   - one bad input among many (NaN in u or f, f overlapping u, bad extents, spacings, names,
//     weights, threads, tolerances, a mismatched setup, an output inside u): the status it calls
//     for, and u and f bitwise untouched;
//   - three solver objects solving at once from three threads: each equal to its serial twin.
// The seed is printed; LAPLACE_SOAK_SEED=S (and LAPLACE_SOAK_ROUNDS=N) replays a run.
//   laplace_test_soak [ROUNDS]
#include "support.hpp"

#include "laplace/laplace.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using test::Problem;

std::mt19937_64 rng;
int failures = 0;
std::string round_name; // what the current round does, for the report of a failure

void expect(bool ok, const std::string &what) {
    if (!ok) {
        ++failures;
        std::fprintf(stderr, "FAILED in %s: %s\n", round_name.c_str(), what.c_str());
    }
}

int uniform(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
}

double uniform(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
}

template <class T>
const T &pick(const std::vector<T> &items) {
    return items[std::size_t(uniform(0, int(items.size()) - 1))];
}

// The cubic problem on a random grid and domain: u's boundary and f from the cubic, the interior
// a random guess, the spacings (and f, inversely squared) scaled by a power of two, which gives
// the same discrete problem. `exact` is the cubic at the grid points.
struct Cubic {
    Problem p;
    std::vector<double> exact;
};

Cubic cubic(int largest) {
    const int nx = uniform(3, largest), ny = uniform(3, largest);
    const double x0 = uniform(-1.0, 0.5), y0 = uniform(-1.0, 0.5);
    // Aspect ratios of the cells within [1/2, 2], so that no iterative method crawls.
    const double dx = uniform(0.02, 0.1), dy = dx * uniform(0.5, 2.0);
    Cubic c{test::poisson_cubic(nx, ny, x0, x0 + dx * (nx - 1), y0, y0 + dy * (ny - 1)), {}};
    c.exact = test::poisson_cubic_exact(c.p, x0, y0);
    for (int i = 1; i < nx - 1; ++i) {
        for (int j = 1; j < ny - 1; ++j) {
            c.p.u[std::size_t(i) * ny + j] = uniform(-1.0, 1.0);
        }
    }
    const int k = pick(std::vector<int>{0, 0, 1, -3, 100, -250});
    c.p.dx = std::ldexp(c.p.dx, k);
    c.p.dy = std::ldexp(c.p.dy, k);
    for (double &v : c.p.f) {
        v = std::ldexp(v, -2 * k);
    }
    return c;
}

std::vector<laplace::KernelInfo> kernels;
std::vector<laplace::MethodInfo> methods;

// A weight the kernel takes in the method: its default, or (Jacobi damping, SOR factor) a value
// in (0, 2); a Jacobi smoother of multigrid only damped, in (0, 1).
double weight_for(const std::string &method, const std::string &scheme) {
    if (scheme == "jacobi") {
        return laplace::method(method).takes_cycle ? pick(std::vector<double>{0.0, 0.6, 0.8})
                                                   : pick(std::vector<double>{0.0, 0.8, 1.0});
    }
    if (scheme == "red-black-sor") {
        return pick(std::vector<double>{0.0, 1.5});
    }
    return 0.0;
}

// What a solver is made with.
struct Settings {
    std::string method, kernel; // kernel "" : the method's default
    double weight = 0.0;
    int threads = 0;
};

// A direct method, multigrid, or a kernel that converges in O(n) sweeps: solves that take few
// iterations.
bool quick(const Settings &s) {
    const laplace::MethodInfo m = laplace::method(s.method);
    return m.kind == "direct" || m.takes_cycle || s.kernel == "omp-sor";
}

// A random method, kernel and weight; threads beyond 1 only for quick solves, so that on a busy
// machine (ctest -j) a round is not thousands of slow barriers.
Settings random_settings(bool one_thread) {
    Settings s;
    const laplace::MethodInfo &m = pick(methods);
    s.method = m.name;
    if (m.takes_kernel) {
        const laplace::KernelInfo &k = pick(kernels);
        s.kernel = k.name;
        s.weight = weight_for(m.name, k.scheme);
    }
    s.threads = one_thread ? 1
                : quick(s) ? pick(std::vector<int>{0, 1, 2, 1 << 20})
                           : uniform(0, 1);
    return s;
}

std::string describe(const Settings &s) {
    return s.method + (s.kernel.empty() ? "" : "/" + s.kernel) + ", weight " +
           std::to_string(s.weight) + ", " + std::to_string(s.threads) + " threads";
}

// A solver with the settings, stopping at rtol 1e-10 (C ABI); NULL with a failure recorded.
laplace_solver *make_solver(const Settings &s) {
    laplace_solver *solver = nullptr;
    int status = laplace_solver_create(s.method.c_str(), &solver);
    if (status == LAPLACE_OK && !s.kernel.empty()) {
        status = laplace_solver_set_kernel(solver, s.kernel.c_str());
    }
    if (status == LAPLACE_OK && !s.kernel.empty()) {
        status = laplace_solver_set_weight(solver, s.weight);
    }
    if (status == LAPLACE_OK) {
        status = laplace_solver_set_threads(solver, s.threads);
    }
    if (status == LAPLACE_OK) {
        status = laplace_solver_set_max_iter(solver, 400000);
    }
    if (status == LAPLACE_OK) {
        status = laplace_solver_set_tolerances(solver, 1e-10, 0.0, 0.0);
    }
    expect(status == LAPLACE_OK, std::string("making the solver: ") + laplace_last_error());
    if (status != LAPLACE_OK) {
        laplace_solver_destroy(solver);
        return nullptr;
    }
    return solver;
}

// Solves p in place; in the Fortran layout, the same bytes are the transposed grid u(ny, nx).
int solve(laplace_solver *s, Problem &p, bool colmajor) {
    return colmajor ? laplace_solver_solve_colmajor(s, p.u.data(), p.rhs(), p.ny, p.nx, p.dy, p.dx)
                    : laplace_solver_solve(s, p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
}

laplace_result result_of(const laplace_solver *s) {
    laplace_result r{};
    r.size = sizeof r;
    laplace_solver_get_result(s, &r);
    return r;
}

// A solve of `c` that must reach the exact cubic.
void check_solution(const Cubic &c, const laplace_result &r, int status) {
    expect(status == LAPLACE_OK, std::string("the solve failed: ") + laplace_last_error());
    expect(r.converged == 1, "not converged, stop reason " + std::to_string(r.stop_reason));
    expect(r.stop_reason == LAPLACE_STOP_RTOL || r.stop_reason == LAPLACE_STOP_DIRECT,
           "stop reason " + std::to_string(r.stop_reason));
    expect(r.stop_reason != LAPLACE_STOP_RTOL || r.relative_residual <= 1e-10,
           "an rtol stop above rtol");
    expect(r.iterations == 0 || r.threads >= 1, "iterations on no thread");
    const double distance = test::relative_distance(c.p.u, c.exact);
    expect(distance <= 1e-6, "u is " + std::to_string(distance) + " from the exact cubic");
}

// A Poisson solve to rtol 1e-10, then a second one on the same setup: the same bits.
void solve_round() {
    const Settings s = random_settings(false);
    const bool colmajor = uniform(0, 1) == 1;
    Cubic c = cubic(quick(s) ? 60 : 24);
    round_name = "a solve by " + describe(s) + ", " + std::to_string(c.p.nx) + " x " +
                 std::to_string(c.p.ny) + (colmajor ? ", Fortran layout" : "");
    laplace_solver *solver = make_solver(s);
    if (solver == nullptr) {
        return;
    }
    Problem again = c.p;
    const std::vector<double> f = c.p.f;
    check_solution(c, result_of(solver), solve(solver, c.p, colmajor));
    expect(solve(solver, again, colmajor) == LAPLACE_OK, "the second solve failed");
    expect(test::same_bytes(again.u, c.p.u), "the reused setup gives other bits");
    expect(test::same_bytes(c.p.f, f), "f was written");
    laplace_solver_destroy(solver);
}

// A few sweeps of a kernel through the C ABI against the textbook sweep of its scheme.
void sweep_round() {
    const laplace::KernelInfo &k = pick(kernels);
    Problem p = test::layout_probe(uniform(3, 50), uniform(3, 50));
    laplace_options o = laplace_options_default();
    o.num_threads = pick(std::vector<int>{0, 1, 2, 3, 1 << 20});
    const int sweeps = uniform(1, 4);
    round_name = std::to_string(sweeps) + " sweeps of " + k.name + " on " +
                 std::to_string(o.num_threads) + " threads, " + std::to_string(p.nx) + " x " +
                 std::to_string(p.ny);
    Problem oracle = p;
    const test::Oracle sweep = test::oracle_for(k.scheme);
    for (int n = 0; n < sweeps; ++n) {
        double change = -1;
        expect(laplace_sweep_ex(k.name.c_str(), p.u.data(), p.nx, p.ny, p.dx, p.dy, &o, &change) ==
                   LAPLACE_OK,
               std::string("the sweep failed: ") + laplace_last_error());
        const double expected = sweep(oracle);
        expect(test::relative_difference(change, expected) <= 1e-12, "another change norm");
    }
    expect(test::relative_distance(p.u, oracle.u) <= test::same_scheme_tolerance,
           "not the textbook sweep");
}

// One bad input: the status it calls for, u and f bitwise untouched, no result.
void bad_input_round() {
    Cubic c = cubic(20);
    Problem &p = c.p;
    const std::size_t points = p.u.size();
    const std::size_t at = std::size_t(uniform(0, int(points) - 1));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const Settings s = random_settings(true);
    laplace_solver *solver = make_solver(s);
    if (solver == nullptr) {
        return;
    }
    int expected = LAPLACE_OK;
    int status = LAPLACE_OK;
    const int which = uniform(0, 11);
    const double *f = p.f.data();
    std::vector<double> u_before = p.u, f_before = p.f;
    switch (which) {
    case 0:
        u_before[at] = p.u[at] = pick(std::vector<double>{nan, HUGE_VAL, -HUGE_VAL});
        expected = LAPLACE_ERROR_NONFINITE_INPUT;
        break;
    case 1:
        f_before[at] = p.f[at] = nan;
        expected = LAPLACE_ERROR_NONFINITE_INPUT;
        break;
    case 2:
        f = p.u.data() + at;
        expected = LAPLACE_ERROR_ALIASED_INPUT;
        break;
    case 3:
        p.nx = uniform(-3, 2);
        expected = LAPLACE_ERROR_BAD_EXTENT;
        break;
    case 4:
        p.dy = pick(std::vector<double>{0.0, -1.0, nan, HUGE_VAL});
        expected = LAPLACE_ERROR_BAD_SPACING;
        break;
    case 5: // set up for another grid
        laplace_solver_setup(solver, p.nx + 1, p.ny, p.dx, p.dy);
        expected = LAPLACE_ERROR_SETUP_MISMATCH;
        break;
    case 6: // set up in the other layout
        laplace_solver_setup_colmajor(solver, p.ny, p.nx, p.dy, p.dx);
        expected = LAPLACE_ERROR_SETUP_MISMATCH;
        break;
    case 7:
        status = laplace_solver_set_kernel(solver, "no-such-kernel");
        expected = s.kernel.empty() ? LAPLACE_ERROR_BAD_KERNEL : LAPLACE_ERROR_UNKNOWN_KERNEL;
        break;
    case 8:
        status = laplace_solver_set_weight(solver, pick(std::vector<double>{2.0, -0.5, nan}));
        expected = s.kernel.empty() ? LAPLACE_ERROR_BAD_KERNEL : LAPLACE_ERROR_BAD_OMEGA;
        break;
    case 9:
        status = laplace_solver_set_threads(solver, uniform(-1000, -1));
        expected = LAPLACE_ERROR_BAD_THREADS;
        break;
    case 10:
        status = laplace_solver_set_tolerances(solver, -1.0, nan, 0.0);
        expected = LAPLACE_ERROR_BAD_TOLERANCE;
        break;
    default: { // an output of a study call inside u, and a name with a NUL through the facade
        double *change = p.u.data() + at;
        status =
            laplace_sweep(pick(kernels).name.c_str(), p.u.data(), p.nx, p.ny, p.dx, p.dy, change);
        expect(status == LAPLACE_ERROR_ALIASED_OUTPUT, "an output inside u was accepted");
        try {
            const std::string name = pick(kernels).name + std::string(1, '\0') + "x";
            laplace::sweep(std::string_view(name), p.u.data(), p.nx, p.ny, p.dx, p.dy);
            expect(false, "a name with a NUL inside was accepted");
        } catch (const laplace::Error &e) {
            status = e.status();
        }
        expected = LAPLACE_ERROR_UNKNOWN_KERNEL;
        break;
    }
    }
    round_name = "bad input " + std::to_string(which) + " to " + describe(s);
    if (which <= 6) {
        const bool colmajor = which < 5 && uniform(0, 1) == 1; // 5, 6: solved in the C layout
        status = colmajor
                     ? laplace_solver_solve_colmajor(solver, p.u.data(), f, p.ny, p.nx, p.dy, p.dx)
                     : laplace_solver_solve(solver, p.u.data(), f, p.nx, p.ny, p.dx, p.dy);
        expect(result_of(solver).stop_reason == LAPLACE_STOP_NONE, "a rejected solve's result");
    }
    expect(status == expected, "status " + std::to_string(status) + ", not " +
                                   std::to_string(expected) + ": " + laplace_last_error());
    expect(test::same_bytes(p.u, u_before), "u was written");
    expect(test::same_bytes(p.f, f_before), "f was written");
    laplace_solver_destroy(solver);
}

// Three solver objects solving at once from three threads, each bitwise its serial twin
// (blas-fdm: its BLAS threads drop to one when solves overlap, which changes the rounding, so
// only within the exact solution's tolerance).
void concurrent_round() {
    constexpr int count = 3;
    std::vector<Settings> settings;
    std::vector<Cubic> cases;
    std::vector<Problem> serial;
    round_name = "three solves at once:";
    for (int t = 0; t < count; ++t) {
        settings.push_back(random_settings(true));
        cases.push_back(cubic(quick(settings.back()) ? 48 : 20));
        round_name.append(" ").append(describe(settings.back())).append(";"); // GCC 12 -Wrestrict
        serial.push_back(cases.back().p);
        laplace_solver *s = make_solver(settings.back());
        if (s == nullptr) {
            return;
        }
        solve(s, serial.back(), false);
        laplace_solver_destroy(s);
    }
    std::vector<int> status(count, -1);
    std::vector<laplace_result> results(count);
    std::vector<std::thread> threads;
    for (int t = 0; t < count; ++t) {
        threads.emplace_back([&, t] {
            laplace_solver *s = make_solver(settings[std::size_t(t)]);
            if (s != nullptr) {
                status[std::size_t(t)] = solve(s, cases[std::size_t(t)].p, false);
                results[std::size_t(t)] = result_of(s);
                laplace_solver_destroy(s);
            }
        });
    }
    for (std::thread &t : threads) {
        t.join();
    }
    for (std::size_t t = 0; t < count; ++t) {
        check_solution(cases[t], results[t], status[t]);
        if (settings[t].method == "iterate") {
            expect(test::same_bytes(cases[t].p.u, serial[t].u), "not the serial bits");
        }
    }
}

} // namespace

int main(int argc, char **argv) {
    std::uint64_t seed = 20261202;
    if (const char *env = std::getenv("LAPLACE_SOAK_SEED"); env != nullptr && *env != '\0') {
        seed = std::strtoull(env, nullptr, 10);
    }
    int rounds = argc > 1 ? std::atoi(argv[1]) : 1000;
    if (const char *env = std::getenv("LAPLACE_SOAK_ROUNDS"); env != nullptr && *env != '\0') {
        rounds = std::atoi(env);
    }
    std::printf("laplace soak: %d rounds, seed %llu (replay: LAPLACE_SOAK_SEED=%llu)\n", rounds,
                static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
    std::fflush(stdout);
    rng.seed(seed);
    kernels = laplace::kernels();
    methods = laplace::methods();
    for (int n = 0; n < rounds; ++n) {
        const int kind = uniform(0, 9);
        if (kind < 4) {
            solve_round();
        } else if (kind < 6) {
            sweep_round();
        } else if (kind < 9) {
            bad_input_round();
        } else {
            concurrent_round();
        }
    }
    std::printf("%d rounds: %d failures (seed %llu)\n", rounds, failures,
                static_cast<unsigned long long>(seed));
    return failures == 0 ? 0 : 1;
}
