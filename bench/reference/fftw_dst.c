/*
 * fftw_dst.c - the reference row of fft-dst: a plain C program that solves the study's problem
 * (n x n on [0,1]^2, boundary x^2 - y^2, interior 0) directly with FFTW, the textbook way,
 * without the laplace library: the boundary folded into the interior's right-hand side, a 2D
 * RODFT00, a division by the eigenvalues, the 2D RODFT00 again, the interior written back.
 *
 *   laplace-fftw-reference [--n N] [--threads T] [--repeat R] [--batched] [--measure]
 *   laplace-fftw-reference --peer [peer options, peer.h]
 *
 * --batched plans two batched 1D transforms (rows, then columns) instead of one 2D plan;
 * --measure plans with FFTW_MEASURE instead of FFTW_ESTIMATE. It validates its answer against
 * x^2 - y^2 (the exact discrete solution) first, then times R solves after one warm-up, each
 * from interior 0, planning excluded, and prints them:
 *
 *   fftw_dst: 2049 x 2049, 1 thread, 2d plan, FFTW_ESTIMATE: validates (max relative error ...)
 *   times: t1 t2 ...
 *   median: t
 * Exit status 1 if the answer is wrong, 2 for bad arguments.
 *
 * --peer: the time-to-solution row of laplace-bench --solve (either problem of peer.h, f folded
 * into the right-hand side as -h^2 f), 2D plan, FFTW_ESTIMATE; setup is the planning and the
 * eigenvalues, solve the rest; reported as peer.h says.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "peer.h"

#include <fftw3.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

typedef struct {
    int n, m;    /* grid points per axis, interior points per axis */
    int poisson; /* the right-hand side of peer.h's Poisson problem, else f = 0 */
    double *u, *w, *lambda;
    fftw_plan plans[2]; /* one 2D plan, or rows and columns */
    int batched;
} problem;

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void transform(const problem *p) {
    fftw_execute(p->plans[0]);
    if (p->batched) {
        fftw_execute(p->plans[1]);
    }
}

/* u: boundary x^2 - y^2, interior 0. */
static void initial(problem *p) {
    const peer_options o = {.n = p->n};
    peer_initial(&o, p->u);
}

/* With h = dx = dy the scheme is T U + U T = F (times h^2 on both sides), F the boundary values
 * next to the interior (minus h^2 f); RODFT00 applied twice along both axes is 4(m+1)^2 times the
 * identity. */
static void solve(problem *p) {
    const int n = p->n, m = p->m;
    double *u = p->u, *w = p->w;
    memset(w, 0, sizeof(double) * (size_t)m * (size_t)m);
    if (p->poisson) {
        const double h = 1.0 / (n - 1);
        for (int i = 0; i < m; ++i) {
            for (int j = 0; j < m; ++j) {
                w[(size_t)i * m + j] = -h * h * peer_rhs(1, (i + 1) * h, (j + 1) * h);
            }
        }
    }
    for (int k = 0; k < m; ++k) {
        w[k] += u[k + 1];                                             /* row 0 */
        w[(size_t)(m - 1) * m + k] += u[(size_t)(n - 1) * n + k + 1]; /* row n-1 */
        w[(size_t)k * m] += u[(size_t)(k + 1) * n];                   /* column 0 */
        w[(size_t)k * m + m - 1] += u[(size_t)(k + 1) * n + n - 1];   /* column n-1 */
    }
    transform(p);
    const double scale = 4.0 * (m + 1) * (double)(m + 1);
    for (int i = 0; i < m; ++i) {
        for (int j = 0; j < m; ++j) {
            w[(size_t)i * m + j] /= (p->lambda[i] + p->lambda[j]) * scale;
        }
    }
    transform(p);
    for (int i = 0; i < m; ++i) {
        memcpy(u + (size_t)(i + 1) * n + 1, w + (size_t)i * m, sizeof(double) * (size_t)m);
    }
}

static double max_relative_error(const problem *p) {
    peer_check_result c;
    peer_check(p->n, p->poisson, p->u, &c);
    return c.error;
}

