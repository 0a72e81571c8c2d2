"""Every error path of the C ABI reached through the binding: a laplace.Error carrying the C
ABI's status and exactly its message (the ctypes oracle makes the same call), u untouched."""

import numpy as np
import pytest

import laplace
from conftest import DX, DY, METHODS, problem


def raises(status_name, call):
    with pytest.raises(laplace.Error) as e:
        call()
    assert e.value.status_name == status_name
    assert laplace.status_name(e.value.status) == status_name
    assert isinstance(e.value, RuntimeError) and str(e.value)
    return str(e.value)


@pytest.mark.parametrize("order", ["C", "F"])
def test_sweep_and_solve_errors_carry_the_c_abis_status_and_message(capi, order):
    u, _ = problem(order)
    nan = u.copy(order="K")
    nan[3, 4] = np.nan
    small = np.zeros((2, 5), order=order)
    cases = [
        ("LAPLACE_ERROR_UNKNOWN_KERNEL", "no-such-kernel", u, DX, DY, {}),
        ("LAPLACE_ERROR_BAD_EXTENT", "cpp-loop", small, DX, DY, {}),
        ("LAPLACE_ERROR_BAD_SPACING", "cpp-loop", u, 0.0, DY, {}),
        ("LAPLACE_ERROR_BAD_SPACING", "cpp-loop", u, DX, float("nan"), {}),
        ("LAPLACE_ERROR_NONFINITE_INPUT", "cpp-loop", nan, DX, DY, {}),
        ("LAPLACE_ERROR_BAD_OMEGA", "omp-sor", u, DX, DY, {"omega": 2.5}),
        ("LAPLACE_ERROR_BAD_THREADS", "cpp-loop", u, DX, DY, {"threads": -1}),
    ]
    for status, kernel, a, dx, dy, kw in cases:
        if status == "LAPLACE_ERROR_BAD_OMEGA" and kernel not in [k.name for k in
                                                                 laplace.kernels()]:
            continue
        before = a.copy(order="K")
        message = raises(status, lambda: laplace.sweep(kernel, a, dx, dy, **kw))
        st, _ = capi.sweep(kernel, a, dx, dy, kw.get("threads", 0), kw.get("omega", 0.0))
        assert laplace.status_name(st) == status and message == capi.last_error()
        assert np.array_equal(a, before, equal_nan=True)
        message = raises(status, lambda: laplace.solve(kernel, a, dx, dy, 5, 0.0, **kw))
        assert np.array_equal(a, before, equal_nan=True)
    for status, max_iter, tol in [("LAPLACE_ERROR_BAD_MAX_ITER", -1, 0.0),
                                  ("LAPLACE_ERROR_BAD_TOLERANCE", 5, -1.0),
                                  ("LAPLACE_ERROR_BAD_TOLERANCE", 5, float("nan"))]:
        message = raises(status, lambda: laplace.solve("cpp-loop", u, DX, DY, max_iter, tol))
        assert laplace.status_name(capi.solve("cpp-loop", u, DX, DY, max_iter, tol)[0]) == status
        assert message == capi.last_error()


def test_overflow_is_a_nonfinite_result():
    # Neighbour sums of 1.5e308 overflow. (A boundary of 1e308 alone no longer fails: u stays
    # finite, and the change norm, whose squares overflow, is computed scaled.)
    u = np.full((6, 5), 1.5e308)
    message = raises("LAPLACE_ERROR_NONFINITE_RESULT",
                     lambda: laplace.solve("cpp-loop", u, 1e-3, 1.0, 50, 0.0))
    assert "non-finite" in message or "overflow" in message


def test_a_name_with_a_nul_is_an_error_not_a_shorter_name():
    u, _ = problem()
    before = u.copy()
    raises("LAPLACE_ERROR_UNKNOWN_KERNEL", lambda: laplace.sweep("cpp-loop\0x", u, DX, DY))
    raises("LAPLACE_ERROR_UNKNOWN_KERNEL", lambda: laplace.kernel("cpp-loop\0"))
    raises("LAPLACE_ERROR_UNKNOWN_METHOD", lambda: laplace.Solver("iterate\0"))
    raises("LAPLACE_ERROR_UNKNOWN_KERNEL",
           lambda: laplace.Solver("iterate").set_kernel("f77-loop\0"))
    assert np.array_equal(u, before)


