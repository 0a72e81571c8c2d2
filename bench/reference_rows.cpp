// Reference rows: the study's other languages, run as subprocesses on the same problem. The
// grid goes out and comes back as a raw float64 file and is checked like any row's.
#include "bench.hpp"
#include "record.hpp"
#include "subprocess.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace bench {
namespace {

// The last line of the output that is a JSON object (the scripts' report), parsed; a null value
// if there is none.
Json last_json_line(const std::string &output) {
    std::size_t end = output.size();
    while (end > 0) {
        const std::size_t start = output.rfind('\n', end - 1);
        const std::size_t begin = start == std::string::npos ? 0 : start + 1;
        const std::string line = output.substr(begin, end - begin);
        if (!line.empty() && line.front() == '{') {
            Json j = Json::parse(line, nullptr, false);
            if (!j.is_discarded() && j.is_object()) {
                return j;
            }
        }
        if (start == std::string::npos) {
            break;
        }
        end = start;
    }
    return nullptr;
}

// A field as text for a message: strings as they are, anything else as JSON.
std::string text(const Json &j, const char *key) {
    if (!j.contains(key)) {
        return "";
    }
    return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

struct Python {
    std::string path, version;
    bool numpy = false;
};

// Where the reference scripts (laplace_ref.py, laplace_ref.m) and the Fortran 77 file f2py wraps
// are: beside an installed laplace-bench (<prefix>/share/laplace, LAPLACE_BENCH_DATA_DIR from its
// own folder), else in the source tree it was built from. Empty if neither has them; `looked`
// says where it looked.
struct ReferenceFiles {
    std::string dir, f77_source, looked;
    bool installed = false; // the installed copies: f2py's build cache goes to the user's cache
};

// Where f2py's module is built and kept between runs: the build tree for the bench built there,
// the user's cache folder (XDG_CACHE_HOME or ~/.cache) for an installed one, else `scratch`.
std::string f2py_cache(const ReferenceFiles &files, const std::string &scratch) {
    if (!files.installed) {
        return LAPLACE_BENCH_BUILD_DIR "/reference-cache";
    }
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::string(xdg) + "/laplace/reference-cache";
    }
    if (const char *home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return std::string(home) + "/.cache/laplace/reference-cache";
    }
    return scratch + "/reference-cache";
}

ReferenceFiles reference_files() {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::vector<std::pair<std::string, std::string>> candidates; // scripts' folder, F77 file
    if (!ec) {
        const std::string installed = (exe.parent_path() / LAPLACE_BENCH_DATA_DIR).string();
        candidates.emplace_back(installed, installed + "/sweep_f77.f");
    }
    candidates.emplace_back(LAPLACE_BENCH_REFERENCE_DIR, LAPLACE_BENCH_F77_SOURCE);
    ReferenceFiles found;
    for (const auto &[dir, f77] : candidates) {
        found.looked += (found.looked.empty() ? "" : ", ") + dir;
        if (std::filesystem::exists(dir + "/laplace_ref.py", ec) &&
            std::filesystem::exists(dir + "/laplace_ref.m", ec) &&
            std::filesystem::exists(f77, ec)) {
            found.dir = std::filesystem::weakly_canonical(dir, ec).string();
            found.f77_source = f77;
            found.installed = dir != LAPLACE_BENCH_REFERENCE_DIR;
            return found;
        }
    }
    return found;
}

// The interpreters to use: $LAPLACE_PYTHON alone if set, else /usr/bin/python3 (Debian's,
// where python3-numpy installs), then every python3 on PATH; the first with NumPy serves the NumPy
// rows, the pure-Python row uses that one too, or else the first that runs at all.
void find_pythons(const std::string &script, Python &any, Python &with_numpy, std::string &tried) {
    std::vector<std::string> candidates;
    if (const char *env = std::getenv("LAPLACE_PYTHON"); env != nullptr && *env != '\0') {
        candidates.emplace_back(env); // an explicit choice is the only candidate
    } else {
        candidates.emplace_back("/usr/bin/python3");
        for (const std::string &p : all_on_path("python3")) {
            candidates.push_back(p);
        }
    }
    std::vector<std::string> seen;
    for (const std::string &c : candidates) {
        std::error_code ec;
        const std::string real = std::filesystem::canonical(c, ec).string();
        if (ec || access(real.c_str(), X_OK) != 0) {
            tried += (tried.empty() ? "" : ", ") + c + " (not there)";
            continue;
        }
        if (std::find(seen.begin(), seen.end(), real) != seen.end()) {
            continue;
        }
        seen.push_back(real);
        std::string output;
        const int rc = run({c, script, "probe"}, output);
        const Json json = last_json_line(output);
        tried += (tried.empty() ? "" : ", ") + c;
        if (rc != 0 || json.is_null()) {
            tried += " (does not run)";
            continue;
        }
        const bool numpy = json.contains("numpy") && !json["numpy"].is_null();
        Python p{c, text(json, "python"), numpy};
        tried += " (Python " + p.version +
                 (p.numpy ? ", NumPy " + text(json, "numpy") : ", no NumPy") + ")";
        if (any.path.empty()) {
            any = p;
        }
        if (p.numpy && with_numpy.path.empty()) {
            with_numpy = p;
        }
    }
    if (!with_numpy.path.empty()) {
        any = with_numpy;
    }
}

Row reference_row(const std::string &name, const std::string &scheme, const std::string &language,
                  const Problem &p) {
    Row r;
    r.name = name;
    r.scheme = scheme;
    r.language = language;
    r.threading = "serial";
    r.kind = "reference";
    r.problem = p;
    return r;
}

void missing(Row &r, const std::string &why) {
    r.status = Status::missing;
    r.check = why;
}

bool write_grid(const std::string &file, const std::vector<double> &grid) {
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char *>(grid.data()),
              std::streamsize(grid.size() * sizeof(double)));
    return bool(out);
}

