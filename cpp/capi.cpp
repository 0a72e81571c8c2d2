// The C ABI (include/laplace/laplace.h). Arguments are validated here, with the rules of
// validation.hpp, once; kernels and methods trust what they are given. Every solve, the study's
// laplace_solve included, runs the one driver (solver/driver.hpp). Nothing throws across the C
// boundary.
#include "laplace/laplace.h"

#include "blas/blas.hpp"
#include "direct/fftw.hpp"
#include "registry.hpp"
#include "solver/driver.hpp"
#include "solver/methods.hpp"
#include "solver/residual.hpp"
#include "validation.hpp"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

using namespace laplace::detail;

// A solver object (laplace.h, "Solvers").
struct laplace_solver {
    const MethodEntry *method = nullptr;
    MethodSettings settings;
    StopRules rules;
    // The setup: the caller's grid, in the caller's names and layout, and the method's state.
    std::unique_ptr<MethodState> state;
    int nx = 0, ny = 0;
    double dx = 0.0, dy = 0.0;
    Layout layout = Layout::row_major;
    std::vector<double> residual_workspace;
    SolveReport last;
};

namespace {

// The defaults of a new solver (laplace.h): rtol 1e-8, at most 10000 iterations.
constexpr double default_rtol = 1e-8;
constexpr int default_max_iter = 10000;

// The caller's grid, validated, as the kernels see it: C layout, scaled spacings.
struct Validated {
    Layout layout = Layout::row_major;
    int nx = 0, ny = 0; // caller's names
    Problem problem{};
    double largest_u = 0.0, largest_f = 0.0; // max |u|, max |f|, from check_arrays' scan
};

// Checks u and the grid in the caller's names, in a fixed order; on success `out` holds the
// problem in the C layout with the spacings scaled (validation.hpp, Spacings).
int validate_grid(const double *u, int nx, int ny, double dx, double dy, Layout layout,
                  Validated &out) {
    if (u == nullptr) {
        return set_error(LAPLACE_ERROR_NULL_POINTER, "u is NULL: pass an array of nx*ny values");
    }
    if (int s = check_grid(nx, ny, dx, dy); s != LAPLACE_OK) {
        return s;
    }
    const Spacings sp = scale_spacings(dx, dy);
    out.layout = layout;
    out.nx = nx;
    out.ny = ny;
    double *const writable = const_cast<double *>(u); // written only by the calls that may
    out.problem.g = layout == Layout::row_major ? GridRef{writable, nx, ny, sp.dx, sp.dy}
                                                : from_column_major(writable, nx, ny, sp.dx, sp.dy);
    out.problem.f = nullptr;
    out.problem.f_weight = sp.f_weight;
    return LAPLACE_OK;
}

// The scans that read the arrays, after every scalar check: outputs overlapping u, f
// overlapping u, NaN/Inf in u and in f.
int check_arrays(Validated &v, const double *f, int threads,
                 std::initializer_list<std::pair<const char *, const void *>> outputs,
                 std::size_t output_bytes) {
    const GridRef &g = v.problem.g;
    for (const auto &[name, p] : outputs) {
        if (p != nullptr && overlaps(g.u, g.size(), p, output_bytes)) {
            return set_error(LAPLACE_ERROR_ALIASED_OUTPUT,
                             std::string(name) +
                                 " points into the grid u: the outputs must not overlap it");
        }
    }
    if (f != nullptr && overlaps(g.u, g.size(), f, std::size_t(g.size()) * sizeof(double))) {
        return set_error(LAPLACE_ERROR_ALIASED_INPUT,
                         "f overlaps u: the right-hand side must be an array of its own");
    }
    for (const auto &[name, array] :
         {std::pair<const char *, const double *>{"u", g.u}, {"f", f}}) {
        if (array == nullptr) {
            continue;
        }
        double largest = 0.0;
        if (const std::ptrdiff_t k = first_nonfinite(array, g.nx, g.ny, threads, &largest);
            k >= 0) {
            return set_error(LAPLACE_ERROR_NONFINITE_INPUT,
                             describe_point(name, array, g.nx, g.ny, v.layout, k) + ": " + name +
                                 " must be finite on entry");
        }
        (array == g.u ? v.largest_u : v.largest_f) = largest;
    }
    return LAPLACE_OK;
}

// The driver's view of one grid in this process.
class GridIteration final : public Iteration {
  public:
    GridIteration(MethodState &state, const MethodEntry *method, const Validated &v,
                  std::vector<double> &residual_workspace)
        : state_(state), method_(method), v_(v), residual_workspace_(residual_workspace) {}