def test_solver_errors():
    u, f = problem()
    before = u.copy()
    raises("LAPLACE_ERROR_UNKNOWN_METHOD", lambda: laplace.Solver("no-such-method"))
    raises("LAPLACE_ERROR_UNKNOWN_METHOD", lambda: laplace.method("no-such-method"))
    raises("LAPLACE_ERROR_UNKNOWN_KERNEL", lambda: laplace.kernel("no-such-kernel"))
    s = laplace.Solver("iterate")
    raises("LAPLACE_ERROR_UNKNOWN_KERNEL", lambda: s.set_kernel("no-such-kernel"))
    raises("LAPLACE_ERROR_BAD_OMEGA", lambda: s.set_weight(2.0))
    raises("LAPLACE_ERROR_BAD_THREADS", lambda: s.set_threads(-2))
    raises("LAPLACE_ERROR_BAD_TOLERANCE", lambda: s.set_tolerances(-1.0))
    raises("LAPLACE_ERROR_BAD_MAX_ITER", lambda: s.set_max_iter(-5))
    raises("LAPLACE_ERROR_BAD_TOLERANCE",
           lambda: s.set_tolerances(0.0).set_max_iter(laplace.NO_LIMIT))
    s = laplace.Solver("iterate")
    raises("LAPLACE_ERROR_BAD_PLANNING", lambda: s.set_fftw_planning(laplace.FftwPlanning.measure))
    raises("LAPLACE_ERROR_ALIASED_INPUT", lambda: s.solve(u, DX, DY, u))
    raises("LAPLACE_ERROR_ALIASED_INPUT", lambda: laplace.residual(u, DX, DY, u))
    assert s.result().stop_reason == laplace.StopReason.none
    s.setup(u.shape[0], u.shape[1], DX, DY)
    message = raises("LAPLACE_ERROR_SETUP_MISMATCH", lambda: s.solve(u, DX, 2 * DY, f))
    assert "C layout" in message
    message = raises("LAPLACE_ERROR_SETUP_MISMATCH",
                     lambda: s.solve(np.asfortranarray(u), DX, DY, np.asfortranarray(f)))
    assert "Fortran layout" in message
    with pytest.raises(ValueError, match="order must be 'C'"):
        s.setup(5, 5, DX, DY, order="K")
    raises("LAPLACE_ERROR_BAD_EXTENT", lambda: s.setup(2, 5, DX, DY))
    for m in laplace.methods():
        if not m.takes_kernel:
            raises("LAPLACE_ERROR_BAD_KERNEL", lambda: laplace.Solver(m.name).set_kernel("cpp-loop"))
    if "fft-dst" in METHODS:
        raises("LAPLACE_ERROR_BAD_PLANNING", lambda: laplace.Solver("fft-dst").set_fftw_planning(7))
    assert np.array_equal(u, before)
    with pytest.raises(TypeError, match="unknown setting 'kernal'"):
        laplace.Solver("iterate", kernal="f77-loop")


def test_library_wide_errors(tmp_path):
    raises("LAPLACE_ERROR_BAD_THREADS", lambda: laplace.set_blas_threads(-1))
    if laplace.fftw_available():
        raises("LAPLACE_ERROR_FILE",
               lambda: laplace.import_fftw_wisdom(str(tmp_path / "no-such-file")))
        raises("LAPLACE_ERROR_FILE", lambda: laplace.import_fftw_wisdom("a\0b"))
        (tmp_path / "not-wisdom").write_text("not wisdom")
        raises("LAPLACE_ERROR_FILE",
               lambda: laplace.import_fftw_wisdom(str(tmp_path / "not-wisdom")))
    else:
        raises("LAPLACE_ERROR_UNAVAILABLE",
               lambda: laplace.export_fftw_wisdom(str(tmp_path / "w")))
