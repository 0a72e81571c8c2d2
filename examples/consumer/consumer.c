/* A C program using an installed laplace through its C ABI (built by
 * examples/consumer/CMakeLists.txt). It solves x^2 - y^2 on a 40 x 30 grid, in the C layout
 * u[i*ny + j] = u(x_i, y_j), with every kernel and fails unless each one finds it. */
#include <laplace/laplace.h>

#include <math.h>
#include <stdio.h>

enum { nx = 40, ny = 30 };

int main(void) {
    const double dx = 2.0 / (nx - 1), dy = 1.0 / (ny - 1);
    static double u[nx * ny];
    int failures = 0;
    printf("laplace headers %s, library %s\n", LAPLACE_VERSION_STRING, laplace_version());
    for (int k = 0; k < laplace_kernel_count(); ++k) {
        for (int i = 0; i < nx; ++i) {
            for (int j = 0; j < ny; ++j) {
                const int boundary = i == 0 || i == nx - 1 || j == 0 || j == ny - 1;
                u[i * ny + j] = boundary ? (i * dx) * (i * dx) - (j * dy) * (j * dy) : 0.0;
            }
        }
        int sweeps = 0;
        double change = 0, error = 0; /* relative to max |u| = 4 */
        const int status = laplace_solve(laplace_kernel_name(k), u, nx, ny, dx, dy, 100000, 1e-11,
                                         &sweeps, &change);
        if (status != LAPLACE_OK) {
            printf("%s: %s\n", laplace_status_name(status), laplace_last_error());
            return 1;
        }
        for (int i = 0; i < nx; ++i) {
            for (int j = 0; j < ny; ++j) {
                const double exact = (i * dx) * (i * dx) - (j * dy) * (j * dy);
                const double e = fabs(u[i * ny + j] - exact) / 4.0;
                error = e > error ? e : error;
            }
        }
        const int ok = change <= 1e-11 && error < 1e-8;
        failures += !ok;
        printf("%-16s %6d sweeps, relative error %.1e  %s\n", laplace_kernel_name(k), sweeps, error,
               ok ? "ok" : "FAILED");
    }
    return failures == 0 && laplace_kernel_count() > 0 ? 0 : 1;
}
