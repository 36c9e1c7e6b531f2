"""The ``text`` report: what a person reads in a 100-column terminal.

One submission gets its detail, which fits about a screen: failing components first, each clause that lost
points with what went wrong, and a line for anything that passed or is missing (``verbose`` lists every
clause); a class gets a summary table, with the detail as well when it is small enough to read. Status
words are in capitals so that the report reads the same without colour.
"""
import textwrap
import unicodedata

from backprop_spec.results import format_points
from spec import i18n
from spec.i18n import N_, _

WIDTH = 100
DETAIL_LIMIT = 3  # a class larger than this gets only the summary table
SUBMISSION_COLUMN = 60
COUNTEREXAMPLE_LINES = 6  # of a counterexample in the detail that fits a screen

_RED, _GREEN, _YELLOW, _DIM = "31", "32", "33", "2"
# A status, as the report writes it, and its colour.
STATUS_WORDS = {
    "pass": (N_("PASS"), _GREEN),
    "fail": (N_("FAIL"), _RED),
    "missing": (N_("MISSING"), _RED),
    "timeout": (N_("TIMEOUT"), _YELLOW),
    "crash": (N_("CRASH"), _YELLOW),
    "skipped": (N_("SKIPPED"), _DIM),
}


def width_of(text):
    """Columns ``text`` takes in a terminal: two for each wide (Chinese, Japanese, Korean) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def paint(word, width=0, color=False, code=None):
    """``word`` padded to ``width`` columns, in ANSI colour ``code`` when ``color`` is set (padding outside)."""
    padding = " " * max(0, width - width_of(word))
    if color and code:
        return f"\x1b[{code}m{word}\x1b[0m{padding}"
    return word + padding


def status(key, width=0, color=False):
    """The word for status ``key`` (``pass``, ``fail``...), in the current language, padded and painted."""
    word, code = STATUS_WORDS[key]
    return paint(_(word), width, color, code)


def status_width():
    return max(width_of(_(word)) for word, _code in STATUS_WORDS.values())


def hanging(lead, text, indent):
    """``text`` wrapped after ``lead`` (a line's start, as wide as ``indent`` without its colour), its other lines
    at ``indent``."""
    lines = wrap(text, indent) or [indent]
    return [lead + lines[0][len(indent):], *lines[1:]]


def wrap(text, indent):
    """Each line of ``text`` indented, and wrapped only where too long, so that arrays keep their shape."""
    lines = []
    for line in text.splitlines():
        if width_of(indent + line) <= WIDTH:
            lines.append((indent + line).rstrip())
        elif width_of(line) == len(line):
            lines += textwrap.wrap(line, WIDTH, initial_indent=indent, subsequent_indent=indent)
        else:
            lines += [indent + piece for piece in _wide_pieces(line, WIDTH - len(indent))]
    return lines


# Punctuation that Chinese, Japanese and Korean never put at the start of a line, and brackets never at its end.
NO_LINE_START = frozenset("。、，．：；！？）」』】〉》〕］｝・ー")
NO_LINE_END = frozenset("（「『【〈《〔［｛")


def _wide_pieces(line, width):
    """``line``, which holds wide characters, cut into pieces of at most ``width`` columns: after a space or a wide
    character (Chinese, Japanese and Korean break between any two, but not before 。 or after （), never inside a
    run of code or a number."""
    pieces, start = [], 0
    while width_of(line[start:]) > width:
        end, used, cut = start, 0, None
        while end < len(line) and used + width_of(line[end]) <= width:
            used += width_of(line[end])
            end += 1
            breakable = line[end - 1] == " " or width_of(line[end - 1]) == 2 or (
                end < len(line) and width_of(line[end]) == 2)
            if breakable and line[end - 1] not in NO_LINE_END and (end == len(line) or line[end] not in NO_LINE_START):
                cut = end
        cut = cut if cut and cut > start else end
        pieces.append(line[start:cut].rstrip())
        start = cut
        while start < len(line) and line[start] == " ":
            start += 1
    return pieces + [line[start:]] if start < len(line) else pieces


def fraction(score, max_score):
    return f"{format_points(score)}/{format_points(max_score)}"


def status_word(result, width=0, color=False):
    """``FULL MARKS``, ``3 FAILING`` or ``ERROR``: how a submission did, padded and painted."""
    if result.error:
        return paint(_("ERROR"), width, color, _RED)
    if result.full_marks:
        return paint(_("FULL MARKS"), width, color, _GREEN)
    return paint(_("{count} FAILING").format(count=len(result.failing)), width, color, _RED)


def clause_details(clause, indent, limit=None, more=None):
    """The message, counterexample and hint under a clause that did not pass; with ``limit``, a counterexample
    of more lines than that is cut short (a network's parameters run to dozens), with ``more`` (a message with a
    ``{count}``) to say where the rest is."""
    lines = wrap(clause.message, indent)
    for one_line, heading, value, may_cut in (
            (_("counterexample: {value}"), _("counterexample:"), clause.counterexample, True),
            (_("hint: {value}"), _("hint:"), clause.hint, False)):
        if "\n" in value:
            shown = wrap(value, indent + "  ")
            if limit and may_cut and len(shown) > limit:
                rest = (more or _("... ({count} more lines: -v shows them)")).format(count=len(shown) - limit)
                shown = shown[:limit] + [f"{indent}  {rest}"]
            lines += [f"{indent}{heading}", *shown]
        elif value:
            lines += wrap(one_line.format(value=value), indent)
    return lines


def component_order(result):
    """Components as the result lists them, then any that only its clauses name."""
    return list(dict.fromkeys([*result.components, *(c.component for c in result.clauses)]))


def clause_lines(clause, id_width, points_width, color):
    """A clause's status, id, points and wrapped title, then what went wrong if it did not pass."""
    lines = clause_head(clause, id_width, points_width, color)
    if clause.status != "pass":
        lines += clause_details(clause, " " * (4 + status_width()))
    return lines


def clause_head(clause, id_width, points_width, color):
    """A clause's status, id, points and wrapped title."""
    head = (
        f"  {status(clause.status, status_width(), color)}  {clause.id:<{id_width}}  "
        f"{fraction(clause.score, clause.max_score):<{points_width}}  "
    )
    return hanging(head, clause.title, " " * (8 + status_width() + id_width + points_width))


def coverage_text(figure):
    """``coverage 11/12 lines (missed: line 45)``: what ``grade --coverage`` measured of a component."""
    if figure["missed_where"]:
        return _("coverage {run}/{lines} lines (missed: {missed})").format(
            run=figure["run"], lines=figure["lines"], missed=figure["missed_where"])
    return _("coverage {run}/{lines} lines").format(run=figure["run"], lines=figure["lines"])


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
    name_width = max(map(len, names), default=0)  # component names: ASCII
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
                found = component.note or _("not defined")
            if component.coverage:
                found += f", {coverage_text(component.coverage)}"
            word = status(component.status, status_width(), color)
            lead = f"{name:<{name_width}}  {word}  {totals[name]:<{totals_width}}  "
            lines += hanging(lead, found, " " * (name_width + 6 + status_width() + totals_width))
        clauses = [c for c in result.clauses if c.component == name]
        if verbose:
            lines += [line for c in clauses for line in clause_lines(c, id_width, points_width, color)]
        elif component is None or component.status not in ("pass", "missing"):
            lines += _failing_component(clauses, id_width, points_width, color, explained)
    return lines


def explained_once(clause, id_width, points_width, color, explained, more=None):
    """A clause's head and, if it did not pass, what went wrong, its counterexample cut short (``more``: see
    :func:`clause_details`); a hint the same component already got in ``explained`` ((component, hint) -> clause)
    is a line naming that clause. Another component's clause with the same hint is explained again: a hint such as
    "a name ... is not defined" is the same for two different mistakes."""
    lines = clause_head(clause, id_width, points_width, color)
    if clause.status == "pass":
        return lines
    indent = " " * (4 + status_width())
    key = (clause.component, clause.hint)
    if clause.hint and key in explained:
        return lines + wrap(_("same mistake as {clause}: {hint}").format(clause=explained[key], hint=clause.hint),
                            indent)
    if clause.hint:
        explained[key] = clause.id
    return lines + clause_details(clause, indent, limit=COUNTEREXAMPLE_LINES, more=more)


def _failing_component(clauses, id_width, points_width, color, explained):
    """The clauses of a failing component: those that lost points in detail, the others in a line each kind."""
    lines = []
    for clause in clauses:
        if clause.costs_points:
            lines += explained_once(clause, id_width, points_width, color, explained)
    passed = [c.id for c in clauses if c.status == "pass"]
    unscored = [c.id for c in clauses if c.status != "pass" and not c.costs_points]
    if passed:
        lines += wrap(_("passes {clauses}").format(clauses=", ".join(passed)), "  ")
    if unscored:
        lines += wrap(_("fails {clauses}, which carry no points in this tier (-v shows why)").format(
            clauses=", ".join(unscored)), "  ")
    return lines


def submission_detail(result, *, spec_version, tier, color, verbose=False):
    """What one submission got, in its own language."""
    with i18n.language(result.language):
        if result.error:
            head = _("{submission}: {status}, {seconds:.1f}s (backprop-spec {version}, {tier} tier)")
        else:
            head = _("{submission}: {points} points, {status}, {seconds:.1f}s (backprop-spec {version}, {tier} tier)")
        lines = [head.format(submission=result.submission, points=fraction(result.score, result.max_score),
                             status=status_word(result, color=color), seconds=result.duration_s,
                             version=spec_version, tier=_(tier))]
        if result.error:
            error = status_word(result, color=color)
            lines.append(_("{error}: the submission could not be graded:").format(error=error))
            lines += wrap(result.error, "  ")
        for label, items in ((_("flags:"), result.flags), (_("warnings:"), result.warnings)):
            if items:
                lines.append(label)
                for item in items:
                    lines += wrap(f"- {item}", "  ")
        if result.components or result.clauses:
            lines += ["", *component_lines(result, color, verbose)]
    return lines


def shorten(path, width):
    """``path`` in at most ``width`` columns: its end, after "...", when it is longer."""
    if width_of(path) <= width:
        return path
    while width_of(path) > width - 3:
        path = path[1:]
    return "..." + path


def summary_table(results, color):
    headings = [_("submission"), _("score"), _("status"), _("time")]
    name_width = min(SUBMISSION_COLUMN, max(width_of(headings[0]), *(width_of(r.submission) for r in results)))
    points = [fraction(r.score, r.max_score) for r in results]
    points_width = max(width_of(headings[1]), *map(len, points))
    word_width = max(width_of(headings[2]), *(width_of(status_word(r)) for r in results))
    lines = ["  ".join(paint(heading, width) for heading, width in zip(headings, (name_width, points_width,
                                                                                  word_width, 0)))]
    for r, score in zip(results, points):
        lines.append(
            f"{paint(shorten(r.submission, name_width), name_width)}  {score:<{points_width}}  "
            f"{status_word(r, word_width, color)}  {r.duration_s:.1f}s"
        )
    mean = sum(r.score for r in results) / len(results)
    best = max(r.max_score for r in results)
    full = sum(r.full_marks for r in results)
    errors = sum(r.error is not None for r in results)
    lines += [
        "",
        _("{count} submissions: mean score {mean}, {full} with full marks, {errors} could not be graded").format(
            count=len(results), mean=fraction(round(mean, 2), best), full=full, errors=errors),
    ]
    return lines


def write(results, *, spec_version, tier, color=False, verbose=False, lang="en"):
    """The report: each submission's detail in its own language, the class summary in ``lang``."""
    with i18n.language(lang):
        return _write(results, spec_version, tier, color, verbose)


def _write(results, spec_version, tier, color, verbose):
    if not results:
        return _("no submissions") + "\n"
    lines = []
    if len(results) <= DETAIL_LIMIT:
        for r in results:
            lines += [*submission_detail(r, spec_version=spec_version, tier=tier, color=color, verbose=verbose),
                      ""]
    if len(results) > 1:
        lines += summary_table(results, color)
    return "\n".join(lines).rstrip("\n") + "\n"
