"""A Poisson solve to a residual tolerance from Python: u_xx + u_yy = 8y on [0, 2] x [0, 1],
boundary values of u = x^2 y + y^3 (which the 5-point scheme reproduces exactly), every method
of the table, in C and in Fortran order; prints iterations, why it stopped, the residual and
the error against the exact solution. A solver is set up once per grid and reused.

    PYTHONPATH=build/python python3 examples/poisson.py
"""
import sys

import numpy as np

import laplace

nx, ny = 129, 65
x, y = np.linspace(0.0, 2.0, nx), np.linspace(0.0, 1.0, ny)
X, Y = np.meshgrid(x, y, indexing="ij")  # u[i, j] = u(x_i, y_j)
exact = X**2 * Y + Y**3
f = 8 * Y
dx, dy = x[1] - x[0], y[1] - y[0]

for m in laplace.methods():
    solver = laplace.Solver(m.name, tolerances={"rtol": 1e-10})  # ||r|| <= 1e-10 ||r0||
    for order in ("C", "F"):
        u = np.array(exact, order=order)  # the boundary values ...
        u[1:-1, 1:-1] = 0.0               # ... and 0 as the initial guess
        if order == "C":
            solver.setup(u, dx, dy)        # once per grid shape, spacing and order
        else:
            solver.setup(nx, ny, dx, dy, order="F")
        r = solver.solve(u, dx, dy, np.array(f, order=order))  # in place, no copy
        error = np.max(np.abs(u - exact))
        print(f"{m.name:9} {m.kind:9} {order} {r.iterations:6d} iterations, stopped by "
              f"{r.stop_reason.name:6} |r|/|r0| {r.relative_residual:.1e}, max error {error:.1e}")
        if not r.converged or error > 1e-8:
            sys.exit(1)
print("laplace", laplace.version())