    int step(int number, ChangeNorm how, SquareSum &change) override {
        Problem p = v_.problem;
        p.iteration = number;
        change = SquareSum{};
        if (how != ChangeNorm::exact) {
            change.sum = state_.step(p, how == ChangeNorm::plain);
            return LAPLACE_OK;
        }
        const GridRef &g = p.g;
        before_.assign(g.u, g.u + g.size()); // before any change: bad_alloc leaves u as it was
        residual_workspace_.resize(residual_workspace(g.nx, g.ny));
        state_.step(p, false);
        change = difference_sum(g, before_.data(), state_.threads(), residual_workspace_.data());
        return LAPLACE_OK;
    }

    double magnitude() override {
        const Problem &p = v_.problem;
        return change_magnitude(v_.largest_u, v_.largest_f, p.g.dx, p.g.dy, p.f_weight);
    }

    int residual(ResidualNorms &norms) override {
        const Problem &p = v_.problem;
        residual_workspace_.resize(residual_workspace(p.g.nx, p.g.ny));
        norms = residual_norms(
            residual_sum(p.g, p.f, p.f_weight, state_.threads(), residual_workspace_.data()),
            p.f_weight);
        return LAPLACE_OK;
    }

    int nonfinite(int number, const char *what, double value) override {
        const GridRef &g = v_.problem.g;
        const std::string where = state_.describe_step(number);
        if (const std::ptrdiff_t k = first_nonfinite(g.u, g.nx, g.ny, state_.threads()); k >= 0) {
            return fail_overflowed(where, describe_point("u", g.u, g.nx, g.ny, v_.layout, k));
        }
        return fail_nonfinite_norm(where, what, value);
    }

    bool direct() const override { return method_ && method_->kind == MethodKind::direct; }
    int threads() const override { return state_.threads(); }

