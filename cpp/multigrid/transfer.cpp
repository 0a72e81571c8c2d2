#include "transfer.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace laplace::detail::multigrid {
namespace {

int this_thread() {
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

// This thread's row of the `rows` scratch (rows_scratch).
double *thread_row(double *rows, const AxisTransfer &ay) {
    return rows +
           std::ptrdiff_t(this_thread()) * std::ptrdiff_t(rows_scratch(ay.fine, ay.coarse, 1));
}

enum class AxisKind { identity, nested, general };

AxisKind kind(const AxisTransfer &a) {
    if (!a.coarsened) {
        return AxisKind::identity;
    }
    return a.fine - 1 == 2 * (a.coarse - 1) ? AxisKind::nested : AxisKind::general;
}

} // namespace

std::size_t rows_scratch(int ny_fine, int ny_coarse, int threads) {
    return std::size_t(threads) * std::size_t(ny_fine > ny_coarse ? ny_fine : ny_coarse);
}

namespace {

// The interior of the coarse grid gets scale * R v, v(i, j) the fine value at (i, j) (a residual
// computed on the fly, or an array's values); its boundary gets 0.
template <class Value>
void restrict_values(Value v, double *coarse, const AxisTransfer &ax, const AxisTransfer &ay,
                     double scale, int threads, double *rows) {
    const std::ptrdiff_t nyf = ay.fine, nxc = ax.coarse, nyc = ay.coarse;
    const AxisKind ky = kind(ay);
    (void)threads;
#pragma omp parallel num_threads(threads)
    {
        double *const tmp = thread_row(rows, ay);
        tmp[0] = tmp[nyf - 1] = 0.0;
#pragma omp for schedule(static)
        for (std::ptrdiff_t I = 0; I < nxc; ++I) {
            double *const out = coarse + I * nyc;
            if (I == 0 || I == nxc - 1) {
                for (std::ptrdiff_t J = 0; J < nyc; ++J) {
                    out[J] = 0.0;
                }
                continue;
            }
            // Along x: the fine rows of coarse row I, weighted.
            bool first = true;
            for (std::ptrdiff_t k = 0; k < 4; ++k) {
                const double wx = ax.weight[std::size_t(4 * I + k)];
                if (wx == 0.0) {
                    continue;
                }
                const std::ptrdiff_t i = ax.index[std::size_t(4 * I + k)];
                if (first) {
#pragma omp simd
                    for (std::ptrdiff_t j = 1; j < nyf - 1; ++j) {
                        tmp[j] = wx * v(i, j);
                    }
                    first = false;
                } else {
#pragma omp simd
                    for (std::ptrdiff_t j = 1; j < nyf - 1; ++j) {
                        tmp[j] += wx * v(i, j);
                    }
                }
            }
            // Along y.
            out[0] = out[nyc - 1] = 0.0;
            switch (ky) {
            case AxisKind::identity:
                for (std::ptrdiff_t J = 1; J < nyc - 1; ++J) {
                    out[J] = scale * tmp[J];
                }
                break;
            case AxisKind::nested:
#pragma omp simd
                for (std::ptrdiff_t J = 1; J < nyc - 1; ++J) {
                    out[J] =
                        scale * (0.25 * tmp[2 * J - 1] + 0.5 * tmp[2 * J] + 0.25 * tmp[2 * J + 1]);
                }
                break;
            case AxisKind::general:
                for (std::ptrdiff_t J = 1; J < nyc - 1; ++J) {
                    const double *const w = ay.weight.data() + 4 * J;
                    const int *const at = ay.index.data() + 4 * J;
                    out[J] = scale * (w[0] * tmp[at[0]] + w[1] * tmp[at[1]] + w[2] * tmp[at[2]] +
                                      w[3] * tmp[at[3]]);
                }
                break;
            }
        }
    }
}

} // namespace

namespace {

// The residual w b - M u at (i, j) of grid g (b nullptr: 0).
template <bool with_b>
struct ResidualAt {
    const double *u, *b;
    double w, dx2, dy2;
    std::ptrdiff_t ny;
    ResidualAt(const GridRef &g, const double *b_, double w_)
        : u(g.u), b(b_), w(w_), dx2(g.dx * g.dx), dy2(g.dy * g.dy), ny(g.ny) {}
    double operator()(std::ptrdiff_t i, std::ptrdiff_t j) const {
        const double *const p = u + i * ny + j;
        const double two_u = 2.0 * p[0];
        const double mu = (p[-ny] + p[ny] - two_u) * dy2 + (p[-1] + p[1] - two_u) * dx2;
        return with_b ? b[i * ny + j] * w - mu : -mu;
    }
};

template <bool with_b>
void residual_rows(const ResidualAt<with_b> &at, int nx, double *r, int threads) {
    const std::ptrdiff_t ny = at.ny;
    (void)threads;
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 1; i < nx - 1; ++i) {
#pragma omp simd
        for (std::ptrdiff_t j = 1; j < ny - 1; ++j) {
            r[i * ny + j] = at(i, j);
        }
    }
}

} // namespace

