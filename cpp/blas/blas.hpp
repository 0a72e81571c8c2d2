// The BLAS section, inside the library: the direct solver "blas-fdm" (fdm.cpp, only in builds
// with a BLAS) and the BLAS thread policy (blas_threads.cpp, in every build). The C ABI
// (cpp/capi.cpp) validates and reaches these through the registry and the laplace_blas_*
// functions; see laplace.h, "The BLAS section", for the behaviour in words.
#pragma once

#include "../registry.hpp"

namespace laplace::detail {

// ---- blas_threads.cpp ------------------------------------------------------------------------

bool blas_available();      // this build has a BLAS
bool blas_thread_control(); // ... and it is OpenBLAS with openblas_set_num_threads
const char *blas_info();    // openblas_get_config(), or a description; "none" without BLAS
int blas_threads();         // threads of a solve that runs alone; 0 without thread control
void blas_set_threads(int num_threads); // >= 0 (0: the default); needs blas_thread_control()
int blas_last_solve_threads();          // of the calling thread's last solve; 0 if none
void blas_clear_plans();
long long blas_plan_bytes();

// Held for the whole of one BLAS solve: applies the thread policy (laplace.h) on entry and
// records that this solve is running until it ends. Does nothing without thread control.
class BlasThreadScope {
  public:
    BlasThreadScope();
    ~BlasThreadScope();
    BlasThreadScope(const BlasThreadScope &) = delete;
    BlasThreadScope &operator=(const BlasThreadScope &) = delete;
};

// ---- fdm.cpp (LAPLACE_WITH_BLAS builds only) -----------------------------------------------

// Scratch the direct solve needs, in grid-sized arrays (the C ABI allocates them).
inline constexpr int fdm_workspace_grids = 2;

// The registry's sweep function of the direct method "blas-fdm": the exact discrete solution
// for the boundary of g, by fast diagonalisation (dgemm products); returns the change norm.
// The per-call options do not apply (BLAS threads follow laplace_blas_set_threads).
double fdm_solve(const GridRef &g, double *workspace, const KernelOptions &options);

// The eigenvector plan cache of fdm_solve.
void fdm_clear_plans();
long long fdm_plan_bytes();

} // namespace laplace::detail