bool read_grid(const std::string &file, std::vector<double> &grid, std::size_t size) {
    std::ifstream in(file, std::ios::binary);
    grid.assign(size, 0.0);
    in.read(reinterpret_cast<char *>(grid.data()), std::streamsize(size * sizeof(double)));
    return in.gcount() == std::streamsize(size * sizeof(double));
}

// Runs one reference subprocess and turns its answer into the row.
void run_reference(Row &r, std::vector<std::string> argv, const std::string &output_file,
                   const std::string &who) {
    std::string output;
    const int rc = run(argv, output);
    const Json json = last_json_line(output);
    if (rc != 0 || json.is_null() || json.value("ok", false) != true) {
        std::string why = json.is_null() ? output : text(json, "why");
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) {
            why.pop_back();
        }
        if (why.size() > 300) {
            why = why.substr(why.size() - 300);
        }
        missing(r, who + " failed (exit " + std::to_string(rc) + "): " + why);
        return;
    }
    std::vector<double> seconds;
    int timed = 0;
    double change = std::numeric_limits<double>::quiet_NaN();
    try {
        seconds = json.at("seconds").get<std::vector<double>>();
        timed = json.at("sweeps_timed").get<int>();
        if (json.contains("change") && json["change"].is_number()) {
            change = json["change"].get<double>();
        }
    } catch (const Json::exception &) {
        seconds.clear(); // not the report's form
    }
    if (seconds.empty() || timed < 1 || !read_grid(output_file, r.grid, r.problem.grid_size())) {
        missing(r, who + " gave no usable answer: " + json.dump());
        return;
    }
    r.sweeps_done = timed;
    r.change = change;
    if (timed != r.problem.sweeps) {
        // Timed over fewer sweeps (pure Python): scaled to the full count, as the study did.
        for (double &s : seconds) {
            s *= double(r.problem.sweeps) / timed;
        }
        r.estimated = true;
        r.note = "one sweep timed and scaled to " + std::to_string(r.problem.sweeps) +
                 " sweeps, as the study did";
    }
    r.timing = summarize(seconds);
    r.runner = who;
}

// Where the reference scripts are, looked up once per process.
const ReferenceFiles &reference_scripts() {
    static const ReferenceFiles files = reference_files();
    return files;
}

// The interpreters, searched once per process.
void pythons(Python &any, Python &with_numpy, std::string &tried) {
    static bool searched = false;
    static Python any_found, numpy_found;
    static std::string tried_found;
    const ReferenceFiles &files = reference_scripts();
    if (!searched && !files.dir.empty()) {
        std::fprintf(stderr, "laplace-bench: reference scripts in %s\n", files.dir.c_str());
        find_pythons(files.dir + "/laplace_ref.py", any_found, numpy_found, tried_found);
        searched = true;
    }
    any = any_found;
    with_numpy = numpy_found;
    tried = tried_found;
}

} // namespace

