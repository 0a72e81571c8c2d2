// laplace-bench: runs the kernels of the registry on one problem and prints the comparison.
//
//   laplace-bench --list                      the kernels of this build
//   laplace-bench [options]                   the comparison on the study's problem
//     --kernel NAME     one kernel (repeatable); default: every kernel, plus reference rows
//     --nx N --ny N     grid (default 500 x 500), on [0,1] x [0,1], boundary x^2 - y^2
//     --sweeps N        sweeps per run (default 100)
//     --repeat N        timed runs per row (default 5), after one warm-up run
//     --json FILE       machine-readable results
//
// Every row is validated before it is reported: its final grid is compared with that of the
// first row of the same scheme. A wrong row is flagged and makes the exit status nonzero.
#include "laplace/laplace.hpp"
#include "textbook.hpp"
#include "timing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
    std::vector<std::string> kernels;
    int nx = 500, ny = 500, sweeps = 100, repeat = 5;
    std::string json;
};

// A row of the table: a library kernel or a reference implementation.
struct Row {
    std::string name, scheme, language, threading;
    bool reference = false;
    bench::Timing timing;
    double change = 0;
    std::vector<double> grid;
    std::string check = "not checked";
    bool valid = true;
};

// Final grids of one scheme agree to rounding: relative to the data, the same scheme differs by
// about 1e-15 after 100 sweeps on 500 x 500, a different update order by about 1e-2.
constexpr double check_tolerance = 1e-12;

[[noreturn]] void usage(const char *problem) {
    std::fprintf(stderr, "laplace-bench: %s\nrun 'laplace-bench --help' for the options\n",
                 problem);
    std::exit(2);
}

int positive(const char *flag, const char *value) {
    char *end = nullptr;
    const long v = std::strtol(value, &end, 10);
    if (*end != '\0' || v < 1 || v > 1000000) {
        usage((std::string(flag) + " needs a positive integer, got '" + value + "'").c_str());
    }
    return int(v);
}

void print_help() {
    std::puts("usage: laplace-bench [--list] [--kernel NAME]... [--nx N] [--ny N] [--sweeps N]\n"
              "                     [--repeat N] [--json FILE]\n"
              "Runs every kernel (or the named ones) on the study's problem: an nx x ny grid on\n"
              "[0,1]^2 with boundary x^2 - y^2, interior 0, `sweeps` sweeps per run; reports the\n"
              "median of `repeat` runs after a warm-up, and validates every row.");
}

Options parse(int argc, char **argv) {
    Options o;
    for (int a = 1; a < argc; ++a) {
        const std::string arg = argv[a];
        auto value = [&]() -> const char * {
            if (a + 1 >= argc) {
                usage((arg + " needs a value").c_str());
            }
            return argv[++a];
        };
        if (arg == "--help" || arg == "-h") {
            print_help();
            std::exit(0);
        } else if (arg == "--list") {
            std::printf("%-16s %-14s %-11s %-9s %s\n", "kernel", "scheme", "language", "threading",
                        "description");
            for (const laplace::KernelInfo &k : laplace::kernels()) {
                std::printf("%-16s %-14s %-11s %-9s %s\n", k.name.c_str(), k.scheme.c_str(),
                            k.language.c_str(), k.threading.c_str(), k.description.c_str());
            }
            std::exit(0);
        } else if (arg == "--kernel") {
            o.kernels.emplace_back(value());
        } else if (arg == "--nx") {
            o.nx = positive("--nx", value());
        } else if (arg == "--ny") {
            o.ny = positive("--ny", value());
        } else if (arg == "--sweeps") {
            o.sweeps = positive("--sweeps", value());
        } else if (arg == "--repeat") {
            o.repeat = positive("--repeat", value());
        } else if (arg == "--json") {
            o.json = value();
        } else {
            usage(("unknown option '" + arg + "'").c_str());
        }
    }
    return o;
}

laplace::Grid study_problem(const Options &o) {
    laplace::Grid g(o.nx, o.ny);
    g.set_boundary([](double x, double y) { return x * x - y * y; });
    return g;
}

Row run_kernel(const laplace::KernelInfo &k, const Options &o) {
    Row row;
    row.name = k.name;
    row.scheme = k.scheme;
    row.language = k.language;
    row.threading = k.threading;
    laplace::Grid grid = study_problem(o);
    const laplace::Grid initial = grid;
    laplace::SolveResult result;
    // tol = 0: exactly `sweeps` sweeps (unless one changes nothing at all).
    row.timing = bench::measure(
        1, o.repeat, [&] { grid = initial; },
        [&] {
            result = laplace::solve(k.name, grid, {o.sweeps, 0.0});
        });
    row.change = result.change;
    row.grid.assign(grid.data(), grid.data() + grid.size());
    return row;
}

Row run_textbook(const Options &o) {
    Row row;
    row.name = "textbook-gs";
    row.scheme = "gauss-seidel";
    row.language = "C++";
    row.threading = "serial";
    row.reference = true;
    laplace::Grid grid = study_problem(o);
    const laplace::Grid initial = grid;
    row.timing = bench::measure(
        1, o.repeat, [&] { grid = initial; },
        [&] {
            for (int s = 0; s < o.sweeps; ++s) {
                row.change = bench::textbook_gauss_seidel(grid.data(), grid.nx(), grid.ny(),
                                                          grid.dx(), grid.dy());
            }
        });
    row.grid.assign(grid.data(), grid.data() + grid.size());
    return row;
}

