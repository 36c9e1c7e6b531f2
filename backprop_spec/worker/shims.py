"""The book's helper modules (``common.functions``, ``common.layers``, ``dataset.mnist``, ...) and the finder
that serves them, with the student's own files, from memory.

The helpers are the reference's source code (with what the book's modules define beyond it, from ``book/``),
read by path before any student code runs and run as ordinary modules of the helper package: the worker never
imports ``reference``. Each helper's objects are noted as it runs, before student code can touch it, so that a
component taken from a helper (imported, subclassed or copied) is never graded as the student's.
"""

import ast
import importlib
import importlib.machinery
import linecache
import os
import re
import sys
import types

from backprop_spec.worker.import_path import import_candidates

# Each of the book's helper modules as the worker serves it: the reference's file and, where the book's
# module defines more than the reference needs, the rest from ``book/``.
BOOK_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "book")
HELPER_FILES = {
    "functions": (("reference", "functions.py"), ("book", "functions.py")),
    "layers": (("reference", "layers.py"),),
    "gradient": (("reference", "gradient.py"), ("book", "gradient.py")),
    "util": (("book", "util.py"),),
    "two_layer_net": (("reference", "two_layer_net.py"),),
    "mnist": (("reference", "mnist.py"),),
}
# Helper packages play one of two roles: "dataset" serves the book's dataset/mnist.py, any other (common, or
# a --shim name) serves the book's common/ package. BOOK_PACKAGE, private, holds every helper module once:
# stand-ins (see StandIns) hand out its objects.
COMMON_MODULES = ("functions", "layers", "gradient", "util")
DATASET_PACKAGE = "dataset"
DATASET_MODULES = ("mnist",)
BOOK_PACKAGE = "_the_books_helpers"  # hidden and refused once the book's helpers have run (guard.GRADER_PACKAGES)
PROGRESS_BARS = "tqdm"  # when it is not installed, its stand-in gives the loops without their progress bars
# Libraries students import beside chapter 5's code that the grader does not install: their stand-ins hold nothing
# of the book's (torch.nn's ReLU is not the book's Relu), and a file of that name is not one to hand in.
PACKAGES = frozenset({
    "chainer", "cupy", "cv2", "h5py", "IPython", "jax", "keras", "matplotlib", "mxnet", "numba", "pandas", "PIL",
    "plotly", "scipy", "seaborn", "skimage", "sklearn", "statsmodels", "sympy", "tensorflow", "torch",
    "torchvision", "zodbpickle",
})
BOOK_MODULES = tuple(HELPER_FILES)
# What the reference's file has that the book's own module does not: common/layers.py has no MulLayer, which is
# chapter 5's ch05/layer_naive.py (the private package keeps them, for stand-ins).
NOT_IN_THE_BOOKS_FILE = {"layers": ("MulLayer", "AddLayer")}
# Where each helper module lives in the book's repository, for messages.
BOOK_PATHS = {"functions": "common/functions.py", "layers": "common/layers.py", "gradient": "common/gradient.py",
              "util": "common/util.py", "two_layer_net": "ch05/two_layer_net.py", "mnist": "dataset/mnist.py"}


def helper_sources(reference_dir, packages):
    """Compiled code of every helper module of ``packages`` and of BOOK_PACKAGE.

    Returns name -> (filename, codes, is_package); a module runs its codes one after the other.
    """
    sources = {}
    for package in list(packages) + [BOOK_PACKAGE]:
        placeholder = f"<the book's {package} package>"  # not a file: coverage.py does not measure it
        sources[package] = (placeholder, (), True)
        if package == BOOK_PACKAGE:
            modules = BOOK_MODULES
        elif package == DATASET_PACKAGE:
            modules = DATASET_MODULES
        else:
            modules = COMMON_MODULES
        for module in modules:
            paths = [os.path.join(reference_dir if where == "reference" else BOOK_DIR, file)
                     for where, file in HELPER_FILES[module]]
            sources[f"{package}.{module}"] = (paths[0], tuple(_compile_helper(path, package) for path in paths),
                                              False)
    return sources


