// The C ABI of the distributed solver (include/laplace/laplace_mpi.h). Arguments are checked
// with the library's rules (cpp/validation.hpp), then every rank agrees on the outcome before
// anything is written. Every sweep and solve runs the one driver (cpp/solver/driver.hpp): here
// an iteration is a halo exchange, a registry kernel (or the red-black half-sweep) on each
// rank's block, and a sum over the ranks.
#include "laplace/laplace_mpi.h"

#include "../grid.hpp"
#include "../kernels/kernels.hpp"
#include "../registry.hpp"
#include "../solver/driver.hpp"
#include "../solver/methods.hpp"
#include "../solver/residual.hpp"
#include "../validation.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <utility>
#include <vector>

using namespace laplace::detail;

namespace {

// Memory that grows on demand without throwing: a failure is a status the ranks agree on.
struct Scratch {
    std::unique_ptr<double[]> data;
    std::size_t size = 0;

    bool reserve(std::size_t n) {
        if (n > size) {
            data.reset(new (std::nothrow) double[n]);
            size = data ? n : 0;
        }
        return n <= size;
    }
};

} // namespace

// The distributed grid. Internally always in the C layout: a grid created for a column-major
// caller (nx, ny, dx, dy) is the C-layout grid (ny, nx, dy, dx) over the same bytes, as in
// laplace.h's GRID CONVENTION; `layout` turns names back into the caller's.
struct laplace_mpi_grid {
    MPI_Comm comm = MPI_COMM_NULL; // the Cartesian communicator (ranks as in the caller's)
    int size = 0;
    int rank = 0;
    Layout layout = Layout::row_major;
    int nx = 0, ny = 0;    // global extents, C layout
    double dx = 0, dy = 0; // the caller's spacings, C layout
    Spacings scaled{};     // what the kernels get (validation.hpp)
    int dims[2] = {1, 1};
    int coords[2] = {0, 0};
    int lower[2] = {MPI_PROC_NULL, MPI_PROC_NULL}; // neighbour ranks along x (0) and y (1)
    int upper[2] = {MPI_PROC_NULL, MPI_PROC_NULL};
    int ib = 0, ie = 0, jb = 0, je = 0; // this rank's interior block: ib <= i < ie, jb <= j < je
    int lnx = 0, lny = 0;               // the local array: block plus ring
    std::unique_ptr<double[]> u;        // lnx*lny values, u[(i - ib + 1)*lny + (j - jb + 1)]
    std::unique_ptr<double[]> f;        // the right-hand side in u's shape (ring unused), or null
    Scratch workspace;                  // the kernel's, or the red-black half-sweep's row sums
    Scratch residual_workspace;
    MPI_Datatype column = MPI_DATATYPE_NULL; // one column of the block: (ie-ib) values, stride lny
    laplace_mpi_timings timings{};

    GridRef local() const { return GridRef{u.get(), lnx, lny, scaled.dx, scaled.dy}; }
    std::size_t points() const { return std::size_t(lnx) * std::size_t(lny); }
};

