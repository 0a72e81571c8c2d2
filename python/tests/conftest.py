"""Shared by the Python tests: the problem, and the C ABI called directly, as the oracle.

The oracle is liblaplace itself called through ctypes (the library LAPLACE_LIBRARY names, the one
the module links): the binding must give its bits, in both layouts. The exact discrete solution
u = x^2 y + y^3 of u_xx + u_yy = 8y (the 5-point scheme is exact on cubics) is the other oracle.
"""

import ctypes
import os

import numpy as np
import pytest

import laplace

# A grid with nx != ny, dx != dy and no symmetry, so that a swapped axis or spacing shows.
NX, NY = 23, 17
XMAX, YMAX = 2.0, 1.0
DX, DY = XMAX / (NX - 1), YMAX / (NY - 1)


def exact(nx=NX, ny=NY, xmax=XMAX, ymax=YMAX):
    """u = x^2 y + y^3 on the grid, u[i, j] = u(x_i, y_j), and f = 8y."""
    x = np.linspace(0.0, xmax, nx)
    y = np.linspace(0.0, ymax, ny)
    X, Y = np.meshgrid(x, y, indexing="ij")
    return X**2 * Y + Y**3, 8.0 * Y


def problem(order="C", seed=19, nx=NX, ny=NY):
    """The exact solution's boundary values, a random interior, f = 8y; in `order`."""
    u, f = exact(nx, ny)
    rng = np.random.default_rng(seed)
    u[1:-1, 1:-1] = rng.uniform(-1.0, 1.0, (nx - 2, ny - 2))
    return np.array(u, order=order), np.array(f, order=order)


class Options(ctypes.Structure):
    _fields_ = [("num_threads", ctypes.c_int), ("omega", ctypes.c_double)]


class CResult(ctypes.Structure):
    _fields_ = [
        ("size", ctypes.c_size_t),
        ("iterations", ctypes.c_int),
        ("stop_reason", ctypes.c_int),
        ("converged", ctypes.c_int),
        ("change", ctypes.c_double),
        ("residual_initial", ctypes.c_double),
        ("residual", ctypes.c_double),
        ("residual_max", ctypes.c_double),
        ("relative_residual", ctypes.c_double),
        ("threads", ctypes.c_int),
    ]


def _ptr(a):
    return None if a is None else a.ctypes.data_as(ctypes.POINTER(ctypes.c_double))


class CAbi:
    """laplace.h through ctypes, arrays passed as pointers (the caller picks the layout)."""

    def __init__(self, path):
        self.lib = lib = ctypes.CDLL(path)
        d, i, p = ctypes.c_double, ctypes.c_int, ctypes.c_void_p
        dp, ip = ctypes.POINTER(d), ctypes.POINTER(i)
        lib.laplace_last_error.restype = ctypes.c_char_p
        for name in ("laplace_sweep_ex", "laplace_sweep_colmajor_ex"):
            getattr(lib, name).argtypes = [ctypes.c_char_p, dp, i, i, d, d,
                                           ctypes.POINTER(Options), dp]
        for name in ("laplace_solve_ex", "laplace_solve_colmajor_ex"):
            getattr(lib, name).argtypes = [ctypes.c_char_p, dp, i, i, d, d, i, d,
                                           ctypes.POINTER(Options), ip, dp]
        for name in ("laplace_residual", "laplace_residual_colmajor"):
            getattr(lib, name).argtypes = [dp, dp, i, i, d, d, ctypes.POINTER(Options), dp, dp]
        lib.laplace_solver_create.argtypes = [ctypes.c_char_p, ctypes.POINTER(p)]
        lib.laplace_solver_destroy.argtypes = [p]
        lib.laplace_solver_set_kernel.argtypes = [p, ctypes.c_char_p]
        lib.laplace_solver_set_tolerances.argtypes = [p, d, d, d]
        lib.laplace_solver_set_max_iter.argtypes = [p, i]
        lib.laplace_solver_set_threads.argtypes = [p, i]
        for name in ("laplace_solver_solve", "laplace_solver_solve_colmajor"):
            getattr(lib, name).argtypes = [p, dp, dp, i, i, d, d]
        lib.laplace_solver_get_result.argtypes = [p, ctypes.POINTER(CResult)]

    def last_error(self):
        return self.lib.laplace_last_error().decode()

    def sweep(self, kernel, u, dx, dy, threads=0, omega=0.0):
        """(status, change) of one sweep of u in its own memory order."""
        fn = self.lib.laplace_sweep_colmajor_ex if _fortran(u) else self.lib.laplace_sweep_ex
        change = ctypes.c_double()
        st = fn(kernel.encode(), _ptr(u), u.shape[0], u.shape[1], dx, dy,
                ctypes.byref(Options(threads, omega)), ctypes.byref(change))
        return st, change.value

    def solve(self, kernel, u, dx, dy, max_iter, tol, threads=0, omega=0.0):
        """(status, iterations, change) of the study's solve."""
        fn = self.lib.laplace_solve_colmajor_ex if _fortran(u) else self.lib.laplace_solve_ex
        its, change = ctypes.c_int(), ctypes.c_double()
        st = fn(kernel.encode(), _ptr(u), u.shape[0], u.shape[1], dx, dy, max_iter, tol,
                ctypes.byref(Options(threads, omega)), ctypes.byref(its), ctypes.byref(change))
        return st, its.value, change.value

    def residual(self, u, dx, dy, f=None):
        fn = self.lib.laplace_residual_colmajor if _fortran(u) else self.lib.laplace_residual
        n2, nmax = ctypes.c_double(), ctypes.c_double()
        st = fn(_ptr(u), _ptr(f), u.shape[0], u.shape[1], dx, dy, None, ctypes.byref(n2),
                ctypes.byref(nmax))
        return st, n2.value, nmax.value

    def solver_solve(self, method, u, dx, dy, f=None, kernel=None, rtol=1e-10, max_iter=None,
                     solves=1):
        """(status, CResult) of `solves` solves of u by one solver of `method`."""
        lib, h = self.lib, ctypes.c_void_p()
        assert lib.laplace_solver_create(method.encode(), ctypes.byref(h)) == 0
        try:
            if kernel is not None:
                assert lib.laplace_solver_set_kernel(h, kernel.encode()) == 0
            assert lib.laplace_solver_set_tolerances(h, rtol, 0.0, 0.0) == 0
            if max_iter is not None:
                assert lib.laplace_solver_set_max_iter(h, max_iter) == 0
            fn = lib.laplace_solver_solve_colmajor if _fortran(u) else lib.laplace_solver_solve
            for _ in range(solves):
                st = fn(h, _ptr(u), _ptr(f), u.shape[0], u.shape[1], dx, dy)
            r = CResult()
            r.size = ctypes.sizeof(CResult)
            assert lib.laplace_solver_get_result(h, ctypes.byref(r)) == 0
            return st, r
        finally:
            lib.laplace_solver_destroy(h)


def _fortran(a):
    return not a.flags.c_contiguous


@pytest.fixture(scope="session")
def capi():
    path = os.environ.get("LAPLACE_LIBRARY")
    assert path, "LAPLACE_LIBRARY must name liblaplace (CTest sets it)"
    return CAbi(path)


KERNELS = [k.name for k in laplace.kernels()]
METHODS = [m.name for m in laplace.methods()]
