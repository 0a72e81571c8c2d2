/*
 * petsc_mg.c - a time-to-solution reference row of laplace-bench --solve: PETSc's conjugate
 * gradients preconditioned by geometric multigrid (PCMG on a DMDA hierarchy) with symmetric
 * Gauss-Seidel smoothing, the residual norm unpreconditioned, to ||r|| <= rtol ||r0||.
 *
 *   laplace-petsc-reference [peer options, peer.h] [PETSc options]
 *
 * The DMDA holds the whole n x n grid. A boundary row is the identity (times 4, the interior's
 * diagonal) with the boundary value as its right-hand side; an interior row is the 5-point
 * stencil scaled by h^2 (4 and -1) over its interior neighbours, the boundary neighbours' values
 * moved to the right-hand side: a symmetric positive definite matrix, as CG needs. n - 1 must be
 * a power of two times 8 or more for the hierarchy (n = 2^k + 1, k >= 3); each coarser level is
 * the DMDA's coarsening, down to 9 x 9, solved by LU. The coarse matrices are Galerkin products
 * P^T A P of the DMDA's bilinear interpolation P, and one symmetric sweep before and after
 * the correction (V(1,1)): of the variants tried, the fastest here (the trials are in
 * bench/README.md). Defaults, any of them overridden by PETSc options on the command line or in
 * PETSC_OPTIONS:
 *   -ksp_type cg -ksp_norm_type unpreconditioned -pc_type mg -pc_mg_levels L
 *   -pc_mg_galerkin both -mg_levels_ksp_type richardson -mg_levels_ksp_max_it 1
 *   -mg_levels_pc_type sor -mg_levels_pc_sor_symmetric -mg_coarse_ksp_type preonly
 *   -mg_coarse_pc_type lu
 * Setup: the DMDA, the vectors, the right-hand side and KSPSetUp (every level's matrix, the
 * interpolations, the coarse LU). Solve: KSPSolve from the boundary values and interior 0.
 * Serial (one MPI process): the bench runs it with one OpenMP and one BLAS thread.
 */
#include "peer.h"

#include <petscdmda.h>
#include <petscksp.h>

typedef struct {
    DM da;
    KSP ksp;
    Vec x, b;
    int levels;
} context;

static int on_edge(PetscInt i, PetscInt j, PetscInt m) {
    return i == 0 || j == 0 || i == m - 1 || j == m - 1;
}

