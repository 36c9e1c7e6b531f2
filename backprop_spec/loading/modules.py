"""The module names a submission's files run as, and how their relative imports resolve."""
import keyword
import os
import re


def module_name(relative):
    """``("common.layers", False)`` for ``common/layers.py``; ``("common", True)`` for ``common/__init__.py``.

    Every part is made a valid identifier (``two-layer net.ipynb`` runs as ``two_layer_net``), so that
    each file can be registered as a module even when its name could not be imported.
    """
    *folders, filename = relative.split("/")
    stem, suffix = os.path.splitext(filename)
    is_package = suffix.lower() == ".py" and stem == "__init__"
    parts = folders if is_package else folders + [stem]
    return ".".join(safe_identifier(part) for part in parts), is_package


def safe_identifier(text):
    identifier = re.sub(r"\W", "_", text)
    if identifier[:1].isdigit():
        identifier = "_" + identifier
    if not identifier.isidentifier():
        identifier = re.sub(r"[^A-Za-z0-9_]", "_", identifier) or "_"
    return identifier + "_" if keyword.iskeyword(identifier) else identifier


def enclosing_packages(module):
    """``["ch05", "ch05.sub"]`` for ``ch05.sub.net``."""
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def imported_module(module, is_package, node):
    """The absolute name of the module an ``ast.ImportFrom`` in ``module`` reads from; None if it escapes."""
    if node.level == 0:
        return node.module
    package = module.split(".") if is_package else module.split(".")[:-1]
    if node.level > len(package):
        return None
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else [])) or None