static int compare(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The arrays but u, the eigenvalues and the plans. 0 on success. */
static int make(problem *p, int threads, int measure) {
    p->m = p->n - 2;
    const size_t points = (size_t)p->m * (size_t)p->m;
    p->w = fftw_alloc_real(points);
    p->lambda = malloc(sizeof(double) * (size_t)p->m);
    if (p->w == NULL || p->lambda == NULL) {
        fprintf(stderr, "fftw_dst: out of memory\n");
        return 1;
    }
    for (int k = 0; k < p->m; ++k) {
        const double s = sin((k + 1) * M_PI / (2.0 * (p->m + 1))); /* 2 - 2cos = 4 sin^2 */
        p->lambda[k] = 4 * s * s;
    }
#ifdef LAPLACE_FFTW_REFERENCE_THREADS
    static int started = 0;
    if (!started) {
        fftw_init_threads();
        started = 1;
    }
    fftw_plan_with_nthreads(threads);
#else
    (void)threads;
#endif
    const unsigned flags = measure ? FFTW_MEASURE : FFTW_ESTIMATE;
    const fftw_r2r_kind kind = FFTW_RODFT00;
    if (p->batched) {
        p->plans[0] = fftw_plan_many_r2r(1, &p->m, p->m, p->w, NULL, 1, p->m, p->w, NULL, 1, p->m,
                                         &kind, flags);
        p->plans[1] = fftw_plan_many_r2r(1, &p->m, p->m, p->w, NULL, p->m, 1, p->w, NULL, p->m, 1,
                                         &kind, flags);
    } else {
        p->plans[0] = fftw_plan_r2r_2d(p->m, p->m, p->w, p->w, kind, kind, flags);
    }
    return 0;
}

static void destroy(problem *p) {
    for (int k = 0; k < 1 + p->batched; ++k) {
        fftw_destroy_plan(p->plans[k]);
    }
    fftw_free(p->w);
    free(p->lambda);
}

static int peer_setup(void *ctx, const peer_options *o) {
    problem *p = ctx;
    p->n = o->n;
    p->poisson = o->poisson;
    return make(p, o->threads, 0);
}

static int peer_solve(void *ctx, const peer_options *o, double *u) {
    (void)o;
    problem *p = ctx;
    p->u = u;
    solve(p);
    return 1;
}

static void peer_teardown(void *ctx) {
    destroy(ctx);
}

int main(int argc, char **argv) {
    int n = 2049, threads = 1, repeat = 5, measure = 0;
    problem p = {0};
    if (argc > 1 && strcmp(argv[1], "--peer") == 0) {
        peer_options o;
        /* An unknown argument exits 2 there (no arguments are left to this program). */
        peer_parse("laplace-fftw-reference --peer", argc - 1, argv + 1, &o, 0);
#ifndef LAPLACE_FFTW_REFERENCE_THREADS
        o.threads = 1;
#endif
        const peer_solver s = {peer_setup, peer_solve, peer_teardown};
        return peer_run("fftw-dst", &o, &s, &p);
    }
    peer_fftw_parse(argc, argv, &n, &threads, &repeat, &p.batched, &measure); /* n >= 3 */
#ifndef LAPLACE_FFTW_REFERENCE_THREADS
    threads = 1;
#endif
    p.n = n;
    p.u = malloc(sizeof(double) * (size_t)n * (size_t)n);
    if (p.u == NULL || make(&p, threads, measure) != 0) {
        fprintf(stderr, "fftw_dst: out of memory\n");
        return 2;
    }

    initial(&p);
    solve(&p);
    const double error = max_relative_error(&p);
    const int valid = error <= 1e-10;
    printf("fftw_dst: %d x %d, %d thread%s, %s, %s: %s (max relative error %.2g)\n", n, n, threads,
           threads == 1 ? "" : "s", p.batched ? "batched 1d plans" : "2d plan",
           measure ? "FFTW_MEASURE" : "FFTW_ESTIMATE", valid ? "validates" : "WRONG", error);
    if (!valid) {
        return 1;
    }

    double *times = malloc(sizeof(double) * (size_t)repeat);
    for (int r = -1; r < repeat; ++r) { /* r = -1: the warm-up */
        initial(&p);
        const double start = seconds();
        solve(&p);
        if (r >= 0) {
            times[r] = seconds() - start;
        }
    }
    printf("times:");
    for (int r = 0; r < repeat; ++r) {
        printf(" %.17g", times[r]);
    }
    qsort(times, (size_t)repeat, sizeof(double), compare);
    printf("\nmedian: %.17g\n",
           repeat % 2 ? times[repeat / 2] : 0.5 * (times[repeat / 2 - 1] + times[repeat / 2]));
    free(times);
    destroy(&p);
    free(p.u);
    return 0;
}
