// The distributed solver against single-process oracles, run under mpiexec on 1 to 4 ranks.
//  - u after k distributed Jacobi sweeps of a registry kernel is bitwise u after k
//    single-process sweeps of the same kernel (C layout and column-major);
//  - red-black Gauss-Seidel and SOR match a plain serial red-black sweep written here, coloured
//    by global (i + j) parity, to the same-scheme tolerance;
//  - distributed solves converge to the exact discrete solution x^2 - y^2, checked by each rank
//    on its own points (no rank gathers the grid);
//  - bad input on one rank is reported on every rank with the same status, nothing written;
//  - Poisson (f = 8y, exact solution x^2 y + y^3): with f, every jacobi kernel and red-black
//    (against the omp-redblack and omp-sor kernels) bitwise the single-process solver "iterate";
//    set_rhs and scatter_rhs alike; the residual against laplace_residual, also where the ranks'
//    partial sums carry different scales; solves stopped by rtol within ||r||/lambda_min of the
//    exact solution; spacings scaled by 2^k (down to dx ~ 1e-200) with f by 2^-2k give the same
//    bits; bad input to the new functions.
// A plain program, not Catch2: a check that fails on one rank must not skip a collective call
// (the other ranks would wait forever), so every check records and goes on. nx != ny, dx != dy,
// and a boundary with no symmetry, so an axis or parity mix-up cannot pass.
#include "laplace/laplace_mpi.hpp"
#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace {

int rank = 0;
int size = 1;
int failures = 0;
int checks = 0;

void expect(bool ok, const std::string &what) {
    ++checks;
    if (!ok) {
        ++failures;
        std::printf("rank %d FAILED: %s\n", rank, what.c_str());
        std::fflush(stdout);
    }
}

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

constexpr int nx = 23, ny = 17; // interior 21 x 15: uneven blocks on 2, 3 and 4 ranks
constexpr int root = 0;

test::Problem probe() {
    return test::layout_probe(nx, ny);
}

laplace_mpi_grid *make_grid(const test::Problem &p, bool colmajor = false) {
    laplace_mpi_grid *g = nullptr;
    const int s = colmajor
                      ? laplace_mpi_grid_create_colmajor(MPI_COMM_WORLD, p.nx, p.ny, p.dx, p.dy, &g)
                      : laplace_mpi_grid_create(MPI_COMM_WORLD, p.nx, p.ny, p.dx, p.dy, &g);
    expect(s == LAPLACE_OK && g != nullptr, std::string("grid created: ") + laplace_last_error());
    return g;
}

// ---- Jacobi: bitwise the single-process kernel -------------------------------------------------

void jacobi_bitwise(const std::string &kernel, bool colmajor) {
    const std::string what = "kernel " + kernel + (colmajor ? " (colmajor)" : "");
    const test::Problem p = probe(); // colmajor: the same bytes read as u(nx, ny), x fast
    laplace_mpi_grid *g = make_grid(p, colmajor);
    const int from = size - 1; // scatter from the last rank, gather to the first
    expect(laplace_mpi_scatter(g, from, rank == from ? p.u.data() : nullptr) == LAPLACE_OK,
           what + ": scatter");
    double change[7] = {};
    for (int s = 0; s < 4; ++s) {
        expect(laplace_mpi_sweep(g, kernel.c_str(), &change[s]) == LAPLACE_OK,
               what + ": sweep: " + laplace_last_error());
    }
    int iterations = 0;
    expect(laplace_mpi_solve(g, kernel.c_str(), 3, 0.0, &iterations, &change[6]) == LAPLACE_OK,
           what + ": solve: " + laplace_last_error());
    expect(iterations == 3, what + ": solve with tol = 0 does max_iter sweeps");
    std::vector<double> gathered(rank == root ? p.u.size() : 0);
    expect(laplace_mpi_gather(g, root, gathered.data()) == LAPLACE_OK, what + ": gather");
    laplace_mpi_grid_free(g);
    if (rank != root) {
        return;
    }
    test::Problem serial = probe();
    double serial_change[7] = {};
    for (double &c : serial_change) {
        const int s =
            colmajor ? laplace_sweep_colmajor(kernel.c_str(), serial.u.data(), p.nx, p.ny, p.dx,
                                              p.dy, &c)
                     : laplace_sweep(kernel.c_str(), serial.u.data(), p.nx, p.ny, p.dx, p.dy, &c);
        expect(s == LAPLACE_OK, what + ": serial sweep");
    }
    expect(std::memcmp(gathered.data(), serial.u.data(), serial.u.size() * sizeof(double)) == 0,
           what + ": u after 7 distributed sweeps is bitwise u after 7 serial sweeps");
    for (int s : {0, 3, 6}) {
        // The global norm sums the ranks' squares in another order: equal to rounding.
        expect(std::abs(change[s] - serial_change[s]) <=
                   test::same_scheme_tolerance * serial_change[s],
               what + ": change norm of sweep " + std::to_string(s + 1) + " " +
                   std::to_string(change[s]) + " vs " + std::to_string(serial_change[s]));
    }
}

// ---- Red-black: a plain serial oracle --------------------------------------------------------

// Red points ((i + j) even, global indices) then black ones; SOR for omega != 1: the shared
// serial oracle of tests/support.hpp, plain Gauss-Seidel values when omega is 1.
double oracle_redblack(test::Problem &p, double omega) {
    return test::oracle_red_black(p, omega, omega != 1.0);
}

double sor_omega_for(const test::Problem &p) {
    const double pi = std::acos(-1.0);
    const double dx2 = p.dx * p.dx, dy2 = p.dy * p.dy;
    const double rho =
        (dy2 * std::cos(pi / (p.nx - 1)) + dx2 * std::cos(pi / (p.ny - 1))) / (dx2 + dy2);
    return 2 / (1 + std::sqrt(1 - rho * rho));
}

void redblack_matches_oracle(double omega) {
    const std::string what = "red-black, omega = " + std::to_string(omega);
    const test::Problem p = probe();
    laplace_mpi_grid *g = make_grid(p);
    laplace_mpi_scatter(g, root, p.u.data());
    constexpr int sweeps = 6;
    double change[sweeps] = {};
    for (double &c : change) {
        expect(laplace_mpi_sweep_redblack(g, omega, &c) == LAPLACE_OK,
               what + ": sweep: " + laplace_last_error());
    }
    std::vector<double> gathered(rank == root ? p.u.size() : 0);
    laplace_mpi_gather(g, root, gathered.data());
    laplace_mpi_grid_free(g);
    if (rank != root) {
        return;
    }
    test::Problem serial = probe();
    const double w = omega == 0.0 ? sor_omega_for(p) : omega;
    for (int s = 0; s < sweeps; ++s) {
        const double expected = oracle_redblack(serial, w);
        expect(std::abs(change[s] - expected) <= test::same_scheme_tolerance * expected,
               what + ": change norm of sweep " + std::to_string(s + 1));
    }
    const double d = test::relative_distance(gathered, serial.u);
    expect(d <= test::same_scheme_tolerance,
           what + ": u matches the serial red-black oracle, relative distance " +
               std::to_string(d));
}

