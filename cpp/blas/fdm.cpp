// "blas-fdm": the discrete Laplace problem solved directly by fast diagonalisation.
//
// On the (nx-2) x (ny-2) interior, row-major like the grid (i along x, j along y), the 5-point
// scheme reads
//     Tx U / dx^2 + U Ty / dy^2 = F,
// with T = tridiag(-1, 2, -1) of the axis' length m and F holding the boundary values that
// border the interior (divided by dx^2 or dy^2). T = Q diag(lambda) Q with the orthonormal,
// symmetric sine matrix Q[j][k] = sqrt(2/(m+1)) sin((j+1)(k+1) pi/(m+1)) and
// lambda_k = 4 sin^2((k+1) pi/(2(m+1))) (direct/sine_eigenvalues.hpp), so
//     U = Qx ((Qx F Qy) ./ (lambda_x[i]/dx^2 + lambda_y[j]/dy^2)) Qy:
// four matrix products (dgemm) and one division per point. The Q of each axis length is cached
// (a plan).
//
// F is zero but on the interior's four edges: F = e_0 a' + e_last b' + c e_0' + d e_last' with
// a, b the boundary rows and c, d the boundary columns next to the interior. So the first two
// products, Qx F Qy, are the rank-4 product L R, with L = [Qx e_0, Qx e_last, Qx c, Qx d]
// (mx x 4) and R = [a' Qy; b' Qy; e_0' Qy; e_last' Qy] (4 x my), Q being symmetric: 2 mx my
// (mx + my) multiply-adds become about 4 mx my + 2 (mx^2 + my^2), and the two full products that
// remain, U = Qx (G ./ Lambda) Qy, are half the work they were. The same products, the same
// solution to rounding; all of them go through dgemm.
// The code scales the whole equation by dx^2 dy^2/(dx^2 + dy^2): the weights 1/dx^2, 1/dy^2
// become wx = dy^2/(dx^2 + dy^2) and wy = dx^2/(dx^2 + dy^2), which add up to 1 and stay finite
// for any ratio dx/dy (the C ABI hands over spacings whose ratio may be 1e300: then one weight
// is 0 and the other 1, where 1/dy^2 would be Inf and Inf/Inf the answer). The denominators
// wx*lambda_x[i] + wy*lambda_y[j] stay >= min(lambda) > 0. The same scheme, the same solution.
#include "blas.hpp"

#include "../direct/sine_eigenvalues.hpp"
#include "../registry.hpp"
#include "../solver/methods.hpp"