void residual(const GridRef &g, const double *b, double w, double *r, int threads) {
    if (b) {
        residual_rows(ResidualAt<true>(g, b, w), g.nx, r, threads);
    } else {
        residual_rows(ResidualAt<false>(g, b, w), g.nx, r, threads);
    }
}

void restrict_residual(const GridRef &g, const double *b, double w, double *coarse,
                       const AxisTransfer &ax, const AxisTransfer &ay, double scale, int threads,
                       double *rows) {
    if (b) {
        restrict_values(ResidualAt<true>(g, b, w), coarse, ax, ay, scale, threads, rows);
    } else {
        restrict_values(ResidualAt<false>(g, b, w), coarse, ax, ay, scale, threads, rows);
    }
}

void restrict_array(const double *v, double *coarse, const AxisTransfer &ax, const AxisTransfer &ay,
                    double scale, int threads, double *rows) {
    const std::ptrdiff_t ny = ay.fine;
    restrict_values([=](std::ptrdiff_t i, std::ptrdiff_t j) { return v[i * ny + j]; }, coarse, ax,
                    ay, scale, threads, rows);
}

void prolong(const double *coarse, double *u, const AxisTransfer &ax, const AxisTransfer &ay,
             int threads, double *rows) {
    const std::ptrdiff_t nxf = ax.fine, nyf = ay.fine, nyc = ay.coarse;
    const AxisKind ky = kind(ay);
    (void)threads;
#pragma omp parallel num_threads(threads)
    {
        double *const tmp = thread_row(rows, ay);
#pragma omp for schedule(static)
        for (std::ptrdiff_t i = 1; i < nxf - 1; ++i) {
            // Along x: the coarse rows around fine row i.
            const double t = ax.t[std::size_t(i)];
            const double *__restrict c0 = coarse + std::ptrdiff_t(ax.low[std::size_t(i)]) * nyc;
            const double *__restrict c1 = c0 + nyc;
            if (t == 0.0) {
                for (std::ptrdiff_t J = 0; J < nyc; ++J) {
                    tmp[J] = c0[J];
                }
            } else {
                const double s = 1.0 - t;
#pragma omp simd
                for (std::ptrdiff_t J = 0; J < nyc; ++J) {
                    tmp[J] = s * c0[J] + t * c1[J];
                }
            }
            // Along y, into the fine row.
            double *__restrict row = u + i * nyf;
            const auto put = [&](std::ptrdiff_t j, double v) { row[j] += v; };
            switch (ky) {
            case AxisKind::identity:
                for (std::ptrdiff_t j = 1; j < nyf - 1; ++j) {
                    put(j, tmp[j]);
                }
                break;
            case AxisKind::nested:
                // Odd j = 2J + 1 between coarse points J and J + 1, even j = 2J on J.
#pragma omp simd
                for (std::ptrdiff_t J = 0; J < nyc - 1; ++J) {
                    put(2 * J + 1, 0.5 * (tmp[J] + tmp[J + 1]));
                }
#pragma omp simd
                for (std::ptrdiff_t J = 1; J < nyc - 1; ++J) {
                    put(2 * J, tmp[J]);
                }
                break;
            case AxisKind::general:
                for (std::ptrdiff_t j = 1; j < nyf - 1; ++j) {
                    const double ty = ay.t[std::size_t(j)];
                    const std::ptrdiff_t J = ay.low[std::size_t(j)];
                    put(j, (1.0 - ty) * tmp[J] + ty * tmp[J + 1]);
                }
                break;
            }
        }
    }
}

