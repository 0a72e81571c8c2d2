"""The README's snippets, run against an installed laplace (the package test "README snippets").

    readme_snippets.py --readme README.md --prefix PREFIX --work DIR [--python PYTHON]
                       [--mpiexec "mpiexec -n 2 ..." [--mpiexec-env VAR=VALUE ...]]

A fenced block of README.md that follows a line `<!-- tested: NAME -->` is taken as it is written
(the prefix /opt/laplace replaced by PREFIX) and built and run the way the README says, with the
least around it that makes a fragment a program: a main, the grid's values where the README
writes `...`, and a check of the answer (the exact discrete solution x^2 - y^2 or x^2 y + y^3
is known). Every marked block must be used here and every block used here must be marked, so a
README edit cannot drop a snippet out of the test. Exit status 0 when all build, run and agree.
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys

# The snippets this file runs, by the name their README marker gives them.
EXPECTED = {
    "cxx-cmake", "cxx-cmake-build", "cxx-quick", "cxx-pkgconfig", "cxx-solver", "fortran-cmake",
    "fortran-quick", "fortran-solver", "fortran-pkgconfig", "fortran-make", "python-path",
    "python", "mpi-cxx", "mpi-pkgconfig",
}


def blocks(readme):
    """{name: text} of every fenced block right after a `<!-- tested: NAME -->` line."""
    lines = open(readme).read().split("\n")
    out = {}
    for k, line in enumerate(lines):
        m = re.fullmatch(r"<!-- tested: ([a-z0-9-]+) -->", line.strip())
        if not m:
            continue
        if k + 1 >= len(lines) or not lines[k + 1].startswith("```"):
            sys.exit("README.md:%d: the marker %s is not followed by a fenced block" %
                     (k + 1, m.group(1)))
        end = next(j for j in range(k + 2, len(lines)) if lines[j].startswith("```"))
        if m.group(1) in out:
            sys.exit("README.md:%d: a second block named %s" % (k + 1, m.group(1)))
        out[m.group(1)] = "\n".join(lines[k + 2:end]) + "\n"
    return out


class Runner:
    def __init__(self, args):
        self.prefix = os.path.abspath(args.prefix)
        self.work = os.path.abspath(args.work)
        self.mpiexec = shlex.split(args.mpiexec) if args.mpiexec else None
        self.env = dict(os.environ)
        self.env.pop("LD_LIBRARY_PATH", None)  # programs find the libraries through their rpath
        self.env["PKG_CONFIG_PATH"] = os.path.join(self.prefix, "lib", "pkgconfig")
        self.failures = []

    def text(self, snippet):
        return snippet.replace("/opt/laplace", self.prefix)

    def folder(self, name, files):
        path = os.path.join(self.work, name)
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
        for file, text in files.items():
            with open(os.path.join(path, file), "w") as f:
                f.write(text)
        return path

    def run(self, what, command, cwd, shell=False, expect=None, env=None):
        shown = command if shell else " ".join(command)
        print("-- %s: %s" % (what, shown), flush=True)
        result = subprocess.run(command, cwd=cwd, shell=shell, env=env or self.env,
                                capture_output=True, text=True, errors="replace", timeout=900,
                                executable="/bin/bash" if shell else None)
        output = result.stdout + result.stderr
        print(output, end="", flush=True)
        if result.returncode != 0:
            self.failures.append("%s: exit status %d" % (what, result.returncode))
            return None
        if what.endswith(": build") and re.search(r"warning:", output):
            self.failures.append("%s: the build warns" % what)
            return None
        if expect and not re.search(expect, output):
            self.failures.append("%s: the output does not match %r" % (what, expect))
            return None
        return output


# Every check allows a max error of 1e-6 against the exact discrete solution: what the README's
# stopping rules leave, a change norm of 1e-9 over the 1 - rho ~ 1e-3 of Gauss-Seidel on these
# grids, or a relative residual of 1e-10 times cond(A) ~ 1e4 (a solve that did not run is off
# by O(1)).

# A C++ fragment becomes a program: its #include lines first, the rest inside main, then a check.
def cxx_program(fragment, check, includes=("#include <cstdio>", "#include <cmath>")):
    top = [l for l in fragment.split("\n") if l.startswith("#include")]
    body = [l for l in fragment.split("\n") if not l.startswith("#include")]
    return ("\n".join(list(includes) + top) + "\n\nint main() {\n" + "\n".join(
        "    " + l for l in body) + "\n" + check + "}\n")


CXX_QUICK_CHECK = """    double worst = 0;
    for (int i = 0; i < grid.nx(); ++i)
        for (int j = 0; j < grid.ny(); ++j)
            worst = std::fmax(worst, std::fabs(grid(i, j) - (grid.x(i) * grid.x(i) - grid.y(j) * grid.y(j))));
    std::printf("converged %d, %d sweeps, max error %.1e\\n", int(r.converged), r.iterations, worst);
    return r.converged && worst < 1e-6 ? 0 : 1;
