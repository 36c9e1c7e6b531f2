"""Choose the top-level statements of a unit that run: by default the definitions only.

Imports, classes, functions and the module constants they read are kept; demos, prints and training
loops at top level are dropped, so that grading never waits on a student's 10,000-step run. What is kept
runs in the order it was written, so every name resolves as it did when the student ran the code; the
worker notes each definition as it runs, so a later import cannot replace the class that is graded.
"""
import ast
from collections import defaultdict
from dataclasses import dataclass, field
from typing import List, Tuple

from backprop_spec.loading.imports import free_names
from backprop_spec.loading.names import COMPONENT_KINDS
from backprop_spec.loading.problems import listed
from backprop_spec.loading.statements import DEFINITION_NODES, Statement
from spec.i18n import _

IMPORT, DEF, CONST, OTHER = "import", "def", "const", "other"
NOTE = "note"  # a bare string: a docstring, or code "commented out" in triple quotes
IMPORT_NODES = (ast.Import, ast.ImportFrom)
IMPORT_OR_PASS = IMPORT_NODES + (ast.Pass,)
ASSIGNMENT_NODES = (ast.Assign, ast.AnnAssign, ast.AugAssign)
COMPONENT_NAMES = {name.lower() for name in COMPONENT_KINDS}
# Calls that load the dataset (and, in the book's dataset/mnist.py, download it when it is not there yet): an
# assignment that makes one is a demo's data, never a constant to keep, even when a training function reads it.
DATA_LOADERS = {"load_mnist", "init_mnist", "download_mnist"}
SHOWN_CODE_LIMIT = 80


@dataclass
class Selection:
    kept: List[Tuple[Statement, str]] = field(default_factory=list)  # (statement, kind), in run order
    dropped: List[str] = field(default_factory=list)


def select_statements(statements, *, exec_all, where, exported=()):
    """Pick what runs; ``where(line)`` locates a unit line for messages ("line 3", "cell 2, line 1").

    ``exported`` names what other modules import from this one by name: the statements binding them are kept.
    """
    kinds = [statement_kind(statement.node) for statement in statements]
    selection = Selection()
    if exec_all:
        selection.kept = [(s, OTHER if k == NOTE else k) for s, k in zip(statements, kinds)]
        return selection
    keep = _definitions_and_what_they_read(statements, kinds, exported)
    selection.kept = [(s, k) for s, k, wanted in zip(statements, kinds, keep) if wanted]
    selection.dropped = [
        f"{where(s.line)}: {shown_code(s.code)}"
        for s, k, wanted in zip(statements, kinds, keep)
        if not wanted and k != NOTE
    ]
    return selection


def statement_kind(node):
    if isinstance(node, IMPORT_NODES):
        return IMPORT
    if isinstance(node, DEFINITION_NODES):
        return DEF
    if isinstance(node, ast.Try) and all(isinstance(inner, IMPORT_OR_PASS) for inner in node.body):
        return IMPORT  # try: import ... except ImportError: ...
    if isinstance(node, ast.If) and not is_main_guard(node):
        inner = {statement_kind(statement) for statement in _inner_statements(node, through=ast.If)
                 if not _stands_beside_imports(statement)}
        if inner and inner <= {IMPORT, DEF}:  # if TYPE_CHECKING: ..., if GPU: import cupy as np (and a print)
            return DEF if DEF in inner else IMPORT
    if isinstance(node, ASSIGNMENT_NODES):
        return CONST
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return NOTE if isinstance(node.value.value, str) else OTHER
    return OTHER


def _stands_beside_imports(statement):
    """A print, a pass, a string or an assignment to an attribute: what may stand beside the imports of a switch
    (a switch that runs anything else, such as training, is not run while loading)."""
    if isinstance(statement, ast.Assign):
        return all(isinstance(target, (ast.Attribute, ast.Subscript)) for target in statement.targets)
    if isinstance(statement, ast.Expr):
        value = statement.value
        return isinstance(value, ast.Constant) or (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                                                   and value.func.id == "print")
    return isinstance(statement, ast.Pass)


def is_main_guard(node):
    """``if __name__ == "__main__":``, either way round."""
    test = node.test
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [side.id for side in sides if isinstance(side, ast.Name)]
    texts = [side.value for side in sides if isinstance(side, ast.Constant)]
    return names == ["__name__"] and texts == ["__main__"]


