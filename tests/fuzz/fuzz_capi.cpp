// Fuzz target for the C ABI (include/laplace/laplace.h): LLVMFuzzerTestOneInput decodes the
// bytes into one call of laplace_sweep / laplace_solve / their column-major twins, or of a
// registry query, over every kernel of the registry (by index, so a kernel added later is
// fuzzed too), or into a solver's life: create (any method name), then a sequence of setters
// (kernel, weight, threads, tolerances, max_iter), setups and solves (with f or without, f
// overlapping u, the setup's grid, one differing from it, or any; setups reused and discarded),
// each checked against a model of the solver's settings; and checks the ABI's contract on it:
//   - nothing crashes, and no byte outside the caller's array is read or written: a real grid
//     is an exact-size heap block (AddressSanitizer's red zones on both sides), and a grid too
//     big to allocate here is passed as a pointer to inaccessible memory (PROT_NONE), which the
//     call must not touch because one of its scalar arguments is bad;
//   - the status is LAPLACE_OK exactly when every argument is valid, otherwise one of the
//     statuses of the arguments that are bad (the order in which they are checked is left to
//     the library), with a non-empty, printable message; on success the message is empty;
//   - on a validation error the grid and the outputs are untouched; on success boundary values
//     are untouched, the outputs are consistent, and the column-major call on the same bytes
//     (the grid convention's swap) gives bitwise the same grid and change norm;
//   - a solve's result says why it stopped, consistently with its rules and norms; a result read
//     with a smaller size holds the same fields and nothing past the size; a fresh solver on one
//     thread in the other layout gives bitwise the same u and iterations; a rejected solve leaves
//     u and f untouched and no result; an overflow is reported only where values, f or the
//     spacings can make one.
// Built three ways (tests/fuzz/CMakeLists.txt): with libFuzzer (clang), and as a plain program
// (replay.cpp) that runs the corpus and fixed-seed random inputs in every build of the suite.
#include "laplace/laplace.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

// Largest grid the harness allocates: nx*ny <= 4096 points (32 KiB).
constexpr long long max_real_points = 4096;
// Largest max_iter the harness passes with a real grid, so one input stays fast; other
// positive values are reduced modulo this. Negative ones are passed as they are.
constexpr int max_real_iter = 64;

// The call being checked, in words, for the report of a violation.
std::string current_call;

[[noreturn]] void violation(const std::string &what, int status) {
    std::fprintf(stderr,
                 "fuzz_capi: CONTRACT VIOLATION: %s\n  call: %s\n  status %d %s, message '%s'\n",
                 what.c_str(), current_call.c_str(), status, laplace_status_name(status),
                 laplace_last_error());
    std::abort();
}

void require(bool ok, const char *what, int status = 0) {
    if (!ok) {
        violation(what, status);
    }
}

// The input bytes, read front to back; reads past the end give zeros.
class Bytes {
  public:
    Bytes(const std::uint8_t *data, std::size_t size) : p_(data), end_(data + size) {}
    std::uint8_t u8() { return p_ < end_ ? *p_++ : 0; }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            v = v << 8 | u8();
        }
        return v;
    }
    std::uint64_t u64() { return std::uint64_t(u32()) << 32 | u32(); }
    double raw_double() {
        const std::uint64_t bits = u64();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }

  private:
    const std::uint8_t *p_;
    const std::uint8_t *end_;
};

int pick_extent(Bytes &in) {
    switch (in.u8() % 16) {
    case 8:
        return 0;
    case 9:
        return 1;
    case 10:
        return 2;
    case 11:
        return -1 - int(in.u8());
    case 12:
        return INT_MIN;
    case 13:
        return INT_MAX;
    case 14: { // large: nx*ny near or past INT_MAX, or past the address space
        static const int big[] = {4097, 46340, 46341, 65536, 1 << 21, 1 << 30};
        return big[in.u8() % std::size(big)];
    }
    case 15:
        return int(in.u32());
    default:
        return 3 + in.u8() % 62; // a small valid extent, 3..64
    }
}

double pick_spacing(Bytes &in) {
    switch (in.u8() % 16) {
    case 6:
        return 0.0;
    case 7:
        return -0.0;
    case 8:
        return -(1 + in.u8()) / 64.0;
    case 9:
        return std::nan("");
    case 10:
        return HUGE_VAL;
    case 11:
        return -HUGE_VAL;
    case 12:
        return (1 + in.u8()) * 4.9406564584124654e-324; // denormal
    case 13: {
        static const double huge[] = {DBL_MAX, 1e300, 1e200, 1.5e154, 1e154, 1e100};
        return huge[in.u8() % std::size(huge)];
    }
    case 14: {
        static const double tiny[] = {DBL_MIN, 1e-300, 1e-200, 1e-160, 1e-154, 1e-100};
        return tiny[in.u8() % std::size(tiny)];
    }
    case 15:
        return in.raw_double();
    default:
        return (1 + in.u8()) / 64.0;
    }
}

double pick_tolerance(Bytes &in) {
    switch (in.u8() % 12) {
    case 0:
        return 0.0;
    case 1:
        return -0.0;
    case 2:
        return -1.0;
    case 3:
        return std::nan("");
    case 4:
        return HUGE_VAL;
    case 5:
        return -HUGE_VAL;
    case 6:
        return 1e-300;
    case 7:
        return 4.9406564584124654e-324;
    case 8:
        return in.raw_double();
    default:
        return std::ldexp(1.0, -int(in.u8() % 64));
    }
}

int pick_max_iter(Bytes &in) {
    switch (in.u8() % 8) {
    case 0:
        return -1;
    case 1:
        return INT_MIN;
    case 2:
        return INT_MAX;
    case 3:
        return 0;
    case 4:
        return int(in.u32());
    default:
        return in.u8() % (max_real_iter + 1);
    }
}

