# The machine cache's test (bench/CMakeLists.txt): figures are keyed by host, so that two hosts
# never share one, and an entry older than --machine-cache-max-age is measured again.
#   cmake -DBENCH=laplace-bench -DDIR=work-dir -P check_machine_cache.cmake
set(cache "${DIR}/machine-cache-test.jsonl")
set(json "${DIR}/machine-cache-test.json")
file(REMOVE "${cache}")
# run(HOST EXPECTED [options]): one small run as HOST; its triad figure must be EXPECTED
# ("measured" or "cached").
function(run host expected)
  set(ENV{LAPLACE_BENCH_HOST} "${host}")
  file(REMOVE "${json}")
  execute_process(COMMAND "${BENCH}" --kernel cpp-loop --nx 20 --ny 20 --sweeps 1 --repeat 1
    --machine-cache "${cache}" --json "${json}" ${ARGN}
    RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "host ${host}: exit status ${status}: ${err}")
  endif()
  file(READ "${json}" doc)
  string(JSON source GET "${doc}" machine triad_source)
  string(JSON recorded GET "${doc}" machine host)
  message("host ${host} ${ARGN}: ${source}")
  if(NOT recorded STREQUAL host)
    message(FATAL_ERROR "the machine record says host '${recorded}', not '${host}'")
  endif()
  if(expected STREQUAL "measured" AND NOT source MATCHES "^measured now")
    message(FATAL_ERROR "host ${host}: expected a new measurement, got: ${source}")
  elseif(expected STREQUAL "cached" AND NOT source MATCHES "^cached in")
    message(FATAL_ERROR "host ${host}: expected the cached figure, got: ${source}")
  endif()
endfunction()
run(host-a measured)
run(host-a cached)
run(host-b measured) # same CPU, same cache file, another host: never host-a's figure
run(host-b cached)
run(host-a measured --machine-cache-max-age 0) # expired
file(STRINGS "${cache}" lines)
list(LENGTH lines count)
foreach(line IN LISTS lines)
  string(JSON host GET "${line}" key host)
  string(JSON time GET "${line}" time)
  if(NOT host MATCHES "^host-[ab]$" OR NOT time MATCHES "^[0-9]+$")
    message(FATAL_ERROR "a cache entry without its host or time: ${line}")
  endif()
endforeach()
message("${count} cache entries, each with its host and time")
