// laplace._core: the Python binding, over the C ABI (laplace.h) like every other language.
//
// NumPy arrays are updated in place, never copied: a C-ordered float64 2D array is the C layout,
// a Fortran-ordered one the Fortran layout (the C ABI's _colmajor entry points). In both,
// a[i, j] is u(x_i, y_j). An array the library cannot update in place is an error that says
// why. Every computation runs with the interpreter lock released, so Python threads solve on
// all cores. The kernel and method tables are read through the C ABI's listing calls, and
// methods are chosen by name, so a method or kernel added to the library appears here unchanged.
#include "laplace/laplace.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <climits>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace {

// A nonzero status of the C ABI with the calling thread's message; raised as laplace.Error.
struct StatusError {
    int status;
    std::string message;
};

void check(int status) {
    if (status != LAPLACE_OK) {
        throw StatusError{status, laplace_last_error()};
    }
}

// Runs `call` (returning a laplace_status) without the interpreter lock, then raises its error.
// The message is read on the same thread, before any other laplace_* call can replace it.
template <class Call>
void released(Call &&call) {
    int status = LAPLACE_OK;
    std::string message;
    {
        py::gil_scoped_release nogil;
        status = call();
        if (status != LAPLACE_OK) {
            message = laplace_last_error();
        }
    }
    if (status != LAPLACE_OK) {
        throw StatusError{status, std::move(message)};
    }
}

// A kernel or method name as the C ABI takes it: a C string ends at its first NUL, so a name
// holding one would cross cut short (the C++ facade rejects it the same way).
std::string c_name(const std::string &name, const char *what, int status) {
    if (const std::size_t at = name.find('\0'); at != std::string::npos) {
        throw StatusError{status, std::string(what) + " name holds a NUL byte at offset " +
                                      std::to_string(at) + ": a name cannot contain one"};
    }
    return name;
}

std::string kernel_name(const std::string &name) {
    return c_name(name, "kernel", LAPLACE_ERROR_UNKNOWN_KERNEL);
}

std::string method_name(const std::string &name) {
    return c_name(name, "method", LAPLACE_ERROR_UNKNOWN_METHOD);
}

std::string file_name(const std::string &name) {
    return c_name(name, "file", LAPLACE_ERROR_FILE);
}

// ---- Arrays -------------------------------------------------------------------------------

std::string shape_text(const py::array &a) {
    std::string s = "(";
    for (py::ssize_t d = 0; d < a.ndim(); ++d) {
        s += (d ? ", " : "") + std::to_string(a.shape(d));
    }
    return s + (a.ndim() == 1 ? ",)" : ")");
}

// A 2D float64 NumPy array the library works on in place: its memory, extents and layout.
struct GridArray {
    py::array array; // holds the reference while the lock is released
    double *data = nullptr;
    int nx = 0, ny = 0;
    bool colmajor = false;
};