void interpolate_solution(const double *coarse, double *u, const AxisTransfer &ax,
                          const AxisTransfer &ay, int threads, double *rows) {
    const std::ptrdiff_t nxf = ax.fine, nyf = ay.fine, nyc = ay.coarse;
    const bool nested_y = kind(ay) == AxisKind::nested;
    (void)threads;
#pragma omp parallel num_threads(threads)
    {
        double *const tmp = thread_row(rows, ay);
#pragma omp for schedule(static)
        for (std::ptrdiff_t i = 1; i < nxf - 1; ++i) {
            const int *const ix = ax.fmg_index.data() + 4 * i;
            const double *const wx = ax.fmg_weight.data() + 4 * i;
            for (std::ptrdiff_t J = 0; J < nyc; ++J) {
                tmp[J] = 0.0;
            }
            for (int k = 0; k < 4; ++k) {
                if (wx[k] != 0.0) {
                    const double *const c = coarse + std::ptrdiff_t(ix[k]) * nyc;
                    for (std::ptrdiff_t J = 0; J < nyc; ++J) {
                        tmp[J] += wx[k] * c[J];
                    }
                }
            }
            double *const row = u + i * nyf;
            const auto general = [&](std::ptrdiff_t j) {
                const int *const iy = ay.fmg_index.data() + 4 * j;
                const double *const wy = ay.fmg_weight.data() + 4 * j;
                row[j] = wy[0] * tmp[iy[0]] + wy[1] * tmp[iy[1]] + wy[2] * tmp[iy[2]] +
                         wy[3] * tmp[iy[3]];
            };
            if (nested_y && nyc >= 4) {
                // The tables' cubic (hierarchy.hpp) written out for the inner coarse intervals;
                // the two next to the boundary, and the coarse points, from the tables.
                general(1);
                general(nyf - 2);
#pragma omp simd
                for (std::ptrdiff_t J = 1; J < nyc - 2; ++J) {
                    row[2 * J + 1] = -1.0 / 16 * tmp[J - 1] + 9.0 / 16 * tmp[J] +
                                     9.0 / 16 * tmp[J + 1] + -1.0 / 16 * tmp[J + 2];
                }
#pragma omp simd
                for (std::ptrdiff_t J = 1; J < nyc - 1; ++J) {
                    row[2 * J] = tmp[J];
                }
            } else {
                for (std::ptrdiff_t j = 1; j < nyf - 1; ++j) {
                    general(j);
                }
            }
        }
    }
}

void restrict_boundary(const double *uf, double *uc, const AxisTransfer &ax,
                       const AxisTransfer &ay) {
    const std::ptrdiff_t nxf = ax.fine, nyf = ay.fine, nxc = ax.coarse, nyc = ay.coarse;
    // Rows 0 and nx-1 (interpolated along y), then columns 0 and ny-1 (along x).
    for (const std::ptrdiff_t side : {std::ptrdiff_t(0), std::ptrdiff_t(1)}) {
        const double *const fine_row = uf + side * (nxf - 1) * nyf;
        double *const coarse_row = uc + side * (nxc - 1) * nyc;
        for (std::ptrdiff_t J = 0; J < nyc; ++J) {
            const double s = ay.edge_s[std::size_t(J)];
            const std::ptrdiff_t j = ay.edge_low[std::size_t(J)];
            coarse_row[J] = (1.0 - s) * fine_row[j] + s * fine_row[j + 1];
        }
        const double *const fine_column = uf + side * (nyf - 1);
        double *const coarse_column = uc + side * (nyc - 1);
        for (std::ptrdiff_t I = 0; I < nxc; ++I) {
            const double s = ax.edge_s[std::size_t(I)];
            const std::ptrdiff_t i = ax.edge_low[std::size_t(I)];
            coarse_column[I * nyc] =
                (1.0 - s) * fine_column[i * nyf] + s * fine_column[(i + 1) * nyf];
        }
    }
}

} // namespace laplace::detail::multigrid
