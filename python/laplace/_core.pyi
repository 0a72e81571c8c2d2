# Type stubs of laplace._core, the compiled module (python/src/module.cpp): what an editor and a
# type checker see. Arrays are 2D float64 NumPy arrays, C- or Fortran-ordered, u[i, j] = u(x_i, y_j).
import enum
import typing
from typing import Optional, Union

import numpy
import numpy.typing

_Grid = numpy.typing.NDArray[numpy.float64]

NO_LIMIT: int

class Error(RuntimeError):
    """A failure reported by the library: str(e) is the C ABI's message."""

    status: int
    status_name: str

def version() -> str:
    """The version of the library this module runs with."""

def status_name(status: int) -> str:
    """The name of a laplace_status code, e.g. 'LAPLACE_ERROR_BAD_EXTENT'."""

class KernelInfo:
    """Metadata of one kernel of the library's table."""

    @property
    def name(self) -> str: ...
    @property
    def scheme(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def threading(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def workspace_grids(self) -> int: ...

class MethodInfo:
    """Metadata of one method of the library's table."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def takes_kernel(self) -> bool: ...
    @property
    def takes_cycle(self) -> bool: ...

def kernels() -> list[KernelInfo]:
    """Every kernel of this build, in the library's table order."""

def kernel(name: str) -> KernelInfo:
    """The kernel called name; Error (LAPLACE_ERROR_UNKNOWN_KERNEL) if none."""

def methods() -> list[MethodInfo]:
    """Every method of this build, in the library's table order."""

def method(name: str) -> MethodInfo:
    """The method called name; Error (LAPLACE_ERROR_UNKNOWN_METHOD) if none."""

def sweep(kernel: str, u: _Grid, dx: float, dy: float, *, threads: int = 0,
          omega: float = 0.0) -> float:
    """One sweep of kernel over the interior of u, in place; returns the change norm."""

def solve(kernel: str, u: _Grid, dx: float, dy: float, max_iter: int, tol: float, *,
          threads: int = 0, omega: float = 0.0) -> tuple[int, float]:
    """Sweeps until the change norm is <= tol or max_iter sweeps; returns (iterations, change)."""

def residual(u: _Grid, dx: float, dy: float, f: Optional[_Grid] = None, *,
             threads: int = 0) -> tuple[float, float]:
    """Norms (norm2, norm_max) of the residual r = f - A u over the interior."""

class StopReason(enum.IntEnum):
    """Why a solve stopped (laplace_stop_reason)."""

    none = 0
    change = 1
    atol = 2
    rtol = 3
    max_iter = 4
    direct = 5

class FftwPlanning(enum.IntEnum):
    """FFTW's planning effort for 'fft-dst'."""

    estimate = 0
    measure = 1
    patient = 2
    exhaustive = 3

class Cycle(enum.IntEnum):
    """A multigrid cycle (Solver.set_cycle)."""

    V = 1
    W = 2
    F = 3
    FMG = 4

class Result:
    """What a solve did (laplace_result)."""

    @property
    def iterations(self) -> int: ...
    @property
    def stop_reason(self) -> StopReason: ...
    @property
    def converged(self) -> bool: ...
    @property
    def change(self) -> float: ...
    @property
    def residual_initial(self) -> float: ...
    @property
    def residual(self) -> float: ...
    @property
    def residual_max(self) -> float: ...
    @property
    def relative_residual(self) -> float: ...
    @property
    def threads(self) -> int: ...

class Solver:
    """A method set up once per grid shape and spacing, solving many times."""

    def __init__(self, method: str) -> None: ...
    @property
    def method(self) -> str: ...
    def set_kernel(self, kernel: Optional[str]) -> "Solver":
        """The kernel 'iterate' sweeps (None: the default). Discards the setup."""
    def set_weight(self, weight: float) -> "Solver":
        """SOR factor or Jacobi damping in (0, 2); 0: the default. Discards the setup."""
    def set_threads(self, threads: int) -> "Solver":
        """OpenMP threads (and FFTW's for 'fft-dst'); 0: the default. Discards the setup."""
    def set_tolerances(self, rtol: float, atol: float = 0.0,
                       change_tol: float = 0.0) -> "Solver":
        """The stopping rules; 0 turns a rule off."""
    def set_max_iter(self, max_iter: int) -> "Solver":
        """At most this many iterations (NO_LIMIT: none)."""
    def set_fftw_planning(self, planning: Union[FftwPlanning, int]) -> "Solver":
        """FFTW's planning effort for 'fft-dst'. Discards the setup."""
    def set_cycle(self, cycle: Union[Cycle, int], pre_smooth: int = 2,
                  post_smooth: int = 1) -> "Solver":
        """The multigrid cycle and smoothing sweeps (0..64, not both 0). Discards the setup."""
    @typing.overload
    def setup(self, nx: int, ny: int, dx: float, dy: float, order: str = "C") -> None: ...
    @typing.overload
    def setup(self, u: _Grid, dx: float, dy: float) -> None: ...
    def solve(self, u: _Grid, dx: float, dy: float, f: Optional[_Grid] = None) -> Result:
        """Solves u_xx + u_yy = f in place; returns the Result."""
    def result(self) -> Result:
        """The last solve's Result."""
    @property
    def memory_bytes(self) -> int: ...

def blas_available() -> bool: ...
def blas_info() -> str: ...
def blas_threads() -> int: ...
def set_blas_threads(threads: int) -> None: ...
def blas_last_solve_threads() -> int: ...
def blas_plan_bytes() -> int: ...
def clear_blas_plans() -> None: ...
def fftw_available() -> bool: ...
def fftw_info() -> str: ...
def import_fftw_wisdom(filename: str) -> None: ...
def export_fftw_wisdom(filename: str) -> None: ...
def forget_fftw_wisdom() -> None: ...
