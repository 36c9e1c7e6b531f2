"""The ``csv`` report: a gradebook with a row per submission and a column per component (two with --coverage)."""
import csv
import io

from backprop_spec.reports.common import first_line
from backprop_spec.results import format_points


def component_columns(results):
    """Component names in the order they are first seen, so that the columns follow the catalogue."""
    names = {}
    for r in results:
        names.update(dict.fromkeys(r.components))
    return list(names)


def write(results, *, spec_version, tier):
    components = component_columns(results)
    # With grade --coverage, the percentage of each component's lines that ran, in columns after the others.
    measured = components if any(c.coverage for r in results for c in r.components.values()) else []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *components, "total", "max_score", "error",
                     *(f"{name} lines run %" for name in measured)])
    for r in results:
        scores = {name: format_points(c.score) for name, c in r.components.items()}
        cells = [scores.get(name, "") for name in components]
        totals = [format_points(r.score), format_points(r.max_score)]
        percents = {name: format_points(c.coverage["percent"]) for name, c in r.components.items() if c.coverage}
        writer.writerow([r.submission, *cells, *totals, first_line(r.error or ""),
                         *(percents.get(name, "") for name in measured)])
    return buffer.getvalue()
