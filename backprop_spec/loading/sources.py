"""Turn a file's text into top-level statements: a Python file (keeping what parses) or a notebook's cells."""
from dataclasses import dataclass, field
from typing import List

from backprop_spec.loading.model import place
from backprop_spec.loading.names import COMPONENT_KINDS
from backprop_spec.loading.notebooks import cell_magic, code_cells, without_ipython_lines
from backprop_spec.loading.problems import LoadError
from backprop_spec.loading.salvage import describe, salvage_statements
from backprop_spec.loading.statements import SourceSyntaxError, Statement, parse_statements
from spec.i18n import _

# Parsing costs about 400 MB and 3 s per million characters of the densest code (``x = 1`` repeated), in
# the grader's own process; hand-written sources are a hundred times smaller, so more is refused unparsed.
MAX_CODE_CHARS = 500_000


@dataclass
class ParsedSource:
    statements: List[Statement]
    line_map: List[str] = field(default_factory=list)  # notebooks: entry i places unit line i + 1
    warnings: List[str] = field(default_factory=list)
    dropped: List[str] = field(default_factory=list)  # IPython lines taken out
    code_chars: int = 0
    unparsed: list = field(default_factory=list)  # salvage.Unparsed: top-level chunks that do not parse


def parse_python_file(text, shown):
    """The statements of a .py file; if it does not parse as a whole, those of the chunks that do."""
    _check_code_size(len(text), shown)
    try:
        return ParsedSource(parse_statements(text), code_chars=len(text))
    except SourceSyntaxError as failure:
        statements, unparsed = salvage_statements(text)
        if not statements and not any(_is_component(u.name) for u in unparsed):
            raise LoadError(_("{shown}: no statement could be parsed: {failure}").format(
                shown=shown, failure=failure)) from None
        warnings = [describe(u, shown, lambda line: _("line {line}").format(line=line)) for u in unparsed]
        return ParsedSource(statements, warnings=warnings, code_chars=len(text), unparsed=unparsed)


def parse_notebook(text, shown):
    """The statements of a notebook's code cells, one after the other in the unit's line numbering.

    IPython lines are taken out and a cell that starts with a cell magic (``%%time``) is skipped whole; of
    a cell that does not parse, the top-level statements that parse on their own are kept.
    """
    cells, warnings = code_cells(text, shown)
    parsed = ParsedSource([], warnings=warnings, code_chars=sum(len(cell.source) for cell in cells))
    _check_code_size(parsed.code_chars, shown)
    for cell in cells:
        magic = cell_magic(cell.source)
        if magic:
            parsed.warnings.append(
                _("{shown} cell {number}: `{magic}` makes it an IPython cell, not Python; the cell is skipped").format(
                    shown=shown, number=cell.number, magic=magic)
            )
            continue
        source, removed = without_ipython_lines(cell.source)
        parsed.dropped += [f"cell {cell.number}, line {number}: {line}" for number, line in removed]
        offset = len(parsed.line_map)
        parsed.line_map += [_("cell {cell}, line {line}").format(cell=cell.number, line=n)
                            for n in range(1, source.count("\n") + 2)]
        try:
            parsed.statements += parse_statements(source, line_offset=offset)
        except SourceSyntaxError:
            statements, unparsed = salvage_statements(source, line_offset=offset)
            parsed.statements += statements
            parsed.unparsed += unparsed
            parsed.warnings += [describe(u, shown, lambda line: place(parsed.line_map, line)) for u in unparsed]
    if parsed.unparsed and not parsed.statements and not any(_is_component(u.name) for u in parsed.unparsed):
        first = parsed.unparsed[0]
        raise LoadError(_("{shown}: no cell could be parsed; the first error is in {where}: {error}").format(
            shown=shown, where=place(parsed.line_map, first.line), error=first.error))
    return parsed


def _is_component(name):
    """Whether a definition that does not parse would be a graded component (then there is something to grade)."""
    return name.lower() in {component.lower() for component in COMPONENT_KINDS}


def _check_code_size(chars, shown):
    if chars > MAX_CODE_CHARS:
        raise LoadError(
            _("{shown} holds {chars:,} characters of code, over the limit of {limit:,} for one file; hand in "
              "the code without data pasted into it").format(shown=shown, chars=chars, limit=MAX_CODE_CHARS)
        )
