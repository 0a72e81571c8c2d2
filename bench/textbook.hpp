// Reference rows that are not library kernels: the plain textbook loops every comparison is
// measured against (the "plain textbook Gauss-Seidel loop in C++ at -O3").
#pragma once

namespace bench {

// Gauss-Seidel, C layout, the study's own C++ loop (weave.inline): dnr_inv hoisted, the
// update written in the scheme's order, i outer and j inner.
double textbook_gauss_seidel(double *u, int nx, int ny, double dx, double dy);

} // namespace bench