// A name from a table (kernels, methods): one of its names, or not one (garbage, not UTF-8,
// very long, a prefix, empty). `count` and `name_at` are the table's C ABI queries.
std::string pick_name(Bytes &in, bool &known, int (*count_of)(), const char *(*name_at)(int)) {
    const int count = count_of();
    const std::uint8_t sel = in.u8();
    known = false;
    if (sel % 2 == 0 && count > 0) {
        known = true;
        return name_at(sel / 2 % count);
    }
    std::string name;
    switch (sel / 2 % 6) {
    case 0: // bytes of the input, any value but NUL
        for (int n = in.u8() % 24; n > 0; --n) {
            name += char(in.u8() | 1);
        }
        break;
    case 1: // very long
        name.assign(std::size_t(in.u8()) * 397 + 65, char('a' + in.u8() % 26));
        break;
    case 2: // a table's name with a byte changed, appended or cut
        if (count > 0) {
            name = name_at(in.u8() % count);
            const std::uint8_t how = in.u8();
            if (how % 3 == 0) {
                name[how / 3 % name.size()] = char(in.u8() | 0x80); // not UTF-8 any more
            } else if (how % 3 == 1) {
                name += char(in.u8() | 1);
            } else {
                name.pop_back();
            }
        }
        break;
    case 3: // invalid UTF-8: lone continuation bytes, overlong forms, surrogates
        name = "\xc0\xaf\xed\xa0\x80\xff\xfe\x80";
        break;
    case 4:
        name = "";
        break;
    default: // control characters and an escape sequence
        name = "cpp-loop\x1b[2J\n\t\x7f";
        break;
    }
    for (int k = 0; k < count && !name.empty(); ++k) {
        known = known || name == name_at(k);
    }
    return name;
}

std::string pick_kernel(Bytes &in, bool &known) {
    return pick_name(in, known, laplace_kernel_count, laplace_kernel_name);
}

bool printable(const char *s) {
    for (; *s != '\0'; ++s) {
        const auto c = static_cast<unsigned char>(*s);
        if (c < 0x20 || c >= 0x7f) {
            return false;
        }
    }
    return true;
}

void check_error_message(int status) {
    const char *msg = laplace_last_error();
    require(msg != nullptr, "laplace_last_error() is NULL", status);
    require(msg[0] != '\0', "an error without a message", status);
    require(std::strlen(msg) < 4096, "an error message longer than 4 KiB", status);
    require(printable(msg), "an error message with unprintable bytes", status);
    require(std::strcmp(laplace_status_name(status), "unknown status") != 0,
            "a status without a name", status);
}

// Memory the library must never touch: one inaccessible page, for grids too big to allocate.
double *forbidden_grid() {
    static double *const page = [] {
        void *p = mmap(nullptr, std::size_t(sysconf(_SC_PAGESIZE)), PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        require(p != MAP_FAILED, "mmap of the forbidden page failed");
        return static_cast<double *>(p);
    }();
    return page;
}

enum class Call { sweep, solve, sweep_colmajor, solve_colmajor };

struct Args {
    Call call;
    std::string kernel;
    bool known_kernel;
    bool null_kernel, null_u, null_change, null_iterations;
    int nx, ny;
    double dx, dy;
    int max_iter;
    double tol;
};

bool is_solve(Call c) {
    return c == Call::solve || c == Call::solve_colmajor;
}

bool is_colmajor(Call c) {
    return c == Call::sweep_colmajor || c == Call::solve_colmajor;
}

// The statuses a grid's extents and spacings call for: extents below 3, more points than the
// address space holds, spacings not finite or <= 0.
std::set<int> grid_errors(int nx, int ny, double dx, double dy) {
    std::set<int> e;
    if (nx < 3 || ny < 3) {
        e.insert(LAPLACE_ERROR_BAD_EXTENT);
    } else if (std::uint64_t(nx) * std::uint64_t(ny) >
               std::uint64_t(PTRDIFF_MAX) / sizeof(double)) {
        e.insert(LAPLACE_ERROR_TOO_LARGE);
    }
    const auto bad_spacing = [](double h) { return !std::isfinite(h) || h <= 0.0; };
    if (bad_spacing(dx) || bad_spacing(dy)) {
        e.insert(LAPLACE_ERROR_BAD_SPACING);
    }
    return e;
}

// Every status the arguments call for, whatever the order of the checks; empty if all valid.
std::set<int> expected_errors(const Args &a) {
    std::set<int> e = grid_errors(a.nx, a.ny, a.dx, a.dy);
    if (a.null_kernel || a.null_u || a.null_change || (is_solve(a.call) && a.null_iterations)) {
        e.insert(LAPLACE_ERROR_NULL_POINTER);
    }
    if (!a.null_kernel && !a.known_kernel) {
        e.insert(LAPLACE_ERROR_UNKNOWN_KERNEL);
    }
    if (is_solve(a.call) && a.max_iter < 0) {
        e.insert(LAPLACE_ERROR_BAD_MAX_ITER);
    }
    if (is_solve(a.call) && (std::isnan(a.tol) || a.tol < 0.0)) {
        e.insert(LAPLACE_ERROR_BAD_TOLERANCE);
    }
    return e;
}

int call(const Args &a, double *u, double *change, int *iterations) {
    const char *kernel = a.null_kernel ? nullptr : a.kernel.c_str();
    u = a.null_u ? nullptr : u;
    change = a.null_change ? nullptr : change;
    iterations = a.null_iterations ? nullptr : iterations;
    switch (a.call) {
    case Call::sweep:
        return laplace_sweep(kernel, u, a.nx, a.ny, a.dx, a.dy, change);
    case Call::solve:
        return laplace_solve(kernel, u, a.nx, a.ny, a.dx, a.dy, a.max_iter, a.tol, iterations,
                             change);
    case Call::sweep_colmajor:
        return laplace_sweep_colmajor(kernel, u, a.nx, a.ny, a.dx, a.dy, change);
    case Call::solve_colmajor:
        return laplace_solve_colmajor(kernel, u, a.nx, a.ny, a.dx, a.dy, a.max_iter, a.tol,
                                      iterations, change);
    }
    return -1;
}

double max_abs(const std::vector<double> &u);

std::string describe(const Args &a, const std::vector<double> &u) {
    static const char *names[] = {"laplace_sweep", "laplace_solve", "laplace_sweep_colmajor",
                                  "laplace_solve_colmajor"};
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "%s(kernel %s of %zu bytes%s, u %s, nx %d, ny %d, dx %.17g, dy %.17g, "
                  "max_iter %d, tol %.17g%s%s), max|u| %.17g",
                  names[int(a.call)], a.null_kernel ? "NULL" : a.kernel.substr(0, 32).c_str(),
                  a.kernel.size(), a.known_kernel ? " (known)" : "", a.null_u ? "NULL" : "set",
                  a.nx, a.ny, a.dx, a.dy, a.max_iter, a.tol, a.null_change ? ", change NULL" : "",
                  a.null_iterations ? ", iterations NULL" : "", max_abs(u));
    return buf;
}

