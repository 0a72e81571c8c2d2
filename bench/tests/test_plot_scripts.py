"""The chart scripts bench/plot and bench/plot-multigrid (CTest: "bench: the chart scripts ...").

Each script runs on a small JSON made here (every family of rows, two grid sizes, a direct
method, an estimated row, a wrong answer, a row that did not run) and on the committed JSON of
the charts in the repository, with and without the keys a newer bench adds ("schema_version",
per-row "seconds_runs"); each must write its PNG. A malformed JSON must fail with exit status 1
and a message that says what is wrong, and write no PNG. The charts' content (a direct bar
marked as one solve, a panel per family, error bars) is checked on the figures themselves.
"""
import copy
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("matplotlib", reason="no matplotlib for the chart tests "
                                         "(Debian: python3-matplotlib)")
import matplotlib.image  # noqa: E402

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)
PLOT = os.path.join(BENCH, "plot")
PLOT_MULTIGRID = os.path.join(BENCH, "plot-multigrid")
COMPARISON = os.path.join(ROOT, "docs", "comparison-2026-11-22.json")
SOLVE = os.path.join(ROOT, "docs", "solve-2026-12-07.json")
MULTIGRID = os.path.join(ROOT, "bench", "results", "multigrid.json")


def load_script(path, name):
    if BENCH not in sys.path:  # where the scripts find bench_json, as when they run
        sys.path.insert(0, BENCH)
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_loader(name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


plot = load_script(PLOT, "bench_plot")


def run(script, *args):
    return subprocess.run([sys.executable, script, *map(str, args)], capture_output=True,
                          text=True, timeout=300)


def assert_png(path):
    assert os.path.isfile(path), "%s was not written" % path
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % path
    image = matplotlib.image.imread(path)
    assert image.shape[0] > 200 and image.shape[1] > 200


def row(name, kind, language, threading, scheme, seconds, threads=1, n=100, status="ok",
        estimated=False, spread=0.1):
    work = (n - 2) ** 2 * 100
    return {"name": name, "scheme": scheme, "language": language, "threading": threading,
            "threads": threads, "kind": kind, "nx": n, "ny": n, "sweeps": 100, "status": status,
            "estimated": estimated, "seconds": seconds, "seconds_min": seconds * (1 - spread),
            "seconds_max": seconds * (1 + spread), "runs": 3,
            "updates_per_second": None if scheme == "direct" else work / seconds,
            "check": "ok", "note": ""}


def sweep_run(sizes=(100, 200)):
    """A laplace-bench --json document with a row of every family at each size."""
    rows = []
    for n in sizes:
        s = (n / 100) ** 2
        rows += [
            row("cpp-loop", "kernel", "C++", "serial", "gauss-seidel", 0.02 * s, n=n),
            row("f77-loop", "kernel", "Fortran 77", "serial", "gauss-seidel", 0.018 * s, n=n),
            row("omp-jacobi", "kernel", "C++", "openmp", "jacobi", 0.006 * s, n=n),
            row("omp-jacobi", "kernel", "C++", "openmp", "jacobi", 0.004 * s, threads=2, n=n),
            row("f90-openmp", "kernel", "Fortran 90", "openmp", "jacobi", 0.007 * s, 2, n),
            row("blas-fdm", "kernel", "C++", "blas", "direct", 0.003 * s, n=n),
            row("fft-dst", "method", "C++", "library", "direct", 0.001 * s, n=n),
            row("textbook-gs", "textbook", "C++", "serial", "gauss-seidel", 0.03 * s, n=n),
            row("python-loops", "reference", "Python", "serial", "gauss-seidel", 2.0 * s, n=n,
                estimated=True),
            row("numpy-expression", "reference", "NumPy", "serial", "jacobi", 0.2 * s, n=n),
            row("cpp-pointer", "kernel", "C++", "serial", "gauss-seidel", 0.021 * s, n=n,
                status="WRONG"),
            dict(row("octave-expression", "reference", "Octave", "serial", "jacobi", 1, n=n),
                 status="missing", seconds=None, seconds_min=None, seconds_max=None,
                 check="not installed: no octave on PATH"),
        ]
    return {"date": "2026-12-07T00:00:00Z", "machine": {"cpu": "Test CPU", "cores": 2},
            "options": {"repetitions": 3, "warmups": 1}, "rows": rows}


def with_new_keys(doc, timings):
    """The document as a newer bench writes it: "schema_version" and every run's seconds."""
    doc = copy.deepcopy(doc)
    doc["schema_version"] = 2
    for timing in timings(doc):
        if timing.get("seconds"):
            timing["seconds_runs"] = [timing["seconds_min"], timing["seconds"],
                                      timing["seconds_max"]]
    return doc


def runs_only(doc, timings):
    """Only "seconds_runs", no min and max: the spread must come from the runs."""
    doc = with_new_keys(doc, timings)
    for timing in timings(doc):
        timing.pop("seconds_min", None)
        timing.pop("seconds_max", None)
    return doc


def sweep_timings(doc):
    return doc["rows"]


def solve_timings(doc):
    return [r["solve"] for r in doc["solve"]["rows"] if r.get("solve")]


def write(tmp_path, doc, name="run.json"):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return path


# ---- bench/plot ---------------------------------------------------------------------------

@pytest.mark.parametrize("variant", ["as today", "new keys", "runs only"])
def test_plot_draws_times_and_scaling(tmp_path, variant):
    doc = sweep_run()
    if variant == "new keys":
        doc = with_new_keys(doc, sweep_timings)
    elif variant == "runs only":
        doc = runs_only(doc, sweep_timings)
    result = run(PLOT, write(tmp_path, doc), "--out", tmp_path / "charts")
    assert result.returncode == 0, result.stderr
    assert_png(tmp_path / "charts" / "laplace-times.png")
    assert_png(tmp_path / "charts" / "laplace-scaling.png")
    assert not (tmp_path / "charts" / "laplace-solve.png").exists()
    assert "laplace-solve.png not drawn" in result.stderr


@pytest.mark.parametrize("variant", ["as today", "new keys", "runs only"])
def test_plot_draws_the_committed_solve_run(tmp_path, variant):
    with open(SOLVE) as f:
        doc = json.load(f)
    if variant == "new keys":
        doc = with_new_keys(doc, solve_timings)
    elif variant == "runs only":
        doc = runs_only(doc, solve_timings)
    out = tmp_path / "solve.png"
    result = run(PLOT, write(tmp_path, doc), "--solve", out)
    assert result.returncode == 0, result.stderr
    assert_png(out)


def test_plot_draws_the_committed_comparison_run(tmp_path):
    out = tmp_path / "times.png"
    result = run(PLOT, COMPARISON, "--times", out)
    assert result.returncode == 0, result.stderr
    assert_png(out)


def test_plot_asked_for_a_chart_the_run_cannot_give_fails(tmp_path):
    # One grid size: no scaling chart, and asked for one it says why and fails.
    result = run(PLOT, write(tmp_path, sweep_run(sizes=(100,))), "--scaling", tmp_path / "s.png")
    assert result.returncode == 1
    assert "one grid size" in result.stderr
    assert not (tmp_path / "s.png").exists()


MALFORMED = {
    "truncated": ('{"rows": [{"name": "cpp-loop", ', "is not valid JSON"),
    "a list": ("[1, 2, 3]", "its top level is a JSON list"),
    "no rows": ('{"machine": {}}', "neither a list \"rows\""),
    "no seconds": ("drop seconds", "rows[0] (cpp-loop) has no \"seconds\""),
    "seconds a string": ("seconds string", "\"seconds\" is \"fast\", not a number"),
    "spread out of order": ("min above median", "are not in order"),
    "no threads": ("drop threads", "has no \"threads\""),
    "solve rows not a list": ('{"solve": {"rows": 3, "rtol": 1e-10}}', "\"rows\" is 3"),
}


def malformed(kind):
    text, _ = MALFORMED[kind]
    doc = sweep_run()
    first = doc["rows"][0]
    if text == "drop seconds":
        del first["seconds"]
    elif text == "seconds string":
        first["seconds"] = "fast"
    elif text == "min above median":
        first["seconds_min"] = first["seconds"] * 2
    elif text == "drop threads":
        del first["threads"]
    else:
        return text
    return doc


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_plot_rejects_malformed_json_with_a_message(tmp_path, kind):
    path = write(tmp_path, malformed(kind))
    result = run(PLOT, path, "--out", tmp_path / "charts")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("bench/plot: "), result.stderr
    assert MALFORMED[kind][1] in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not any(p.suffix == ".png" for p in tmp_path.rglob("*"))


def test_plot_missing_file_says_so(tmp_path):
    result = run(PLOT, tmp_path / "absent.json")
    assert result.returncode == 1
    assert "cannot read" in result.stderr and "absent.json" in result.stderr


# The charts' content, on the figures.

def by_name(doc, name, threads=1, n=100):
    return next(r for r in doc["rows"]
                if r["name"] == name and r["threads"] == threads and r["nx"] == n)


def test_family_comes_from_the_fields():
    with open(COMPARISON) as f:
        rows = plot.sweep_rows(json.load(f))
    families = {(r["name"], r["threads"]): plot.family(r) for r in rows}
    assert families[("blas-fdm", 1)] == "direct"  # kind "kernel", scheme "direct"
    assert families[("omp-jacobi", 2)] == "openmp"
    assert families[("f90-openmp", 1)] == "openmp"
    assert families[("f77-loop", 1)] == "serial Fortran"
    assert families[("f95-forall", 1)] == "serial Fortran"
    assert families[("cpp-loop", 1)] == "serial C++"
    assert families[("textbook-jacobi", 1)] == "textbook"
    assert families[("f2py-f77-loop", 1)] == "reference"
    method = plot.sweep_rows(sweep_run())
    assert plot.family(next(r for r in method if r["name"] == "fft-dst")) == "direct"


def test_times_chart_marks_direct_methods_as_one_solve():
    doc = sweep_run()
    fig, why = plot.times_chart(doc, plot.sweep_rows(doc))
    assert why is None
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    texts = [t.get_text() for t in ax.texts]
    bars = ax.patches
    assert len(names) == len(bars) == 11  # the missing row is no bar
    for name, text, bar in zip(names, texts, bars):
        direct = name.split(",")[0] in ("fft-dst", "blas-fdm")
        assert ("one solve" in text) == direct, (name, text)
        assert (bar.get_hatch() == "xx") == direct, name
        if name == "python-loops":
            assert bar.get_hatch() == "//" and "estimated" in text
        if name == "cpp-pointer":
            assert "WRONG ANSWER" in text
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("direct methods: one solve" in t for t in legend)
    assert "min-max of the runs" in legend
    # One error bar per bar, from seconds_min to seconds_max.
    errorbars = [c for c in ax.containers if type(c).__name__ == "ErrorbarContainer"]
    assert len(errorbars) == len(bars)
    segments = errorbars[names.index("cpp-loop")].lines[2][0].get_segments()
    (x0, _), (x1, _) = segments[0]
    cpp = by_name(doc, "cpp-loop", n=200)  # no 500 x 500: the largest size
    assert (x0, x1) == pytest.approx((cpp["seconds_min"], cpp["seconds_max"]))
    # Every label ends inside the axes: the x axis was widened to fit them.
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    right = ax.get_window_extent(renderer).x1
    assert all(t.get_window_extent(renderer).x1 <= right for t in ax.texts)
    assert "octave-expression" in " ".join(t.get_text() for t in fig.texts)
    matplotlib.pyplot.close(fig)


def test_scaling_chart_is_a_panel_per_family_with_a_shared_y_axis():
    doc = sweep_run()
    fig, why = plot.scaling_chart(doc, plot.sweep_rows(doc))
    assert why is None
    panels = [ax for ax in fig.axes if ax.get_visible()]
    titles = [ax.get_title() for ax in panels]
    # Direct methods have no rate, the wrong row is left out: five families remain.
    assert titles == [plot.family_label(k) for k in
                      ("serial C++", "serial Fortran", "openmp", "textbook", "reference")]
    assert len({ax.get_ylim() for ax in panels}) == 1
    assert all(ax.get_yaxis().get_scale() == "log" for ax in panels)
    openmp = panels[titles.index(plot.family_label("openmp"))]
    assert [t.get_text() for t in openmp.get_legend().get_texts()] == [
        "omp-jacobi, 1 thread", "omp-jacobi, 2 threads", "f90-openmp, 2 threads"]
    assert all(type(c).__name__ == "ErrorbarContainer" for c in openmp.containers)
    notes = " ".join(t.get_text() for t in fig.texts)
    assert "cpp-pointer" in notes and "no update rate" in notes
    matplotlib.pyplot.close(fig)


def test_solve_chart_has_error_bars_and_families():
    with open(SOLVE) as f:
        doc = json.load(f)
    fig, why = plot.solve_chart(doc, plot.solve_rows(doc))
    assert why is None
    panels = [ax for ax in fig.axes if ax.axison]
    assert len(panels) == 2
    for ax in panels:
        assert len(ax.containers) > 10
        assert all(type(c).__name__ == "ErrorbarContainer" for c in ax.containers)
        assert any(line.get_linestyle() == ":" for line in ax.lines)  # the O(N) guide
    legend_ax = next(ax for ax in fig.axes if not ax.axison)
    titles = [a.get_title().get_text() for a in legend_ax.artists]
    assert titles[:2] == ["library methods", "peers (reference programs)"]
    matplotlib.pyplot.close(fig)


# ---- bench/plot-multigrid -----------------------------------------------------------------

def multigrid_timings(doc):
    # The committed run is of schema version 1: its rows keep "median", "min", "max" and the
    # list "runs".
    return doc["solves"]


METHOD_TABLE = {"multigrid": ("iterative", True), "multigrid-cg": ("iterative", True),
                "fft-dst": ("direct", False), "blas-fdm": ("direct", False),
                "iterate": ("iterative", False)}


def multigrid_version_2(doc):
    """The committed run's rows as laplace-bench-multigrid writes them since schema version 2."""
    doc["schema_version"] = 2
    for r in doc["solves"]:
        r["seconds"], r["seconds_min"], r["seconds_max"] = (r.pop("median"), r.pop("min"),
                                                            r.pop("max"))
        r["seconds_runs"] = r.pop("runs")
        r["runs"] = len(r["seconds_runs"])
        r["kind"], r["takes_cycle"] = METHOD_TABLE[r["method"]]
    return doc


@pytest.mark.parametrize("variant", ["as today", "new keys", "runs only", "version 2"])
def test_plot_multigrid_draws_the_committed_run(tmp_path, variant):
    with open(MULTIGRID) as f:
        doc = json.load(f)
    if variant == "version 2":
        doc = multigrid_version_2(doc)
    elif variant != "as today":
        doc["schema_version"] = 2
        for r in doc["solves"]:
            r["seconds_runs"] = list(r["runs"])
            if variant == "runs only":
                del r["min"], r["max"]
    out = tmp_path / "mg.png"
    result = run(PLOT_MULTIGRID, write(tmp_path, doc), "--out", out)
    assert result.returncode == 0, result.stderr
    assert_png(out)


def test_plot_multigrid_families_come_from_the_method_table(tmp_path):
    """Version 2 rows say what the method is: a multigrid method renamed still counts as one."""
    with open(MULTIGRID) as f:
        doc = multigrid_version_2(json.load(f))
    for r in doc["solves"]:
        r["method"] = "renamed-" + r["method"]
    module = load_script(PLOT_MULTIGRID, "plot_multigrid")
    families = {r["label"]: module.family(r) for r in doc["solves"]}
    assert families["multigrid V(2,1)"] == "multigrid"
    assert families["multigrid-cg V"] == "multigrid"
    assert families["fft-dst"] == "direct"
    assert families["iterate omp-sor"] == "iterative"


MULTIGRID_MALFORMED = {
    "truncated": ('{"solves": [', "is not valid JSON"),
    "no solves": ('{"rtol": 1e-10}', "has no list \"solves\""),
    "no median": ("drop median", "solves[0] (multigrid V(2,1), 257 x 257) has no \"median\""),
    "no seconds": ("drop seconds", "solves[0] (multigrid V(2,1), 257 x 257) has no \"seconds_min\""),
    "no such problem": ("problem", "no validated solve of problem \"e^x sin y\""),
}


@pytest.mark.parametrize("kind", list(MULTIGRID_MALFORMED))
def test_plot_multigrid_rejects_malformed_json_with_a_message(tmp_path, kind):
    text, message = MULTIGRID_MALFORMED[kind]
    if text in ("drop median", "drop seconds", "problem"):
        with open(MULTIGRID) as f:
            doc = json.load(f)
        if text == "drop seconds":
            doc = multigrid_version_2(doc)
            doc["solves"][0]["problem"] = "e^x sin y"
            del doc["solves"][0]["seconds_min"]
        elif text == "problem":
            for r in doc["solves"]:
                r["problem"] = "x^2-y^2"
        else:
            doc["solves"][0]["problem"] = "e^x sin y"
            del doc["solves"][0]["median"]
        text = doc
    out = tmp_path / "mg.png"
    result = run(PLOT_MULTIGRID, write(tmp_path, text), "--out", out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("bench/plot-multigrid: "), result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_the_scripts_are_executable():
    for script in (PLOT, PLOT_MULTIGRID):
        assert os.access(script, os.X_OK), script


# ---- the scripts on what the benches write now ----------------------------------------------
# CTest passes the folder of the bench programs it built; the scripts must draw their output.
BENCH_BIN = os.environ.get("LAPLACE_BENCH_BIN")
needs_bench = pytest.mark.skipif(not BENCH_BIN, reason="LAPLACE_BENCH_BIN is not set (CTest "
                                 "sets it to the built bench programs)")


def bench_run(tmp_path, program, *args):
    out = tmp_path / (program + ".json")
    result = subprocess.run([os.path.join(BENCH_BIN, program), *args, "--json", str(out)],
                            capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, OMP_WAIT_POLICY="passive"))
    assert result.returncode == 0, result.stdout + result.stderr
    with open(out) as f:
        assert json.load(f)["schema_version"] == 2
    return out


@needs_bench
def test_plot_draws_a_fresh_laplace_bench_run(tmp_path):
    # Two sizes (the scaling chart), a kernel, an OpenMP kernel and a direct method.
    path = bench_run(tmp_path, "laplace-bench", "--sizes", "17,33", "--sweeps", "3",
                     "--repeat", "2", "--threads", "1", "--kernel", "cpp-loop",
                     "--kernel", "omp-jacobi", "--kernel", "fft-dst", "--no-machine")
    times, scaling = tmp_path / "t.png", tmp_path / "s.png"
    result = run(PLOT, path, "--times", times, "--scaling", scaling)
    assert result.returncode == 0, result.stderr
    assert_png(times)
    assert_png(scaling)


@needs_bench
def test_plot_draws_a_fresh_solve_run(tmp_path):
    path = bench_run(tmp_path, "laplace-bench", "--solve", "--sizes", "17,33", "--repeat", "1",
                     "--threads", "1", "--no-machine", "--no-reference")
    out = tmp_path / "solve.png"
    result = run(PLOT, path, "--solve", out)
    assert result.returncode == 0, result.stderr
    assert_png(out)


@needs_bench
def test_plot_multigrid_draws_a_fresh_run(tmp_path):
    path = bench_run(tmp_path, "laplace-bench-multigrid", "--sizes", "17,33", "--threads", "1",
                     "--repeat", "2")
    with open(path) as f:
        rows = json.load(f)["solves"]
    module = load_script(PLOT_MULTIGRID, "plot_multigrid")
    by_method = {r["method"]: module.family(r) for r in rows}
    assert by_method["multigrid"] == by_method["multigrid-cg"] == "multigrid"
    assert by_method["fft-dst"] == "direct" and by_method["iterate"] == "iterative"
    out = tmp_path / "mg.png"
    result = run(PLOT_MULTIGRID, path, "--out", out, "--problem", "x^2-y^2")
    assert result.returncode == 0, result.stderr
    assert_png(out)
