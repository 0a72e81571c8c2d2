// The machine, as recorded with every result (machine.cpp): what it is, and the memory
// bandwidth and dgemm rates it gives, cached per host.
#pragma once

#include <limits>
#include <string>
#include <vector>

namespace bench {

struct Cache {
    int level = 0;
    std::string type, size, shared_with;
    double size_bytes = 0; // `size` ("32K", "1024K", "32M") in bytes
};

struct Machine {
    std::string host;       // the cache key's host: gethostname, or LAPLACE_BENCH_HOST if set
    std::string machine_id; // /etc/machine-id, or "" if unreadable
    std::string cpu;
    int cores = 1;
    std::vector<Cache> caches;
    std::string cxx_compiler, fortran_compiler, cxx_flags, fortran_flags;
    int omp_max_threads = 1;
    std::string omp_wait_policy; // OMP_WAIT_POLICY as the process got it; "" unset (spin a while)
    std::string blas;            // OpenBLAS configuration if the process has it
    std::string blas_note;       // OPENBLAS_CORETYPE set by the bench, and why; or ""
    std::vector<double> triad_bandwidth; // bytes/s with 1..cores threads; empty if not probed
    std::string triad_source;            // "measured now" or "cached in FILE (date)"
    std::vector<double> dgemm_flops;     // dgemm flop/s with 1..cores threads, if BLAS loaded
    std::string dgemm_source;
    std::string date;            // of this run, UTC
    std::string load;            // /proc/loadavg at the start, "1-min 5-min 15-min"
    std::vector<double> loadavg; // the same three numbers

    // The bandwidth bound in updates/s for a sweep at `threads` threads (NaN if not probed).
    double update_bound(int threads) const;
};

constexpr double default_cache_max_age_days = 30;

// What probe_machine measures and where it keeps the figures.
struct MachineOptions {
    bool probe = true;      // measure (or take from the cache) the bandwidth and dgemm rates
    bool remeasure = false; // ignore the cache
    std::string cache_file; // "" the default ($XDG_CACHE_HOME/laplace/machine.jsonl)
    double max_age_days = default_cache_max_age_days; // older entries are measured again
};

constexpr double bytes_per_update = 16.0; // one 8-byte read and one 8-byte write per point
extern const char *const roofline_model;

Machine probe_machine(const MachineOptions &o);

// The 1, 5 and 15 minute load averages now (/proc/loadavg): as text, "0.52 1.10 1.35", and as
// three numbers; "" and none when unreadable.
struct LoadAverage {
    std::string text;
    std::vector<double> values;
};
LoadAverage load_average();

// The cache file used when MachineOptions::cache_file is "".
std::string default_cache_file();

} // namespace bench