namespace {

// ---- The decomposition ------------------------------------------------------------------------

// Block k of n interior points (global indices 1..n) split over p ranks: [begin, end).
void split(int n, int p, int k, int &begin, int &end) {
    const int base = n / p;
    const int extra = n % p;
    begin = 1 + k * base + std::min(k, extra);
    end = begin + base + (k < extra ? 1 : 0);
}

// Points owned by the rank at `coords`: its block, widened to the edge of the grid where the
// block touches it (the boundary points in its ring).
void owned_range(const laplace_mpi_grid &g, const int coords[2], int &ib, int &ie, int &jb,
                 int &je) {
    split(g.nx - 2, g.dims[0], coords[0], ib, ie);
    split(g.ny - 2, g.dims[1], coords[1], jb, je);
    if (coords[0] == 0) {
        ib = 0;
    }
    if (coords[0] == g.dims[0] - 1) {
        ie = g.nx;
    }
    if (coords[1] == 0) {
        jb = 0;
    }
    if (coords[1] == g.dims[1] - 1) {
        je = g.ny;
    }
}

// Process grid for `size` ranks over interior extents n0 x n1: MPI_Dims_create's balanced
// factors with the larger one along the longer axis; if a block would be empty, a one-axis
// split. Returns false if no split gives every rank a nonempty block.
bool choose_dims(int size, int n0, int n1, int dims[2]) {
    dims[0] = dims[1] = 0;
    MPI_Dims_create(size, 2, dims); // dims[0] >= dims[1]
    if (n1 > n0) {
        std::swap(dims[0], dims[1]);
    }
    if (dims[0] <= n0 && dims[1] <= n1) {
        return true;
    }
    if (size <= n0) {
        dims[0] = size;
        dims[1] = 1;
        return true;
    }
    if (size <= n1) {
        dims[0] = 1;
        dims[1] = size;
        return true;
    }
    return false;
}

// ---- Non-finite values, named in the caller's terms ------------------------------------------

// The first non-finite value of `local` (an array of the local array's shape) among the global
// points [i0, i1) x [j0, j1), described, or "".
std::string first_nonfinite_point(const laplace_mpi_grid &g, const double *local, const char *array,
                                  int i0, int i1, int j0, int j1) {
    for (int i = i0; i < i1; ++i) {
        const double *row = local + std::ptrdiff_t(i - g.ib + 1) * g.lny + (j0 - g.jb + 1);
        if (const std::ptrdiff_t k = first_nonfinite(row, 1, j1 - j0, 1); k >= 0) {
            return describe_point(array, row[k], i, j0 + std::ptrdiff_t(k), g.ny, g.layout);
        }
    }
    return {};
}

// The first non-finite point u holds among this rank's owned points, or "".
std::string first_nonfinite_u(const laplace_mpi_grid &g) {
    int oi0, oi1, oj0, oj1;
    owned_range(g, g.coords, oi0, oi1, oj0, oj1);
    return first_nonfinite_point(g, g.u.get(), "u", oi0, oi1, oj0, oj1);
}

// The same for f, over the block (f's boundary values are not used).
std::string first_nonfinite_f(const laplace_mpi_grid &g) {
    return g.f ? first_nonfinite_point(g, g.f.get(), "f", g.ib, g.ie, g.jb, g.je) : std::string();
}

// ---- Agreement between ranks ------------------------------------------------------------------

// A value every rank must pass alike, the status to report if they differ, and its name.
struct Same {
    const char *name;
    double value;
    int status;
};

// Collective. Combines each rank's `status` (its message in laplace_last_error) with a check
// that every value in `same` is equal on all ranks, in one MPI_Allreduce. Returns LAPLACE_OK on
// every rank, or on every rank the status and message of the lowest failing rank ("rank R: ").
int agree(MPI_Comm comm, int rank, int size, int status, std::span<const Same> same) {
    std::vector<double> a;
    a.reserve(1 + 2 * same.size());
    a.push_back(status != LAPLACE_OK ? -double(rank) : -double(size));
    for (const Same &s : same) {
        a.push_back(status != LAPLACE_OK ? 0.0 : s.value);
        a.push_back(status != LAPLACE_OK ? 0.0 : -s.value);
    }
    MPI_Allreduce(MPI_IN_PLACE, a.data(), int(a.size()), MPI_DOUBLE, MPI_MAX, comm);
    if (a[0] > -double(size)) {
        const int failing = int(-a[0]);
        int head[2] = {status, 0};
        std::string message;
        if (rank == failing) {
            message = laplace_last_error();
            head[1] = int(message.size());
        }
        MPI_Bcast(head, 2, MPI_INT, failing, comm);
        message.resize(std::size_t(head[1]));
        MPI_Bcast(message.data(), head[1], MPI_CHAR, failing, comm);
        return set_error(head[0], "rank " + std::to_string(failing) + ": " + message);
    }
    std::size_t k = 1;
    for (const Same &s : same) {
        const double hi = a[k], lo = -a[k + 1];
        k += 2;
        if (hi != lo) {
            return set_error(s.status, std::string(s.name) + " differs between ranks (from " +
                                           format_double(lo) + " to " + format_double(hi) +
                                           "): every rank must pass the same value");
        }
    }
    return LAPLACE_OK;
}

int agree(const laplace_mpi_grid &g, int status, std::initializer_list<Same> same = {}) {
    return agree(g.comm, g.rank, g.size, status, std::span<const Same>(same.begin(), same.size()));
}

// ---- Halo exchange and sums over the ranks ----------------------------------------------------

// Collective over the neighbours: each rank sends its block's edge rows and columns to the
// neighbours and receives theirs into its ring. Rows are contiguous, columns are the `column`
// vector type. At the edge of the grid the neighbour is MPI_PROC_NULL and the ring keeps the
// boundary values.
void exchange_halo(laplace_mpi_grid &g) {
    const double t0 = MPI_Wtime();
    double *const u = g.u.get();
    const int bx = g.ie - g.ib; // block rows
    const int by = g.je - g.jb; // block columns
    const std::ptrdiff_t lny = g.lny;
    auto at = [&](std::ptrdiff_t li, std::ptrdiff_t lj) { return u + li * lny + lj; };
    MPI_Request requests[8];
    // Along x: rows li = 1 and li = bx go down and up; rings li = 0 and li = bx + 1 come in.
    MPI_Irecv(at(0, 1), by, MPI_DOUBLE, g.lower[0], 0, g.comm, &requests[0]);
    MPI_Irecv(at(bx + 1, 1), by, MPI_DOUBLE, g.upper[0], 1, g.comm, &requests[1]);
    // Along y: columns lj = 1 and lj = by, rings lj = 0 and lj = by + 1.
    MPI_Irecv(at(1, 0), 1, g.column, g.lower[1], 2, g.comm, &requests[2]);
    MPI_Irecv(at(1, by + 1), 1, g.column, g.upper[1], 3, g.comm, &requests[3]);
    MPI_Isend(at(bx, 1), by, MPI_DOUBLE, g.upper[0], 0, g.comm, &requests[4]);
    MPI_Isend(at(1, 1), by, MPI_DOUBLE, g.lower[0], 1, g.comm, &requests[5]);
    MPI_Isend(at(1, by), 1, g.column, g.upper[1], 2, g.comm, &requests[6]);
    MPI_Isend(at(1, 1), 1, g.column, g.lower[1], 3, g.comm, &requests[7]);
    MPI_Waitall(8, requests, MPI_STATUSES_IGNORE);
    g.timings.exchange += MPI_Wtime() - t0;
    ++g.timings.exchanges;
}

// The ranks' sums of squares combined as SquareSum::add combines rows': every sum rescaled to
// the largest scale (a rank with nothing to add takes no part in choosing it). The same on
// every rank. Collective.
SquareSum sum_over_ranks(const laplace_mpi_grid &g, const SquareSum &local) {
    double largest[2] = {local.sum != 0.0 ? local.scale : 0.0, local.max_abs};
    MPI_Allreduce(MPI_IN_PLACE, largest, 2, MPI_DOUBLE, MPI_MAX, g.comm);
    SquareSum total;
    total.max_abs = largest[1];
    if (largest[0] > 0.0) {
        total.scale = largest[0];
        const double ratio = local.sum != 0.0 ? local.scale / total.scale : 0.0;
        const double part = local.sum * ratio * ratio;
        MPI_Allreduce(&part, &total.sum, 1, MPI_DOUBLE, MPI_SUM, g.comm);
    }
    return total;
}

// The global residual's norms, the same on every rank. Collective.
ResidualNorms global_residual(laplace_mpi_grid &g, int threads) {
    exchange_halo(g);
    const double t0 = MPI_Wtime();
    const SquareSum local = residual_sum(g.local(), g.f.get(), g.scaled.f_weight, threads,
                                         g.residual_workspace.data.get());
    const double t1 = MPI_Wtime();
    g.timings.compute += t1 - t0;
    const SquareSum total = sum_over_ranks(g, local);
    g.timings.reduce += MPI_Wtime() - t1;
    return residual_norms(total, g.scaled.f_weight);
}

// ---- Methods and the driver's view of a distributed grid -------------------------------------

// What a sweep or solve runs: a registry Jacobi kernel, or red-black with a resolved omega.
struct Method {
    const KernelEntry *kernel = nullptr; // null: red-black
    bool sor = false;
    double omega = 1.0; // the weight the kernel or half-sweep gets