// Fills the grid: smooth values, bytes of the input, huge values, denormals, or one NaN/Inf.
void fill(Bytes &in, std::vector<double> &u) {
    const std::uint8_t mode = in.u8();
    for (std::size_t k = 0; k < u.size(); ++k) {
        switch (mode % 6) {
        case 0:
            u[k] = 0.0;
            break;
        case 1:
            u[k] = std::sin(double(k) * 0.37 + mode);
            break;
        case 2:
            u[k] = (k % 7 == 0) ? in.raw_double() : double(in.u8()) - 128.0;
            break;
        case 3:
            u[k] = (k % 2 ? -1.0 : 1.0) * DBL_MAX / (1 + in.u8() % 4);
            break;
        case 4:
            u[k] = (1 + in.u8()) * 4.9406564584124654e-324;
            break;
        default:
            u[k] = double(k);
            break;
        }
    }
    if (mode / 6 % 4 == 1 && !u.empty()) { // one non-finite value at an input-chosen point
        static const double bad[] = {std::nan(""), HUGE_VAL, -HUGE_VAL};
        u[in.u32() % u.size()] = bad[in.u8() % std::size(bad)];
    }
}

bool all_finite(const std::vector<double> &u) {
    for (double v : u) {
        if (!std::isfinite(v)) {
            return false;
        }
    }
    return true;
}

double max_abs(const std::vector<double> &u) {
    double m = 0.0;
    for (double v : u) {
        m = std::fmax(m, std::fabs(v));
    }
    return m;
}

bool same_bytes(const double *a, const double *b, std::size_t n) {
    return n == 0 || std::memcmp(a, b, n * sizeof(double)) == 0;
}

// The extents as the library sees them in the C layout: (slow, fast).
void c_layout_extents(const Args &a, long long &slow, long long &fast) {
    slow = is_colmajor(a.call) ? a.ny : a.nx;
    fast = is_colmajor(a.call) ? a.nx : a.ny;
}

// The boundary of a slow x fast grid (C layout) is bitwise what it was.
void check_boundary(const std::vector<double> &before, const double *u, long long slow,
                    long long fast) {
    for (long long i = 0; i < slow; ++i) {
        for (long long j = 0; j < fast; ++j) {
            if (i == 0 || j == 0 || i == slow - 1 || j == fast - 1) {
                const std::size_t k = std::size_t(i * fast + j);
                require(std::memcmp(&u[k], &before[k], sizeof(double)) == 0,
                        "a boundary value was written");
            }
        }
    }
}

void check_success(const Args &a, const std::vector<double> &before, const double *u, double change,
                   int iterations) {
    require(laplace_last_error()[0] == '\0', "a success leaves an error message");
    require(std::isfinite(change) || (is_solve(a.call) && a.max_iter == 0),
            "the change norm of a successful call is not finite");
    require(!(change < 0.0), "a negative change norm");
    if (is_solve(a.call)) {
        require(iterations >= 0 && iterations <= a.max_iter, "iterations outside 0..max_iter");
        require(iterations == a.max_iter || change <= a.tol,
                "a solve stopped early without reaching tol");
        require(iterations > 0 || std::isinf(change), "no sweep but a finite change norm");
    }
    long long slow, fast;
    c_layout_extents(a, slow, fast);
    check_boundary(before, u, slow, fast);
}

// The same call through the other layout, on a copy of the same bytes: the grid convention
// says the results are bitwise the same.
void check_layout_twin(const Args &a, const std::vector<double> &before, const double *u,
                       int status, double change, int iterations) {
    Args twin = a;
    switch (a.call) {
    case Call::sweep:
        twin.call = Call::sweep_colmajor;
        break;
    case Call::solve:
        twin.call = Call::solve_colmajor;
        break;
    case Call::sweep_colmajor:
        twin.call = Call::sweep;
        break;
    case Call::solve_colmajor:
        twin.call = Call::solve;
        break;
    }
    std::swap(twin.nx, twin.ny);
    std::swap(twin.dx, twin.dy);
    std::unique_ptr<double[]> v(new double[before.size()]);
    std::copy(before.begin(), before.end(), v.get());
    double twin_change = -7.0;
    int twin_iterations = -7;
    const int twin_status = call(twin, v.get(), &twin_change, &twin_iterations);
    require(twin_status == status, "the other layout gives another status", twin_status);
    require(same_bytes(u, v.get(), before.size()), "the other layout gives another grid");
    require(std::memcmp(&change, &twin_change, sizeof change) == 0,
            "the other layout gives another change norm");
    require(!is_solve(a.call) || twin_iterations == iterations,
            "the other layout takes another number of sweeps");
}

