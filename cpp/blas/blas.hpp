// The BLAS section, inside the library: the direct solver "blas-fdm" (fdm.cpp, only in builds
// with a BLAS) and the BLAS thread policy (blas_threads.cpp, in every build). The C ABI
// (cpp/capi.cpp) validates and reaches these through the registry and the laplace_blas_*
// functions; see laplace.h, "The BLAS section", for the behaviour in words.
#pragma once

#include "../registry.hpp"
#include "../solver/methods.hpp"

#include <memory>

namespace laplace::detail {

// ---- blas_threads.cpp ------------------------------------------------------------------------

bool blas_available();      // this build has a BLAS
bool blas_thread_control(); // ... and it is OpenBLAS with openblas_set_num_threads
const char *blas_info();    // openblas_get_config(), or a description; "none" without BLAS
int blas_threads();         // threads of a solve that runs alone; 0 without thread control
void blas_set_threads(int num_threads); // >= 0 (0: the default; limit: threads.hpp); needs control
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

// The method "blas-fdm" (solver/methods.hpp): the exact discrete solution for the boundary of
// u and f, by fast diagonalisation (dgemm products). Setup takes the axes' eigenvector plans
// from the cache and the workspace; BLAS threads follow laplace_blas_set_threads.
int fdm_check(const MethodSettings &settings);
std::unique_ptr<MethodState> fdm_setup(const MethodSettings &settings, const GridRef &g);

// The eigenvector plan cache of fdm_solve.
void fdm_clear_plans();
long long fdm_plan_bytes();

} // namespace laplace::detail
