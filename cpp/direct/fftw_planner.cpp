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
bool threads_started = false; // under planner_mutex
bool threads_ok = false;      // fftw_init_threads succeeded

#if LAPLACE_WITH_FFTW
// The file and what went wrong with it, in the library's words.
int file_error(const char *filename, const std::string &what) {
    return set_error(LAPLACE_ERROR_FILE,
                     std::string("FFTW wisdom file '") + printable_name(filename) + "': " + what);
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
    (void)threads_started;
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
    std::FILE *file = std::fopen(filename, "r");
    if (file == nullptr) {
        return file_error(filename,
                          std::string("cannot open it for reading: ") + std::strerror(errno));
    }
    int imported = 0;
    {
        const FftwPlannerLock lock;
        imported = fftw_import_wisdom_from_file(file);
    }
    const bool read_error = std::ferror(file) != 0;
    std::fclose(file);
    if (read_error) {
        return file_error(filename, "cannot read it");
    }
    if (!imported) {
        return file_error(filename, "not FFTW wisdom (or wisdom of another FFTW precision or "
                                    "version); the wisdom held is unchanged");
    }
    return LAPLACE_OK;
#else
    (void)filename;
    return unavailable();
#endif
}

int export_fftw_wisdom(const char *filename) {
#if LAPLACE_WITH_FFTW
    std::FILE *file = std::fopen(filename, "w");
    if (file == nullptr) {
        return file_error(filename,
                          std::string("cannot open it for writing: ") + std::strerror(errno));
    }
    {
        const FftwPlannerLock lock;
        fftw_export_wisdom_to_file(file);
    }
    const bool write_error = std::ferror(file) != 0;
    if (std::fclose(file) != 0 || write_error) {
        return file_error(filename, std::string("cannot write it: ") + std::strerror(errno));
    }
    return LAPLACE_OK;
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
