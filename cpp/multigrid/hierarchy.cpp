#include "hierarchy.hpp"

#include <algorithm>

namespace laplace::detail::multigrid {

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
