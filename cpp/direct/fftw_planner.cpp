// FFTW's process-wide state, kept in one place: the planner lock, the start of FFTW's threads,
// and the wisdom (laplace.h, "The FFTW section"). Built in every configuration: without FFTW
// it says so ("none", LAPLACE_ERROR_UNAVAILABLE).
//
// FFTW's planner (plan creation and destruction, wisdom) keeps global state and is not
// thread-safe; only fftw_execute* is. Every planner call of the library runs under one mutex,
// which also orders the one-time fftw_init_threads before the first plan.
#include "fftw.hpp"

#include "../validation.hpp"
#include "laplace/laplace.h"

#if LAPLACE_WITH_FFTW
#include <fftw3.h>
#endif

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

namespace laplace::detail {
namespace {

std::mutex planner_mutex;
#if LAPLACE_WITH_FFTW && LAPLACE_FFTW_THREADS
bool threads_started = false; // under planner_mutex
bool threads_ok = false;      // fftw_init_threads succeeded
#endif

#if LAPLACE_WITH_FFTW
// The file and what went wrong with it, in the library's words.
int file_error(const char *filename, const std::string &what) {
    return set_error(LAPLACE_ERROR_FILE,
                     std::string("FFTW wisdom file '") + printable_name(filename) + "': " + what);
}

// Opens `filename` with `mode` ("r" or "w"), runs transfer(file) under the planner lock and
// closes the file. transfer returns false when the file holds no wisdom FFTW can read.
template <class Transfer>
int with_wisdom_file(const char *filename, const char *mode, Transfer transfer) {
    const std::string action = mode[0] == 'r' ? "read" : "write";
    std::FILE *file = std::fopen(filename, mode);
    if (file == nullptr) {
        return file_error(filename, "cannot open it to " + action + ": " + std::strerror(errno));
    }
    bool understood = false;
    {
        const FftwPlannerLock lock;
        understood = transfer(file);
    }
    const bool failed = std::ferror(file) != 0;
    if (std::fclose(file) != 0 || failed) {
        return file_error(filename, "cannot " + action + " it: " + std::strerror(errno));
    }
    if (!understood) {
        return file_error(filename, "not FFTW wisdom (or wisdom of another FFTW precision or "
                                    "version); the wisdom held is unchanged");
    }
    return LAPLACE_OK;
}
#else
int unavailable() {
    return set_error(LAPLACE_ERROR_UNAVAILABLE,
                     "FFTW is unavailable: this build has no FFTW (configured with "
                     "LAPLACE_WITH_FFTW=OFF, or FFTW was not found)");
}
#endif

} // namespace

FftwPlannerLock::FftwPlannerLock(int threads) {
    planner_mutex.lock();
#if LAPLACE_WITH_FFTW && LAPLACE_FFTW_THREADS
    if (!threads_started) {
        threads_ok = fftw_init_threads() != 0;
        threads_started = true;
    }
    if (threads_ok && threads > 0) {
        previous_threads_ = fftw_planner_nthreads();
        fftw_plan_with_nthreads(threads);
    }
#else
    (void)threads;
#endif
}

FftwPlannerLock::~FftwPlannerLock() {
#if LAPLACE_WITH_FFTW && LAPLACE_FFTW_THREADS
    if (previous_threads_ > 0) {
        fftw_plan_with_nthreads(previous_threads_);
    }
#endif
    planner_mutex.unlock();
}

bool fftw_built() {
    return LAPLACE_WITH_FFTW != 0;
}

const char *fftw_description() {
#if LAPLACE_WITH_FFTW
    static const std::string description =
        std::string(fftw_version) +
        (LAPLACE_FFTW_THREADS ? ", OpenMP threads (libfftw3_omp)" : ", serial (no FFTW threads)");
    return description.c_str();
#else
    return "none";
#endif
}

int import_fftw_wisdom(const char *filename) {
#if LAPLACE_WITH_FFTW
    return with_wisdom_file(
        filename, "r", [](std::FILE *file) { return fftw_import_wisdom_from_file(file) != 0; });
#else
    (void)filename;
    return unavailable();
#endif
}

int export_fftw_wisdom(const char *filename) {
#if LAPLACE_WITH_FFTW
    return with_wisdom_file(filename, "w", [](std::FILE *file) {
        fftw_export_wisdom_to_file(file);
        return true;
    });
#else
    (void)filename;
    return unavailable();
#endif
}

void forget_fftw_wisdom() {
#if LAPLACE_WITH_FFTW
    const FftwPlannerLock lock;
    fftw_forget_wisdom();
#endif
}

} // namespace laplace::detail