// Checks `obj` (called `name`) as an array the library can use without a copy: an ndarray of
// native float64, 2D, C- or Fortran-contiguous, aligned, writable if `writable`. Otherwise a
// TypeError (not an ndarray, dtype, dimensions) or ValueError naming what is wrong.
GridArray grid_array(const py::handle &obj, const char *name, bool writable) {
    const std::string n = name;
    if (!py::isinstance<py::array>(obj)) {
        throw py::type_error(n + " must be a numpy.ndarray of float64, not " +
                             std::string(py::str(py::type::of(obj).attr("__name__"))));
    }
    GridArray g;
    g.array = py::reinterpret_borrow<py::array>(obj);
    const py::array &a = g.array;
    if (!a.dtype().equal(py::dtype::of<double>())) {
        throw py::type_error(n + " has dtype " + std::string(py::str(a.dtype())) +
                             ": laplace works in place on native float64 arrays only (" + n +
                             ".astype(numpy.float64) is a copy: keep it and pass that)");
    }
    if (a.ndim() != 2) {
        throw py::type_error(n + " has " + std::to_string(a.ndim()) + " dimension" +
                             (a.ndim() == 1 ? "" : "s") + ", shape " + shape_text(a) +
                             ": laplace takes a 2D grid, " + n + "[i, j] = u(x_i, y_j)");
    }
    const int flags = a.flags();
    if (writable && !a.writeable()) {
        throw py::value_error(n + " is read-only: laplace updates it in place");
    }
    const bool c_order = flags & py::array::c_style;
    const bool f_order = flags & py::array::f_style;
    if (!c_order && !f_order) {
        std::string strides = "(";
        for (py::ssize_t d = 0; d < 2; ++d) {
            strides += (d ? ", " : "") + std::to_string(a.strides(d));
        }
        throw py::value_error(n + " is not contiguous (shape " + shape_text(a) + ", strides " +
                              strides +
                              ")): laplace works on the array's own memory, so it needs a "
                              "C-ordered or Fortran-ordered array (numpy.ascontiguousarray(" +
                              n + ") is a copy: keep it and pass that)");
    }
    if (!(flags & py::detail::npy_api::NPY_ARRAY_ALIGNED_)) {
        throw py::value_error(n + " is not aligned to float64's alignment: laplace needs an "
                                  "aligned array");
    }
    if (a.shape(0) > INT_MAX || a.shape(1) > INT_MAX) {
        throw StatusError{LAPLACE_ERROR_TOO_LARGE,
                          n + " has shape " + shape_text(a) + ": extents above " +
                              std::to_string(INT_MAX) + " cannot be addressed"};
    }
    g.data = static_cast<double *>(const_cast<void *>(a.data()));
    g.nx = int(a.shape(0));
    g.ny = int(a.shape(1));
    // A C-ordered array is the C layout; an array that is both (one extent 1) is taken as C.
    g.colmajor = !c_order;
    return g;
}

// The right-hand side f of u: None (f = 0), or an array of u's shape in u's layout.
std::optional<GridArray> rhs_array(const py::object &f, const GridArray &u) {
    if (f.is_none()) {
        return std::nullopt;
    }
    GridArray g = grid_array(f, "f", false);
    if (g.nx != u.nx || g.ny != u.ny) {
        throw py::value_error("f has shape " + shape_text(g.array) + ", u " + shape_text(u.array) +
                              ": f must have u's shape");
    }
    const bool same_layout = u.colmajor ? bool(g.array.flags() & py::array::f_style)
                                        : bool(g.array.flags() & py::array::c_style);
    if (!same_layout) {
        throw py::value_error(std::string("f is ") + (u.colmajor ? "C" : "Fortran") +
                              "-ordered and u " + (u.colmajor ? "Fortran" : "C") +
                              "-ordered: f must be in u's memory order");
    }
    return g;
}

const double *data_or_null(const std::optional<GridArray> &f) {
    return f ? f->data : nullptr;
}

laplace_options options(int threads, double omega) {
    laplace_options o = laplace_options_default();
    o.num_threads = threads;
    o.omega = omega;
    return o;
}

// ---- Tables -------------------------------------------------------------------------------

struct KernelInfo {
    std::string name, scheme, language, threading, description;
    int workspace_grids;
};

struct MethodInfo {
    std::string name, kind, description;
    bool takes_kernel, takes_cycle;
};

KernelInfo kernel_at(int i) {
    return KernelInfo{laplace_kernel_name(i),        laplace_kernel_scheme(i),
                      laplace_kernel_language(i),    laplace_kernel_threading(i),
                      laplace_kernel_description(i), laplace_kernel_workspace_grids(i)};
}

MethodInfo method_at(int i) {
    return MethodInfo{laplace_method_name(i), laplace_method_kind(i), laplace_method_description(i),
                      laplace_method_takes_kernel(i) == 1, laplace_method_takes_cycle(i) == 1};
}

// Every entry of a table, in its order (count() entries, at(i) each).
template <class Info>
std::vector<Info> table(int (*count)(), Info (*at)(int)) {
    std::vector<Info> all;
    for (int i = 0; i < count(); ++i) {
        all.push_back(at(i));
    }
    return all;
}

// The entry called `name` (already checked for NUL), or the C ABI's error `status`.
template <class Info>
Info entry(const std::string &name, int (*index)(const char *), Info (*at)(int), int status) {
    const int i = index(name.c_str());
    if (i < 0) {
        check(status);
    }
    return at(i);
}

