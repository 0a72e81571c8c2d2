// The method "multigrid" (solver/methods.hpp): geometric multigrid on the hierarchy of
// hierarchy.hpp, one cycle per iteration of the driver, a registry kernel as the smoother on
// every level, the coarsest level solved exactly (coarse_direct.hpp).
#pragma once

#include "../solver/methods.hpp"

#include <memory>

namespace laplace::detail {

int multigrid_check(const MethodSettings &settings);
std::unique_ptr<MethodState> multigrid_setup(const MethodSettings &settings, const GridRef &g);
// "multigrid-cg": conjugate gradients preconditioned by one cycle (the same settings).
std::unique_ptr<MethodState> multigrid_cg_setup(const MethodSettings &settings, const GridRef &g);

// The smoother when none is set: the fastest OpenMP red-black kernel (cpp-loop without OpenMP).
const KernelEntry &default_smoother();

} // namespace laplace::detail
