"""The solver object: every method, both layouts, the C ABI's bits and result; setup reused;
the stopping rules and the result's fields; the settings."""

import math

import numpy as np
import pytest

import laplace
from conftest import DX, DY, METHODS, exact, problem

RESULT_FIELDS = ["iterations", "stop_reason", "converged", "change", "residual_initial",
                 "residual", "residual_max", "relative_residual", "threads"]


def same_result(r, c):
    for name in RESULT_FIELDS:
        a, b = getattr(r, name), getattr(c, name)
        assert (a == b) or (math.isnan(a) and math.isnan(b)), name


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("method", METHODS)
def test_solve_is_the_c_abis_bitwise(capi, method, order):
    u, f = problem(order)
    v = u.copy(order="K")
    r = laplace.Solver(method, tolerances=(1e-10,)).solve(u, DX, DY, f)
    st, c = capi.solver_solve(method, v, DX, DY, f, rtol=1e-10)
    assert st == 0
    assert u.tobytes(order="A") == v.tobytes(order="A")
    same_result(r, c)
    assert r.converged


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("method", METHODS)
def test_setup_reused_across_solves(method, order):
    # One solver set up once solves several problems of the grid; each answer is that of a
    # fresh solver.
    s = laplace.Solver(method, tolerances=(1e-10,))
    u0, _ = problem(order)
    s.setup(u0, DX, DY)
    assert s.memory_bytes > 0 or method == "iterate"
    for seed in (1, 2, 3):
        u, f = problem(order, seed=seed)
        f *= seed
        fresh = u.copy(order="K")
        r = s.solve(u, DX, DY, f)
        q = laplace.Solver(method, tolerances=(1e-10,)).solve(fresh, DX, DY, f)
        assert u.tobytes(order="A") == fresh.tobytes(order="A")
        same_result(r, q)
        same_result(s.result(), r)


def test_setup_by_shape_and_order():
    u, f = problem("F")
    s = laplace.Solver("iterate")
    s.setup(u.shape[0], u.shape[1], DX, DY, order="F")
    assert s.solve(u, DX, DY, f).converged
    with pytest.raises(laplace.Error, match="Fortran layout"):
        s.solve(np.ascontiguousarray(u), DX, DY, np.ascontiguousarray(f))


def test_stopping_rules_and_result():
    want, _ = exact()
    u, f = problem()
    s = laplace.Solver("iterate", kernel="cpp-loop", tolerances={"rtol": 1e-9})
    r = s.solve(u, DX, DY, f)
    assert r.stop_reason == laplace.StopReason.rtol and r.converged
    assert r.relative_residual <= 1e-9 and r.residual == pytest.approx(
        r.relative_residual * r.residual_initial, rel=1e-12)
    assert r.residual == pytest.approx(laplace.residual(u, DX, DY, f)[0], rel=1e-12)
    assert r.residual_max == pytest.approx(laplace.residual(u, DX, DY, f)[1], rel=1e-12)
    assert r.threads == 1 and r.iterations > 1

    u, f = problem()
    r = s.set_tolerances(0.0, change_tol=1e-6).solve(u, DX, DY, f)
    assert r.stop_reason == laplace.StopReason.change and r.change <= 1e-6

    u, f = problem()
    r = s.set_tolerances(0.0, atol=1e-3).solve(u, DX, DY, f)
    assert r.stop_reason == laplace.StopReason.atol and r.residual <= 1e-3

    u, f = problem()
    r = s.set_tolerances(1e-14).set_max_iter(7).solve(u, DX, DY, f)
    assert r.stop_reason == laplace.StopReason.max_iter and not r.converged
    assert r.iterations == 7

    # The study's problem solved by the study's rule, with no iteration limit.
    u, f = problem()
    r = s.set_tolerances(0.0, change_tol=1e-13).set_max_iter(laplace.NO_LIMIT).solve(
        u, DX, DY, f)
    assert r.converged and np.max(np.abs(u - want)) <= 1e-9
    assert "StopReason.change" in repr(r)

    for m in laplace.methods():
        if m.kind == "direct":
            u, f = problem()
            # A residual rule that holds after the one iteration is the reason; with none on,
            # the reason is the direct solve.
            assert laplace.Solver(m.name).solve(u, DX, DY, f).stop_reason == laplace.StopReason.rtol
            u, f = problem()
            r = laplace.Solver(m.name, tolerances=(0.0,)).solve(u, DX, DY, f)
            assert r.stop_reason == laplace.StopReason.direct and r.iterations == 1