def _compile_helper(path, package):
    """Compile a helper file with its ``reference.X`` imports pointing at ``package.X`` instead."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    # A traceback through a helper (the student's code may print one) finds its lines here, and none: reading the
    # file would be refused and flagged, and its text is the reference's.
    linecache.cache[path] = (0, None, [], path)
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
    if package != BOOK_PACKAGE and inner in DATASET_MODULES:
        return f"{DATASET_PACKAGE}.{inner}"
    if inner in HELPER_FILES:
        return f"{package}.{inner}"
    raise ValueError(f"{path} imports {module}, which is not one of the book's helper modules")


class Helpers:
    """What the helper modules defined, noted as each one ran: objects by identity, and code objects."""

    def __init__(self):
        self._objects = {}  # id -> (module name, object); the object is kept so that its id stays unique
        self._code = {}  # id of a code object -> (module name, code object)

    def run(self, codes, module):
        for code in codes:
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
    the book's script runs from its own folder, and ``import common.functions`` inside ``one/ch05/net.py``
    finds ``one/common/functions.py``, as the book's ``sys.path.append(os.pardir)`` makes it.
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
        for name in self._candidates(fullname):
            if name not in self._modules and name not in self._packages:
                continue
            if name != fullname:
                return importlib.machinery.ModuleSpec(fullname, self, loader_state=name)
            filename = self._modules.get(fullname, (None,))[0]
            return importlib.machinery.ModuleSpec(
                fullname, self, origin=filename, is_package=fullname in self._packages
            )
        return None

    def _candidates(self, fullname):
        return import_candidates(self._running[-1] if self._running else "", fullname)

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


def serve_helpers(finder, helpers, sources, wanted, standins):
    """Register the helper modules for which ``wanted(name)`` holds (those the submission lacks).

    The root of a helper package (``common``) is a stand-in: ``from common import softmax`` finds the
    book's softmax, as it did where the student kept the helpers in a ``common.py`` of their own.
    """
    for name, (filename, codes, is_package) in sources.items():
        if name.split(".")[0] == BOOK_PACKAGE:
            finder.add(name, filename, _runner(helpers, codes), is_package)
        elif wanted(name):
            run = standins.fill if is_package else _runner(helpers, codes, standins.answer_spelt_alike,
                                                           NOT_IN_THE_BOOKS_FILE.get(name.rpartition(".")[2], ()))
            finder.add(name, filename, run, is_package)


def _runner(helpers, codes, then=None, remove=()):
    def run(module):
        helpers.run(codes, module)
        for name in remove:
            delattr(module, name)
        if then:
            then(module)

    return run


def is_library(module_name):
    """Whether ``module_name`` belongs to one of the ``PACKAGES``: ``torch.nn`` does."""
    return module_name.split(".")[0] in PACKAGES


class StandIns:
    """A meta-path finder, last in line, for the modules a submission imports but neither contains nor finds
    installed (``from functions import softmax``, ``from layers import *``, ``from ch04.gradient_2d import
    numerical_gradient``): each becomes a stand-in module holding the book's helpers.

    Only modules that the submission's own code imports are stood in, never a library's optional import.
    A star import from a stand-in brings only the names the importing unit uses and never defines (its
    ``serving``), so it cannot replace the student's own definitions.
    """

    def __init__(self, wanted):
        self._wanted = set(wanted)  # module names the submission's code imports, with their packages
        self._book = None  # name -> object, every public name of the book's helper modules
        self.made = []  # the stand-in modules, in the order they were made
        self._helpers = []  # (helper module, its public names) that answer names spelt alike
        self._serving, self._used = (), ()

    def install(self):
        sys.meta_path.append(self)

    def book(self):
        """Every public name the book's helper modules bind, with its object (the first module's wins)."""
        if self._book is None:
            self._book = {}
            for module in BOOK_MODULES:
                namespace = vars(importlib.import_module(f"{BOOK_PACKAGE}.{module}"))
                for name, value in namespace.items():
                    if not (name.startswith("__") and name.endswith("__")):
                        self._book.setdefault(name, value)
        return self._book

    def lookup(self, name):
        """The book's object that ``name`` stands for (``ReLU`` for Relu, ``soft_max`` for softmax), or None."""
        found = book_name(name, self.book())
        return None if found is None else self.book()[found]

    def serve(self, names):
        """Star imports from now on bring these names (those of the unit about to run that the book has)."""
        book = self.book()
        self._used = tuple(names)
        self._serving = tuple(name for name in names if book_name(name, book))
        for module in self.made:
            if not is_library(module.__name__):
                module.__all__ = list(self._serving)
        for module, public in self._helpers:
            module.__all__ = public + self._spelt_alike(public)

    def answer_spelt_alike(self, module):
        """Let a helper module (``common.layers``) answer names spelt otherwise (``ReLU``), as the student's own
        copy of it did: by ``__getattr__``, and in a star import for the names the running unit uses."""
        public = sorted(name for name in vars(module) if not name.startswith("_"))

        def __getattr__(name):
            found = book_name(name, public)
            if found is None:
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
            return getattr(module, found)

        module.__getattr__ = __getattr__
        module.__all__ = public + self._spelt_alike(public)
        self._helpers.append((module, public))

    def _spelt_alike(self, public):
        return [name for name in self._used if name not in public and book_name(name, public)]

    def is_standin(self, name):
        return any(module.__name__ == name for module in self.made)

    def find_spec(self, fullname, path=None, target=None):
        if fullname in self._wanted:
            return importlib.machinery.ModuleSpec(fullname, self, origin="<a stand-in>", is_package=True)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        self.fill(module)

    def fill(self, module):
        """Make ``module`` a stand-in: the book's names, and for any other a message that says what is missing."""
        library = is_library(module.__name__)
        if not library:
            module.__dict__.update(self.book())
        if module.__name__.split(".")[0] == PROGRESS_BARS:  # not installed here: the loops run without the bars
            module.tqdm, module.trange = _no_progress_bar, lambda *args, **kwargs: _no_progress_bar(range(*args))
        module.__all__ = [] if library else list(self._serving)
        module.__getattr__ = self._getattr(module.__name__, library)
        self.made.append(module)

    def _getattr(self, module_name, library):
        """The stand-in's ``__getattr__``: the book's name for a name spelt another way, else what is missing."""
        def __getattr__(name):
            if library:
                raise AttributeError(f"`{module_name}` is a package that is not installed where the submission is "
                                     f"graded")
            value = self.lookup(name)
            if value is None:
                raise AttributeError(f"`{module_name}` is neither part of the submission nor installed, and the "
                                     f"book's helpers define no `{name}`")
            return value

        return __getattr__


def book_name(name, book):
    """The name in ``book`` that ``name`` stands for, or None: the same name, else one spelt alike without case,
    underscores, a version number or "Layer" (``ReLU``, ``soft_max``, ``cross_entropy_error_2``, ``AffineLayer``).
    A capitalised name stands for a class, a lower-case one for a function, as the book writes them."""
    if name in book:
        return name
    key = _book_key(name)
    found = sorted((b for b in book if _book_key(b) == key), key=lambda b: b[:1].isupper() != name[:1].isupper())
    return found[0] if found else None


def _book_key(name):
    key = re.sub(r"_?\d+$", "", name).lower().replace("_", "")
    return key[: -len("layer")] if key.endswith("layer") and len(key) > len("layer") else key


def _no_progress_bar(iterable=None, *args, **kwargs):
    """``tqdm(iterable)`` without the bar: the iterable itself."""
    return iterable
