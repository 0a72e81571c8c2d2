// The machine: what it is (CPU, caches, compilers, BLAS, OpenMP) and what it can do (memory
// bandwidth from the STREAM-style triad at 1..N threads, cached per host and CPU, for at most
// --machine-cache-max-age days).
#include "machine.hpp"

#include "laplace/laplace.h"
#include "openblas_core.hpp"
#include "record.hpp"
#include "stream_triad.hpp"

#include <algorithm>
#include <cerrno>
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

// "32K", "1024K", "32M" (sysfs) in bytes; 0 if it is none of these.
double size_in_bytes(const std::string &size) {
    char *end = nullptr;
    const double v = std::strtod(size.c_str(), &end);
    if (end == size.c_str()) {
        return 0;
    }
    switch (*end) {
    case 'K':
        return v * 1024;
    case 'M':
        return v * 1024 * 1024;
    case 'G':
        return v * 1024 * 1024 * 1024;
    case '\0':
        return v;
    default:
        return 0;
    }
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
        c.size_bytes = size_in_bytes(c.size);
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

// The host the figures belong to: LAPLACE_BENCH_HOST if set (tests, or hosts that share a
// name), else the host name.
std::string host_name() {
    if (const char *host = std::getenv("LAPLACE_BENCH_HOST"); host != nullptr && *host != '\0') {
        return host;
    }
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) {
        return "unknown";
    }
    return name;
}

// The cache holds one JSON object per line, written by this program:
//   {"key": {"what": "triad", "host": ..., "machine_id": ..., "cpu": ..., "cores": N},
//    "date": "2026-12-07T20:00:00Z", "time": 1796500000, "values": [v1, v2, ...]}
// "what" is "triad" (bytes/s) or "dgemm" (flop/s; the key also has "blas", the BLAS config);
// one value per thread count, 1..cores. An entry counts only if its whole key is this machine's
// (so two hosts never share a figure, even on the same CPU model) and it is at most max_age
// days old; the last such line wins. Lines of other forms (the cache of older versions) are
// ignored.
struct CacheEntry {
    std::vector<double> values;
    std::string date;
};

bool read_cache(const std::string &file, const Json &key, double max_age_days, CacheEntry &entry) {
    std::ifstream in(file);
    bool found = false;
    const double now = double(std::time(nullptr));
    for (std::string line; std::getline(in, line);) {
        const Json j = Json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("key") || j["key"] != key ||
            !j.contains("time") || !j["time"].is_number() || !j.contains("values") ||
            !j["values"].is_array() || j["values"].empty()) {
            continue;
        }
        if (now - j["time"].get<double>() > max_age_days * 86400.0) {
            continue;
        }
        try {
            entry.values = j["values"].get<std::vector<double>>();
            entry.date = j.value("date", "");
            found = true;
        } catch (const Json::exception &) {
            // Not numbers: not an entry of this program.
        }
    }
    return found;
}

void append_cache(const std::string &file, const Json &key, const std::vector<double> &values,
                  const std::string &date) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
    std::ofstream out(file, std::ios::app);
    if (out) {
        const Json entry = {
            {"key", key}, {"date", date}, {"time", std::time(nullptr)}, {"values", values}};
        out << entry.dump() << "\n";
    }
    if (!out) {
        std::fprintf(stderr, "laplace-bench: cannot write the machine cache %s: %s\n", file.c_str(),
                     std::strerror(errno));
    }
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

std::string default_cache_file() {
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::string(xdg) + "/laplace/machine.jsonl";
    }
    if (const char *home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return std::string(home) + "/.cache/laplace/machine.jsonl";
    }
    return LAPLACE_BENCH_BUILD_DIR "/machine.jsonl";
}

double Machine::update_bound(int threads) const {
    if (triad_bandwidth.empty() || threads < 1) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const std::size_t t = std::min<std::size_t>(std::size_t(threads), triad_bandwidth.size());
    return triad_bandwidth[t - 1] / bytes_per_update;
}

LoadAverage load_average() {
    // "1-min 5-min 15-min running/total last-pid"
    std::istringstream fields(read_line("/proc/loadavg"));
    LoadAverage l;
    std::string field;
    for (int k = 0; k < 3 && fields >> field; ++k) {
        l.text += (k ? " " : "") + field;
        l.values.push_back(std::strtod(field.c_str(), nullptr));
    }
    return l;
}

Machine probe_machine(const MachineOptions &o) {
    Machine m;
    m.host = host_name();
    m.machine_id = read_line("/etc/machine-id");
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
    LoadAverage load = load_average();
    m.load = std::move(load.text);
    m.loadavg = std::move(load.values);
    if (!o.probe) {
        m.triad_source = "not measured: this run has no bandwidth probe";
        return m;
    }
    const std::string file = o.cache_file.empty() ? default_cache_file() : o.cache_file;
    const Json key = {{"what", "triad"},
                      {"host", m.host},
                      {"machine_id", m.machine_id},
                      {"cpu", m.cpu},
                      {"cores", m.cores}};
    CacheEntry cached;
    if (m.blas != "none loaded") {
        Json dgemm_key = key;
        dgemm_key["what"] = "dgemm";
        dgemm_key["blas"] = m.blas;
        if (!o.remeasure && read_cache(file, dgemm_key, o.max_age_days, cached)) {
            m.dgemm_flops = cached.values;
            m.dgemm_source = "cached (measured " + cached.date + ")";
        } else {
            m.dgemm_flops = dgemm_rates(m.cores);
            m.dgemm_source = "measured now";
            append_cache(file, dgemm_key, m.dgemm_flops, m.date);
        }
    }
    if (!o.remeasure && read_cache(file, key, o.max_age_days, cached)) {
        m.triad_bandwidth = cached.values;
        m.triad_source = "cached in " + file + " (measured " + cached.date + ")";
        return m;
    }
#ifdef _OPENMP
    const int max_threads = m.cores;
#else
    const int max_threads = 1; // without OpenMP the triad runs on one thread only
#endif
    // Three arrays of 16 Mi doubles (384 MiB in all): well outside any cache of today.
    const std::size_t elements = std::size_t(16) << 20;
    std::fprintf(stderr, "laplace-bench: measuring memory bandwidth (cached for %g days)...%s",
                 o.max_age_days, isatty(2) ? "" : "\n");
    for (int t = 1; t <= max_threads; ++t) {
        m.triad_bandwidth.push_back(triad_bandwidth(elements, t, 5, 2).bytes_per_second);
    }
    if (isatty(2)) {
        std::fprintf(stderr, "\r\033[K");
    }
    m.triad_source = "measured now, cached in " + file;
    append_cache(file, key, m.triad_bandwidth, m.date);
    return m;
}

} // namespace bench
