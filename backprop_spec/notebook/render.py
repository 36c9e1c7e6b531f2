"""``check()``'s result as text (a terminal, a log, ``print``) and as an HTML table (Jupyter).

Everything the student's code said (messages, counterexamples) is escaped before it goes into HTML. Each
status is a word, coloured in HTML only as well as written.
"""
import html

from backprop_spec.notebook import words
from backprop_spec.reports import text
from backprop_spec.results import format_points
from spec.i18n import _, language

_COLOURS = {"pass": "#1a7f37", "fail": "#cf222e", "missing": "#cf222e", "timeout": "#9a6700", "crash": "#9a6700"}


# -- what both show ---------------------------------------------------------------------------------------------
def summary(result):
    """``3 checked: 2 passing, 1 failing``, for ``check()`` without argument."""
    if not result.components:
        return _(words.SUMMARY_NOTHING)
    passing = sum(c.status == "pass" for c in result.components.values())
    return _(words.SUMMARY).format(checked=len(result.components), passing=passing,
                                   failing=len(result.components) - passing)


def missing_line(result):
    """The components not found, in one line, each with why when there is more to say than "not defined"."""
    if not result.missing:
        return ""
    names = [_(words.MISSING_WHY).format(name=name, why=why) if why else name for name, why in result.missing.items()]
    return _(words.MISSING).format(names=", ".join(names))


def component_line(result, name):
    component = result.components[name]
    line = _(words.COMPONENT_LINE).format(name=name, status=_(words.STATUS[component.status]),
                                          score=format_points(component.score),
                                          max_score=format_points(component.max_score))
    student_name = result.names.get(name)
    if student_name and student_name != name:
        line = _(words.CHECKED_AS).format(line=line, name=student_name, component=name)
    return line


def printed_line(result):
    template = _(words.PRINTED) if len(result.printed) == result.printed_total else _(words.PRINTED_CUT)
    return template.format(total=result.printed_total, shown=len(result.printed))


def points(clause):
    return text.fraction(clause.score, clause.max_score)


def clauses_of(result, name):
    return [c for c in result.clauses if c.component == name]


# -- text -------------------------------------------------------------------------------------------------------
def to_text(result):
    with language(result.language):
        return _text(result)


def _text(result):
    lines = []
    if result.everything:
        lines.append(f"{summary(result)} ({_(words.TOOK).format(seconds=result.duration_s)})")
        if result.missing:
            lines.append(missing_line(result))  # one line, however long: a terminal folds it
    lines += [line for note in result.notes for line in text.wrap(note, "")]
    explained = {}  # (component, hint) -> the clause whose detail gave it, as the text report does
    for name in result.components:
        if lines:
            lines.append("")
        lines += text.wrap(component_line(result, name), "")
        if result.components[name].status == "missing":  # the book's helper: one reason, not a row per clause
            lines += text.wrap(result.components[name].note, "")
        else:
            lines += _component_clauses(clauses_of(result, name), explained)
    if result.printed_total:
        lines += ["", *text.wrap(printed_line(result), ""),
                  *("  " + line for line in result.printed.splitlines())]
    return "\n".join(lines)


def _component_clauses(clauses, explained):
    """Every clause of the component, and under each that did not pass what went wrong, as the text report says
    it: a mistake explained once, a long counterexample cut short."""
    id_width = max((len(c.id) for c in clauses), default=0)
    points_width = max((len(points(c)) for c in clauses), default=0)
    return [line for clause in clauses
            for line in text.explained_once(clause, id_width, points_width, False, explained, _(words.MORE_LINES))]


# -- HTML -------------------------------------------------------------------------------------------------------
_CELL = "text-align:left; vertical-align:top"  # Jupyter right-aligns table cells otherwise
_NARROW = _CELL + "; white-space:nowrap"  # status, clause and points: a column of CJK words breaks between characters
_PRE = "margin:0; white-space:pre-wrap; font-size:90%"
_NARROW_COLUMNS = 3


def to_html(result):
    with language(result.language):
        return _html(result)


def _html(result):
    parts = [f'<div class="backprop-spec-check" lang="{_e(result.language)}">']
    if result.everything:
        parts.append(f"<p><strong>{_e(summary(result))}</strong> "
                     f"({_e(_(words.TOOK).format(seconds=result.duration_s))})</p>")
        if result.missing:
            parts.append(f"<p>{_e(missing_line(result))}</p>")
    parts += [f"<p>{_e(note)}</p>" for note in result.notes]
    for name in result.components:
        status = result.components[name].status
        parts.append(f'<p style="{_colour(status)}"><strong>{_e(component_line(result, name))}</strong></p>')
        if status == "missing":
            parts.append(f"<p>{_e(result.components[name].note)}</p>")
        else:
            parts.append(_table(clauses_of(result, name)))
    if result.printed_total:
        parts.append(f"<details><summary>{_e(printed_line(result))}</summary>"
                     f'<pre style="{_PRE}">{_e(result.printed)}</pre></details>')
    parts.append("</div>")
    return "\n".join(parts)


def _table(clauses):
    head = "".join(f'<th scope="col" style="{_style(i)}">{_e(_(column))}</th>'
                   for i, column in enumerate(words.COLUMNS))
    rows = [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for clause in clauses:
        cells = [
            f'<span style="{_colour(clause.status)}; font-weight:bold">{_e(_(words.STATUS[clause.status]))}</span>',
            f"<code>{_e(clause.id)}</code>",
            _e(points(clause)),
            _e(clause.title),
            _pre(clause.message),
            _pre(clause.counterexample),
            _e(clause.hint),
        ]
        rows.append("<tr>" + "".join(f'<td style="{_style(i)}">{cell}</td>' for i, cell in enumerate(cells)) + "</tr>")
    rows.append("</tbody>")
    return "<table>\n" + "\n".join(rows) + "\n</table>"


def _style(column):
    return _NARROW if column < _NARROW_COLUMNS else _CELL


def _pre(value):
    return f'<pre style="{_PRE}">{_e(value)}</pre>' if value else ""


def _colour(status):
    return f"color:{_COLOURS[status]}" if status in _COLOURS else ""


def _e(value):
    return html.escape(str(value), quote=True)
