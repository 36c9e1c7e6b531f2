"""Read a Jupyter notebook's code cells with nbformat, and take out what only IPython understands."""
import json
import re
from dataclasses import dataclass

from backprop_spec.loading.continuation import LineScanner
from backprop_spec.loading.problems import LoadError
from spec.i18n import _

IPYTHON_LINE = re.compile(
    r"\s*(?:[%!]"  # %matplotlib inline, !pip install numpy
    r"|[\w.]+(?:\s*,\s*[\w.]+)*\s*=\s*[%!]"  # files = !ls, t = %timeit -o f()
    r"|\?{1,2}[\w.]+\s*$|[\w.]+\?{1,2}\s*$)"  # ?np.sum, np.sum??
)


@dataclass
class Cell:
    number: int  # position among all the notebook's cells, from 1, as the student scrolls to it
    source: str


def code_cells(text, shown):
    """The code cells of a notebook (nbformat 4, or 3 converted), with warnings; LoadError if it is none."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(
            _("{shown} is not a valid notebook: its JSON is broken at line {lineno}, column {colno} ({msg})").format(
                shown=shown, lineno=error.lineno, colno=error.colno, msg=error.msg)
        ) from None
    except RecursionError:
        raise LoadError(_("{shown} is not a valid notebook: its JSON is nested too deeply").format(
            shown=shown)) from None
    if not isinstance(data, dict):
        raise LoadError(_("{shown} is not a notebook: its JSON is a {type}, not an object").format(
            shown=shown, type=type(data).__name__))
    notebook, warnings = _as_version_4(data, shown)
    found = []
    for number, cell in enumerate(notebook.cells, 1):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            if isinstance(source, str):
                found.append(Cell(number, source.replace("\r\n", "\n").replace("\r", "\n")))
            else:
                warnings.append(_("{shown} cell {number}: its source is not text; the cell is skipped").format(
                    shown=shown, number=number))
    if not any(cell.source.strip() for cell in found):
        raise LoadError(_("{shown} has no code in its cells: there is nothing to grade").format(shown=shown))
    return found, warnings


def _as_version_4(data, shown):
    import nbformat  # here, not at the top: it brings jsonschema, a tenth of a second a .py submission need not pay

    version = data.get("nbformat")
    if version == 4:
        _check_cells(data.get("cells"), shown)
        try:
            return nbformat.versions[4].to_notebook_json(data), []
        except Exception as error:  # nbformat raises many kinds on malformed input
            raise LoadError(_("{shown} is not a valid notebook: {reason}").format(
                shown=shown, reason=_reason(error))) from None
    if version == 3:
        try:
            notebook = nbformat.versions[3].to_notebook_json(data)
            nbformat.validate(notebook, version=3)
            notebook = nbformat.convert(notebook, 4)
        except Exception as error:
            raise LoadError(
                _("{shown} is an nbformat 3 notebook that cannot be converted to nbformat 4 ({reason}); open it in "
                  "Jupyter and save it again").format(shown=shown, reason=_reason(error))
            ) from None
        return notebook, [_("{shown} is an old nbformat 3 notebook; it was converted to nbformat 4 to read it").format(
            shown=shown)]
    if version is None:
        raise LoadError(_("{shown} is not a notebook: its JSON has no nbformat version").format(shown=shown))
    raise LoadError(_("{shown} uses nbformat {version!r}, which cannot be read here (expected 3 or 4)").format(
        shown=shown, version=version))


def _check_cells(cells, shown):
    if not isinstance(cells, list):
        raise LoadError(_("{shown} is not a valid notebook: it has no list of cells").format(shown=shown))
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            raise LoadError(_("{shown} is not a valid notebook: its cell {number} is not a JSON object").format(
                shown=shown, number=number))


def _reason(error):
    """What nbformat's exception says, in one line."""
    text = str(error).strip()
    name = text.strip("'")
    if isinstance(error, (KeyError, AttributeError)) and name.isidentifier():
        return _("it has no '{name}' entry").format(name=name)  # how nbformat reports a missing key
    return text.split("\n")[0] if text else type(error).__name__


def cell_magic(source):
    """The ``%%time`` line that makes the whole cell IPython, or None."""
    first = next((line.strip() for line in source.split("\n") if line.strip()), "")
    return first if first.startswith("%%") else None


def without_ipython_lines(source):
    """The cell's source with IPython-only lines blanked (``pass`` where indented), and those lines.

    Line numbers stay as in the cell. A line that continues a statement (``% value)`` inside brackets)
    is Python, not a magic.
    """
    scanner = LineScanner()
    lines, removed = [], []
    for number, line in enumerate(source.split("\n"), 1):
        if not scanner.continues and IPYTHON_LINE.match(line):
            indent = line[: len(line) - len(line.lstrip())]
            lines.append(indent + "pass" if indent else "")
            removed.append((number, line.strip()))
        else:
            scanner.feed(line)
            lines.append(line)
    return "\n".join(lines), removed
