// LAPLACE_INTERNAL_API marks the few laplace::detail functions that the library's own MPI layer
// (liblaplace_mpi: validation, the driver, the residual, the kernel table) and its white-box
// workspace test call across liblaplace.so's boundary. The library is built with hidden
// visibility, so that it exports the API of include/laplace only; these are exported besides,
// as an interface between laplace's own libraries, not an API (no promise of stability).
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define LAPLACE_INTERNAL_API __attribute__((visibility("default")))
#else
#define LAPLACE_INTERNAL_API
#endif
