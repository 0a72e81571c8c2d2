// Solves the Laplace equation on [0,2] x [0,1] (boundary x^2 - y^2, interior 0 to start) and
// writes the solution to a NumPy .npy file:
//
//   laplace-example-npy [FILE [NX NY [KERNEL]]]      (default: laplace.npy 200 100 cpp-loop)
//
// The file holds one nx x ny array of float64 in C order, u[i, j] = u(x_i, y_j): the library's
// C layout (laplace.h, "GRID CONVENTION") written as it is in memory. Read it with
//
//   import numpy as np
//   u = np.load("laplace.npy")                 # u.shape == (nx, ny), u.dtype == float64
//   x, y = np.linspace(0, 2, u.shape[0]), np.linspace(0, 1, u.shape[1])
//   import matplotlib.pyplot as plt; plt.pcolormesh(x, y, u.T); plt.show()
//
// The .npy format (version 1.0, numpy.lib.format): the 6 bytes "\x93NUMPY", the version bytes
// 1 and 0, the header length as a little-endian uint16, then the header, a Python dict literal
// {'descr': '<f8', 'fortran_order': False, 'shape': (nx, ny), } padded with spaces and ended by
// '\n' so that the data starts at a multiple of 64 bytes; then the nx*ny values.
#include <laplace/laplace.hpp>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

// Writes the nx x ny grid to `path` as a .npy file; false (with a message) on failure.
bool write_npy(const std::string &path, const laplace::Grid &grid) {
    const char *descr = std::endian::native == std::endian::little ? "<f8" : ">f8";
    std::string header = std::string("{'descr': '") + descr +
                         "', 'fortran_order': False, 'shape': (" + std::to_string(grid.nx()) +
                         ", " + std::to_string(grid.ny()) + "), }";
    constexpr std::size_t preamble = 6 + 2 + 2; // magic, version, header length
    const std::size_t total = (preamble + header.size() + 1 + 63) / 64 * 64;
    header.append(total - preamble - header.size() - 1, ' ');
    header += '\n';
    if (header.size() > UINT16_MAX) {
        std::fprintf(stderr, "laplace-example-npy: header too long for .npy version 1.0\n");
        return false;
    }
    const auto length = static_cast<std::uint16_t>(header.size());
    const char length_le[2] = {static_cast<char>(length & 0xff), static_cast<char>(length >> 8)};

    std::ofstream out(path, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    out.write(length_le, 2);
    out.write(header.data(), std::streamsize(header.size()));
    out.write(reinterpret_cast<const char *>(grid.data()),
              std::streamsize(grid.size() * sizeof(double)));
    out.close();
    if (!out) {
        std::fprintf(stderr, "laplace-example-npy: cannot write %s\n", path.c_str());
        return false;
    }
    return true;
}

int extent(const char *arg) {
    char *end = nullptr;
    const long n = std::strtol(arg, &end, 10);
    if (*end != '\0' || n < 3 || n > 100000) {
        std::fprintf(stderr,
                     "laplace-example-npy: grid extent '%s' is not an integer in 3..100000\n", arg);
        std::exit(2);
    }
    return int(n);
}

} // namespace

int main(int argc, char **argv) {
    if (argc > 5 || argc == 3) {
        std::fprintf(stderr, "usage: laplace-example-npy [FILE [NX NY [KERNEL]]]\n");
        return 2;
    }
    const std::string path = argc > 1 ? argv[1] : "laplace.npy";
    const int nx = argc > 2 ? extent(argv[2]) : 200;
    const int ny = argc > 3 ? extent(argv[3]) : 100;
    const std::string kernel = argc > 4 ? argv[4] : "cpp-loop";

    laplace::Grid grid(nx, ny, 0.0, 2.0, 0.0, 1.0); // nx, ny, xmin, xmax, ymin, ymax
    grid.set_boundary([](double x, double y) { return x * x - y * y; });
    try {
        const laplace::SolveResult r =
            laplace::solve(kernel, grid, {.max_iter = 1000000, .tol = 1e-11});
        std::printf("laplace %s, kernel %s: %d x %d grid, %d sweeps, change %.1e, converged: %s\n",
                    laplace_version(), kernel.c_str(), nx, ny, r.iterations, r.change,
                    r.converged ? "yes" : "no");
        if (!r.converged) {
            return 1;
        }
    } catch (const laplace::Error &e) {
        std::fprintf(stderr, "laplace-example-npy: %s\n", e.what());
        return 1;
    }
    if (!write_npy(path, grid)) {
        return 1;
    }
    std::printf("wrote %s: float64 array of shape (%d, %d), u[i, j] = u(x_i, y_j)\n", path.c_str(),
                nx, ny);
}
