"""Every kernel of the table through the binding: the C ABI's bits in both layouts, the layout
swap of the grid convention, the exact discrete solution, the residual against NumPy."""

import numpy as np
import pytest

import laplace
from conftest import DX, DY, KERNELS, METHODS, exact, problem


def test_tables_are_the_c_abis():
    names = [k.name for k in laplace.kernels()]
    assert len(names) == len(set(names)) > 0
    assert "f77-loop" in names and "cpp-loop" in names
    for k in laplace.kernels():
        assert laplace.kernel(k.name).name == k.name
        assert k.scheme in ("gauss-seidel", "jacobi", "red-black", "red-black-sor")
        assert k.threading in ("serial", "openmp")
        assert k.language and k.description
        assert k.workspace_grids in (0, 1)
    assert "iterate" in METHODS
    for m in laplace.methods():
        assert laplace.method(m.name).kind == m.kind in ("iterative", "direct")
        if m.kind == "direct":
            assert not m.takes_kernel
    assert laplace.blas_available() == ("blas-fdm" in METHODS)
    assert laplace.fftw_available() == ("fft-dst" in METHODS)
    assert laplace.version() == laplace.__version__
    assert laplace.version().count(".") == 2


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("kernel", KERNELS)
def test_sweep_is_the_c_abis_bitwise(capi, kernel, order):
    u, _ = problem(order)
    v = u.copy(order="K")
    for threads in (1, 2, 0):
        change = laplace.sweep(kernel, u, DX, DY, threads=threads)
        st, c_change = capi.sweep(kernel, v, DX, DY, threads=threads)
        assert st == 0
        assert np.array_equal(u, v) and u.tobytes(order="A") == v.tobytes(order="A")
        assert change == c_change


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("kernel", KERNELS)
def test_solve_is_the_c_abis_bitwise(capi, kernel, order):
    u, _ = problem(order)
    v = u.copy(order="K")
    its, change = laplace.solve(kernel, u, DX, DY, 40, 1e-300, omega=0.0)
    st, c_its, c_change = capi.solve(kernel, v, DX, DY, 40, 1e-300)
    assert st == 0 and (its, change) == (c_its, c_change) == (40, change)
    assert u.tobytes(order="A") == v.tobytes(order="A")


@pytest.mark.parametrize("kernel", KERNELS)
def test_fortran_order_is_the_transposed_c_grid(capi, kernel):
    # A Fortran-ordered (nx, ny) array is, byte for byte, the C-ordered (ny, nx) grid with the
    # spacings swapped: the binding must pass it to the _colmajor entry point as (nx, ny).
    u, _ = problem("F")
    t = np.ascontiguousarray(u.T)
    laplace.sweep(kernel, u, DX, DY)
    laplace.sweep(kernel, u, DX, DY)
    for _ in range(2):
        assert capi.sweep(kernel, t, DY, DX)[0] == 0
    assert u.tobytes(order="F") == t.tobytes(order="C")


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("kernel", KERNELS)
def test_every_kernel_reaches_the_exact_discrete_solution(kernel, order):
    # The 5-point scheme is exact on cubics: iterated to a tight residual, every kernel gives
    # u = x^2 y + y^3 for f = 8y, in either layout.
    want, _ = exact(13, 9)
    u, f = problem(order, nx=13, ny=9)
    dx, dy = 2.0 / 12, 1.0 / 8
    r = laplace.Solver("iterate", kernel=kernel, tolerances={"rtol": 1e-13},
                       max_iter=200000).solve(u, dx, dy, f)
    assert r.converged and r.stop_reason == laplace.StopReason.rtol
    assert np.max(np.abs(u - want)) <= 1e-11 * np.max(np.abs(want))


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("method", METHODS)
def test_every_method_reaches_the_exact_discrete_solution(method, order):
    want, _ = exact()
    u, f = problem(order)
    r = laplace.Solver(method, tolerances=(1e-12,), max_iter=100000).solve(u, DX, DY, f)
    assert r.converged
    assert np.max(np.abs(u - want)) <= 1e-10 * np.max(np.abs(want))


@pytest.mark.parametrize("order", ["C", "F"])
def test_residual_against_numpy(capi, order):
    u, f = problem(order)
    a = ((u[:-2, 1:-1] - 2 * u[1:-1, 1:-1] + u[2:, 1:-1]) / DX**2
         + (u[1:-1, :-2] - 2 * u[1:-1, 1:-1] + u[1:-1, 2:]) / DY**2)
    r = f[1:-1, 1:-1] - a
    norm2, norm_max = laplace.residual(u, DX, DY, f)
    assert norm2 == pytest.approx(np.sqrt(np.sum(r**2)), rel=1e-12)
    assert norm_max == pytest.approx(np.max(np.abs(r)), rel=1e-12)
    assert (0, norm2, norm_max) == capi.residual(u, DX, DY, f)
    # Without f the residual is that of f = 0.
    r0 = laplace.residual(u, DX, DY)
    assert r0[0] == pytest.approx(np.sqrt(np.sum(a**2)), rel=1e-12)
    # The exact solution's residual is rounding only.
    want, f8 = exact()
    w = np.array(want, order=order)
    assert laplace.residual(w, DX, DY, np.array(f8, order=order))[1] <= 1e-12 * np.max(
        np.abs(a))
