#include "driver.hpp"

#include "../validation.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

namespace laplace::detail {

int make_stop_rules(int max_iter, double rtol, double atol, double change_tol, StopRules &out) {
    if (max_iter != LAPLACE_NO_LIMIT) {
        if (int s = check_max_iter(max_iter); s != LAPLACE_OK) {
            return s;
        }
    }
    for (const auto &[name, tol] :
         {std::pair{"rtol", rtol}, {"atol", atol}, {"change_tol", change_tol}}) {
        if (int s = check_tolerance(name, tol); s != LAPLACE_OK) {
            return s;
        }
    }
    if (max_iter < 0 && rtol == 0.0 && atol == 0.0 && change_tol == 0.0) {
        return set_error(LAPLACE_ERROR_BAD_TOLERANCE,
                         "rtol, atol and change_tol are all 0 and max_iter is LAPLACE_NO_LIMIT: "
                         "the solve would never stop; set a tolerance or an iteration limit");
    }
    out.max_iter = max_iter;
    out.rtol = rtol;
    out.atol = atol;
    out.change_tol = change_tol;
    out.use_change = change_tol > 0.0;
    return LAPLACE_OK;
}

int check_result(const laplace_result *result) {
    if (result == nullptr) {
        return set_error(LAPLACE_ERROR_NULL_POINTER, "result is NULL");
    }
    if (result->size < sizeof(result->size)) {
        return set_error(LAPLACE_ERROR_BAD_INDEX,
                         "result->size = " + std::to_string(result->size) +
                             ": set it to sizeof(laplace_result) before the call");
    }
    return LAPLACE_OK;
}

void write_result(const SolveReport &r, laplace_result &result) {
    laplace_result full;
    full.size = result.size;
    full.iterations = r.iterations;
    full.stop_reason = int(r.reason);
    full.converged = r.reason != StopReason::none && r.reason != StopReason::max_iter ? 1 : 0;
    full.change = r.change;
    full.residual_initial = r.residual_initial;
    full.residual = r.residual;
    full.residual_max = r.residual_max;
    full.relative_residual = r.relative;
    full.threads = r.threads;
    std::memcpy(static_cast<void *>(&result), &full, std::min(result.size, sizeof full));
}

namespace {

// The change norm's rule. A kernel sums the squares of the changes unscaled, in one pass with
// the sweep: the fast way, and right whenever the largest change lies in [2^-400, 2^450] (no
// square overflows; those that underflow are below 2^-1074 each, under 2^-200 of the sum in
// all). Outside, the iteration computes the norm scaled from a copy of u (ChangeNorm::exact),
// chosen when the change expected (the last norm measured, else the entry values' magnitude)
// lies outside [2^-300, 2^400]: margins that the change of one step does not cross.
bool plain_change_fits(double expected) {
    return expected >= 0x1p-300 && expected <= 0x1p400;
}

} // namespace

int drive(Iteration &it, const StopRules &rules, bool report_residual, SolveReport &r) {
    constexpr double not_computed = SolveReport::not_computed;
    const bool residual_rules = rules.atol > 0.0 || rules.rtol > 0.0;
    const bool with_residual = residual_rules || report_residual;
    r = SolveReport{};

    int measured_at = -1; // the iteration after which the residual was last measured
    const auto measure = [&](int number) {
        ResidualNorms n;
        if (int s = it.residual(n); s != LAPLACE_OK) {
            return s;
        }
        if (!std::isfinite(n.two) || !std::isfinite(n.max)) {
            return it.nonfinite(number, "residual norm", std::isfinite(n.two) ? n.max : n.two);
        }
        measured_at = number;
        r.residual = n.two;
        r.residual_max = n.max;
        if (number == 0) {
            r.residual_initial = n.two;
        }
        r.relative = r.residual_initial > 0.0 ? n.two / r.residual_initial : 0.0;
        return int(LAPLACE_OK);
    };
    // The residual rules, atol first.
    const auto residual_met = [&]() {
        if (rules.atol > 0.0 && r.residual <= rules.atol) {
            r.reason = StopReason::atol;
        } else if (rules.rtol > 0.0 && r.relative <= rules.rtol) {
            r.reason = StopReason::rtol;
        }
        return r.reason != StopReason::none;
    };

    if (with_residual) {
        if (int s = measure(0); s != LAPLACE_OK) {
            return s;
        }
        if (residual_rules && residual_met()) {
            return LAPLACE_OK; // the initial guess already satisfies a rule: no iteration
        }
    }
    const bool direct = it.direct();
    double last_change = not_computed; // the last change norm measured
    while (rules.max_iter < 0 || r.iterations < rules.max_iter) {
        const int number = ++r.iterations;
        // The change is computed for its rule, and for the report of a last iteration.
        const bool want_change = rules.use_change || direct || number == rules.max_iter;
        ChangeNorm how = ChangeNorm::none;
        if (want_change) {
            const double expected = std::isnan(last_change) ? it.magnitude() : last_change;
            how = plain_change_fits(expected) ? ChangeNorm::plain : ChangeNorm::exact;
        }
        SquareSum change;
        r.threads = it.threads();
        if (int s = it.step(number, how, change); s != LAPLACE_OK) {
            return s;
        }
        r.change = want_change ? change.norm() : not_computed;
        last_change = r.change;
        if (want_change && !std::isfinite(r.change)) {
            return it.nonfinite(number, "change norm", r.change);
        }
        if (residual_rules) {
            if (int s = measure(number); s != LAPLACE_OK) {
                return s;
            }
        }
        if (rules.use_change && r.change <= rules.change_tol) {
            r.reason = StopReason::change;
        } else if (!(residual_rules && residual_met()) && direct) {
            r.reason = StopReason::direct;
        }
        if (r.reason != StopReason::none) {
            break;
        }
    }
    if (r.reason == StopReason::none) {
        r.reason = StopReason::max_iter;
    }
    if (with_residual && measured_at != r.iterations) {
        return measure(r.iterations);
    }
    return LAPLACE_OK;
}

} // namespace laplace::detail
