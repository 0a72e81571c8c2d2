/*
 * hypre_struct.c - time-to-solution reference rows of laplace-bench --solve: hypre's Struct
 * interface, its semicoarsening multigrid PFMG alone, or as the preconditioner of PCG, to
 * ||r||_2 <= rtol ||r0||_2.
 *
 *   laplace-hypre-reference --method pfmg|pcg-pfmg [peer options, peer.h]
 *
 * The grid is the interior box, (n-2) x (n-2) unknowns, the 5-point stencil scaled by h^2
 * (4 and -1); the entries reaching the boundary are zero and the boundary values go to the
 * right-hand side, with -h^2 f. hypre's first index is the grid's y (the contiguous one), so
 * its box order is the grid's row-major order. hypre's residual tolerances are relative to
 * ||b||, which is ||r0|| from interior 0. PFMG: V(1,1) cycles of red-black Gauss-Seidel (relax
 * type 2, symmetric), Galerkin coarse operators (RAP type 0), relaxation skipped where the
 * coarsening makes it pointless (skip 1), as in hypre's own struct driver; as a preconditioner
 * one cycle from zero. PCG measures the 2-norm of the residual (SetTwoNorm). Setup: the grid,
 * stencil, matrix and vectors and PFMG's setup (its hierarchy); solve: the iterations.
 * Serial (one MPI process).
 */
#include "peer.h"

#include <HYPRE_struct_ls.h>
#include <mpi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int pcg; /* 1: PCG preconditioned by PFMG; 0: PFMG alone */
    HYPRE_StructGrid grid;
    HYPRE_StructStencil stencil;
    HYPRE_StructMatrix a;
    HYPRE_StructVector b, x;
    HYPRE_StructSolver solver, precond;
    double *values;
} context;

/* The stencil: centre, then the neighbours along hypre's axes 0 and 1. */
static const int offsets[5][2] = {{0, 0}, {-1, 0}, {1, 0}, {0, -1}, {0, 1}};

static void pfmg_settings(HYPRE_StructSolver s) {
    HYPRE_StructPFMGSetRelaxType(s, 2);
    HYPRE_StructPFMGSetRAPType(s, 0);
    HYPRE_StructPFMGSetNumPreRelax(s, 1);
    HYPRE_StructPFMGSetNumPostRelax(s, 1);
    HYPRE_StructPFMGSetSkipRelax(s, 1);
}

/* b: -h^2 f plus the boundary neighbours' values; x: 0 (interior) */
static void fill(context *c, const peer_options *o) {
    const int n = o->n, m = n - 2;
    const double h = 1.0 / (n - 1);
    int lower[2] = {1, 1}, upper[2] = {m, m};
    for (int i = 1; i <= m; ++i) {     /* x: hypre's axis 1 */
        for (int j = 1; j <= m; ++j) { /* y: hypre's axis 0 */
            double rhs = -h * h * peer_rhs(o->poisson, i * h, j * h);
            if (i == 1)
                rhs += peer_exact(o->poisson, 0, j * h);
            if (i == m)
                rhs += peer_exact(o->poisson, 1, j * h);
            if (j == 1)
                rhs += peer_exact(o->poisson, i * h, 0);
            if (j == m)
                rhs += peer_exact(o->poisson, i * h, 1);
            c->values[(size_t)(i - 1) * m + (j - 1)] = rhs;
        }
    }
    HYPRE_StructVectorSetBoxValues(c->b, lower, upper, c->values);
    memset(c->values, 0, sizeof(double) * (size_t)m * (size_t)m);
    HYPRE_StructVectorSetBoxValues(c->x, lower, upper, c->values);
    HYPRE_StructVectorAssemble(c->b);
    HYPRE_StructVectorAssemble(c->x);
}

