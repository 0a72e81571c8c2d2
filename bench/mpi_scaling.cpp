// laplace-bench-mpi: strong and weak scaling of the distributed solver (docs/scaling.md).
//
//   mpiexec -n P laplace-bench-mpi [--mode strong|weak|both] [--n 4000] [--per-rank 2000]
//                                  [--sweeps 20] [--repeat 5] [--kernel cpp-expression]
//                                  [--redblack] [--json FILE]
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
//
// --json FILE (written by rank 0 after MPI_Finalize) keeps every figure of the table, every
// solve's time and the ping-pong's; the path is checked by rank 0 right after MPI_Init, and a
// path that cannot be written ends every rank with status 2 before any work.
#include "cli.hpp"
#include "laplace/laplace_mpi.hpp"
#include "machine.hpp"
#include "record.hpp"
#include "timing.hpp"

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
    std::string json;
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
    // Not checked here: every rank parses, and ranks creating and removing the same probe file
    // at once would fail each other. Rank 0 checks it once MPI is up (check_output).
    app.add_option("--json", o.json, "every figure, the machine and the date (written by rank 0)")
        ->type_name("FILE");
    bench::parse(app, argc, argv);
    return o;
}

double median(const std::vector<double> &v) { return bench::summarize(v).median; }

double max_over_ranks(double v) {
    double m = 0;
    MPI_Allreduce(&v, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return m;
}

double harmonic(double x, double y) {
    return x * x - y * y;
}

// Rank 0 checks that the --json path can be written and tells the others: true on every rank
// when it can (or there is none), false on every rank, after rank 0 said why, when not.
bool check_output(const Options &o) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int ok = 1;
    if (rank == 0 && !o.json.empty()) {
        const std::string why = bench::writable(o.json);
        if (!why.empty()) {
            // The message of the other programs' parse-time check (bench::usage_error).
            std::fprintf(stderr,
                         "laplace-bench-mpi: --json: %s\nRun with --help for more information.\n",
                         why.c_str());
            ok = 0;
        }
    }
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return ok != 0;
}

// One line of results for an nx x ny grid on the ranks of MPI_COMM_WORLD; rank 0 returns its
// JSON row (the other ranks an empty object).
bench::Json run(const Options &o, const char *mode, int nx, int ny) {
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
    // The same, per solve rather than per sweep, for the JSON's timing records.
    std::vector<double> wall_solve, compute_solve, exchange_solve, reduce_solve;
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
        const double ws = max_over_ranks(t), cs = max_over_ranks(tm.compute),
                     es = max_over_ranks(tm.exchange), as = max_over_ranks(tm.reduce);
        const double w = ws / o.sweeps;
        const double c = cs / o.sweeps;
        const double e = es / o.sweeps;
        const double a = as / o.sweeps;
        if (r >= 0) {
            wall.push_back(w);
            compute.push_back(c);
            exchange.push_back(e);
            reduce.push_back(a);
            wall_solve.push_back(ws);
            compute_solve.push_back(cs);
            exchange_solve.push_back(es);
            reduce_solve.push_back(as);
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
    bench::Json row = bench::Json::object();
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
        row = {{"mode", mode},
               {"ranks", size},
               {"nx", nx},
               {"ny", ny},
               {"process_grid", {b.dims[0], b.dims[1]}},
               {"block_nx", bx},
               {"block_ny", by},
               {"sweeps", o.sweeps},
               {"validation_change", change},
               {"validation_bound", bound}};
        bench::add_timing(row, bench::summarize(wall_solve)); // a solve, the slowest rank
        row["seconds_per_sweep"] = w;
        row["seconds_per_sweep_min"] = *std::min_element(wall.begin(), wall.end());
        row["seconds_per_sweep_max"] = *std::max_element(wall.begin(), wall.end());
        row["compute"] = bench::timing_record(bench::summarize(compute_solve));
        row["exchange"] = bench::timing_record(bench::summarize(exchange_solve));
        row["allreduce"] = bench::timing_record(bench::summarize(reduce_solve));
        row["compute_seconds_per_sweep"] = median(compute);
        row["exchange_seconds_per_sweep"] = median(exchange);
        row["allreduce_seconds_per_sweep"] = median(reduce);
        row["updates_per_second"] = points / w;
        row["compute_seconds_per_point"] = median(compute) / block_points;
        row["halo_bytes_per_sweep"] = max_sent;
        row["messages_per_sweep"] = max_messages;
    }
    return row;
}

// The transport's latency and bandwidth between ranks 0 and 1, for the model of
// docs/scaling.md: half the round-trip time of `bytes` sent back and forth, median of 51. Rank
// 0 returns a JSON row per message size.
bench::Json pingpong() {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    bench::Json rows = bench::Json::array();
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
            bench::Json row = {{"bytes", bytes}};
            bench::add_timing(row, bench::summarize(times)); // one way: half a round trip
            row["bytes_per_second"] = bytes / t;
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

// The document's header, options and machine (rank 0).
bench::Json document(const Options &o, int ranks) {
    bench::Json doc = bench::document("laplace-bench-mpi");
    bench::MachineOptions no_probe;
    no_probe.probe = false;
    const bench::Machine m = bench::probe_machine(no_probe);
    doc["date"] = m.date;
    doc["machine"] = bench::machine_record(m);
    doc["ranks"] = ranks;
    doc["options"] = {{"mode", o.mode},           {"n", o.n},
                      {"per_rank", o.per_rank},   {"sweeps", o.sweeps},
                      {"repetitions", o.repeats}, {"warmups", 1},
                      {"kernel", o.kernel},       {"redblack", o.redblack},
                      {"per_call", o.per_call},   {"pingpong", o.pingpong}};
    return doc;
}

// Rank 0 writes the JSON, after MPI_Finalize: a failure to write then exits without leaving
// the other ranks waiting.
void write_json(const Options &o, int rank, const bench::Json &doc) {
    if (rank == 0 && !o.json.empty()) {
        bench::write_json_file(o.json, doc, "laplace-bench-mpi");
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
    if (!check_output(o)) {
        MPI_Finalize();
        return 2;
    }
    bench::Json doc = rank == 0 ? document(o, size) : bench::Json::object();
    if (o.pingpong) {
        if (size >= 2) {
            doc["pingpong"] = pingpong();
        } else {
            std::fprintf(stderr, "laplace-bench-mpi: --pingpong needs 2 ranks\n");
        }
        MPI_Finalize();
        if (size >= 2) {
            write_json(o, rank, doc);
        }
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
    bench::Json rows = bench::Json::array();
    try {
        if (o.mode == "strong" || o.mode == "both") {
            rows.push_back(run(o, "strong", o.n + 2, o.n + 2));
        }
        if (o.mode == "weak" || o.mode == "both") {
            int dims[2] = {0, 0};
            MPI_Dims_create(size, 2, dims);
            rows.push_back(run(o, "weak", dims[0] * o.per_rank + 2, dims[1] * o.per_rank + 2));
        }
    } catch (const laplace::Error &e) {
        if (rank == 0) {
            std::fprintf(stderr, "laplace-bench-mpi: %s\n", e.what());
        }
        MPI_Finalize();
        return 1;
    }
    doc["rows"] = std::move(rows);
    MPI_Finalize();
    write_json(o, rank, doc);
    return 0;
}
