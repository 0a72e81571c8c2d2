// Reference rows that are not library kernels: the plain textbook loops every comparison is
// measured against (the "plain textbook Gauss-Seidel loop in C++ at -O3"), and the
// bench's independent oracles: every row's answer is checked against these loops.
#pragma once

namespace bench {

// Gauss-Seidel, C layout, the study's own C++ loop (weave.inline): dnr_inv hoisted, the
// update written in the scheme's order, i outer and j inner.
double textbook_gauss_seidel(double *u, int nx, int ny, double dx, double dy);

// Jacobi, C layout: every new interior value from `old`, a copy of u taken first (nx*ny
// doubles of scratch), the same arithmetic order as the study's NumPy expression.
double textbook_jacobi(double *u, double *old, int nx, int ny, double dx, double dy);

// The same two loops for u_xx + u_yy = f (f: nx*ny values in u's layout, interior read), the
// update of laplace.h: ((..)*dy^2 + (..)*dx^2 - f*dx^2*dy^2) / (2(dx^2 + dy^2)). Oracles only
// (the --rhs section); the loops above stay the study's own.
double textbook_gauss_seidel_rhs(double *u, const double *f, int nx, int ny, double dx, double dy);
double textbook_jacobi_rhs(double *u, double *old, const double *f, int nx, int ny, double dx,
                           double dy);

} // namespace bench
