"""The ``text`` report: what a person reads in a 100-column terminal.

One submission gets its full detail; a class gets a summary table, with the detail as well when it is
small enough to read. Status words are in capitals so that the report reads the same without colour.
"""
import textwrap

from backprop_spec.results import format_points

WIDTH = 100
DETAIL_LIMIT = 3  # a class larger than this gets only the summary table
SUBMISSION_COLUMN = 60

_RED, _GREEN, _YELLOW, _DIM = "31", "32", "33", "2"
_COLOURS = {
    "PASS": _GREEN,
    "FULL MARKS": _GREEN,
    "FAIL": _RED,
    "MISSING": _RED,
    "ERROR": _RED,
    "TIMEOUT": _YELLOW,
    "CRASH": _YELLOW,
    "SKIPPED": _DIM,
}


def paint(word, width=0, color=False):
    """``word`` padded to ``width``, in its ANSI colour when ``color`` is set (padding stays outside)."""
    padding = " " * max(0, width - len(word))
    code = _COLOURS.get(word, _RED if word.endswith("FAILING") else None)
    if color and code:
        return f"\x1b[{code}m{word}\x1b[0m{padding}"
    return word + padding


def wrap(text, indent):
    """Each line of ``text`` indented, and wrapped only where too long, so that arrays keep their shape."""
    lines = []
    for line in text.splitlines():
        if len(indent) + len(line) <= WIDTH:
            lines.append((indent + line).rstrip())
        else:
            lines += textwrap.wrap(line, WIDTH, initial_indent=indent, subsequent_indent=indent)
    return lines


def fraction(score, max_score):
    return f"{format_points(score)}/{format_points(max_score)}"


def status_word(result):
    if result.error:
        return "ERROR"
    if result.full_marks:
        return "FULL MARKS"
    return f"{len(result.failing)} FAILING"


def clause_details(clause, indent):
    """The message, counterexample and hint under a clause that did not pass."""
    lines = wrap(clause.message, indent)
    for label, value in (("counterexample", clause.counterexample), ("hint", clause.hint)):
        if "\n" in value:
            lines += [f"{indent}{label}:", *wrap(value, indent + "  ")]
        elif value:
            lines += wrap(f"{label}: {value}", indent)
    return lines


def component_order(result):
    """Components as the result lists them, then any that only its clauses name."""
    return list(dict.fromkeys([*result.components, *(c.component for c in result.clauses)]))


def clause_lines(clause, id_width, points_width, color):
    """A clause's status, id, points and wrapped title, then what went wrong if it did not pass."""
    head = (
        f"  {paint(clause.status.upper(), 7, color)}  {clause.id:<{id_width}}  "
        f"{fraction(clause.score, clause.max_score):<{points_width}}  "
    )
    title_indent = " " * (15 + id_width + points_width)  # the width of ``head`` without colour
    title = textwrap.wrap(clause.title, WIDTH, initial_indent=title_indent, subsequent_indent=title_indent)
    lines = [head + (title[0].lstrip() if title else ""), *title[1:]]
    if clause.status != "pass":
        lines += clause_details(clause, " " * 11)
    return lines


def coverage_text(figure):
    """``coverage 11/12 lines (missed: line 45)``: what ``grade --coverage`` measured of a component."""
    text = f"coverage {figure['run']}/{figure['lines']} lines"
    return text + (f" (missed: {figure['missed_where']})" if figure["missed_where"] else "")


def component_lines(result, color):
    """Per component a line with status, points and where it was found, followed by its clauses."""
    names = component_order(result)
    name_width = max(map(len, names), default=0)
    id_width = max((len(c.id) for c in result.clauses), default=0)
    points_width = max((len(fraction(c.score, c.max_score)) for c in result.clauses), default=0)
    totals = {name: fraction(c.score, c.max_score) for name, c in result.components.items()}
    totals_width = max(map(len, totals.values()), default=0)
    lines = []
    for name in names:
        component = result.components.get(name)
        if component is None:
            lines.append(name)
        else:
            found = component.found_as or "not defined"
            if component.note:
                found += f" ({component.note})"
            if component.coverage:
                found += f", {coverage_text(component.coverage)}"
            status = paint(component.status.upper(), 7, color)
            lines += wrap(f"{name:<{name_width}}  {status}  {totals[name]:<{totals_width}}  {found}", "")
        for clause in result.clauses:
            if clause.component == name:
                lines += clause_lines(clause, id_width, points_width, color)
    return lines


def submission_detail(result, *, spec_version, tier, color):
    points = "" if result.error else f"{fraction(result.score, result.max_score)} points, "
    lines = [
        f"{result.submission}: {points}{paint(status_word(result), 0, color)}, {result.duration_s:.1f}s "
        f"(backprop-spec {spec_version}, {tier} tier)"
    ]
    if result.error:
        lines.append(f"{paint('ERROR', 0, color)}: the submission could not be graded:")
        lines += wrap(result.error, "  ")
    for label, items in (("flags", result.flags), ("warnings", result.warnings)):
        if items:
            lines.append(f"{label}:")
            for item in items:
                lines += wrap(f"- {item}", "  ")
    if result.components or result.clauses:
        lines += ["", *component_lines(result, color)]
    return lines


def shorten(path, width):
    return path if len(path) <= width else "..." + path[len(path) - width + 3 :]


def summary_table(results, color):
    name_width = min(SUBMISSION_COLUMN, max(len("submission"), *(len(r.submission) for r in results)))
    points = [fraction(r.score, r.max_score) for r in results]
    points_width = max(len("score"), *map(len, points))
    words = [status_word(r) for r in results]
    word_width = max(len("status"), *map(len, words))
    lines = [f"{'submission':<{name_width}}  {'score':<{points_width}}  {'status':<{word_width}}  time"]
    for r, score, word in zip(results, points, words):
        lines.append(
            f"{shorten(r.submission, name_width):<{name_width}}  {score:<{points_width}}  "
            f"{paint(word, word_width, color)}  {r.duration_s:.1f}s"
        )
    mean = sum(r.score for r in results) / len(results)
    best = max(r.max_score for r in results)
    full = sum(r.full_marks for r in results)
    errors = sum(r.error is not None for r in results)
    lines += [
        "",
        f"{len(results)} submissions: mean score {fraction(round(mean, 2), best)}, "
        f"{full} with full marks, {errors} could not be graded",
    ]
    return lines


def write(results, *, spec_version, tier, color=False):
    if not results:
        return "no submissions\n"
    lines = []
    if len(results) <= DETAIL_LIMIT:
        for r in results:
            lines += [*submission_detail(r, spec_version=spec_version, tier=tier, color=color), ""]
    if len(results) > 1:
        lines += summary_table(results, color)
    return "\n".join(lines).rstrip("\n") + "\n"
