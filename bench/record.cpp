// See record.hpp.
#include "record.hpp"

#include "laplace/laplace.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace bench {

Json document(const std::string &program) {
    return {{"schema_version", schema_version},
            {"program", program},
            {"laplace_version", laplace_version()}};
}

void add_timing(Json &row, const Timing &t, bool cpu) {
    row["seconds"] = t.median;
    row["seconds_min"] = t.min;
    row["seconds_max"] = t.max;
    row["runs"] = t.runs;
    row["seconds_runs"] = t.seconds;
    if (cpu) {
        row["cpu_seconds"] = t.cpu;
    }
}

Json timing_record(const Timing &t) {
    Json j = Json::object();
    add_timing(j, t);
    return j;
}

Json machine_record(const Machine &m) {
    Json caches = Json::array();
    for (const Cache &c : m.caches) {
        caches.push_back({{"level", c.level},
                          {"type", c.type},
                          {"size", c.size},
                          {"size_bytes", c.size_bytes},
                          {"shared_cpu_list", c.shared_with}});
    }
    return {{"cpu", m.cpu},
            {"cores", m.cores},
            {"host", m.host},
            {"caches", caches},
            {"cxx_compiler", m.cxx_compiler},
            {"cxx_flags", m.cxx_flags},
            {"fortran_compiler", m.fortran_compiler},
            {"fortran_flags", m.fortran_flags},
            {"omp_max_threads", m.omp_max_threads},
            {"omp_wait_policy", m.omp_wait_policy},
            {"blas", m.blas},
            {"blas_note", m.blas_note},
            {"loadavg", m.loadavg},
            {"triad_bytes_per_second", m.triad_bandwidth},
            {"dgemm_flops_per_second", m.dgemm_flops},
            {"triad_source", m.triad_source},
            {"dgemm_source", m.dgemm_source}};
}

void write_json_file(const std::string &path, const Json &doc, const std::string &program) {
    std::ofstream out(path);
    if (out) {
        // Text from subprocesses may not be UTF-8: replace what is not, rather than throw.
        out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
        out.close();
    }
    if (!out) {
        std::fprintf(stderr, "%s: cannot write %s: %s\n", program.c_str(), path.c_str(),
                     std::strerror(errno));
        std::exit(2);
    }
}

} // namespace bench
