// The one limit on thread counts (laplace.h, laplace_options and laplace_blas_set_threads):
// every count the library hands to OpenMP or to the BLAS passes through limited_threads.
#pragma once

namespace laplace::detail {

// `requested` (>= 1), reduced to the limit: the processors available to the process, or
// `runtime_default` (the OpenMP default team, OpenBLAS's default count) if that is larger. More
// threads than processors only take turns on them, and a count far beyond them would exhaust
// the machine (tens of thousands of threads asked of OpenMP).
int limited_threads(int requested, int runtime_default);

} // namespace laplace::detail
