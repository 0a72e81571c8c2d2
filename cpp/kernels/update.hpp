// The point update of the 5-point scheme, written once for the C++ kernels, with and without a
// right-hand side f:
//
//     u[i,j] = ((u[i,j-1] + u[i,j+1])*dx^2 + ((u[i-1,j] + u[i+1,j])*dy^2 - f[i,j]*K)) * dnr_inv
//
// with dnr_inv = 0.5/(dx^2 + dy^2) and K = dx^2 dy^2 (times the power of two that undoes the
// spacings' rescale, validation.hpp). The neighbours along the row ("along", j) come first: the
// one just updated by a Gauss-Seidel sweep is the latency chain, and written first its sum is
// the product GCC fuses into a multiply-add (kernels/loop.cpp). With FMA hardware the multiply-
// adds are written out, so that every kernel (scalar, SIMD, AVX-512, any compiler contraction)
// rounds alike: the Gauss-Seidel kernels then give the same bits, f or no f.
#pragma once

#include <cmath>

namespace laplace::detail {

struct Coefficients {
    double dx2, dy2, dnr_inv, fk;
    Coefficients(double dx, double dy, double f_weight)
        : dx2(dx * dx), dy2(dy * dy), dnr_inv(0.5 / (dx2 + dy2)), fk(f_weight) {}
};

// The f-free value from the neighbour sums along the row and across it.
inline double update(double along, double across, const Coefficients &c) {
#ifdef __FMA__
    return std::fma(along, c.dx2, across * c.dy2) * c.dnr_inv;
#else
    return (along * c.dx2 + across * c.dy2) * c.dnr_inv;
#endif
}

// The same with the right-hand side's value f at the point.
// f enters with the neighbours across the row, off the chain of dependent operations through
// the west neighbour (the value a Gauss-Seidel sweep just wrote): with f = 0 the value is bitwise
// the f-free one. gfortran contracts the Fortran 77 kernel's
// (A*h2sq + (B*h1sq - f*fk))*dnr_inv into exactly these multiply-adds.
inline double update(double along, double across, double f, const Coefficients &c) {
#ifdef __FMA__
    return std::fma(along, c.dx2, std::fma(across, c.dy2, -(f * c.fk))) * c.dnr_inv;
#else
    return (along * c.dx2 + (across * c.dy2 - f * c.fk)) * c.dnr_inv;
#endif
}

// sum + d*d, the change norm's accumulation, fused as GCC contracts it in the scalar loops.
inline double add_square(double sum, double d) {
#ifdef __FMA__
    return std::fma(d, d, sum);
#else
    return sum + d * d;
#endif
}

// A relaxed value: old + w*(v - old) (SOR, damped Jacobi).
inline double relax(double old, double v, double w) {
    return old + w * (v - old);
}

} // namespace laplace::detail
