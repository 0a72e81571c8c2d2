// The FFTW section, inside the library: the direct method "fft-dst" (fft_dst.cpp, only in builds
// with FFTW) and what every build has (fftw_planner.cpp): the process-wide planner lock, FFTW's
// threads and its wisdom, which without FFTW report that there is none. The C ABI (cpp/capi.cpp)
// reaches these through the method table and the laplace_fftw_* functions; see laplace.h, "The
// FFTW section", for the behaviour in words.
#pragma once

#include "../grid.hpp"
#include "../solver/methods.hpp"

#include <memory>

namespace laplace::detail {

// ---- fftw_planner.cpp ------------------------------------------------------------------------

bool fftw_built();              // this build has FFTW (and the "fft-dst" method)
const char *fftw_description(); // FFTW's version and threading; "none" without FFTW

// FFTW's wisdom (laplace_fftw_import_wisdom, _export_wisdom, _forget_wisdom), under the planner
// lock. LAPLACE_OK, or the status with its message set: LAPLACE_ERROR_FILE for a file that
// cannot be opened, read, parsed or written, LAPLACE_ERROR_UNAVAILABLE without FFTW.
int import_fftw_wisdom(const char *filename);
int export_fftw_wisdom(const char *filename);
void forget_fftw_wisdom();

// Held around every call of FFTW's planner (fftw_plan_*, fftw_destroy_plan, the wisdom calls):
// FFTW's planner is not thread-safe, so one process-wide mutex serialises them. The first lock
// starts FFTW's threads. With threads > 0, plans made under the lock use that many threads (the
// planner's previous setting is restored at unlock).
class FftwPlannerLock {
  public:
    explicit FftwPlannerLock(int threads = 0);
    ~FftwPlannerLock();
    FftwPlannerLock(const FftwPlannerLock &) = delete;
    FftwPlannerLock &operator=(const FftwPlannerLock &) = delete;

  private:
    int previous_threads_ = 0;
};

// ---- fft_dst.cpp (builds with FFTW only) -----------------------------------------------------

// The method "fft-dst" (solver/methods.hpp): the exact discrete solution by type-I sine
// transforms. Setup allocates the workspace and makes the plans, with the solver's planning
// effort and thread count; every solve reuses them.
int fft_dst_check(const MethodSettings &settings);
std::unique_ptr<MethodState> fft_dst_setup(const MethodSettings &settings, const GridRef &g);

} // namespace laplace::detail
