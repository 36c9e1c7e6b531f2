"""What a unit imports, and which names it uses without binding them: what the worker's stand-ins need.

A submission often imports the book's helpers from a module it does not contain (``from functions import
softmax``); the worker then serves the book's helpers in its place, and the grader says which names were
served. A star import from such a module brings only the names the unit uses and never binds.
"""
import ast
import builtins
import collections
import symtable
from dataclasses import dataclass
from typing import List

from backprop_spec.loading.modules import enclosing_packages, imported_module

BUILTIN_NAMES = frozenset(dir(builtins)) | {"__name__", "__file__", "__doc__", "__builtins__", "__spec__"}


@dataclass
class ImportRecord:
    """One ``import`` or ``from ... import`` in a unit's code, wherever it stands."""

    module: str  # absolute: "functions", "ch04.gradient_2d"
    names: List[str]  # the names taken from it; ["*"] for a star import; [] for ``import module``
    where: str  # "line 3", "cell 2, line 1"
    code: str  # the statement, as written


IMPORT_FAILURES = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


def unit_imports(statements, module, is_package, where):
    """Every import in ``statements`` (top-level statements, searched down into functions and classes) that the
    code needs: one in a ``try`` that catches its failure is left to fail as it did when the student ran it
    (``try: import cupy as np`` / ``except ImportError: import numpy as np``), with no stand-in in its place."""
    records = []
    for statement in statements:
        for node in _needed_imports(statement.node):
            if isinstance(node, ast.Import):
                records += [ImportRecord(alias.name, [], where(node.lineno), _shown(node)) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                source = imported_module(module, is_package, node)
                if source:
                    names = [alias.name for alias in node.names]
                    records.append(ImportRecord(source, names, where(node.lineno), _shown(node)))
    return records


def _needed_imports(root):
    pending = collections.deque([root])  # breadth first, as ast.walk
    while pending:
        node = pending.popleft()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.Try) and any(_catches_import_failure(h) for h in node.handlers):
            pending.extend([*node.handlers, *node.orelse, *node.finalbody])
        else:
            pending.extend(ast.iter_child_nodes(node))


def _catches_import_failure(handler):
    if handler.type is None:
        return True
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(kind, ast.Name) and kind.id in IMPORT_FAILURES for kind in caught)


def imported_modules(records):
    """The modules the records import, with the packages around them."""
    found = set()
    for record in records:
        found.add(record.module)
        found.update(enclosing_packages(record.module))
    return found


def free_names(code, filename):
    """Names that ``code`` reads as globals but never binds at module level (builtins left out).

    Read from the symbol table, so a function's own parameters and locals never count.
    """
    try:
        top = symtable.symtable(code, filename, "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    bound = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    used, pending = set(), [top]
    while pending:
        table = pending.pop()
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (table is top or symbol.is_global()):
                used.add(symbol.get_name())
        pending.extend(table.get_children())
    return sorted(used - bound - BUILTIN_NAMES)


def _shown(node):
    text = ast.unparse(node)
    return text if len(text) <= 80 else text[:79] + "…"