// ---- The solver object --------------------------------------------------------------------

struct Result {
    laplace_result r;
};

// A laplace_solver handle. The C ABI allows one thread at a time per solver; as calls release
// the interpreter lock, a mutex (taken without the lock held) keeps Python threads sharing one
// Solver in turn.
class Solver {
  public:
    explicit Solver(const std::string &method) : method_(method_name(method)) {
        check(laplace_solver_create(method_.c_str(), &handle_));
    }
    ~Solver() { laplace_solver_destroy(handle_); }
    Solver(const Solver &) = delete;
    Solver &operator=(const Solver &) = delete;

    // Runs call(handle) with the interpreter lock released and the solver's mutex held.
    template <class Call>
    void call(Call &&c) {
        released([&] {
            std::lock_guard<std::mutex> lock(mutex_);
            return c(handle_);
        });
    }

    const std::string &method() const { return method_; }

  private:
    std::string method_;
    laplace_solver *handle_ = nullptr;
    std::mutex mutex_;
};

// Binds a C ABI setter int set(laplace_solver *, Args...) as a method returning the solver, so
// that settings chain; each setter of laplace.h is one line of the module below.
template <class... Args>
auto solver_setter(int (*set)(laplace_solver *, Args...)) {
    return [set](Solver &s, Args... args) -> Solver & {
        s.call([&](laplace_solver *h) { return set(h, args...); });
        return s;
    };
}

Result result_of(Solver &s) {
    Result out{};
    out.r.size = sizeof(laplace_result);
    s.call([&](laplace_solver *h) { return laplace_solver_get_result(h, &out.r); });
    return out;
}

Result solve(Solver &s, const py::object &u_obj, double dx, double dy, const py::object &f_obj) {
    const GridArray u = grid_array(u_obj, "u", true);
    const std::optional<GridArray> f = rhs_array(f_obj, u);
    s.call([&](laplace_solver *h) {
        return u.colmajor
                   ? laplace_solver_solve_colmajor(h, u.data, data_or_null(f), u.nx, u.ny, dx, dy)
                   : laplace_solver_solve(h, u.data, data_or_null(f), u.nx, u.ny, dx, dy);
    });
    return result_of(s);
}

void setup(Solver &s, int nx, int ny, double dx, double dy, const std::string &order) {
    if (order != "C" && order != "F") {
        throw py::value_error("order must be 'C' (a C-ordered u) or 'F' (Fortran-ordered), not '" +
                              order + "'");
    }
    s.call([&](laplace_solver *h) {
        return order == "F" ? laplace_solver_setup_colmajor(h, nx, ny, dx, dy)
                            : laplace_solver_setup(h, nx, ny, dx, dy);
    });
}

