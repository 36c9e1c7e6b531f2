"""Run a submission's units as modules in the worker, chunk by chunk, noting each definition the student made.

Each chunk (one top-level statement, as ``backprop_spec.loading`` cut them) runs on its own: one that raises, even
``SystemExit`` or ``KeyboardInterrupt``, costs only a warning. A class or function is noted the moment its
chunk has run, so a later ``from common.layers import *`` cannot swap the book's class in for the student's.
"""

import importlib
import sys
import types

import numpy as np

from spec.i18n import _

MESSAGE_LIMIT = 300


class Execution:
    """The units of one submission, run here; ``definitions`` and ``warnings`` tell what came of it.

    Units are plain dicts: module, filename, is_package, needs_numpy_alias, free_names and chunks.
    """

    def __init__(self, units, finder, helpers, standins):
        self.units = units  # plain dicts: module, filename, is_package, needs_numpy_alias, free_names, chunks
        self.finder = finder
        self.helpers = helpers
        self.standins = standins
        self.definitions = {}  # (module, name) -> the student's class or function
        self.namespaces = {}  # module -> its namespace
        self.warnings = []

    def run(self):
        """Run every unit (each one once, whether imported by another or not) and report what it defined."""
        for unit in self.units:
            self.finder.add(unit["module"], unit["filename"], self._runner(unit), unit["is_package"])
        for unit in self.units:
            name = unit["module"]
            if name in sys.modules and name not in self.namespaces:
                self.warnings.append(
                    _("{file} has the name of a module the grader already uses ({module}); it was run on its own, "
                      "and `import {module}` still gives the installed module: rename the file").format(
                        file=unit["filename"], module=name)
                )
                self._run_unit(unit, types.ModuleType(name))
                continue
            try:
                importlib.import_module(name)
            except BaseException as exc:  # a parent package that cannot be set up, for one
                self.warnings.append(_("{file} could not be run: {error}").format(
                    file=unit["filename"], error=_describe(exc)))
        return self.report()

    def report(self):
        """Plain data for the grader: the student's definitions and the names bound to the book's helpers."""
        definitions = []
        for (module, name), value in self.definitions.items():
            origin = self.helpers.origin(value)
            definitions.append(
                {
                    "module": module,
                    "name": name,
                    "kind": _kind(value),
                    "helper": list(origin) if origin else None,
                }
            )
        helper_names = []
        for module, namespace in self.namespaces.items():
            for name, value in list(namespace.items()):
                origin = _kind(value) and self.helpers.origin(value)
                if origin and origin[1] == "imported":
                    helper_names.append({"module": module, "name": name, "kind": _kind(value), "origin": origin[0]})
        return {
            "definitions": definitions,
            "helper_names": helper_names,
            "warnings": list(self.warnings),
            "standins": [module.__name__ for module in self.standins.made],
            "book_names": sorted(self.standins.book()),
        }

    def _runner(self, unit):
        return lambda module: self._run_unit(unit, module)

    def _run_unit(self, unit, module):
        namespace = module.__dict__
        self.namespaces[unit["module"]] = namespace
        if unit["needs_numpy_alias"]:
            namespace["np"] = np
        for chunk in unit["chunks"]:
            self.standins.serve(unit["free_names"])  # again before each chunk: one may have run another unit
            try:
                code = compile(
                    "\n" * (chunk["line"] - 1) + chunk["code"], unit["filename"], "exec", dont_inherit=True
                )
                exec(code, namespace)
            except BaseException as exc:  # SystemExit, KeyboardInterrupt and GeneratorExit included
                # A name a stand-in cannot give: the grader says which file would have (resolve.standin_warnings).
                if not (isinstance(exc, ImportError) and self.standins.is_standin(getattr(exc, "name", None))):
                    first_line = chunk["code"].strip().split("\n")[0][:80]
                    self.warnings.append(
                        _("{file} {where}: `{code}` raised {error}; it was skipped").format(
                            file=unit["filename"], where=chunk["where"], code=first_line, error=_describe(exc))
                    )
            self._note(unit, chunk["names"], namespace)

    def _note(self, unit, names, namespace):
        for name in names:
            value = dict.get(namespace, name)
            if _kind(value) and _made_in(value, unit):
                self.definitions[(unit["module"], name)] = value


def _kind(value):
    if isinstance(value, type):
        return "class"
    if isinstance(value, types.FunctionType):
        return "function"
    return None


def _made_in(value, unit):
    """Whether the class or function was created by this unit's code (not imported into it)."""
    if isinstance(value, type):
        return type.__dict__["__dict__"].__get__(value).get("__module__") == unit["module"]
    return types.FunctionType.__code__.__get__(value).co_filename == unit["filename"]


def _describe(exc):
    try:
        message = str(exc)
    except BaseException:
        message = "<a message that cannot be printed>"
    message = " ".join(message.split())[:MESSAGE_LIMIT]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
