// The one JSON writer of the benches (nlohmann/json): the document every --json file starts
// with, the timing record of a row, the machine record, and writing the file. Keys keep the
// order they are set in (ordered_json); numbers are written at full precision (the shortest
// text that reads back to the same double), NaN and infinities as null.
//
// schema_version 2 (bench/README.md, "The JSON files"): every document has "schema_version";
// every timed row keeps its runs' seconds ("seconds_runs", in the order run, warm-ups excluded,
// as hyperfine's "times" and pyperf's "values"); the machine record's "loadavg" is three numbers
// (1, 5, 15 minutes; version 1: one string) and a cache's size has "size_bytes" beside "size".
#pragma once

#include "machine.hpp"
#include "timing.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace bench {

using Json = nlohmann::ordered_json;

constexpr int schema_version = 2;

// {"schema_version": 2, "program": PROGRAM, "laplace_version": the library's version}
Json document(const std::string &program);

// Sets "seconds" (the median), "seconds_min", "seconds_max", "runs" (the count) and
// "seconds_runs" (every run's seconds) in `row`, and with `cpu` "cpu_seconds" (the median).
void add_timing(Json &row, const Timing &t, bool cpu = false);
// The same keys as an object of their own.
Json timing_record(const Timing &t);

// Everything about the machine: CPU, caches, compilers and flags, OpenMP, BLAS, load average,
// the triad bandwidth and dgemm rates with where they came from.
Json machine_record(const Machine &m);

// Writes doc to path (indented, with a final newline). On failure says why (the system's
// reason) and exits 2.
void write_json_file(const std::string &path, const Json &doc, const std::string &program);

} // namespace bench
