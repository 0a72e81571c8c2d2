// The exact solve on multigrid's coarsest level, a grid thin in at least one direction: sine
// transforms along the short axis (sine_eigenvalues.hpp, by a dense m x m product) decouple the
// 5-point system into m tridiagonal systems along the long axis, solved by elimination whose
// pivots are computed at setup. O(points * m) per solve for m interior points across.
#pragma once

#include "../grid.hpp"

#include <cstddef>
#include <vector>

namespace laplace::detail::multigrid {

class CoarseDirect {
  public:
    // For an nx x ny grid (C layout) with spacings dx, dy. Throws std::bad_alloc.
    CoarseDirect(int nx, int ny, double dx, double dy);

    // Solves M u = w b on the interior of g exactly, M the 5-point operator scaled as the
    // kernels' (dy^2 along x, dx^2 along y: update.hpp), the boundary of g.u given; b nullptr
    // is b = 0. `threads` >= 1.
    void solve(const GridRef &g, const double *b, double w, int threads);

    std::size_t bytes() const;

  private:
    int nx_, ny_;
    bool along_rows_; // the transform runs over rows (x, index i): nx is the short extent
    int m_;           // transformed interior extent
    int n_;           // the other interior extent
    double c_transform_, c_other_; // coefficients of the second differences along each axis
    std::vector<double> q_;        // m x m orthonormal sine vectors, q[k*m + a]
    std::vector<double> pivot_;    // per mode k, n inverse pivots of its tridiagonal system
    std::vector<double> work_;     // m x n: folded right-hand side, then its transform
    std::vector<double> hat_;      // m x n: the transformed solution
};

} // namespace laplace::detail::multigrid
