// The FFTW section: "fft-dst" against independent oracles (dense elimination, blas-fdm) on
// extents down to 3 and prime ones, FFTW's threads, the planning effort, wisdom and its errors.
// Built in every configuration: without FFTW (LAPLACE_WITH_FFTW=OFF) it checks that "fft-dst"
// is absent and that the FFTW functions say so. (The per-method tests in test_solver.cpp cover
// fft-dst too: the exact cubic with f, scale, layouts, reuse, four solvers at once.)
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#if LAPLACE_TEST_OPENMP
#include <omp.h>
#endif

namespace {

using laplace::FftwPlanning;
using laplace::Solver;
using laplace::SolverOptions;
using test::Problem;

// Non-square, dx != dy, a boundary with no symmetry and, optionally, an f with none either.
Problem probe(int nx, int ny, bool with_f) {
    Problem p = test::layout_probe(nx, ny);
    if (with_f) {
        p.f.resize(p.u.size());
        for (int i = 0; i < nx; ++i) {
            for (int j = 0; j < ny; ++j) {
                p.f[std::size_t(i) * ny + j] = 2.5 * std::cos(0.7 * i + 1.3 * j) - 0.2 * i;
            }
        }
    }
    return p;
}

Problem solved(const std::string &method, Problem p, const SolverOptions &o = {}) {
    Solver(method, o).solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
    return p;
}

// A file name in the test's temporary directory, removed when it goes out of scope.
struct TempFile {
    std::string path;
    explicit TempFile(const char *name) {
        const char *dir = std::getenv("TMPDIR");
        path = std::string(dir && *dir ? dir : "/tmp") + "/laplace-" + std::to_string(getpid()) +
               "-" + name;
    }
    ~TempFile() { std::remove(path.c_str()); }
    std::string contents() const {
        std::ifstream in(path);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
};

// The error a C ABI call returned: its status, and its message containing `says`.
void rejects(int status, const char *says, int got) {
    INFO(says);
    CHECK(got == status);
    CHECK_THAT(laplace_last_error(), Catch::Contains(says));
}

TEST_CASE("fft-dst is in the method table iff FFTW is built", "[fft]") {
    const bool built = laplace_method_index("fft-dst") >= 0;
    CHECK(built == laplace::fftw_available());
    if (!built) {
        CHECK(laplace::fftw_info() == "none");
        rejects(LAPLACE_ERROR_UNAVAILABLE, "this build has no FFTW",
                laplace_fftw_import_wisdom("wisdom"));
        rejects(LAPLACE_ERROR_UNAVAILABLE, "this build has no FFTW",
                laplace_fftw_export_wisdom("wisdom"));
        laplace_fftw_forget_wisdom(); // does nothing
        return;
    }
    const laplace::MethodInfo m = laplace::method("fft-dst");
    CHECK(m.kind == "direct");
    CHECK_FALSE(m.takes_kernel);
    CHECK_THAT(laplace::fftw_info(), Catch::StartsWith("fftw-3"));
}

// The extents the issue names: 3 x 3, thin grids both ways, primes.
const std::pair<int, int> extents[] = {{3, 3}, {3, 17}, {17, 3}, {31, 37}, {101, 67}, {4, 5}};

TEST_CASE("fft-dst against dense elimination and blas-fdm, any extents, with and without f",
          "[fft]") {
    if (!laplace::fftw_available()) {
        return;
    }
    for (const auto &[nx, ny] : extents) {
        for (const bool with_f : {false, true}) {
            INFO(nx << " x " << ny << (with_f ? " with f" : " without f"));
            const Problem start = probe(nx, ny, with_f);
            const Problem fft = solved("fft-dst", start);
            if ((nx - 2) * (ny - 2) <= 1200) { // the dense oracle's cost is cubic
                Problem dense = start;
                test::oracle_direct(dense);
                CHECK(test::relative_distance(fft.u, dense.u) <= 1e-12);
            }
            if (laplace_method_index("blas-fdm") >= 0) {
                CHECK(test::relative_distance(fft.u, solved("blas-fdm", start).u) <= 1e-12);
            }
            // The Fortran layout: the same bytes as the transposed grid, bitwise.
            Problem t = start;
            laplace_solver *s = nullptr;
            REQUIRE(laplace_solver_create("fft-dst", &s) == LAPLACE_OK);
            CHECK(laplace_solver_solve_colmajor(s, t.u.data(), t.rhs(), ny, nx, t.dy, t.dx) ==
                  LAPLACE_OK);
            laplace_solver_destroy(s);
            CHECK(test::same_bytes(t.u, fft.u));
        }
    }
}

// The tolerance above can fail: the eigenvalues of the other axis (dx and dy swapped) miss by
// far more.
TEST_CASE("fft-dst's oracle tolerance can fail", "[fft]") {
    if (!laplace::fftw_available()) {
        return;
    }
    const Problem start = probe(31, 37, true);
    Problem swapped = start;
    std::swap(swapped.dx, swapped.dy);
    Problem dense = start;
    test::oracle_direct(dense);
    CHECK(test::relative_distance(solved("fft-dst", swapped).u, dense.u) > 1e-6);
}

TEST_CASE("fft-dst: f given as zeros gives the f-free bits", "[fft]") {
    if (!laplace::fftw_available()) {
        return;
    }
    const Problem none = probe(45, 28, false);
    Problem zeros = none;
    zeros.f.assign(zeros.u.size(), 0.0);
    CHECK(test::same_bytes(solved("fft-dst", zeros).u, solved("fft-dst", none).u));
}

TEST_CASE("fft-dst: memory of the setup", "[fft]") {
    if (!laplace::fftw_available()) {
        return;
    }
    const int nx = 101, ny = 67;
    Solver s("fft-dst");
    CHECK(s.memory_bytes() == 0);
    s.setup(nx, ny, 0.01, 0.02);
    const long long interior = 8LL * (nx - 2) * (ny - 2);
    CHECK(s.memory_bytes() >= interior);
    CHECK(s.memory_bytes() <= interior + 8LL * 16 * (nx + ny)); // and O(nx + ny) tables
}

// FFTW's threads: plans for 1 and 2 threads split the transforms differently.
TEST_CASE("fft-dst on 1 and 2 threads agrees to 1e-14", "[fft][threads]") {
    if (!laplace::fftw_available()) {
        return;
    }
    for (const bool with_f : {false, true}) {
        INFO((with_f ? "with f" : "without f"));
        const Problem start = probe(257, 193, with_f);
        SolverOptions one, two;
        one.threads = 1;
        two.threads = 2;
        const Problem a = solved("fft-dst", start, one), b = solved("fft-dst", start, two);
        CHECK(test::relative_distance(b.u, a.u) <= 1e-14);
    }
}

#if LAPLACE_TEST_OPENMP
// Solvers inside a caller's parallel region: each on its own grid, the serial answer, and the
// library's loops on the calling thread alone (FFTW's threads follow OpenMP's nesting).
TEST_CASE("fft-dst inside an OpenMP parallel region", "[fft][threads]") {
    if (!laplace::fftw_available()) {
        return;
    }
    std::vector<Problem> inside = {probe(129, 65, true), probe(65, 129, false)};
    std::vector<Problem> serial;
    SolverOptions o;
    o.threads = 2;
    for (const Problem &p : inside) {
        serial.push_back(solved("fft-dst", p, o));
    }
#pragma omp parallel for num_threads(2)
    for (int t = 0; t < 2; ++t) {
        Problem &p = inside[std::size_t(t)];
        Solver(("fft-dst"), o).solve(p.u.data(), p.rhs(), p.nx, p.ny, p.dx, p.dy);
    }
    for (std::size_t t = 0; t < inside.size(); ++t) {
        CHECK(test::relative_distance(inside[t].u, serial[t].u) <= 1e-14);
    }
}
#endif

TEST_CASE("fft-dst: every planning effort gives the solution", "[fft][planning]") {
    if (!laplace::fftw_available()) {
        return;
    }
    const Problem start = probe(19, 14, true); // small: EXHAUSTIVE times every algorithm
    const Problem estimate = solved("fft-dst", start);
    for (const FftwPlanning planning :
         {FftwPlanning::measure, FftwPlanning::patient, FftwPlanning::exhaustive}) {
        INFO("planning " << int(planning));
        SolverOptions o;
        o.fftw_planning = planning;
        CHECK(test::relative_distance(solved("fft-dst", start, o).u, estimate.u) <= 1e-14);
    }
    laplace::forget_fftw_wisdom(); // the tests that follow in this process plan afresh
}

// Wisdom exported after a MEASURE setup, forgotten, imported: a new MEASURE setup finds the
// same plans, so the same bits, and so does an ESTIMATE setup (wisdom serves every setup).
TEST_CASE("fft-dst: FFTW wisdom round trip", "[fft][planning]") {
    if (!laplace::fftw_available()) {
        return;
    }
    const Problem start = probe(101, 67, true);
    SolverOptions o;
    o.fftw_planning = FftwPlanning::measure;
    laplace::forget_fftw_wisdom();
    const Problem first = solved("fft-dst", start, o);
    const TempFile file("wisdom");
    laplace::export_fftw_wisdom(file.path);
    CHECK_THAT(file.contents(), Catch::Contains("fftw_wisdom"));
    laplace::forget_fftw_wisdom();
    laplace::import_fftw_wisdom(file.path);
    CHECK(test::same_bytes(solved("fft-dst", start, o).u, first.u));
    CHECK(test::same_bytes(solved("fft-dst", start).u, first.u));
    laplace::forget_fftw_wisdom();
}

TEST_CASE("fft-dst: bad planning and wisdom input is a clear error", "[fft][errors]") {
    laplace_solver *iterate = nullptr;
    REQUIRE(laplace_solver_create("iterate", &iterate) == LAPLACE_OK);
    rejects(LAPLACE_ERROR_BAD_PLANNING, "method 'iterate' makes no FFTW plans",
            laplace_solver_set_fftw_planning(iterate, LAPLACE_FFTW_MEASURE));
    laplace_solver_destroy(iterate);
    rejects(LAPLACE_ERROR_NULL_POINTER, "solver is NULL",
            laplace_solver_set_fftw_planning(nullptr, LAPLACE_FFTW_MEASURE));
    rejects(LAPLACE_ERROR_NULL_POINTER, "filename is NULL", laplace_fftw_import_wisdom(nullptr));
    rejects(LAPLACE_ERROR_NULL_POINTER, "filename is NULL", laplace_fftw_export_wisdom(nullptr));
    if (!laplace::fftw_available()) {
        return;
    }
    laplace_solver *s = nullptr;
    REQUIRE(laplace_solver_create("fft-dst", &s) == LAPLACE_OK);
    for (const int bad : {-1, 4, 99}) {
        rejects(LAPLACE_ERROR_BAD_PLANNING,
                ("planning = " + std::to_string(bad) + ": must be LAPLACE_FFTW_ESTIMATE").c_str(),
                laplace_solver_set_fftw_planning(s, bad));
    }
    CHECK(laplace_solver_set_fftw_planning(s, LAPLACE_FFTW_PATIENT) == LAPLACE_OK);
    laplace_solver_destroy(s);

    // Wisdom: a missing file, a file that is not wisdom (which leaves the wisdom held as it
    // was), a folder that does not exist, files that open but fail; through the C ABI and the
    // facade.
    laplace::forget_fftw_wisdom();
    SolverOptions o;
    o.fftw_planning = FftwPlanning::measure;
    solved("fft-dst", probe(12, 9, false), o); // some wisdom to keep
    const TempFile held("held"), garbage("garbage"), after("after");
    laplace::export_fftw_wisdom(held.path);
    rejects(LAPLACE_ERROR_FILE, "cannot open it to read: No such file or directory",
            laplace_fftw_import_wisdom("/nonexistent/laplace-wisdom"));
    std::ofstream(garbage.path) << "(not-fftw wisdom)\n";
    rejects(LAPLACE_ERROR_FILE, "not FFTW wisdom",
            laplace_fftw_import_wisdom(garbage.path.c_str()));
    laplace::export_fftw_wisdom(after.path);
    CHECK(after.contents() == held.contents());
    rejects(LAPLACE_ERROR_FILE, "'/nonexistent/dir/w': cannot open it to write",
            laplace_fftw_export_wisdom("/nonexistent/dir/w"));
    // Files that open but fail: a folder to read, a full device to write.
    rejects(LAPLACE_ERROR_FILE, "cannot read it: Is a directory", laplace_fftw_import_wisdom("/"));
    if (access("/dev/full", W_OK) == 0) {
        rejects(LAPLACE_ERROR_FILE, "'/dev/full': cannot write it: No space left on device",
                laplace_fftw_export_wisdom("/dev/full"));
    }
    try {
        laplace::import_fftw_wisdom("/nonexistent/laplace-wisdom");
        FAIL("a missing wisdom file accepted");
    } catch (const laplace::Error &e) {
        CHECK(e.status() == LAPLACE_ERROR_FILE);
        CHECK_THAT(e.what(), Catch::Contains("/nonexistent/laplace-wisdom"));
    }
    laplace::forget_fftw_wisdom();
}

// Setups and destructions from several threads at once, with wisdom written meanwhile: the
// planner lock serialises FFTW's planner, and every solve still gives its serial answer.
TEST_CASE("fft-dst: setups from several threads at once", "[fft][threads][concurrency]") {
    if (!laplace::fftw_available()) {
        return;
    }
    std::vector<Problem> expected;
    for (int t = 0; t < 4; ++t) {
        expected.push_back(solved("fft-dst", probe(20 + 9 * t, 31 - 4 * t, t % 2 == 0)));
    }
    std::vector<int> mismatches(4, 0);
    const TempFile file("concurrent");
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 25; ++round) {
                const Problem p = solved("fft-dst", probe(20 + 9 * t, 31 - 4 * t, t % 2 == 0));
                mismatches[std::size_t(t)] += !test::same_bytes(p.u, expected[std::size_t(t)].u);
            }
        });
    }
    for (int round = 0; round < 25; ++round) {
        laplace::export_fftw_wisdom(file.path);
    }
    for (std::thread &t : threads) {
        t.join();
    }
    CHECK(mismatches == std::vector<int>(4, 0));
}

} // namespace
