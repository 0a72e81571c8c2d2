// "fft-dst": the discrete Poisson problem solved directly by type-I sine transforms (FFTW).
//
// On the mx x my interior (mx = nx-2, my = ny-2), row-major like the grid (k along x, l along y),
// the scheme, scaled as blas-fdm scales it (cpp/blas/fdm.cpp: weights wx = dy^2/(dx^2 + dy^2)
// and wy = dx^2/(dx^2 + dy^2), finite for any dx/dy), reads
//     wx Tx U + wy U Ty = F,
// T = tridiag(-1, 2, -1) of the axis' length, F the boundary values next to the interior (times
// wx or wy) less c f, c = dx^2 dy^2/(dx^2 + dy^2) in the caller's units. FFTW's RODFT00 of
// length m applies 2 S, S[k][j] = sin((j+1)(k+1) pi/(m+1)), whose columns are T's eigenvectors:
// T = (2/(m+1)) S diag(lambda) S with S S = (m+1)/2 (direct/sine_eigenvalues.hpp). So with
// D2(X) = 4 Sx X Sy, the transform along both axes (D2 D2 = N I, N = 4(mx+1)(my+1): RODFT00 is
// its own inverse up to 2(m+1) per axis),
//     U = D2( D2(F) ./ (N (wx lambda_x[k] + wy lambda_y[l])) ).
// One 2D plan serves both transforms, in place on the solver's workspace.
//
// Without f, F is zero but on the interior's edges: F = e_0 a' + e_last b' + c e_0' + d e_last'
// (a, b the rows above and below, c, d the columns west and east). Since S e_0 = s and
// S e_last = (-1)^k s, s_k = sin((k+1) pi/(m+1)),
//     D2(F)[k][l] = 2 (s_x[k] (A[l] + (-1)^k B[l]) + s_y[l] (C[k] + (-1)^l D[k])),
// A, B, C, D the RODFT00 of a, b, c, d: four 1D transforms (two batched plans) replace the first
// 2D transform. With f, the 2D transform of -c f is added to that.
#include "fftw.hpp"

#include "../direct/sine_eigenvalues.hpp"
#include "../registry.hpp"
#include "../validation.hpp"
#include "laplace/laplace.h"

#include <fftw3.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace laplace::detail {
namespace {

// FFTW's planner flag for a LAPLACE_FFTW_* planning effort (validated by check_fftw_planning).
unsigned planner_flags(int planning) {
    switch (planning) {
    case LAPLACE_FFTW_MEASURE:
        return FFTW_MEASURE;
    case LAPLACE_FFTW_PATIENT:
        return FFTW_PATIENT;
    case LAPLACE_FFTW_EXHAUSTIVE:
        return FFTW_EXHAUSTIVE;
    default:
        return FFTW_ESTIMATE;
    }
}

// Arrays FFTW transforms, aligned for its SIMD codelets. fftw_malloc would abort the process
// when memory runs out; this reports it.
struct AlignedFree {
    void operator()(double *p) const { ::operator delete[](p, std::align_val_t{64}); }
};
using AlignedArray = std::unique_ptr<double[], AlignedFree>;

AlignedArray aligned_doubles(std::size_t n, const GridRef &g) {
    void *p = ::operator new[](n * sizeof(double), std::align_val_t{64}, std::nothrow);
    if (p == nullptr) {
        throw TooLargeError("cannot allocate the " + std::to_string(n * sizeof(double)) +
                            "-byte workspace 'fft-dst' needs for a " + std::to_string(g.nx) +
                            " x " + std::to_string(g.ny) + " grid");
    }
    return AlignedArray(static_cast<double *>(p));
}

struct PlanDestroy {
    void operator()(fftw_plan_s *plan) const {
        const FftwPlannerLock lock;
        fftw_destroy_plan(plan);
    }
};
using Plan = std::unique_ptr<fftw_plan_s, PlanDestroy>;

Plan checked(fftw_plan plan) {
    if (plan == nullptr) {
        throw std::runtime_error("FFTW made no plan for fft-dst");
    }
    return Plan(plan);
}

// RODFT00 of `howmany` vectors of length n, stored one after another in `data`, in place.
fftw_plan plan_vectors(int n, int howmany, double *data, unsigned flags) {
    const fftw_r2r_kind kind = FFTW_RODFT00;
    return fftw_plan_many_r2r(1, &n, howmany, data, nullptr, 1, n, data, nullptr, 1, n, &kind,
                              flags);
}

// "fft-dst" set up for one grid: the workspace, the tables and the plans.
class FftDstState final : public MethodState {
  public:
    FftDstState(const MethodSettings &s, const GridRef &g);

