// The BLAS thread policy and the BLAS queries (laplace.h, "The BLAS section"). Built in every
// configuration: without a BLAS it says so ("none", 0 threads).
//
// openblas_set_num_threads is one process-wide setting. The policy keeps it consistent with
// the solves of this library: under one mutex it counts the BLAS solves in progress; a solve
// that starts alone, outside an active OpenMP parallel region, gets the requested count (default:
// OpenBLAS's own default, read once before the library first changes it); any other solve gets
// 1, and the setting then stays at 1 until a solve starts alone again. So the count is only
// raised when no other laplace BLAS solve runs, and lowered (which never disturbs a BLAS call
// in flight: OpenBLAS reads it when a call starts) as soon as solves overlap.
#include "blas.hpp"

#include "../threads.hpp"

#if LAPLACE_WITH_BLAS && LAPLACE_BLAS_THREAD_CONTROL
#include <cblas.h>
#endif
#if LAPLACE_BLAS_OPENMP_AWARE
#include <omp.h>
#endif

#include <mutex>

namespace laplace::detail {
namespace {

#if LAPLACE_WITH_BLAS && LAPLACE_BLAS_THREAD_CONTROL
struct Policy {
    std::mutex mutex;
    bool initialised = false;
    int default_threads = 1; // OpenBLAS's own setting before the library touched it
    int requested = 0;       // 0: the default
    int active = 0;          // BLAS solves in progress

    void initialise() { // with the mutex held
        if (!initialised) {
            default_threads = openblas_get_num_threads();
            initialised = true;
        }
    }
    int wanted_alone() const { return requested > 0 ? requested : default_threads; }
};

Policy policy;
#endif

thread_local int last_solve_threads = 0;

bool in_openmp_region() {
#if LAPLACE_BLAS_OPENMP_AWARE
    return omp_in_parallel() != 0;
#else
    return false;
#endif
}

} // namespace

bool blas_available() {
    return LAPLACE_WITH_BLAS != 0;
}

bool blas_thread_control() {
#if LAPLACE_WITH_BLAS && LAPLACE_BLAS_THREAD_CONTROL
    return true;
#else
    return false;
#endif
}

const char *blas_info() {
#if LAPLACE_WITH_BLAS && LAPLACE_BLAS_THREAD_CONTROL
    return openblas_get_config();
#elif LAPLACE_WITH_BLAS
    return "a BLAS other than OpenBLAS, through CBLAS (" LAPLACE_BLAS_DESCRIPTION
           "); no thread control";
#else
    return "none";
#endif
}

int blas_threads() {
#if LAPLACE_WITH_BLAS && LAPLACE_BLAS_THREAD_CONTROL
    const std::lock_guard<std::mutex> lock(policy.mutex);
    policy.initialise();
    return policy.wanted_alone();
#else
    return 0;
#endif
}

void blas_set_threads([[maybe_unused]] int num_threads) {
#if LAPLACE_WITH_BLAS && LAPLACE_BLAS_THREAD_CONTROL
    const std::lock_guard<std::mutex> lock(policy.mutex);
    policy.initialise();
    policy.requested = num_threads > 0 ? limited_threads(num_threads, policy.default_threads) : 0;
#endif
}

int blas_last_solve_threads() {
    return last_solve_threads;
}

BlasThreadScope::BlasThreadScope() {
#if LAPLACE_WITH_BLAS && LAPLACE_BLAS_THREAD_CONTROL
    const bool nested = in_openmp_region();
    const std::lock_guard<std::mutex> lock(policy.mutex);
    policy.initialise();
    ++policy.active;
    const int wanted = policy.active == 1 && !nested ? policy.wanted_alone() : 1;
    // Compared with OpenBLAS's own value, not a cached one: code outside the library may have
    // changed it since (laplace.h says it should not rely on that, but we must not either).
    if (wanted != openblas_get_num_threads()) {
        openblas_set_num_threads(wanted);
    }
    last_solve_threads = openblas_get_num_threads(); // the BLAS caps it at its maximum
#else
    (void)in_openmp_region;
#endif
}

BlasThreadScope::~BlasThreadScope() {
#if LAPLACE_WITH_BLAS && LAPLACE_BLAS_THREAD_CONTROL
    const std::lock_guard<std::mutex> lock(policy.mutex);
    --policy.active;
#endif
}

void blas_clear_plans() {
#if LAPLACE_WITH_BLAS
    fdm_clear_plans();
#endif
}

long long blas_plan_bytes() {
#if LAPLACE_WITH_BLAS
    return fdm_plan_bytes();
#else
    return 0;
#endif
}

} // namespace laplace::detail