void fuzz_call(Bytes &in) {
    Args a{};
    a.call = Call(in.u8() % 4);
    a.kernel = pick_kernel(in, a.known_kernel);
    const std::uint8_t nulls = in.u8();
    a.null_kernel = nulls % 29 == 1;
    a.null_u = nulls % 29 == 2;
    a.null_change = nulls % 29 == 3;
    a.null_iterations = nulls % 29 == 4;
    const bool alias_change = nulls % 29 == 5;     // change points into u
    const bool alias_iterations = nulls % 29 == 6; // iterations points into u
    const std::uint32_t alias_at = in.u32();
    a.nx = pick_extent(in);
    a.ny = pick_extent(in);
    a.dx = pick_spacing(in);
    a.dy = pick_spacing(in);
    a.max_iter = pick_max_iter(in);
    a.tol = pick_tolerance(in);

    const bool extents_ok = a.nx >= 3 && a.ny >= 3;
    const long long points = extents_ok ? (long long)a.nx * a.ny : 0;
    const bool real_grid = points <= max_real_points;
    if (real_grid && a.max_iter > max_real_iter) {
        a.max_iter %= max_real_iter + 1;
    }
    std::set<int> expected = expected_errors(a);
    if (!real_grid && expected.empty()) {
        // Too big to allocate here: spoil one scalar argument, chosen by the input, so that the
        // library must reject the call without reading u (u points to inaccessible memory).
        switch (in.u8() % 4) {
        case 0:
            a.dx = -a.dx;
            break;
        case 1:
            a.dy = std::nan("");
            break;
        case 2:
            a.kernel += "-no-such";
            a.known_kernel = false;
            break;
        default:
            a.null_change = true;
            break;
        }
        expected = expected_errors(a);
    }

    std::vector<double> before(std::size_t(real_grid ? points : 0));
    fill(in, before);
    // An exact-size heap block (not the vector), so that AddressSanitizer's red zones sit right
    // at both ends of the caller's array; new double[0] is a valid, inaccessible pointer.
    std::unique_ptr<double[]> grid(new double[before.size()]);
    double *const u = real_grid ? grid.get() : forbidden_grid();
    std::copy(before.begin(), before.end(), grid.get());
    if (extents_ok && real_grid && !all_finite(before)) {
        expected.insert(LAPLACE_ERROR_NONFINITE_INPUT);
    }

    current_call = describe(a, before);
    double change = -7.0;
    int iterations = -7;
    double *change_ptr = &change;
    int *iterations_ptr = &iterations;
    if ((alias_change || alias_iterations) && real_grid && !before.empty()) {
        // An output inside the caller's grid: rejected, and nothing written (checked below).
        double *const inside = u + alias_at % before.size();
        if (alias_change) {
            change_ptr = inside;
            expected.insert(LAPLACE_ERROR_ALIASED_OUTPUT);
        } else {
            iterations_ptr = reinterpret_cast<int *>(inside);
            if (is_solve(a.call)) {
                expected.insert(LAPLACE_ERROR_ALIASED_OUTPUT);
            }
        }
        current_call += alias_change ? ", change inside u" : ", iterations inside u";
    }
    if (!real_grid && extents_ok) {
        // The grid as claimed (nx*ny points from the forbidden page) may span the stack, where
        // the outputs are: the library's overlap test is address arithmetic, so it says so.
        const auto lo = reinterpret_cast<std::uintptr_t>(u);
        const auto hi = lo + std::uintptr_t(points) * sizeof(double);
        const auto inside = [&](const void *p) {
            const auto q = reinterpret_cast<std::uintptr_t>(p);
            return q >= lo && q < hi;
        };
        if (inside(&change) || (is_solve(a.call) && inside(&iterations))) {
            expected.insert(LAPLACE_ERROR_ALIASED_OUTPUT);
        }
    }
    const int status = call(a, u, change_ptr, iterations_ptr);
    if (status == LAPLACE_OK && (change_ptr != &change || iterations_ptr != &iterations)) {
        require(!is_solve(a.call) && alias_iterations, "LAPLACE_OK with an output inside u",
                status);
        change = *change_ptr; // a sweep ignores iterations
    }

    if (status == LAPLACE_OK) {
        require(expected.empty(), "LAPLACE_OK although an argument is bad", status);
        check_success(a, before, u, change, iterations);
        check_layout_twin(a, before, u, status, change, iterations);
        return;
    }
    check_error_message(status);
    if (status == LAPLACE_ERROR_NONFINITE_RESULT) {
        // Overflow of the iteration: only when the arguments are valid and the values are so
        // large that a sum of neighbours, or a squared change (Jacobi), can overflow: above
        // 5e153, whatever the spacings (the scheme depends on dx/dy only).
        require(expected.empty(), "NONFINITE_RESULT although an argument is bad", status);
        require(max_abs(before) > 5e153, "NONFINITE_RESULT from a grid of moderate values", status);
        require(!is_solve(a.call) || (iterations >= 1 && iterations <= a.max_iter),
                "NONFINITE_RESULT: iterations outside 1..max_iter", status);
        check_layout_twin(a, before, u, status, change, iterations);
        return;
    }
    require(expected.count(status) == 1, "a status that no bad argument calls for", status);
    require(change == -7.0 && iterations == -7, "an output was written on a validation error",
            status);
    require(!real_grid || same_bytes(u, before.data(), before.size()),
            "the grid was written on a validation error", status);
}

// ---- Solver objects: a sequence of calls on one laplace_solver --------------------------------

// What the harness knows of a solver: the settings the calls so far made (laplace.h's defaults
// at creation) and its setup, in the caller's names. After a solve that set up and was then
// rejected, whether the setup stayed is the library's business: `unknown`.
enum class Setup { none, known, unknown };

struct SolverModel {
    std::string method;
    bool takes_kernel = false, direct = false;
    int kernel = -1; // index in the kernel table; -1: the method's default
    double weight = 0.0;
    int cycle = 0, pre_smooth = 0, post_smooth = 0; // cycle 0: never set
    int max_iter = 10000;
    double rtol = 1e-8, atol = 0.0, change_tol = 0.0;
    Setup setup = Setup::none;
    int nx = 0, ny = 0;
    double dx = 0.0, dy = 0.0;
    bool colmajor = false;
};

// Whether the method takes multigrid's settings (laplace.h, "Multigrid"), from the method table
// (read by listing, which sets no error message, unlike laplace_method_index for a bad name).
bool multigrid(const std::string &method) {
    for (int k = 0; k < laplace_method_count(); ++k) {
        if (method == laplace_method_name(k)) {
            return laplace_method_takes_cycle(k) == 1;
        }
    }
    return false;
}

// The kernel a method uses unless told (laplace.h): "iterate" sweeps omp-sor, multigrid
// smooths with omp-redblack (cpp-loop in builds without OpenMP).
int default_kernel(const std::string &method) {
    const int k = laplace_kernel_index(multigrid(method) ? "omp-redblack" : "omp-sor");
    return k >= 0 ? k : laplace_kernel_index("cpp-loop");
}

// Whether kernel `kernel` (-1: the default) takes `weight` (laplace_solver_set_weight) in
// `method`: multigrid smooths with damped Jacobi only, weight in (0, 1).
bool weight_applies(const std::string &method, int kernel, double weight) {
    const std::string scheme = laplace_kernel_scheme(kernel < 0 ? default_kernel(method) : kernel);
    if (multigrid(method) && scheme == "jacobi" && weight >= 1.0) {
        return false;
    }
    if (weight == 0.0 || weight == 1.0) {
        return true;
    }
    return (scheme == "jacobi" || scheme == "red-black-sor") && weight > 0.0 && weight < 2.0;
}

