// omp-wavefront: lexicographic Gauss-Seidel, the update order of cpp-loop (rows i in order, j
// innermost), with the independent points worked on together. Same iterates as cpp-loop, with
// and without a right-hand side f: every point is computed from the same four values (and f) by
// the same operations in the same order (kernels/update.hpp: fma(w + e, dx2, (n + s)*dy2), then
// with f a second multiply-add -f*K, then *dnr_inv), so u is bitwise the same.
//
// Point (i, j) needs the new west (i, j-1) and north (i-1, j) values and the old east (i, j+1)
// and south (i+1, j) ones. So row i+1 can follow row i one column behind: a band of R rows is
// swept as a skewed pipeline, step t updating the anti-diagonal (i+k, t-k), k = 0..R-1. The
// R updates of a step are independent, so the band runs R latency chains side by side instead of
// cpp-loop's one (whose time is the latency of add, multiply-add and multiply per point).
// With AVX-512 (R = 16) a step is two 8-lane vector updates: the anti-diagonal is gathered and
// scattered (stride ny-1), and the neighbours are the previous and next steps' vectors shifted
// by a lane, so one gather and one scatter per 8 points touch memory; the steps where the
// pipeline fills and drains are the same vector steps with masks. Without AVX-512 (R = 8) the
// same pipeline runs in scalar code with the band's west values in registers, and its fill and
// drain are done point by point.
//
// Threads take the bands in turn (band b to thread b mod T) and run them as a pipeline of
// bands. Step t of a band needs the row above the band new up to column t, which the band above
// writes at its step t+R-1; and the band above reads this band's first row, old, up to column
// c at its step c+R-1, while this band overwrites column c at its step c. Both say the same:
// a band's step t comes after the step t+R-1 of the band above. A thread publishes its band and
// last finished step in one 64-bit counter every few dozen steps and waits on the counter of the
// thread above: one parallel region per sweep, no barrier per band or diagonal. Every thread
// sweeps whole rows, so the only rows that pass between cores are the two where bands meet.
// (The first version split the columns instead, thread k a band behind thread k-1. Side by side
// in one process, 2 threads against 1, this scheme against that one: 1.61x against 1.53x at
// 1000 x 1000 with interior 0.5, 1.06x against 0.89x with interior 0, 1.20x against 0.93x at
// 500 x 500, 1.07x against 1.20x at 2000 x 2000. Neither reaches 2x on this machine.)
// The sum of squared changes is summed per band and per thread, so its last bits (only) depend
// on the thread count. Values near underflow, which the study's problem leaves from interior 0,
// are updated in arithmetic scaled by 2^1074 (UpdateNearUnderflow): the same bits without the
// microcode assists of subnormal multiplies. With f that emulation is off (the hardware does
// every lane, assists included): it knows only the f-free formula.
//
// The team is c.threads (resolved by the caller; the runtime may give fewer). Nothing is
// allocated here: the threads' progress counters and each thread's scratch rows are in the
// caller's workspace (omp_wavefront_workspace).
#include "kernels.hpp"
#include "update.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <new>
#include <omp.h>
#include <thread>
#include <type_traits>

#ifdef __AVX512F__
#include <immintrin.h>
#endif

namespace laplace::detail {

namespace {

// The point update is update() of kernels/update.hpp, cpp-loop's: the scalar paths here call
// it, and the AVX-512 path writes the same operations out lane by lane, so the values do not
// depend on which path a point takes (that depends on the thread count).
struct Stencil {
    double *u;
    const double *f; // the right-hand side in u's layout; read only by the with_f paths
    std::ptrdiff_t ny;
    Coefficients c;
    bool want_change; // false: the scalar paths skip the sum of squared changes

    // The update from the neighbour sums at point k = i*ny + j.
    template <bool with_f>
    double value(double along, double across, std::ptrdiff_t k) const {
        if constexpr (with_f) {
            return update(along, across, f[k], c);
        } else {
            return update(along, across, c);
        }
    }