// A registry kernel of a red-black scheme (a build with the OpenMP kernels has them): the
// distributed red-black sweep is the same sweep, so the results agree to rounding. Gauss-Seidel
// for scheme "red-black", SOR with the default (optimal) factor for "red-black-sor".
void redblack_matches_registry_kernel(const laplace::KernelInfo &k) {
    const std::string what = "red-black against kernel " + k.name;
    const double omega = k.scheme == "red-black" ? 1.0 : 0.0;
    const test::Problem p = probe();
    laplace_mpi_grid *g = make_grid(p);
    laplace_mpi_scatter(g, root, p.u.data());
    constexpr int sweeps = 6;
    for (int s = 0; s < sweeps; ++s) {
        double change = 0;
        expect(laplace_mpi_sweep_redblack(g, omega, &change) == LAPLACE_OK,
               what + ": sweep: " + laplace_last_error());
    }
    std::vector<double> gathered(rank == root ? p.u.size() : 0);
    laplace_mpi_gather(g, root, gathered.data());
    laplace_mpi_grid_free(g);
    if (rank != root) {
        return;
    }
    test::Problem serial = probe();
    for (int s = 0; s < sweeps; ++s) {
        laplace::sweep(k.name, serial.u.data(), p.nx, p.ny, p.dx, p.dy);
    }
    const double d = test::relative_distance(gathered, serial.u);
    expect(d <= test::same_scheme_tolerance, what + ": relative distance " + std::to_string(d));
}

// The tolerance tells colourings apart: black-first (what a rank would do if it coloured by its
// local index with an odd offset) is far from red-first.
void redblack_tolerance_can_fail() {
    if (rank != root) {
        return;
    }
    test::Problem red_first = probe();
    test::Problem black_first = probe();
    oracle_redblack(red_first, 1.0);
    // Black first: the same oracle on the grid with the colours swapped by a one-column shift
    // is not available, so sweep the colours in the other order directly.
    for (int colour = 1; colour >= 0; --colour) {
        for (int i = 1; i < nx - 1; ++i) {
            for (int j = 1; j < ny - 1; ++j) {
                if ((i + j) % 2 == colour) {
                    black_first.u[std::size_t(i) * ny + j] =
                        test::update(black_first.u, ny, i, j, black_first.dx, black_first.dy);
                }
            }
        }
    }
    expect(test::relative_distance(black_first.u, red_first.u) > 1e4 * test::same_scheme_tolerance,
           "red-first and black-first differ by far more than the tolerance");
}

// ---- Solves converge to x^2 - y^2, each rank checking its own points ---------------------------

double harmonic(double x, double y, void *) {
    return test::harmonic(x, y);
}

double zero(double, double, void *) {
    return 0.0;
}

