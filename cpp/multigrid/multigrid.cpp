// Units. The kernels solve the scaled equation M u = K f (update.hpp, validation.hpp: M the
// 5-point operator on the scaled spacings, K = f_weight). On level l with spacings (dx_l, dy_l)
// the same equation reads M_l u = K w_l f, w_l = (dx_l dy_l / (dx_0 dy_0))^2. Level l > 0 keeps
// its right-hand side b_l in level 0's units (K times the true one) and hands the kernel f = b_l
// with the weight w_l; so the residual w_l b_l - M_l u of level l is w_l times the true one in
// level 0's units, and restricting it divides by w_l. Every level's numbers then stay near the
// caller's, whatever the spacings.
#include "multigrid.hpp"

#include "../kernels/kernels.hpp"
#include "../validation.hpp"
#include "coarse_direct.hpp"
#include "hierarchy.hpp"
#include "laplace/laplace.h"
#include "transfer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <new>
#include <string>
#include <vector>

namespace laplace::detail {

using namespace multigrid;

namespace {

constexpr int default_pre_smooth = 2;
constexpr int default_post_smooth = 1;
// Damping of a Jacobi smoother unless one is set: 4/5, the best smoothing factor of damped
// Jacobi for the 5-point Laplacian on a square grid.
constexpr double default_jacobi_damping = 0.8;

const char *cycle_name(int cycle) {
    switch (cycle) {
    case LAPLACE_CYCLE_W:
        return "W";
    case LAPLACE_CYCLE_F:
        return "F";
    case LAPLACE_CYCLE_FMG:
        return "FMG";
    default:
        return "V";
    }
}

// A buffer of doubles allocated once, at setup; TooLargeError when it cannot be had.
std::unique_ptr<double[]> doubles(std::size_t n, int nx, int ny) {
    std::unique_ptr<double[]> p(new (std::nothrow) double[n == 0 ? 1 : n]);
    if (!p) {
        throw TooLargeError("cannot allocate the " + std::to_string(n * sizeof(double)) +
                            "-byte workspace 'multigrid' needs for a " + std::to_string(nx) +
                            " x " + std::to_string(ny) + " grid");
    }
    return p;
}

struct Level {
    LevelShape shape;
    double w = 1.0; // w_l (see the top of this file); 1 on level 0
    int team = 1;   // threads at most, for this level's size
    // Level > 0: the unknown (a correction, or FMG's solution) and its right-hand side.
    std::unique_ptr<double[]> u, b;
    // All but the coarsest: the smoother's workspace, the transfers to l + 1 and their scratch.
    std::unique_ptr<double[]> smoother_workspace, rows;
    std::size_t smoother_doubles = 0;
    AxisTransfer ax, ay;
};

class MultigridState final : public MethodState {
  public:
    MultigridState(const KernelEntry &smoother, const MethodSettings &s, const GridRef &g)
        : smoother_(smoother), requested_(s.threads), shape_{nullptr, g.nx, g.ny, g.dx, g.dy},
          cycle_(s.cycle == 0 ? LAPLACE_CYCLE_V : s.cycle),
          pre_(s.pre_smooth < 0 ? default_pre_smooth : s.pre_smooth),
          post_(s.post_smooth < 0 ? default_post_smooth : s.post_smooth) {
        if (s.weight != 0.0) {
            weight_ = s.weight;
        } else {
            weight_ = smoother.scheme == Scheme::jacobi ? default_jacobi_damping : 1.0;
        }
        const std::vector<LevelShape> shapes = plan_levels(g.nx, g.ny, g.dx, g.dy);
        const int team0 = team_size(s.threads, g);
        levels_.resize(shapes.size());
        for (std::size_t l = 0; l < shapes.size(); ++l) {
            Level &v = levels_[l];
            v.shape = shapes[l];
            // (dx_l dy_l / (dx_0 dy_0))^2 from the extents (hierarchy.hpp: dx_l = dx_0 (nx_0 - 1) /
            // (nx_l - 1)), not from the spacings: a scaled spacing may be 0 (dx/dy below 2^-1075).
            const double ratio = double(g.nx - 1) / double(v.shape.nx - 1) *
                                 (double(g.ny - 1) / double(v.shape.ny - 1));
            v.w = l == 0 ? 1.0 : ratio * ratio;
            const GridRef lg{nullptr, v.shape.nx, v.shape.ny, v.shape.dx, v.shape.dy};
            v.team = std::min(team0, team_size(0, lg));
            const std::size_t points = std::size_t(v.shape.nx) * std::size_t(v.shape.ny);
            if (l > 0) {
                v.u = allocate(points);
                v.b = allocate(points);
            }
            if (l + 1 < shapes.size()) {
                const LevelShape &c = shapes[l + 1];
                v.ax = c.nx == v.shape.nx ? identity_axis(c.nx) : make_axis(v.shape.nx, c.nx);
                v.ay = c.ny == v.shape.ny ? identity_axis(c.ny) : make_axis(v.shape.ny, c.ny);
                v.rows = allocate(rows_scratch(v.shape.ny, c.ny, team0));
                const int kernel_team = smoother.threading == Threading::openmp ? v.team : 1;
                v.smoother_doubles =
                    smoother.workspace_doubles(v.shape.nx, v.shape.ny, kernel_team);
                v.smoother_workspace = allocate(v.smoother_doubles);
            }
        }
        const LevelShape &c = shapes.back();
        try {
            coarse_ = std::make_unique<CoarseDirect>(c.nx, c.ny, c.dx, c.dy);
        } catch (const std::bad_alloc &) {
            throw TooLargeError("cannot allocate the coarsest level's direct solver of "
                                "'multigrid' for a " +
                                std::to_string(g.nx) + " x " + std::to_string(g.ny) + " grid");
        }
        bytes_ += coarse_->bytes();
        previous_ = allocate(std::size_t(g.nx) * std::size_t(g.ny));
    }

