// Fuzz target for the C ABI (include/laplace/laplace.h): LLVMFuzzerTestOneInput decodes the
// bytes into one call of laplace_sweep / laplace_solve / their column-major twins, or of a
// registry query, over every kernel of the registry (by index, so a kernel added later is
// fuzzed too), and checks the ABI's contract on it:
//   - nothing crashes, and no byte outside the caller's array is read or written: a real grid
//     is an exact-size heap block (AddressSanitizer's red zones on both sides), and a grid too
//     big to allocate here is passed as a pointer to inaccessible memory (PROT_NONE), which the
//     call must not touch because one of its scalar arguments is bad;
//   - the status is LAPLACE_OK exactly when every argument is valid, otherwise one of the
//     statuses of the arguments that are bad (the order in which they are checked is left to
//     the library), with a non-empty, printable message; on success the message is empty;
//   - on a validation error the grid and the outputs are untouched; on success boundary values
//     are untouched, the outputs are consistent, and the column-major call on the same bytes
//     (the grid convention's swap) gives bitwise the same grid and change norm.
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

// A kernel name: a registry name, or not one (garbage, not UTF-8, very long, a prefix, empty).
std::string pick_kernel(Bytes &in, bool &known) {
    const int count = laplace_kernel_count();
    const std::uint8_t sel = in.u8();
    known = false;
    if (sel % 2 == 0 && count > 0) {
        known = true;
        return laplace_kernel_name(sel / 2 % count);
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
    case 2: // a registry name with a byte changed, appended or cut
        if (count > 0) {
            name = laplace_kernel_name(in.u8() % count);
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
        known = known || name == laplace_kernel_name(k);
    }
    return name;
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

// Every status the arguments call for, whatever the order of the checks; empty if all valid.
// `points` is nx*ny when both extents are valid.
std::set<int> expected_errors(const Args &a) {
    std::set<int> e;
    if (a.null_kernel || a.null_u || a.null_change || (is_solve(a.call) && a.null_iterations)) {
        e.insert(LAPLACE_ERROR_NULL_POINTER);
    }
    if (a.nx < 3 || a.ny < 3) {
        e.insert(LAPLACE_ERROR_BAD_EXTENT);
    }
    const auto bad_spacing = [](double h) { return !std::isfinite(h) || h <= 0.0; };
    if (bad_spacing(a.dx) || bad_spacing(a.dy)) {
        e.insert(LAPLACE_ERROR_BAD_SPACING);
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
    if (extents_ok && std::uint64_t(points) > std::uint64_t(PTRDIFF_MAX) / sizeof(double)) {
        expected.insert(LAPLACE_ERROR_TOO_LARGE); // beyond the address space
    }
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
    if (in.u8() % 8 == 0) {
        fuzz_registry(in);
    } else {
        fuzz_call(in);
    }
    return 0;
}