  private:
    MethodState &state_;
    const MethodEntry *method_;
    const Validated &v_;
    std::vector<double> &residual_workspace_;
    std::vector<double> before_; // u before an iteration whose change is computed exactly
};

template <class Body>
int guarded(Body body) noexcept {
    try {
        return body();
    } catch (const TooLargeError &e) {
        return set_error(LAPLACE_ERROR_TOO_LARGE, e.what());
    } catch (const std::bad_alloc &) {
        return set_error(LAPLACE_ERROR_TOO_LARGE, "out of memory");
    } catch (const std::exception &e) {
        return set_error(LAPLACE_ERROR_INTERNAL, std::string("internal error: ") + e.what());
    } catch (...) {
        return set_error(LAPLACE_ERROR_INTERNAL, "internal error: unknown exception");
    }
}

// The study's laplace_sweep and laplace_solve: the method "iterate" with the kernel, set up for
// this one call. omega applies to SOR kernels only, as it always has.
int study_call(Layout layout, const char *kernel, double *u, int nx, int ny, double dx, double dy,
               const laplace_options *options, bool solve, int max_iter, double tol,
               int *iterations, double *change) {
    return guarded([&]() -> int {
        clear_error();
        if (kernel == nullptr) {
            return set_error(LAPLACE_ERROR_NULL_POINTER, "kernel name is NULL");
        }
        Validated v;
        if (int s = validate_grid(u, nx, ny, dx, dy, layout, v); s != LAPLACE_OK) {
            return s;
        }
        const KernelEntry *entry = nullptr;
        if (int s = lookup_kernel(kernel, entry); s != LAPLACE_OK) {
            return s;
        }
        if (solve && iterations == nullptr) {
            return set_error(LAPLACE_ERROR_NULL_POINTER, "iterations is NULL");
        }
        if (change == nullptr) {
            return set_error(LAPLACE_ERROR_NULL_POINTER, "change is NULL");
        }
        if (solve) {
            if (int s = check_max_iter(max_iter); s != LAPLACE_OK) {
                return s;
            }
            if (int s = check_tolerance("tol", tol); s != LAPLACE_OK) {
                return s;
            }
        }
        const laplace_options o = options ? *options : laplace_options_default();
        if (int s = check_threads(o.num_threads); s != LAPLACE_OK) {
            return s;
        }
        if (int s = check_omega(o.omega); s != LAPLACE_OK) {
            return s;
        }
        MethodSettings settings;
        settings.kernel = entry;
        settings.weight = entry->scheme == Scheme::red_black_sor ? o.omega : 0.0;
        settings.threads = o.num_threads;
        // The workspace first, so that a grid too large for memory is reported as such.
        std::unique_ptr<MethodState> state = iterate_setup(settings, v.problem.g);
        if (int s = check_arrays(v, nullptr, state->threads(),
                                 {{"iterations", iterations}, {"change", change}}, sizeof(double));
            s != LAPLACE_OK) {
            return s;
        }
        std::vector<double> residual_workspace;
        GridIteration it(*state, nullptr, v, residual_workspace);
        StopRules rules;
        rules.max_iter = solve ? max_iter : 1;
        rules.use_change = solve;
        rules.change_tol = tol;
        SolveReport report;
        const int status = drive(it, rules, false, report);
        if (solve) {
            *iterations = report.iterations;
        }
        *change = report.change;
        return status;
    });
}

const KernelEntry *kernel_at(int index) {
    const auto table = kernel_table();
    if (index < 0 || std::size_t(index) >= table.size()) {
        set_error(LAPLACE_ERROR_BAD_INDEX, "kernel index " + std::to_string(index) +
                                               " is outside 0.." +
                                               std::to_string(table.size() - 1));
        return nullptr;
    }
    return &table[std::size_t(index)];
}

const MethodEntry *method_at(int index) {
    const auto table = method_table();
    if (index < 0 || std::size_t(index) >= table.size()) {
        set_error(LAPLACE_ERROR_BAD_INDEX, "method index " + std::to_string(index) +
                                               " is outside 0.." +
                                               std::to_string(table.size() - 1));
        return nullptr;
    }
    return &table[std::size_t(index)];
}

// laplace_fftw_import_wisdom and _export_wisdom: the file name checked, then `transfer`.
int wisdom_file(const char *filename, int (*transfer)(const char *)) {
    return guarded([&]() -> int {
        clear_error();
        if (filename == nullptr) {
            return set_error(LAPLACE_ERROR_NULL_POINTER, "filename is NULL");
        }
        return transfer(filename);
    });
}

int null_solver() {
    return set_error(LAPLACE_ERROR_NULL_POINTER, "solver is NULL: create one with "
                                                 "laplace_solver_create");
}

// The settings that shape a setup changed: the next solve sets up again.
void discard_setup(laplace_solver &s) {
    s.state.reset();
    s.residual_workspace.clear();
}

int method_takes_kernel(const laplace_solver &s, const char *what) {
    if (!s.method->takes_kernel) {
        return set_error(LAPLACE_ERROR_BAD_KERNEL,
                         std::string("method '") + s.method->name + "' takes no " + what);
    }
    return LAPLACE_OK;
}

std::string describe_grid(int nx, int ny, double dx, double dy, Layout layout) {
    return std::to_string(nx) + " x " + std::to_string(ny) + ", dx = " + format_double(dx) +
           ", dy = " + format_double(dy) +
           (layout == Layout::row_major ? " (C layout)" : " (Fortran layout)");
}

int setup(laplace_solver *s, int nx, int ny, double dx, double dy, Layout layout) {
    return guarded([&]() -> int {
        clear_error();
        if (s == nullptr) {
            return null_solver();
        }
        if (int st = check_grid(nx, ny, dx, dy); st != LAPLACE_OK) {
            return st;
        }
        discard_setup(*s);
        const Spacings sp = scale_spacings(dx, dy);
        const GridRef g = layout == Layout::row_major
                              ? GridRef{nullptr, nx, ny, sp.dx, sp.dy}
                              : from_column_major(nullptr, nx, ny, sp.dx, sp.dy);
        s->state = s->method->setup(s->settings, g);
        s->residual_workspace.resize(residual_workspace(g.nx, g.ny));
        s->nx = nx;
        s->ny = ny;
        s->dx = dx;
        s->dy = dy;
        s->layout = layout;
        return LAPLACE_OK;
    });
}

int solver_solve(laplace_solver *s, double *u, const double *f, int nx, int ny, double dx,
                 double dy, Layout layout) {
    return guarded([&]() -> int {
        clear_error();
        if (s == nullptr) {
            return null_solver();
        }
        s->last = SolveReport{};
        Validated v;
        if (int st = validate_grid(u, nx, ny, dx, dy, layout, v); st != LAPLACE_OK) {
            return st;
        }
        if (s->state &&
            (nx != s->nx || ny != s->ny || dx != s->dx || dy != s->dy || layout != s->layout)) {
            return set_error(LAPLACE_ERROR_SETUP_MISMATCH,
                             "the solver is set up for a grid of " +
                                 describe_grid(s->nx, s->ny, s->dx, s->dy, s->layout) + ", not " +
                                 describe_grid(nx, ny, dx, dy, layout) +
                                 ": set it up again, or use a solver per grid");
        }
        if (!s->state) {
            if (int st = setup(s, nx, ny, dx, dy, layout); st != LAPLACE_OK) {
                return st;
            }
        }
        if (int st = check_arrays(v, f, s->state->threads(), {}, 0); st != LAPLACE_OK) {
            return st;
        }
        v.problem.f = f;
        GridIteration it(*s->state, s->method, v, s->residual_workspace);
        return drive(it, s->rules, true, s->last);
    });
}

int residual(Layout layout, const double *u, const double *f, int nx, int ny, double dx, double dy,
             const laplace_options *options, double *norm2, double *norm_max) {
    return guarded([&]() -> int {
        clear_error();
        Validated v;
        if (int s = validate_grid(u, nx, ny, dx, dy, layout, v); s != LAPLACE_OK) {
            return s;
        }
        const laplace_options o = options ? *options : laplace_options_default();
        if (int s = check_threads(o.num_threads); s != LAPLACE_OK) {
            return s;
        }
        const int threads = team_size(o.num_threads, v.problem.g);
        if (int s = check_arrays(v, f, threads, {{"norm2", norm2}, {"norm_max", norm_max}},
                                 sizeof(double));
            s != LAPLACE_OK) {
            return s;
        }
        std::vector<double> workspace(residual_workspace(v.problem.g.nx, v.problem.g.ny));
        const ResidualNorms n = residual_norms(
            residual_sum(v.problem.g, f, v.problem.f_weight, threads, workspace.data()),
            v.problem.f_weight);
        if (norm2) {
            *norm2 = n.two;
        }
        if (norm_max) {
            *norm_max = n.max;
        }
        return LAPLACE_OK;
    });
}

} // namespace