void solve_converges(const std::string &method) {
    const std::string what = "solve with " + method;
    constexpr double xmin = -0.3, xmax = 1.1, ymin = 0.2, ymax = 0.8;
    laplace::mpi::Grid grid(MPI_COMM_WORLD, nx, ny, xmin, xmax, ymin, ymax);
    // The C interface with function pointers: boundary x^2 - y^2, interior zero.
    expect(laplace_mpi_fill(grid.handle(), xmin, ymin, zero, nullptr) == LAPLACE_OK,
           what + ": fill");
    expect(laplace_mpi_set_boundary(grid.handle(), xmin, ymin, harmonic, nullptr) == LAPLACE_OK,
           what + ": set_boundary");
    const double scale = 1.21; // max |x^2 - y^2| on the rectangle
    // As in tests/test_kernels.cpp: the error is at most about tol/(1 - rho); allow 100*tol.
    const double tol = 1e-13 * scale;
    const laplace::SolveResult r = method == "red-black SOR"
                                       ? laplace::mpi::solve_redblack(grid, 0.0, {100000, tol})
                                       : laplace::mpi::solve(method, grid, {100000, tol});
    expect(r.converged, what + ": converged");
    double error = 0;
    const laplace_mpi_block &b = grid.block();
    for (int i = b.i_begin; i < b.i_end; ++i) {
        for (int j = b.j_begin; j < b.j_end; ++j) {
            error = std::max(error, std::abs(grid(i, j) - test::harmonic(grid.x(i), grid.y(j))));
        }
    }
    double global_error = 0;
    MPI_Allreduce(&error, &global_error, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    expect(global_error <= 100 * tol, what + ": max error " + std::to_string(global_error) +
                                          " after " + std::to_string(r.iterations) + " sweeps");
    // Every rank saw the same iteration count and norm.
    int lo = 0, hi = 0;
    MPI_Allreduce(&r.iterations, &lo, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&r.iterations, &hi, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    expect(lo == hi, what + ": the same iteration count on every rank");
}

// ---- The decomposition --------------------------------------------------------------------------

void every_point_owned_once() {
    laplace::mpi::Grid grid(MPI_COMM_WORLD, nx, ny);
    const laplace_mpi_block &b = grid.block();
    expect(b.ranks == size && b.rank == rank, "block: ranks and rank");
    expect(b.dims[0] * b.dims[1] == size, "block: the process grid has every rank");
    std::vector<int> count(std::size_t(nx) * ny, 0);
    for (int i = b.i_begin; i < b.i_end; ++i) {
        for (int j = b.j_begin; j < b.j_end; ++j) {
            ++count[std::size_t(i) * ny + j];
        }
    }
    MPI_Allreduce(MPI_IN_PLACE, count.data(), int(count.size()), MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    bool once = true;
    for (int c : count) {
        once = once && c == 1;
    }
    expect(once, "every point of the grid is owned by exactly one rank");
    // The C++ fill writes this rank's points with any callable; gather sees them all.
    grid.fill([](double x, double y) { return 3 * x - 2 * y + x * y; });
    const std::vector<double> all = grid.gather(root);
    if (rank == root) {
        double d = 0;
        for (int i = 0; i < nx; ++i) {
            for (int j = 0; j < ny; ++j) {
                const double x = grid.x(i), y = grid.y(j);
                d = std::max(d, std::abs(all[std::size_t(i) * ny + j] - (3 * x - 2 * y + x * y)));
            }
        }
        // f is evaluated in two places (GCC may contract x*y + ... into an FMA in one of them):
        // equal to rounding; a point misplaced by one index would be off by about 0.1.
        expect(d <= 1e-14,
               "fill then gather gives f at every point, max difference " + std::to_string(d));
    }
}

// ---- Bad input on one rank, reported on every rank --------------------------------------------

// Runs `call` on every rank; expects the same status everywhere and `part` in the message.
void reported_everywhere(const std::string &what, int expected, const std::string &part,
                         const std::function<int()> &call) {
    const int s = call();
    const std::string message = laplace_last_error();
    expect(s == expected, what + ": status " + laplace_status_name(s) + " (" + message + ")");
    expect(contains(message, part), what + ": message '" + message + "' names '" + part + "'");
}

void bad_input_reported_on_every_rank() {
    const test::Problem p = probe();
    laplace_mpi_grid *g = make_grid(p);
    laplace_mpi_scatter(g, root, p.u.data());
    laplace_mpi_block b{};
    laplace_mpi_grid_block(g, &b);
    const int last = size - 1;
    const std::size_t points = std::size_t(b.local_nx) * b.local_ny;

    // A NaN in the last rank's block: every rank fails, no rank writes.
    if (rank == last) {
        const int i = b.i_end - 1, j = b.j_begin;
        b.u[std::size_t(i - b.i_offset) * b.local_ny + (j - b.j_offset)] = std::nan("");
    }
    const std::vector<double> before(b.u, b.u + points);
    const std::string nan_rank = "rank " + std::to_string(last) + ": u[";
    double change = 0;
    int iterations = 0;
    reported_everywhere("NaN on one rank, sweep", LAPLACE_ERROR_NONFINITE_INPUT, nan_rank,
                        [&] { return laplace_mpi_sweep(g, "cpp-expression", &change); });
    reported_everywhere(
        "NaN on one rank, red-black solve", LAPLACE_ERROR_NONFINITE_INPUT, nan_rank,
        [&] { return laplace_mpi_solve_redblack(g, 1.0, 10, 0.0, &iterations, &change); });
    expect(std::memcmp(before.data(), b.u, points * sizeof(double)) == 0,
           "NaN on one rank: no rank wrote its block");
    laplace_mpi_scatter(g, root, p.u.data()); // clean again

    reported_everywhere(
        "unknown kernel on one rank", LAPLACE_ERROR_UNKNOWN_KERNEL,
        "rank " + std::to_string(last) + ": unknown kernel 'no-such'",
        [&] { return laplace_mpi_sweep(g, rank == last ? "no-such" : "cpp-expression", &change); });
    reported_everywhere("a Gauss-Seidel kernel", LAPLACE_ERROR_UNKNOWN_KERNEL,
                        "no distributed form",
                        [&] { return laplace_mpi_sweep(g, "cpp-loop", &change); });
    if (size > 1) {
        reported_everywhere("different kernels on the ranks", LAPLACE_ERROR_UNKNOWN_KERNEL,
                            "differs between ranks", [&] {
                                return laplace_mpi_sweep(
                                    g, rank == 0 ? "f90-arrays" : "cpp-expression", &change);
                            });
        reported_everywhere("different max_iter on the ranks", LAPLACE_ERROR_BAD_MAX_ITER,
                            "max_iter differs between ranks", [&] {
                                return laplace_mpi_solve(g, "cpp-expression", 5 + rank, 0.0,
                                                         &iterations, &change);
                            });
    }
    reported_everywhere(
        "NULL change on rank 0", LAPLACE_ERROR_NULL_POINTER, "rank 0: change is NULL",
        [&] { return laplace_mpi_sweep(g, "cpp-expression", rank == 0 ? nullptr : &change); });
    reported_everywhere("bad omega on one rank", LAPLACE_ERROR_BAD_OMEGA, "omega = 2", [&] {
        return laplace_mpi_sweep_redblack(g, rank == last ? 2.0 : 1.0, &change);
    });
    reported_everywhere("NaN tol", LAPLACE_ERROR_BAD_TOLERANCE, "tol = nan", [&] {
        return laplace_mpi_solve(g, "cpp-expression", 5, std::nan(""), &iterations, &change);
    });
    reported_everywhere("negative max_iter on one rank", LAPLACE_ERROR_BAD_MAX_ITER,
                        "max_iter = -1", [&] {
                            return laplace_mpi_solve(g, "cpp-expression", rank == last ? -1 : 5,
                                                     0.0, &iterations, &change);
                        });
    reported_everywhere("root out of range", LAPLACE_ERROR_BAD_INDEX,
                        "root = " + std::to_string(size),
                        [&] { return laplace_mpi_gather(g, size, nullptr); });
    reported_everywhere("NULL u on root", LAPLACE_ERROR_NULL_POINTER, "u is NULL on root",
                        [&] { return laplace_mpi_scatter(g, last, nullptr); });
    // The grid is still usable, and unchanged by all of the above.
    expect(laplace_mpi_sweep(g, "cpp-expression", &change) == LAPLACE_OK,
           "a sweep after the errors succeeds");

    // Overflow: every rank reports the sweep that made values non-finite.
    laplace_mpi_fill(
        g, 0.0, 0.0, [](double, double, void *) { return 1e308; }, nullptr);
    reported_everywhere("overflow", LAPLACE_ERROR_NONFINITE_RESULT, "overflowed",
                        [&] { return laplace_mpi_sweep(g, "f90-arrays", &change); });
    laplace_mpi_grid_free(g);

    // Creation: the rules of laplace.h, and a grid too small for the ranks.
    laplace_mpi_grid *bad = nullptr;
    reported_everywhere("nx = 2", LAPLACE_ERROR_BAD_EXTENT, "nx = 2", [&] {
        return laplace_mpi_grid_create(MPI_COMM_WORLD, 2, ny, 0.1, 0.1, &bad);
    });
    expect(bad == nullptr, "no grid on error");
    reported_everywhere("dy = -1 on one rank", LAPLACE_ERROR_BAD_SPACING, "dy = -1", [&] {
        return laplace_mpi_grid_create(MPI_COMM_WORLD, nx, ny, 0.1, rank == last ? -1.0 : 0.1,
                                       &bad);
    });
    if (size > 1) {
        reported_everywhere(
            "too few interior points for the ranks", LAPLACE_ERROR_BAD_EXTENT, "nonempty block",
            [&] { return laplace_mpi_grid_create(MPI_COMM_WORLD, 3, 3, 0.1, 0.1, &bad); });
        reported_everywhere(
            "nx differs between ranks", LAPLACE_ERROR_BAD_EXTENT, "nx differs between ranks",
            [&] { return laplace_mpi_grid_create(MPI_COMM_WORLD, nx + rank, ny, 0.1, 0.1, &bad); });
    }

    // The C++ facade: the same error as an exception, on every rank.
    laplace::mpi::Grid grid(MPI_COMM_WORLD, nx, ny);
    if (rank == last) {
        grid(grid.block().i_begin, grid.block().j_begin) = std::nan("");
    }
    int status = LAPLACE_OK;
    try {
        laplace::mpi::sweep("f95-forall", grid);
    } catch (const laplace::Error &e) {
        status = e.status();
    }
    expect(status == LAPLACE_ERROR_NONFINITE_INPUT, "C++: laplace::Error on every rank");
}

// ---- Poisson: f, the residual and the solvers' stopping rules ---------------------------------

// What a distributed sweep runs, and the single-process kernel (and weight) that is its oracle.
struct Scheme {
    std::string kernel; // a jacobi kernel, or "" for red-black with omega
    double omega;
    std::string reference;
    double weight; // laplace_solver_set_weight's (0: the kernel's default)

    std::string name() const {
        return kernel.empty()
                   ? "red-black, omega = " + std::to_string(omega) + " (" + reference + ")"
                   : "kernel " + kernel;
    }
    int sweep(laplace_mpi_grid *g, double *change) const {
        return kernel.empty() ? laplace_mpi_sweep_redblack(g, omega, change)
                              : laplace_mpi_sweep(g, kernel.c_str(), change);
    }
    int solve(laplace_mpi_grid *g, int max_iter, double rtol, double atol, double change_tol,
              laplace_result *r) const {
        return laplace_mpi_solve_rules(g, kernel.empty() ? nullptr : kernel.c_str(), omega,
                                       max_iter, rtol, atol, change_tol, r);
    }
};

// Every jacobi kernel, and red-black Gauss-Seidel and SOR against the registry's red-black
// kernels (a build without OpenMP has none: then red-black is checked by the oracle tests above).
std::vector<Scheme> schemes() {
    std::vector<Scheme> all;
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        if (k.scheme == "jacobi") {
            all.push_back({k.name, 0.0, k.name, 0.0});
        } else if (k.scheme == "red-black") {
            all.push_back({"", 1.0, k.name, 0.0});
        } else if (k.scheme == "red-black-sor") {
            all.push_back({"", 0.0, k.name, 0.0});
            all.push_back({"", 1.6, k.name, 1.6});
        }
    }
    return all;
}

laplace_result new_result() {
    laplace_result r;
    std::memset(static_cast<void *>(&r), 0xA5, sizeof r); // a pattern no call writes
    r.size = sizeof r;
    return r;
}

// The cubic u = x^2 y + y^3 with f = 8y on a non-square grid with dx != dy: boundary and f from
// it, the interior a guess with no symmetry.
test::Problem cubic() {
    test::Problem p = test::poisson_cubic(nx, ny);
    for (int i = 1; i < nx - 1; ++i) {
        for (int j = 1; j < ny - 1; ++j) {
            p.u[std::size_t(i) * ny + j] = 0.01 * double((i * 37 + j * 11) % 101);
        }
    }
    return p;
}

// u after `sweeps` single-process sweeps of `kernel` with p's f: the public C ABI's method
// "iterate" with every tolerance 0 and max_iter = sweeps. The solver's result into *result.
// Without f, laplace_solve_ex (the solver reports a residual, which may not be representable).
std::vector<double> single_process(const test::Problem &p, const std::string &kernel, double weight,
                                   int sweeps, bool colmajor, laplace_result *result = nullptr) {
    std::vector<double> u = p.u;
    if (p.f.empty() && result == nullptr) {
        laplace_options o = laplace_options_default();
        o.omega = weight;
        int iterations = 0;
        double change = 0;
        const int status = (colmajor ? laplace_solve_colmajor_ex : laplace_solve_ex)(
            kernel.c_str(), u.data(), p.nx, p.ny, p.dx, p.dy, sweeps, 0.0, &o, &iterations,
            &change);
        expect(status == LAPLACE_OK && iterations == sweeps,
               "single-process " + kernel + ": " + laplace_last_error());
        return u;
    }
    laplace_solver *s = nullptr;
    const std::string what = "single-process " + kernel;
    expect(laplace_solver_create("iterate", &s) == LAPLACE_OK, what + ": create");
    expect(laplace_solver_set_kernel(s, kernel.c_str()) == LAPLACE_OK, what + ": kernel");
    expect(laplace_solver_set_weight(s, weight) == LAPLACE_OK, what + ": weight");
    expect(laplace_solver_set_tolerances(s, 0.0, 0.0, 0.0) == LAPLACE_OK, what + ": tolerances");
    expect(laplace_solver_set_max_iter(s, sweeps) == LAPLACE_OK, what + ": max_iter");
    const int status =
        colmajor ? laplace_solver_solve_colmajor(s, u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy)
                 : laplace_solver_solve(s, u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
    expect(status == LAPLACE_OK, what + ": solve: " + laplace_last_error());
    if (result != nullptr) {
        expect(laplace_solver_get_result(s, result) == LAPLACE_OK, what + ": result");
    }
    laplace_solver_destroy(s);
    return u;
}

// The same value on every rank, bit for bit.
bool same_on_every_rank(double v) {
    long long bits = 0, lo = 0, hi = 0;
    std::memcpy(&bits, &v, sizeof v);
    MPI_Allreduce(&bits, &lo, 1, MPI_LONG_LONG, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&bits, &hi, 1, MPI_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
    return lo == hi;
}

// u after 2 distributed sweeps and a solve of 3 more (rules 0, 0, 0, max_iter 3) with f is
// bitwise u after 5 single-process sweeps of the same kernel with f; the solve's report
// agrees with the single-process solver's.
void poisson_bitwise(const Scheme &m, bool colmajor) {
    const std::string what = "f, " + m.name() + (colmajor ? " (colmajor)" : "");
    const test::Problem p = cubic();
    laplace_mpi_grid *g = make_grid(p, colmajor);
    const int last = size - 1;
    expect(laplace_mpi_scatter(g, last, rank == last ? p.u.data() : nullptr) == LAPLACE_OK,
           what + ": scatter");
    expect(laplace_mpi_scatter_rhs(g, root, rank == root ? p.f.data() : nullptr) == LAPLACE_OK,
           what + ": scatter_rhs: " + laplace_last_error());
    for (int s = 0; s < 2; ++s) {
        double change = 0;
        expect(m.sweep(g, &change) == LAPLACE_OK, what + ": sweep: " + laplace_last_error());
    }
    laplace_result r = new_result();
    expect(m.solve(g, 3, 0.0, 0.0, 0.0, &r) == LAPLACE_OK,
           what + ": solve_rules: " + laplace_last_error());
    expect(r.iterations == 3 && r.stop_reason == LAPLACE_STOP_MAX_ITER && r.converged == 0,
           what + ": rules 0, 0, 0 do max_iter sweeps, not converged");
    expect(same_on_every_rank(r.residual) && same_on_every_rank(r.change),
           what + ": the same report on every rank");
    std::vector<double> gathered(rank == root ? p.u.size() : 0);
    expect(laplace_mpi_gather(g, root, gathered.data()) == LAPLACE_OK, what + ": gather");
    laplace_mpi_grid_free(g);
    if (rank != root) {
        return;
    }
    laplace_result serial = new_result();
    const std::vector<double> u = single_process(p, m.reference, m.weight, 5, colmajor, &serial);
    expect(test::same_bytes(gathered, u),
           what + ": u after 5 distributed sweeps is bitwise u after 5 single-process sweeps");
    // Per point the same bits; sums over the ranks in another order: equal to rounding.
    expect(r.residual_max == serial.residual_max, what + ": max |r| bitwise the solver's");
    expect(test::relative_difference(r.residual, serial.residual) <= test::same_scheme_tolerance,
           what + ": ||r|| " + std::to_string(r.residual) + " vs " +
               std::to_string(serial.residual));
    expect(test::relative_difference(r.change, serial.change) <= test::same_scheme_tolerance,
           what + ": change norm " + std::to_string(r.change) + " vs " +
               std::to_string(serial.change));
}

// set_rhs (C and C++) and scatter_rhs put f at the same points: spacings and coordinates are
// dyadic, so every coordinate and f value is exact, however it is computed.
double dyadic_rhs(double x, double y, void *) {
    return x + 2 * y;
}

void set_rhs_matches_scatter_rhs(bool colmajor) {
    const std::string what = std::string("set_rhs") + (colmajor ? " (colmajor)" : "");
    constexpr double x0 = -0.5, y0 = 0.25, dx = 0.0625, dy = 0.03125;
    test::Problem p = cubic();
    p.dx = dx;
    p.dy = dy;
    // The caller's f: C layout f[i*ny + j], or for colmajor f(i, j) at i + j*nx.
    std::vector<double> f(p.u.size());
    for (int i = 0; i < nx; ++i) {
        for (int j = 0; j < ny; ++j) {
            f[colmajor ? std::size_t(j) * nx + i : std::size_t(i) * ny + j] =
                dyadic_rhs(x0 + i * dx, y0 + j * dy, nullptr);
        }
    }
    std::vector<double> results[3];
    for (int way = 0; way < 3; ++way) {
        laplace_mpi_grid *g = make_grid(p, colmajor);
        laplace_mpi_scatter(g, root, p.u.data());
        if (way == 0) {
            expect(laplace_mpi_scatter_rhs(g, root, f.data()) == LAPLACE_OK, what + ": scatter");
        } else if (way == 1) {
            expect(laplace_mpi_set_rhs(g, x0, y0, dyadic_rhs, nullptr) == LAPLACE_OK, what + ": C");
        }
        for (int s = 0; s < 3 && way < 2; ++s) {
            double change = 0;
            expect(laplace_mpi_sweep(g, "cpp-expression", &change) == LAPLACE_OK,
                   what + ": sweep: " + laplace_last_error());
        }
        results[way].resize(rank == root ? p.u.size() : 0);
        laplace_mpi_gather(g, root, results[way].data());
        laplace_mpi_grid_free(g);
    }
    if (!colmajor) { // the C++ facade: a lambda, on a Grid over [x0, ...] x [y0, ...]
        laplace::mpi::Grid grid(MPI_COMM_WORLD, nx, ny, x0, x0 + (nx - 1) * dx, y0,
                                y0 + (ny - 1) * dy);
        grid.scatter(p.u.data(), root);
        grid.set_rhs([](double x, double y) { return dyadic_rhs(x, y, nullptr); });
        for (int s = 0; s < 3; ++s) {
            laplace::mpi::sweep("cpp-expression", grid);
        }
        results[2] = grid.gather(root);
    }
    if (rank == root) {
        expect(test::same_bytes(results[1], results[0]), what + ": C set_rhs = scatter_rhs");
        if (!colmajor) {
            expect(test::same_bytes(results[2], results[0]), what + ": C++ set_rhs = scatter_rhs");
        }
    }
    // Without f again: the same as a grid that never had one.
    laplace_mpi_grid *g = make_grid(p, colmajor);
    laplace_mpi_scatter(g, root, p.u.data());
    laplace_mpi_set_rhs(g, x0, y0, dyadic_rhs, nullptr);
    expect(laplace_mpi_clear_rhs(g) == LAPLACE_OK, what + ": clear_rhs");
    double cleared = 0, reference = 0;
    laplace_mpi_residual(g, &cleared, nullptr);
    laplace_mpi_scatter(g, root, p.u.data());
    laplace_mpi_grid_free(g);
    if (rank == root) {
        laplace_options o = laplace_options_default();
        (colmajor ? laplace_residual_colmajor : laplace_residual)(p.u.data(), nullptr, nx, ny, dx,
                                                                  dy, &o, &reference, nullptr);
    }
    MPI_Bcast(&reference, 1, MPI_DOUBLE, root, MPI_COMM_WORLD);
    expect(test::relative_difference(cleared, reference) <= test::same_scheme_tolerance,
           what + ": after clear_rhs, the residual of f = 0");
}

// laplace_mpi_residual against the single-process laplace_residual, with and without f.
void residual_matches_single_process(bool colmajor) {
    const std::string what = std::string("residual") + (colmajor ? " (colmajor)" : "");
    const test::Problem p = cubic();
    laplace_mpi_grid *g = make_grid(p, colmajor);
    laplace_mpi_scatter(g, root, p.u.data());
    double norms[2][2] = {};
    expect(laplace_mpi_residual(g, &norms[0][0], &norms[0][1]) == LAPLACE_OK,
           what + ": f = 0: " + laplace_last_error());
    laplace_mpi_scatter_rhs(g, root, p.f.data());
    expect(laplace_mpi_residual(g, &norms[1][0], nullptr) == LAPLACE_OK &&
               laplace_mpi_residual(g, nullptr, &norms[1][1]) == LAPLACE_OK,
           what + ": with f: " + laplace_last_error());
    laplace_mpi_grid_free(g);
    for (const auto &n : norms) {
        expect(same_on_every_rank(n[0]) && same_on_every_rank(n[1]),
               what + ": the same norms on every rank");
    }
    if (rank != root) {
        return;
    }
    for (int with_f = 0; with_f < 2; ++with_f) {
        double two = 0, max = 0;
        const double *f = with_f ? p.f.data() : nullptr;
        const int s =
            colmajor
                ? laplace_residual_colmajor(p.u.data(), f, nx, ny, p.dx, p.dy, nullptr, &two, &max)
                : laplace_residual(p.u.data(), f, nx, ny, p.dx, p.dy, nullptr, &two, &max);
        expect(s == LAPLACE_OK, what + ": single-process");
        const std::string which = what + (with_f ? " with f" : " without f");
        expect(norms[with_f][1] == max, which + ": max |r| bitwise the single-process one");
        expect(test::relative_difference(norms[with_f][0], two) <= test::same_scheme_tolerance,
               which + ": ||r|| " + std::to_string(norms[with_f][0]) + " vs " +
                   std::to_string(two));
        expect(two > 1.0, which + ": a residual far from 0 (the test can fail)");
    }
}

// u and f scaled by 2^(k + i/8) along x: the residual leaves the range where squares are summed
// as they are (k = -600, 600), and blocks of rows (and so ranks) get different power-of-two
// scales, which the ranks' sums must combine to the single-process norms.
void residual_of_extreme_values() {
    for (const int k : {-600, 600}) {
        const std::string what = "residual of values scaled by 2^" + std::to_string(k);
        test::Problem q = cubic();
        for (int i = 0; i < nx; ++i) {
            for (int j = 0; j < ny; ++j) {
                const std::size_t n = std::size_t(i) * ny + j;
                q.u[n] = std::ldexp(q.u[n], k + i / 8);
                q.f[n] = std::ldexp(q.f[n], k + i / 8);
            }
        }
        laplace_mpi_grid *g = make_grid(q);
        laplace_mpi_scatter(g, root, q.u.data());
        laplace_mpi_scatter_rhs(g, root, q.f.data());
        double two = 0, max = 0;
        expect(laplace_mpi_residual(g, &two, &max) == LAPLACE_OK, what + ": status");
        laplace_mpi_grid_free(g);
        if (rank == root) {
            double serial[2] = {};
            laplace_residual(q.u.data(), q.f.data(), nx, ny, q.dx, q.dy, nullptr, &serial[0],
                             &serial[1]);
            expect(max == serial[1], what + ": max |r| bitwise the single-process one");
            expect(test::relative_difference(two, serial[0]) <= test::same_scheme_tolerance,
                   what + ": ||r|| the single-process one");
        }
    }
}

// Solves stopped by rtol reach the exact discrete solution x^2 y + y^3: each rank checks its own
// points against the bound ||e|| <= ||r|| / lambda_min of the 5-point operator.
void residual_stopping(const std::string &kernel) {
    const std::string what = "rtol solve, " + (kernel.empty() ? "red-black SOR" : kernel);
    constexpr double x0 = -0.4, x1 = 1.3, y0 = 0.1, y1 = 0.8;
    const auto exact = [](double x, double y) { return x * x * y + y * y * y; };
    laplace::mpi::Grid grid(MPI_COMM_WORLD, nx, ny, x0, x1, y0, y1);
    grid.set_boundary(exact);
    grid.set_rhs([](double, double y) { return 8 * y; });
    const double rtol = 1e-11;
    laplace::SolveReport r;
    try {
        r = laplace::mpi::solve(grid, {.kernel = kernel, .max_iter = 100000, .rtol = rtol});
    } catch (const laplace::Error &e) {
        expect(false, what + ": " + e.what());
    }
    expect(r.reason == laplace::StopReason::rtol && r.converged, what + ": stopped by rtol");
    expect(r.relative_residual <= rtol && r.residual <= rtol * r.residual_initial,
           what + ": relative residual " + std::to_string(r.relative_residual));
    expect(std::isnan(r.change), what + ": no change norm without its rule");
    const double pi = std::acos(-1.0);
    const double lambda_min =
        4 / (grid.dx() * grid.dx()) * std::pow(std::sin(pi / (2 * (nx - 1))), 2) +
        4 / (grid.dy() * grid.dy()) * std::pow(std::sin(pi / (2 * (ny - 1))), 2);
    double error = 0;
    const laplace_mpi_block &b = grid.block();
    for (int i = b.i_begin; i < b.i_end; ++i) {
        for (int j = b.j_begin; j < b.j_end; ++j) {
            error = std::max(error, std::abs(grid(i, j) - exact(grid.x(i), grid.y(j))));
        }
    }
    double global_error = 0;
    MPI_Allreduce(&error, &global_error, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    const double bound = r.residual / lambda_min + 1e-14 * 3.0; // 3 ~ max |u|
    expect(global_error <= bound && global_error <= 1e-8,
           what + ": max error " + std::to_string(global_error) + " (bound " +
               std::to_string(bound) + ") after " + std::to_string(r.iterations) + " sweeps");
    const laplace::Residual now = laplace::mpi::residual(grid);
    expect(now.norm2 == r.residual && now.norm_max == r.residual_max,
           what + ": the report's residual is the grid's");
    expect(same_on_every_rank(double(r.iterations)) && same_on_every_rank(r.residual),
           what + ": the same report on every rank");
}

// Spacings scaled by 2^k with f by 2^-2k are the same problem in other units: the same bits.
// k = -664 (dx ~ 1e-200: squares underflow without the library's rescale) with f = 0, and
// k = -300 with f (f_weight ~ dx^2 dy^2 must stay representable).
void scaled_spacings_same_bits() {
    for (const int k : {-664, -300, 300}) {
        const bool with_f = k != -664;
        const std::string what = "spacings scaled by 2^" + std::to_string(k);
        test::Problem a = cubic();
        if (!with_f) {
            a.f.clear();
        }
        test::Problem b = a;
        b.dx = std::ldexp(a.dx, k);
        b.dy = std::ldexp(a.dy, k);
        for (double &v : b.f) {
            v = std::ldexp(v, -2 * k);
        }
        std::vector<double> u[2];
        double norm2[2] = {}, norm_max[2] = {};
        for (int which = 0; which < 2; ++which) {
            const test::Problem &p = which ? b : a;
            laplace_mpi_grid *g = make_grid(p);
            laplace_mpi_scatter(g, root, p.u.data());
            if (with_f) {
                laplace_mpi_scatter_rhs(g, root, p.f.data());
            }
            double change = 0;
            int iterations = 0;
            expect(laplace_mpi_sweep(g, "f90-arrays", &change) == LAPLACE_OK &&
                       laplace_mpi_solve_redblack(g, 0.0, 3, 0.0, &iterations, &change) ==
                           LAPLACE_OK,
                   what + ": sweeps: " + laplace_last_error());
            // Without f the residual, of order u/dx^2 ~ 1e400, is not representable at 2^-664.
            if (with_f) {
                expect(laplace_mpi_residual(g, &norm2[which], &norm_max[which]) == LAPLACE_OK,
                       what + ": residual: " + laplace_last_error());
            }
            u[which].resize(rank == root ? p.u.size() : 0);
            laplace_mpi_gather(g, root, u[which].data());
            laplace_mpi_grid_free(g);
        }
        expect(!with_f || (norm2[0] > 0 && norm2[1] == std::ldexp(norm2[0], -2 * k) &&
                           norm_max[1] == std::ldexp(norm_max[0], -2 * k)),
               what + ": the residual in the new units, exactly");
        if (rank != root) {
            continue;
        }
        expect(test::same_bytes(u[1], u[0]), what + ": u bitwise the same as unscaled");
        bool finite = true;
        for (double v : u[1]) {
            finite = finite && std::isfinite(v);
        }
        expect(finite, what + ": u finite");
        // The same as the single-process library at those spacings.
        std::vector<double> serial = single_process(b, "f90-arrays", 0.0, 1, false);
        test::Problem after = b;
        after.u = serial;
        const std::vector<laplace::KernelInfo> kernels = laplace::kernels();
        if (const auto sor = std::find_if(
                kernels.begin(), kernels.end(),
                [](const laplace::KernelInfo &i) { return i.scheme == "red-black-sor"; });
            sor != kernels.end()) {
            serial = single_process(after, sor->name, 0.0, 3, false);
            expect(test::same_bytes(u[1], serial), what + ": bitwise the single-process sweeps");
        }
    }
}

// Values near underflow and near overflow (the probe times 2^-1000 .. 2^1000): with tol = 0 the
// distributed solve runs every sweep (regression: squared changes underflowed to a change of 0,
// which stopped it after one, and overflowed to +Inf), u is bitwise the single-process one and
// the change norm agrees with the single-process laplace_solve's on every rank.
void change_norm_of_extreme_values(const std::string &kernel) {
    constexpr int sweeps = 12;
    for (const int k : {-1040, -700, 0, 700, 1000}) {
        const std::string what = kernel + ", values scaled by 2^" + std::to_string(k);
        test::Problem p = probe();
        for (double &v : p.u) {
            v = std::ldexp(v, k);
        }
        laplace_mpi_grid *g = make_grid(p);
        laplace_mpi_scatter(g, root, p.u.data());
        int iterations = -1;
        double change = -1;
        const int status =
            kernel.empty()
                ? laplace_mpi_solve_redblack(g, 1.0, sweeps, 0.0, &iterations, &change)
                : laplace_mpi_solve(g, kernel.c_str(), sweeps, 0.0, &iterations, &change);
        expect(status == LAPLACE_OK, what + ": status: " + laplace_last_error());
        expect(iterations == sweeps,
               what + ": " + std::to_string(iterations) + " sweeps of " + std::to_string(sweeps));
        expect(same_on_every_rank(change), what + ": the same change on every rank");
        std::vector<double> u(rank == root ? p.u.size() : 0);
        laplace_mpi_gather(g, root, u.data());
        laplace_mpi_grid_free(g);
        if (rank != root) {
            continue;
        }
        std::string single = kernel;
        if (single.empty()) { // the registry's red-black Gauss-Seidel kernel
            for (const laplace::KernelInfo &i : laplace::kernels()) {
                if (i.scheme == "red-black") {
                    single = i.name;
                }
            }
        }
        if (single.empty()) {
            continue;
        }
        std::vector<double> serial = p.u;
        int serial_iterations = 0;
        double serial_change = 0;
        expect(laplace_solve(single.c_str(), serial.data(), p.nx, p.ny, p.dx, p.dy, sweeps, 0.0,
                             &serial_iterations, &serial_change) == LAPLACE_OK &&
                   serial_iterations == sweeps,
               what + ": single-process solve");
        expect(test::same_bytes(u, serial), what + ": u bitwise the single-process one");
        expect(change > 0 && test::relative_difference(change, serial_change) <= 1e-13,
               what + ": change " + std::to_string(change) + " is the single-process one");
    }
}

// Bad input of the new functions: every rank returns the same status, nothing is written.
void poisson_bad_input() {
    const test::Problem p = cubic();
    laplace_mpi_grid *g = make_grid(p);
    laplace_mpi_scatter(g, root, p.u.data());
    laplace_mpi_scatter_rhs(g, root, p.f.data());
    laplace_mpi_block b{};
    laplace_mpi_grid_block(g, &b);
    const std::size_t points = std::size_t(b.local_nx) * b.local_ny;
    const std::vector<double> before(b.u, b.u + points);
    const int last = size - 1;
    laplace_result r = new_result();
    const laplace_result untouched = r;
    double norm = -1;
    const auto rules = [&](const char *kernel, int max_iter, double rtol, double atol,
                           double change_tol) {
        return laplace_mpi_solve_rules(g, kernel, 0.0, max_iter, rtol, atol, change_tol, &r);
    };

    // A NaN in f on the last rank, at its first interior point.
    if (rank == last) {
        laplace_mpi_set_rhs(
            g, 0.0, 0.0, [](double, double, void *) { return std::nan(""); }, nullptr);
    }
    const int fi = std::max(b.i_begin, 1), fj = std::max(b.j_begin, 1);
    int point[2] = {fi, fj};
    MPI_Bcast(point, 2, MPI_INT, last, MPI_COMM_WORLD);
    const std::string nan_point = "rank " + std::to_string(last) + ": f[" +
                                  std::to_string(point[0] * ny + point[1]) +
                                  "] (i = " + std::to_string(point[0]) +
                                  ", j = " + std::to_string(point[1]) + ") = nan: f must be finite";
    reported_everywhere("NaN in f, solve_rules", LAPLACE_ERROR_NONFINITE_INPUT, nan_point,
                        [&] { return rules(nullptr, 10, 1e-6, 0, 0); });
    reported_everywhere("NaN in f, residual", LAPLACE_ERROR_NONFINITE_INPUT, nan_point,
                        [&] { return laplace_mpi_residual(g, &norm, &norm); });
    double change = -1;
    reported_everywhere("NaN in f, sweep", LAPLACE_ERROR_NONFINITE_INPUT, nan_point,
                        [&] { return laplace_mpi_sweep(g, "cpp-expression", &change); });
    laplace_mpi_scatter_rhs(g, root, p.f.data()); // clean again

    reported_everywhere("negative rtol", LAPLACE_ERROR_BAD_TOLERANCE, "rtol = -1",
                        [&] { return rules("cpp-expression", 10, -1.0, 0, 0); });
    reported_everywhere("NaN atol on one rank", LAPLACE_ERROR_BAD_TOLERANCE,
                        "rank " + std::to_string(last) + ": atol = nan", [&] {
                            return rules(nullptr, 10, 0, rank == last ? std::nan("") : 0.0, 0);
                        });
    reported_everywhere("no stopping rule", LAPLACE_ERROR_BAD_TOLERANCE, "would never stop",
                        [&] { return rules(nullptr, LAPLACE_NO_LIMIT, 0, 0, 0); });
    reported_everywhere("max_iter -2", LAPLACE_ERROR_BAD_MAX_ITER, "max_iter = -2",
                        [&] { return rules(nullptr, -2, 1e-6, 0, 0); });
    reported_everywhere("a Gauss-Seidel kernel", LAPLACE_ERROR_UNKNOWN_KERNEL,
                        "no distributed form", [&] { return rules("cpp-loop", 10, 1e-6, 0, 0); });
    reported_everywhere("bad omega", LAPLACE_ERROR_BAD_OMEGA, "omega = 2", [&] {
        return laplace_mpi_solve_rules(g, nullptr, 2.0, 10, 1e-6, 0, 0, &r);
    });
    reported_everywhere("NULL result", LAPLACE_ERROR_NULL_POINTER, "result is NULL", [&] {
        return laplace_mpi_solve_rules(g, nullptr, 0.0, 10, 1e-6, 0, 0, nullptr);
    });
    reported_everywhere("result->size 0", LAPLACE_ERROR_BAD_INDEX, "result->size = 0", [&] {
        laplace_result small = untouched;
        small.size = 0;
        return laplace_mpi_solve_rules(g, nullptr, 0.0, 10, 1e-6, 0, 0, &small);
    });
    reported_everywhere("NULL f on root", LAPLACE_ERROR_NULL_POINTER, "f is NULL on root",
                        [&] { return laplace_mpi_scatter_rhs(g, last, nullptr); });
    if (size > 1) {
        reported_everywhere("rtol differs between ranks", LAPLACE_ERROR_BAD_TOLERANCE,
                            "rtol differs between ranks",
                            [&] { return rules(nullptr, 10, 1e-6 * (rank + 1), 0, 0); });
        laplace_mpi_grid *other = make_grid(p);
        if (rank == 0) {
            laplace_mpi_set_rhs(
                other, 0.0, 0.0, [](double, double, void *) { return 1.0; }, nullptr);
        }
        reported_everywhere("f set on one rank only", LAPLACE_ERROR_NULL_POINTER,
                            "whether f is set (",
                            [&] { return laplace_mpi_residual(other, &norm, &norm); });
        laplace_mpi_grid_free(other);
    }
    expect(std::memcmp(before.data(), b.u, points * sizeof(double)) == 0,
           "bad input: no rank wrote its block");
    expect(std::memcmp(&r, &untouched, sizeof r) == 0 && norm == -1 && change == -1,
           "bad input: no output written");

    // A result smaller than today's gets the fields that fit.
    laplace_result small = untouched;
    small.size = offsetof(laplace_result, change);
    expect(laplace_mpi_solve_rules(g, nullptr, 0.0, 2, 0, 0, 0, &small) == LAPLACE_OK &&
               small.iterations == 2 && small.stop_reason == LAPLACE_STOP_MAX_ITER &&
               std::memcmp(&small.change, &untouched.change,
                           sizeof small - offsetof(laplace_result, change)) == 0,
           "a smaller result->size: only its fields written");
    laplace_mpi_grid_free(g);

    // The C++ facade throws the same on every rank.
    laplace::mpi::Grid grid(MPI_COMM_WORLD, nx, ny);
    int status = LAPLACE_OK;
    try {
        laplace::mpi::SolverOptions o;
        o.max_iter = LAPLACE_NO_LIMIT;
        o.rtol = 0.0;
        laplace::mpi::solve(grid, o);
    } catch (const laplace::Error &e) {
        status = e.status();
    }
    expect(status == LAPLACE_ERROR_BAD_TOLERANCE, "C++: no stopping rule throws on every rank");
}

} // namespace

// A kernel name with a NUL inside through the C++ facade, on the last rank only and on every
// rank: every rank throws laplace::Error with LAPLACE_ERROR_UNKNOWN_KERNEL naming the NUL, as
// laplace::solve does in one process (the C string would have named cpp-expression), nothing
// hangs, and no rank's block changes.
void nul_in_kernel_name_rejected_everywhere() {
    using namespace std::string_literals;
    const std::string bad = "cpp-expression\0x"s, good = "cpp-expression";
    const int last = size - 1;
    laplace::mpi::Grid grid(MPI_COMM_WORLD, 19, 14, 0.0, 1.3, 0.0, 0.7);
    grid.set_boundary([](double x, double y) { return x * x - y * y; });
    const laplace_mpi_block &b = grid.block();
    const std::size_t points = std::size_t(b.local_nx) * b.local_ny;
    const std::vector<double> before(b.u, b.u + points);
    laplace::mpi::SolverOptions rules;
    rules.max_iter = 3;
    const std::vector<std::pair<std::string, std::function<void(const std::string &)>>> calls = {
        {"sweep", [&](const std::string &k) { laplace::mpi::sweep(k, grid); }},
        {"solve",
         [&](const std::string &k) {
             laplace::mpi::solve(k, grid, {3, 0.0});
         }},
        {"solve with rules",
         [&](const std::string &k) {
             rules.kernel = k;
             laplace::mpi::solve(grid, rules);
         }},
    };
    for (const bool everywhere : {false, true}) {
        for (const auto &[what, call] : calls) {
            const std::string name = everywhere || rank == last ? bad : good;
            const std::string where = std::string(everywhere ? "every rank" : "the last rank");
            int status = LAPLACE_OK;
            std::string message;
            try {
                call(name);
            } catch (const laplace::Error &e) {
                status = e.status();
                message = e.what();
            }
            expect(status == LAPLACE_ERROR_UNKNOWN_KERNEL,
                   "NUL in the kernel name on " + where + ", " + what + ": status " +
                       laplace_status_name(status) + " (" + message + ")");
            expect(contains(message, "kernel name 'cpp-expression\\x00x' holds a NUL byte at "
                                     "offset 14"),
                   "NUL on " + where + ", " + what + ": message '" + message + "' names it");
        }
    }
    expect(std::memcmp(before.data(), b.u, points * sizeof(double)) == 0,
           "NUL in the kernel name: no rank wrote its block");
    // The same names without the NUL run (the check is not a refusal of every _n call).
    laplace::mpi::sweep(good, grid);
    rules.kernel = good;
    expect(laplace::mpi::solve(grid, rules).iterations == 3, "a good name through _n solves");
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    every_point_owned_once();
    int jacobi_kernels = 0;
    for (const laplace::KernelInfo &k : laplace::kernels()) { // every Jacobi kernel of the build
        if (k.scheme == "jacobi") {
            ++jacobi_kernels;
            jacobi_bitwise(k.name, false);
            jacobi_bitwise(k.name, true);
        }
    }
    expect(jacobi_kernels >= 2, "the registry has Jacobi kernels to distribute");
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        if (k.scheme == "red-black" || k.scheme == "red-black-sor") {
            redblack_matches_registry_kernel(k);
        }
    }
    redblack_matches_oracle(1.0);
    redblack_matches_oracle(1.6);
    redblack_matches_oracle(0.0);
    redblack_tolerance_can_fail();
    solve_converges("cpp-expression");
    solve_converges("red-black SOR");
    bad_input_reported_on_every_rank();
    nul_in_kernel_name_rejected_everywhere();

    const std::vector<Scheme> all = schemes();
    expect(all.size() >= 2, "schemes with f to check");
    for (const Scheme &m : all) {
        poisson_bitwise(m, false);
        poisson_bitwise(m, true);
    }
    set_rhs_matches_scatter_rhs(false);
    set_rhs_matches_scatter_rhs(true);
    residual_matches_single_process(false);
    residual_matches_single_process(true);
    residual_of_extreme_values();
    residual_stopping("");
    residual_stopping("cpp-expression");
    scaled_spacings_same_bits();
    change_norm_of_extreme_values("");
    change_norm_of_extreme_values("f90-arrays");
    poisson_bad_input();

    int total_failures = 0;
    MPI_Allreduce(&failures, &total_failures, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) {
        std::printf("%d ranks: %d checks on rank 0, %d failures on all ranks\n", size, checks,
                    total_failures);
    }
    MPI_Finalize();
    return total_failures == 0 ? 0 : 1;
}