double pick_weight(Bytes &in) {
    static const double weights[] = {0.0, 1.0, 0.5, 1.3, 1.95, 2.0, -0.3, HUGE_VAL};
    const std::uint8_t sel = in.u8();
    if (sel % 10 == 8) {
        return std::nan("");
    }
    return sel % 10 == 9 ? in.raw_double() : weights[sel % 10];
}

int pick_threads(Bytes &in) {
    static const int counts[] = {0, 1, 2, 3, -1, INT_MIN, INT_MAX, 100000};
    return counts[in.u8() % std::size(counts)];
}

bool bad_tolerance(double tol) {
    return std::isnan(tol) || tol < 0.0;
}

// Rules that would never stop: an error (laplace.h).
bool never_stops(int max_iter, double rtol, double atol, double change_tol) {
    return max_iter == LAPLACE_NO_LIMIT && rtol == 0.0 && atol == 0.0 && change_tol == 0.0;
}

// The status of a call against the statuses its arguments call for (`expected`; none: only
// LAPLACE_OK) and those it may return besides (`also`).
void check_status(int status, const std::set<int> &expected, const std::set<int> &also = {}) {
    if (status == LAPLACE_OK) {
        require(expected.empty(), "LAPLACE_OK although an argument is bad", status);
        require(laplace_last_error()[0] == '\0', "a success leaves an error message", status);
        return;
    }
    check_error_message(status);
    require(expected.count(status) == 1 || also.count(status) == 1,
            "a status that no bad argument calls for", status);
}

laplace_result result_of(const laplace_solver *s) {
    laplace_result r{};
    r.size = sizeof r;
    require(laplace_solver_get_result(s, &r) == LAPLACE_OK, "laplace_solver_get_result failed");
    return r;
}

// The result of a successful solve against the rules it ran under.
void check_report(const laplace_result &r, const SolverModel &m) {
    const int reason = r.stop_reason;
    require(reason >= LAPLACE_STOP_CHANGE && reason <= LAPLACE_STOP_DIRECT, "a bad stop reason");
    require(r.converged == (reason != LAPLACE_STOP_MAX_ITER ? 1 : 0), "converged is wrong");
    require(r.iterations >= 0 && r.iterations <= m.max_iter, "iterations outside 0..max_iter");
    require(reason != LAPLACE_STOP_MAX_ITER || r.iterations == m.max_iter,
            "stopped by max_iter before max_iter iterations");
    require(reason != LAPLACE_STOP_DIRECT || (m.direct && r.iterations == 1),
            "a direct stop that is not one iteration of a direct method");
    require(r.iterations > 0 || (std::isinf(r.change) && r.threads == 0),
            "no iteration, but a change or a thread count");
    require(r.iterations == 0 || r.threads >= 1, "iterations on no thread");
    for (const double norm : {r.residual_initial, r.residual, r.residual_max}) {
        require(std::isfinite(norm) && norm >= 0.0, "a residual norm not finite or negative");
    }
    // The ratio overflows to +Inf when ||r0|| is tiny (f subnormal, u harmonic).
    require(r.relative_residual >= 0.0, "a relative residual negative or NaN");
    require(reason != LAPLACE_STOP_RTOL || r.relative_residual <= m.rtol, "rtol stop above rtol");
    require(reason != LAPLACE_STOP_ATOL || r.residual <= m.atol, "atol stop above atol");
    require(reason != LAPLACE_STOP_CHANGE || r.change <= m.change_tol, "change stop above tol");
}

// A result read with a smaller `size` is the same bytes, and nothing past `size` is written.
void check_result_prefix(const laplace_solver *s, Bytes &in, const laplace_result &full) {
    static const std::size_t sizes[] = {0, 4, sizeof(std::size_t), offsetof(laplace_result, change),
                                        offsetof(laplace_result, threads)};
    const std::size_t size = sizes[in.u8() % std::size(sizes)];
    unsigned char bytes[sizeof(laplace_result)];
    std::memset(bytes, 0xAB, sizeof bytes);
    std::memcpy(bytes, &size, sizeof size);
    laplace_result *r = reinterpret_cast<laplace_result *>(bytes);
    const int status = laplace_solver_get_result(s, r);
    if (size < sizeof(std::size_t)) {
        require(status == LAPLACE_ERROR_BAD_INDEX, "a result size below its size field", status);
        return;
    }
    require(status == LAPLACE_OK, "a result of a smaller size is refused", status);
    // The fields that fit (not the padding between them), then nothing past the size.
    const auto same_if_it_fits = [&](auto laplace_result::*field) {
        const auto *got = &(r->*field);
        const auto offset = std::size_t(reinterpret_cast<const unsigned char *>(got) - bytes);
        return offset + sizeof *got > size || std::memcmp(got, &(full.*field), sizeof *got) == 0;
    };
    require(same_if_it_fits(&laplace_result::iterations) &&
                same_if_it_fits(&laplace_result::stop_reason) &&
                same_if_it_fits(&laplace_result::converged) &&
                same_if_it_fits(&laplace_result::change) &&
                same_if_it_fits(&laplace_result::residual_initial) &&
                same_if_it_fits(&laplace_result::residual) &&
                same_if_it_fits(&laplace_result::residual_max) &&
                same_if_it_fits(&laplace_result::relative_residual) &&
                same_if_it_fits(&laplace_result::threads),
            "a smaller result holds other values");
    for (std::size_t k = size; k < sizeof bytes; ++k) {
        require(bytes[k] == 0xAB, "a result written past its size");
    }
}