    // The kernel's position in the registry (-1: red-black), for the ranks to compare.
    double index() const { return kernel ? double(kernel - kernel_table().data()) : -1.0; }

    int threads(const laplace_mpi_grid &g) const {
        return kernel && kernel->threading == Threading::serial ? 1 : team_size(0, g.local());
    }

    std::size_t workspace_doubles(const laplace_mpi_grid &g) const {
        return kernel ? kernel->workspace_doubles(g.lnx, g.lny, threads(g)) : std::size_t(g.lnx);
    }

    std::string describe() const {
        return kernel ? std::string("kernel '") + kernel->name + "'"
                      : std::string(sor ? "red-black SOR" : "red-black Gauss-Seidel");
    }
    std::string describe_step(int number) const {
        return "sweep " + std::to_string(number) + " of " + describe();
    }
};

class DistributedIteration final : public Iteration {
  public:
    DistributedIteration(laplace_mpi_grid &g, const Method &m)
        : g_(g), m_(m), threads_(m.threads(g)) {}

    int step(int, ChangeNorm how, SquareSum &change) override {
        change = SquareSum{};
        const bool exact = how == ChangeNorm::exact;
        if (exact) {
            // Every rank's copy, or none: a rank that cannot allocate fails them all.
            int status = LAPLACE_OK;
            if (!before_.reserve(g_.points()) ||
                !g_.residual_workspace.reserve(residual_workspace(g_.lnx, g_.lny))) {
                status = set_error(LAPLACE_ERROR_TOO_LARGE,
                                   "cannot allocate the copy of this rank's block that the "
                                   "change norm of values near underflow or overflow needs");
            }
            if (int s = agree(g_, status); s != LAPLACE_OK) {
                return s;
            }
            std::copy(g_.u.get(), g_.u.get() + g_.points(), before_.data.get());
        }
        const bool want_change = how == ChangeNorm::plain;
        const SweepCall call{g_.local(), g_.f.get(), g_.scaled.f_weight,
                             m_.omega,   threads_,   want_change};
        double *const workspace = g_.workspace.data.get();
        double local = 0.0;
        if (m_.kernel != nullptr) {
            exchange_halo(g_);
            const double t0 = MPI_Wtime();
            local = m_.kernel->sweep(call, workspace);
            g_.timings.compute += MPI_Wtime() - t0;
        } else {
            const int parity = (g_.ib - 1 + g_.jb - 1) % 2; // of the local array's point (0, 0)
            for (int colour = 0; colour < 2; ++colour) {
                exchange_halo(g_);
                const double t0 = MPI_Wtime();
                local += redblack_half_sweep(call, parity, colour, m_.sor, workspace);
                g_.timings.compute += MPI_Wtime() - t0;
            }
        }
        ++g_.timings.sweeps;
        if (want_change) {
            const double t0 = MPI_Wtime();
            MPI_Allreduce(&local, &change.sum, 1, MPI_DOUBLE, MPI_SUM, g_.comm);
            g_.timings.reduce += MPI_Wtime() - t0;
        } else if (exact) {
            const double t0 = MPI_Wtime();
            const SquareSum mine = difference_sum(g_.local(), before_.data.get(), threads_,
                                                  g_.residual_workspace.data.get());
            const double t1 = MPI_Wtime();
            g_.timings.compute += t1 - t0;
            change = sum_over_ranks(g_, mine);
            g_.timings.reduce += MPI_Wtime() - t1;
        }
        return LAPLACE_OK;
    }

    // Over the ranks' blocks (u's ring holds neighbours' or boundary values, also counted).
    double magnitude() override {
        double largest[2] = {0.0, 0.0};
        first_nonfinite(g_.u.get(), g_.lnx, g_.lny, 1, &largest[0]);
        if (g_.f) {
            first_nonfinite(g_.f.get(), g_.lnx, g_.lny, 1, &largest[1]);
        }
        MPI_Allreduce(MPI_IN_PLACE, largest, 2, MPI_DOUBLE, MPI_MAX, g_.comm);
        return change_magnitude(largest[0], largest[1], g_.scaled.dx, g_.scaled.dy,
                                g_.scaled.f_weight);
    }

