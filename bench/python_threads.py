#!/usr/bin/env python3
"""The study's companion experiment, redone: a job done normally, in 2 threads and in 2
processes, for a pure-Python function, for NumPy and for laplace called from Python; and the
per-call overhead of the binding against the C call.

    bench/python_threads.py [--build DIR] [--repeat N] [--json FILE] [--quick]

A job is two equal tasks. "normal" runs them one after the other in one thread; "2 threads"
runs one in each of two Python threads; "2 processes" one in each of two forked processes
(their start included). Speed-up = normal time / that time: 2x is both cores, 1x is one. The
three kinds of task (each on one core: OPENBLAS_NUM_THREADS=1 unless set):
  python  the study's pure-Python Gauss-Seidel sweeps over lists (bench/reference/laplace_ref.py)
  numpy   the study's NumPy Jacobi expression sweeps (the same file)
  laplace one laplace.solve of the f77-loop kernel (serial) on a grid of its own
Python threads run in parallel only while compiled code has released the interpreter lock:
laplace releases it in every computation. Modes are interleaved round by round, so the
machine's drift hits all alike; medians, with the range, of --repeat rounds.

The overhead: laplace.sweep on a 16 x 16 grid, calls in a row from Python, against
laplace_sweep called in a row from C (build/bench/laplace-call-time), alternated round by round.
Nothing here asserts a speed: it reports what it measured.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time

# glibc's malloc gives a freed block of the main thread's heap back to the kernel once the top
# of the heap passes its trim threshold, so NumPy's grid-sized temporaries are page-faulted in
# again at every sweep on the main thread (and in a forked child's), not in other threads, whose
# arenas keep them: the modes would compare allocators. These settings keep them everywhere;
# --system-malloc runs without them. glibc reads them at start, hence the re-exec.
MALLOC = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "134217728"}
if "--system-malloc" not in sys.argv and any(os.environ.get(k) != v for k, v in MALLOC.items()):
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, **MALLOC})
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy loads OpenBLAS

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "reference"))

import multiprocessing  # noqa: E402

import numpy as np  # noqa: E402

from bench_json import check_writable  # noqa: E402
from laplace_ref import numpy_sweep, python_sweep  # noqa: E402


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default=os.path.join(HERE, "..", "build"),
                   help="the build tree: python/ (the package) and bench/laplace-call-time")
    p.add_argument("--repeat", type=int, default=7, help="rounds (default 7)")
    p.add_argument("--json", help="write every run to this file")
    p.add_argument("--quick", action="store_true", help="tiny tasks: a smoke test")
    p.add_argument("--system-malloc", action="store_true",
                   help="glibc's default malloc thresholds (see the top of this file)")
    a = p.parse_args()
    if a.json:
        check_writable(a.json, "python_threads.py")
    return a


def study_grid(n):
    """The study's problem: n x n on [0,1]^2, interior 0, u = 1 on the edge i = 0 (as the
    C program's); returns u, dx, dy."""
    u = np.zeros((n, n))
    u[0, :] = 1.0
    return u, 1.0 / (n - 1), 1.0 / (n - 1)


def tasks(quick, laplace):
    """name -> (what, task()): each task builds its own grid and does a fixed amount of work."""
    n_py, sweeps_py = (20, 2) if quick else (150, 40)
    n_np, sweeps_np = (40, 5) if quick else (500, 200)
    n_la, sweeps_la = (40, 5) if quick else (500, 200)

    def python_task():
        u, dx, dy = study_grid(n_py)
        rows = u.tolist()
        dx2, dy2 = dx * dx, dy * dy
        for _ in range(sweeps_py):
            python_sweep(rows, dx2, dy2, 0.5 / (dx2 + dy2))

    def numpy_task():
        u, dx, dy = study_grid(n_np)
        dx2, dy2 = dx * dx, dy * dy
        for _ in range(sweeps_np):
            numpy_sweep(u, dx2, dy2, 0.5 / (dx2 + dy2))

    def laplace_task():
        u, dx, dy = study_grid(n_la)
        laplace.solve("f77-loop", u, dx, dy, sweeps_la, 0.0)

    return {
        "python": (f"pure Python, {sweeps_py} Gauss-Seidel sweeps of {n_py} x {n_py}",
                   python_task),
        "numpy": (f"NumPy expression, {sweeps_np} Jacobi sweeps of {n_np} x {n_np}", numpy_task),
        "laplace": (f"laplace.solve('f77-loop'), {sweeps_la} sweeps of {n_la} x {n_la}",
                    laplace_task),
    }


def normal(task):
    task()
    task()


def two_threads(task):
    threads = [threading.Thread(target=task) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def two_processes(task):
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=task) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise RuntimeError(f"a task's process failed (exit {p.exitcode})")


