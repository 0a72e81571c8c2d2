#include "textbook.hpp"

#include <cmath>

namespace bench {

double textbook_gauss_seidel(double *u, int nx, int ny, double dx, double dy) {
    const double dx2 = dx * dx, dy2 = dy * dy;
    const double dnr_inv = 0.5 / (dx2 + dy2);
    double err = 0.0;
    for (int i = 1; i < nx - 1; ++i) {
        for (int j = 1; j < ny - 1; ++j) {
            const double tmp = u[i * ny + j];
            u[i * ny + j] = ((u[(i - 1) * ny + j] + u[(i + 1) * ny + j]) * dy2 +
                             (u[i * ny + j - 1] + u[i * ny + j + 1]) * dx2) *
                            dnr_inv;
            const double diff = u[i * ny + j] - tmp;
            err += diff * diff;
        }
    }
    return std::sqrt(err);
}

} // namespace bench

namespace bench {

double textbook_jacobi(double *u, double *old, int nx, int ny, double dx, double dy) {
    const double dx2 = dx * dx, dy2 = dy * dy;
    const double dnr_inv = 0.5 / (dx2 + dy2);
    for (int n = 0; n < nx * ny; ++n) {
        old[n] = u[n];
    }
    double err = 0.0;
    for (int i = 1; i < nx - 1; ++i) {
        for (int j = 1; j < ny - 1; ++j) {
            u[i * ny + j] = ((old[(i - 1) * ny + j] + old[(i + 1) * ny + j]) * dy2 +
                             (old[i * ny + j - 1] + old[i * ny + j + 1]) * dx2) *
                            dnr_inv;
            const double diff = u[i * ny + j] - old[i * ny + j];
            err += diff * diff;
        }
    }
    return std::sqrt(err);
}

} // namespace bench

namespace bench {

double textbook_gauss_seidel_rhs(double *u, const double *f, int nx, int ny, double dx, double dy) {
    const double dx2 = dx * dx, dy2 = dy * dy, dxy2 = dx2 * dy2;
    const double dnr_inv = 0.5 / (dx2 + dy2);
    double err = 0.0;
    for (int i = 1; i < nx - 1; ++i) {
        for (int j = 1; j < ny - 1; ++j) {
            const double tmp = u[i * ny + j];
            u[i * ny + j] = ((u[(i - 1) * ny + j] + u[(i + 1) * ny + j]) * dy2 +
                             (u[i * ny + j - 1] + u[i * ny + j + 1]) * dx2 - f[i * ny + j] * dxy2) *
                            dnr_inv;
            const double diff = u[i * ny + j] - tmp;
            err += diff * diff;
        }
    }
    return std::sqrt(err);
}

double textbook_jacobi_rhs(double *u, double *old, const double *f, int nx, int ny, double dx,
                           double dy) {
    const double dx2 = dx * dx, dy2 = dy * dy, dxy2 = dx2 * dy2;
    const double dnr_inv = 0.5 / (dx2 + dy2);
    for (int n = 0; n < nx * ny; ++n) {
        old[n] = u[n];
    }
    double err = 0.0;
    for (int i = 1; i < nx - 1; ++i) {
        for (int j = 1; j < ny - 1; ++j) {
            u[i * ny + j] =
                ((old[(i - 1) * ny + j] + old[(i + 1) * ny + j]) * dy2 +
                 (old[i * ny + j - 1] + old[i * ny + j + 1]) * dx2 - f[i * ny + j] * dxy2) *
                dnr_inv;
            const double diff = u[i * ny + j] - old[i * ny + j];
            err += diff * diff;
        }
    }
    return std::sqrt(err);
}

} // namespace bench