// The stop reason's name comes from the StopReason enum bound below, the one list of them here.
std::string result_repr(const Result &res) {
    const laplace_result &r = res.r;
    const std::string reason = py::str(py::cast(static_cast<laplace_stop_reason>(r.stop_reason)));
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "Result(iterations=%d, stop_reason=%s, converged=%s, change=%.6g, "
                  "residual_initial=%.6g, residual=%.6g, residual_max=%.6g, "
                  "relative_residual=%.6g, threads=%d)",
                  r.iterations, reason.c_str(), r.converged ? "True" : "False", r.change,
                  r.residual_initial, r.residual, r.residual_max, r.relative_residual, r.threads);
    return buf;
}

} // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "The compiled part of the laplace package: the C ABI of liblaplace, bound with "
              "pybind11. Import laplace, not this module.";

    static py::exception<StatusError> error(m, "Error", PyExc_RuntimeError);
    error.attr("__doc__") =
        "A failure reported by the library. str(e) is the C ABI's message; e.status the "
        "laplace_status code (int) and e.status_name its name, e.g. "
        "'LAPLACE_ERROR_BAD_EXTENT'.";
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) {
                std::rethrow_exception(p);
            }
        } catch (const StatusError &e) {
            py::object instance = py::handle(error.ptr())(e.message);
            instance.attr("status") = e.status;
            instance.attr("status_name") = laplace_status_name(e.status);
            PyErr_SetObject(error.ptr(), instance.ptr());
        }
    });

    m.attr("NO_LIMIT") = LAPLACE_NO_LIMIT;

    m.def("version", &laplace_version, "The version of the library this module runs with.");
    m.def(
        "status_name", [](int status) { return std::string(laplace_status_name(status)); },
        py::arg("status"), "The name of a laplace_status code, e.g. 'LAPLACE_ERROR_BAD_EXTENT'.");

    // ---- The kernel and method tables ----------------------------------------------------
    py::class_<KernelInfo>(m, "KernelInfo", "Metadata of one kernel of the library's table.")
        .def_readonly("name", &KernelInfo::name, "Stable name, e.g. 'cpp-loop'.")
        .def_readonly("scheme", &KernelInfo::scheme,
                      "'gauss-seidel', 'jacobi', 'red-black' or 'red-black-sor'.")
        .def_readonly("language", &KernelInfo::language, "'Fortran 77', 'C++', ...")
        .def_readonly("threading", &KernelInfo::threading, "'serial' or 'openmp'.")
        .def_readonly("description", &KernelInfo::description,
                      "How it is written, which row of the study it stands for.")
        .def_readonly("workspace_grids", &KernelInfo::workspace_grids,
                      "Extra grid-sized arrays its workspace holds (0 or 1).")
        .def("__repr__", [](const KernelInfo &k) {
            return "KernelInfo(name='" + k.name + "', scheme='" + k.scheme + "', language='" +
                   k.language + "', threading='" + k.threading + "')";
        });
    py::class_<MethodInfo>(m, "MethodInfo", "Metadata of one method of the library's table.")
        .def_readonly("name", &MethodInfo::name, "Stable name, e.g. 'iterate', 'fft-dst'.")
        .def_readonly("kind", &MethodInfo::kind, "'iterative' or 'direct'.")
        .def_readonly("description", &MethodInfo::description, "What it does.")
        .def_readonly("takes_kernel", &MethodInfo::takes_kernel,
                      "Whether Solver.set_kernel and set_weight apply.")
        .def_readonly("takes_cycle", &MethodInfo::takes_cycle,
                      "Whether Solver.set_cycle applies (multigrid).")
        .def("__repr__", [](const MethodInfo &k) {
            return "MethodInfo(name='" + k.name + "', kind='" + k.kind +
                   "', takes_kernel=" + (k.takes_kernel ? "True" : "False") + ")";
        });

    m.def(
        "kernels", [] { return table(laplace_kernel_count, kernel_at); },
        "Every kernel of this build, in the library's table order.");
    m.def(
        "kernel",
        [](const std::string &name) {
            return entry(kernel_name(name), laplace_kernel_index, kernel_at,
                         LAPLACE_ERROR_UNKNOWN_KERNEL);
        },
        py::arg("name"), "The kernel called name; Error (LAPLACE_ERROR_UNKNOWN_KERNEL) if none.");
    m.def(
        "methods", [] { return table(laplace_method_count, method_at); },
        "Every method of this build, in the library's table order.");
    m.def(
        "method",
        [](const std::string &name) {
            return entry(method_name(name), laplace_method_index, method_at,
                         LAPLACE_ERROR_UNKNOWN_METHOD);
        },
        py::arg("name"), "The method called name; Error (LAPLACE_ERROR_UNKNOWN_METHOD) if none.");

    // ---- The study's calls: sweeps and solves of one kernel, the residual ------------------
    m.def(
        "sweep",
        [](const std::string &kernel, const py::object &u_obj, double dx, double dy, int threads,
           double omega) {
            const std::string k = kernel_name(kernel);
            const GridArray u = grid_array(u_obj, "u", true);
            const laplace_options o = options(threads, omega);
            double change = 0.0;
            released([&] {
                return u.colmajor
                           ? laplace_sweep_colmajor_ex(k.c_str(), u.data, u.nx, u.ny, dx, dy, &o,
                                                       &change)
                           : laplace_sweep_ex(k.c_str(), u.data, u.nx, u.ny, dx, dy, &o, &change);
            });
            return change;
        },
        py::arg("kernel"), py::arg("u"), py::arg("dx"), py::arg("dy"), py::kw_only(),
        py::arg("threads") = 0, py::arg("omega") = 0.0,
        "One sweep of kernel over the interior of u, in place; returns the change norm "
        "sqrt(sum((u_new - u_old)**2)).\n\n"
        "u is a 2D float64 array, u[i, j] = u(x_i, y_j), C- or Fortran-ordered, updated in "
        "place (never copied); its boundary values are read, never written. threads: OpenMP "
        "threads of an 'openmp' kernel (0: the OpenMP default); omega: the SOR factor of a "
        "red-black-sor kernel in (0, 2) (0: the optimal one).");
    m.def(
        "solve",
        [](const std::string &kernel, const py::object &u_obj, double dx, double dy, int max_iter,
           double tol, int threads, double omega) {
            const std::string k = kernel_name(kernel);
            const GridArray u = grid_array(u_obj, "u", true);
            const laplace_options o = options(threads, omega);
            int iterations = 0;
            double change = 0.0;
            released([&] {
                return u.colmajor
                           ? laplace_solve_colmajor_ex(k.c_str(), u.data, u.nx, u.ny, dx, dy,
                                                       max_iter, tol, &o, &iterations, &change)
                           : laplace_solve_ex(k.c_str(), u.data, u.nx, u.ny, dx, dy, max_iter, tol,
                                              &o, &iterations, &change);
            });
            return std::make_pair(iterations, change);
        },
        py::arg("kernel"), py::arg("u"), py::arg("dx"), py::arg("dy"), py::arg("max_iter"),
        py::arg("tol"), py::kw_only(), py::arg("threads") = 0, py::arg("omega") = 0.0,
        "Sweeps of kernel over u, in place, until the change norm is <= tol or max_iter sweeps "
        "were done (the study's solve); returns (iterations, change). Reaching max_iter is not "
        "an error: compare change with tol. u, threads and omega as for sweep.");
    m.def(
        "residual",
        [](const py::object &u_obj, double dx, double dy, const py::object &f_obj, int threads) {
            const GridArray u = grid_array(u_obj, "u", false);
            const std::optional<GridArray> f = rhs_array(f_obj, u);
            const laplace_options o = options(threads, 0.0);
            double norm2 = 0.0, norm_max = 0.0;
            released([&] {
                return u.colmajor ? laplace_residual_colmajor(u.data, data_or_null(f), u.nx, u.ny,
                                                              dx, dy, &o, &norm2, &norm_max)
                                  : laplace_residual(u.data, data_or_null(f), u.nx, u.ny, dx, dy,
                                                     &o, &norm2, &norm_max);
            });
            return std::make_pair(norm2, norm_max);
        },
        py::arg("u"), py::arg("dx"), py::arg("dy"), py::arg("f") = py::none(), py::kw_only(),
        py::arg("threads") = 0,
        "Norms of the residual r = f - A u over the interior, A the 5-point operator: returns "
        "(norm2, norm_max). f: None (f = 0) or an array of u's shape and memory order.");

    // ---- Solvers ----------------------------------------------------------------------------
    py::enum_<laplace_stop_reason>(m, "StopReason", "Why a solve stopped (laplace_stop_reason).")
        .value("none", LAPLACE_STOP_NONE, "no solve yet (or the last one failed its checks)")
        .value("change", LAPLACE_STOP_CHANGE, "change norm <= change_tol")
        .value("atol", LAPLACE_STOP_ATOL, "||r|| <= atol")
        .value("rtol", LAPLACE_STOP_RTOL, "||r|| <= rtol ||r0||")
        .value("max_iter", LAPLACE_STOP_MAX_ITER, "max_iter iterations: not converged")
        .value("direct", LAPLACE_STOP_DIRECT, "a direct method solved");
    py::enum_<laplace_fftw_planning>(
        m, "FftwPlanning", "FFTW's planning effort for 'fft-dst' (Solver.set_fftw_planning).")
        .value("estimate", LAPLACE_FFTW_ESTIMATE, "heuristics, no timing: the default")
        .value("measure", LAPLACE_FFTW_MEASURE, "times a few candidate algorithms")
        .value("patient", LAPLACE_FFTW_PATIENT, "times many more")
        .value("exhaustive", LAPLACE_FFTW_EXHAUSTIVE, "times all of them");

    py::enum_<laplace_cycle>(m, "Cycle", "A multigrid cycle (Solver.set_cycle).")
        .value("V", LAPLACE_CYCLE_V, "one coarse-grid correction per level: the default")
        .value("W", LAPLACE_CYCLE_W, "two per level")
        .value("F", LAPLACE_CYCLE_F, "an F cycle below, then a V cycle")
        .value("FMG", LAPLACE_CYCLE_FMG,
               "full multigrid first (from f and the boundary alone), then V cycles");

    py::class_<Result>(m, "Result", "What a solve did (laplace_result).")
        .def_property_readonly(
            "iterations", [](const Result &r) { return r.r.iterations; },
            "Iterations done (sweeps; 1 for a direct solve).")
        .def_property_readonly(
            "stop_reason",
            [](const Result &r) { return static_cast<laplace_stop_reason>(r.r.stop_reason); },
            "Which rule stopped the solve (a StopReason).")
        .def_property_readonly(
            "converged", [](const Result &r) { return r.r.converged == 1; },
            "True if a rule other than max_iter stopped it (or a direct solve).")
        .def_property_readonly(
            "change", [](const Result &r) { return r.r.change; },
            "Change norm of the last iteration (inf if none; nan when not computed).")
        .def_property_readonly(
            "residual_initial", [](const Result &r) { return r.r.residual_initial; },
            "||r0||, the residual of the initial u.")
        .def_property_readonly(
            "residual", [](const Result &r) { return r.r.residual; },
            "||r|| after the last iteration.")
        .def_property_readonly(
            "residual_max", [](const Result &r) { return r.r.residual_max; },
            "max |r| after the last iteration.")
        .def_property_readonly(
            "relative_residual", [](const Result &r) { return r.r.relative_residual; },
            "||r|| / ||r0|| (0 when ||r0|| = 0).")
        .def_property_readonly(
            "threads", [](const Result &r) { return r.r.threads; },
            "OpenMP threads the last iteration ran on.")
        .def("__repr__", &result_repr);

    py::class_<Solver>(m, "Solver",
                       "A method set up once per grid shape and spacing, solving many times. "
                       "Setters return the solver, so they chain.")
        .def(py::init<const std::string &>(), py::arg("method"),
             "A solver for method (a name of laplace.methods()) with the default settings.")
        .def_property_readonly("method", &Solver::method, "The method's name.")
        .def(
            "set_kernel",
            [](Solver &s, const std::optional<std::string> &kernel) -> Solver & {
                const std::optional<std::string> k =
                    kernel ? std::optional<std::string>(kernel_name(*kernel)) : std::nullopt;
                s.call([&](laplace_solver *h) {
                    return laplace_solver_set_kernel(h, k ? k->c_str() : nullptr);
                });
                return s;
            },
            py::arg("kernel"),
            "The kernel 'iterate' sweeps (None: back to the default). Discards the setup.")
        .def("set_weight", solver_setter(laplace_solver_set_weight), py::arg("weight"),
             "The kernel's weight: SOR factor or Jacobi damping in (0, 2); 0: the default. "
             "Discards the setup.")
        .def("set_threads", solver_setter(laplace_solver_set_threads), py::arg("threads"),
             "OpenMP threads (and FFTW's for 'fft-dst'); 0: the default. Discards the setup.")
        .def("set_tolerances", solver_setter(laplace_solver_set_tolerances), py::arg("rtol"),
             py::arg("atol") = 0.0, py::arg("change_tol") = 0.0,
             "The stopping rules ||r|| <= rtol ||r0||, ||r|| <= atol, change <= change_tol; "
             "0 turns a rule off.")
        .def("set_max_iter", solver_setter(laplace_solver_set_max_iter), py::arg("max_iter"),
             "At most this many iterations (laplace.NO_LIMIT: none).")
        .def("set_fftw_planning", solver_setter(laplace_solver_set_fftw_planning),
             py::arg("planning"),
             "FFTW's planning effort for 'fft-dst' (a FftwPlanning). Discards the setup.")
        .def("set_cycle", solver_setter(laplace_solver_set_cycle), py::arg("cycle"),
             py::arg("pre_smooth") = 2, py::arg("post_smooth") = 1,
             "The multigrid cycle (a Cycle) and the smoothing sweeps before and after each "
             "coarse correction (0..64, not both 0). Discards the setup.")
        .def("setup", &setup, py::arg("nx"), py::arg("ny"), py::arg("dx"), py::arg("dy"),
             py::arg("order") = "C",
             "Sets up for an nx x ny grid with spacings dx, dy, for C-ordered (order='C') or "
             "Fortran-ordered (order='F') arrays; the first solve does it otherwise.")
        .def(
            "setup",
            [](Solver &s, const py::object &u_obj, double dx, double dy) {
                const GridArray u = grid_array(u_obj, "u", false);
                setup(s, u.nx, u.ny, dx, dy, u.colmajor ? "F" : "C");
            },
            py::arg("u"), py::arg("dx"), py::arg("dy"),
            "Sets up for grids of u's shape and memory order (u is not written).")
        .def("solve", &solve, py::arg("u"), py::arg("dx"), py::arg("dy"), py::arg("f") = py::none(),
             "Solves u_xx + u_yy = f in place: u's interior is the initial guess, its boundary "
             "the Dirichlet values (never written). f: None (f = 0) or an array of u's shape "
             "and memory order. Returns the Result.")
        .def("result", &result_of, "The last solve's Result.")
        .def_property_readonly(
            "memory_bytes",
            [](Solver &s) {
                long long bytes = 0;
                s.call([&](laplace_solver *h) {
                    bytes = laplace_solver_memory_bytes(h);
                    return LAPLACE_OK;
                });
                return bytes;
            },
            "Bytes the setup holds (workspace and plans); 0 without setup.");

    // ---- BLAS and FFTW ----------------------------------------------------------------------
    m.def(
        "blas_available", [] { return laplace_blas_available() == 1; },
        "True if this build has a BLAS, and so the method 'blas-fdm'.");
    m.def("blas_info", &laplace_blas_info, "Which BLAS: OpenBLAS's configuration, or 'none'.");
    m.def("blas_threads", &laplace_blas_threads,
          "Threads a BLAS solve that runs alone uses; 0 without BLAS thread control.");
    m.def(
        "set_blas_threads", [](int n) { check(laplace_blas_set_threads(n)); }, py::arg("threads"),
        "Sets that number (>= 1, or 0 for the default).");
    m.def("blas_last_solve_threads", &laplace_blas_last_solve_threads,
          "BLAS threads the calling thread's last BLAS solve ran with; 0 if none.");
    m.def("blas_plan_bytes", &laplace_blas_plan_bytes,
          "Bytes the eigenvector plan cache of 'blas-fdm' holds.");
    m.def(
        "clear_blas_plans",
        [] {
            released([] {
                laplace_blas_clear_plans();
                return LAPLACE_OK;
            });
        },
        "Frees the plan cache of 'blas-fdm'.");
    m.def(
        "fftw_available", [] { return laplace_fftw_available() == 1; },
        "True if this build has FFTW, and so the method 'fft-dst'.");
    m.def("fftw_info", &laplace_fftw_info, "Which FFTW: its version and threading, or 'none'.");
    m.def(
        "import_fftw_wisdom",
        [](const std::string &filename) {
            const std::string file = file_name(filename);
            released([&] { return laplace_fftw_import_wisdom(file.c_str()); });
        },
        py::arg("filename"), "Adds a file's FFTW wisdom to what FFTW holds.");
    m.def(
        "export_fftw_wisdom",
        [](const std::string &filename) {
            const std::string file = file_name(filename);
            released([&] { return laplace_fftw_export_wisdom(file.c_str()); });
        },
        py::arg("filename"), "Writes FFTW's wisdom to a file.");
    m.def(
        "forget_fftw_wisdom",
        [] {
            released([] {
                laplace_fftw_forget_wisdom();
                return LAPLACE_OK;
            });
        },
        "Forgets all of FFTW's wisdom (plans already made are kept).");
}
