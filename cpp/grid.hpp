// The grid convention, in code: the one place where the C layout and the Fortran layout meet.
// See "GRID CONVENTION" in include/laplace/laplace.h for the rule in words.
#pragma once

#include <cstddef>

namespace laplace::detail {

// A grid in the C layout: u[i*ny + j] = u(x_i, y_j), i along x (slow), j along y (contiguous).
struct GridRef {
    double *u;
    int nx;
    int ny;
    double dx;
    double dy;

    std::ptrdiff_t size() const { return std::ptrdiff_t(nx) * std::ptrdiff_t(ny); }
};

// The same bytes seen as a Fortran array u(n1, n2): index 1 is contiguous, with spacing h1.
struct ColumnMajorGrid {
    double *u;
    int n1;
    int n2;
    double h1;
    double h2;
};

// C layout (nx, ny, dx, dy) is Fortran layout (ny, nx, dy, dx) over the same bytes: the axes
// swap together with their spacings, which the 5-point scheme does not notice.
inline ColumnMajorGrid as_column_major(const GridRef &g) {
    return {g.u, g.ny, g.nx, g.dy, g.dx};
}

// The inverse: a Fortran caller's u(nx, ny) with spacings dx, dy, as a C-layout grid.
inline GridRef from_column_major(double *u, int nx, int ny, double dx, double dy) {
    return {u, ny, nx, dy, dx};
}

// Which layout a caller of the C ABI uses; error messages speak in the caller's terms.
enum class Layout { row_major, column_major };

} // namespace laplace::detail
