// The eigen-decomposition of T = tridiag(-1, 2, -1) of order m, written once for the direct
// methods ("blas-fdm" by dgemm, "fft-dst" by FFTW). T's eigenvectors are the sine vectors
//     v_k[j] = sin((j+1)(k+1) pi/(m+1)),  j, k = 0..m-1,
// (orthogonal, each of squared norm (m+1)/2), with eigenvalues
//     lambda_k = 2 - 2 cos((k+1) pi/(m+1)) = 4 sin^2((k+1) pi/(2(m+1))).
// Applying them along an axis is a type-I discrete sine transform (FFTW's RODFT00).
#pragma once

#include <cmath>
#include <numbers>

namespace laplace::detail {

// sin(p pi/(m+1)): an eigenvector entry for p = (j+1)(k+1). Exact multiples of pi come out as
// rounding-sized values, not 0; callers reduce p to one period (0 <= p < 2(m+1)) first when the
// product is large, so that no accuracy is lost to the argument's size.
inline double sine_of_multiple(long long p, int m) {
    const double angle = std::numbers::pi / double(m + 1);
    return std::sin(double(p) * angle);
}

// lambda_k for k = 0..m-1, as 4 sin^2: 2 - 2 cos cancels for the smooth modes (cos near 1 at
// small k loses the leading digits), the sine form keeps full relative accuracy.
inline double sine_eigenvalue(int k, int m) {
    const double angle = std::numbers::pi / double(m + 1);
    const double s = std::sin(double(k + 1) * angle / 2);
    return 4 * s * s;
}

} // namespace laplace::detail
