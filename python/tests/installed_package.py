"""The installed package: imported from the install prefix alone, it solves against the exact
solution, and its module and liblaplace come from the prefix (found through the RPATH).

    installed_package.py PREFIX PYTHONDIR     (PYTHONDIR relative to PREFIX, e.g.
                                               lib/python3.11/site-packages)
"""
import os
import subprocess
import sys

CHECK = r"""
import os, sys
import numpy as np
import laplace
prefix = os.path.realpath(sys.argv[1])
assert os.path.realpath(laplace.__file__).startswith(prefix + os.sep), laplace.__file__
assert os.path.realpath(laplace._core.__file__).startswith(prefix + os.sep), laplace._core.__file__
here = os.path.dirname(laplace.__file__)
for f in ("__init__.py", "_core.pyi", "py.typed"):
    assert os.path.exists(os.path.join(here, f)), f
nx, ny = 33, 21
x, y = np.linspace(0, 2, nx), np.linspace(0, 1, ny)
X, Y = np.meshgrid(x, y, indexing="ij")
want = X**2 * Y + Y**3
for method in [m.name for m in laplace.methods()]:
    u = want.copy(); u[1:-1, 1:-1] = 0
    r = laplace.Solver(method, tolerances=(1e-12,)).solve(u, x[1] - x[0], y[1] - y[0], 8 * Y)
    assert r.converged and np.max(np.abs(u - want)) < 1e-9, (method, r)
maps = open("/proc/self/maps").read()
libs = {line.split()[-1] for line in maps.splitlines() if "liblaplace.so" in line}
assert libs and all(os.path.realpath(p).startswith(prefix + os.sep) for p in libs), libs
print("laplace", laplace.version(), "from", here, "with", sorted(libs))
"""


def main():
    prefix, pythondir = sys.argv[1], sys.argv[2]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LD_LIBRARY_PATH")}
    env["PYTHONPATH"] = os.path.join(prefix, pythondir)
    # From another directory, so that nothing of the source or build tree is on sys.path.
    subprocess.run([sys.executable, "-c", CHECK, prefix], env=env, cwd=prefix, check=True)


if __name__ == "__main__":
    main()
