// The machine: what it is (CPU, caches, compilers, BLAS, OpenMP) and what it can do (memory
// bandwidth from the STREAM-style triad at 1..N threads, cached per machine).
#include "bench.hpp"
#include "laplace/laplace.h"
#include "openblas_core.hpp"
#include "stream_triad.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace bench {

const char *const roofline_model =
    "a sweep streams the grid once: each update reads 8 bytes and writes 8 bytes of memory "
    "(16 B/update; the neighbours come from cache). Bound = triad bandwidth at the row's thread "
    "count / 16 B; '% limit' = updates/s over that bound. Grids that fit in cache can beat it.";

namespace {

std::string read_line(const std::filesystem::path &file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
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

std::vector<Cache> caches() {
    std::vector<Cache> out;
    const std::filesystem::path base = "/sys/devices/system/cpu/cpu0/cache";
    std::error_code ec;
    for (int index = 0; index < 16; ++index) {
        const std::filesystem::path dir = base / ("index" + std::to_string(index));
        if (!std::filesystem::exists(dir, ec)) {
            break;
        }
        Cache c;
        c.level = std::atoi(read_line(dir / "level").c_str());
        c.type = read_line(dir / "type");
        c.size = read_line(dir / "size");
        c.shared_with = read_line(dir / "shared_cpu_list");
        out.push_back(c);
    }
    return out;
}

// OpenBLAS announces itself through openblas_get_config when the process has it loaded (the
// bench does not link BLAS itself; a BLAS-backed kernel in the library brings it in).
std::string blas_config() {
    const auto get = loaded_function<char *(*)()>("openblas_get_config");
    return get != nullptr ? get() : "none loaded";
}

std::string utc_now() {
    char date[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return date;
}

std::string default_cache_file() {
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::string(xdg) + "/laplace/machine.jsonl";
    }
    if (const char *home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return std::string(home) + "/.cache/laplace/machine.jsonl";
    }
    return LAPLACE_BENCH_BUILD_DIR "/machine.jsonl";
}

// The cache holds one JSON object per line, written by this program:
//   {"key": "CPU|cores", "date": "...", "triad_bytes_per_second": [b1, b2, ...]}
//   {"key": "dgemm|CPU|cores|BLAS config", "date": "...", "dgemm_flops_per_second": [...]}
// (one value per thread count, 1..cores). The last line with the key wins.
bool read_cache(const std::string &file, const std::string &key, std::vector<double> &bandwidth,
                std::string &date) {
    std::ifstream in(file);
    std::string line;
    bool found = false;
    const std::string key_field = "{\"key\": " + json_quote(key) + ", \"date\": \"";
    while (std::getline(in, line)) {
        if (line.rfind(key_field, 0) != 0) {
            continue;
        }
        const std::size_t date_end = line.find('"', key_field.size());
        const std::size_t open = line.find('[');
        const std::size_t close = line.find(']');
        if (date_end == std::string::npos || open == std::string::npos ||
            close == std::string::npos || close < open) {
            continue;
        }
        std::vector<double> values;
        std::stringstream list(line.substr(open + 1, close - open - 1));
        std::string item;
        while (std::getline(list, item, ',')) {
            values.push_back(std::strtod(item.c_str(), nullptr));
        }
        if (!values.empty()) {
            bandwidth = values;
            date = line.substr(key_field.size(), date_end - key_field.size());
            found = true;
        }
    }
    return found;
}

void append_cache(const std::string &file, const std::string &key, const char *field,
                  const std::vector<double> &bandwidth, const std::string &date) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
    std::ofstream out(file, std::ios::app);
    if (!out) {
        std::fprintf(stderr, "laplace-bench: cannot write the machine cache %s\n", file.c_str());
        return;
    }
    out << "{\"key\": " << json_quote(key) << ", \"date\": \"" << date << "\", \"" << field
        << "\": [";
    for (std::size_t t = 0; t < bandwidth.size(); ++t) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6e", bandwidth[t]);
        out << (t ? ", " : "") << buf;
    }
    out << "]}\n";
}

// dgemm GFLOP/s of the BLAS the process has loaded (found with dlsym: the bench links no BLAS;
// a BLAS-backed kernel brings it in), C = A*B on n = 1000 matrices, per thread count through
// openblas_set_num_threads when present. Empty if there is no cblas_dgemm in the process.
std::vector<double> dgemm_rates(int max_threads) {
    using Dgemm = void (*)(int, int, int, int, int, int, double, const double *, int,
                           const double *, int, double, double *, int);
    const auto dgemm = loaded_function<Dgemm>("cblas_dgemm");
    if (dgemm == nullptr) {
        return {};
    }
    const int n = 1000;
    std::vector<double> a(std::size_t(n) * n, 1.0), b(a.size(), 0.5), c(a.size(), 0.0);
    const int col_major = 102, no_trans = 111; // CblasColMajor, CblasNoTrans
    std::vector<double> rates;
    const auto set = loaded_function<void (*)(int)>("openblas_set_num_threads");
    for (int t = 1; t <= (set != nullptr ? max_threads : 1); ++t) {
        if (set != nullptr) {
            set(t);
        }
        const Timing timing = measure(
            1, 5, [] {},
            [&] {
                dgemm(col_major, no_trans, no_trans, n, n, n, 1.0, a.data(), n, b.data(), n, 0.0,
                      c.data(), n);
            });
        rates.push_back(2.0 * n * double(n) * n / timing.median);
    }
    if (set != nullptr) {
        set(max_threads);
    }
    return rates;
}

} // namespace

