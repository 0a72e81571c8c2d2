// laplace-bench-mpi: strong and weak scaling of the distributed solver (docs/scaling.md).
//
//   mpiexec -n P laplace-bench-mpi [--mode strong|weak|both] [--n 4000] [--per-rank 2000]
//                                  [--sweeps 20] [--repeat 5] [--kernel cpp-expression]
//                                  [--redblack]
//   mpiexec -n 2 laplace-bench-mpi --pingpong   (the transport's latency and bandwidth)
//
// --per-call sweeps by one laplace_mpi_sweep call each instead of one solve: every call starts
// with the ranks' agreement (an MPI_Allreduce), so the halo exchange that follows starts with
// the ranks in step and its time is closer to the transfer itself than to waiting for a
// neighbour that is behind.
//
// Strong scaling: one fixed n x n grid (interior n x n points) over P ranks. Weak scaling: a
// per-rank x per-rank block on every rank (the global grid grows with P). Run it once per rank
// count; efficiency compares the lines of different runs.
//
// Each repetition is a solve of --sweeps sweeps (tol = 0) after a barrier. The library's timers
// (MPI_Wtime around each part, laplace_mpi_get_timings) split a sweep into the kernel on the
// local block (compute), the halo exchange and the MPI_Allreduce of the norm; for each part and
// for the wall time the slowest rank counts (max over ranks), and the line reports the median
// over the repetitions (one warm-up solve excluded), with min and max of the wall time. (This
// per-part, max-over-ranks median is what bench/timing.hpp cannot express: it times one
// callable on one process.)
//
// Validates first: on the exact discrete solution x^2 - y^2 a sweep must change nothing beyond
// rounding; a wrong halo would change the points next to it by O(1). A failed validation exits
// nonzero before any timing.
#include "cli.hpp"
#include "laplace/laplace_mpi.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Options {
    std::string mode = "both";
    int n = 4000;
    int per_rank = 2000;
    int sweeps = 20;
    int repeats = 5;
    std::string kernel = "cpp-expression";
    bool redblack = false;
    bool pingpong = false;
    bool per_call = false;
};