MODES = {"normal": normal, "2 threads": two_threads, "2 processes": two_processes}


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": values}


def threads_table(a, laplace):
    results = {}
    for name, (what, task) in tasks(a.quick, laplace).items():
        task()  # warm-up
        seconds = {mode: [] for mode in MODES}
        for _ in range(a.repeat):
            for mode, run in MODES.items():
                start = time.perf_counter()
                run(task)
                seconds[mode].append(time.perf_counter() - start)
        base = statistics.median(seconds["normal"])
        results[name] = {"task": what}
        for mode, s in seconds.items():
            results[name][mode] = summary(s)
            results[name][mode]["speedup"] = base / statistics.median(s)
    return results


def call_overhead(a, laplace):
    exe = os.path.join(a.build, "bench", "laplace-call-time")
    n, calls = 16, (2000 if a.quick else 50000)
    u, dx, dy = study_grid(n)
    py, c = [], []
    for _ in range(a.repeat):
        out = subprocess.run([exe, "--nx", str(n), "--ny", str(n), "--calls", str(calls),
                              "--repeat", "1"], check=True, capture_output=True, text=True)
        c.extend(json.loads(out.stdout.strip().splitlines()[-1])["seconds_per_call"])
        sweep = laplace.sweep
        for timed in (False, True):  # a warm-up batch, then the timed one
            u[:] = 0.0
            u[0, :] = 1.0
            start = time.perf_counter()
            for _ in range(calls):
                sweep("f77-loop", u, dx, dy)
            if timed:
                py.append((time.perf_counter() - start) / calls)
    overhead = [p - q for p, q in zip(py, c)]
    return {"grid": f"{n} x {n}", "kernel": "f77-loop", "calls": calls,
            "python": summary(py), "c": summary(c), "overhead": summary(overhead)}


def cpu_counters():
    """(all cores' busy seconds, all cores' seconds) from /proc/stat, and this process's CPU
    seconds with its waited-for children: the share other work took of the machine."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    idle = ticks[3] + ticks[4]  # idle, iowait
    t = os.times()
    return (sum(ticks) - idle) / hz, sum(ticks) / hz, t.user + t.system + t.children_user + \
        t.children_system


def fmt(s, scale=1.0, digits=3):
    return (f"{s['median'] * scale:.{digits}g} "
            f"({s['min'] * scale:.{digits}g}-{s['max'] * scale:.{digits}g})")


def main():
    a = parse()
    sys.path.insert(0, os.path.join(os.path.abspath(a.build), "python"))
    import laplace

    machine = {
        "laplace": laplace.version(), "python": platform.python_version(),
        "numpy": np.__version__, "cores": os.cpu_count(),
        "load_average": os.getloadavg(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY"),
        "malloc": {k: os.environ.get(k) for k in MALLOC},
    }
    before = cpu_counters()
    table = threads_table(a, laplace)
    overhead = call_overhead(a, laplace)
    after = cpu_counters()
    busy, total, own = (y - x for x, y in zip(before, after))
    machine["other_work_cores"] = (busy - own) / total * machine["cores"] if total else None

    print(f"laplace {machine['laplace']}, Python {machine['python']}, NumPy {machine['numpy']}, "
          f"{machine['cores']} cores, load average at start "
          + " ".join(f"{x:.2f}" for x in machine["load_average"]) + f", {machine['date']}")
    print(f"other work on the machine during the run: {machine['other_work_cores']:.2f} of "
          f"{machine['cores']} cores (from /proc/stat, less this run's own CPU time)")
    print("malloc: " + ("glibc's defaults" if a.system_malloc else
                        " ".join(f"{k}={v}" for k, v in MALLOC.items())))
    print(f"a job = 2 tasks; seconds per job, median (min-max) of {a.repeat} rounds; "
          "speed-up = normal / that")
    print()
    print("| task | normal | 2 threads | 2 processes |")
    print("|---|---|---|---|")
    for name, r in table.items():
        cells = [fmt(r["normal"])]
        for mode in ("2 threads", "2 processes"):
            cells.append(f"{fmt(r[mode])}, {r[mode]['speedup']:.2f}x")
        print(f"| {r['task']} | " + " | ".join(cells) + " |")
    print()
    o = overhead
    print(f"per call, {o['kernel']} on {o['grid']}, {o['calls']} calls in a row, median (min-max) "
          f"of {a.repeat} rounds, microseconds:")
    print(f"  laplace.sweep from Python  {fmt(o['python'], 1e6)}")
    print(f"  laplace_sweep from C       {fmt(o['c'], 1e6)}")
    print(f"  the binding's overhead     {fmt(o['overhead'], 1e6)}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"schema_version": 2, "program": "python_threads.py", "machine": machine,
                       "threads": table, "call_overhead": overhead}, f, indent=1)


if __name__ == "__main__":
    main()