double Machine::update_bound(int threads) const {
    if (triad_bandwidth.empty() || threads < 1) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const std::size_t t = std::min<std::size_t>(std::size_t(threads), triad_bandwidth.size());
    return triad_bandwidth[t - 1] / bytes_per_update;
}

Machine probe_machine(const Options &o) {
    Machine m;
    m.cpu = cpu_model();
    m.cores = int(std::max(1u, std::thread::hardware_concurrency()));
    m.caches = caches();
    m.cxx_compiler = LAPLACE_BENCH_CXX_COMPILER;
    m.fortran_compiler = LAPLACE_BENCH_FORTRAN_COMPILER;
    m.cxx_flags = LAPLACE_BENCH_FLAGS;
    m.fortran_flags = LAPLACE_BENCH_FORTRAN_FLAGS;
#ifdef _OPENMP
    m.omp_max_threads = omp_get_max_threads();
#endif
    if (const char *policy = std::getenv("OMP_WAIT_POLICY"); policy != nullptr) {
        m.omp_wait_policy = policy;
    }
    m.blas = blas_config();
    m.blas_note = openblas_core_note();
    m.date = utc_now();
    m.load = read_line("/proc/loadavg"); // "1-min 5-min 15-min running/total last-pid"
    for (int field = 0, at = 0; at < int(m.load.size()); ++at) {
        if (m.load[std::size_t(at)] == ' ' && ++field == 3) {
            m.load.resize(std::size_t(at));
            break;
        }
    }
    if (!o.machine) {
        m.triad_source = "bandwidth probe skipped (--no-machine)";
        return m;
    }
    const std::string file = o.machine_cache.empty() ? default_cache_file() : o.machine_cache;
    const std::string key = m.cpu + "|" + std::to_string(m.cores);
    std::string date;
    if (m.blas != "none loaded") {
        const std::string dgemm_key = "dgemm|" + key + "|" + m.blas;
        if (!o.remeasure && read_cache(file, dgemm_key, m.dgemm_flops, date)) {
            m.dgemm_source = "cached (measured " + date + ")";
        } else {
            m.dgemm_flops = dgemm_rates(m.cores);
            m.dgemm_source = "measured now";
            append_cache(file, dgemm_key, "dgemm_flops_per_second", m.dgemm_flops, m.date);
        }
    }
    if (!o.remeasure && read_cache(file, key, m.triad_bandwidth, date)) {
        m.triad_source = "cached in " + file + " (measured " + date + ")";
        return m;
    }
#ifdef _OPENMP
    const int max_threads = m.cores;
#else
    const int max_threads = 1; // without OpenMP the triad runs on one thread only
#endif
    // Three arrays of 16 Mi doubles (384 MiB in all): well outside any cache of today.
    const std::size_t elements = std::size_t(16) << 20;
    if (isatty(2)) {
        std::fprintf(stderr, "laplace-bench: measuring memory bandwidth (once per machine)...");
    }
    for (int t = 1; t <= max_threads; ++t) {
        m.triad_bandwidth.push_back(triad_bandwidth(elements, t, 5, 2).bytes_per_second);
    }
    if (isatty(2)) {
        std::fprintf(stderr, "\r\033[K");
    }
    m.triad_source = "measured now, cached in " + file;
    append_cache(file, key, "triad_bytes_per_second", m.triad_bandwidth, m.date);
    return m;
}

bool set_threads(const std::string &threading, int threads) {
    if (threading == "serial") {
        return threads <= 1;
    }
    if (threading.find("openmp") != std::string::npos) {
#ifdef _OPENMP
        // The OpenMP default of the calling thread: what the library's calls with 0 threads
        // use (the batch section's OpenMP rows); kernel rows also pass their count per call.
        if (threads > 0) {
            omp_set_num_threads(threads);
        }
        return true;
#else
        return false;
#endif
    }
    if (threading.find("blas") != std::string::npos) {
        // Through the library: its BLAS solves apply their own thread policy on entry
        // (laplace.h), which would override a plain openblas_set_num_threads. A build without
        // thread control says LAPLACE_ERROR_UNAVAILABLE.
        return laplace_blas_set_threads(threads) == LAPLACE_OK;
    }
    return false;
}

} // namespace bench
