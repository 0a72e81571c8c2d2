"""Time-to-solution reference rows of laplace-bench --solve: what a Python user reaches for.

    scipy_solve.py --method dstn|spsolve [peer options]

The options, the problems and the report are those of bench/reference/peer.h (--n, --problem
laplace|poisson, --rtol, --repeat, --budget, --threads, --output); exit status 0 after a
report, 1 if the answer does not validate, 2 for bad arguments, 3 if SciPy is missing.
  dstn     scipy.fft.dstn / idstn (type 1, the discrete sine transform of FFTPACK's pocketfft),
           a division by the eigenvalues: the exact discrete solution. Setup: the eigenvalues.
  spsolve  the 5-point matrix of the interior (scipy.sparse, CSC) and scipy.sparse.linalg.spsolve
           (SuperLU's LU with COLAMD ordering, then the triangular solves). Setup: the matrix;
           solve: spsolve, the factorisation included, as a user calls it.
Both run on one thread (the bench sets OMP_NUM_THREADS and OPENBLAS_NUM_THREADS to 1;
scipy.fft gets workers=1).
"""
import argparse
import math
import sys
import time

try:
    import numpy as np
    import scipy
    import scipy.fft
    import scipy.sparse
    import scipy.sparse.linalg
except ImportError as e:
    print("not installed: %s (Debian: python3-scipy)" % e)
    sys.exit(3)


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--method", choices=["dstn", "spsolve"], required=True)
    p.add_argument("--n", type=int, default=257)
    p.add_argument("--problem", choices=["laplace", "poisson"], default="laplace")
    p.add_argument("--rtol", type=float, default=1e-10)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--budget", type=float, default=60)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--output")
    a = p.parse_args()
    if a.n < 3 or a.repeat < 1:
        p.error("--n must be >= 3 and --repeat >= 1")
    return a


def exact(poisson, x, y):
    return x * x * y + y ** 3 if poisson else x * x - y * y


def initial(a):
    """u: the exact values on the boundary, 0 inside (peer.h)."""
    t = np.linspace(0.0, 1.0, a.n)
    x, y = np.meshgrid(t, t, indexing="ij")
    u = exact(a.problem == "poisson", x, y)
    u[1:-1, 1:-1] = 0.0
    return u


def rhs(a, u):
    """The interior's right-hand side times h^2: -h^2 f plus the boundary neighbours' values."""
    h = 1.0 / (a.n - 1)
    y = np.linspace(0.0, 1.0, a.n)[1:-1]
    b = np.zeros((a.n - 2, a.n - 2))
    if a.problem == "poisson":
        b -= h * h * 8 * y[np.newaxis, :]
    b[0, :] += u[0, 1:-1]
    b[-1, :] += u[-1, 1:-1]
    b[:, 0] += u[1:-1, 0]
    b[:, -1] += u[1:-1, -1]
    return b


def check(a, u):
    """The check of peer.c's peer_check, the same formulas: relative residual, max relative
    error, and whether the error is within ||A^-1||_2 (||r||_2 + rounding)."""
    poisson = a.problem == "poisson"
    h = 1.0 / (a.n - 1)
    t = np.linspace(0.0, 1.0, a.n)
    x, y = np.meshgrid(t, t, indexing="ij")
    ex = exact(poisson, x, y)
    f = 8 * y[1:-1, 1:-1] if poisson else 0.0

    def residual(v):
        lap = (v[:-2, 1:-1] + v[2:, 1:-1] + v[1:-1, :-2] + v[1:-1, 2:] - 4 * v[1:-1, 1:-1]) / h**2
        return np.linalg.norm(f - lap)

    r, r0 = residual(u), residual(initial(a))
    e = u - ex
    u2 = np.linalg.norm(ex)
    eps = np.finfo(float).eps
    lambda_min = 8 * math.sin(math.pi * h / 2) ** 2 / h**2
    bound = (r + 16 * eps * (8 / h**2) * u2) / lambda_min + 4 * eps * u2
    return r / r0, np.abs(e).max() / np.abs(ex).max(), np.linalg.norm(e) <= bound


class Dstn:
    def setup(self, a):
        m = a.n - 2
        k = np.arange(1, m + 1)
        lam = 4 * np.sin(k * np.pi / (2 * (m + 1))) ** 2
        self.denominator = lam[:, np.newaxis] + lam[np.newaxis, :]

    def solve(self, a, u):
        w = scipy.fft.dstn(rhs(a, u), type=1, workers=1)
        w /= self.denominator
        u[1:-1, 1:-1] = scipy.fft.idstn(w, type=1, workers=1)
        return 1


class Spsolve:
    def setup(self, a):
        m = a.n - 2
        t = scipy.sparse.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(m, m))
        i = scipy.sparse.identity(m)
        self.matrix = (scipy.sparse.kron(t, i) + scipy.sparse.kron(i, t)).tocsc()

    def solve(self, a, u):
        m = a.n - 2
        u[1:-1, 1:-1] = scipy.sparse.linalg.spsolve(self.matrix, rhs(a, u).ravel()).reshape(m, m)
        return 1


def main():
    a = parse()
    solver = Dstn() if a.method == "dstn" else Spsolve()
    name = "scipy-" + a.method
    start = time.perf_counter()
    setups, solves, u = [], [], None
    for r in range(-1, a.repeat):  # r = -1: the warm-up
        if r >= 1 and time.perf_counter() - start > a.budget:
            break
        u = initial(a)
        t0 = time.perf_counter()
        solver.setup(a)
        t1 = time.perf_counter()
        iterations = solver.solve(a, u)
        t2 = time.perf_counter()
        if r < 0:
            relres, error, consistent = check(a, u)
            verdict = ("WRONG: error beyond what the residual allows" if not consistent else
                       "validates" if relres <= a.rtol else
                       "NOT REACHED: residual above the tolerance")
            print("%s: %d x %d %s: %s (relative residual %.2e, max relative error %.2e, %d "
                  "iterations)" % (name, a.n, a.n, a.problem, verdict, relres, error, iterations))
            if not consistent:
                return 1
            continue
        setups.append(t1 - t0)
        solves.append(t2 - t1)
    print("setup: " + " ".join(repr(s) for s in setups))  # every digit
    print("solve: " + " ".join(repr(s) for s in solves))
    print("iterations: %d" % iterations)
    print("runner: Python %s, NumPy %s, SciPy %s" % (sys.version.split()[0], np.__version__,
                                                    scipy.__version__))
    if a.output:
        u.astype(np.float64).tofile(a.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