    double step(const Problem &p, bool want_change) override {
        now_ = threads();
        f_ = p.f;
        k_ = p.f_weight;
        u0_ = p.g.u;
        const std::size_t n = std::size_t(p.g.size());
        if (want_change) {
            std::memcpy(previous_.get(), p.g.u, n * sizeof(double));
        }
        if (cycle_ == LAPLACE_CYCLE_FMG && p.iteration == 1) {
            full_multigrid();
        } else {
            cycle(0, cycle_ == LAPLACE_CYCLE_FMG ? LAPLACE_CYCLE_V : cycle_);
        }
        if (!want_change) {
            return 0.0;
        }
        double sum = 0.0;
        const double *const old = previous_.get();
        for (std::size_t k = 0; k < n; ++k) {
            const double d = p.g.u[k] - old[k];
            sum += d * d;
        }
        return sum;
    }

    std::size_t bytes() const override { return bytes_; }

    int threads() const override {
        return std::min(team_size(requested_, shape_), levels_[0].team);
    }

    std::string describe_step(int number) const override {
        return "cycle " + std::to_string(number) + " of method 'multigrid' (" + cycle_name(cycle_) +
               "(" + std::to_string(pre_) + "," + std::to_string(post_) + "), smoother '" +
               smoother_.name + "')";
    }

  private:
    std::unique_ptr<double[]> allocate(std::size_t n) {
        bytes_ += n * sizeof(double);
        return doubles(n, shape_.nx, shape_.ny);
    }

    int team(std::size_t l) const { return std::min(now_, levels_[l].team); }

    // Level l's unknown, right-hand side and the kernel's weight for it.
    double *u(std::size_t l) { return l == 0 ? u0_ : levels_[l].u.get(); }
    const double *b(std::size_t l) const { return l == 0 ? f_ : levels_[l].b.get(); }
    double kernel_weight(std::size_t l) const { return l == 0 ? k_ : levels_[l].w; }
    GridRef grid(std::size_t l) {
        const LevelShape &s = levels_[l].shape;
        return {u(l), s.nx, s.ny, s.dx, s.dy};
    }

    void smooth(std::size_t l, int sweeps) {
        Level &v = levels_[l];
        const int kernel_team = smoother_.threading == Threading::openmp ? team(l) : 1;
        const SweepCall call{grid(l), b(l), kernel_weight(l), weight_, kernel_team, false};
        for (int s = 0; s < sweeps; ++s) {
            smoother_.sweep(call, v.smoother_workspace.get());
        }
    }

    void solve_coarsest() {
        const std::size_t l = levels_.size() - 1;
        coarse_->solve(grid(l), b(l), kernel_weight(l), team(l));
    }

    // One cycle of `type` on level l for M_l u_l = w_l b_l, u_l's boundary given.
    void cycle(std::size_t l, int type) {
        if (l + 1 == levels_.size()) {
            solve_coarsest();
            return;
        }
        Level &v = levels_[l];
        Level &c = levels_[l + 1];
        smooth(l, pre_);
        restrict_residual(grid(l), b(l), kernel_weight(l), c.b.get(), v.ax, v.ay, 1.0 / v.w,
                          team(l), v.rows.get());
        std::fill_n(c.u.get(), std::size_t(c.shape.nx) * std::size_t(c.shape.ny), 0.0);
        switch (type) {
        case LAPLACE_CYCLE_W:
            cycle(l + 1, LAPLACE_CYCLE_W);
            cycle(l + 1, LAPLACE_CYCLE_W);
            break;
        case LAPLACE_CYCLE_F:
            cycle(l + 1, LAPLACE_CYCLE_F);
            cycle(l + 1, LAPLACE_CYCLE_V);
            break;
        default:
            cycle(l + 1, LAPLACE_CYCLE_V);
            break;
        }
        prolong(c.u.get(), u(l), v.ax, v.ay, team(l), v.rows.get());
        smooth(l, post_);
    }