#include <cblas.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace laplace::detail {
namespace {

// The eigen-decomposition of tridiag(-1, 2, -1) of order m.
struct SineBasis {
    int m;
    std::vector<double> q;      // m x m, symmetric and orthonormal
    std::vector<double> lambda; // m eigenvalues, ascending
};

// Physical memory in bytes (0 if unknown).
double physical_memory() {
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page > 0 ? double(pages) * double(page) : 0.0;
}

std::shared_ptr<const SineBasis> make_basis(int m) {
    // An m x m plan larger than the machine's memory would not fail cleanly: the kernel
    // overcommits and the first touch of the pages gets the process killed. Refuse it.
    const double bytes = 8.0 * double(m) * double(m);
    if (const double memory = physical_memory(); memory > 0 && bytes > memory) {
        char message[256];
        std::snprintf(message, sizeof message,
                      "blas-fdm needs a %d x %d eigenvector plan (%.3g GB) for an axis of %d "
                      "interior points: more than the %.3g GB of memory of this machine",
                      m, m, bytes / 1e9, m, memory / 1e9);
        throw TooLargeError(message);
    }
    auto b = std::make_shared<SineBasis>();
    b->m = m;
    const std::size_t n = std::size_t(m);
    b->q.resize(n * n);
    b->lambda.resize(n);
    // sin(p pi/(m+1)) for p = 0..2m+1: the argument (j+1)(k+1) pi/(m+1) is reduced exactly,
    // in integers, to one period, so large products lose no accuracy.
    const long long period = 2 * (long long)(m + 1);
    std::vector<double> sines(static_cast<std::size_t>(period));
    for (long long p = 0; p < period; ++p) {
        sines[std::size_t(p)] = sine_of_multiple(p, m);
    }
    const double scale = std::sqrt(2.0 / double(m + 1));
    for (long long j = 0; j < m; ++j) {
        for (long long k = 0; k < m; ++k) {
            b->q[std::size_t(j) * n + std::size_t(k)] =
                scale * sines[std::size_t(((j + 1) * (k + 1)) % period)];
        }
    }
    for (int k = 0; k < m; ++k) {
        b->lambda[std::size_t(k)] = sine_eigenvalue(k, m);
    }
    return b;
}

// The plan cache, keyed by the axis length m. An entry is made, under the lock, by the first
// request for its key, as a future that this request then fulfils (outside the lock); requests
// for the same key meanwhile wait for it instead of building copies of their own.
using Plan = std::shared_ptr<const SineBasis>;
struct PlanSlot {
    std::shared_future<Plan> plan;
};
std::mutex plans_mutex;
std::map<int, std::shared_ptr<PlanSlot>> plans;

// The basis of order m: from the cache, or built once and cached. A build that throws
// (TooLargeError, std::bad_alloc) leaves no entry, and the requests waiting for it throw the same.
Plan basis(int m) {
    std::promise<Plan> building;
    const auto mine = std::make_shared<PlanSlot>(PlanSlot{building.get_future().share()});
    std::shared_ptr<PlanSlot> slot;
    {
        const std::lock_guard<std::mutex> lock(plans_mutex);
        slot = plans.try_emplace(m, mine).first->second;
    }
    if (slot != mine) {
        return slot->plan.get();
    }
    try {
        Plan built = make_basis(m);
        building.set_value(built);
        return built;
    } catch (...) {
        {
            const std::lock_guard<std::mutex> lock(plans_mutex);
            // Unless the cache was cleared (and the key requested again) meanwhile.
            if (const auto it = plans.find(m); it != plans.end() && it->second == mine) {
                plans.erase(it);
            }
        }
        building.set_exception(std::current_exception());
        throw;
    }
}

// C = alpha A B + beta C for row-major A (m x k), B (k x n), C (m x n) with leading dimensions.
void gemm(int m, int n, int k, const double *a, int lda, const double *b, int ldb, double *c,
          int ldc, double alpha = 1.0, double beta = 0.0) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c,
                ldc);
}

// "blas-fdm" set up for one grid: the two axes' plans (shared through the cache) and the
// workspace of a solve: two interior-sized arrays and the rank-4 factors.
class FdmState final : public MethodState {
  public:
    FdmState(const MethodSettings &, const GridRef &g)
        : mx_(g.nx - 2), my_(g.ny - 2), bx_(basis(mx_)), by_(mx_ == my_ ? bx_ : basis(my_)),
          workspace_(2 * std::size_t(mx_) * std::size_t(my_) + 8 * std::size_t(mx_ + my_)) {}

    double step(const Problem &p, bool want_change) override;

    std::size_t bytes() const override {
        const auto plan = [](const SineBasis &b) { return (b.q.size() + b.lambda.size()) * 8; };
        return workspace_.size() * sizeof(double) + plan(*bx_) + (by_ == bx_ ? 0 : plan(*by_));
    }
    // The work around the solve (residual, scans) runs on the calling thread: an OpenMP team
    // waiting (spinning) between its regions would compete with OpenBLAS's threads for the
    // cores during the products.
    int threads() const override { return 1; }
    std::string describe_step(int) const override { return "the direct solve of 'blas-fdm'"; }

  private:
    int mx_, my_;
    std::shared_ptr<const SineBasis> bx_, by_;
    std::vector<double> workspace_;
};

} // namespace

int fdm_check(const MethodSettings &) {
    return 0;
}

std::unique_ptr<MethodState> fdm_setup(const MethodSettings &s, const GridRef &g) {
    return std::make_unique<FdmState>(s, g);
}