extern "C" {

const char *laplace_version(void) {
    return LAPLACE_VERSION_STRING;
}

const char *laplace_status_name(int status) {
    switch (status) {
    case LAPLACE_OK:
        return "LAPLACE_OK";
    case LAPLACE_ERROR_NULL_POINTER:
        return "LAPLACE_ERROR_NULL_POINTER";
    case LAPLACE_ERROR_BAD_EXTENT:
        return "LAPLACE_ERROR_BAD_EXTENT";
    case LAPLACE_ERROR_BAD_SPACING:
        return "LAPLACE_ERROR_BAD_SPACING";
    case LAPLACE_ERROR_NONFINITE_INPUT:
        return "LAPLACE_ERROR_NONFINITE_INPUT";
    case LAPLACE_ERROR_UNKNOWN_KERNEL:
        return "LAPLACE_ERROR_UNKNOWN_KERNEL";
    case LAPLACE_ERROR_BAD_MAX_ITER:
        return "LAPLACE_ERROR_BAD_MAX_ITER";
    case LAPLACE_ERROR_BAD_TOLERANCE:
        return "LAPLACE_ERROR_BAD_TOLERANCE";
    case LAPLACE_ERROR_TOO_LARGE:
        return "LAPLACE_ERROR_TOO_LARGE";
    case LAPLACE_ERROR_NONFINITE_RESULT:
        return "LAPLACE_ERROR_NONFINITE_RESULT";
    case LAPLACE_ERROR_BAD_INDEX:
        return "LAPLACE_ERROR_BAD_INDEX";
    case LAPLACE_ERROR_BAD_OMEGA:
        return "LAPLACE_ERROR_BAD_OMEGA";
    case LAPLACE_ERROR_BAD_THREADS:
        return "LAPLACE_ERROR_BAD_THREADS";
    case LAPLACE_ERROR_UNAVAILABLE:
        return "LAPLACE_ERROR_UNAVAILABLE";
    case LAPLACE_ERROR_ALIASED_OUTPUT:
        return "LAPLACE_ERROR_ALIASED_OUTPUT";
    case LAPLACE_ERROR_UNKNOWN_METHOD:
        return "LAPLACE_ERROR_UNKNOWN_METHOD";
    case LAPLACE_ERROR_BAD_KERNEL:
        return "LAPLACE_ERROR_BAD_KERNEL";
    case LAPLACE_ERROR_SETUP_MISMATCH:
        return "LAPLACE_ERROR_SETUP_MISMATCH";
    case LAPLACE_ERROR_ALIASED_INPUT:
        return "LAPLACE_ERROR_ALIASED_INPUT";
    case LAPLACE_ERROR_BAD_PLANNING:
        return "LAPLACE_ERROR_BAD_PLANNING";
    case LAPLACE_ERROR_FILE:
        return "LAPLACE_ERROR_FILE";
    case LAPLACE_ERROR_BAD_CYCLE:
        return "LAPLACE_ERROR_BAD_CYCLE";
    case LAPLACE_ERROR_INTERNAL:
        return "LAPLACE_ERROR_INTERNAL";
    default:
        return "unknown status";
    }
}

const char *laplace_last_error(void) {
    return last_error_message();
}

int laplace_kernel_count(void) {
    return int(kernel_table().size());
}

const char *laplace_kernel_name(int index) {
    const KernelEntry *k = kernel_at(index);
    return k ? k->name : nullptr;
}

const char *laplace_kernel_scheme(int index) {
    const KernelEntry *k = kernel_at(index);
    return k ? scheme_name(k->scheme) : nullptr;
}

const char *laplace_kernel_language(int index) {
    const KernelEntry *k = kernel_at(index);
    return k ? k->language : nullptr;
}

const char *laplace_kernel_threading(int index) {
    const KernelEntry *k = kernel_at(index);
    return k ? threading_name(k->threading) : nullptr;
}

const char *laplace_kernel_description(int index) {
    const KernelEntry *k = kernel_at(index);
    return k ? k->description : nullptr;
}

int laplace_kernel_workspace_grids(int index) {
    const KernelEntry *k = kernel_at(index);
    return k ? k->workspace_grids : -1;
}

int laplace_kernel_index(const char *name) {
    const KernelEntry *k = nullptr;
    if (lookup_kernel(name, k) != LAPLACE_OK) {
        return -1;
    }
    return int(k - kernel_table().data());
}

laplace_options laplace_options_default(void) {
    laplace_options o;
    o.num_threads = 0;
    o.omega = 0.0;
    return o;
}

int laplace_sweep(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                  double *change) {
    return study_call(Layout::row_major, kernel, u, nx, ny, dx, dy, nullptr, false, 0, 0.0, nullptr,
                      change);
}

int laplace_solve(const char *kernel, double *u, int nx, int ny, double dx, double dy, int max_iter,
                  double tol, int *iterations, double *change) {
    return study_call(Layout::row_major, kernel, u, nx, ny, dx, dy, nullptr, true, max_iter, tol,
                      iterations, change);
}

int laplace_sweep_colmajor(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                           double *change) {
    return study_call(Layout::column_major, kernel, u, nx, ny, dx, dy, nullptr, false, 0, 0.0,
                      nullptr, change);
}

int laplace_solve_colmajor(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                           int max_iter, double tol, int *iterations, double *change) {
    return study_call(Layout::column_major, kernel, u, nx, ny, dx, dy, nullptr, true, max_iter, tol,
                      iterations, change);
}

int laplace_sweep_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                     const laplace_options *options, double *change) {
    return study_call(Layout::row_major, kernel, u, nx, ny, dx, dy, options, false, 0, 0.0, nullptr,
                      change);
}

