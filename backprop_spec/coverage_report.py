"""``grade --coverage DIR``: coverage.py's HTML of the lines the spec ran, per submission, and a figure per
component, so that an instructor sees the code no clause ever touched.

``DIR/<submission>/`` holds ``source/`` (each unit as it ran; a notebook as ``NAME.ipynb.py``),
``.coverage`` (coverage.py's data: ``coverage report`` works there) and ``html/``; ``DIR/index.html``
lists the class.
"""
import html
import os
import re
import tempfile
from collections import Counter

import coverage

from backprop_spec.loading.model import place
from backprop_spec.reports.common import first_line
from backprop_spec.results import format_points

INDEX = "index.html"


class CoverageWriter:
    """Writes each graded submission's folder as its result comes in, then the index with :meth:`finish`.

    Raises OSError at once when ``directory`` cannot be written.
    """

    def __init__(self, directory, paths):
        self.directory = os.path.abspath(directory)
        os.makedirs(self.directory, exist_ok=True)
        with tempfile.TemporaryFile(dir=self.directory):
            pass  # a folder that exists but is not writable fails here, not after grading
        self.folders = folder_names(paths)
        self.rows = {}  # folder -> a row of the index

    def add(self, result):
        """Write ``result``'s folder and put a coverage figure on each component measured; never raises for
        one submission, so that the class goes on."""
        folder = self.folders[result.submission]
        if result.executed is None:  # it did not load, or its grading failed
            self.rows[folder] = _row(result, None, "not measured: " + first_line(result.error or ""))
            return
        try:
            totals, figures = write_submission(os.path.join(self.directory, folder), result)
        except Exception as exc:  # a full disk, or coverage.py failing on one submission: this one only
            self.rows[folder] = _row(result, None, f"not written: {type(exc).__name__}: {exc}")
            return
        for name, figure in figures.items():
            if name in result.components:
                result.components[name].coverage = figure
        self.rows[folder] = _row(result, f"{folder}/html/index.html", _totals_text(totals, result.executed))

    def pages(self):
        """Submission -> the path of its coverage page, for each submission whose page was written."""
        return {row["submission"]: os.path.join(self.directory, row["link"])
                for row in self.rows.values() if row["link"]}

    def finish(self):
        """Write ``DIR/index.html``, the submissions in the order given, and return its path."""
        rows = [self.rows[folder] for folder in self.folders.values() if folder in self.rows]
        path = os.path.join(self.directory, INDEX)
        with open(path, "w", encoding="utf-8") as file:
            file.write(_index_html(rows))
        return path


def folder_names(paths):
    """A distinct folder name for each submission (as given): its file or folder name made safe, or its
    whole path where two submissions share a name (every student's ``submission.py``)."""
    distinct = list(dict.fromkeys(str(p) for p in paths))
    base = {p: _safe(os.path.basename(os.path.normpath(p))) for p in distinct}
    shared = Counter(base.values())
    names, taken = {}, {INDEX}
    for path in distinct:
        name = base[path] if shared[base[path]] == 1 else _safe(os.path.normpath(path))
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name}-{number}"
        taken.add(candidate)
        names[path] = candidate
    return names


def write_submission(folder, result):
    """Sources, data and HTML of one submission; returns ``(totals, figures)``.

    ``totals``: unit filename -> (statements, statements run); ``figures``: component -> its figure.
    """
    units = result.executed.units
    paths = {unit.filename: _write_source(folder, unit) for unit in units}
    data_file = os.path.join(folder, ".coverage")
    if os.path.exists(data_file):
        os.remove(data_file)  # CoverageData would add to an earlier run's lines
    data = coverage.CoverageData(basename=data_file)
    data.add_lines({paths[unit.filename]: unit.lines for unit in units})
    data.write()
    measured = coverage.Coverage(data_file=data_file, config_file=False)
    measured.load()
    title = f"{result.submission}: the lines the spec ran"
    measured.html_report(directory=os.path.join(folder, "html"), title=title)
    analyses = {unit.filename: measured.analysis2(paths[unit.filename]) for unit in units}
    totals = {name: (len(a[1]), len(a[1]) - len(a[3])) for name, a in analyses.items()}
    line_maps = {unit.filename: unit.line_map for unit in units}
    figures = {}
    for component, (filename, first, last) in result.executed.spans.items():
        _, statements, _, missing, _ = analyses[filename]
        figures[component] = figure(
            [n for n in statements if first <= n <= last], [n for n in missing if first <= n <= last],
            line_maps[filename],
        )
    return totals, figures


def figure(statements, missed, line_map):
    """What the report shows of a component: its statements, how many ran, and where the others are."""
    run = len(statements) - len(missed)
    return {
        "lines": len(statements),
        "run": run,
        "percent": round(100 * run / len(statements), 1) if statements else 100.0,
        "missed": sorted(missed),
        "missed_where": describe_lines(missed, line_map),
    }


def describe_lines(numbers, line_map=()):
    """Unit lines as the student finds them: "lines 45-47, 52", or in a notebook "cell 3, lines 2-4"."""
    places = {}  # "" for a file, "cell 3" in a notebook -> line numbers there
    for number in sorted(numbers):
        cell, _, line = place(line_map, number).rpartition(", line ")
        places.setdefault(cell, []).append(int(line) if line.isdigit() else number)
    return "; ".join(", ".join(filter(None, (cell, _ranges(lines)))) for cell, lines in places.items())


def _ranges(numbers):
    spans = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    noun = "line" if len(numbers) == 1 else "lines"
    return noun + " " + ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


def _write_source(folder, unit):
    name = unit.filename if unit.filename.endswith(".py") else unit.filename + ".py"
    path = os.path.join(folder, "source", *name.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(unit.source)
    return path


def _safe(text):
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "submission"


def _totals_text(totals, executed):
    statements = sum(n for n, _ in totals.values())
    run = sum(r for _, r in totals.values())
    text = f"{run}/{statements} lines run"
    cells = [f"{unit.filename} is shown as {unit.filename}.py: {_cell_lines(unit.line_map)}"
             for unit in executed.units if unit.line_map]
    return "; ".join([text, *cells])


def _cell_lines(line_map):
    """"cell 1 = lines 1-4, cell 3 = lines 5-9": where a notebook's cells are in its unit."""
    cells = {}
    for number, where in enumerate(line_map, start=1):
        cells.setdefault(where.rpartition(", line ")[0], []).append(number)
    return ", ".join(f"{cell} = {_ranges(lines)}" for cell, lines in cells.items())


def _row(result, link, note):
    return {"submission": result.submission, "link": link, "note": note,
            "score": f"{format_points(result.score)}/{format_points(result.max_score)}"}


def _index_html(rows):
    cells = []
    for row in rows:
        name = html.escape(row["submission"])
        if row["link"]:
            name = f'<a href="{html.escape(row["link"])}">{name}</a>'
        cells.append(f"<tr><td>{name}</td><td>{row['score']}</td><td>{html.escape(row['note'])}</td></tr>")
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>backprop-spec: the lines the spec ran"
        "</title>\n<style>body{font-family:sans-serif} td,th{padding:2px 12px;text-align:left}</style></head>\n"
        "<body><h1>The lines of each submission that the spec ran</h1>\n"
        "<table><tr><th>submission</th><th>score</th><th>coverage</th></tr>\n" + "\n".join(cells) + "\n</table>"
        "</body></html>\n"
    )