    // Full multigrid: the problem on every level (f restricted, boundary values interpolated
    // along the edges), solved on the coarsest, then coarse to fine: the solution interpolated
    // to the next level (cubic: hierarchy.hpp) and improved there by one V cycle. The interior
    // guess is not used.
    void full_multigrid() {
        const std::size_t last = levels_.size() - 1;
        for (std::size_t l = 0; l < last; ++l) {
            Level &v = levels_[l];
            Level &c = levels_[l + 1];
            if (b(l)) {
                // Level 0's b is the caller's f with weight K: b_1 = R (K f).
                const double scale = l == 0 ? k_ : 1.0;
                restrict_right_hand_side(l, scale);
            } else {
                std::fill_n(c.b.get(), std::size_t(c.shape.nx) * std::size_t(c.shape.ny), 0.0);
            }
            restrict_boundary(u(l), c.u.get(), v.ax, v.ay);
        }
        solve_coarsest();
        for (std::size_t l = last; l-- > 0;) {
            Level &v = levels_[l];
            interpolate_solution(levels_[l + 1].u.get(), u(l), v.ax, v.ay, team(l), v.rows.get());
            cycle(l, LAPLACE_CYCLE_V);
        }
    }

    // b_{l+1} = scale * R b_l (the whole right-hand side, not a residual).
    void restrict_right_hand_side(std::size_t l, double scale) {
        Level &v = levels_[l];
        restrict_array(b(l), levels_[l + 1].b.get(), v.ax, v.ay, scale, team(l), v.rows.get());
    }

    const KernelEntry &smoother_;
    int requested_;
    GridRef shape_;
    int cycle_, pre_, post_;
    double weight_ = 1.0;
    std::vector<Level> levels_;
    std::unique_ptr<CoarseDirect> coarse_;
    std::unique_ptr<double[]> previous_;
    std::size_t bytes_ = 0;
    // The current solve.
    int now_ = 1;
    const double *f_ = nullptr;
    double k_ = 1.0;
    double *u0_ = nullptr;
};

// "multigrid-cg": conjugate gradients on A = -M (symmetric positive definite), each step
// preconditioned by one multigrid cycle from a zero guess. With s = K f - M u the residual of
// M u = K f (r = -s that of A u = -K f) and z = cycle(s) ~ M^-1 s = A^-1 r, a step is
//     q = A p, alpha = -<s, z>/<p, q>, u += alpha p, s += alpha q, z' = cycle(s),
//     beta = alpha <q, z'>/<s, z>  (Polak-Ribiere, = <r' - r, z'>/<r, z>), p = z' + beta p,
// the flexible form, since a red-black or Gauss-Seidel cycle is not a symmetric operator. The
// first step of a solve starts from s = K f - M u, p = z = cycle(s).
class MultigridCgState final : public MethodState {
  public:
    MultigridCgState(const KernelEntry &smoother, const MethodSettings &s, const GridRef &g)
        : cycle_(smoother, s, g), shape_{nullptr, g.nx, g.ny, g.dx, g.dy},
          n_(std::size_t(g.nx) * std::size_t(g.ny)), s_(vector()), z_(vector()), p_(vector()),
          q_(vector()), row_sums_(std::size_t(g.nx)) {}

    double step(const Problem &pr, bool want_change) override {
        const int threads = this->threads();
        const GridRef &g = pr.g;
        if (pr.iteration == 1) {
            residual(g, pr.f, pr.f_weight, s_.get(), threads);
            precondition(g);
            sigma_ = dot(s_.get(), z_.get(), threads);
            std::copy_n(z_.get(), n_, p_.get());
        }
        apply(p_.get(), q_.get(), threads);
        const double pq = dot(p_.get(), q_.get(), threads);
        if (sigma_ == 0.0 || pq == 0.0) {
            return 0.0; // s = 0: u solves the equations
        }
        const double alpha = -sigma_ / pq;
        if (!std::isfinite(alpha)) {
            return 0.0; // <s, z> and <p, q> near underflow: u solves to rounding
        }
        const double change = update(g.u, alpha, want_change, threads);
        precondition(g);
        const double sigma = dot(s_.get(), z_.get(), threads);
        double beta = alpha * dot(q_.get(), z_.get(), threads) / sigma_;
        if (!std::isfinite(beta)) {
            beta = 0.0; // the recurrence lost its scale: restart from the preconditioned residual
        }
        interior_rows(threads, [&](std::ptrdiff_t k0, std::ptrdiff_t k1) {
            for (std::ptrdiff_t k = k0; k < k1; ++k) {
                p_[k] = z_[k] + beta * p_[k];
            }
            return 0.0;
        });
        sigma_ = sigma;
        return change;
    }