std::string python_with_numpy(std::string &tried) {
    Python any, with_numpy;
    pythons(any, with_numpy, tried);
    return with_numpy.path;
}

std::vector<Row> reference_rows(const Problem &p, const Options &o, std::string &interpreters) {
    Python any, with_numpy;
    std::string tried;
    pythons(any, with_numpy, tried);
    interpreters = "python: " + (tried.empty() ? std::string("none found") : tried);
    const ReferenceFiles &files = reference_scripts();

    std::vector<Row> rows;
    rows.push_back(reference_row("python-loops", "gauss-seidel", "Python", p));
    rows.push_back(reference_row("numpy-expression", "jacobi", "NumPy", p));
    rows.push_back(reference_row("f2py-f77-loop", "gauss-seidel", "Fortran 77", p));
    rows.push_back(reference_row("py-f77-loop", "gauss-seidel", "Fortran 77", p));
    rows.push_back(reference_row("octave-expression", "jacobi", "Octave", p));

    if (files.dir.empty()) {
        for (Row &r : rows) {
            missing(r, "not installed: the reference scripts laplace_ref.py, laplace_ref.m and "
                       "sweep_f77.f are in none of " +
                           files.looked + " (cmake --install puts them in <prefix>/share/laplace)");
        }
        return rows;
    }

    char dir_template[] = "/tmp/laplace-bench-XXXXXX";
    const char *tmp = std::getenv("TMPDIR");
    std::string pattern =
        (tmp != nullptr && *tmp != '\0' ? std::string(tmp) : "/tmp") + "/laplace-bench-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    const char *dir = mkdtemp(buf.data());
    if (dir == nullptr) {
        dir = mkdtemp(dir_template);
    }
    if (dir == nullptr) {
        for (Row &r : rows) {
            missing(r, "cannot create a temporary directory for the grid files");
        }
        return rows;
    }
    const std::string in = std::string(dir) + "/initial.f64";
    const std::string out = std::string(dir) + "/answer.f64";
    write_grid(in, initial_grid(p));
    const std::vector<std::string> common = {"--nx",     std::to_string(p.nx),
                                             "--ny",     std::to_string(p.ny),
                                             "--sweeps", std::to_string(p.sweeps),
                                             "--repeat", std::to_string(o.repeat),
                                             "--input",  in,
                                             "--output", out};
    const std::string script = files.dir + "/laplace_ref.py";

    for (Row &r : rows) {
        std::filesystem::remove(out);
        if (r.language == "Octave") {
            std::string octave = find_on_path("octave-cli");
            if (octave.empty()) {
                octave = find_on_path("octave");
            }
            if (octave.empty()) {
                missing(r, "not installed: no octave on PATH");
                continue;
            }
            run_reference(r,
                          {octave, "--norc", "--quiet", "--no-window-system",
                           files.dir + "/laplace_ref.m", std::to_string(p.nx), std::to_string(p.ny),
                           std::to_string(p.sweeps), std::to_string(o.repeat), in, out},
                          out, octave);
            continue;
        }
        const bool needs_numpy = r.name != "python-loops";
        const Python &py = needs_numpy ? with_numpy : any;
        if (py.path.empty()) {
            missing(r, needs_numpy ? "not installed: no python3 with NumPy (tried " + tried + ")"
                                   : "not installed: no python3 found");
            continue;
        }
        std::vector<std::string> argv = {py.path, script, r.name};
        argv.insert(argv.end(), common.begin(), common.end());
        if (r.name == "f2py-f77-loop") {
            argv.insert(argv.end(),
                        {"--cache", f2py_cache(files, dir), "--f77-source", files.f77_source});
        }
        if (r.name == "py-f77-loop") {
#ifdef LAPLACE_BENCH_PYTHON_MODULE_DIR
            argv.insert(argv.end(), {"--module-dir", LAPLACE_BENCH_PYTHON_MODULE_DIR});
#else
            missing(r, "not built: the Python package needs LAPLACE_WITH_PYTHON");
            continue;
#endif
        }
        run_reference(r, argv, out, py.path + " " + py.version);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return rows;
}

} // namespace bench