    int residual(ResidualNorms &norms) override {
        norms = global_residual(g_, threads_);
        return LAPLACE_OK;
    }

    // Every rank has the same non-finite value: the first rank with a non-finite point names it.
    int nonfinite(int number, const char *what, double value) override {
        const std::string where = m_.describe_step(number);
        const std::string point = first_nonfinite_u(g_);
        const int status = point.empty() ? LAPLACE_OK : fail_overflowed(where, point);
        if (int s = agree(g_, status); s != LAPLACE_OK) {
            return s;
        }
        return fail_nonfinite_norm(where, what, value);
    }

    bool direct() const override { return false; }
    int threads() const override { return threads_; }

  private:
    laplace_mpi_grid &g_;
    const Method &m_;
    int threads_;
    Scratch before_; // the block before a sweep whose change is computed exactly
};

// A kernel name as a C string, or as `length` bytes (the _n entry points: C++ and Fortran
// strings, which may hold a NUL).
struct KernelName {
    const char *chars;
    std::size_t length = std::string_view::npos; // npos: NUL-terminated
};

// The method for a kernel name: a registry kernel whose scheme is Jacobi.
int jacobi_method(KernelName kernel, Method &m) {
    m.kernel = nullptr;
    if (kernel.chars != nullptr && kernel.length != std::string_view::npos) {
        const std::string_view name(kernel.chars, kernel.length);
        if (int s = check_name_has_no_nul(name, "kernel", LAPLACE_ERROR_UNKNOWN_KERNEL);
            s != LAPLACE_OK) {
            return s;
        }
        return jacobi_method({std::string(name).c_str()}, m);
    }
    if (int s = lookup_kernel(kernel.chars, m.kernel); s != LAPLACE_OK) {
        return s;
    }
    if (m.kernel->scheme != Scheme::jacobi) {
        const KernelEntry &k = *m.kernel;
        m.kernel = nullptr;
        return set_error(LAPLACE_ERROR_UNKNOWN_KERNEL,
                         std::string("kernel '") + k.name + "' (scheme " + scheme_name(k.scheme) +
                             ") has no distributed form: its result would depend on how the grid "
                             "is split; use a jacobi kernel, or laplace_mpi_sweep_redblack");
    }
    return LAPLACE_OK;
}

// Red-black with omega (0: the optimal factor for the global grid, as the omp-sor kernel's).
int redblack_method(const laplace_mpi_grid &g, double omega, Method &m) {
    if (int s = check_omega(omega); s != LAPLACE_OK) {
        return s;
    }
    m.kernel = nullptr;
    m.sor = omega != 1.0;
    m.omega = omega == 0.0 ? optimal_omega(g.nx, g.ny, g.scaled.dx, g.scaled.dy) : omega;
    return LAPLACE_OK;
}

// Collective. After the scalar checks that produced `status`, checks on every rank what the
// call needs of memory and data (workspace for method m, if any, and for the residual; u and f
// finite), then agrees on the outcome, on `same` and on whether f is set.
int prepare(laplace_mpi_grid &g, int status, const Method *m, bool residual,
            std::vector<Same> same) {
    if (status == LAPLACE_OK && m != nullptr && !g.workspace.reserve(m->workspace_doubles(g))) {
        status = set_error(LAPLACE_ERROR_TOO_LARGE,
                           "cannot allocate the " +
                               std::to_string(m->workspace_doubles(g) * sizeof(double)) +
                               "-byte workspace of " + m->describe() + " for this rank's block");
    }
    if (status == LAPLACE_OK && residual &&
        !g.residual_workspace.reserve(residual_workspace(g.lnx, g.lny))) {
        status = set_error(LAPLACE_ERROR_TOO_LARGE, "cannot allocate the residual's workspace");
    }
    if (status == LAPLACE_OK) {
        if (const std::string point = first_nonfinite_u(g); !point.empty()) {
            status =
                set_error(LAPLACE_ERROR_NONFINITE_INPUT, point + ": u must be finite on entry");
        } else if (const std::string f_point = first_nonfinite_f(g); !f_point.empty()) {
            status =
                set_error(LAPLACE_ERROR_NONFINITE_INPUT, f_point + ": f must be finite on entry");
        }
    }
    same.push_back({"whether f is set (laplace_mpi_set_rhs, laplace_mpi_clear_rhs)",
                    g.f ? 1.0 : 0.0, LAPLACE_ERROR_NULL_POINTER});
    return agree(g.comm, g.rank, g.size, status, same);
}

// laplace_mpi_sweep, _solve and their red-black forms: the study's rules, as laplace_sweep and
// laplace_solve run them (cpp/capi.cpp, study_call).
int study_call(laplace_mpi_grid &g, int status, const Method &m, bool solve, int max_iter,
               double tol, int *iterations, double *change) {
    if (status == LAPLACE_OK && solve && iterations == nullptr) {
        status = set_error(LAPLACE_ERROR_NULL_POINTER, "iterations is NULL");
    }
    if (status == LAPLACE_OK && change == nullptr) {
        status = set_error(LAPLACE_ERROR_NULL_POINTER, "change is NULL");
    }
    if (status == LAPLACE_OK && solve) {
        status = check_max_iter(max_iter);
        if (status == LAPLACE_OK) {
            status = check_tolerance("tol", tol);
        }
    }
    std::vector<Same> same{{"the kernel", m.index(), LAPLACE_ERROR_UNKNOWN_KERNEL},
                           {"omega", m.omega, LAPLACE_ERROR_BAD_OMEGA}};
    if (solve) {
        same.push_back({"max_iter", double(max_iter), LAPLACE_ERROR_BAD_MAX_ITER});
        same.push_back({"tol", tol, LAPLACE_ERROR_BAD_TOLERANCE});
    }
    if (int s = prepare(g, status, &m, false, std::move(same)); s != LAPLACE_OK) {
        return s;
    }
    DistributedIteration it(g, m);
    StopRules rules;
    rules.max_iter = solve ? max_iter : 1;
    rules.use_change = solve;
    rules.change_tol = solve ? tol : 0.0;
    SolveReport report;
    const int status_of_drive = drive(it, rules, false, report);
    if (solve) {
        *iterations = report.iterations;
    }
    *change = report.change;
    return status_of_drive;
}

int solve_rules(laplace_mpi_grid &g, KernelName kernel, double omega, int max_iter, double rtol,
                double atol, double change_tol, laplace_result *result) {
    Method m;
    int status = kernel.chars != nullptr ? jacobi_method(kernel, m) : redblack_method(g, omega, m);
    if (status == LAPLACE_OK) {
        status = check_result(result);
    }
    StopRules rules;
    if (status == LAPLACE_OK) {
        status = make_stop_rules(max_iter, rtol, atol, change_tol, rules);
    }
    if (int s = prepare(g, status, &m, true,
                        {{"the kernel", m.index(), LAPLACE_ERROR_UNKNOWN_KERNEL},
                         {"omega", m.omega, LAPLACE_ERROR_BAD_OMEGA},
                         {"max_iter", double(max_iter), LAPLACE_ERROR_BAD_MAX_ITER},
                         {"rtol", rtol, LAPLACE_ERROR_BAD_TOLERANCE},
                         {"atol", atol, LAPLACE_ERROR_BAD_TOLERANCE},
                         {"change_tol", change_tol, LAPLACE_ERROR_BAD_TOLERANCE}});
        s != LAPLACE_OK) {
        return s;
    }
    DistributedIteration it(g, m);
    SolveReport report;
    const int status_of_drive = drive(it, rules, true, report);
    write_result(report, *result);
    return status_of_drive;
}

// ---- Creation ---------------------------------------------------------------------------------

int create(MPI_Comm comm, Layout layout, int nx, int ny, double dx, double dy,
           laplace_mpi_grid **out) {
    if (out == nullptr) {
        return set_error(LAPLACE_ERROR_NULL_POINTER, "grid is NULL: pass the address of a "
                                                     "laplace_mpi_grid pointer");
    }
    *out = nullptr;
    if (comm == MPI_COMM_NULL) {
        return set_error(LAPLACE_ERROR_NULL_POINTER, "comm is MPI_COMM_NULL");
    }
    int size = 0, rank = 0;
    MPI_Comm_size(comm, &size);
    MPI_Comm_rank(comm, &rank);
    int status = check_grid(nx, ny, dx, dy);
    auto g = std::make_unique<laplace_mpi_grid>();
    g->size = size;
    g->rank = rank;
    g->layout = layout;
    // The internal C-layout grid (laplace.h, GRID CONVENTION).
    g->nx = layout == Layout::row_major ? nx : ny;
    g->ny = layout == Layout::row_major ? ny : nx;
    g->dx = layout == Layout::row_major ? dx : dy;
    g->dy = layout == Layout::row_major ? dy : dx;
    if (status == LAPLACE_OK && !choose_dims(size, g->nx - 2, g->ny - 2, g->dims)) {
        status = set_error(LAPLACE_ERROR_BAD_EXTENT,
                           "a " + std::to_string(nx) + " x " + std::to_string(ny) + " grid has " +
                               std::to_string(nx - 2) + " x " + std::to_string(ny - 2) +
                               " interior points: too few to give each of " + std::to_string(size) +
                               " ranks a nonempty block");
    }
    if (int s = agree(comm, rank, size, status,
                      std::initializer_list<Same>{{"nx", double(nx), LAPLACE_ERROR_BAD_EXTENT},
                                                  {"ny", double(ny), LAPLACE_ERROR_BAD_EXTENT},
                                                  {"dx", dx, LAPLACE_ERROR_BAD_SPACING},
                                                  {"dy", dy, LAPLACE_ERROR_BAD_SPACING}});
        s != LAPLACE_OK) {
        return s;
    }
    g->scaled = scale_spacings(g->dx, g->dy);
    const int periods[2] = {0, 0};
    MPI_Cart_create(comm, 2, g->dims, periods, 0, &g->comm); // reorder = 0: keep rank numbers
    MPI_Cart_coords(g->comm, rank, 2, g->coords);
    MPI_Cart_shift(g->comm, 0, 1, &g->lower[0], &g->upper[0]);
    MPI_Cart_shift(g->comm, 1, 1, &g->lower[1], &g->upper[1]);
    split(g->nx - 2, g->dims[0], g->coords[0], g->ib, g->ie);
    split(g->ny - 2, g->dims[1], g->coords[1], g->jb, g->je);
    g->lnx = g->ie - g->ib + 2;
    g->lny = g->je - g->jb + 2;
    MPI_Type_vector(g->ie - g->ib, 1, g->lny, MPI_DOUBLE, &g->column);
    MPI_Type_commit(&g->column);
    g->u.reset(new (std::nothrow) double[g->points()]());
    status = LAPLACE_OK;
    if (!g->u) {
        status = set_error(LAPLACE_ERROR_TOO_LARGE,
                           "cannot allocate this rank's block of " +
                               std::to_string(g->points() * sizeof(double)) + " bytes");
    }
    if (int s = agree(*g, status); s != LAPLACE_OK) {
        laplace_mpi_grid_free(g.release());
        return s;
    }
    *out = g.release();
    return LAPLACE_OK;
}

// ---- Scatter and gather -----------------------------------------------------------------------

// Subarray type of the points owned by the rank at `coords`, in the global array (global =
// true) or in that rank's local array.
MPI_Datatype owned_type(const laplace_mpi_grid &g, const int coords[2], bool global) {
    int oi0, oi1, oj0, oj1;
    owned_range(g, coords, oi0, oi1, oj0, oj1);
    int ib, ie, jb, je;
    split(g.nx - 2, g.dims[0], coords[0], ib, ie);
    split(g.ny - 2, g.dims[1], coords[1], jb, je);
    const int sizes[2] = {global ? g.nx : ie - ib + 2, global ? g.ny : je - jb + 2};
    const int subsizes[2] = {oi1 - oi0, oj1 - oj0};
    const int starts[2] = {global ? oi0 : oi0 - ib + 1, global ? oj0 : oj0 - jb + 1};
    MPI_Datatype t;
    MPI_Type_create_subarray(2, sizes, subsizes, starts, MPI_ORDER_C, MPI_DOUBLE, &t);
    MPI_Type_commit(&t);
    return t;
}

// Moves every rank's owned points between `local` (u or f) and the global array on root.
void transfer(const laplace_mpi_grid &g, int root, double *global, double *local, bool to_root) {
    constexpr int tag = 10;
    std::vector<MPI_Request> requests;
    std::vector<MPI_Datatype> types;
    if (g.rank == root) {
        for (int r = 0; r < g.size; ++r) {
            int c[2];
            MPI_Cart_coords(g.comm, r, 2, c);
            types.push_back(owned_type(g, c, true));
            requests.emplace_back();
            if (to_root) {
                MPI_Irecv(global, 1, types.back(), r, tag, g.comm, &requests.back());
            } else {
                MPI_Isend(global, 1, types.back(), r, tag, g.comm, &requests.back());
            }
        }
    }
    types.push_back(owned_type(g, g.coords, false));
    requests.emplace_back();
    if (to_root) {
        MPI_Isend(local, 1, types.back(), root, tag, g.comm, &requests.back());
    } else {
        MPI_Irecv(local, 1, types.back(), root, tag, g.comm, &requests.back());
    }
    MPI_Waitall(int(requests.size()), requests.data(), MPI_STATUSES_IGNORE);
    for (MPI_Datatype &t : types) {
        MPI_Type_free(&t);
    }
}

int check_root(const laplace_mpi_grid &g, int root, const void *array, const char *what) {
    if (root < 0 || root >= g.size) {
        return set_error(LAPLACE_ERROR_BAD_INDEX, "root = " + std::to_string(root) +
                                                      " is outside 0.." +
                                                      std::to_string(g.size - 1));
    }
    if (g.rank == root && array == nullptr) {
        return set_error(LAPLACE_ERROR_NULL_POINTER,
                         std::string(what) + " is NULL on root: pass the array of nx*ny values");
    }
    return LAPLACE_OK;
}

// f allocated (zero) if the grid has none; false if that fails, with the message set.
bool allocate_rhs(laplace_mpi_grid &g) {
    if (!g.f) {
        g.f.reset(new (std::nothrow) double[g.points()]());
        if (!g.f) {
            set_error(LAPLACE_ERROR_TOO_LARGE, "cannot allocate this rank's right-hand side of " +
                                                   std::to_string(g.points() * sizeof(double)) +
                                                   " bytes");
            return false;
        }
    }
    return true;
}

int scatter_rhs(laplace_mpi_grid &g, int root, const double *f) {
    int status = check_root(g, root, f, "f");
    const bool fresh = !g.f;
    if (status == LAPLACE_OK && !allocate_rhs(g)) {
        status = LAPLACE_ERROR_TOO_LARGE;
    }
    if (int s = agree(g, status, {{"root", double(root), LAPLACE_ERROR_BAD_INDEX}});
        s != LAPLACE_OK) {
        if (fresh) {
            g.f.reset(); // as before the call
        }
        return s;
    }
    transfer(g, root, const_cast<double *>(f), g.f.get(), false); // root only sends from f
    return LAPLACE_OK;
}

// ---- Fill -------------------------------------------------------------------------------------

// Which owned points a fill sets.
enum class Points { all, boundary, interior };

// Sets the owned points `which` of `local` (u or f) to fn(x, y, ctx).
void fill(laplace_mpi_grid &g, double *local, double x0, double y0, laplace_mpi_function fn,
          void *ctx, Points which) {
    int oi0, oi1, oj0, oj1;
    owned_range(g, g.coords, oi0, oi1, oj0, oj1);
    // Spacings along the caller's x and y.
    const bool swapped = g.layout == Layout::column_major;
    const double hx = swapped ? g.dy : g.dx;
    const double hy = swapped ? g.dx : g.dy;
    for (int i = oi0; i < oi1; ++i) {
        double *row = local + std::ptrdiff_t(i - g.ib + 1) * g.lny;
        for (int j = oj0; j < oj1; ++j) {
            const bool on_boundary = i == 0 || j == 0 || i == g.nx - 1 || j == g.ny - 1;
            if ((which == Points::boundary && !on_boundary) ||
                (which == Points::interior && on_boundary)) {
                continue;
            }
            // (i, j) are C-layout indices; the caller's (x index, y index) are (j, i) if swapped.
            const int ix = swapped ? j : i;
            const int iy = swapped ? i : j;
            row[j - g.jb + 1] = fn(x0 + ix * hx, y0 + iy * hy, ctx);
        }
    }
}

int fill_u(laplace_mpi_grid *g, double x0, double y0, laplace_mpi_function fn, void *ctx,
           Points which) {
    if (g == nullptr) {
        return set_error(LAPLACE_ERROR_NULL_POINTER, "grid is NULL");
    }
    if (fn == nullptr) {
        return set_error(LAPLACE_ERROR_NULL_POINTER, "f is NULL");
    }
    fill(*g, g->u.get(), x0, y0, fn, ctx, which);
    return LAPLACE_OK;
}

template <class Body>
int guarded(Body body) noexcept {
    try {
        clear_error();
        return body();
    } catch (const std::bad_alloc &) {
        return set_error(LAPLACE_ERROR_TOO_LARGE, "out of memory");
    } catch (const std::exception &e) {
        return set_error(LAPLACE_ERROR_INTERNAL, std::string("internal error: ") + e.what());
    } catch (...) {
        return set_error(LAPLACE_ERROR_INTERNAL, "internal error: unknown exception");
    }
}

int null_grid() {
    return set_error(LAPLACE_ERROR_NULL_POINTER,
                     "grid is NULL (reported on this rank only: a NULL grid has no communicator)");
}

// laplace_mpi_sweep and _solve, with the name as either kind of string.
int sweep(laplace_mpi_grid *grid, KernelName kernel, double *change) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        Method m;
        const int status = jacobi_method(kernel, m);
        return study_call(*grid, status, m, false, 1, 0.0, nullptr, change);
    });
}

