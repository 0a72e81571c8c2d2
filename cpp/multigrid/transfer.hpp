// Multigrid's grid operations between levels (hierarchy.hpp): restriction of the residual,
// prolongation, FMG's interpolation and boundary transfer. Threaded over rows; every output
// value is computed by one thread in a fixed order, so results are bitwise the same for any
// thread count. `rows` is scratch of rows_scratch(...) doubles; nothing allocates.
#pragma once

#include "../grid.hpp"
#include "hierarchy.hpp"

#include <cstddef>

namespace laplace::detail::multigrid {

// Doubles of `rows` scratch for the transfers between a fine level with ny_fine columns and a
// coarse one with ny_coarse, on `threads` threads.
std::size_t rows_scratch(int ny_fine, int ny_coarse, int threads);

// r = w b - M u on the interior of g (M as in coarse_direct.hpp; b nullptr is 0); r's boundary
// is not written.
void residual(const GridRef &g, const double *b, double w, double *r, int threads);

// The interior of the coarse grid (ax.coarse x ay.coarse) gets scale * R r, r = w b - M u the
// residual of the fine grid g (M as in coarse_direct.hpp; b nullptr is 0), computed row by row
// as the restriction needs it (no fine-grid array is written); its boundary gets 0.
void restrict_residual(const GridRef &g, const double *b, double w, double *coarse,
                       const AxisTransfer &ax, const AxisTransfer &ay, double scale, int threads,
                       double *rows);

// The same for the values of a fine-grid array v (FMG's right-hand sides).
void restrict_array(const double *v, double *coarse, const AxisTransfer &ax, const AxisTransfer &ay,
                    double scale, int threads, double *rows);

// u_fine += P e_coarse on the fine interior.
void prolong(const double *coarse, double *u_fine, const AxisTransfer &ax, const AxisTransfer &ay,
             int threads, double *rows);

// u_fine = the coarse solution interpolated to the fine interior by FMG's interpolation
// (hierarchy.hpp; the coarse grid's boundary values included).
void interpolate_solution(const double *coarse, double *u_fine, const AxisTransfer &ax,
                          const AxisTransfer &ay, int threads, double *rows);

// The boundary ring of the coarse grid from the fine grid's, by linear interpolation along each
// edge (the same values where the grids meet).
void restrict_boundary(const double *u_fine, double *u_coarse, const AxisTransfer &ax,
                       const AxisTransfer &ay);

} // namespace laplace::detail::multigrid
