// The --rhs section: what a right-hand side f costs each kernel. Every planned row runs through
// the same route twice, without f and with f, so that f is the only difference: a Solver set up
// once (Solver("iterate", kernel) for the problem's sweeps, every tolerance off; a direct method
// for one solve), solving from the same initial grid with f = nullptr and with the f of a
// source (bench.hpp, Problem). All the variants take turns in every round
// (bench::measure_interleaved), so a drift of the shared machine's speed hits them alike. Both
// answers of every row are checked: against the textbook loops of the scheme without and with f
// (bench/textbook.cpp), or the exact solution for a direct method.
#include "bench.hpp"
#include "laplace/laplace.hpp"

#include <memory>

namespace bench {

std::vector<RhsResult> rhs_section(const Problem &p, const std::vector<Plan> &plan, int repetitions,
                                   int restore_threads) {
    Problem with = p;
    with.source = rhs_source;
    const std::vector<double> initial = initial_grid(p), f = rhs_grid(with);

    // One solver per row, set up before any timing; the thread count is the solver's own
    // setting (OpenMP threads), and for a BLAS-threaded method the process-wide BLAS setting,
    // made before each of its runs.
    std::vector<RhsResult> results;
    std::vector<std::unique_ptr<laplace::Solver>> solvers;
    for (const Plan &k : plan) {
        laplace::SolverOptions so = fixed_iterations(k.direct ? 1 : p.sweeps, k.threads);
        if (!k.direct) {
            so.kernel = k.name;
        }
        RhsResult r;
        r.plan = k;
        try {
            auto solver = std::make_unique<laplace::Solver>(k.direct ? k.name : "iterate", so);
            solver->setup(p.nx, p.ny, p.dx(), p.dy());
            solvers.push_back(std::move(solver));
        } catch (const laplace::Error &e) {
            r.free_status = r.with_status = Status::failed;
            r.free_check = r.with_check = std::string("failed: ") + e.what();
            solvers.push_back(nullptr);
        }
        results.push_back(std::move(r));
    }

    // Variant 2k: row k without f; 2k + 1: row k with f.
    std::vector<std::vector<double>> grids(2 * plan.size());
    std::vector<laplace::SolveReport> reports(grids.size());
    const std::vector<Timing> timings = measure_interleaved(
        int(grids.size()), repetitions,
        [&](int v) {
            const Plan &k = plan[std::size_t(v / 2)];
            if (k.threading.find("blas") != std::string::npos && k.threads > 0) {
                set_threads(k.threading, k.threads);
            }
            grids[std::size_t(v)] = initial;
        },
        [&](int v) {
            laplace::Solver *solver = solvers[std::size_t(v / 2)].get();
            if (solver != nullptr) {
                reports[std::size_t(v)] =
                    solver->solve(grids[std::size_t(v)].data(), v % 2 ? f.data() : nullptr, p.nx,
                                  p.ny, p.dx(), p.dy());
            }
        });
    for (const Plan &k : plan) {
        if (k.threading.find("blas") != std::string::npos && k.threads > 0) {
            set_threads(k.threading, restore_threads);
        }
    }

    // The answers of the last round, checked as the table's rows are (bench::validate), each
    // set (without f, with f) apart.
    std::vector<Row> free_rows, with_rows;
    for (std::size_t k = 0; k < plan.size(); ++k) {
        if (solvers[k] == nullptr) {
            continue;
        }
        for (int with_f = 0; with_f < 2; ++with_f) {
            Row row;
            row.name = plan[k].name;
            row.scheme = plan[k].scheme;
            row.direct = plan[k].direct;
            row.problem = with_f ? with : p;
            row.sweeps_done = reports[2 * k + std::size_t(with_f)].iterations;
            row.grid = std::move(grids[2 * k + std::size_t(with_f)]);
            (with_f ? with_rows : free_rows).push_back(std::move(row));
        }
        results[k].free = timings[2 * k];
        results[k].with_f = timings[2 * k + 1];
    }
    validate(free_rows);
    validate(with_rows);
    std::size_t next = 0;
    for (std::size_t k = 0; k < plan.size(); ++k) {
        if (solvers[k] == nullptr) {
            continue;
        }
        results[k].free_status = free_rows[next].status;
        results[k].free_check = free_rows[next].check;
        results[k].with_status = with_rows[next].status;
        results[k].with_check = with_rows[next].check;
        ++next;
    }
    return results;
}

} // namespace bench
