"""The book's helper modules (``common.functions``, ``common.layers``, ``dataset.mnist``, ...) and the finder
that serves them, with the student's own files, from memory.

The helpers are the reference's source code, read by path before any student code runs and run as
ordinary modules of the helper package: the worker never imports ``reference``. Each helper's objects are
noted as it runs, before student code can touch it, so that a component taken from a helper (imported,
subclassed or copied) is never graded as the student's.
"""

import ast
import importlib
import importlib.machinery
import linecache
import os
import sys
import types

# Helper packages play one of two roles: "dataset" serves the book's dataset/mnist.py, any other
# (common, or a --shim name) serves the book's common/ package.
COMMON_MODULES = {"functions": "functions.py", "layers": "layers.py", "gradient": "gradient.py"}
UTIL_MODULE = "util"
DATASET_PACKAGE = "dataset"
DATASET_MODULES = {"mnist": "mnist.py"}
BOOK_UTIL_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "book_util.py")


def helper_sources(reference_dir, packages):
    """Compiled code of every helper module of ``packages``: name -> (filename, code, is_package)."""
    sources = {}
    for package in packages:
        placeholder = f"<the book's {package} package>"  # not a file: coverage.py does not measure it
        sources[package] = (placeholder, compile("", placeholder, "exec"), True)
        if package == DATASET_PACKAGE:
            files = {name: os.path.join(reference_dir, file) for name, file in DATASET_MODULES.items()}
        else:
            files = {name: os.path.join(reference_dir, file) for name, file in COMMON_MODULES.items()}
            files[UTIL_MODULE] = BOOK_UTIL_PATH
        for name, path in files.items():
            sources[f"{package}.{name}"] = (path, _compile_helper(path, package), False)
    return sources


def _compile_helper(path, package):
    """Compile a reference file with its ``reference.X`` imports pointing at ``package.X`` instead."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    # Tracebacks through a helper show its lines from memory: the worker may not read the file later.
    linecache.cache[path] = (len(text), None, text.splitlines(True), path)
    tree = ast.parse(text, path)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "reference":
            node.module = _helper_name(path, node.module, package)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "reference":
                    raise ValueError(f"{path}: `import {alias.name}` cannot be served to a worker")
    return compile(tree, path, "exec", dont_inherit=True)


def _helper_name(path, module, package):
    inner = module.split(".", 1)[1] if "." in module else ""
    if inner in COMMON_MODULES:
        return f"{package}.{inner}"
    if inner in DATASET_MODULES:
        return f"{DATASET_PACKAGE}.{inner}"
    raise ValueError(f"{path} imports {module}, which is not one of the book's helper modules")


class Helpers:
    """What the helper modules defined, noted as each one ran: objects by identity, and code objects."""

    def __init__(self):
        self._objects = {}  # id -> (module name, object); the object is kept so that its id stays unique
        self._code = {}  # id of a code object -> (module name, code object)

    def run(self, code, module):
        exec(code, module.__dict__)
        for value in list(module.__dict__.values()):
            if getattr(value, "__module__", None) == module.__name__:
                self._note(module.__name__, value)

    def _note(self, module_name, value):
        self._objects[id(value)] = (module_name, value)
        functions = list(vars(value).values()) if isinstance(value, type) else [value]
        for function in functions:
            if isinstance(function, types.FunctionType):
                code = types.FunctionType.__code__.__get__(function)
                self._code[id(code)] = (module_name, code)

    def origin(self, value):
        """``(helper module, how)`` when ``value`` comes from a helper, else None.

        ``how`` is "imported" (the helper's own object), "copied" (a function with a helper's code),
        "inherits" (a subclass of a helper class) or "copies methods" (a class holding a helper's methods).
        """
        if id(value) in self._objects:
            return self._objects[id(value)][0], "imported"
        if isinstance(value, types.FunctionType):
            code = types.FunctionType.__code__.__get__(value)
            return (self._code[id(code)][0], "copied") if id(code) in self._code else None
        if isinstance(value, type):
            for base in type.__dict__["__mro__"].__get__(value)[1:]:
                if id(base) in self._objects:
                    return self._objects[id(base)][0], "inherits"
            for member in type.__dict__["__dict__"].__get__(value).values():
                found = self.origin(member) if isinstance(member, types.FunctionType) else None
                if found:
                    return found[0], "copies methods"
        return None


class MemoryFinder:
    """A meta-path finder and loader for modules whose code is held in memory.

    ``add`` registers a module with the function that runs it; the packages around it come for free. A
    bare ``import two_layer_net`` inside ``ch05/train.py`` finds ``ch05.two_layer_net``, as it would when
    the book's script runs from its own folder.
    """

    def __init__(self):
        self._modules = {}  # name -> (filename, run(module))
        self._packages = set()
        self._ran = set()
        self._running = []  # packages of the modules being run, innermost last

    def add(self, name, filename, run, is_package=False):
        self._modules[name] = (filename, run)
        parts = name.split(".")
        self._packages.update(".".join(parts[:end]) for end in range(1, len(parts)))
        if is_package:
            self._packages.add(name)

    def install(self):
        sys.meta_path.insert(0, self)

    def find_spec(self, fullname, path=None, target=None):
        if fullname in self._modules or fullname in self._packages:
            filename = self._modules.get(fullname, (None,))[0]
            return importlib.machinery.ModuleSpec(
                fullname, self, origin=filename, is_package=fullname in self._packages
            )
        sibling = f"{self._running[-1]}.{fullname}" if self._running and self._running[-1] else None
        if sibling in self._modules:
            return importlib.machinery.ModuleSpec(fullname, self, loader_state=sibling)
        return None

    def create_module(self, spec):
        if spec.loader_state is not None:
            return importlib.import_module(spec.loader_state)
        return None

    def exec_module(self, module):
        name = module.__name__
        if name in self._ran:  # a sibling alias of a module that already ran, or a reload
            return
        self._ran.add(name)
        if name not in self._modules:
            return  # a package that only holds other modules
        filename, run = self._modules[name]
        module.__file__ = filename
        self._running.append(name if name in self._packages else name.rpartition(".")[0])
        try:
            run(module)
        finally:
            self._running.pop()


def serve_helpers(finder, helpers, sources, wanted):
    """Register the helper modules for which ``wanted(name)`` holds (those the submission lacks)."""
    for name, (filename, code, is_package) in sources.items():
        if wanted(name):
            finder.add(name, filename, _runner(helpers, code), is_package)


def _runner(helpers, code):
    return lambda module: helpers.run(code, module)
