"""Reference rows of laplace-bench: the study's Python implementations, run as a subprocess.

    laplace_ref.py MODE --nx N --ny N --sweeps N --repeat N --input FILE --output FILE
                   [--cache DIR] [--f77-source FILE] [--module-dir DIR]

MODE is one of
  probe             print the interpreter's version and whether NumPy is there
  python-loops      pure Python loops over lists (Gauss-Seidel in memory order); one sweep is
                    timed and the bench extrapolates, as the study did
  numpy-expression  the study's NumPy whole-array expression (Jacobi)
  f2py-f77-loop     the library's fortran/sweep_f77.f wrapped by f2py (built once into DIR)
  py-f77-loop       the library's f77-loop kernel called from Python through the package
                    laplace (imported from DIR of --module-dir, else from sys.path)

The grid comes in and goes out as raw float64 values in the C layout, u[i*ny + j] = u(x_i, y_j)
on [0,1]^2. Each timed run starts from the input grid; the output is the grid after the last
run. The last line on stdout is one JSON object: {"ok": true, "seconds": [...],
"sweeps_timed": k, "change": c, ...} or {"ok": false, "why": "..."}.
"""
import argparse
import glob
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from array import array


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("mode")
    p.add_argument("--nx", type=int, default=0)
    p.add_argument("--ny", type=int, default=0)
    p.add_argument("--sweeps", type=int, default=1)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--input")
    p.add_argument("--output")
    p.add_argument("--cache")
    p.add_argument("--f77-source")
    p.add_argument("--module-dir")
    return p.parse_args()


def spacing(a):
    dx, dy = 1.0 / (a.nx - 1), 1.0 / (a.ny - 1)
    dx2, dy2 = dx * dx, dy * dy
    return dx, dy, dx2, dy2, 0.5 / (dx2 + dy2)


def timed_runs(reset, sweep, sweeps, warmups, repeat):
    """Warm-up runs, then `repeat` timed runs of `sweeps` sweeps, each from a fresh grid."""
    for _ in range(warmups):
        u = reset()
        for _ in range(sweeps):
            sweep(u)
    seconds, change, u = [], float("nan"), None
    for _ in range(repeat):
        u = reset()
        start = time.perf_counter()
        for _ in range(sweeps):
            change = sweep(u)
        seconds.append(time.perf_counter() - start)
    return seconds, change, u


def python_sweep(u, dx2, dy2, dnr_inv):
    """One Gauss-Seidel sweep of u (a list of row lists) in pure Python; the change norm."""
    nx, ny = len(u), len(u[0])
    err = 0.0
    for i in range(1, nx - 1):
        um, ui, up = u[i - 1], u[i], u[i + 1]
        for j in range(1, ny - 1):
            tmp = ui[j]
            ui[j] = ((um[j] + up[j]) * dy2 + (ui[j - 1] + ui[j + 1]) * dx2) * dnr_inv
            diff = ui[j] - tmp
            err += diff * diff
    return math.sqrt(err)


def numpy_sweep(u, dx2, dy2, dnr_inv):
    """The study's numericTimeStep (a Jacobi sweep of the 2D array u); the change norm."""
    import numpy as np

    # The right side is evaluated before the assignment.
    old = u.copy()
    u[1:-1, 1:-1] = ((u[0:-2, 1:-1] + u[2:, 1:-1]) * dy2 +
                     (u[1:-1, 0:-2] + u[1:-1, 2:]) * dx2) * dnr_inv
    v = (u - old).ravel()
    return float(np.sqrt(np.dot(v, v)))


def python_loops(a):
    flat = array("d")
    with open(a.input, "rb") as f:
        flat.fromfile(f, a.nx * a.ny)
    _, _, dx2, dy2, dnr_inv = spacing(a)
    nx, ny = a.nx, a.ny

    def reset():
        return [flat[i * ny:(i + 1) * ny].tolist() for i in range(nx)]

    def sweep(u):
        return python_sweep(u, dx2, dy2, dnr_inv)

    # One sweep per run (no JIT to warm up); the bench scales it to the full sweep count.
    seconds, change, u = timed_runs(reset, sweep, 1, 0, min(a.repeat, 3))
    out = array("d")
    for row in u:
        out.extend(row)
    with open(a.output, "wb") as f:
        out.tofile(f)
    return {"seconds": seconds, "sweeps_timed": 1, "change": change}


