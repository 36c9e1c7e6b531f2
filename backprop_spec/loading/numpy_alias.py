"""Notice code that uses ``np`` without binding it, as excerpts copied out of a notebook often do."""
import ast

from backprop_spec.loading.statements import DEFINITION_NODES


def uses_np_unbound(nodes, star_import_brings_np):
    """Whether ``np`` is read but bound nowhere: no ``import numpy as np``, no assignment or argument
    named ``np``, and no star import that ``star_import_brings_np(node)`` says would bring it."""
    used = False
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Name) and node.id == "np":
                if not isinstance(node.ctx, ast.Load):
                    return False
                used = True
            elif _binds_np(node, star_import_brings_np):
                return False
    return used


def _binds_np(node, star_import_brings_np):
    if isinstance(node, ast.alias):
        return (node.asname or node.name.split(".")[0]) == "np"
    if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
        return star_import_brings_np(node)
    if isinstance(node, ast.arg):
        return node.arg == "np"
    return isinstance(node, DEFINITION_NODES) and node.name == "np"
