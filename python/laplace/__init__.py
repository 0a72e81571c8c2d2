"""laplace: the 2D Poisson/Laplace equation, every kernel and method of liblaplace, from NumPy.

A grid is a 2D float64 NumPy array u with u[i, j] = u(x_i, y_j), i along x, j along y, C- or
Fortran-ordered; the library updates it in place, with no copy (a C-ordered array is the C ABI's
C layout, a Fortran-ordered one its Fortran layout). Its boundary values are the Dirichlet data
and are never written. An array the library cannot update in place (another dtype, not 2D, not
contiguous, read-only) is a TypeError or ValueError that says so; every failure of the library
is a laplace.Error carrying the C ABI's status and message. Every computation releases the
interpreter lock, so Python threads run solves on all cores.

    import numpy as np, laplace
    nx, ny = 129, 65
    x, y = np.linspace(0, 2, nx), np.linspace(0, 1, ny)
    X, Y = np.meshgrid(x, y, indexing="ij")
    u = X**2 * Y + Y**3                      # exact solution, for its boundary values
    u[1:-1, 1:-1] = 0                        # the interior: the initial guess
    f = 8 * Y                                # u_xx + u_yy = f
    solver = laplace.Solver("iterate", kernel="omp-sor", tolerances={"rtol": 1e-10})
    r = solver.solve(u, x[1] - x[0], y[1] - y[0], f)
    # r.iterations, r.stop_reason (laplace.StopReason.rtol), r.converged, r.residual
"""

from . import _core
from ._core import (
    NO_LIMIT,
    Cycle,
    Error,
    FftwPlanning,
    KernelInfo,
    MethodInfo,
    Result,
    StopReason,
    blas_available,
    blas_info,
    blas_last_solve_threads,
    blas_plan_bytes,
    blas_threads,
    clear_blas_plans,
    export_fftw_wisdom,
    fftw_available,
    fftw_info,
    forget_fftw_wisdom,
    import_fftw_wisdom,
    kernel,
    kernels,
    method,
    methods,
    residual,
    set_blas_threads,
    solve,
    status_name,
    sweep,
    version,
)

__version__ = version()


class Solver(_core.Solver):
    """A method set up once per grid shape and spacing, solving many times.

    Solver(method, **settings): each keyword names a setter, called in the order given:
    kernel="f77-loop" calls set_kernel("f77-loop"); a tuple value is passed as positional
    arguments, a dict as keywords (tolerances={"rtol": 1e-10} calls set_tolerances(rtol=1e-10)).
    A setter the library gains later is a keyword here with no change.
    """

    def __init__(self, method: str, **settings: object) -> None:
        super().__init__(method)
        for name, value in settings.items():
            setter = getattr(self, "set_" + name, None)
            if setter is None:
                known = sorted(a[4:] for a in dir(self) if a.startswith("set_"))
                raise TypeError(
                    f"Solver() got an unknown setting {name!r}: the settings are "
                    + ", ".join(known)
                )
            if isinstance(value, dict):
                setter(**value)
            elif isinstance(value, tuple):
                setter(*value)
            else:
                setter(value)

    def __repr__(self) -> str:
        return f"laplace.Solver({self.method!r})"


__all__ = [
    "NO_LIMIT",
    "Cycle",
    "Error",
    "FftwPlanning",
    "KernelInfo",
    "MethodInfo",
    "Result",
    "Solver",
    "StopReason",
    "blas_available",
    "blas_info",
    "blas_last_solve_threads",
    "blas_plan_bytes",
    "blas_threads",
    "clear_blas_plans",
    "export_fftw_wisdom",
    "fftw_available",
    "fftw_info",
    "forget_fftw_wisdom",
    "import_fftw_wisdom",
    "kernel",
    "kernels",
    "method",
    "methods",
    "residual",
    "set_blas_threads",
    "solve",
    "status_name",
    "sweep",
    "version",
]