int laplace_solve_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                     int max_iter, double tol, const laplace_options *options, int *iterations,
                     double *change) {
    return study_call(Layout::row_major, kernel, u, nx, ny, dx, dy, options, true, max_iter, tol,
                      iterations, change);
}

int laplace_sweep_colmajor_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                              const laplace_options *options, double *change) {
    return study_call(Layout::column_major, kernel, u, nx, ny, dx, dy, options, false, 0, 0.0,
                      nullptr, change);
}

int laplace_solve_colmajor_ex(const char *kernel, double *u, int nx, int ny, double dx, double dy,
                              int max_iter, double tol, const laplace_options *options,
                              int *iterations, double *change) {
    return study_call(Layout::column_major, kernel, u, nx, ny, dx, dy, options, true, max_iter, tol,
                      iterations, change);
}

// ---- The residual, methods and solvers ------------------------------------------------------

int laplace_residual(const double *u, const double *f, int nx, int ny, double dx, double dy,
                     const laplace_options *options, double *norm2, double *norm_max) {
    return residual(Layout::row_major, u, f, nx, ny, dx, dy, options, norm2, norm_max);
}

int laplace_residual_colmajor(const double *u, const double *f, int nx, int ny, double dx,
                              double dy, const laplace_options *options, double *norm2,
                              double *norm_max) {
    return residual(Layout::column_major, u, f, nx, ny, dx, dy, options, norm2, norm_max);
}

