"""Python threads and the interpreter lock: every computation releases it, threads solving
different grids at once give the serial answers, threads sharing one Solver take turns."""

import threading
import time

import numpy as np
import pytest

import laplace
from conftest import METHODS, problem


def in_threads(jobs):
    """Runs each job in its own thread, all started together; returns their results."""
    results = [None] * len(jobs)
    errors = []
    start = threading.Barrier(len(jobs))

    def run(k):
        try:
            start.wait()
            results[k] = jobs[k]()
        except BaseException as e:  # reported in the main thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def grids(order):
    """Two different problems: other shapes, spacings and data."""
    (u1, f1), (u2, f2) = problem(order, seed=1, nx=61, ny=47), problem(order, seed=2, nx=45,
                                                                       ny=70)
    return [(u1, f1, 2.0 / 60, 1.0 / 46), (u2, f2 * 3, 2.0 / 44, 1.0 / 69)]


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("method", METHODS)
def test_two_threads_solving_different_grids_give_the_serial_answers(method, order):
    serial = grids(order)
    want = []
    for u, f, dx, dy in serial:
        want.append(laplace.Solver(method, tolerances=(1e-9,)).solve(u, dx, dy, f).iterations)
    for repeat in range(3):
        par = grids(order)
        got = in_threads([
            (lambda u=u, f=f, dx=dx, dy=dy:
             laplace.Solver(method, tolerances=(1e-9,)).solve(u, dx, dy, f).iterations)
            for u, f, dx, dy in par])
        assert got == want
        for (u, _, _, _), (w, _, _, _) in zip(par, serial):
            assert u.tobytes(order="A") == w.tobytes(order="A")


@pytest.mark.parametrize("kernel", [k.name for k in laplace.kernels()])
def test_two_threads_sweeping_different_grids_give_the_serial_answers(kernel):
    serial, par = grids("C"), grids("C")
    want = [laplace.solve(kernel, u, dx, dy, 30, 0.0) for u, _, dx, dy in serial]
    got = in_threads([(lambda u=u, dx=dx, dy=dy: laplace.solve(kernel, u, dx, dy, 30, 0.0))
                      for u, _, dx, dy in par])
    assert got == want
    for (u, *_), (w, *_) in zip(par, serial):
        assert np.array_equal(u, w)


def test_threads_sharing_one_solver_take_turns():
    s = laplace.Solver("iterate", tolerances=(1e-9,))
    u0, f = problem("C", nx=61, ny=47)
    dx, dy = 2.0 / 60, 1.0 / 46
    want = u0.copy()
    laplace.Solver("iterate", tolerances=(1e-9,)).solve(want, dx, dy, f)
    us = [u0.copy() for _ in range(4)]
    results = in_threads([(lambda u=u: s.solve(u, dx, dy, f).iterations) for u in us])
    assert len(set(results)) == 1
    for u in us:
        assert np.array_equal(u, want)


def long_calls():
    """Calls of a few tenths of a second, each the binding's path to a computation."""
    n = 201
    h = 1.0 / (n - 1)
    solver = laplace.Solver("iterate", kernel="cpp-loop", tolerances=(0.0,), max_iter=3000)
    return [
        ("Solver.solve", lambda u, f: solver.solve(u, h, h, f)),
        ("solve", lambda u, f: laplace.solve("cpp-loop", u, h, h, 3000, 0.0)),
    ]


@pytest.mark.parametrize("name,call", long_calls(), ids=[c[0] for c in long_calls()])
def test_the_interpreter_lock_is_released_during_a_solve(name, call):
    # While one thread solves, the main thread runs Python code. Holding the lock, the solve
    # would let it run only before the call and after (no time stamp inside the solve's span).
    u, f = problem("C", nx=201, ny=201)
    span, done = [], threading.Event()

    def solve():
        span.append(time.perf_counter())
        call(u, f)
        span.append(time.perf_counter())
        done.set()

    t = threading.Thread(target=solve)
    stamps = []
    t.start()
    while not done.is_set():
        stamps.append(time.perf_counter())
    t.join()
    t0, t1 = span
    margin = 0.1 * (t1 - t0)
    inside = sum(1 for x in stamps if t0 + margin < x < t1 - margin)
    assert inside > 100, (inside, t1 - t0)
