/* peer.c - see peer.h. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "peer.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

double peer_exact(int poisson, double x, double y) {
    return poisson ? x * x * y + y * y * y : x * x - y * y;
}

double peer_rhs(int poisson, double x, double y) {
    (void)x;
    return poisson ? 8 * y : 0;
}

void peer_initial(const peer_options *o, double *u) {
    const int n = o->n;
    const double h = 1.0 / (n - 1);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            const int edge = i == 0 || j == 0 || i == n - 1 || j == n - 1;
            u[(size_t)i * n + j] = edge ? peer_exact(o->poisson, i * h, j * h) : 0.0;
        }
    }
}

/* ||f - A v||_2 over the interior, for v = u, or for the initial guess when u is NULL. */
static double residual_norm(int n, int poisson, const double *u) {
    const double h = 1.0 / (n - 1), h2 = h * h;
    double sum = 0;
    for (int i = 1; i < n - 1; ++i) {
        for (int j = 1; j < n - 1; ++j) {
            double v[5]; /* centre, i-1, i+1, j-1, j+1 */
            const int at[5][2] = {{i, j}, {i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}};
            for (int k = 0; k < 5; ++k) {
                const int p = at[k][0], q = at[k][1];
                const int edge = p == 0 || q == 0 || p == n - 1 || q == n - 1;
                v[k] = u ? u[(size_t)p * n + q] : edge ? peer_exact(poisson, p * h, q * h) : 0.0;
            }
            const double r =
                peer_rhs(poisson, i * h, j * h) - (v[1] + v[2] + v[3] + v[4] - 4 * v[0]) / h2;
            sum += r * r;
        }
    }
    return sqrt(sum);
}

int peer_check(int n, int poisson, const double *u, peer_check_result *out) {
    const double h = 1.0 / (n - 1);
    double error = 0, largest = 0, error2 = 0, u2 = 0;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            const double exact = peer_exact(poisson, i * h, j * h);
            const double e = u[(size_t)i * n + j] - exact;
            error = fmax(error, fabs(e));
            largest = fmax(largest, fabs(exact));
            error2 += e * e;
            u2 += exact * exact;
        }
    }
    const double r = residual_norm(n, poisson, u), r0 = residual_norm(n, poisson, NULL);
    const double s = sin(M_PI * h / 2), lambda_min = 8 * s * s / (h * h);
    /* The computed residual is off by rounding, at most a few ulps of each of its terms
     * (|A| |u|, |A|'s rows summing to 8/h^2); the exact values by an ulp each. */
    const double rounding = 16 * DBL_EPSILON * (8 / (h * h)) * sqrt(u2);
    out->relative_residual = r0 > 0 ? r / r0 : r;
    out->error = largest > 0 ? error / largest : error;
    out->error_norm = sqrt(error2);
    out->error_bound = (r + rounding) / lambda_min + 4 * DBL_EPSILON * sqrt(u2);
    return out->error_norm <= out->error_bound;
}

int peer_run(const char *name, const peer_options *o, const peer_solver *s, void *ctx) {
    const size_t points = (size_t)o->n * (size_t)o->n;
    double *u = malloc(sizeof(double) * points);
    double *setup = malloc(sizeof(double) * (size_t)o->repeat);
    double *solve = malloc(sizeof(double) * (size_t)o->repeat);
    if (u == NULL || setup == NULL || solve == NULL) {
        fprintf(stderr, "%s: out of memory\n", name);
        return 2;
    }
    const double start = now();
    int iterations = 0, runs = 0;
    for (int r = -1; r < o->repeat; ++r) { /* r = -1: the warm-up */
        if (r >= 1 && now() - start > o->budget) {
            break;
        }
        peer_initial(o, u);
        const double t0 = now();
        if (s->setup(ctx, o) != 0) {
            fprintf(stderr, "%s: setup failed\n", name);
            return 2;
        }
        const double t1 = now();
        iterations = s->solve(ctx, o, u);
        const double t2 = now();
        s->teardown(ctx);
        if (iterations < 0) {
            fprintf(stderr, "%s: solve failed\n", name);
            return 2;
        }
        if (r < 0) {
            peer_check_result c;
            const int consistent = peer_check(o->n, o->poisson, u, &c);
            const int reached = c.relative_residual <= o->rtol;
            printf("%s: %d x %d %s: %s (relative residual %.2e, max relative error %.2e, %d "
                   "iterations)\n",
                   name, o->n, o->n, o->poisson ? "poisson" : "laplace",
                   !consistent ? "WRONG: error beyond what the residual allows"
                   : reached   ? "validates"
                               : "NOT REACHED: residual above the tolerance",
                   c.relative_residual, c.error, iterations);
            if (!consistent) {
                return 1;
            }
            continue;
        }
        setup[r] = t1 - t0;
        solve[r] = t2 - t1;
        ++runs;
    }
    for (int k = 0; k < 2; ++k) {
        double *t = k ? solve : setup;
        printf("%s:", k ? "solve" : "setup");
        for (int r = 0; r < runs; ++r) {
            printf(" %.17g", t[r]);
        }
        printf("\n");
    }
    printf("iterations: %d\n", iterations);
    int status = 0;
    if (o->output != NULL) {
        FILE *f = fopen(o->output, "wb");
        if (f == NULL || fwrite(u, sizeof(double), points, f) != points || fclose(f) != 0) {
            fprintf(stderr, "%s: cannot write %s\n", name, o->output);
            status = 2;
        }
    }
    free(u);
    free(setup);
    free(solve);
    return status;
}