def bound_names(node):
    """The module-level names a top-level statement binds; "*" for a star import."""
    if isinstance(node, ast.Import):
        return [alias.asname or alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return [alias.asname or alias.name for alias in node.names]
    if isinstance(node, DEFINITION_NODES):
        return [node.name]
    if isinstance(node, ASSIGNMENT_NODES):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)]
    if isinstance(node, (ast.If, ast.Try)):
        inner = _inner_statements(node, through=(ast.If, ast.Try))
        return list(dict.fromkeys(name for statement in inner for name in bound_names(statement)))
    return []


def _inner_statements(node, through):
    """The statements inside an if or try statement, looking through nested ones of the ``through`` types.

    Iterative, not recursive: an ``elif`` chain of a thousand branches nests a thousand deep.
    """
    found, pending = [], [node]
    while pending:
        current = pending.pop()
        blocks = [current.body, current.orelse]
        if isinstance(current, ast.Try):
            blocks += [current.finalbody] + [handler.body for handler in current.handlers]
        for block in blocks:
            for statement in block:
                (pending if isinstance(statement, through) else found).append(statement)
    return found


def global_reads(statement):
    """The module-level names a top-level statement reads: a function's own locals and parameters are not."""
    return free_names(statement.code, "<statement>")


def shown_code(code):
    """The first line of a statement, short enough for a message."""
    first = code.strip().split("\n")[0]
    return first if len(first) <= SHOWN_CODE_LIMIT else first[: SHOWN_CODE_LIMIT - 1] + "…"


def _definitions_and_what_they_read(statements, kinds, exported=()):
    """Which statements to keep: imports, definitions, and the assignments they read, transitively.

    An assignment to a component's name (``softmax = my_softmax``) is kept too: it defines the component; one that
    loads the dataset is not. A top-level ``if`` or ``try`` that binds a name they read counts as an assignment
    (``if GPU: import cupy as np else: import numpy as np``). Only what a definition reads as a global counts: a
    ``grads = ...`` demo at top level is not kept because a method has a local variable ``grads``.
    """
    keep = [kind in (IMPORT, DEF) for kind in kinds]
    assignments_binding = defaultdict(list)
    wanted = list(exported)
    for index, (statement, kind) in enumerate(zip(statements, kinds)):
        if kind == CONST and _loads_data(statement.node):
            continue
        if kind == CONST or _switch(statement.node, kind):
            names = bound_names(statement.node)
            if kind == CONST and any(name.lower() in COMPONENT_NAMES for name in names):
                keep[index] = True
            for name in names:
                assignments_binding[name].append(index)
        if keep[index]:
            wanted += global_reads(statement)
    while wanted:
        for index in assignments_binding.pop(wanted.pop(), []):
            if not keep[index]:
                keep[index] = True
                wanted += global_reads(statements[index])
    return keep


def _loads_data(node):
    """Whether an assignment calls a loader of the dataset: ``(x_train, t_train), _ = load_mnist(...)``."""
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            function = call.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if name in DATA_LOADERS:
                return True
    return False


def _switch(node, kind):
    """A top-level ``if`` or ``try`` (not the main guard) with more than imports and definitions in it."""
    return kind == OTHER and isinstance(node, (ast.If, ast.Try)) and not (
        isinstance(node, ast.If) and is_main_guard(node))


def shadowing_warnings(statements, filename, where, replaces):
    """Warn when an import after a student's definition replaces it (``from common.layers import *``).

    ``replaces(node)`` says whether an import statement can bind the names of the book's components: a star
    import from the submission's own module or from the book's helpers can; one from a module that the
    worker stands in for brings only names the unit never defines, so it cannot.
    """
    defined = {}  # name -> line of the latest definition
    warnings = []
    for statement in statements:
        kind = statement_kind(statement.node)
        names = bound_names(statement.node)
        if kind == DEF:
            defined.update((name, statement.line) for name in names)
            continue
        if kind != IMPORT:
            continue
        replaced = [
            name for name in defined
            if name.lower() in COMPONENT_NAMES and (name in names or ("*" in names and replaces(statement.node)))
        ]
        if replaced:
            names_and_lines = listed([f"{name} ({where(defined[name])})" for name in replaced], limit=4)
            warnings.append(_(
                "{file} {where}: `{code}` comes after your definitions of {names}: code that runs after it uses "
                "what it imports, as when you ran the code; your own definitions are still the ones graded"
            ).format(file=filename, where=where(statement.line), code=shown_code(statement.code),
                     names=names_and_lines))
    return warnings