double FdmState::step(const Problem &p, bool want_change) {
    const GridRef &g = p.g;
    const int mx = mx_, my = my_, ny = g.ny;
    const SineBasis *bx = bx_.get(), *by = by_.get();
    double *const workspace = workspace_.data();
    const BlasThreadScope threads;

    const std::size_t points = std::size_t(mx) * std::size_t(my);
    const std::size_t smx = std::size_t(mx), smy = std::size_t(my);
    // The rank-4 factors of Qx F Qy (see the top): [c d] and Qx [c d] (mx x 2), [a; b] and
    // [a; b] Qy (2 x my), L (mx x 4), R (4 x my).
    double *cd = workspace + 2 * points, *qcd = cd + 2 * smx; // mx x 2 each
    double *ab = qcd + 2 * smx, *abq = ab + 2 * smy;          // 2 x my each
    double *left = abq + 2 * smy, *right = left + 4 * smx;    // mx x 4, 4 x my
    double *f = workspace;                                    // mx x my
    double *t = workspace + points;                           // mx x my
    const double *u = g.u;
    const double dx2 = g.dx * g.dx, dy2 = g.dy * g.dy;
    const double rdx2 = dy2 / (dx2 + dy2), rdy2 = dx2 / (dx2 + dy2); // wx, wy (see the top)
    const auto at = [ny](std::ptrdiff_t i, std::ptrdiff_t j) { return i * ny + j; };

    // F's edges: the boundary values next to the interior, moved to the right-hand side.
    for (int j = 0; j < my; ++j) {
        ab[j] = u[at(0, j + 1)] * rdx2;                         // a: above the interior's first row
        ab[smy + std::size_t(j)] = u[at(mx + 1, j + 1)] * rdx2; // b: below its last row
    }
    for (int i = 0; i < mx; ++i) {
        cd[2 * std::size_t(i)] = u[at(i + 1, 0)] * rdy2;          // c: west of its first column
        cd[2 * std::size_t(i) + 1] = u[at(i + 1, my + 1)] * rdy2; // d: east of its last column
    }

    const double *qx = bx->q.data(), *qy = by->q.data();
    gemm(mx, 2, mx, qx, mx, cd, 2, qcd, 2);   // Qx [c d]
    gemm(2, my, my, ab, my, qy, my, abq, my); // [a; b] Qy
    for (std::size_t i = 0; i < smx; ++i) {
        left[4 * i] = qx[i * smx];
        left[4 * i + 1] = qx[i * smx + smx - 1];
        left[4 * i + 2] = qcd[2 * i];
        left[4 * i + 3] = qcd[2 * i + 1];
    }
    std::copy_n(abq, 2 * smy, right);
    std::copy_n(qy, smy, right + 2 * smy);                   // e_0' Qy: Qy's first row
    std::copy_n(qy + (smy - 1) * smy, smy, right + 3 * smy); // e_last' Qy: its last row
    gemm(mx, my, 4, left, 4, right, my, f, my);              // f = Qx F Qy
    if (p.f != nullptr) {
        // The right-hand side's part, -c Qx f Qy with c = dx^2 dy^2/(dx^2 + dy^2) in the
        // caller's units (the equation's scaling, see the top; validation.hpp for f_weight):
        // two more full products, f read in place (leading dimension ny).
        gemm(mx, my, mx, qx, mx, p.f + at(1, 1), ny, t, my);
        gemm(mx, my, my, t, my, qy, my, f, my, -p.f_weight / (dx2 + dy2), 1.0);
    }
    const double *lx = bx->lambda.data(), *ly = by->lambda.data();
    for (int i = 0; i < mx; ++i) {
        double *row = f + std::size_t(i) * my;
        const double li = lx[i] * rdx2;
        for (int j = 0; j < my; ++j) {
            row[j] /= li + ly[j] * rdy2;
        }
    }
    gemm(mx, my, mx, qx, mx, f, my, t, my); // t = Qx (...)

    // Keep the old interior for the change norm, then write U = t Qy straight into u.
    if (want_change) {
        for (int i = 0; i < mx; ++i) {
            std::copy_n(u + at(i + 1, 1), my, f + std::size_t(i) * my);
        }
    }
    double *interior = g.u + at(1, 1);
    gemm(mx, my, my, t, my, qy, my, interior, ny);
    if (!want_change) {
        return 0.0;
    }

    double sum = 0.0;
    for (int i = 0; i < mx; ++i) {
        const double *now = interior + std::ptrdiff_t(i) * ny;
        const double *old = f + std::size_t(i) * my;
        for (int j = 0; j < my; ++j) {
            sum += (now[j] - old[j]) * (now[j] - old[j]);
        }
    }
    return sum;
}

void fdm_clear_plans() {
    const std::lock_guard<std::mutex> lock(plans_mutex);
    plans.clear();
}

long long fdm_plan_bytes() {
    const std::lock_guard<std::mutex> lock(plans_mutex);
    long long bytes = 0;
    for (const auto &[m, slot] : plans) {
        if (slot->plan.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            const SineBasis &b = *slot->plan.get(); // a build that failed left no entry
            bytes += (long long)(b.q.size() + b.lambda.size()) * (long long)sizeof(double);
        }
    }
    return bytes;
}

} // namespace laplace::detail