// A fresh solver with the same settings on 1 thread, from the same bytes in the other layout:
// u is bitwise the same (the grid convention; any thread count), and so are the iterations
// (the residual rules' norms do not depend on the threads; the change norm's last bits may,
// so this runs only without the change rule).
void check_solver_twin(const SolverModel &m, const std::vector<double> &before,
                       const std::vector<double> &f, bool with_f, const double *u,
                       const laplace_result &r, int nx, int ny, double dx, double dy) {
    laplace_solver *t = nullptr;
    int status = laplace_solver_create(m.method.c_str(), &t);
    if (status == LAPLACE_OK && m.takes_kernel && m.kernel >= 0) {
        status = laplace_solver_set_kernel(t, laplace_kernel_name(m.kernel));
    }
    if (status == LAPLACE_OK && m.takes_kernel) {
        status = laplace_solver_set_weight(t, m.weight);
    }
    if (status == LAPLACE_OK && m.cycle != 0) {
        status = laplace_solver_set_cycle(t, m.cycle, m.pre_smooth, m.post_smooth);
    }
    if (status == LAPLACE_OK) {
        status = laplace_solver_set_threads(t, 1);
    }
    if (status == LAPLACE_OK) {
        status = laplace_solver_set_max_iter(t, m.max_iter);
    }
    if (status == LAPLACE_OK) {
        status = laplace_solver_set_tolerances(t, m.rtol, m.atol, m.change_tol);
    }
    require(status == LAPLACE_OK, "the twin solver cannot be made", status);
    std::vector<double> v = before;
    const double *g = with_f ? f.data() : nullptr;
    status = m.colmajor ? laplace_solver_solve(t, v.data(), g, ny, nx, dy, dx)
                        : laplace_solver_solve_colmajor(t, v.data(), g, ny, nx, dy, dx);
    const laplace_result twin = status == LAPLACE_OK ? result_of(t) : laplace_result{};
    laplace_solver_destroy(t);
    require(status == LAPLACE_OK, "the other layout on 1 thread fails", status);
    require(same_bytes(u, v.data(), v.size()), "the other layout on 1 thread gives another u");
    require(twin.iterations == r.iterations && twin.stop_reason == r.stop_reason,
            "the other layout on 1 thread takes other iterations");
}

// A grid for a solver: mostly an ordinary one (so that solves run and their results are
// checked), else the adversarial extents and spacings of the study calls.
void pick_grid(Bytes &in, int &nx, int &ny, double &dx, double &dy) {
    if (in.u8() % 4 != 0) {
        nx = 3 + in.u8() % 40;
        ny = 3 + in.u8() % 40;
        dx = (1 + in.u8()) / 64.0;
        dy = (1 + in.u8()) / 64.0;
        return;
    }
    nx = pick_extent(in);
    ny = pick_extent(in);
    dx = pick_spacing(in);
    dy = pick_spacing(in);
}

// Whether a solve may overflow: values beyond 5e153 (their squares do), f h^2 beyond that (f
// enters the update times about h^2, h the smaller spacing), a residual f - A u beyond 1e296 in
// the caller's units (its 2-norm then may not fit; A u is about u/h^2), or h^2 itself beyond
// double precision (the residual is computed scaled by about h^2).
bool may_overflow(double max_u, double max_f, double dx, double dy) {
    const double log_h2 = 2 * std::log2(std::min(dx, dy));
    const double log_residual = std::max(std::log2(max_f), std::log2(max_u) - log_h2);
    return max_u > 5e153 || std::log2(max_f) + log_h2 > std::log2(5e153) ||
           log_residual > std::log2(1e296) || std::abs(log_h2) > 1000;
}

// One solve on a grid the input chooses: the setup's, one differing from it by one thing, or
// any; u and f (none, its own array, or overlapping u) filled from the input.
void fuzz_solve(Bytes &in, laplace_solver *s, SolverModel &m) {
    int nx, ny;
    double dx, dy;
    bool colmajor;
    const std::uint8_t grid = in.u8();
    if (m.setup == Setup::known && grid % 4 != 0) {
        nx = m.nx, ny = m.ny, dx = m.dx, dy = m.dy, colmajor = m.colmajor;
        if (grid % 4 == 3) { // one thing changed
            switch (in.u8() % 4) {
            case 0:
                ++nx;
                break;
            case 1:
                --ny;
                break;
            case 2:
                dx *= 2;
                break;
            default:
                colmajor = !colmajor;
                break;
            }
        }
    } else {
        pick_grid(in, nx, ny, dx, dy);
        colmajor = in.u8() % 2 == 1;
    }
    std::set<int> expected = grid_errors(nx, ny, dx, dy);
    std::set<int> also;
    const bool other_grid =
        nx != m.nx || ny != m.ny || dx != m.dx || dy != m.dy || colmajor != m.colmajor;
    if (m.setup == Setup::known && other_grid) {
        expected.insert(LAPLACE_ERROR_SETUP_MISMATCH);
    } else if (m.setup == Setup::unknown) {
        also.insert(LAPLACE_ERROR_SETUP_MISMATCH);
    }
    const bool extents_ok = nx >= 3 && ny >= 3;
    const long long points = extents_ok ? (long long)nx * ny : 0;
    const bool real_grid = points <= max_real_points;
    if (!real_grid && expected.empty()) { // u would be read: spoil a spacing (see fuzz_call)
        if (in.u8() % 2 == 0) {
            dx = -dx;
        } else {
            dy = std::nan("");
        }
        expected = grid_errors(nx, ny, dx, dy);
    }
    if (real_grid && (m.max_iter < 0 || m.max_iter > max_real_iter)) { // keep the input fast
        m.max_iter = in.u8() % (max_real_iter + 1);
        require(laplace_solver_set_max_iter(s, m.max_iter) == LAPLACE_OK, "a bounded max_iter");
    }

    std::vector<double> before(std::size_t(real_grid ? points : 0));
    fill(in, before);
    std::unique_ptr<double[]> grid_block(new double[before.size()]);
    std::copy(before.begin(), before.end(), grid_block.get());
    double *const u = real_grid ? grid_block.get() : forbidden_grid();
    if (real_grid && extents_ok && !all_finite(before)) {
        expected.insert(LAPLACE_ERROR_NONFINITE_INPUT);
    }
    // f: none, an array of its own (maybe with a non-finite value), or overlapping u.
    const std::uint8_t f_mode = real_grid && !before.empty() ? in.u8() % 6 : 0;
    std::vector<double> f_before(f_mode == 2 || f_mode == 3 ? before.size() : 0);
    fill(in, f_before);
    std::unique_ptr<double[]> f_block(new double[f_before.size()]);
    std::copy(f_before.begin(), f_before.end(), f_block.get());
    const double *f = nullptr;
    if (f_mode == 2 || f_mode == 3) {
        f = f_block.get();
        if (!all_finite(f_before)) {
            expected.insert(LAPLACE_ERROR_NONFINITE_INPUT);
        }
    } else if (f_mode >= 4) {
        f = u + (f_mode == 4 ? in.u32() % before.size() : 0);
        expected.insert(LAPLACE_ERROR_ALIASED_INPUT);
    }

    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "laplace_solver_solve%s(%s, u %s, f %s, nx %d, ny %d, dx %.17g, dy %.17g), "
                  "max|u| %.17g, max|f| %.17g",
                  colmajor ? "_colmajor" : "", m.method.c_str(), real_grid ? "real" : "forbidden",
                  f_mode < 2   ? "NULL"
                  : f_mode < 4 ? "own"
                               : "overlapping u",
                  nx, ny, dx, dy, max_abs(before), max_abs(f_before));
    current_call = buf;
    const int status = colmajor ? laplace_solver_solve_colmajor(s, u, f, nx, ny, dx, dy)
                                : laplace_solver_solve(s, u, f, nx, ny, dx, dy);
    if (status == LAPLACE_ERROR_NONFINITE_RESULT) { // an iteration, or the residual, overflowed
        require(expected.empty(), "NONFINITE_RESULT although an argument is bad", status);
        require(may_overflow(max_abs(before), max_abs(f_before), dx, dy),
                "NONFINITE_RESULT from moderate values and spacings", status);
        check_error_message(status);
    } else {
        check_status(status, expected, also);
    }
    require(same_bytes(f_block.get(), f_before.data(), f_before.size()), "f was written");
    if (status == LAPLACE_OK || status == LAPLACE_ERROR_NONFINITE_RESULT) {
        m.setup = Setup::known, m.nx = nx, m.ny = ny, m.dx = dx, m.dy = dy, m.colmajor = colmajor;
    } else if (status != LAPLACE_ERROR_SETUP_MISMATCH && m.setup == Setup::none &&
               grid_errors(nx, ny, dx, dy).empty()) {
        m.setup = Setup::unknown; // it may have set up before a later check failed
    }
    if (status == LAPLACE_ERROR_NONFINITE_RESULT) {
        return;
    }
    const laplace_result r = result_of(s);
    if (status != LAPLACE_OK) {
        require(!real_grid || same_bytes(u, before.data(), before.size()),
                "u was written by a rejected solve", status);
        require(r.stop_reason == LAPLACE_STOP_NONE && r.iterations == 0,
                "a rejected solve leaves a result", status);
        return;
    }
    check_report(r, m);
    check_result_prefix(s, in, r);
    check_boundary(before, u, colmajor ? ny : nx, colmajor ? nx : ny);
    if (m.change_tol == 0.0) {
        check_solver_twin(m, before, f_before, f != nullptr, u, r, nx, ny, dx, dy);
    }
}