int laplace_method_count(void) {
    return int(method_table().size());
}

const char *laplace_method_name(int index) {
    const MethodEntry *m = method_at(index);
    return m ? m->name : nullptr;
}

const char *laplace_method_kind(int index) {
    const MethodEntry *m = method_at(index);
    return m ? (m->kind == MethodKind::direct ? "direct" : "iterative") : nullptr;
}

const char *laplace_method_description(int index) {
    const MethodEntry *m = method_at(index);
    return m ? m->description : nullptr;
}

int laplace_method_takes_kernel(int index) {
    const MethodEntry *m = method_at(index);
    return m ? (m->takes_kernel ? 1 : 0) : -1;
}

int laplace_method_takes_cycle(int index) {
    const MethodEntry *m = method_at(index);
    return m ? (m->takes_cycle ? 1 : 0) : -1;
}

int laplace_method_index(const char *name) {
    const MethodEntry *m = nullptr;
    if (lookup_method(name, m) != LAPLACE_OK) {
        return -1;
    }
    return int(m - method_table().data());
}

int laplace_solver_create(const char *method, laplace_solver **solver) {
    return guarded([&]() -> int {
        clear_error();
        if (solver == nullptr) {
            return set_error(LAPLACE_ERROR_NULL_POINTER,
                             "solver is NULL: pass the address of a laplace_solver pointer");
        }
        *solver = nullptr;
        const MethodEntry *entry = nullptr;
        if (int st = lookup_method(method, entry); st != LAPLACE_OK) {
            return st;
        }
        auto s = std::make_unique<laplace_solver>();
        s->method = entry;
        s->rules.max_iter = default_max_iter;
        s->rules.rtol = default_rtol;
        *solver = s.release();
        return LAPLACE_OK;
    });
}

