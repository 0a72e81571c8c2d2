// Red-black Gauss-Seidel and SOR on one rank's block, coloured by GLOBAL index parity.
#pragma once

#include "../grid.hpp"

namespace laplace::detail {

// Updates the interior points (i, j) of g (1 <= i < nx-1, 1 <= j < ny-1) whose global parity
// (i + j + parity_offset) % 2 equals `colour` (0 = red, 1 = black), in place, and returns the
// sum of their squared changes (not its square root: the caller sums over colours and ranks).
// parity_offset is the parity of the global indices of g's point (0, 0): 0 for a whole grid, and
// (i_offset + j_offset) % 2 for a rank's block whose first point is the global (i_offset,
// j_offset). The value of a point is the Gauss-Seidel one,
//   gs = ((u(i,j-1) + u(i,j+1))*dx^2 + (u(i-1,j) + u(i+1,j))*dy^2) * (0.5/(dx^2 + dy^2)),
// or with `sor`, u + omega*(gs - u).
//
// The single-process red-black kernels (omp-redblack, omp-sor) are the same sweep with
// parity_offset = 0 and both colours in a row. Once they are in the registry, this function
// should be theirs: one colour of their sweep, with the offset added to the parity test, called
// here between halo exchanges and there twice; the distributed result then equals theirs.
double redblack_half_sweep(const GridRef &g, int parity_offset, int colour, bool sor, double omega);

// The optimal SOR factor for the whole nx x ny grid with spacings dx, dy:
// 2/(1 + sqrt(1 - rho^2)), rho = (dy^2 cos(pi/(nx-1)) + dx^2 cos(pi/(ny-1))) / (dx^2 + dy^2).
double optimal_sor_omega(int nx, int ny, double dx, double dy);

} // namespace laplace::detail