void validate(std::vector<Row> &rows) {
    std::map<std::string, const Row *> first_of_scheme;
    for (const Row &r : rows) {
        if (!r.reference) {
            first_of_scheme.emplace(r.scheme, &r);
        }
    }
    for (Row &r : rows) {
        const auto it = first_of_scheme.find(r.scheme);
        if (it == first_of_scheme.end()) {
            r.check = "no kernel of its scheme to compare with";
            continue;
        }
        const Row &ref = *it->second;
        double diff = 0, scale = 0;
        for (std::size_t n = 0; n < r.grid.size(); ++n) {
            diff = std::max(diff, std::abs(r.grid[n] - ref.grid[n]));
            scale = std::max(scale, std::abs(ref.grid[n]));
        }
        const double relative = diff / scale;
        r.valid = std::isfinite(relative) && relative <= check_tolerance;
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s (%.0e vs %s)", r.valid ? "ok" : "WRONG", relative,
                      ref.name.c_str());
        r.check = &r == &ref ? "ok (scheme reference)" : buf;
    }
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) {
            return line.substr(line.find(':') + 2);
        }
    }
    return "unknown";
}

std::string json_string(const std::string &s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

double updates_per_second(const Row &r, const Options &o) {
    return double(o.nx - 2) * double(o.ny - 2) * o.sweeps / r.timing.median;
}

void write_json(const std::string &path, const std::vector<Row> &rows, const Options &o) {
    std::ofstream out(path);
    if (!out) {
        std::fprintf(stderr, "laplace-bench: cannot write %s\n", path.c_str());
        std::exit(2);
    }
    char date[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    out << "{\n  \"date\": " << json_string(date)
        << ",\n  \"laplace_version\": " << json_string(laplace_version())
        << ",\n  \"machine\": {\"cpu\": " << json_string(cpu_model())
        << ", \"cores\": " << std::thread::hardware_concurrency()
        << ", \"cxx_compiler\": " << json_string(LAPLACE_BENCH_CXX_COMPILER)
        << ", \"fortran_compiler\": " << json_string(LAPLACE_BENCH_FORTRAN_COMPILER)
        << ", \"flags\": " << json_string(LAPLACE_BENCH_FLAGS) << "},\n"
        << "  \"problem\": {\"nx\": " << o.nx << ", \"ny\": " << o.ny
        << ", \"sweeps\": " << o.sweeps << ", \"repetitions\": " << o.repeat
        << "},\n  \"rows\": [\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row &r = rows[i];
        out << "    {\"name\": " << json_string(r.name) << ", \"scheme\": " << json_string(r.scheme)
            << ", \"language\": " << json_string(r.language)
            << ", \"threading\": " << json_string(r.threading)
            << ", \"reference\": " << (r.reference ? "true" : "false") << ", \"nx\": " << o.nx
            << ", \"ny\": " << o.ny << ", \"sweeps\": " << o.sweeps
            << ", \"seconds\": " << r.timing.median << ", \"seconds_min\": " << r.timing.min
            << ", \"seconds_max\": " << r.timing.max
            << ", \"updates_per_second\": " << updates_per_second(r, o)
            << ", \"change\": " << r.change << ", \"valid\": " << (r.valid ? "true" : "false")
            << "}" << (i + 1 < rows.size() ? "," : "") << "\n";
    }
    out << "  ]\n}\n";
}

} // namespace

int main(int argc, char **argv) {
    const Options o = parse(argc, argv);
    std::vector<laplace::KernelInfo> chosen;
    try {
        if (o.kernels.empty()) {
            chosen = laplace::kernels();
        } else {
            for (const std::string &name : o.kernels) {
                chosen.push_back(laplace::kernel(name));
            }
        }
    } catch (const laplace::Error &e) {
        usage(e.what());
    }

    std::vector<Row> rows;
    try {
        for (const laplace::KernelInfo &k : chosen) {
            rows.push_back(run_kernel(k, o));
        }
        if (o.kernels.empty()) {
            rows.push_back(run_textbook(o));
        }
    } catch (const laplace::Error &e) {
        std::fprintf(stderr, "laplace-bench: %s\n", e.what());
        return 1;
    }
    validate(rows);

    std::printf("laplace %s\n", laplace_version());
    std::printf("laplace-bench: %d x %d grid, %d sweeps, median of %d runs after a warm-up\n\n",
                o.nx, o.ny, o.sweeps, o.repeat);
    std::printf("%-15s %-12s %-10s %9s %9s %9s %8s  %s\n", "kernel", "scheme", "language",
                "median s", "min s", "max s", "Mupd/s", "check");
    for (const Row &r : rows) {
        std::printf("%-15s %-12s %-10s %9.4f %9.4f %9.4f %8.0f  %s\n", r.name.c_str(),
                    r.scheme.c_str(), r.language.c_str(), r.timing.median, r.timing.min,
                    r.timing.max, updates_per_second(r, o) / 1e6, r.check.c_str());
    }
    if (!o.json.empty()) {
        write_json(o.json, rows, o);
    }
    const bool all_valid =
        std::all_of(rows.begin(), rows.end(), [](const Row &r) { return r.valid; });
    if (!all_valid) {
        std::fprintf(stderr, "laplace-bench: some rows gave a wrong answer (see 'check')\n");
    }
    return all_valid ? 0 : 1;
}
