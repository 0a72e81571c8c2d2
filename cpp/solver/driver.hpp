// The one driver: it owns the loop (iterate, measure, test the stopping rules, report) for the
// single-process C ABI, the solver objects and the MPI layer alike. What differs between them
// (one grid or a rank's block; a local or a global norm) is behind the Iteration interface.
#pragma once

#include "../internal_api.hpp"

#include "laplace/laplace.h"
#include "residual.hpp"

#include <limits>
#include <string>

namespace laplace::detail {

// The stopping rules as data. max_iter < 0 is no limit; atol, rtol 0 are off; the change rule
// is on when use_change (the study's laplace_solve has it on with change_tol = 0 allowed: then a
// sweep that changes nothing stops it; the solver objects turn it on for change_tol > 0).
struct StopRules {
    int max_iter = -1;
    bool use_change = false;
    double change_tol = 0.0; // change norm sqrt(sum((u_new - u_old)^2)) <= change_tol
    double atol = 0.0;       // residual 2-norm <= atol
    double rtol = 0.0;       // residual 2-norm <= rtol * the initial one
};

// Values of laplace_stop_reason (laplace.h).
enum class StopReason { none = 0, change = 1, atol = 2, rtol = 3, max_iter = 4, direct = 5 };

struct SolveReport {
    static constexpr double not_computed = std::numeric_limits<double>::quiet_NaN();
    int iterations = 0;
    StopReason reason = StopReason::none;
    // Of the last iteration; +Inf before the first, NaN when not computed (no change rule, and
    // not the last iteration of max_iter).
    double change = std::numeric_limits<double>::infinity();
    double residual_initial = not_computed; // 2-norms; NaN when not computed
    double residual = not_computed;
    double residual_max = not_computed;
    double relative = not_computed; // residual / residual_initial (0 when that is 0)
    int threads = 0;                // OpenMP threads of the last iteration (0: none was done)
};

// How an iteration computes its change norm (the driver chooses: drive()).
enum class ChangeNorm { none, plain, exact };

// What the driver drives. Each call returns LAPLACE_OK or a status with its message set; for
// the MPI layer they are collective and return the same on every rank.
class Iteration {
  public:
    virtual ~Iteration() = default;
    // Iteration `number` (1-based), and its change u_new - u_old as a sum of squares into
    // `change`: ChangeNorm::none leaves it 0; plain: the kernel's unscaled sum (scale 1);
    // exact: difference_sum (residual.hpp) of u and a copy taken before the iteration.
    virtual int step(int number, ChangeNorm how, SquareSum &change) = 0;
    // The entry values' magnitude: max(|u|, the largest |f| term of a point update), the
    // bound the driver chooses a ChangeNorm by when no change norm was measured before.
    virtual double magnitude() = 0;
    // The residual's norms now.
    virtual int residual(ResidualNorms &norms) = 0;
    // Called when iteration `number` left a non-finite change or residual (`what`, `value`):
    // finds the bad point and returns LAPLACE_ERROR_NONFINITE_RESULT with a message.
    virtual int nonfinite(int number, const char *what, double value) = 0;
    // True for a direct method: one iteration solves.
    virtual bool direct() const = 0;
    // OpenMP threads an iteration runs on now (SolveReport::threads).
    virtual int threads() const = 0;
};

// The stopping rules of a solver (laplace_solver_set_tolerances and _set_max_iter, and
// laplace_mpi_solve_rules), checked in this order: max_iter (>= 0 or LAPLACE_NO_LIMIT), rtol,
// atol, change_tol (>= 0, not NaN), then the rules as a whole (not all 0 with no limit). On
// success `out` holds them; on error the status with its message, `out` unchanged.
LAPLACE_INTERNAL_API int make_stop_rules(int max_iter, double rtol, double atol, double change_tol,
                                         StopRules &out);

// LAPLACE_OK, or the status for a NULL result or one whose size field is too small.
LAPLACE_INTERNAL_API int check_result(const laplace_result *result);

// The report as the C ABI returns it: the fields of laplace_result that fit in result.size.
LAPLACE_INTERNAL_API void write_result(const SolveReport &report, laplace_result &result);

// Runs the loop under `rules`. report_residual: compute the residual after the last iteration
// (and the initial one) even when no rule needs it. The study's laplace_solve runs with the
// change rule alone and report_residual false, and gets its answers of before, bit for bit.
LAPLACE_INTERNAL_API int drive(Iteration &it, const StopRules &rules, bool report_residual,
                               SolveReport &report);

} // namespace laplace::detail
