"""The array rules: NumPy arrays are updated in place with no copy, and an array the library
cannot update in place is an error that says so, with the caller's data untouched."""

import numpy as np
import pytest

import laplace
from conftest import DX, DY, NX, NY, problem


def solves():
    """Each call that writes u, as (name, call(u, f))."""
    return [
        ("sweep", lambda u, f: laplace.sweep("cpp-loop", u, DX, DY)),
        ("solve", lambda u, f: laplace.solve("f77-loop", u, DX, DY, 3, 0.0)),
        ("Solver.solve", lambda u, f: laplace.Solver("iterate").solve(u, DX, DY, f)),
    ]


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("name,call", solves())
def test_updated_in_place(name, call, order):
    u, f = problem(order)
    before, address = u.copy(order="K"), u.ctypes.data
    call(u, f)
    assert u.ctypes.data == address and u.flags.owndata
    assert not np.array_equal(u, before)
    # The boundary is the Dirichlet data: never written.
    for edge in (np.s_[0, :], np.s_[-1, :], np.s_[:, 0], np.s_[:, -1]):
        assert np.array_equal(u[edge], before[edge])


def test_a_contiguous_view_updates_its_base():
    # Rows 2..NX+1 of a bigger C-ordered array are a C-contiguous view: the base changes.
    base = np.zeros((NX + 4, NY))
    u, _ = problem("C")
    base[2:NX + 2] = u
    view = base[2:NX + 2]
    laplace.sweep("cpp-loop", view, DX, DY)
    laplace.sweep("cpp-loop", u, DX, DY)
    assert np.array_equal(base[2:NX + 2], u)
    assert not base[:2].any() and not base[NX + 2:].any()


def test_the_transpose_of_a_c_array_is_a_fortran_array():
    u, _ = problem("C")
    w = u.copy()
    laplace.sweep("f77-loop", u.T, DY, DX)  # Fortran-ordered (NY, NX) view of the same bytes
    laplace.sweep("f77-loop", w, DX, DY)
    assert np.array_equal(u, w)


def rejected_arrays():
    u, _ = problem("C")
    ro = u.copy()
    ro.setflags(write=False)
    raw = np.zeros(NX * NY * 8 + 1, dtype=np.uint8)
    unaligned = raw[1:].view(np.float64).reshape(NX, NY)
    return [
        ("a list", u.tolist(), TypeError, "must be a numpy.ndarray of float64, not list"),
        ("float32", u.astype(np.float32), TypeError, "has dtype float32"),
        ("int64", u.astype(np.int64), TypeError, "has dtype int64"),
        ("big-endian", u.astype(">f8"), TypeError, "has dtype >f8"),
        ("complex", u.astype(complex), TypeError, "has dtype complex128"),
        ("1D", u.ravel(), TypeError, "has 1 dimension, shape (391,)"),
        ("3D", u.reshape(NX, NY, 1), TypeError, "has 3 dimensions"),
        ("read-only", ro, ValueError, "is read-only: laplace updates it in place"),
        ("strided", u[:, ::2], ValueError, "is not contiguous"),
        ("unaligned", unaligned, ValueError, "is not aligned"),
    ]


@pytest.mark.parametrize("what,array,error,message", rejected_arrays(),
                         ids=[r[0] for r in rejected_arrays()])
@pytest.mark.parametrize("name,call", solves())
def test_an_array_that_cannot_be_updated_in_place_is_an_error(name, call, what, array, error,
                                                               message):
    _, f = problem("C")
    before = np.array(array, copy=True)
    with pytest.raises(error) as e:
        call(array, f)
    assert message in str(e.value) and str(e.value).startswith("u ")
    assert np.array_equal(np.asarray(array), before)


def test_f_must_match_u():
    u, f = problem("C")
    before = u.copy()
    s = laplace.Solver("iterate")
    cases = [
        (f[:-1], ValueError, "f has shape (22, 17), u (23, 17): f must have u's shape"),
        (np.asfortranarray(f), ValueError, "f is Fortran-ordered and u C-ordered"),
        (f.astype(np.float32), TypeError, "f has dtype float32"),
        (f[:, ::-1], ValueError, "f is not contiguous"),
        ([[0.0]], TypeError, "f must be a numpy.ndarray"),
    ]
    for bad, error, message in cases:
        with pytest.raises(error, match=None) as e:
            s.solve(u, DX, DY, bad)
        assert message in str(e.value)
        with pytest.raises(error):
            laplace.residual(u, DX, DY, bad)
    with pytest.raises(ValueError, match="f is C-ordered and u Fortran-ordered"):
        s.solve(np.asfortranarray(u), DX, DY, f)
    assert np.array_equal(u, before)


def test_read_only_inputs_are_fine_where_nothing_is_written():
    u, f = problem("C")
    u.setflags(write=False)
    f.setflags(write=False)
    norms = laplace.residual(u, DX, DY, f)
    assert norms == laplace.residual(u.copy(), DX, DY, f.copy())
    s = laplace.Solver("iterate")
    s.setup(u, DX, DY)  # the shape and order of u: u is not written
    w = u.copy()
    s.solve(w, DX, DY, f)
    assert s.result().converged