/* The matrix of any level: its own DMDA's size, the rows described above. */
static PetscErrorCode level_matrix(KSP ksp, Mat jacobian, Mat a, void *unused) {
    DM da;
    PetscInt m, xs, ys, xm, ym;
    (void)jacobian;
    (void)unused;
    PetscFunctionBeginUser;
    PetscCall(KSPGetDM(ksp, &da));
    PetscCall(DMDAGetInfo(da, NULL, &m, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                          NULL));
    PetscCall(DMDAGetCorners(da, &xs, &ys, NULL, &xm, &ym, NULL));
    for (PetscInt j = ys; j < ys + ym; ++j) {
        for (PetscInt i = xs; i < xs + xm; ++i) {
            MatStencil row = {.i = i, .j = j}, cols[5];
            PetscScalar values[5];
            PetscInt count = 0;
            cols[count] = row;
            values[count++] = 4;
            if (!on_edge(i, j, m)) {
                const PetscInt di[4] = {-1, 1, 0, 0}, dj[4] = {0, 0, -1, 1};
                for (int k = 0; k < 4; ++k) {
                    if (!on_edge(i + di[k], j + dj[k], m)) {
                        cols[count].i = i + di[k];
                        cols[count].j = j + dj[k];
                        values[count++] = -1;
                    }
                }
            }
            PetscCall(MatSetValuesStencil(a, 1, &row, count, cols, values, INSERT_VALUES));
        }
    }
    PetscCall(MatAssemblyBegin(a, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(a, MAT_FINAL_ASSEMBLY));
    PetscFunctionReturn(0);
}

/* b: 4 g on the boundary; -h^2 f plus the boundary neighbours' values inside. x: g on the
 * boundary, 0 inside (the initial guess). DMDA arrays are [j][i], i along x. */
static PetscErrorCode fill(const peer_options *o, context *c) {
    const PetscInt m = o->n;
    const double h = 1.0 / (m - 1);
    PetscScalar **b, **x;
    PetscFunctionBeginUser;
    PetscCall(DMDAVecGetArray(c->da, c->b, &b));
    PetscCall(DMDAVecGetArray(c->da, c->x, &x));
    for (PetscInt j = 0; j < m; ++j) {
        for (PetscInt i = 0; i < m; ++i) {
            if (on_edge(i, j, m)) {
                x[j][i] = peer_exact(o->poisson, i * h, j * h);
                b[j][i] = 4 * x[j][i];
                continue;
            }
            double rhs = -h * h * peer_rhs(o->poisson, i * h, j * h);
            const PetscInt di[4] = {-1, 1, 0, 0}, dj[4] = {0, 0, -1, 1};
            for (int k = 0; k < 4; ++k) {
                if (on_edge(i + di[k], j + dj[k], m)) {
                    rhs += peer_exact(o->poisson, (i + di[k]) * h, (j + dj[k]) * h);
                }
            }
            x[j][i] = 0;
            b[j][i] = rhs;
        }
    }
    PetscCall(DMDAVecRestoreArray(c->da, c->b, &b));
    PetscCall(DMDAVecRestoreArray(c->da, c->x, &x));
    PetscFunctionReturn(0);
}

static PetscErrorCode make(context *c, const peer_options *o) {
    char levels[16];
    PetscFunctionBeginUser;
    PetscCall(PetscSNPrintf(levels, sizeof levels, "%d", c->levels));
    /* The defaults; options given by the user (command line, PETSC_OPTIONS) win. */
    const char *defaults[][2] = {{"-ksp_type", "cg"},
                                 {"-ksp_norm_type", "unpreconditioned"},
                                 {"-pc_type", "mg"},
                                 {"-pc_mg_levels", levels},
                                 {"-pc_mg_galerkin", "both"},
                                 {"-mg_levels_ksp_type", "richardson"},
                                 {"-mg_levels_ksp_max_it", "1"},
                                 {"-mg_levels_pc_type", "sor"},
                                 {"-mg_levels_pc_sor_symmetric", NULL},
                                 {"-mg_coarse_ksp_type", "preonly"},
                                 {"-mg_coarse_pc_type", "lu"}};
    for (size_t k = 0; k < sizeof defaults / sizeof defaults[0]; ++k) {
        PetscBool set;
        PetscCall(PetscOptionsHasName(NULL, NULL, defaults[k][0], &set));
        if (!set) {
            PetscCall(PetscOptionsSetValue(NULL, defaults[k][0], defaults[k][1]));
        }
    }
    PetscCall(DMDACreate2d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR,
                           o->n, o->n, PETSC_DECIDE, PETSC_DECIDE, 1, 1, NULL, NULL, &c->da));
    PetscCall(DMSetFromOptions(c->da));
    PetscCall(DMSetUp(c->da));
    PetscCall(DMCreateGlobalVector(c->da, &c->x));
    PetscCall(VecDuplicate(c->x, &c->b));
    PetscCall(fill(o, c));
    PetscCall(KSPCreate(PETSC_COMM_WORLD, &c->ksp));
    PetscCall(KSPSetDM(c->ksp, c->da));
    PetscCall(KSPSetComputeOperators(c->ksp, level_matrix, NULL));
    PetscCall(KSPSetInitialGuessNonzero(c->ksp, PETSC_TRUE));
    PetscCall(KSPSetTolerances(c->ksp, o->rtol, 0.0, PETSC_DEFAULT, 100000));
    PetscCall(KSPSetFromOptions(c->ksp));
    /* ||r|| <= rtol ||r0||, r0 the initial guess's residual (as laplace's rtol), not ||b||. */
    PetscCall(KSPConvergedDefaultSetUIRNorm(c->ksp));
    PetscCall(KSPSetUp(c->ksp));
    PetscFunctionReturn(0);
}

static int setup(void *ctx, const peer_options *o) {
    return make(ctx, o) != 0;
}

/* Stopping at -ksp_max_it is not a failure: the check says the tolerance was not reached. */
static int solve(void *ctx, const peer_options *o, double *u) {
    context *c = ctx;
    KSPConvergedReason reason;
    PetscInt iterations;
    const PetscScalar **x;
    if (fill(o, c) != 0 || KSPSolve(c->ksp, c->b, c->x) != 0 ||
        KSPGetConvergedReason(c->ksp, &reason) != 0 ||
        KSPGetIterationNumber(c->ksp, &iterations) != 0 ||
        (reason < 0 && reason != KSP_DIVERGED_ITS)) {
        return -1;
    }
    if (DMDAVecGetArrayRead(c->da, c->x, &x) != 0) {
        return -1;
    }
    for (int j = 0; j < o->n; ++j) {
        for (int i = 0; i < o->n; ++i) {
            u[(size_t)i * o->n + j] = x[j][i];
        }
    }
    DMDAVecRestoreArrayRead(c->da, c->x, &x);
    return (int)iterations;
}

static void teardown(void *ctx) {
    context *c = ctx;
    KSPDestroy(&c->ksp);
    VecDestroy(&c->x);
    VecDestroy(&c->b);
    DMDestroy(&c->da);
}

int main(int argc, char **argv) {
    peer_options o;
    const int first = peer_parse("laplace-petsc-reference", argc, argv, &o, 1);
    /* What peer_parse left is PETSc's. */
    int petsc_argc = argc - first + 1;
    char **petsc_argv = argv + first - 1;
    petsc_argv[0] = argv[0];
    if (PetscInitialize(&petsc_argc, &petsc_argv, NULL, NULL) != 0) {
        return 2;
    }
    context c = {.levels = 0};
    for (int intervals = o.n - 1; intervals >= 8 && intervals % 2 == 0; intervals /= 2) {
        ++c.levels;
    }
    if (c.levels == 0 || (o.n - 1) >> (c.levels - 1) != 8) {
        printf("not applicable: n - 1 = %d is not 8 times a power of two\n", o.n - 1);
        PetscFinalize();
        return 3;
    }
    const peer_solver s = {setup, solve, teardown};
    const int status = peer_run("petsc-cg-mg", &o, &s, &c);
    PetscFinalize();
    return status;
}