// A solver through a sequence of calls: create, then up to 7 of the setters, setup and solve,
// in any order and with any values, each checked against what its arguments call for.
void fuzz_solver(Bytes &in) {
    SolverModel m;
    bool known = false;
    m.method = pick_name(in, known, laplace_method_count, laplace_method_name);
    current_call = "laplace_solver_create('" + m.method.substr(0, 32) + "')";
    laplace_solver *s = nullptr;
    const int created = laplace_solver_create(m.method.c_str(), &s);
    check_status(created, known ? std::set<int>{} : std::set<int>{LAPLACE_ERROR_UNKNOWN_METHOD});
    if (created != LAPLACE_OK) {
        require(s == nullptr, "a rejected create leaves a solver", created);
        return;
    }
    const int index = laplace_method_index(m.method.c_str());
    m.takes_kernel = laplace_method_takes_kernel(index) == 1;
    m.direct = std::strcmp(laplace_method_kind(index), "direct") == 0;
    for (int calls = in.u8() % 8; calls > 0; --calls) {
        const std::uint8_t sel = in.u8();
        // Now and then the call on no solver at all: LAPLACE_ERROR_NULL_POINTER, nothing changed.
        laplace_solver *const target = sel >= 248 ? nullptr : s;
        std::set<int> expected;
        if (target == nullptr) {
            expected.insert(LAPLACE_ERROR_NULL_POINTER);
        }
        int status = LAPLACE_OK;
        switch (sel % 8) {
        case 0: { // the kernel, or NULL (the default)
            bool known_kernel = false;
            const bool null_name = in.u8() % 5 == 0;
            const std::string name = null_name ? "" : pick_kernel(in, known_kernel);
            const int kernel = null_name ? -1 : laplace_kernel_index(name.c_str());
            if (!m.takes_kernel) {
                expected.insert(LAPLACE_ERROR_BAD_KERNEL);
            }
            if (!null_name && !known_kernel) {
                expected.insert(LAPLACE_ERROR_UNKNOWN_KERNEL);
            } else if (!weight_applies(m.method, kernel, m.weight)) {
                expected.insert(LAPLACE_ERROR_BAD_OMEGA);
            }
            current_call = "laplace_solver_set_kernel('" + name.substr(0, 32) + "')";
            status = laplace_solver_set_kernel(target, null_name ? nullptr : name.c_str());
            if (status == LAPLACE_OK) {
                m.kernel = kernel;
            }
            break;
        }
        case 1: {
            const double weight = pick_weight(in);
            if (!m.takes_kernel) {
                expected.insert(LAPLACE_ERROR_BAD_KERNEL);
            }
            if (!weight_applies(m.method, m.kernel, weight)) {
                expected.insert(LAPLACE_ERROR_BAD_OMEGA);
            }
            current_call = "laplace_solver_set_weight(" + std::to_string(weight) + ")";
            status = laplace_solver_set_weight(target, weight);
            if (status == LAPLACE_OK) {
                m.weight = weight;
            }
            break;
        }
        case 2: {
            if (in.u8() % 3 == 0) { // a multigrid cycle and smoothing counts
                static const int cycles[] = {
                    LAPLACE_CYCLE_V, LAPLACE_CYCLE_W, LAPLACE_CYCLE_F, LAPLACE_CYCLE_FMG, 0, 5, -1,
                    INT_MAX};
                static const int counts[] = {0, 1, 2, 3, 64, 65, -1, INT_MIN};
                const int cycle = cycles[in.u8() % std::size(cycles)];
                const int pre = counts[in.u8() % std::size(counts)];
                const int post = counts[in.u8() % std::size(counts)];
                const bool bad_count = pre < 0 || pre > 64 || post < 0 || post > 64;
                if (!laplace_method_takes_cycle(laplace_method_index(m.method.c_str())) ||
                    cycle < LAPLACE_CYCLE_V || cycle > LAPLACE_CYCLE_FMG || bad_count ||
                    pre + post == 0) {
                    expected.insert(LAPLACE_ERROR_BAD_CYCLE);
                }
                current_call = "laplace_solver_set_cycle(" + std::to_string(cycle) + ", " +
                               std::to_string(pre) + ", " + std::to_string(post) + ")";
                status = laplace_solver_set_cycle(target, cycle, pre, post);
                if (status == LAPLACE_OK) {
                    m.cycle = cycle, m.pre_smooth = pre, m.post_smooth = post;
                }
                break;
            }
            const int threads = pick_threads(in);
            if (threads < 0) {
                expected.insert(LAPLACE_ERROR_BAD_THREADS);
            }
            current_call = "laplace_solver_set_threads(" + std::to_string(threads) + ")";
            status = laplace_solver_set_threads(target, threads);
            break;
        }
        case 3: {
            const double rtol = pick_tolerance(in), atol = pick_tolerance(in),
                         change_tol = pick_tolerance(in);
            if (bad_tolerance(rtol) || bad_tolerance(atol) || bad_tolerance(change_tol) ||
                never_stops(m.max_iter, rtol, atol, change_tol)) {
                expected.insert(LAPLACE_ERROR_BAD_TOLERANCE);
            }
            current_call = "laplace_solver_set_tolerances(...)";
            status = laplace_solver_set_tolerances(target, rtol, atol, change_tol);
            if (status == LAPLACE_OK) {
                m.rtol = rtol, m.atol = atol, m.change_tol = change_tol;
            }
            break;
        }
        case 4: {
            const int max_iter = pick_max_iter(in);
            if (max_iter < 0 && max_iter != LAPLACE_NO_LIMIT) {
                expected.insert(LAPLACE_ERROR_BAD_MAX_ITER);
            } else if (never_stops(max_iter, m.rtol, m.atol, m.change_tol)) {
                expected.insert(LAPLACE_ERROR_BAD_TOLERANCE);
            }
            current_call = "laplace_solver_set_max_iter(" + std::to_string(max_iter) + ")";
            status = laplace_solver_set_max_iter(target, max_iter);
            if (status == LAPLACE_OK) {
                m.max_iter = max_iter;
            }
            break;
        }
        case 5: {
            int nx, ny;
            double dx, dy;
            pick_grid(in, nx, ny, dx, dy);
            const bool colmajor = in.u8() % 2 == 1;
            std::set<int> errors = grid_errors(nx, ny, dx, dy);
            if (errors.empty() && (long long)nx * ny > max_real_points) {
                dx = -dx; // a workspace this harness does not want: rejected before setup
                errors = grid_errors(nx, ny, dx, dy);
            }
            expected.insert(errors.begin(), errors.end());
            current_call = "laplace_solver_setup" + std::string(colmajor ? "_colmajor" : "") + "(" +
                           std::to_string(nx) + ", " + std::to_string(ny) + ")";
            status = colmajor ? laplace_solver_setup_colmajor(target, nx, ny, dx, dy)
                              : laplace_solver_setup(target, nx, ny, dx, dy);
            if (status == LAPLACE_OK) {
                m.setup = Setup::known, m.nx = nx, m.ny = ny, m.dx = dx, m.dy = dy,
                m.colmajor = colmajor;
                require(laplace_solver_memory_bytes(s) > 0, "a setup that holds no memory");
            }
            break;
        }
        default:
            if (target != nullptr) {
                fuzz_solve(in, s, m);
                continue;
            }
            current_call = "laplace_solver_solve(NULL, ...)";
            status = laplace_solver_solve(nullptr, forbidden_grid(), nullptr, 3, 3, 1.0, 1.0);
            break;
        }
        check_status(status, expected);
        // Settings that shape a setup discard it.
        if (status == LAPLACE_OK && sel % 8 <= 2) {
            m.setup = Setup::none;
        }
        require((laplace_solver_memory_bytes(s) == 0) == (m.setup == Setup::none) ||
                    m.setup == Setup::unknown,
                "the memory report does not match the setup");
    }
    laplace_solver_destroy(s);
}