int solve(laplace_mpi_grid *grid, KernelName kernel, int max_iter, double tol, int *iterations,
          double *change) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        Method m;
        const int status = jacobi_method(kernel, m);
        return study_call(*grid, status, m, true, max_iter, tol, iterations, change);
    });
}

} // namespace

extern "C" {

int laplace_mpi_grid_create(MPI_Comm comm, int nx, int ny, double dx, double dy,
                            laplace_mpi_grid **grid) {
    return guarded([&] { return create(comm, Layout::row_major, nx, ny, dx, dy, grid); });
}

int laplace_mpi_grid_create_colmajor(MPI_Comm comm, int nx, int ny, double dx, double dy,
                                     laplace_mpi_grid **grid) {
    return guarded([&] { return create(comm, Layout::column_major, nx, ny, dx, dy, grid); });
}

int laplace_mpi_grid_create_f(MPI_Fint comm, int nx, int ny, double dx, double dy,
                              laplace_mpi_grid **grid) {
    return laplace_mpi_grid_create(MPI_Comm_f2c(comm), nx, ny, dx, dy, grid);
}

int laplace_mpi_grid_create_colmajor_f(MPI_Fint comm, int nx, int ny, double dx, double dy,
                                       laplace_mpi_grid **grid) {
    return laplace_mpi_grid_create_colmajor(MPI_Comm_f2c(comm), nx, ny, dx, dy, grid);
}

void laplace_mpi_grid_free(laplace_mpi_grid *grid) {
    if (grid == nullptr) {
        return;
    }
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) {
        if (grid->column != MPI_DATATYPE_NULL) {
            MPI_Type_free(&grid->column);
        }
        if (grid->comm != MPI_COMM_NULL) {
            MPI_Comm_free(&grid->comm);
        }
    }
    delete grid;
}

