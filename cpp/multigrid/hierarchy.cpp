#include "hierarchy.hpp"

#include <algorithm>

namespace laplace::detail::multigrid {

namespace {

// FMG's interpolation tables of an axis whose prolongation tables are set (hierarchy.hpp).
void set_fmg_interpolation(AxisTransfer &a) {
    const std::size_t n = std::size_t(a.fine);
    a.fmg_index.assign(4 * n, 0);
    a.fmg_weight.assign(4 * n, 0.0);
    const bool nested = a.coarsened && a.fine - 1 == 2 * (a.coarse - 1);
    for (int i = 1; i < a.fine - 1; ++i) {
        int *const at = a.fmg_index.data() + 4 * i;
        double *const w = a.fmg_weight.data() + 4 * i;
        const int low = a.low[std::size_t(i)];
        for (int k = 0; k < 4; ++k) {
            at[k] = low;
        }
        if (!nested || i % 2 == 0 || a.coarse < 4) {
            // Linear (exact at coarse points: t = 0).
            const double t = a.t[std::size_t(i)];
            at[1] = low + 1;
            w[0] = 1.0 - t;
            w[1] = t;
        } else if (low == 0) {
            // Between coarse points 0 and 1: the quadratic through 0, 1, 2 at 1/2.
            at[1] = 1, at[2] = 2;
            w[0] = 3.0 / 8, w[1] = 6.0 / 8, w[2] = -1.0 / 8;
        } else if (low == a.coarse - 2) {
            at[0] = low - 1, at[1] = low, at[2] = low + 1;
            w[0] = -1.0 / 8, w[1] = 6.0 / 8, w[2] = 3.0 / 8;
        } else {
            at[0] = low - 1, at[1] = low, at[2] = low + 1, at[3] = low + 2;
            w[0] = -1.0 / 16, w[1] = 9.0 / 16, w[2] = 9.0 / 16, w[3] = -1.0 / 16;
        }
    }
}

} // namespace

// Positions in units of the fine spacing: fine point i at i, coarse point I at
// I (fine-1)/(coarse-1). All the fractions below are exact ratios of integers.
AxisTransfer make_axis(int fine, int coarse) {
    AxisTransfer a;
    a.fine = fine;
    a.coarse = coarse;
    a.coarsened = true;
    const long long lf = fine - 1, lc = coarse - 1; // intervals
    a.low.assign(std::size_t(fine), 0);
    a.t.assign(std::size_t(fine), 0.0);
    for (long long i = 1; i < fine - 1; ++i) {
        // i / H = i lc / lf coarse intervals.
        const long long low = std::min(i * lc / lf, lc - 1);
        a.low[std::size_t(i)] = int(low);
        a.t[std::size_t(i)] = double(i * lc - low * lf) / double(lf);
    }
    a.index.assign(4 * std::size_t(coarse), 0);
    a.weight.assign(4 * std::size_t(coarse), 0.0);
    for (long long I = 1; I < coarse - 1; ++I) {
        // Fine points strictly inside (X_{I-1}, X_{I+1}): |i lc - I lf| < lf.
        const long long first = (I - 1) * lf / lc + 1;
        for (long long k = 0; k < 4; ++k) {
            const long long i = first + k;
            a.index[std::size_t(4 * I + k)] = int(std::min<long long>(i, fine - 1));
            const long long d = i * lc > I * lf ? i * lc - I * lf : I * lf - i * lc;
            if (i < fine - 1 && d < lf) {
                // (h/H) hat_I(x_i) = (lc/lf) (1 - d/lf)
                a.weight[std::size_t(4 * I + k)] = double(lc * (lf - d)) / double(lf * lf);
            }
        }
    }
    a.edge_low.assign(std::size_t(coarse), 0);
    a.edge_s.assign(std::size_t(coarse), 0.0);
    for (long long I = 0; I < coarse; ++I) {
        const long long low = std::min(I * lf / lc, lf - 1);
        a.edge_low[std::size_t(I)] = int(low);
        a.edge_s[std::size_t(I)] = double(I * lf - low * lc) / double(lc);
    }
    set_fmg_interpolation(a);
    return a;
}

AxisTransfer identity_axis(int n) {
    AxisTransfer a;
    a.fine = a.coarse = n;
    a.coarsened = false;
    a.low.resize(std::size_t(n));
    a.t.assign(std::size_t(n), 0.0);
    a.index.assign(4 * std::size_t(n), 0);
    a.weight.assign(4 * std::size_t(n), 0.0);
    a.edge_low.resize(std::size_t(n));
    a.edge_s.assign(std::size_t(n), 0.0);
    for (int i = 0; i < n; ++i) {
        a.low[std::size_t(i)] = std::min(i, n - 2);
        a.t[std::size_t(i)] = i == n - 1 ? 1.0 : 0.0;
        for (int k = 0; k < 4; ++k) {
            a.index[4 * std::size_t(i) + std::size_t(k)] = i;
        }
        a.weight[4 * std::size_t(i)] = 1.0;
        a.edge_low[std::size_t(i)] = std::min(i, n - 2);
        a.edge_s[std::size_t(i)] = i == n - 1 ? 1.0 : 0.0;
    }
    set_fmg_interpolation(a);
    return a;
}

std::vector<LevelShape> plan_levels(int nx, int ny, double dx, double dy) {
    std::vector<LevelShape> levels{{nx, ny, dx, dy}};
    for (;;) {
        const LevelShape s = levels.back();
        if (std::min(s.nx, s.ny) - 2 <= direct_extent) {
            return levels;
        }
        const bool along_x = s.dx * s.dx <= 2 * s.dy * s.dy;
        const bool along_y = s.dy * s.dy <= 2 * s.dx * s.dx;
        LevelShape c = s;
        if (along_x) {
            c.nx = coarsened_extent(s.nx);
            c.dx = s.dx * double(s.nx - 1) / double(c.nx - 1);
        }
        if (along_y) {
            c.ny = coarsened_extent(s.ny);
            c.dy = s.dy * double(s.ny - 1) / double(c.ny - 1);
        }
        levels.push_back(c);
    }
}

} // namespace laplace::detail::multigrid
