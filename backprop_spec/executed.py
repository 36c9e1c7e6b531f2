"""What ``grade --coverage`` brings back from grading a submission: its units as they ran, and the lines run.

Plain data, so that it travels from a grading process (``--jobs``, Dask) to the one that writes the HTML.
"""
from dataclasses import dataclass, field
from typing import Dict, List, Tuple


@dataclass
class RunUnit:
    filename: str  # as the student named it: "layers.py", "ch05/two_layer_net.py", "alice.ipynb"
    source: str  # see source_as_run
    lines: List[int]  # the lines that ran, in the unit's numbering
    line_map: List[str] = field(default_factory=list)  # notebooks: entry i places unit line i + 1


@dataclass
class Executed:
    units: List[RunUnit]
    spans: Dict[str, Tuple[str, int, int]]  # component -> (filename, first line, last line) of its definition


def executed(loaded, lines, found):
    """The record of ``loaded`` (a LoadedSubmission) given the worker's ``lines`` and ``found`` components."""
    units = [RunUnit(u.filename, source_as_run(u), lines.get(u.filename, []), list(u.line_map)) for u in loaded.units]
    by_filename = {u.filename: u for u in loaded.units}
    spans = {}
    for component, where in found.items():
        filename, _, name = (where.found_as or "").rpartition(":")
        span = definition_span(by_filename[filename], name) if filename in by_filename else None
        if span:
            spans[component] = (filename, *span)
    return Executed(units, spans)


def source_as_run(unit):
    """The unit's chunks at their own lines and blank lines elsewhere: exactly what the worker ran.

    Statements the loader left out never ran, so they are not there to be counted as missed. Statements
    that shared a line (``x = 1; y = 2``, an import of several names) share it again.
    """
    lines = {}
    for chunk in sorted(unit.chunks, key=lambda c: c.line):
        for number, text in enumerate(chunk.code.split("\n"), start=chunk.line):
            lines[number] = f"{lines[number]}; {text}" if number in lines else text
    return "".join(lines.get(number, "") + "\n" for number in range(1, max(lines, default=0) + 1))


def definition_span(unit, name):
    """The first and last line of the chunk that last binds ``name``, a definition rather than an alias if
    there is one: the code that is graded as the component. None when no chunk binds it."""
    chunks = [c for c in unit.chunks if name in c.names]
    chunks = [c for c in chunks if c.kind == "def"] or chunks
    if not chunks:
        return None
    last = max(chunks, key=lambda c: c.line)
    return last.line, last.line + last.code.count("\n")
