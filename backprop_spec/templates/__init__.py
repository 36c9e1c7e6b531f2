"""Files that ``backprop-spec gradescope`` and ``backprop-spec github-workflow`` fill in and write.

A template marks each value to fill in as ``@@{name}``: ``$`` is taken by the shell and by GitHub's
``${{ }}`` expressions.
"""
import string
from importlib import resources


class _Template(string.Template):
    delimiter = "@@"


def render(name, **values):
    """The text of template ``name`` with every ``@@{key}`` replaced by ``values[key]``."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return _Template(text).substitute(values)