Options parse(int argc, char **argv) {
    Options o;
    CLI::App app{"Strong and weak scaling of the distributed solver (docs/scaling.md); run under "
                 "mpiexec -n P, once per rank count. --pingpong: the transport's latency and "
                 "bandwidth (2 ranks)."};
    bench::prepare(app, "laplace-bench-mpi");
    app.add_option("--mode", o.mode, "strong, weak or both (default both)")
        ->check(CLI::IsMember({"strong", "weak", "both"}));
    app.add_option("--n", o.n, "strong scaling: the global n x n interior (default 4000)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--per-rank", o.per_rank,
                   "weak scaling: the block on every rank, per-rank x per-rank (default 2000)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--sweeps", o.sweeps, "sweeps per solve (default 20)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--repeat,--repeats", o.repeats, "timed solves (median; default 5)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--kernel", o.kernel, "the sweep kernel (default cpp-expression)");
    app.add_flag("--redblack", o.redblack, "red-black Gauss-Seidel instead of the kernel");
    app.add_flag("--per-call", o.per_call,
                 "one laplace_mpi_sweep call per sweep instead of one solve");
    app.add_flag("--pingpong", o.pingpong, "the transport's latency and bandwidth (2 ranks)");
    bench::parse(app, argc, argv);
    return o;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double max_over_ranks(double v) {
    double m = 0;
    MPI_Allreduce(&v, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return m;
}

double harmonic(double x, double y) {
    return x * x - y * y;
}

// One line of results for an nx x ny grid on the ranks of MPI_COMM_WORLD.
void run(const Options &o, const char *mode, int nx, int ny) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    laplace::mpi::Grid grid(MPI_COMM_WORLD, nx, ny);
    const laplace_mpi_block &b = grid.block();
    auto sweep = [&] {
        return o.redblack ? laplace::mpi::sweep_redblack(grid, 1.0)
                          : laplace::mpi::sweep(o.kernel, grid);
    };

    // Validate: x^2 - y^2 everywhere is the discrete solution; a sweep leaves it as it is.
    grid.fill(harmonic);
    const double change = sweep();
    const double points = double(nx - 2) * double(ny - 2);
    const double bound = 1e-13 * std::sqrt(points) * 2.0; // rounding of values up to |2|
    if (!(change <= bound)) {
        if (rank == 0) {
            std::printf("%s: FAILED validation: a sweep of the exact solution changed it by %g "
                        "(bound %g)\n",
                        mode, change, bound);
        }
        MPI_Abort(MPI_COMM_WORLD, 1);
    }

    // Time: boundary x^2 - y^2, interior zero, so every sweep changes every point.
    grid.fill([](double, double) { return 0.0; });
    grid.set_boundary(harmonic);
    const laplace::SolveOptions solve{o.sweeps, 0.0};
    std::vector<double> wall, compute, exchange, reduce;
    for (int r = -1; r < o.repeats; ++r) { // r = -1: warm-up
        grid.reset_timings();
        MPI_Barrier(MPI_COMM_WORLD);
        const double t0 = MPI_Wtime();
        if (o.per_call) { // one call per sweep: each starts with the ranks' agreement
            for (int s = 0; s < o.sweeps; ++s) {
                sweep();
            }
        } else if (o.redblack) {
            laplace::mpi::solve_redblack(grid, 1.0, solve);
        } else {
            laplace::mpi::solve(o.kernel, grid, solve);
        }
        const double t = MPI_Wtime() - t0;
        const laplace_mpi_timings tm = grid.timings();
        const double w = max_over_ranks(t) / o.sweeps;
        const double c = max_over_ranks(tm.compute) / o.sweeps;
        const double e = max_over_ranks(tm.exchange) / o.sweeps;
        const double a = max_over_ranks(tm.reduce) / o.sweeps;
        if (r >= 0) {
            wall.push_back(w);
            compute.push_back(c);
            exchange.push_back(e);
            reduce.push_back(a);
        }
    }
    // Halo traffic of the busiest rank per sweep: rows and columns to each neighbour.
    const int bx = b.i_end - b.i_begin - (b.coords[0] == 0) - (b.coords[0] == b.dims[0] - 1);
    const int by = b.j_end - b.j_begin - (b.coords[1] == 0) - (b.coords[1] == b.dims[1] - 1);
    const int neighbours = (b.coords[0] > 0) + (b.coords[0] < b.dims[0] - 1) + (b.coords[1] > 0) +
                           (b.coords[1] < b.dims[1] - 1);
    const double sent =
        8.0 * (double(b.coords[0] > 0) * by + double(b.coords[0] < b.dims[0] - 1) * by +
               double(b.coords[1] > 0) * bx + double(b.coords[1] < b.dims[1] - 1) * bx);
    const double max_sent = max_over_ranks(sent) * (o.redblack ? 2 : 1);
    const int max_messages = int(max_over_ranks(neighbours)) * (o.redblack ? 2 : 1);
    const double block_points = max_over_ranks(double(bx) * double(by));
    if (rank == 0) {
        const double w = median(wall);
        std::printf("%-6s %5d %6d x %-6d %2d x %-2d %5d x %-5d %9.3f %9.3f %9.3f %9.3f %9.3f "
                    "%9.3f %8.0f %6.2f %9.0f %2d\n",
                    mode, size, nx, ny, b.dims[0], b.dims[1], bx, by, w * 1e3,
                    *std::min_element(wall.begin(), wall.end()) * 1e3,
                    *std::max_element(wall.begin(), wall.end()) * 1e3, median(compute) * 1e3,
                    median(exchange) * 1e3, median(reduce) * 1e3, points / w / 1e6,
                    median(compute) / block_points * 1e9, max_sent / 1e3, max_messages);
        std::fflush(stdout);
    }
}

// The transport's latency and bandwidth between ranks 0 and 1, for the model of
// docs/scaling.md: half the round-trip time of `bytes` sent back and forth, median of 51.
void pingpong() {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 0) {
        std::printf("%-10s %12s %12s\n", "bytes", "one-way us", "GB/s");
    }
    for (const int bytes : {8, 1024, 16000, 32000, 128000, 1000000, 4000000}) {
        std::vector<char> buffer(std::size_t(bytes), 1);
        std::vector<double> times;
        for (int r = 0; r < 51; ++r) {
            MPI_Barrier(MPI_COMM_WORLD);
            const double t0 = MPI_Wtime();
            if (rank == 0) {
                MPI_Send(buffer.data(), bytes, MPI_CHAR, 1, 0, MPI_COMM_WORLD);
                MPI_Recv(buffer.data(), bytes, MPI_CHAR, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else if (rank == 1) {
                MPI_Recv(buffer.data(), bytes, MPI_CHAR, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Send(buffer.data(), bytes, MPI_CHAR, 0, 0, MPI_COMM_WORLD);
            }
            times.push_back((MPI_Wtime() - t0) / 2);
        }
        if (rank == 0) {
            const double t = median(times);
            std::printf("%-10d %12.2f %12.2f\n", bytes, t * 1e6, bytes / t / 1e9);
        }
    }
}

} // namespace

int main(int argc, char **argv) {
    // Parsed before MPI starts: --help and a bad command line exit without it.
    const Options o = parse(argc, argv);
    MPI_Init(&argc, &argv);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (o.pingpong) {
        if (size >= 2) {
            pingpong();
        } else {
            std::fprintf(stderr, "laplace-bench-mpi: --pingpong needs 2 ranks\n");
        }
        MPI_Finalize();
        return size >= 2 ? 0 : 2;
    }
    if (rank == 0) {
        std::printf("# laplace-bench-mpi: %s, %d sweeps per solve, median of %d solves (1 warm-up "
                    "excluded); times per sweep in ms, max over ranks\n",
                    o.redblack ? "red-black Gauss-Seidel" : ("kernel " + o.kernel).c_str(),
                    o.sweeps, o.repeats);
        std::printf("# validates: a sweep of the exact solution x^2 - y^2 leaves it unchanged\n");
        std::printf("%-6s %5s %15s %7s %13s %9s %9s %9s %9s %9s %9s %8s %6s %9s %2s\n", "mode",
                    "ranks", "grid", "procs", "block", "wall", "min", "max", "compute", "exchange",
                    "allreduce", "Mpt/s", "ns/pt", "halo kB", "msg");
    }
    try {
        if (o.mode == "strong" || o.mode == "both") {
            run(o, "strong", o.n + 2, o.n + 2);
        }
        if (o.mode == "weak" || o.mode == "both") {
            int dims[2] = {0, 0};
            MPI_Dims_create(size, 2, dims);
            run(o, "weak", dims[0] * o.per_rank + 2, dims[1] * o.per_rank + 2);
        }
    } catch (const laplace::Error &e) {
        if (rank == 0) {
            std::fprintf(stderr, "laplace-bench-mpi: %s\n", e.what());
        }
        MPI_Finalize();
        return 1;
    }
    MPI_Finalize();
    return 0;
}