    std::size_t bytes() const override {
        return cycle_.bytes() + (4 * n_ + row_sums_.size()) * sizeof(double);
    }
    int threads() const override { return cycle_.threads(); }
    std::string describe_step(int number) const override {
        return "step " + std::to_string(number) + " of method 'multigrid-cg' (" +
               cycle_.describe_step(number) + " as its preconditioner)";
    }

  private:
    std::unique_ptr<double[]> vector() {
        std::unique_ptr<double[]> v = doubles(n_, shape_.nx, shape_.ny);
        std::fill_n(v.get(), n_, 0.0); // boundary values stay 0
        return v;
    }

    // z = one cycle on M z = s from z = 0.
    void precondition(const GridRef &g) {
        std::fill_n(z_.get(), n_, 0.0);
        const Problem correction{{z_.get(), g.nx, g.ny, g.dx, g.dy}, s_.get(), 1.0, 2};
        cycle_.step(correction, false);
    }

    // out = -M v = A v on the interior (v's boundary is 0): the residual of M v = 0.
    void apply(const double *v, double *out, int threads) {
        const GridRef g{const_cast<double *>(v), shape_.nx, shape_.ny, shape_.dx, shape_.dy};
        residual(g, nullptr, 0.0, out, threads);
    }

    // body(k0, k1) for the interior points [k0, k1) of each interior row, rows on `threads`
    // threads; the rows' returns added in order: the same sum for any thread count.
    template <class Body>
    double interior_rows(int threads, Body body) {
        const std::ptrdiff_t nx = shape_.nx, ny = shape_.ny;
        double *const sums = row_sums_.data();
        (void)threads;
#pragma omp parallel for schedule(static) num_threads(threads)
        for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
            sums[i] = body(i * ny + 1, i * ny + ny - 1);
        }
        double total = 0.0;
        for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
            total += sums[i];
        }
        return total;
    }

    // <a, b> over the interior.
    double dot(const double *a, const double *b, int threads) {
        return interior_rows(threads, [&](std::ptrdiff_t k0, std::ptrdiff_t k1) {
            double sum = 0.0;
            for (std::ptrdiff_t k = k0; k < k1; ++k) {
                sum += a[k] * b[k];
            }
            return sum;
        });
    }

    // u += alpha p and s += alpha q on the interior; the sum of squared changes of u.
    double update(double *u, double alpha, bool want_change, int threads) {
        return interior_rows(threads, [&](std::ptrdiff_t k0, std::ptrdiff_t k1) {
            double sum = 0.0;
            for (std::ptrdiff_t k = k0; k < k1; ++k) {
                const double d = alpha * p_[k];
                u[k] += d;
                s_[k] += alpha * q_[k];
                sum += want_change ? d * d : 0.0;
            }
            return sum;
        });
    }

    MultigridState cycle_;
    GridRef shape_;
    std::size_t n_;
    std::unique_ptr<double[]> s_, z_, p_, q_;
    std::vector<double> row_sums_;
    double sigma_ = 0.0;
};

} // namespace

const KernelEntry &default_smoother() {
#ifdef LAPLACE_WITH_OPENMP
    return *find_kernel("omp-redblack");
#else
    return *find_kernel("cpp-loop");
#endif
}

int multigrid_check(const MethodSettings &s) {
    const KernelEntry &k = s.kernel ? *s.kernel : default_smoother();
    if (int st = check_kernel_weight(k, s.weight); st != LAPLACE_OK) {
        return st;
    }
    if (k.scheme == Scheme::jacobi && s.weight >= 1.0) {
        return set_error(
            LAPLACE_ERROR_BAD_OMEGA,
            "weight = " + format_double(s.weight) + ": the jacobi kernel '" + k.name +
                "' smooths only when damped, with a weight in (0, 1) (0 = the "
                "default 0.8); undamped Jacobi leaves the checkerboard error as it is");
    }
    return LAPLACE_OK;
}

std::unique_ptr<MethodState> multigrid_setup(const MethodSettings &s, const GridRef &g) {
    return std::make_unique<MultigridState>(s.kernel ? *s.kernel : default_smoother(), s, g);
}

std::unique_ptr<MethodState> multigrid_cg_setup(const MethodSettings &s, const GridRef &g) {
    return std::make_unique<MultigridCgState>(s.kernel ? *s.kernel : default_smoother(), s, g);
}

} // namespace laplace::detail
