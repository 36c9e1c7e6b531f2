"""What a live object is made of: whether it is the book's helper rather than the student's own code, and which
global names its code reads (what it calls), as the grader tells from a submission's files."""
import dis
import inspect
import types

# The book's helper packages (the grader serves ``common`` and ``dataset`` in their place) and this project's
# model answer: a component taken from one of them is not the student's work.
HELPER_PACKAGES = ("common", "dataset", "reference")


def is_helper_module(name):
    return isinstance(name, str) and name.split(".")[0] in HELPER_PACKAGES


def helper_origin(obj):
    """``(where, how)`` when ``obj`` is not the student's own: "imported" from a helper module, a class that
    "inherits" from a helper's class, or one that "copies methods" from it; None otherwise."""
    module = getattr(obj, "__module__", None)
    if is_helper_module(module):
        return module, "imported"
    if inspect.isclass(obj):
        for base in obj.__mro__[1:]:
            if is_helper_module(base.__module__):
                return f"{base.__module__}.{base.__qualname__}", "inherits"
        for member in vars(obj).values():
            for function in _functions(member):
                if is_helper_module(function.__module__):
                    return function.__module__, "copies methods"
    return None


def global_names(obj):
    """The names that ``obj``'s code (a function's, or a class's methods') reads as globals."""
    names = set()
    for code in _codes(obj):
        names.update(i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME"))
    return names


def global_namespace(obj):
    """The globals that ``obj``'s code runs with (a notebook's user namespace, for what its cells define)."""
    for function in _own_functions(obj):
        return function.__globals__
    return None


def _codes(obj):
    pending = [function.__code__ for function in _own_functions(obj)]
    while pending:
        code = pending.pop()
        yield code
        pending += [const for const in code.co_consts if isinstance(const, types.CodeType)]


def _own_functions(obj):
    """The Python functions of ``obj``: itself, or the methods a class and its own bases (not helpers) define."""
    if not inspect.isclass(obj):
        return list(_functions(obj))
    classes = [c for c in obj.__mro__ if c is not object and not is_helper_module(c.__module__)]
    return [f for cls in classes for member in vars(cls).values() for f in _functions(member)]


def _functions(member):
    """The plain Python functions inside a class member: a method, static or class method, or property."""
    if isinstance(member, (staticmethod, classmethod)):
        member = member.__func__
    if isinstance(member, property):
        return [f for f in (member.fget, member.fset, member.fdel) if isinstance(f, types.FunctionType)]
    return [member] if isinstance(member, types.FunctionType) else []
