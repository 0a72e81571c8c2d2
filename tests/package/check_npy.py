"""Runs examples/solve_to_npy.cpp's program and checks the .npy file it writes with NumPy.

    python3 check_npy.py PROGRAM FILE NX NY

The file must load with numpy.load as a float64 array of shape (NX, NY) in C order whose data
starts at a multiple of 64 bytes (the .npy 1.0 layout), holding the discrete solution of the
problem the program solves: x^2 - y^2 on [0,2] x [0,1], to the solver's convergence.
"""
import subprocess
import sys

import numpy as np

program, path, nx, ny = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
subprocess.run([program, path, str(nx), str(ny)], check=True)

with open(path, "rb") as f:
    assert np.lib.format.read_magic(f) == (1, 0), "not a .npy version 1.0 file"
    shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(f)
    assert f.tell() % 64 == 0, f"data starts at byte {f.tell()}, not a multiple of 64"
assert (shape, fortran_order, dtype) == ((nx, ny), False, np.dtype(float)), (shape, fortran_order, dtype)

u = np.load(path)
assert u.shape == (nx, ny) and u.dtype == np.float64 and u.flags.c_contiguous

x = np.linspace(0.0, 2.0, nx)[:, None]
y = np.linspace(0.0, 1.0, ny)[None, :]
exact = x**2 - y**2
scale = np.abs(exact).max()
boundary = np.ones_like(u, dtype=bool)
boundary[1:-1, 1:-1] = False
# Boundary values are x^2 - y^2 as the program computed them: equal up to rounding of x, y.
boundary_error = np.abs(u - exact)[boundary].max() / scale
# Interior: solved to a change norm of 1e-11; the discrete solution is x^2 - y^2 exactly.
interior_error = np.abs(u - exact)[~boundary].max() / scale
print(f"{path}: shape {u.shape}, boundary error {boundary_error:.1e}, "
      f"interior error {interior_error:.1e} (relative to max |u| = {scale})")
assert boundary_error <= 1e-14, boundary_error
assert interior_error <= 1e-8, interior_error