def test_settings_chain_and_construct():
    s = laplace.Solver("iterate")
    assert s.set_kernel("f77-loop") is s
    assert s.set_kernel(None).set_threads(2).set_max_iter(50).set_tolerances(1e-6) is s
    assert s.method == "iterate" and repr(s) == "laplace.Solver('iterate')"
    sor = [k.name for k in laplace.kernels() if k.scheme == "red-black-sor"]
    for kernel in sor:
        u, f = problem()
        v = u.copy()
        a = laplace.Solver("iterate", kernel=kernel, weight=1.5, threads=2,
                           tolerances=(1e-8,)).solve(u, DX, DY, f)
        b = laplace.Solver("iterate").set_kernel(kernel).set_weight(1.5).set_threads(
            2).solve(v, DX, DY, f)
        assert np.array_equal(u, v) and a.iterations == b.iterations
        assert a.threads == b.threads == 2  # a count asked for is the count run
    if "fft-dst" in METHODS:
        s = laplace.Solver("fft-dst", fftw_planning=laplace.FftwPlanning.estimate)
        u, f = problem()
        assert s.solve(u, DX, DY, f).converged


def test_blas_thread_control():
    if laplace.blas_threads() == 0:
        pytest.skip("no BLAS thread control in this build")
    before = laplace.blas_threads()
    laplace.set_blas_threads(1)
    try:
        assert laplace.blas_threads() == 1
        u, f = problem()
        laplace.Solver("blas-fdm").solve(u, DX, DY, f)
        assert laplace.blas_last_solve_threads() == 1
        assert laplace.blas_plan_bytes() > 0
        laplace.clear_blas_plans()
        assert laplace.blas_plan_bytes() == 0
    finally:
        laplace.set_blas_threads(0)
    assert laplace.blas_threads() == before
    assert "OpenBLAS" in laplace.blas_info()


def test_fftw_wisdom_round_trip(tmp_path):
    if not laplace.fftw_available():
        pytest.skip("no FFTW in this build")
    assert "fftw" in laplace.fftw_info()
    u, f = problem()
    laplace.Solver("fft-dst").set_fftw_planning(laplace.FftwPlanning.measure).solve(u, DX, DY, f)
    path = tmp_path / "wisdom"
    laplace.export_fftw_wisdom(str(path))
    assert path.read_text().startswith("(fftw")
    laplace.forget_fftw_wisdom()
    laplace.import_fftw_wisdom(str(path))
    laplace.forget_fftw_wisdom()


def test_multigrid_cycles_reach_the_exact_cubic():
    # Every cycle of multigrid and multigrid-cg, set by keyword or by set_cycle, reaches the
    # exact discrete solution x^2 y + y^3 of u_xx + u_yy = 8y; a bad cycle is an error that
    # names it.
    for method in ("multigrid", "multigrid-cg"):
        assert laplace.method(method).takes_cycle
        for cycle in laplace.Cycle.__members__.values():
            u, f = problem()
            solution, _ = exact()
            s = laplace.Solver(method, cycle=(cycle, 2, 1), tolerances={"rtol": 1e-12})
            r = s.solve(u, DX, DY, f)
            assert r.converged
            assert np.max(np.abs(u - solution)) <= 1e-9 * np.max(np.abs(solution))
    assert not laplace.method("iterate").takes_cycle
    with pytest.raises(laplace.Error) as e:
        laplace.Solver("multigrid").set_cycle(7)
    assert e.value.status_name == "LAPLACE_ERROR_BAD_CYCLE" and "cycle = 7" in str(e.value)
    with pytest.raises(laplace.Error) as e:
        laplace.Solver("iterate", cycle=laplace.Cycle.V)
    assert "has no cycle" in str(e.value)