"""

CXX_SOLVER_CHECK = """    double worst = 0;
    for (int i = 0; i < grid.nx(); ++i)
        for (int j = 0; j < grid.ny(); ++j) {
            const double x = grid.x(i), y = grid.y(j);
            worst = std::fmax(worst, std::fabs(grid(i, j) - (x * x * y + y * y * y)));
        }
    std::printf("reason rtol %d, %d iterations, max error %.1e\\n",
                int(r.reason == laplace::StopReason::rtol), r.iterations, worst);
    return r.converged && r.reason == laplace::StopReason::rtol && worst < 1e-6 ? 0 : 1;
"""

# The MPI fragment on 2 ranks: its Jacobi solve is cut off by max_iter, the SOR solve after it
# must converge on every rank; the grid lives in a block that ends before MPI_Finalize.
def mpi_program(fragment):
    top = [l for l in fragment.split("\n") if l.startswith("#include")]
    body = [l for l in fragment.split("\n") if not l.startswith("#include")]
    return ("\n".join(["#include <cstdio>"] + top) +
            "\n\nint main(int argc, char **argv) {\n    MPI_Init(&argc, &argv);\n"
            "    int all = 0;\n    {\n" + "\n".join("        " + l for l in body) +
            """
        const int ok = s.converged;
        MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
        std::printf("%d and %d iterations, SOR converged %d\\n", r.iterations, s.iterations, ok);
    }
    MPI_Finalize();
    return all ? 0 : 1;
}
""")


# The Fortran quick start: its "! ..." sets the boundary (and a zero interior); the check after
# the solve compares with x^2 - y^2 on [0,2] x [0,1].
FORTRAN_QUICK_SETUP = """   block
      integer :: i, j
      do j = 1, ny
         do i = 1, nx
            u(i, j) = (2.0_real64*(i - 1)/(nx - 1))**2 - (1.0_real64*(j - 1)/(ny - 1))**2
         end do
      end do
      u(2:nx - 1, 2:ny - 1) = 0
   end block"""
FORTRAN_QUICK_CHECK = """   block
      integer :: i, j
      real(real64) :: worst
      worst = 0
      do j = 1, ny
         do i = 1, nx
            worst = max(worst, abs(u(i, j) - ((2.0_real64*(i - 1)/(nx - 1))**2 - &
                                              (1.0_real64*(j - 1)/(ny - 1))**2)))
         end do
      end do
      print *, "stat", stat, "max error", worst
      if (stat /= 0 .or. worst > 1.0e-6_real64) error stop "wrong answer"
   end block
"""

# The Fortran solver fragment (declarations, then "! ...", then the calls) in a program that
# gives it nx, ny, dx, dy, stat and msg and sets u and f where it writes "! ...".
FORTRAN_SOLVER_HEAD = """program main
   use, intrinsic :: iso_fortran_env, only: real64
"""
FORTRAN_SOLVER_DECLARATIONS = """   implicit none
   integer, parameter :: nx = 33, ny = 17  ! Gauss-Seidel (f77-loop) to rtol 1e-10: ~2000 sweeps
   real(real64), parameter :: dx = 2.0_real64/(nx - 1), dy = 1.0_real64/(ny - 1)
   integer :: stat, i, j
   character(len=200) :: msg = ""