void laplace_solver_destroy(laplace_solver *solver) {
    delete solver;
}

int laplace_solver_set_kernel(laplace_solver *solver, const char *kernel) {
    return guarded([&]() -> int {
        clear_error();
        if (solver == nullptr) {
            return null_solver();
        }
        if (int s = method_takes_kernel(*solver, "kernel"); s != LAPLACE_OK) {
            return s;
        }
        const KernelEntry *k = nullptr;
        if (kernel != nullptr) {
            if (int s = lookup_kernel(kernel, k); s != LAPLACE_OK) {
                return s;
            }
        }
        MethodSettings next = solver->settings;
        next.kernel = k;
        if (int s = solver->method->check(next); s != LAPLACE_OK) {
            return s;
        }
        solver->settings = next;
        discard_setup(*solver);
        return LAPLACE_OK;
    });
}

int laplace_solver_set_weight(laplace_solver *solver, double weight) {
    return guarded([&]() -> int {
        clear_error();
        if (solver == nullptr) {
            return null_solver();
        }
        if (int s = method_takes_kernel(*solver, "weight"); s != LAPLACE_OK) {
            return s;
        }
        if (int s = check_weight(weight); s != LAPLACE_OK) {
            return s;
        }
        MethodSettings next = solver->settings;
        next.weight = weight;
        if (int s = solver->method->check(next); s != LAPLACE_OK) {
            return s;
        }
        solver->settings = next;
        discard_setup(*solver);
        return LAPLACE_OK;
    });
}

int laplace_solver_set_threads(laplace_solver *solver, int num_threads) {
    return guarded([&]() -> int {
        clear_error();
        if (solver == nullptr) {
            return null_solver();
        }
        if (int s = check_threads(num_threads); s != LAPLACE_OK) {
            return s;
        }
        solver->settings.threads = num_threads;
        discard_setup(*solver);
        return LAPLACE_OK;
    });
}

int laplace_solver_set_fftw_planning(laplace_solver *solver, int planning) {
    return guarded([&]() -> int {
        clear_error();
        if (solver == nullptr) {
            return null_solver();
        }
        if (int s = check_fftw_planning(*solver->method, planning); s != LAPLACE_OK) {
            return s;
        }
        solver->settings.fftw_planning = planning;
        discard_setup(*solver);
        return LAPLACE_OK;
    });
}

int laplace_solver_set_cycle(laplace_solver *solver, int cycle, int pre_smooth, int post_smooth) {
    return guarded([&]() -> int {
        clear_error();
        if (solver == nullptr) {
            return null_solver();
        }
        if (int s = check_cycle(*solver->method, cycle, pre_smooth, post_smooth); s != LAPLACE_OK) {
            return s;
        }
        solver->settings.cycle = cycle;
        solver->settings.pre_smooth = pre_smooth;
        solver->settings.post_smooth = post_smooth;
        discard_setup(*solver);
        return LAPLACE_OK;
    });
}

