/*
 * peer.h - what the time-to-solution reference programs (laplace-bench --solve) share: the two
 * problems, their options, the independent check of an answer, and the timing loop with the
 * report the bench reads. Plain C, no laplace library: the bench also links it, so that one
 * check judges every row.
 *
 * The problems, on an n x n grid of [0,1]^2 (h = 1/(n-1)), boundary values the exact solution,
 * interior 0 as the initial guess; the 5-point scheme is exact on both (cubic polynomials):
 *   laplace  u = x^2 - y^2,       f = 0
 *   poisson  u = x^2 y + y^3,     f = u_xx + u_yy = 8y
 * Grids are row-major, u[i*n + j] = u(x_i, y_j).
 *
 * A program's command line (peer_parse):
 *   --n N --problem laplace|poisson --rtol R --repeat K --budget S --threads T --output FILE
 *   [--method NAME]
 * and its report on stdout (peer_run), which the bench parses:
 *   NAME: N x N PROBLEM: validates (relative residual ..., max relative error ..., K iterations)
 *   setup: s1 s2 ...
 *   solve: s1 s2 ...
 *   iterations: K
 * Exit status 0 after a report, 1 when the answer does not validate (the first line says WRONG
 * and no time is reported), 2 for bad arguments or a failure of the solver, 3 when the program
 * cannot run this case (a library missing, a size its solver does not take; the output says
 * why).
 */
#ifndef LAPLACE_BENCH_PEER_H
#define LAPLACE_BENCH_PEER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int n;              /* grid points per axis */
    int poisson;        /* 1: the Poisson problem, 0: the Laplace problem */
    double rtol;        /* stop at ||r|| <= rtol ||r0|| */
    int repeat;         /* timed runs after the warm-up, as long as the budget lasts */
    double budget;      /* seconds: no new run starts after this much time */
    int threads;        /* threads the program may use (its own threading, if any) */
    const char *output; /* the answer, n*n float64, or NULL */
    const char *method; /* a program's variant, or NULL */
} peer_options;

/* Parses the command line above into o (defaults: n 257, laplace, rtol 1e-10, repeat 3,
 * budget 60 s, 1 thread) with the benches' parser (peer_cli.cpp, CLI11: --help and --version
 * exit 0, a bad value or an unknown option exits 2; `program` names the program in its
 * messages). With rest_to_program, arguments it does not know are left to the program (PETSc's
 * options): moved to the end of argv; returns the index of the first of them, or argc. */
int peer_parse(const char *program, int argc, char **argv, peer_options *o, int rest_to_program);

/* laplace-fftw-reference's own command line (without --peer): --n N --threads T --repeat R
 * --batched --measure, into the values given (their defaults). Exits on --help or a bad one. */
void peer_fftw_parse(int argc, char **argv, int *n, int *threads, int *repeat, int *batched,
                     int *measure);

double peer_exact(int poisson, double x, double y);
double peer_rhs(int poisson, double x, double y); /* f */
/* u: the exact values on the boundary, 0 inside. */
void peer_initial(const peer_options *o, double *u);

/* The check of an answer u (n x n), independent of how it was computed: the relative residual
 * ||f - A u||_2 / ||f - A u0||_2 (A the 5-point operator, u0 the initial guess, sums over the
 * interior), which the caller compares with its tolerance, the max relative error
 * max|u - exact| / max|exact|, and whether the error is what the residual allows:
 * ||u - exact||_2 <= ||A^-1||_2 (||r||_2 + rounding), with ||A^-1||_2 = 1 / (8 sin^2(pi h / 2) /
 * h^2) exactly. Since u - exact = A^-1 r for any u with the problem's boundary values, that holds
 * for every answer on the right grid; it fails for an answer whose boundary is not the
 * problem's: a transposed or shifted grid, the other problem. Returns 1 if it holds, else 0. */
typedef struct {
    double relative_residual, error, error_norm, error_bound;
} peer_check_result;
int peer_check(int n, int poisson, const double *u, peer_check_result *out);

/* One solver for peer_run: setup builds everything a solve needs (timed as setup), solve takes
 * u (boundary values, interior the initial guess) to the solution in place and returns its
 * iterations (negative on failure), teardown frees what setup made. */
typedef struct {
    int (*setup)(void *ctx, const peer_options *o);
    int (*solve)(void *ctx, const peer_options *o, double *u);
    void (*teardown)(void *ctx);
} peer_solver;

/* Setup, solve and teardown once untimed (the warm-up), the answer checked (peer_check, and
 * its residual against rtol), then up to o->repeat timed setups and solves while the budget
 * lasts; prints the report above, writes the last answer to o->output. Returns the exit status. */
int peer_run(const char *name, const peer_options *o, const peer_solver *s, void *ctx);

#ifdef __cplusplus
}
#endif

#endif