    // One point from memory, exactly as cpp-loop does it; keeps the old value in *old.
    template <bool with_f>
    void point(std::ptrdiff_t i, std::ptrdiff_t j, double *old) const {
        const std::ptrdiff_t k = i * ny + j;
        double *const p = u + k;
        *old = *p;
        *p = value<with_f>(p[-1] + p[1], p[-ny] + p[ny], k);
    }
};

// sum((a - b)^2) over n values, with 16 independent partial sums (SIMD, no latency chain).
double sum_squared_differences(const double *__restrict a, const double *__restrict b,
                               std::ptrdiff_t n) {
    constexpr int lanes = 16;
    double partial[lanes] = {};
    std::ptrdiff_t j = 0;
    for (; j + lanes <= n; j += lanes) {
#pragma omp simd
        for (int l = 0; l < lanes; ++l) {
            const double d = a[j + l] - b[j + l];
            partial[l] += d * d;
        }
    }
    double sum = 0.0;
    for (; j < n; ++j) {
        sum += (a[j] - b[j]) * (a[j] - b[j]);
    }
    for (int l = 0; l < lanes; ++l) {
        sum += partial[l];
    }
    return sum;
}

// Band rows i0..i0+R-1 over columns [j0, j1): step t updates (i0+k, t-k), skipping the points
// outside the columns (the pipeline's fill and drain). Old values go to olds[k*ny + j].
// before_step(t) runs before every step (the pipeline of bands, see the top).
template <int R, bool with_f, class BeforeStep>
void band_edges(const Stencil &s, std::ptrdiff_t i0, std::ptrdiff_t j0, std::ptrdiff_t j1,
                std::ptrdiff_t t_begin, std::ptrdiff_t t_end, double *olds,
                BeforeStep &before_step) {
    for (std::ptrdiff_t t = t_begin; t < t_end; ++t) {
        before_step(t);
        for (int k = 0; k < R; ++k) {
            const std::ptrdiff_t j = t - k;
            if (j >= j0 && j < j1) {
                s.point<with_f>(i0 + k, j, olds + k * s.ny + j);
            }
        }
    }
}

#ifdef __AVX512F__
// cpp-loop's update ((along*dx2 + vertical*dy2)*dnr_inv, the first product sum one multiply-add)
// for values near underflow, bit for bit, without a floating-point multiply on a subnormal value.
// Such a multiply (operand or result below 2^-1022) takes a microcode assist, about 60 ns a
// vector instruction on this machine against 1; the sweeps of the study's problem from interior 0
// leave a region of such values, and there every vector step paid three of them. Here the values
// are carried scaled by 2^1074, exactly: the subnormal grid (multiples of 2^-1074) becomes the
// integers, and a result that is subnormal when unscaled is rounded to an integer, ties to even,
// in one rounding (an FMA with 2^52 added, where the doubles are the integers). Results that are
// normal unscaled are rounded to 53 bits like the hardware's. The scaled values are normal, so no
// assist is taken. Valid for |along|, |vertical| < 2^-200 and constants in [2^-60, 2^60] (no
// overflow when scaled); a lane where a product sum cancels from normal terms to a subnormal
// result is done by the hardware instead (`exact` says which).
struct UpdateNearUnderflow {
    __m512d dx2, dy2, dnr_inv;

    static constexpr std::int64_t magnitude_mask = std::numeric_limits<std::int64_t>::max();

