// The distributed solver against single-process oracles, run under mpiexec on 1 to 4 ranks.
//  - u after k distributed Jacobi sweeps of a registry kernel is bitwise u after k
//    single-process sweeps of the same kernel (C layout and column-major);
//  - red-black Gauss-Seidel and SOR match a plain serial red-black sweep written here, coloured
//    by global (i + j) parity, to the same-scheme tolerance;
//  - distributed solves converge to the exact discrete solution x^2 - y^2, checked by each rank
//    on its own points (no rank gathers the grid);
//  - bad input on one rank is reported on every rank with the same status, nothing written.
// A plain program, not Catch2: a check that fails on one rank must not skip a collective call
// (the other ranks would wait forever), so every check records and goes on. nx != ny, dx != dy,
// and a boundary with no symmetry, so an axis or parity mix-up cannot pass.
#include "laplace/laplace_mpi.hpp"
#include "support.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
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

} // namespace

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

    int total_failures = 0;
    MPI_Allreduce(&failures, &total_failures, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) {
        std::printf("%d ranks: %d checks on rank 0, %d failures on all ranks\n", size, checks,
                    total_failures);
    }
    MPI_Finalize();
    return total_failures == 0 ? 0 : 1;
}
