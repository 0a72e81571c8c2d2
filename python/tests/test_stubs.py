"""The type stubs (laplace/_core.pyi) against the compiled module: every function and method has
the parameters, in order, that pybind11 says it has, and a docstring. (mypy's stubtest checks
the names, test "python: stubs"; it cannot see the parameters of compiled functions.)"""

import ast
import os
import re

import pytest

import laplace
from laplace import _core


def stub_signatures():
    """{qualified name: [parameter names, one list per overload]} from the .pyi."""
    path = os.path.join(os.path.dirname(_core.__file__), "_core.pyi")
    tree = ast.parse(open(path).read())
    out = {}

    def params(fn):
        a = fn.args
        names = [p.arg for p in a.posonlyargs + a.args if p.arg != "self"]
        if a.kwonlyargs:
            names += ["*"] + [p.arg for p in a.kwonlyargs]
        return names

    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            out.setdefault(node.name, []).append(params(node))
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not any(
                        isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list):
                    out.setdefault(node.name + "." + item.name, []).append(params(item))
    return out


def runtime_signatures(name, obj):
    """The parameter lists pybind11 wrote at the top of obj's docstring (one per overload)."""
    short = name.split(".")[-1]
    found = []
    for line in obj.__doc__.splitlines():
        m = re.match(r"^(?:\d+\. )?" + re.escape(short) + r"\((.*)\) -> ", line)
        if not m or m.group(1) == "*args, **kwargs":
            continue
        names = []
        for p in re.split(r", (?![^\[]*\])", m.group(1)):
            if p == "*":
                names.append("*")
            elif p:
                names.append(p.split(":")[0].strip())
        found.append([n for n in names if n != "self"])
    return found


STUBS = stub_signatures()


@pytest.mark.parametrize("name", sorted(STUBS))
def test_stub_parameters_are_the_modules(name):
    obj = _core
    for part in name.split("."):
        obj = getattr(obj, part)
    assert sorted(runtime_signatures(name, obj)) == sorted(STUBS[name])


def test_every_compiled_function_has_a_stub_and_a_docstring():
    for name in dir(_core):
        obj = getattr(_core, name)
        if name.startswith("_") or not callable(obj):
            continue
        if isinstance(obj, type):
            if issubclass(obj, BaseException):
                assert obj.__doc__
                continue
            assert obj.__doc__, name
            for member, value in vars(obj).items():
                if member.startswith("set_") or member in ("setup", "solve", "result"):
                    assert name + "." + member in STUBS
                    assert value.__doc__.count("\n") >= 1, member
        else:
            assert name in STUBS, name
            doc = obj.__doc__.split("\n", 1)
            assert len(doc) == 2 and doc[1].strip(), name
    assert laplace.Solver.__doc__ and laplace.__doc__