    static __m512i bits(__m512d x) { return _mm512_castpd_si512(x); }
    static __m512d from_bits(__m512i x) { return _mm512_castsi512_pd(x); }
    static __m512i magnitude_bits(__m512d x) {
        return _mm512_and_si512(bits(x), _mm512_set1_epi64(magnitude_mask));
    }
    static __m512i sign_bits(__m512d x) {
        return _mm512_and_si512(bits(x),
                                _mm512_set1_epi64(std::numeric_limits<std::int64_t>::min()));
    }
    // |magnitude_of| with the sign of sign_of.
    static __m512d copy_sign(__m512d magnitude_of, __m512d sign_of) {
        return from_bits(_mm512_ternarylogic_epi64(_mm512_set1_epi64(magnitude_mask),
                                                   bits(magnitude_of), bits(sign_of),
                                                   0xCA)); // mask ? b : c, bit by bit
    }
    // x * 2^1074 for |x| < 2^-50: a subnormal x's bits are the integer it scales to; a normal
    // x's exponent is raised by 1074.
    static __m512d scale(__m512d x) {
        const __m512i magnitude = magnitude_bits(x);
        const __mmask8 subnormal =
            _mm512_cmplt_epu64_mask(magnitude, _mm512_set1_epi64(0x0010000000000000));
        const __m512i raised =
            _mm512_add_epi64(magnitude, _mm512_set1_epi64(std::int64_t(1074) << 52));
        const __m512i scaled =
            _mm512_mask_blend_epi64(subnormal, raised, bits(_mm512_cvtepi64_pd(magnitude)));
        return from_bits(_mm512_or_si512(scaled, sign_bits(x)));
    }
    // The inverse, for x an integer below 2^52 in magnitude (a subnormal or zero result) or any
    // value from 2^52 up.
    static __m512d unscale(__m512d x) {
        const __m512i magnitude = magnitude_bits(x);
        const __mmask8 subnormal = _mm512_cmplt_epu64_mask(magnitude, bits(_mm512_set1_pd(0x1p52)));
        const __m512i lowered =
            _mm512_sub_epi64(magnitude, _mm512_set1_epi64(std::int64_t(1074) << 52));
        const __m512i unscaled =
            _mm512_mask_blend_epi64(subnormal, lowered, _mm512_cvtpd_epi64(from_bits(magnitude)));
        return from_bits(_mm512_or_si512(unscaled, sign_bits(x)));
    }
    // a*c + b rounded as the hardware rounds it unscaled, for scaled a and b. Clears the lanes
    // of `exact` where that is not sure: b from 2^52 up (b + 2^52 may round) and a result below.
    static __m512d scaled_fma(__m512d a, __m512d c, __m512d b, __mmask8 &exact) {
        const __m512d two52 = _mm512_set1_pd(0x1p52);
        const __m512d rounded = _mm512_fmadd_pd(a, c, b); // right where the result is normal
        const __mmask8 subnormal = _mm512_cmp_pd_mask(_mm512_abs_pd(rounded), two52, _CMP_LT_OQ);
        if (subnormal == 0) {
            return rounded;
        }
        // |a*c + b| < 2^52: a*c + b + shift lies in [2^52, 2^53) (or its negative), where the
        // doubles are the integers, so the FMA rounds the exact sum to an integer, ties to even.
        const __m512d shift = copy_sign(two52, rounded);
        const __m512d integer =
            _mm512_sub_pd(_mm512_fmadd_pd(a, c, _mm512_add_pd(b, shift)), shift);
        exact &= __mmask8(~(subnormal & _mm512_cmp_pd_mask(_mm512_abs_pd(b), two52, _CMP_GE_OQ)));
        // A result rounded to zero keeps the sign of the exact one, as in the hardware.
        return _mm512_mask_blend_pd(subnormal, rounded, copy_sign(integer, rounded));
    }
    // The update in the lanes of `lanes` (|along|, |vertical| < 2^-200); the other lanes, and
    // those the scaled arithmetic cannot be sure of, go through the hardware (masked: the lanes
    // taken here cost it no assist). Out of line: the sweep's main path stays small.
    __attribute__((noinline)) __m512d operator()(__m512d along, __m512d vertical,
                                                 __mmask8 lanes) const {
        const __m512d minus_zero = _mm512_set1_pd(-0.0); // x + -0 is x, for x = +0 too
        __mmask8 exact = lanes;
        const __m512d p = scaled_fma(scale(vertical), dy2, minus_zero, exact);
        const __m512d q = scaled_fma(scale(along), dx2, p, exact);
        const __m512d v = unscale(scaled_fma(q, dnr_inv, minus_zero, exact));
        const __mmask8 hardware = __mmask8(~exact);
        if (hardware == 0) {
            return v;
        }
        const __m512d h =
            _mm512_maskz_mul_pd(hardware,
                                _mm512_maskz_fmadd_pd(hardware, along, dx2,
                                                      _mm512_maskz_mul_pd(hardware, vertical, dy2)),
                                dnr_inv);
        return _mm512_mask_blend_pd(hardware, v, h);
    }
};

// A band of 8*V rows over columns [j0, j1) with AVX-512: lane r of vector q is row
// i0 + 8q + r, and step t updates the anti-diagonal (i0+r, t-r), r = 0..8V-1, gathered and
// scattered (stride ny-1). The old values one step ahead are this step's east values and, one
// row up, its south values; the previous step's new values are the west values and, one row
// down, the north values. The V vectors of a step are independent latency chains. Each lane
// does cpp-loop's operations in cpp-loop's order (the multiply-add GCC forms there is written
// out), so the values are bitwise cpp-loop's.
//
// The pipeline's fill (steps j0 .. j0+8V-2, where the lower rows have not reached column j0)
// and drain (steps j1 .. j1+8V-2, where the upper rows are past column j1-1) are the same vector
// steps with masks: a lane outside [j0, j1) is neither stored nor summed, and its west value is
// the one in memory, so that a lane entering at column j0 finds u(i, j0-1) there. Masked gathers
// read only columns j0-1 .. j1. before_step(t) runs before every step. Needs 7*(ny-1) < 2^31
// (32-bit gather offsets). Returns the band's sum of squared changes.
//
// With f (with_f), f is gathered along the anti-diagonal with u's offsets (f has u's layout),
// the lanes of a masked step only where they are stored, and the update is update.hpp's with f:
// fma(along, dx2, fma(across, dy2, -(f*K)))*dnr_inv, fmsub(a, b, c) being a*b - c rounded
// once, as std::fma(a, b, -c). There the near-underflow emulation is off (it knows only the
// f-free formula): a branch resolved at compile time, so the f-free path is the code it was.
template <int V, bool with_f, class BeforeStep>
double band_avx512(const Stencil &s, std::ptrdiff_t i0, std::ptrdiff_t j0, std::ptrdiff_t j1,
                   BeforeStep &before_step) {
    constexpr int R = 8 * V;
    const std::ptrdiff_t ny = s.ny;
    double *const base = s.u + i0 * ny; // (i0+r, t-r) is base[t + r*(ny-1)]
    const int stride = int(ny - 1);
    const __m256i offsets = _mm256_setr_epi32(0, stride, 2 * stride, 3 * stride, 4 * stride,
                                              5 * stride, 6 * stride, 7 * stride);
    const std::ptrdiff_t block = 8 * std::ptrdiff_t(stride); // vector q starts at base + q*block
    // Two-source lane shifts: indices 0..7 pick the first operand, 8..15 the second.
    const __m512i up = _mm512_setr_epi64(1, 2, 3, 4, 5, 6, 7, 8);    // k <- k+1, 7 <- b[0]
    const __m512i down = _mm512_setr_epi64(15, 0, 1, 2, 3, 4, 5, 6); // k <- k-1, 0 <- b[7]
    const __m512d dx2 = _mm512_set1_pd(s.c.dx2);
    const __m512d dy2 = _mm512_set1_pd(s.c.dy2);
    const __m512d dnr_inv = _mm512_set1_pd(s.c.dnr_inv);
    const __m512d fk = _mm512_set1_pd(s.c.fk);
    const double *const base_f = with_f ? s.f + i0 * ny : nullptr; // same offsets as base
    const __m512d zero = _mm512_setzero_pd();
    // The lanes of a change d whose square can alter the sum of squares. A multiply or
    // multiply-add with a subnormal operand or result takes a microcode assist (about 60 ns a
    // vector instruction here, against 1; adds take none, and neither does a masked-off lane).
    // Below 2^-538, d*d is under half the smallest subnormal, so fma(d, d, s) rounds to s for
    // every s >= 0 (as in cpp-loop's sum): leaving those lanes out gives the same bits and
    // spares the assists of the norm, one of the four multiplies of a vector step, where the
    // sweeps leave subnormal values. 1000 x 1000 from interior 0, 20 sweeps, interleaved with
    // the plain multiply-add: 1.05-1.10x on 1 thread, 1.05-1.22x on 2; from interior 0.5,
    // 0.97-1.02x. A NaN change is kept (the overflow check reads the norm).
    const __m512d negligible = _mm512_set1_pd(0x1p-538);
    const auto adds_to_sum = [&](__m512d d) __attribute__((always_inline)) {
        return _mm512_cmp_pd_mask(_mm512_abs_pd(d), negligible, _CMP_NLT_UQ);
    };
    // Near underflow (see UpdateNearUnderflow): after a step that left a change below 2^-538 in
    // some lane (the norm's mask says so, at no cost to the main path), the next step looks at
    // its lanes, and those whose along or vertical sum is small enough for a subnormal operand or
    // result (with a margin of 16) and small enough to scale are updated in scaled arithmetic.
    // Which path a lane takes changes no bit, only the time.
    // With f the emulation is off: can_scale is false and next_step never looks.
    const bool can_scale = !with_f && [&] {
        for (const double c : {s.c.dx2, s.c.dy2, s.c.dnr_inv}) {
            if (!(c >= 0x1p-60 && c <= 0x1p60)) {
                return false;
            }
        }
        return true;
    }();
    const double result_margin = std::max(1.0, 1.0 / s.c.dnr_inv);
    const __m512d along_near_underflow =
        _mm512_set1_pd(0x1p-1018 * std::max(1.0, 1.0 / s.c.dx2) * result_margin);
    const __m512d vertical_near_underflow =
        _mm512_set1_pd(0x1p-1018 * std::max(1.0, 1.0 / s.c.dy2) * result_margin);
    const __m512d scalable = _mm512_set1_pd(0x1p-200);
    const UpdateNearUnderflow near_underflow{dx2, dy2, dnr_inv};
    bool small_changes_before = false;
    const auto new_values = [&](__m512d along, __m512d vertical, auto look)
        __attribute__((always_inline)) {
        if constexpr (decltype(look)::value) {
            const __m512d a = _mm512_abs_pd(along), b = _mm512_abs_pd(vertical);
            const __mmask8 lanes = (_mm512_cmp_pd_mask(a, along_near_underflow, _CMP_LT_OQ) |
                                    _mm512_cmp_pd_mask(b, vertical_near_underflow, _CMP_LT_OQ)) &
                                   _mm512_cmp_pd_mask(a, scalable, _CMP_LT_OQ) &
                                   _mm512_cmp_pd_mask(b, scalable, _CMP_LT_OQ);
            if (lanes != 0) {
                return near_underflow(along, vertical, lanes);
            }
        }
        return _mm512_mul_pd(_mm512_fmadd_pd(along, dx2, _mm512_mul_pd(vertical, dy2)), dnr_inv);
    };
    // Lanes of vector q whose column at step t lies in [lo, hi).
    const auto lanes_within = [](std::ptrdiff_t t, int q, std::ptrdiff_t lo, std::ptrdiff_t hi) {
        const __m512i column = _mm512_sub_epi64(_mm512_set1_epi64(t - 8 * q),
                                                _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
        return __mmask8(_mm512_cmpge_epi64_mask(column, _mm512_set1_epi64(lo)) &
                        _mm512_cmplt_epi64_mask(column, _mm512_set1_epi64(hi)));
    };
    // Vector q's values at step t, for the lanes in `m` (zero elsewhere).
    const auto gather = [&](__mmask8 m, int q, std::ptrdiff_t t) __attribute__((always_inline)) {
        return _mm512_mask_i32gather_pd(zero, m, offsets, base + q * block + t, 8);
    };
    // The same for f (with_f only).
    const auto gather_f = [&](__mmask8 m, int q, std::ptrdiff_t t) __attribute__((always_inline)) {
        return _mm512_mask_i32gather_pd(zero, m, offsets, base_f + q * block + t, 8);
    };
    __m512d west[V], old[V], sum[V];
    for (int q = 0; q < V; ++q) {
        west[q] = gather(lanes_within(j0 - 1, q, j0 - 1, j0), q, j0 - 1);
        old[q] = gather(lanes_within(j0, q, j0 - 1, j1 + 1), q, j0);
        sum[q] = zero;
    }
    // One step; `masked` (std::true_type) when some lane may be outside [j0, j1).
    const auto step = [&](std::ptrdiff_t t, auto masked, auto look) __attribute__((always_inline)) {
        constexpr bool with_masks = decltype(masked)::value;
        __m512d ahead[V + 1];
        for (int q = 0; q < V; ++q) {
            ahead[q] = with_masks ? gather(lanes_within(t + 1, q, j0 - 1, j1 + 1), q, t + 1)
                                  : gather(0xFF, q, t + 1); // old
        }
        const std::ptrdiff_t last_row_column = t - (R - 1);
        ahead[V] = !with_masks || (last_row_column >= j0 && last_row_column < j1)
                       ? _mm512_set1_pd(base[R * ny + last_row_column]) // row i0+R, old
                       : zero;
        const __m512d above =
            !with_masks || t < j1 ? _mm512_set1_pd(base[t - ny]) : zero; // row i0-1, new
        __m512d v[V];
        for (int q = 0; q < V; ++q) {
            const __m512d south = _mm512_permutex2var_pd(ahead[q], up, ahead[q + 1]);
            const __m512d north =
                _mm512_permutex2var_pd(west[q], down, q > 0 ? west[q - 1] : above);
            const __m512d along = _mm512_add_pd(west[q], ahead[q]);
            const __m512d across = _mm512_add_pd(north, south);
            if constexpr (with_f) {
                const __m512d fv =
                    gather_f(with_masks ? lanes_within(t, q, j0, j1) : __mmask8(0xFF), q, t);
                v[q] = _mm512_mul_pd(
                    _mm512_fmadd_pd(along, dx2,
                                    _mm512_fmsub_pd(across, dy2, _mm512_mul_pd(fv, fk))),
                    dnr_inv);
            } else {
                v[q] = new_values(along, across, look);
            }
        }
        __mmask8 small_changes = 0;
        for (int q = 0; q < V; ++q) {
            if constexpr (with_masks) {
                const __mmask8 active = lanes_within(t, q, j0, j1);
                _mm512_mask_i32scatter_pd(base + q * block + t, active, offsets, v[q], 8);
                const __m512d d = _mm512_maskz_sub_pd(active, v[q], old[q]);
                const __mmask8 adds = adds_to_sum(d);
                small_changes |= __mmask8(active & ~adds);
                sum[q] = _mm512_mask3_fmadd_pd(d, d, sum[q], adds);
                west[q] = _mm512_mask_blend_pd(active, old[q], v[q]);
            } else {
                _mm512_i32scatter_pd(base + q * block + t, offsets, v[q], 8);
                const __m512d d = _mm512_sub_pd(v[q], old[q]);
                const __mmask8 adds = adds_to_sum(d);
                small_changes |= __mmask8(~adds);
                sum[q] = _mm512_mask3_fmadd_pd(d, d, sum[q], adds);
                west[q] = v[q];
            }
            old[q] = ahead[q];
        }
        small_changes_before = can_scale && small_changes != 0;
    };
    // One step, looking for lanes near underflow only after a step with small changes.
    const auto next_step = [&](std::ptrdiff_t t, auto masked) __attribute__((always_inline)) {
        before_step(t);
        if constexpr (with_f) {
            step(t, masked, std::false_type{});
        } else if (small_changes_before) {
            step(t, masked, std::true_type{});
        } else {
            step(t, masked, std::false_type{});
        }
    };
    // Steps j0 .. j1+R-2: masked where the pipeline fills or drains, plain in between.
    const std::ptrdiff_t fill_end = std::min(j0 + R - 1, j1 + R - 1);
    const std::ptrdiff_t drain_begin = std::max(fill_end, j1);
    std::ptrdiff_t t = j0;
    for (; t < fill_end; ++t) {
        next_step(t, std::true_type{});
    }
    for (; t < drain_begin; ++t) {
        next_step(t, std::false_type{});
    }
    for (; t < j1 + R - 1; ++t) {
        next_step(t, std::true_type{});
    }
    double total = 0.0;
    for (int q = 0; q < V; ++q) {
        alignas(64) double lanes[8];
        _mm512_store_pd(lanes, sum[q]);
        total += ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) +
                 ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    }
    return total;
}
#endif

// A band of R rows over columns [j0, j1); returns its sum of squared changes. `olds` is
// scratch for R*ny values (the scalar pipeline keeps the old values there, and the sum of
// squared changes is taken afterwards, vectorised, which takes two of seven floating-point
// operations per point out of the pipeline; skipped when !s.want_change). before_step(t) runs
// before every step.
template <int R, bool with_f, class BeforeStep>
double band(const Stencil &s, std::ptrdiff_t i0, std::ptrdiff_t j0, std::ptrdiff_t j1, double *olds,
            BeforeStep &before_step) {
    const std::ptrdiff_t ny = s.ny;
#ifdef __AVX512F__
    if constexpr (R % 8 == 0) {
        if (ny - 1 <= std::numeric_limits<int>::max() / 8) {
            return band_avx512<R / 8, with_f>(s, i0, j0, j1, before_step);
        }
    }
#endif
    if (j1 - j0 < R) { // too narrow for a full step: fill and drain only
        band_edges<R, with_f>(s, i0, j0, j1, j0, j1 + R - 1, olds, before_step);
    } else {
        band_edges<R, with_f>(s, i0, j0, j1, j0, j0 + R - 1, olds, before_step); // fill
        // Full steps t = j0+R-1 .. j1-1: every row of the band has a point. west[k] is row k's
        // last new value, which is also the north value row k+1 needs in the next step.
        double west[R];
        for (int k = 0; k < R; ++k) {
            west[k] = s.u[(i0 + k) * ny + (j0 + R - 2 - k)];
        }
        // Locals: the stores through p could alias the Stencil's doubles, which would reload them.
        const Coefficients c = s.c;
        double *const base = s.u + i0 * ny;
        const double *const base_f = with_f ? s.f + i0 * ny : nullptr; // same offsets as base
        for (std::ptrdiff_t t = j0 + R - 1; t < j1; ++t) {
            before_step(t);
            // Rows from the last to the first, so west[k-1] is still the previous step's value.
#pragma GCC unroll 64
            for (int k = R - 1; k >= 0; --k) {
                double *const p = base + k * ny + (t - k);
                const double north = k > 0 ? west[k - 1] : p[-ny];
                olds[k * ny + (t - k)] = p[0];
                double v;
                if constexpr (with_f) {
                    v = update(west[k] + p[1], north + p[ny], base_f[k * ny + (t - k)], c);
                } else {
                    v = update(west[k] + p[1], north + p[ny], c);
                }
                p[0] = v;
                west[k] = v;
            }
        }
        band_edges<R, with_f>(s, i0, j0, j1, j1, j1 + R - 1, olds, before_step); // drain
    }
    if (!s.want_change) {
        return 0.0;
    }
    double sum = 0.0;
    for (int k = 0; k < R; ++k) {
        sum += sum_squared_differences(s.u + (i0 + k) * ny + j0, olds + k * ny + j0, j1 - j0);
    }
    return sum;
}

// Rows per band: with AVX-512, two vectors' worth, two independent chains per step; without,
// 8 scalar chains (more spill registers).
#ifndef LAPLACE_WAVEFRONT_BAND_ROWS
#ifdef __AVX512F__
#define LAPLACE_WAVEFRONT_BAND_ROWS 16
#else
#define LAPLACE_WAVEFRONT_BAND_ROWS 8
#endif
#endif
constexpr int band_rows = LAPLACE_WAVEFRONT_BAND_ROWS;

// A band of `rows` (1 <= rows <= R) rows: the last band of the grid may be short.
template <bool with_f, int R = band_rows, class BeforeStep>
double any_band(const Stencil &s, std::ptrdiff_t i0, std::ptrdiff_t rows, std::ptrdiff_t j0,
                std::ptrdiff_t j1, double *olds, BeforeStep &before_step) {
    if constexpr (R == 1) {
        return band<1, with_f>(s, i0, j0, j1, olds, before_step);
    } else {
        return rows == R ? band<R, with_f>(s, i0, j0, j1, olds, before_step)
                         : any_band<with_f, R - 1>(s, i0, rows, j0, j1, olds, before_step);
    }
}

// How far one thread is: its current band and the last step it finished there, as
// band * 2^32 + step, so that the value only grows during a sweep (a thread moving on to its
// next band has finished the previous one). Alone on its cache line. The counters live in the
// caller's workspace: constructed there (placement new, value 0) by the calling thread before
// each sweep's parallel region, whose start orders that before every thread's use.
struct alignas(64) Progress {
    std::atomic<std::uint64_t> mark{0};
};
static_assert(sizeof(Progress) % sizeof(double) == 0 && alignof(Progress) % alignof(double) == 0);
static_assert(std::is_trivially_destructible_v<Progress>); // the doubles can be reused as such

// The workspace: up to alignof(Progress)/sizeof(double) - 1 doubles skipped to align it (the
// workspace itself is aligned to a double), one Progress per thread, then each thread's olds,
// rows_per_band(nx) rows of ny doubles (band's scratch; a thread only ever sweeps bands).
constexpr std::size_t progress_doubles = sizeof(Progress) / sizeof(double);
constexpr std::size_t alignment_slack = alignof(Progress) / sizeof(double) - 1;

std::size_t rows_per_band(int nx) {
    return std::size_t(std::clamp(nx - 2, 1, band_rows));
}

inline std::uint64_t progress_mark(std::ptrdiff_t band, std::ptrdiff_t step) {
    return (std::uint64_t(band) << 32) | std::uint64_t(step);
}

// Steps between two looks at the band above and two publications of this band's progress, for
// rows of ny columns. A look is a cache-line transfer between cores (the thread above wrote the
// line), which stalls the step that waits for it; so the steps between looks are as many as the
// pipeline allows: the band below trails by them plus R-1, and two such lags must fit in a band
// (ny + R - 2 steps) for a thread finishing one band to find its next band's predecessor far
// enough along. At most 128 steps (2048 points with AVX-512). Measured at 1000 x 1000 on 2 threads
// (interleaved with 1-thread runs, ratio of medians, noisy machine): 16 steps 0.80x, 64 steps
// 0.96x, 128 steps 1.04-1.54x, 256 steps 1.28-1.59x, 512 steps 0.91x (then the bands no longer
// overlap). The cap was 256 until the sweeps from interior 0 were timed band by band: there,
// values below 2^-1022 fill a strip of about 33 columns down the lower bands (and most of 3
// bands), each vector multiply on one took a microcode assist, and a band crossing the strip
// ran 2-10x slower (UpdateNearUnderflow now spares those multiplies). The band below reached the
// strip only when the band above was a lag ahead, so the two threads crossed it one after the
// other, never together; a shorter lag let more of the rest overlap. 2 threads against 1 from
// interior 0, same runs: 1.52-1.57x with 128 steps against 1.37-1.41x with 249 (1000 x 1000),
// 1.69-1.76x against 1.55-1.65x (1500 x 1500); from interior 0.5 (no subnormal values) 128 steps
// give 0.03-0.08x less.
std::ptrdiff_t steps_per_signal(std::ptrdiff_t ny) {
    return std::clamp<std::ptrdiff_t>((ny - 2) / 4, 8, 128);
}

// Spins while the thread above is expected to be running (it is a few dozen steps ahead);
// after ~2^17 polls (a few hundred microseconds) it may have been descheduled, so the thread
// yields its core between polls. Yielding much sooner can cost a scheduler time slice per wait
// on a busy machine (measured with the earlier column split, 2 threads at 300 x 300: medians
// 0.011-0.016 G updates/s yielding after 1000 polls, 0.015-0.073 after 2^17 or more; noisy).
// Returns the value seen, >= at_least.
std::uint64_t wait_until(const std::atomic<std::uint64_t> &counter, std::uint64_t at_least) {
    for (int spins = 0;; ++spins) {
        const std::uint64_t seen = counter.load(std::memory_order_acquire);
        if (seen >= at_least) {
            return seen;
        }
        if (spins > (1 << 17)) {
            std::this_thread::yield();
        }
    }
}

template <bool with_f>
double sweep(const SweepCall &call, double *workspace) {
    const std::ptrdiff_t nx = call.g.nx;
    const std::ptrdiff_t ny = call.g.ny;
    const Stencil s{call.g.u, call.f, ny, Coefficients(call.g.dx, call.g.dy, call.f_weight),
                    call.want_change};
    const std::ptrdiff_t bands = (nx - 2 + band_rows - 1) / band_rows;
    // Steps of a full band over the interior columns 1 .. ny-2: t = 1 .. ny-2 + band_rows-1.
    const std::ptrdiff_t last_step = ny - 2 + band_rows - 1;
    const std::ptrdiff_t signal_steps = steps_per_signal(ny);
    const int requested = call.threads;
    // The workspace's layout: see omp_wavefront_workspace.
    const std::size_t misalignment =
        reinterpret_cast<std::uintptr_t>(workspace) % alignof(Progress);
    double *const aligned =
        workspace + (misalignment == 0 ? 0 : (alignof(Progress) - misalignment) / sizeof(double));
    // An array of `requested` counters at 0 (non-allocating placement new[]: no overhead).
    Progress *const progress = new (aligned) Progress[std::size_t(requested)];
    double *const olds_of_all = aligned + std::size_t(requested) * progress_doubles;
    const std::size_t olds_per_thread = rows_per_band(call.g.nx) * std::size_t(ny);
    double sum = 0.0;

#pragma omp parallel num_threads(requested) reduction(+ : sum)
    {
        const std::ptrdiff_t me = omp_get_thread_num();
        const std::ptrdiff_t team = omp_get_num_threads(); // may be fewer than requested
        double *const olds = olds_of_all + std::size_t(me) * olds_per_thread;
        for (std::ptrdiff_t b = me; b < bands; b += team) {
            const std::ptrdiff_t i0 = 1 + b * band_rows;
            const std::ptrdiff_t rows = std::min<std::ptrdiff_t>(band_rows, nx - 1 - i0);
            std::atomic<std::uint64_t> &mine = progress[me].mark;
            const std::atomic<std::uint64_t> *above =
                b > 0 ? &progress[(b - 1) % team].mark : nullptr;
            // Before steps 1, 1 + signal_steps, ...: publish the steps done, then make sure the
            // band above has done the step R-1 beyond the last of the coming ones (looking at
            // its counter only when the last look did not already show that).
            std::uint64_t seen = 0;
            auto before_step = [&](std::ptrdiff_t t) {
                if ((t - 1) % signal_steps != 0) {
                    return;
                }
                if (t > 1) {
                    mine.store(progress_mark(b, t - 1), std::memory_order_release);
                }
                if (above != nullptr) {
                    const std::uint64_t needed = progress_mark(
                        b - 1, std::min(t + signal_steps - 1 + band_rows - 1, last_step));
                    if (seen < needed) {
                        seen = wait_until(*above, needed);
                    }
                }
            };
            sum += any_band<with_f>(s, i0, rows, 1, ny - 1, olds, before_step);
            mine.store(progress_mark(b, ny - 2 + rows - 1), std::memory_order_release);
        }
    }
    return call.want_change ? sum : 0.0;
}

} // namespace

double sweep_omp_wavefront(const SweepCall &call, double *workspace) {
    return call.f ? sweep<true>(call, workspace) : sweep<false>(call, workspace);
}

// Doubles: the alignment slack, then per thread one Progress and rows_per_band(nx) rows of ny.
std::size_t omp_wavefront_workspace(int nx, int ny, int threads) {
    return alignment_slack + std::size_t(std::max(threads, 1)) *
                                 (progress_doubles + rows_per_band(nx) * std::size_t(ny));
}

} // namespace laplace::detail
