"""The ``text`` report: what a person reads in a 100-column terminal.

One submission gets its detail, which fits about a screen: failing components first, each clause that lost
points with what went wrong, and a line for anything that passed or is missing (``verbose`` lists every
clause); a class gets a summary table, with the detail as well when it is small enough to read. Status
words are in capitals so that the report reads the same without colour.
"""
import textwrap

from backprop_spec.results import format_points

WIDTH = 100
DETAIL_LIMIT = 3  # a class larger than this gets only the summary table
SUBMISSION_COLUMN = 60
COUNTEREXAMPLE_LINES = 6  # of a counterexample in the detail that fits a screen

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


def clause_details(clause, indent, limit=None):
    """The message, counterexample and hint under a clause that did not pass; with ``limit``, a counterexample
    of more lines than that is cut short (a network's parameters run to dozens)."""
    lines = wrap(clause.message, indent)
    for label, value in (("counterexample", clause.counterexample), ("hint", clause.hint)):
        if "\n" in value:
            shown = wrap(value, indent + "  ")
            if limit and label == "counterexample" and len(shown) > limit:
                shown = shown[:limit] + [f"{indent}  ... ({len(shown) - limit} more lines: -v shows them)"]
            lines += [f"{indent}{label}:", *shown]
        elif value:
            lines += wrap(f"{label}: {value}", indent)
    return lines


def component_order(result):
    """Components as the result lists them, then any that only its clauses name."""
    return list(dict.fromkeys([*result.components, *(c.component for c in result.clauses)]))


def clause_lines(clause, id_width, points_width, color):
    """A clause's status, id, points and wrapped title, then what went wrong if it did not pass."""
    lines = clause_head(clause, id_width, points_width, color)
    if clause.status != "pass":
        lines += clause_details(clause, " " * 11)
    return lines


def clause_head(clause, id_width, points_width, color):
    """A clause's status, id, points and wrapped title."""
    head = (
        f"  {paint(clause.status.upper(), 7, color)}  {clause.id:<{id_width}}  "
        f"{fraction(clause.score, clause.max_score):<{points_width}}  "
    )
    title_indent = " " * (15 + id_width + points_width)  # the width of ``head`` without colour
    title = textwrap.wrap(clause.title, WIDTH, initial_indent=title_indent, subsequent_indent=title_indent)
    return [head + (title[0].lstrip() if title else ""), *title[1:]]


def coverage_text(figure):
    """``coverage 11/12 lines (missed: line 45)``: what ``grade --coverage`` measured of a component."""
    text = f"coverage {figure['run']}/{figure['lines']} lines"
    return text + (f" (missed: {figure['missed_where']})" if figure["missed_where"] else "")


STATUS_ORDER = {"fail": 0, "timeout": 0, "crash": 0, "pass": 1, "missing": 2}


def component_lines(result, color, verbose=False):
    """Per component a line with status, points and where it was found, failing components first.

    A failing component lists what went wrong in each clause that lost points, a mistake already explained
    once in a line of its own; the clauses it passes, and an extended clause that carries no points, in
    one line. A component that passes, or that is missing, is one line. ``verbose`` lists every clause.
    """
    names = component_order(result)
    if not verbose:
        names.sort(key=lambda name: STATUS_ORDER.get(getattr(result.components.get(name), "status", "fail"), 0))
    name_width = max(map(len, names), default=0)
    id_width = max((len(c.id) for c in result.clauses), default=0)
    points_width = max((len(fraction(c.score, c.max_score)) for c in result.clauses), default=0)
    totals = {name: fraction(c.score, c.max_score) for name, c in result.components.items()}
    totals_width = max(map(len, totals.values()), default=0)
    explained = {}  # hint -> the clause whose detail gave it
    lines = []
    for name in names:
        component = result.components.get(name)
        if component is None:
            lines.append(name)
        else:
            if component.found_as:
                found = component.found_as + (f" ({component.note})" if component.note else "")
            else:
                found = component.note or "not defined"
            if component.coverage:
                found += f", {coverage_text(component.coverage)}"
            status = paint(component.status.upper(), 7, color)
            lead = f"{name:<{name_width}}  {status}  {totals[name]:<{totals_width}}  "
            indent = " " * (name_width + 13 + totals_width)  # the width of ``lead`` without colour
            found = textwrap.wrap(found, WIDTH, initial_indent=indent, subsequent_indent=indent)
            lines += [lead + found[0].lstrip(), *found[1:]]
        clauses = [c for c in result.clauses if c.component == name]
        if verbose:
            lines += [line for c in clauses for line in clause_lines(c, id_width, points_width, color)]
        elif component is None or component.status not in ("pass", "missing"):
            lines += _failing_component(clauses, id_width, points_width, color, explained)
    return lines


def _failing_component(clauses, id_width, points_width, color, explained):
    """The clauses of a failing component: those that lost points in detail, the others in a line each kind."""
    lines = []
    for clause in clauses:
        if not clause.costs_points:
            continue
        if clause.hint and clause.hint in explained:
            lines += clause_head(clause, id_width, points_width, color)
            lines += wrap(f"same mistake as {explained[clause.hint]}: {clause.hint}", " " * 11)
            continue
        lines += clause_head(clause, id_width, points_width, color)
        lines += clause_details(clause, " " * 11, limit=COUNTEREXAMPLE_LINES)
        if clause.hint:
            explained[clause.hint] = clause.id
    passed = [c.id for c in clauses if c.status == "pass"]
    unscored = [c.id for c in clauses if c.status != "pass" and not c.costs_points]
    if passed:
        lines += wrap(f"passes {', '.join(passed)}", "  ")
    if unscored:
        lines += wrap(f"fails {', '.join(unscored)}, which carry no points in this tier (-v shows why)", "  ")
    return lines


def submission_detail(result, *, spec_version, tier, color, verbose=False):
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
        lines += ["", *component_lines(result, color, verbose)]
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


def write(results, *, spec_version, tier, color=False, verbose=False):
    if not results:
        return "no submissions\n"
    lines = []
    if len(results) <= DETAIL_LIMIT:
        for r in results:
            lines += [*submission_detail(r, spec_version=spec_version, tier=tier, color=color, verbose=verbose),
                      ""]
    if len(results) > 1:
        lines += summary_table(results, color)
    return "\n".join(lines).rstrip("\n") + "\n"