int laplace_mpi_grid_block(const laplace_mpi_grid *grid, laplace_mpi_block *block) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        if (block == nullptr) {
            return set_error(LAPLACE_ERROR_NULL_POINTER, "block is NULL");
        }
        const laplace_mpi_grid &g = *grid;
        int oi0, oi1, oj0, oj1;
        owned_range(g, g.coords, oi0, oi1, oj0, oj1);
        laplace_mpi_block b{};
        b.ranks = g.size;
        b.rank = g.rank;
        b.u = g.u.get();
        const int k = g.layout == Layout::row_major ? 0 : 1; // caller's x axis, internally
        b.nx = k ? g.ny : g.nx;
        b.ny = k ? g.nx : g.ny;
        b.dx = k ? g.dy : g.dx;
        b.dy = k ? g.dx : g.dy;
        b.dims[0] = g.dims[k];
        b.dims[1] = g.dims[1 - k];
        b.coords[0] = g.coords[k];
        b.coords[1] = g.coords[1 - k];
        b.i_begin = k ? oj0 : oi0;
        b.i_end = k ? oj1 : oi1;
        b.j_begin = k ? oi0 : oj0;
        b.j_end = k ? oi1 : oj1;
        b.local_nx = k ? g.lny : g.lnx;
        b.local_ny = k ? g.lnx : g.lny;
        b.i_offset = k ? g.jb - 1 : g.ib - 1;
        b.j_offset = k ? g.ib - 1 : g.jb - 1;
        *block = b;
        return LAPLACE_OK;
    });
}