    double step(const Problem &p, bool want_change) override;
    std::size_t bytes() const override {
        const std::size_t mx = std::size_t(mx_), my = std::size_t(my_);
        return (mx * my + 2 * (mx + my) + 3 * mx + 3 * my) * sizeof(double);
    }
    int threads() const override { return team_; }
    std::string describe_step(int) const override { return "the direct solve of 'fft-dst'"; }

  private:
    int mx_, my_, requested_, team_;
    AlignedArray work_;                            // mx x my: the interior's transform
    AlignedArray edges_;                           // a, b (2 x my), then c, d (2 x mx)
    std::vector<double> sx_, sy_, sy_alternating_; // s_x[k]; s_y[l], (-1)^l s_y[l]
    std::vector<double> lx_, ly_;                  // N wx lambda_x[k], N wy lambda_y[l]
    std::vector<double> row_sums_;                 // per interior row: the change's squares
    Plan full_, rows_, columns_;                   // D2; RODFT00 of a, b; of c, d
};

FftDstState::FftDstState(const MethodSettings &s, const GridRef &g)
    : mx_(g.nx - 2), my_(g.ny - 2), requested_(s.threads), team_(team_size(s.threads, g)),
      work_(aligned_doubles(std::size_t(mx_) * std::size_t(my_), g)),
      edges_(aligned_doubles(2 * std::size_t(mx_ + my_), g)), sx_(std::size_t(mx_)),
      sy_(std::size_t(my_)), sy_alternating_(std::size_t(my_)), lx_(std::size_t(mx_)),
      ly_(std::size_t(my_)), row_sums_(std::size_t(mx_)) {
    const double dx2 = g.dx * g.dx, dy2 = g.dy * g.dy;
    const double wx = dy2 / (dx2 + dy2), wy = dx2 / (dx2 + dy2);
    const double n = 4.0 * double(mx_ + 1) * double(my_ + 1);
    for (int k = 0; k < mx_; ++k) {
        sx_[std::size_t(k)] = sine_of_multiple(k + 1, mx_);
        lx_[std::size_t(k)] = n * wx * sine_eigenvalue(k, mx_);
    }
    for (int l = 0; l < my_; ++l) {
        sy_[std::size_t(l)] = sine_of_multiple(l + 1, my_);
        sy_alternating_[std::size_t(l)] = l % 2 == 0 ? sy_[std::size_t(l)] : -sy_[std::size_t(l)];
        ly_[std::size_t(l)] = n * wy * sine_eigenvalue(l, my_);
    }
    const unsigned flags = planner_flags(s.fftw_planning);
    {
        const FftwPlannerLock lock(team_);
        full_ = checked(fftw_plan_r2r_2d(mx_, my_, work_.get(), work_.get(), FFTW_RODFT00,
                                         FFTW_RODFT00, flags));
    }
    const FftwPlannerLock lock(1); // the edges' transforms are too small to share
    rows_ = checked(plan_vectors(my_, 2, edges_.get(), flags));
    columns_ = checked(plan_vectors(mx_, 2, edges_.get() + 2 * my_, flags));
}

double FftDstState::step(const Problem &p, bool want_change) {
    const GridRef &g = p.g;
    const int team = std::min(team_size(requested_, g), team_);
    (void)team;
    const int mx = mx_, my = my_;
    const std::ptrdiff_t ny = g.ny;
    const double dx2 = g.dx * g.dx, dy2 = g.dy * g.dy;
    const double wx = dy2 / (dx2 + dy2), wy = dx2 / (dx2 + dy2);
    double *const w = work_.get();
    const auto at = [ny](std::ptrdiff_t i, std::ptrdiff_t j) { return i * ny + j; };

    // The edges of F and their transforms; then 2 (A + B), 2 (A - B) (even and odd rows) and
    // 2 C, 2 D, the factors of D2(F) (see the top).
    double *const ab = edges_.get(), *const cd = ab + 2 * my;
    for (int l = 0; l < my; ++l) {
        ab[l] = wx * g.u[at(0, l + 1)];
        ab[my + l] = wx * g.u[at(mx + 1, l + 1)];
    }
    for (int k = 0; k < mx; ++k) {
        cd[k] = wy * g.u[at(k + 1, 0)];
        cd[mx + k] = wy * g.u[at(k + 1, my + 1)];
    }
    fftw_execute(rows_.get());
    fftw_execute(columns_.get());
    for (int l = 0; l < my; ++l) {
        const double a = ab[l], b = ab[my + l];
        ab[l] = 2 * (a + b);
        ab[my + l] = 2 * (a - b);
    }
    for (int k = 0; k < 2 * mx; ++k) {
        cd[k] *= 2;
    }

    const bool with_f = p.f != nullptr;
    if (with_f) {
        const double c = -p.f_weight / (dx2 + dy2); // the equation's scaling, see the top
#pragma omp parallel for schedule(static) num_threads(team)
        for (int k = 0; k < mx; ++k) {
            const double *f = p.f + at(k + 1, 1);
            double *row = w + std::ptrdiff_t(k) * my;
            for (int l = 0; l < my; ++l) {
                row[l] = c * f[l];
            }
        }
        fftw_execute(full_.get());
    }

    // D2(F) ./ (N (wx lambda_x + wy lambda_y)), then the inverse transform.
    const double *sy = sy_.data(), *sya = sy_alternating_.data(), *ly = ly_.data();
#pragma omp parallel for schedule(static) num_threads(team)
    for (int k = 0; k < mx; ++k) {
        const double *edge_row = ab + (k % 2 == 0 ? 0 : my);
        const double s = sx_[std::size_t(k)], lk = lx_[std::size_t(k)];
        const double ck = cd[k], dk = cd[mx + k];
        double *row = w + std::ptrdiff_t(k) * my;
        for (int l = 0; l < my; ++l) {
            const double edge = s * edge_row[l] + ck * sy[l] + dk * sya[l];
            row[l] = (with_f ? row[l] + edge : edge) / (lk + ly[l]);
        }
    }
    fftw_execute(full_.get());

    // U into u's interior, with the change from the values it replaces.
    double *const sums = row_sums_.data();
#pragma omp parallel for schedule(static) num_threads(team)
    for (int k = 0; k < mx; ++k) {
        const double *row = w + std::ptrdiff_t(k) * my;
        double *out = g.u + at(k + 1, 1);
        if (!want_change) {
            std::copy_n(row, my, out);
            continue;
        }
        double sum = 0.0;
        for (int l = 0; l < my; ++l) {
            const double d = row[l] - out[l];
            sum += d * d;
            out[l] = row[l];
        }
        sums[k] = sum;
    }
    double sum = 0.0;
    if (want_change) {
        for (int k = 0; k < mx; ++k) {
            sum += sums[k];
        }
    }
    return sum;
}

} // namespace

int fft_dst_check(const MethodSettings &) {
    return LAPLACE_OK;
}

std::unique_ptr<MethodState> fft_dst_setup(const MethodSettings &s, const GridRef &g) {
    return std::make_unique<FftDstState>(s, g);
}

} // namespace laplace::detail
