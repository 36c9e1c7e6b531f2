"""The ``html`` report: the page an instructor opens after grading a class.

One self-contained file (styles inline, the chart as inline SVG, no script): the class at a glance, pass
rates, a submissions x clauses grid, the class's most common mistakes, what needs a look, and every
submission's text report. The numbers are those of ``backprop_spec.summary``, which the JSON report carries;
every word is in the templates (``templates/``), with Jinja2's autoescaping on, since submission names,
messages and hints are the students' and must never become markup.

Every word of the templates is a message of the catalog, ``{{ _("Submissions: {count}", count=n) }}``, in the
page's language (``lang``); each submission's own report is in that submission's language, as in the text
report. Messages have the catalog's ``{name}`` placeholders, not the ``%(name)s`` of Jinja2's own newstyle
gettext or of ``{% trans %}`` blocks, which the templates therefore do not use (see :func:`gettext`).
"""
import functools
import os
import urllib.parse
from pathlib import Path

from backprop_spec.reports import text
from backprop_spec.results import STATUSES, format_points
from backprop_spec.summary import summarise
from spec import i18n


@functools.cache
def environment():
    """The templates, loaded on first use: Jinja2 takes 50 ms to import, which no other report should pay."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("backprop_spec.reports", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    # Not Jinja2's newstyle gettext, which applies ``%`` to every translation (a translator's "%" would break the
    # page, and a msgid's would have to be "%%") and leaves ``{name}`` unfilled: ``gettext`` is newstyle in braces.
    env.install_gettext_callables(gettext=gettext, ngettext=ngettext, newstyle=False)
    env.filters.update(points=points, percent=percent, bin_label=bin_label, code_spans=code_spans)
    env.globals.update(histogram_svg=histogram_svg)
    return env


def gettext(message, **values):
    """``message`` in the current language (:mod:`spec.i18n`), as markup for the page: the translation escaped
    (it is text, whatever a translator typed), then ``values`` put into its ``{name}`` placeholders, each
    escaped unless the template made it markup (a link, a macro's output). The template's ``_()``."""
    from markupsafe import escape

    translated = escape(i18n._(message))
    return translated.format(**values) if values else translated


def ngettext(singular, plural, n, /, **values):
    """As :func:`gettext`, for a message with plural forms, chosen by ``n`` (the templates avoid them)."""
    from markupsafe import escape

    translated = escape(i18n.catalog(i18n.current()).ngettext(singular, plural, n))
    return translated.format(**values) if values else translated


def histogram_svg(counts, labels, *, xlabel, ylabel):
    """The chart of :func:`charts.histogram_svg`. Its axis labels come from the template's ``_()``, which gives
    markup, and matplotlib writes text: a translation's "&" would show as "&amp;"."""
    from backprop_spec.reports import charts

    return charts.histogram_svg(counts, labels, xlabel=xlabel.unescape(), ylabel=ylabel.unescape())


def write(results, *, spec_version, tier, report_path=None, coverage_pages=None, coverage_index=None,
          verbose=False, lang="en"):
    """The page for ``results``, its words in ``lang`` (each submission's report in that submission's own
    language). ``report_path`` is where it will be written, so that links to the coverage pages
    (``coverage_pages``: submission -> its page; ``coverage_index``: the class's) are relative to it and survive
    moving the folder; without it they are absolute ``file:`` URLs. ``verbose`` gives each submission's text
    report with every clause, as ``grade -v`` does."""
    with i18n.language(lang):
        summary = summarise(results)  # the class's words in the page's language
    base = os.path.dirname(os.path.abspath(report_path)) if report_path else None
    pages = coverage_pages or {}
    folder = shared_folder([r.submission for r in results])
    anchors = {}
    for number, result in enumerate(results):
        anchors.setdefault(result.submission, f"s-{number}")
    submissions = [
        {
            "anchor": f"s-{number}",
            "result": result,
            "short_name": without_folder(result.submission, folder),
            "statuses": {c.id: c.status for c in result.clauses},
            "detail": "\n".join(text.submission_detail(result, spec_version=spec_version, tier=tier, color=False,
                                                      verbose=verbose)),
            "coverage": link(pages[result.submission], base) if result.submission in pages else None,
        }
        for number, result in enumerate(results)
    ]
    with i18n.language(lang):
        return environment().get_template("report.html.j2").render(
            lang=lang,
            spec_version=spec_version,
            tier=tier,
            summary=summary,
            submissions=submissions,
            anchors=anchors,
            shared_folder=folder,
            components=component_columns(summary["clauses"]),
            status_columns=status_columns(summary["clauses"]),
            coverage_index=link(coverage_index, base) if coverage_index else None,
        )


def component_columns(clauses):
    """The grid's column groups: each component with its clauses, in catalogue order."""
    groups = {}
    for clause in clauses:
        groups.setdefault(clause["component"], []).append(clause)
    return [{"component": name, "clauses": members} for name, members in groups.items()]


def status_columns(clauses):
    """The statuses the clause table gives a column: passed, failed and not defined always, the rarer ones
    (timed out, crashed, skipped) only when some clause has them."""
    common = ["pass", "fail", "missing"]
    return common + [s for s in STATUSES if s not in common and any(row[s] for row in clauses)]


def shared_folder(names):
    """The folder every submission is in (``submissions/2024``), which the grid leaves out of each row, so that
    a narrow column shows what tells the students apart; "" when there is none."""
    parents = [os.path.dirname(os.path.normpath(name)) for name in names]
    try:
        common = os.path.commonpath(parents) if parents else ""
    except ValueError:  # absolute and relative paths mixed
        return ""
    return "" if common in ("", os.sep) else common


def without_folder(name, folder):
    """``name`` without the ``folder`` that shared_folder found (``./class/a.py`` is ``a.py`` in ``class``); a
    folder submission keeps its slash."""
    name = os.path.normpath(name) + (os.sep if name.endswith(os.sep) else "")
    prefix = folder + os.sep
    return name[len(prefix):] if folder and name.startswith(prefix) else name


def link(path, base):
    """``path`` as an ``href``: relative to ``base`` when there is one, else an absolute ``file:`` URL."""
    if base:
        try:
            return urllib.parse.quote(Path(os.path.relpath(path, base)).as_posix())
        except ValueError:  # another drive, on Windows
            pass
    return Path(os.path.abspath(path)).as_uri()


def points(value):
    return "–" if value is None else format_points(value)


def percent(rate):
    """A rate of the summary (0 to 1) as the page shows it: ``73%``."""
    return "–" if rate is None else f"{100 * rate:.0f}%"


def code_spans(sentence):
    """Hints put code between backticks, as Markdown does: shown as ``<code>``, every part escaped."""
    from markupsafe import Markup, escape

    parts = sentence.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: not code
        return escape(sentence)
    return Markup("").join(escape(part) if i % 2 == 0 else Markup("<code>%s</code>") % part
                           for i, part in enumerate(parts))


def bin_label(bin):
    """``0–9`` … ``90–99`` for a histogram bin of the summary, ``100`` for full marks."""
    if bin["percent_from"] == bin["percent_to"]:
        return str(bin["percent_from"])
    return f"{bin['percent_from']}–{bin['percent_to'] - 1}"