"""
FORTRAN_SOLVER_SETUP = """   do j = 1, ny
      do i = 1, nx
         u(i, j) = ((i - 1)*dx)**2*((j - 1)*dy) + ((j - 1)*dy)**3
         f(i, j) = 8*(j - 1)*dy
      end do
   end do
   u(2:nx - 1, 2:ny - 1) = 0"""
FORTRAN_SOLVER_CHECK = """   print *, "stat", stat, "iterations", r%iterations, "reason", r%stop_reason
   if (stat /= 0) error stop trim(msg)
   if (r%stop_reason /= LAPLACE_STOP_RTOL) error stop "not stopped by rtol"
   do j = 1, ny
      do i = 1, nx
         if (abs(u(i, j) - (((i - 1)*dx)**2*((j - 1)*dy) + ((j - 1)*dy)**3)) > 1.0e-6_real64) &
            error stop "wrong answer"
      end do
   end do
end program main
"""

PYTHON_CHECK = """
assert r.converged and r.stop_reason == laplace.StopReason.rtol, r
assert np.max(np.abs(u - (X**2 * Y + Y**3))) < 1e-6
print("converged in", r.iterations, "iterations; the README's Python snippet runs")
"""


def fortran_quick(snippet):
    if "   ! ...\n" not in snippet or "end program main" not in snippet:
        sys.exit("the Fortran quick start no longer has its '! ...' or 'end program main'")
    return snippet.replace("   ! ...\n", FORTRAN_QUICK_SETUP + "\n").replace(
        "end program main", FORTRAN_QUICK_CHECK + "end program main")


def fortran_solver(snippet):
    lines = snippet.rstrip("\n").split("\n")
    uses = [l for l in lines if l.strip().startswith("use ")]
    rest = [l for l in lines if not l.strip().startswith("use ")]
    text = "\n".join(rest).replace("   ! ...", FORTRAN_SOLVER_SETUP)
    return (FORTRAN_SOLVER_HEAD + "\n".join(uses) + "\n" + FORTRAN_SOLVER_DECLARATIONS + text +
            "\n" + FORTRAN_SOLVER_CHECK)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--readme", required=True)
    p.add_argument("--prefix", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--python", help="the Python the installed package is for (else: no Python)")
    p.add_argument("--mpiexec", help="the command that starts 2 ranks (else: no MPI)")
    p.add_argument("--mpiexec-env", action="append", default=[],
                   help="VAR=VALUE mpiexec needs (repeatable)")
    a = p.parse_args()
    found = blocks(a.readme)
    if set(found) != EXPECTED:
        sys.exit("README.md's tested blocks are %s; this test runs %s" % (
            sorted(found), sorted(EXPECTED)))
    r = Runner(a)
    b = {k: r.text(v) for k, v in found.items()}

    # C++: the CMake project and its build command, then the same main.cpp with pkg-config.
    cmake_head = "cmake_minimum_required(VERSION 3.16)\nproject(myproject LANGUAGES CXX)\n" \
                 "set(CMAKE_CXX_STANDARD 20)  # the designated initializers\n"
    main_cpp = cxx_program(b["cxx-quick"], CXX_QUICK_CHECK)
    d = r.folder("cxx-cmake", {"CMakeLists.txt": cmake_head + b["cxx-cmake"], "main.cpp": main_cpp})
    if r.run("C++ with CMake: build", b["cxx-cmake-build"].strip(), d, shell=True) is not None:
        r.run("C++ with CMake: run", ["build/myprog"], d, expect=r"laplace \d+\.\d+\.\d+")
    d = r.folder("cxx-pkgconfig", {"main.cpp": main_cpp})
    if r.run("C++ with pkg-config: build", b["cxx-pkgconfig"].strip(), d,
             shell=True) is not None:
        r.run("C++ with pkg-config: run", ["./myprog"], d, expect=r"laplace \d+\.\d+\.\d+")
    d = r.folder("cxx-solver", {"main.cpp": cxx_program("#include <laplace/laplace.hpp>\n" +
                                                        b["cxx-solver"], CXX_SOLVER_CHECK)})
    if r.run("C++ solver: build", b["cxx-pkgconfig"].strip(), d, shell=True) is not None:
        r.run("C++ solver: run", ["./myprog"], d, expect="reason rtol 1")

    # Fortran: the CMake project, pkg-config, the Makefile lines; the solver fragment.
    main_f90 = fortran_quick(b["fortran-quick"])
    d = r.folder("fortran-cmake", {
        "CMakeLists.txt": "cmake_minimum_required(VERSION 3.16)\n" + b["fortran-cmake"],
        "main.f90": main_f90})
    if r.run("Fortran with CMake: build", b["cxx-cmake-build"].strip(), d, shell=True) is not None:
        r.run("Fortran with CMake: run", ["build/myprog"], d, expect="sweeps")
    d = r.folder("fortran-pkgconfig", {"main.f90": main_f90})
    if r.run("Fortran with pkg-config: build", b["fortran-pkgconfig"].strip(), d,
             shell=True) is not None:
        r.run("Fortran with pkg-config: run", ["./myprog"], d, expect="sweeps")
    # The Makefile lines, with make's own rule to link a program from its object file.
    makefile = b["fortran-make"] + "myprog: main.o\n\t$(FC) $(LDFLAGS) $^ -o $@ $(LDLIBS)\n" \
                                   "main.o: main.f90\n\t$(FC) $(FFLAGS) -c $<\n"
    d = r.folder("fortran-make", {"Makefile": makefile, "main.f90": main_f90})
    if r.run("Fortran with the Makefile lines: build", ["make", "FC=gfortran", "myprog"],
             d) is not None:
        r.run("Fortran with the Makefile lines: run", ["./myprog"], d, expect="sweeps")
    d = r.folder("fortran-solver", {"main.f90": fortran_solver(b["fortran-solver"])})
    if r.run("Fortran solver: build", b["fortran-pkgconfig"].strip(), d,
             shell=True) is not None:
        r.run("Fortran solver: run", ["./myprog"], d, expect="iterations")

    # Python: the README's PYTHONPATH line, then its snippet and a check of the answer.
    if a.python:
        m = re.fullmatch(r"export PYTHONPATH=(\S+)\n", b["python-path"])
        if not m:
            sys.exit("the README's PYTHONPATH line is not `export PYTHONPATH=...`")
        env = dict(r.env, PYTHONPATH=m.group(1), PYTHONDONTWRITEBYTECODE="1")
        d = r.folder("python", {"snippet.py": b["python"] + PYTHON_CHECK})
        r.run("Python", [a.python, "snippet.py"], d, expect="snippet runs", env=env)
    else:
        print("-- Python: no package installed, not run")

    # MPI: the C++ fragment on 2 ranks, and the pkg-config lines with the consumer programs.
    if r.mpiexec:
        # The fragment's 4002 x 4002 grid: a smaller one keeps the test short.
        prog = mpi_program(b["mpi-cxx"].replace("4002, 4002", "402, 402"))
        for pair in a.mpiexec_env:
            name, _, value = pair.partition("=")
            r.env[name] = value
        source = os.path.dirname(os.path.abspath(a.readme))
        consumers = {"prog.c": "consumer_mpi.c", "prog.cpp": "consumer_mpi.cpp",
                     "prog.f90": "consumer_mpi.f90"}
        files = {"mpi.cpp": prog}
        for name, example in consumers.items():
            with open(os.path.join(source, "examples", "consumer", example)) as f:
                files[name] = f.read()
        d = r.folder("mpi", files)
        # Its lines (continuations joined): shell variables, three builds, the mpiexec line.
        lines = b["mpi-pkgconfig"].replace("\\\n", " ").strip().split("\n")
        settings = [l for l in lines if re.match(r"^[A-Za-z_]+=", l)]
        run_line = [l for l in lines if l.startswith("mpiexec")]
        builds = [l for l in lines if l not in settings and l not in run_line]
        if len(run_line) != 1 or len(builds) != 3:
            sys.exit("the README's MPI pkg-config block is not three builds and an mpiexec line")
        run_prog = r.mpiexec + shlex.split(run_line[0])[3:]  # "mpiexec -n 4" -> ours
        prelude = "".join(l + "; " for l in settings)
        cxx_build = [l for l in builds if l.startswith("c++")][0]
        if r.run("MPI C++ fragment: build", prelude + cxx_build.replace("prog.cpp", "mpi.cpp"),
                 d, shell=True) is not None:
            r.run("MPI C++ fragment: run on 2 ranks", run_prog, d, expect="SOR converged 1")
        for line in builds:
            if r.run("MPI with pkg-config: build", prelude + line, d, shell=True) is not None:
                r.run("MPI with pkg-config: run on 2 ranks", run_prog, d)
    else:
        print("-- MPI: not installed, not run")

    if r.failures:
        print("\nREADME snippets that fail:\n  " + "\n  ".join(r.failures))
        return 1
    print("\nevery README snippet builds, runs and gives the right answer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
