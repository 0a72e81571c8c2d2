// The multigrid hierarchy: the grids of the levels, how each is coarsened from the one above,
// and the transfer operators between them.
//
// Levels are vertex-centred grids in the C layout, each with its own boundary ring (a halo of
// width 1, held at 0 for a correction): level 0 is the caller's grid, level l+1 coarsens level l
// along x, along y or both. A coarsened axis of n points (n-1 intervals of h) gets
// nc = ceil((n-1)/2) + 1 points over the same length, spacing H = (n-1) h/(nc-1): H = 2h when
// n-1 is even (the nested grid, every other point), 2h > H > h otherwise (a uniform grid that is
// not nested in the fine one). Either way the coarse grid is again a uniform 5-point grid, so the
// smoother on every level is the same registry kernel, on the rediscretised operator.
//
// Which axes coarsen (semicoarsening, as hypre's PFMG): the operator couples along x with
// weight 1/dx^2 and along y with 1/dy^2. A point smoother smooths the error only along a strongly
// coupled axis, so only such an axis may be coarsened: x when dx^2 <= 2 dy^2, y when
// dy^2 <= 2 dx^2 (both when the spacings are within a factor sqrt(2)). An anisotropic grid is
// coarsened along its strong axis until the spacings meet, then along both.
//
// Coarsening stops at a level whose interior is at most `direct_extent` points across in one
// direction: that level is solved exactly (coarse_direct.hpp), in O(points * that extent).
//
// Transfers, per axis, by linear interpolation between the two uniform grids: prolongation
// P[i][I] = hat_I(x_i) = max(0, 1 - |x_i - X_I|/H), restriction R = (h/H) P^T (full weighting
// [1/4, 1/2, 1/4] on a nested axis); on an axis not coarsened both are the identity. In 2D they
// are the tensor products.
#pragma once

#include <vector>

namespace laplace::detail::multigrid {

// Interior extents at or below this make a level the coarsest (solved directly).
inline constexpr int direct_extent = 8;

// One axis of one coarsening step.
struct AxisTransfer {
    int fine = 0;           // points on the fine axis
    int coarse = 0;         // points on the coarse axis (= fine when not coarsened)
    bool coarsened = false; // false: identity
    // Prolongation: fine point i (1 .. fine-2) lies between coarse points low[i] and low[i]+1,
    // at fraction t[i] of the way: value (1 - t) c[low] + t c[low + 1].
    std::vector<int> low;
    std::vector<double> t;
    // Restriction: coarse point I (1 .. coarse-2) is the sum over k < 4 of weight[4I+k] times
    // fine point index[4I+k] (weight 0, index inside the grid, past the support).
    std::vector<int> index;
    std::vector<double> weight;
    // FMG's interpolation of a solution (smooth, unlike a correction): fine point i (1 ..
    // fine-2) is the sum over k < 4 of fmg_weight[4i+k] times coarse point fmg_index[4i+k].
    // Cubic on a nested axis (-1/16, 9/16, 9/16, -1/16 between coarse points; the quadratic
    // through the three nearest next to the boundary), linear otherwise: a linear interpolation
    // of the coarse solution would leave an O(h^2) error as large as the discretisation error,
    // which one cycle does not remove entirely.
    std::vector<int> fmg_index;
    std::vector<double> fmg_weight;
    // Fine boundary to coarse boundary (FMG): coarse point I at fine position pos = X_I/h, the
    // value (1 - s) v[floor] + s v[floor + 1].
    std::vector<int> edge_low;
    std::vector<double> edge_s;
};

// Builds the transfer of an axis of `fine` points coarsened to `coarse` points.
AxisTransfer make_axis(int fine, int coarse);
// The identity transfer on an axis of n points.
AxisTransfer identity_axis(int n);

// The coarse extent of an axis of n points: ceil((n-1)/2) + 1.
inline int coarsened_extent(int n) {
    return (n - 1 + 1) / 2 + 1;
}

struct LevelShape {
    int nx, ny;
    double dx, dy; // the level's spacings (in the units of the scaled fine spacings)
};

// The levels for an nx x ny grid with (scaled) spacings dx, dy: level 0 first, the coarsest last.
std::vector<LevelShape> plan_levels(int nx, int ny, double dx, double dy);

} // namespace laplace::detail::multigrid