int laplace_mpi_fill(laplace_mpi_grid *grid, double x0, double y0, laplace_mpi_function f,
                     void *ctx) {
    return guarded([&] { return fill_u(grid, x0, y0, f, ctx, Points::all); });
}

int laplace_mpi_set_boundary(laplace_mpi_grid *grid, double x0, double y0, laplace_mpi_function f,
                             void *ctx) {
    return guarded([&] { return fill_u(grid, x0, y0, f, ctx, Points::boundary); });
}

int laplace_mpi_scatter(laplace_mpi_grid *grid, int root, const double *u) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        const int status = check_root(*grid, root, u, "u");
        if (int s = agree(*grid, status, {{"root", double(root), LAPLACE_ERROR_BAD_INDEX}});
            s != LAPLACE_OK) {
            return s;
        }
        transfer(*grid, root, const_cast<double *>(u), grid->u.get(), false); // root only sends
        return LAPLACE_OK;
    });
}

int laplace_mpi_gather(const laplace_mpi_grid *grid, int root, double *u) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        const int status = check_root(*grid, root, u, "u");
        if (int s = agree(*grid, status, {{"root", double(root), LAPLACE_ERROR_BAD_INDEX}});
            s != LAPLACE_OK) {
            return s;
        }
        transfer(*grid, root, u, grid->u.get(), true);
        return LAPLACE_OK;
    });
}