def numpy_expression(a):
    import numpy as np

    u0 = np.fromfile(a.input, dtype=np.float64).reshape(a.nx, a.ny)
    _, _, dx2, dy2, dnr_inv = spacing(a)

    def sweep(u):
        return numpy_sweep(u, dx2, dy2, dnr_inv)

    seconds, change, u = timed_runs(u0.copy, sweep, a.sweeps, 1, a.repeat)
    u.tofile(a.output)
    return {"seconds": seconds, "sweeps_timed": a.sweeps, "change": change,
            "numpy": np.__version__}


def f2py_module(a):
    """Imports laplace_f77 from the cache, building it with f2py first if needed."""
    os.makedirs(a.cache, exist_ok=True)
    built = glob.glob(os.path.join(a.cache, "laplace_f77*.so"))
    source_time = os.path.getmtime(a.f77_source)
    if not built or os.path.getmtime(built[0]) < source_time:
        work = tempfile.mkdtemp(dir=a.cache)
        try:
            run = subprocess.run(
                [sys.executable, "-m", "numpy.f2py", "-c", "-m", "laplace_f77", a.f77_source],
                cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            with open(os.path.join(a.cache, "f2py-build.log"), "w") as log:
                log.write(run.stdout)
            made = glob.glob(os.path.join(work, "laplace_f77*.so"))
            if run.returncode != 0 or not made:
                lines = [l for l in run.stdout.splitlines() if l.strip()]
                raise RuntimeError("f2py could not build sweep_f77.f: " +
                                   (lines[-1] if lines else "no output"))
            target = os.path.join(a.cache, os.path.basename(made[0]))
            os.replace(made[0], target)  # atomic: a concurrent run sees old or new, never half
        finally:
            shutil.rmtree(work, ignore_errors=True)
    sys.path.insert(0, a.cache)
    import laplace_f77
    return laplace_f77


def f2py_f77_loop(a):
    import numpy as np

    try:
        module = f2py_module(a)
    except Exception as e:  # the row says why instead of failing the bench
        return {"ok": False, "why": str(e)}
    u0 = np.fromfile(a.input, dtype=np.float64).reshape(a.nx, a.ny)
    dx, dy, _, _, _ = spacing(a)

    def sweep(u):
        # u.T is u(ny, nx) in Fortran order over the same bytes: no copy, and index 1 (y, the
        # contiguous one) is innermost, so the iterates are the library's Gauss-Seidel ones.
        _, change = module.f77sweep(u.T, dy, dx)
        return float(change)

    seconds, change, u = timed_runs(u0.copy, sweep, a.sweeps, 1, a.repeat)
    u.tofile(a.output)
    return {"seconds": seconds, "sweeps_timed": a.sweeps, "change": change,
            "numpy": np.__version__}


def laplace_python(a):
    """The library's f77-loop kernel driven from Python: one laplace.sweep call per sweep."""
    import numpy as np

    if a.module_dir:
        sys.path.insert(0, a.module_dir)
    try:
        import laplace
    except ImportError as e:
        return {"ok": False, "why": "cannot import laplace (%s): build it with "
                "LAPLACE_WITH_PYTHON" % e}
    u0 = np.fromfile(a.input, dtype=np.float64).reshape(a.nx, a.ny)
    dx, dy, _, _, _ = spacing(a)

    def sweep(u):
        return laplace.sweep("f77-loop", u, dx, dy)

    seconds, change, u = timed_runs(u0.copy, sweep, a.sweeps, 1, a.repeat)
    u.tofile(a.output)
    return {"seconds": seconds, "sweeps_timed": a.sweeps, "change": change,
            "numpy": np.__version__, "laplace": laplace.version()}


def probe(_):
    result = {"python": sys.version.split()[0], "executable": sys.executable}
    try:
        import numpy
        result["numpy"] = numpy.__version__
    except ImportError:
        result["numpy"] = None
    return result


def main():
    a = parse()
    modes = {"probe": probe, "python-loops": python_loops, "numpy-expression": numpy_expression,
             "f2py-f77-loop": f2py_f77_loop, "py-f77-loop": laplace_python}
    try:
        result = modes[a.mode](a)
        result.setdefault("ok", True)
    except Exception as e:
        result = {"ok": False, "why": "%s: %s" % (type(e).__name__, e)}
    result["python"] = sys.version.split()[0]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