static int setup(void *ctx, const peer_options *o) {
    context *c = ctx;
    const int m = o->n - 2;
    int lower[2] = {1, 1}, upper[2] = {m, m};
    const size_t points = (size_t)m * (size_t)m;
    c->values = malloc(sizeof(double) * 5 * points);
    if (c->values == NULL) {
        return 1;
    }
    HYPRE_StructGridCreate(MPI_COMM_WORLD, 2, &c->grid);
    HYPRE_StructGridSetExtents(c->grid, lower, upper);
    HYPRE_StructGridAssemble(c->grid);
    HYPRE_StructStencilCreate(2, 5, &c->stencil);
    for (int k = 0; k < 5; ++k) {
        HYPRE_StructStencilSetElement(c->stencil, k, (int *)offsets[k]);
    }
    HYPRE_StructMatrixCreate(MPI_COMM_WORLD, c->grid, c->stencil, &c->a);
    HYPRE_StructMatrixInitialize(c->a);
    int entries[5] = {0, 1, 2, 3, 4};
    for (size_t p = 0; p < points; ++p) {
        c->values[5 * p] = 4;
        for (int k = 1; k < 5; ++k) {
            c->values[5 * p + (size_t)k] = -1;
        }
    }
    HYPRE_StructMatrixSetBoxValues(c->a, lower, upper, 5, entries, c->values);
    /* The entries that reach the boundary: zero, along each side of the box. */
    memset(c->values, 0, sizeof(double) * (size_t)m);
    for (int k = 1; k < 5; ++k) {
        int lo[2] = {1, 1}, hi[2] = {m, m};
        const int axis = offsets[k][0] != 0 ? 0 : 1, side = offsets[k][axis];
        lo[axis] = hi[axis] = side < 0 ? 1 : m;
        HYPRE_StructMatrixSetBoxValues(c->a, lo, hi, 1, &entries[k], c->values);
    }
    HYPRE_StructMatrixAssemble(c->a);
    HYPRE_StructVectorCreate(MPI_COMM_WORLD, c->grid, &c->b);
    HYPRE_StructVectorCreate(MPI_COMM_WORLD, c->grid, &c->x);
    HYPRE_StructVectorInitialize(c->b);
    HYPRE_StructVectorInitialize(c->x);
    fill(c, o);
    if (c->pcg) {
        HYPRE_StructPCGCreate(MPI_COMM_WORLD, &c->solver);
        HYPRE_StructPCGSetTol(c->solver, o->rtol);
        HYPRE_StructPCGSetMaxIter(c->solver, 10000);
        HYPRE_StructPCGSetTwoNorm(c->solver, 1);
        HYPRE_StructPCGSetRelChange(c->solver, 0);
        HYPRE_StructPFMGCreate(MPI_COMM_WORLD, &c->precond);
        HYPRE_StructPFMGSetMaxIter(c->precond, 1);
        HYPRE_StructPFMGSetTol(c->precond, 0.0);
        HYPRE_StructPFMGSetZeroGuess(c->precond);
        pfmg_settings(c->precond);
        HYPRE_StructPCGSetPrecond(c->solver, HYPRE_StructPFMGSolve, HYPRE_StructPFMGSetup,
                                  c->precond);
        return HYPRE_StructPCGSetup(c->solver, c->a, c->b, c->x) != 0;
    }
    HYPRE_StructPFMGCreate(MPI_COMM_WORLD, &c->solver);
    HYPRE_StructPFMGSetTol(c->solver, o->rtol);
    HYPRE_StructPFMGSetMaxIter(c->solver, 10000);
    HYPRE_StructPFMGSetRelChange(c->solver, 0);
    pfmg_settings(c->solver);
    return HYPRE_StructPFMGSetup(c->solver, c->a, c->b, c->x) != 0;
}

static int solve(void *ctx, const peer_options *o, double *u) {
    context *c = ctx;
    const int n = o->n, m = n - 2;
    int lower[2] = {1, 1}, upper[2] = {m, m}, iterations = 0;
    fill(c, o);
    if (c->pcg) {
        HYPRE_StructPCGSolve(c->solver, c->a, c->b, c->x);
        HYPRE_StructPCGGetNumIterations(c->solver, &iterations);
    } else {
        HYPRE_StructPFMGSolve(c->solver, c->a, c->b, c->x);
        HYPRE_StructPFMGGetNumIterations(c->solver, &iterations);
    }
    /* A solver that stopped short (max_iter) sets hypre's error flag; the check tells. */
    HYPRE_ClearAllErrors();
    HYPRE_StructVectorGetBoxValues(c->x, lower, upper, c->values);
    for (int i = 1; i <= m; ++i) {
        memcpy(u + (size_t)i * n + 1, c->values + (size_t)(i - 1) * m, sizeof(double) * (size_t)m);
    }
    return iterations;
}

static void teardown(void *ctx) {
    context *c = ctx;
    if (c->pcg) {
        HYPRE_StructPCGDestroy(c->solver);
        HYPRE_StructPFMGDestroy(c->precond);
    } else {
        HYPRE_StructPFMGDestroy(c->solver);
    }
    HYPRE_StructVectorDestroy(c->x);
    HYPRE_StructVectorDestroy(c->b);
    HYPRE_StructMatrixDestroy(c->a);
    HYPRE_StructStencilDestroy(c->stencil);
    HYPRE_StructGridDestroy(c->grid);
    free(c->values);
}

int main(int argc, char **argv) {
    peer_options o;
    peer_parse("laplace-hypre-reference", argc, argv, &o, 0); /* exits 2 on a bad argument */
    if (o.method == NULL || (strcmp(o.method, "pfmg") && strcmp(o.method, "pcg-pfmg"))) {
        fprintf(stderr, "usage: laplace-hypre-reference --method pfmg|pcg-pfmg [--n N] "
                        "[--problem laplace|poisson] [--rtol R] [--repeat K] [--budget S] "
                        "[--output FILE]\n");
        return 2;
    }
    MPI_Init(&argc, &argv);
    context c = {.pcg = strcmp(o.method, "pcg-pfmg") == 0};
    const peer_solver s = {setup, solve, teardown};
    const int status = peer_run(c.pcg ? "hypre-pcg-pfmg" : "hypre-pfmg", &o, &s, &c);
    MPI_Finalize();
    return status;
}
