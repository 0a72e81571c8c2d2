#include "methods.hpp"

#include "../kernels/kernels.hpp"
#include "../multigrid/multigrid.hpp"
#include "../validation.hpp"
#include "laplace/laplace.h"
#if LAPLACE_WITH_BLAS
#include "../blas/blas.hpp"
#endif
#if LAPLACE_WITH_FFTW
#include "../direct/fftw.hpp"
#endif
#ifdef LAPLACE_WITH_OPENMP
#include "../kernels/openmp_threads.hpp"
#endif

#include <algorithm>
#include <array>
#include <new>
#include <string>

namespace laplace::detail {

int team_size(int requested, const GridRef &g) {
#ifdef LAPLACE_WITH_OPENMP
    return openmp_team_size(requested, interior_points(g));
#else
    (void)requested;
    (void)g;
    return 1;
#endif
}

int check_kernel_weight(const KernelEntry &kernel, double weight) {
    if (weight == 0.0 || weight == 1.0) {
        return LAPLACE_OK;
    }
    if (kernel.scheme == Scheme::jacobi || kernel.scheme == Scheme::red_black_sor) {
        return check_weight(weight);
    }
    return set_error(LAPLACE_ERROR_BAD_OMEGA,
                     "weight = " + format_double(weight) + ": kernel '" + kernel.name +
                         "' (scheme " + scheme_name(kernel.scheme) +
                         ") takes no weight; only jacobi kernels (damping) and red-black-sor "
                         "kernels (the SOR factor) do");
}

namespace {

// "iterate": sweeps of one kernel.
class IterateState final : public MethodState {
  public:
    IterateState(const KernelEntry &kernel, const MethodSettings &s, const GridRef &g)
        : kernel_(kernel), requested_(s.threads), shape_{nullptr, g.nx, g.ny, g.dx, g.dy} {
        if (kernel.scheme == Scheme::red_black_sor) {
            weight_ = s.weight == 0.0 ? optimal_omega(g.nx, g.ny, g.dx, g.dy) : s.weight;
        } else {
            weight_ = s.weight == 0.0 ? 1.0 : s.weight;
        }
        team_ = kernel.threading == Threading::openmp ? team_size(s.threads, g) : 1;
        doubles_ = kernel.workspace_doubles(g.nx, g.ny, team_);
        if (doubles_ > 0) {
            workspace_.reset(new (std::nothrow) double[doubles_]);
            if (!workspace_) {
                throw TooLargeError("cannot allocate the " +
                                    std::to_string(doubles_ * sizeof(double)) +
                                    "-byte workspace kernel '" + kernel.name + "' needs for a " +
                                    std::to_string(g.nx) + " x " + std::to_string(g.ny) + " grid");
            }
        }
    }

    double step(const Problem &p, bool want_change) override {
        const SweepCall call{p.g, p.f, p.f_weight, weight_, threads(), want_change};
        return kernel_.sweep(call, workspace_.get());
    }

    std::size_t bytes() const override { return doubles_ * sizeof(double); }
    // The team now (1 inside a caller's parallel region), at most the one of the workspace.
    int threads() const override {
        return kernel_.threading == Threading::openmp
                   ? std::min(team_size(requested_, shape_), team_)
                   : 1;
    }
    std::string describe_step(int number) const override {
        return "sweep " + std::to_string(number) + " of kernel '" + kernel_.name + "'";
    }

  private:
    const KernelEntry &kernel_;
    int requested_;
    GridRef shape_; // the setup's grid, without u
    double weight_ = 1.0;
    int team_ = 1;
    std::size_t doubles_ = 0;
    std::unique_ptr<double[]> workspace_;
};

const KernelEntry &default_iterate_kernel() {
#ifdef LAPLACE_WITH_OPENMP
    return *find_kernel("omp-sor");
#else
    return *find_kernel("cpp-loop");
#endif
}

int iterate_check(const MethodSettings &s) {
    return check_kernel_weight(s.kernel ? *s.kernel : default_iterate_kernel(), s.weight);
}

const std::array methods {
    MethodEntry{"iterate",
                MethodKind::iterative,
                "sweeps of a kernel of the registry until a stopping rule holds (default "
                "kernel: the red-black SOR one, with its optimal factor)",
                true,
                false,
                false,
                iterate_check,
                iterate_setup},
        MethodEntry{"multigrid",
                    MethodKind::iterative,
                    "geometric multigrid cycles (V, W, F, full multigrid) on any grid, a kernel of "
                    "the registry as the smoother (default: the OpenMP red-black one), "
                    "semicoarsening for anisotropic spacings, an exact solve on the coarsest level",
                    true,
                    false,
                    true,
                    multigrid_check,
                    multigrid_setup},
        MethodEntry{"multigrid-cg",
                    MethodKind::iterative,
                    "conjugate gradients, each step preconditioned by one multigrid cycle (the "
                    "settings of 'multigrid')",
                    true,
                    false,
                    true,
                    multigrid_check,
                    multigrid_cg_setup},
#if LAPLACE_WITH_BLAS
        MethodEntry{"blas-fdm",
                    MethodKind::direct,
                    "fast diagonalisation by dgemm products: the exact discrete solution (the "
                    "study's numpy.dot-on-every-core point)",
                    false,
                    false,
                    false,
                    fdm_check,
                    fdm_setup},
#endif
#if LAPLACE_WITH_FFTW
        MethodEntry{"fft-dst",
                    MethodKind::direct,
                    "type-I sine transforms by FFTW: the exact discrete solution in "
                    "O(nx ny log(nx ny)) operations",
                    false,
                    true,
                    false,
                    fft_dst_check,
                    fft_dst_setup},
#endif
};

} // namespace

std::unique_ptr<MethodState> iterate_setup(const MethodSettings &s, const GridRef &g) {
    return std::make_unique<IterateState>(s.kernel ? *s.kernel : default_iterate_kernel(), s, g);
}

std::span<const MethodEntry> method_table() {
    return methods;
}

const MethodEntry *find_method(std::string_view name) {
    for (const MethodEntry &m : methods) {
        if (name == m.name) {
            return &m;
        }
    }
    return nullptr;
}

} // namespace laplace::detail