int laplace_solver_set_tolerances(laplace_solver *solver, double rtol, double atol,
                                  double change_tol) {
    return guarded([&]() -> int {
        clear_error();
        if (solver == nullptr) {
            return null_solver();
        }
        return make_stop_rules(solver->rules.max_iter, rtol, atol, change_tol, solver->rules);
    });
}

int laplace_solver_set_max_iter(laplace_solver *solver, int max_iter) {
    return guarded([&]() -> int {
        clear_error();
        if (solver == nullptr) {
            return null_solver();
        }
        const StopRules &r = solver->rules;
        return make_stop_rules(max_iter, r.rtol, r.atol, r.change_tol, solver->rules);
    });
}

int laplace_solver_setup(laplace_solver *solver, int nx, int ny, double dx, double dy) {
    return setup(solver, nx, ny, dx, dy, Layout::row_major);
}

int laplace_solver_setup_colmajor(laplace_solver *solver, int nx, int ny, double dx, double dy) {
    return setup(solver, nx, ny, dx, dy, Layout::column_major);
}

int laplace_solver_solve(laplace_solver *solver, double *u, const double *f, int nx, int ny,
                         double dx, double dy) {
    return solver_solve(solver, u, f, nx, ny, dx, dy, Layout::row_major);
}

int laplace_solver_solve_colmajor(laplace_solver *solver, double *u, const double *f, int nx,
                                  int ny, double dx, double dy) {
    return solver_solve(solver, u, f, nx, ny, dx, dy, Layout::column_major);
}

int laplace_solver_get_result(const laplace_solver *solver, laplace_result *result) {
    clear_error();
    if (solver == nullptr) {
        return null_solver();
    }
    if (int s = check_result(result); s != LAPLACE_OK) {
        return s;
    }
    write_result(solver->last, *result);
    return LAPLACE_OK;
}

long long laplace_solver_memory_bytes(const laplace_solver *solver) {
    if (solver == nullptr || !solver->state) {
        return 0;
    }
    return (long long)(solver->state->bytes() + solver->residual_workspace.size() * sizeof(double));
}

// ---- The BLAS section (cpp/blas/) -----------------------------------------------------------

int laplace_blas_available(void) {
    return blas_available() ? 1 : 0;
}

const char *laplace_blas_info(void) {
    return blas_info();
}

int laplace_blas_threads(void) {
    return blas_threads();
}

int laplace_blas_set_threads(int num_threads) {
    return guarded([&]() -> int {
        clear_error();
        if (!blas_thread_control()) {
            return set_error(LAPLACE_ERROR_UNAVAILABLE,
                             blas_available()
                                 ? "BLAS thread control is unavailable: this build's BLAS is not "
                                   "OpenBLAS, and it chooses its own thread count"
                                 : "BLAS thread control is unavailable: this build has no BLAS "
                                   "(configured with LAPLACE_WITH_BLAS=OFF)");
        }
        if (num_threads < 0) {
            return set_error(LAPLACE_ERROR_BAD_THREADS,
                             "num_threads = " + std::to_string(num_threads) +
                                 ": must be >= 1, or 0 for the default (all cores)");
        }
        blas_set_threads(num_threads);
        return LAPLACE_OK;
    });
}

int laplace_blas_last_solve_threads(void) {
    return blas_last_solve_threads();
}

void laplace_blas_clear_plans(void) {
    blas_clear_plans();
}

long long laplace_blas_plan_bytes(void) {
    return blas_plan_bytes();
}

// ---- The FFTW section (cpp/direct/) ---------------------------------------------------------

int laplace_fftw_available(void) {
    return fftw_built() ? 1 : 0;
}

const char *laplace_fftw_info(void) {
    return fftw_description();
}

int laplace_fftw_import_wisdom(const char *filename) {
    return wisdom_file(filename, import_fftw_wisdom);
}

int laplace_fftw_export_wisdom(const char *filename) {
    return wisdom_file(filename, export_fftw_wisdom);
}

void laplace_fftw_forget_wisdom(void) {
    forget_fftw_wisdom();
}

} // extern "C"
