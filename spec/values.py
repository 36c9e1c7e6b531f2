"""Plain values and the byte codec that carries them between the grader and a worker.

Only plain data crosses: None, bool, int, float, str, tuples, lists, str-keyed dicts and numpy arrays
of numeric dtypes sent as (dtype, shape, bytes). Never pickle, never a student object.
"""
import json
import struct

import numpy as np

ALLOWED_DTYPES = frozenset("?bBhHiIlLqQefd")  # numpy type characters: bool, ints, floats


class NotPlain(TypeError):
    """A value that cannot be turned into plain data (an object, an object array, ...)."""


class Probe:
    """A named function the worker's harness supplies, e.g. the ``f`` handed to ``numerical_gradient``.

    With ``reads_arg=i`` the function ignores its own argument and reads the i-th argument of the same call,
    as chapter 5 calls ``numerical_gradient(lambda W: net.loss(x, t), params["W1"])``: the closure sees the
    array that is perturbed in place.
    """

    def __init__(self, name, reads_arg=None):
        self.name = name
        self.reads_arg = reads_arg

    def __eq__(self, other):
        return isinstance(other, Probe) and (other.name, other.reads_arg) == (self.name, self.reads_arg)

    def __hash__(self):
        return hash((self.name, self.reads_arg))

    def __repr__(self):
        reads = "" if self.reads_arg is None else f", reads_arg={self.reads_arg}"
        return f"Probe({self.name!r}{reads})"


def plain(value, _depth=0):
    """Copy ``value`` into plain data, reading student objects only through base-class methods."""
    if _depth > 20:
        raise NotPlain("nested too deeply")
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, int):
        return int.__index__(value)
    if isinstance(value, np.ndarray):
        array = np.ndarray.view(value, np.ndarray)
        if array.dtype.char not in ALLOWED_DTYPES:
            raise NotPlain(f"an array of dtype {array.dtype}")
        return np.array(array, copy=True)
    if isinstance(value, np.generic):
        array = np.asarray(value)
        if array.dtype.char not in ALLOWED_DTYPES:
            raise NotPlain(f"a numpy scalar of dtype {array.dtype}")
        return array.item()
    if isinstance(value, tuple):
        return tuple(plain(v, _depth + 1) for v in tuple.__iter__(value))
    if isinstance(value, list):
        return [plain(v, _depth + 1) for v in list.__iter__(value)]
    if isinstance(value, dict):
        return {str(k): plain(v, _depth + 1) for k, v in dict.items(value)}
    if isinstance(value, Probe):
        return value
    raise NotPlain(f"a {type(value).__name__} object")


def describe_type(value):
    """A short name for the kind of value, for messages: ``ndarray (2, 3) float64``, ``float``, ``None``."""
    if isinstance(value, np.ndarray):
        return f"ndarray {tuple(value.shape)} {value.dtype}"
    return "None" if value is None else type(value).__name__


def encode(value):
    """Serialise plain data to bytes: a length-prefixed JSON header followed by raw array buffers."""
    buffers = []

    def walk(v):
        if isinstance(v, np.ndarray):
            buffers.append(np.ascontiguousarray(v).tobytes())
            return {"__nd__": len(buffers) - 1, "dtype": v.dtype.str, "shape": list(v.shape)}
        if isinstance(v, tuple):
            return {"__tuple__": [walk(x) for x in v]}
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {"__dict__": [[k, walk(x)] for k, x in v.items()]}
        if isinstance(v, Probe):
            return {"__probe__": v.name, "reads_arg": v.reads_arg}
        return v

    header = json.dumps(walk(value)).encode()
    parts = [struct.pack("<I", len(header)), header]
    for buf in buffers:
        parts += [struct.pack("<Q", len(buf)), buf]
    return b"".join(parts)


def decode(data):
    """Inverse of :func:`encode`; rejects any dtype outside the numeric allow-list."""
    view = memoryview(data)
    (header_len,) = struct.unpack_from("<I", view, 0)
    header = json.loads(bytes(view[4 : 4 + header_len]))
    offset = 4 + header_len
    buffers = []
    while offset < len(view):
        (size,) = struct.unpack_from("<Q", view, offset)
        buffers.append(view[offset + 8 : offset + 8 + size])
        offset += 8 + size

    def walk(v):
        if isinstance(v, list):
            return [walk(x) for x in v]
        if not isinstance(v, dict):
            return v
        if "__nd__" in v:
            dtype = np.dtype(v["dtype"])
            if dtype.char not in ALLOWED_DTYPES:
                raise NotPlain(f"refusing dtype {dtype}")
            return np.frombuffer(buffers[v["__nd__"]], dtype=dtype).reshape(v["shape"]).copy()
        if "__tuple__" in v:
            return tuple(walk(x) for x in v["__tuple__"])
        if "__dict__" in v:
            return {k: walk(x) for k, x in v["__dict__"]}
        if "__probe__" in v:
            reads_arg = v.get("reads_arg")
            return Probe(v["__probe__"], reads_arg if isinstance(reads_arg, int) else None)
        raise NotPlain(f"unknown tagged value {sorted(v)}")

    return walk(header)
