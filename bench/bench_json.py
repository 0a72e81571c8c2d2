"""Reading the benches' JSON results, shared by bench/plot and bench/plot-multigrid: a file
that is not what a bench wrote is a BadInput whose message says where."""
import json

NUMBER = (int, float)
TYPE_NAMES = {int: "a number", float: "a number", str: "a string", bool: "true or false",
              dict: "an object", list: "a list", type(None): "null"}


class BadInput(Exception):
    """The JSON is not what the bench writes; the message says where."""


def read_object(path, program):
    """The JSON object in path (what `program` writes), or BadInput."""
    try:
        with open(path) as f:
            data = json.load(f)
    except OSError as e:
        raise BadInput("cannot read %s: %s" % (path, e.strerror))
    except json.JSONDecodeError as e:
        raise BadInput("%s is not valid JSON: %s at line %d column %d" %
                       (path, e.msg, e.lineno, e.colno))
    if not isinstance(data, dict):
        raise BadInput("%s is not a %s result: its top level is a JSON %s, not an object" %
                       (path, program, type(data).__name__))
    return data


def field(row, key, types, where):
    """row[key], checked to be of one of types."""
    if not isinstance(row, dict):
        raise BadInput("%s is a JSON %s, not an object" % (where, type(row).__name__))
    if key not in row:
        raise BadInput("%s has no \"%s\"" % (where, key))
    value = row[key]
    if not isinstance(value, types) or isinstance(value, bool) and bool not in types:
        names = dict.fromkeys(TYPE_NAMES[t] for t in types)  # "a number" once for int, float
        raise BadInput("%s: \"%s\" is %s, not %s" % (where, key, json.dumps(value),
                                                      " or ".join(names)))
    return value


def ordered(low, median, high, where):
    """(median, low, high), checked to be in order and positive."""
    if not 0 < low <= median <= high:
        raise BadInput("%s: min %g, median %g, max %g are not in order" % (
            where, low, median, high))
    return median, low, high


def check_writable(path, program):
    """Exits with status 2 and the system's reason when path cannot be written, before a run
    that would only find out at its end (the C++ benches' --json check, bench/cli.cpp)."""
    import os
    import sys
    existed = os.path.exists(path)
    try:
        with open(path, "a"):
            pass
    except OSError as e:
        sys.stderr.write("%s: --json: cannot write %s: %s\n" % (program, path, e.strerror))
        sys.exit(2)
    if not existed:
        os.remove(path)