// The registry queries, with any index or name.
void fuzz_registry(Bytes &in) {
    const int count = laplace_kernel_count();
    require(count >= 0, "a negative kernel count");
    const int index = in.u8() % 2 ? int(in.u32()) : int(in.u8() % (count + 3)) - 1;
    const bool valid = index >= 0 && index < count;
    const char *fields[] = {laplace_kernel_name(index), laplace_kernel_scheme(index),
                            laplace_kernel_language(index), laplace_kernel_threading(index),
                            laplace_kernel_description(index)};
    for (const char *f : fields) {
        require((f != nullptr) == valid, "metadata for a bad index, or none for a good one");
        require(f == nullptr || (f[0] != '\0' && printable(f)), "empty or unprintable metadata");
    }
    const int grids = laplace_kernel_workspace_grids(index);
    require(valid ? grids >= 0 : grids == -1, "workspace grids of a bad index");
    if (!valid) {
        check_error_message(LAPLACE_ERROR_BAD_INDEX);
    }
    bool known = false;
    const std::string name = pick_kernel(in, known);
    const int found = laplace_kernel_index(name.c_str());
    if (known) {
        require(found >= 0 && found < count && name == laplace_kernel_name(found),
                "laplace_kernel_index does not find a registry name");
    } else {
        require(found == -1, "laplace_kernel_index finds a name not in the registry");
        check_error_message(LAPLACE_ERROR_UNKNOWN_KERNEL);
    }
    const char *status_name = laplace_status_name(int(in.u32()));
    require(status_name != nullptr && printable(status_name), "a bad status name");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    Bytes in(data, size);
    switch (in.u8() % 8) {
    case 0:
        fuzz_registry(in);
        break;
    case 1:
    case 2:
        fuzz_solver(in);
        break;
    default:
        fuzz_call(in);
        break;
    }
    return 0;
}