int laplace_mpi_sweep(laplace_mpi_grid *grid, const char *kernel, double *change) {
    return sweep(grid, {kernel}, change);
}

int laplace_mpi_sweep_n(laplace_mpi_grid *grid, const char *kernel, size_t length, double *change) {
    return sweep(grid, {kernel, length}, change);
}

int laplace_mpi_solve(laplace_mpi_grid *grid, const char *kernel, int max_iter, double tol,
                      int *iterations, double *change) {
    return solve(grid, {kernel}, max_iter, tol, iterations, change);
}

int laplace_mpi_solve_n(laplace_mpi_grid *grid, const char *kernel, size_t length, int max_iter,
                        double tol, int *iterations, double *change) {
    return solve(grid, {kernel, length}, max_iter, tol, iterations, change);
}

int laplace_mpi_sweep_redblack(laplace_mpi_grid *grid, double omega, double *change) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        Method m;
        const int status = redblack_method(*grid, omega, m);
        return study_call(*grid, status, m, false, 1, 0.0, nullptr, change);
    });
}

int laplace_mpi_solve_redblack(laplace_mpi_grid *grid, double omega, int max_iter, double tol,
                               int *iterations, double *change) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        Method m;
        const int status = redblack_method(*grid, omega, m);
        return study_call(*grid, status, m, true, max_iter, tol, iterations, change);
    });
}

int laplace_mpi_set_rhs(laplace_mpi_grid *grid, double x0, double y0, laplace_mpi_function f,
                        void *ctx) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        if (f == nullptr) {
            return set_error(LAPLACE_ERROR_NULL_POINTER, "f is NULL");
        }
        if (!allocate_rhs(*grid)) {
            return LAPLACE_ERROR_TOO_LARGE;
        }
        fill(*grid, grid->f.get(), x0, y0, f, ctx, Points::interior);
        return LAPLACE_OK;
    });
}

int laplace_mpi_scatter_rhs(laplace_mpi_grid *grid, int root, const double *f) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        return scatter_rhs(*grid, root, f);
    });
}

int laplace_mpi_clear_rhs(laplace_mpi_grid *grid) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        grid->f.reset();
        return LAPLACE_OK;
    });
}

int laplace_mpi_residual(laplace_mpi_grid *grid, double *norm2, double *norm_max) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        if (int s = prepare(*grid, LAPLACE_OK, nullptr, true, {}); s != LAPLACE_OK) {
            return s;
        }
        const ResidualNorms n = global_residual(*grid, team_size(0, grid->local()));
        if (norm2 != nullptr) {
            *norm2 = n.two;
        }
        if (norm_max != nullptr) {
            *norm_max = n.max;
        }
        return LAPLACE_OK;
    });
}

int laplace_mpi_solve_rules(laplace_mpi_grid *grid, const char *kernel, double omega, int max_iter,
                            double rtol, double atol, double change_tol, laplace_result *result) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        return solve_rules(*grid, {kernel}, omega, max_iter, rtol, atol, change_tol, result);
    });
}

int laplace_mpi_solve_rules_n(laplace_mpi_grid *grid, const char *kernel, size_t length,
                              double omega, int max_iter, double rtol, double atol,
                              double change_tol, laplace_result *result) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        return solve_rules(*grid, {kernel, length}, omega, max_iter, rtol, atol, change_tol,
                           result);
    });
}

int laplace_mpi_get_timings(const laplace_mpi_grid *grid, laplace_mpi_timings *timings) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        if (timings == nullptr) {
            return set_error(LAPLACE_ERROR_NULL_POINTER, "timings is NULL");
        }
        *timings = grid->timings;
        return LAPLACE_OK;
    });
}

int laplace_mpi_reset_timings(laplace_mpi_grid *grid) {
    return guarded([&]() -> int {
        if (grid == nullptr) {
            return null_grid();
        }
        grid->timings = laplace_mpi_timings{};
        return LAPLACE_OK;
    });
}

} // extern "C"
