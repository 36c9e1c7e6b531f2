"""The HTML class report read as a browser reads it: parsed strictly by html5lib, then checked for what an
instructor looks for, against the numbers of the JSON summary. Only the tests of `grade` itself grade anything."""
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import unquote

import html5lib
import pytest
from handmade_class import FORK, TIER, VERSION, handmade_class, submission

from backprop_spec.reports import html_report, render, text
from backprop_spec.reports.html_report import shared_folder, without_folder
from backprop_spec.summary import summarise
from spec import i18n

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_NAME = 'class/<script>alert("name")</script>.py'
STATUS_WORDS = {"pass": "passed", "fail": "failed", "missing": "not defined", "timeout": "timed out",
                "crash": "crashed"}
SYMBOLS = {"pass": "✓", "fail": "✗", "missing": "–", "timeout": "T", "crash": "C"}
SYMBOL_LETTERS = {"T", "C"}  # of the grid's symbols, which are not words
LINKING = ("href", "src", "srcset", "data", "poster", "action", "{http://www.w3.org/1999/xlink}href")


def parse(page):
    """The page's tree; html5lib in strict mode raises on any parse error."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def html(results, **options):
    return render("html", results, spec_version=VERSION, tier=TIER, **options)


def by_id(root, id):
    element = root.find(f".//*[@id='{id}']")
    assert element is not None, f"no element with id {id!r}"
    return element


def words(element):
    return " ".join("".join(element.itertext()).split())


def body_rows(table):
    return table.findall("./tbody/tr")


def cells(row):
    return [words(cell) for cell in row if cell.tag in ("th", "td")]


def percent(rate):
    return f"{round(100 * rate)}%"


@pytest.fixture(scope="module")
def page():
    results = handmade_class()
    return parse(html(results)), summarise(results), results


def test_the_page_parses_without_a_single_error(page):
    root, _, _ = page
    assert root.tag == "html" and root.get("lang") == "en"
    assert words(root.find("./head/title")) == "Class report, submissions: 6 (backprop-spec)"


def test_the_class_at_a_glance_gives_the_summarys_figures(page):
    root, summary, _ = page
    figures = {dd.get("data-key"): words(dd) for dd in by_id(root, "glance").iter("dd")}
    assert {key: figures[key] for key in ("submissions", "graded", "not_graded", "full_marks", "flagged")} == {
        key: str(summary[key]) for key in ("submissions", "graded", "not_graded", "full_marks", "flagged")
    }
    scores = summary["scores"]
    assert figures["mean"] == f"{scores['mean']:g}/{scores['max_score']:g} ({scores['mean_percent']:g}%)"
    assert figures["median"] == f"{scores['median']:g}/{scores['max_score']:g} ({scores['median_percent']:g}%)"
    assert figures["range"] == f"{scores['min']:g} – {scores['max']:g}"
    histogram = by_id(root, "histogram")
    head, = histogram.findall("./thead/tr")
    row, = body_rows(histogram)
    assert cells(head)[1:] == ["0–9", *(f"{s}–{s + 9}" for s in range(10, 100, 10)), "100"]
    assert cells(row)[1:] == [str(b["count"]) for b in scores["histogram"]]


def test_pass_rates_per_component_are_the_summarys(page):
    root, summary, _ = page
    assert [cells(row) for row in body_rows(by_id(root, "component-table"))] == [
        [c["component"], str(c["pass"]), str(c["fail"]), str(c["missing"]), percent(c["pass_rate"])]
        for c in summary["components"]
    ]


def test_every_clause_is_in_the_clause_table_with_its_counts_and_the_unscored_marked(page):
    root, summary, _ = page
    table = by_id(root, "clause-table")
    header = cells(table.find("./thead/tr"))
    # Passed, failed, not defined always; timed out and crashed because one clause of the class did.
    assert header == ["Clause", "Component", "Requirement", "Tier", "Passed", "Failed", "Not defined",
                      "Timed out", "Crashed", "Pass rate"]
    rows = body_rows(table)
    assert [cells(row)[0] for row in rows] == [c["id"] for c in summary["clauses"]]
    for row, clause in zip(rows, summary["clauses"]):
        tier = clause["tier"] if clause["scored"] else f"{clause['tier']} no points"
        assert cells(row) == [
            clause["id"], clause["component"], clause["title"], tier,
            *(str(clause[s]) for s in ("pass", "fail", "missing", "timeout", "crash")), percent(clause["pass_rate"]),
        ]
        assert ("unscored" in row.get("class")) == (not clause["scored"])


def test_the_grid_has_a_row_per_submission_and_a_cell_per_clause_as_graded(page):
    root, summary, results = page
    grid = by_id(root, "grid-table")
    columns = [words(th) for th in grid.find("./thead/tr")][2:]
    assert columns == [c["id"] if c["scored"] else c["id"] + "†" for c in summary["clauses"]]
    rows = body_rows(grid)
    assert [row.find("th/a").get("title") for row in rows] == [r.submission for r in results]
    for row, result in zip(rows, results):
        statuses = [td.get("title") for td in row.findall("td")[1:]]
        if result.error:
            assert words(row.findall("td")[1]) == "could not be graded"
            assert row.findall("td")[1].get("colspan") == str(len(summary["clauses"]))
        else:  # the status is in the cell as a word (its title) and a symbol, never in its colour alone
            assert statuses == [f"{c.id}: {STATUS_WORDS[c.status]}" for c in result.clauses]
            assert [words(td) for td in row.findall("td")[1:]] == [SYMBOLS[c.status] for c in result.clauses]
    footer = cells(grid.find("./tfoot/tr"))
    assert footer[2:] == [str(c["pass"]) for c in summary["clauses"]]


def test_the_most_common_mistakes_are_ranked_with_who_received_them(page):
    root, summary, _ = page
    rows = body_rows(by_id(root, "hint-table"))
    assert len(rows) == len(summary["hints"]) == 3
    for row, hint in zip(rows, summary["hints"]):
        rank, shown, count, share, clauses, who = row
        assert words(shown) == " ".join(hint["hint"].replace("`", "").split()) + ("" if hint["scored"] else
                                                                                 " no points")
        assert (words(count), words(share)) == (str(hint["count"]), percent(hint["rate"]))
        assert [a.text for a in clauses.iter("a")] == hint["clauses"]
        assert [a.text for a in who.iter("a")] == hint["submissions"]
    assert [words(row[0]) for row in rows] == ["1", "1", "3"]  # ties share a rank
    code = [c.text for c in rows[0][1].iter("code")]
    assert code == ["*"]  # what the hint puts between backticks is shown as code


def test_load_errors_flags_timeouts_and_crashes_are_listed_with_the_submission(page):
    root, summary, results = page
    rows = [cells(row) for row in body_rows(by_id(root, "attention-table"))]
    assert rows == [
        ["class/eve.py", "could not be graded", summary["errors"][0]["error"]],
        ["class/dee/", "flagged", FORK],
        ["class/dee/", "timed out", "AFF-1"],
        ["class/dee/", "crashed", "AFF-2"],
    ]


def test_every_name_leads_to_that_submissions_report_which_says_what_the_text_report_says(page):
    root, _, results = page
    articles = root.findall(".//article")
    assert [words(a.find("h3")) for a in articles] == [r.submission for r in results]
    targets = {a.get("id"): a for a in articles}
    for link in root.iter("a"):
        href = link.get("href")
        if href.startswith("#s-"):
            assert href[1:] in targets, href
            assert words(targets[href[1:]].find("h3")) == (link.get("title") or link.text)
    for article, result in zip(articles, results):
        detail = "\n".join(text.submission_detail(result, spec_version=VERSION, tier=TIER, color=False))
        assert article.find("pre").text == detail
    verbose = parse(html(results, verbose=True)).findall(".//article/pre")
    assert [pre.text for pre in verbose] == [
        "\n".join(text.submission_detail(r, spec_version=VERSION, tier=TIER, color=False, verbose=True))
        for r in results
    ]
    every_internal = [a.get("href")[1:] for a in root.iter("a") if a.get("href").startswith("#")]
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    assert set(every_internal) <= ids


def test_the_page_is_self_contained(page):
    root, _, _ = page
    assert root.findall(".//script") == [] and root.findall(".//link") == []
    assert root.findall(".//img") == [] and root.findall(".//iframe") == []
    for element in root.iter():
        for name in LINKING:
            value = element.get(name)
            if value is not None:
                assert value.startswith("#"), (element.tag, name, value)  # no coverage pages here
    style = "".join(s.text for s in root.iter("style"))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style


def test_the_histogram_is_an_inline_svg_chart_beside_its_table():
    root = parse(html(handmade_class()))
    svgs = list(root.iter(f"{SVG}svg"))
    assert len(svgs) == 1 and svgs[0].get("aria-hidden") == "true"
    assert svgs[0] in list(by_id(root, "glance").iter())
    labels = [words(t) for t in svgs[0].iter(f"{SVG}text")]
    assert "score, in percent of the maximum" in labels and "100" in labels
    for element in svgs[0].iter():
        assert element.get("{http://www.w3.org/1999/xlink}href", "#").startswith("#")


def test_without_matplotlib_the_histogram_is_a_table_alone(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    results = handmade_class()
    root = parse(html(results))
    assert list(root.iter(f"{SVG}svg")) == []
    row, = body_rows(by_id(root, "histogram"))
    assert cells(row)[1:] == [str(b["count"]) for b in summarise(results)["scores"]["histogram"]]


def test_student_text_is_shown_as_text_and_never_becomes_markup():
    attack = '<img src=x onerror="alert(1)"><a href="https://evil.example/">click</a>'
    hostile = submission(HOSTILE_NAME, {"MUL-1": ("fail", f"use `{attack}` <b>now</b>"), "AFF-1": "pass",
                                        "AFF-2": "pass", "AFF-6": "pass", "SMX-1": "pass"},
                         {"MulLayer": "fail", "Affine": "pass", "softmax": "pass"}, flags=[f"printed {attack}"])
    hostile.clauses[0].message = attack
    broken = submission(f"class/{attack}.py", {"MUL-1": "missing"}, {"MulLayer": "missing"}, error=attack)
    page = html([hostile, broken])
    root = parse(page)
    assert root.findall(".//script") == [] and root.findall(".//img") == [] and root.findall(".//b") == []
    assert not any(a.get("href", "").startswith("https:") for a in root.iter("a"))
    assert [words(a.find("h3")) for a in root.iter("article")] == [HOSTILE_NAME, f"class/{attack}.py"]
    hint_row, = body_rows(by_id(root, "hint-table"))
    assert [c.text for c in hint_row[1].iter("code")] == [attack]  # code between backticks, escaped all the same
    assert words(hint_row[1]) == f"use {attack} <b>now</b>"
    attention = [cells(row) for row in body_rows(by_id(root, "attention-table"))]
    assert attention == [[f"class/{attack}.py", "could not be graded", attack],
                         [HOSTILE_NAME, "flagged", f"printed {attack}"]]
    assert attack in root.find(".//article/pre").text


def test_coverage_pages_are_linked_relative_to_the_report_and_absolute_without_one(tmp_path):
    results = handmade_class()
    coverage = tmp_path / "coverage"
    pages = {"class/ana.py": str(coverage / "ana.py" / "html" / "index.html")}
    index = str(coverage / "index.html")
    report = tmp_path / "reports" / "class report.html"
    root = parse(html(results, coverage_pages=pages, coverage_index=index, report_path=str(report)))
    hrefs = [a.get("href") for a in root.iter("a") if not a.get("href").startswith("#")]
    assert hrefs == ["../coverage/index.html", "../coverage/ana.py/html/index.html"]
    assert by_id(root, "s-0").find("p/a").get("href") == "../coverage/ana.py/html/index.html"
    for href in hrefs:
        assert os.path.normpath(report.parent / unquote(href)) in (index, pages["class/ana.py"])
    absolute = parse(html(results, coverage_pages=pages, coverage_index=index))
    assert [a.get("href") for a in absolute.iter("a") if not a.get("href").startswith("#")] == [
        Path(index).as_uri(), Path(pages["class/ana.py"]).as_uri(),
    ]


def test_the_grid_leaves_out_the_folder_every_submission_shares():
    results = handmade_class()
    root = parse(html(results))
    assert words(by_id(root, "grid-table").find("./thead/tr/th")) == "Submission in class/"
    assert [words(row.find("th")) for row in body_rows(by_id(root, "grid-table"))] == [
        "ana.py", "ben.py", "cai.ipynb", "dee/", "eve.py", "fay.py",
    ]
    assert [without_folder(name, "class") for name in ("./class/ana.py", "class//dee/", "other/eve.py")] == [
        "ana.py", "dee/", "other/eve.py",
    ]


def test_a_class_where_nothing_went_wrong_says_so():
    root = parse(html([handmade_class()[0]]))
    assert words(by_id(root, "mistakes").find("p[2]")).startswith("No hints were given")
    assert words(by_id(root, "attention").find("p")).startswith("Nothing: every submission could be graded")


def test_grade_writes_the_html_report_with_the_json_reports_numbers(tmp_path):
    """End to end, as an instructor runs it: a buggy file, an attack and a binary file, with --coverage."""
    binary = tmp_path / "binary.py"
    binary.write_bytes(b"\x00\x01 not python")
    paths = [str(ROOT / "examples" / "carol_layers.py"),
             str(ROOT / "fixtures" / "submissions" / "hostile" / "borrow_answers.py"), str(binary)]
    out = tmp_path / "out"
    out.mkdir()

    def grade(*options):
        done = subprocess.run([sys.executable, "-m", "backprop_spec", "grade", *paths, "--profile", "quick",
                               *options], capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert done.returncode == 1, done.stderr  # carol loses points
        return done

    grade("--format", "json", "-o", str(out / "report.json"))
    grade("--format", "html", "-o", str(out / "report.html"), "--coverage", str(tmp_path / "coverage"))
    summary = json.loads((out / "report.json").read_text())["summary"]
    root = parse((out / "report.html").read_text(encoding="utf-8"))
    assert (summary["graded"], summary["not_graded"], summary["flagged"]) == (2, 1, 1)
    figures = {dd.get("data-key"): words(dd) for dd in by_id(root, "glance").iter("dd")}
    assert (figures["graded"], figures["not_graded"], figures["flagged"]) == ("2", "1", "1")
    assert [cells(row)[0] for row in body_rows(by_id(root, "clause-table"))] == [c["id"] for c in summary["clauses"]]
    assert [cells(row)[4] for row in body_rows(by_id(root, "clause-table"))] == [
        str(c["pass"]) for c in summary["clauses"]
    ]
    hints = body_rows(by_id(root, "hint-table"))
    assert [words(row[2]) for row in hints] == [str(h["count"]) for h in summary["hints"]]
    assert [[a.text for a in row[5].iter("a")] for row in hints] == [h["submissions"] for h in summary["hints"]]
    attention = [cells(row)[:2] for row in body_rows(by_id(root, "attention-table"))]
    assert [paths[2], "could not be graded"] in attention and [paths[1], "flagged"] in attention
    linked = [a.get("href") for a in root.iter("a") if not a.get("href").startswith("#")]
    assert linked[0] == "../coverage/index.html" and len(linked) == 3  # the index, carol and borrow_answers
    for href in linked:
        assert (out / unquote(href)).is_file(), href



@pytest.mark.parametrize(("option", "page", "report"), [
    ("ja", "ja", "ja"),  # the locale's Korean notwithstanding; the submission is graded in Japanese too
    ("auto", "ko", "en"),  # each submission in its own language: this file has no prose, so English
])
def test_grade_writes_the_page_in_lang_and_under_auto_in_the_locales(tmp_path, option, page, report):
    binary = tmp_path / "binary.py"
    binary.write_bytes(b"\x00\x01 not python")
    environ = {name: value for name, value in os.environ.items() if name not in ("LC_ALL", "LC_MESSAGES")}
    done = subprocess.run([sys.executable, "-m", "backprop_spec", "grade", str(binary), "--format", "html",
                           "--lang", option], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={**environ, "LANG": "ko_KR.UTF-8"})
    assert done.returncode == 1, done.stderr
    root = parse(done.stdout)
    assert root.get("lang") == page
    assert root.find(".//article/pre").get("lang") == report

def test_the_clause_table_gives_a_rarer_status_a_column_only_when_some_clause_has_it():
    results = [submission("a.py", {"AFF-1": "timeout"}, {"Affine": "fail"}),
               submission("b.py", {"AFF-1": "pass"}, {"Affine": "pass"})]
    table = by_id(parse(html(results)), "clause-table")
    assert cells(table.find("./thead/tr"))[4:] == ["Passed", "Failed", "Not defined", "Timed out", "Pass rate"]
    row, = body_rows(table)
    assert cells(row)[4:] == ["1", "0", "0", "1", "50%"]


def pseudo(message):
    """``message`` in a pseudo-language: each ASCII letter outside its ``{placeholders}`` full-width (ａ for a),
    the whole between ⟦ and ⟧. It has no English word left, so that any on a page did not come from the catalog,
    even one that a message was given as a value."""
    parts = re.split(r"(\{[^{}]*\})", message)
    return "⟦" + "".join(part if part.startswith("{") else
                          "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c for c in part)
                          for part in parts) + "⟧"


class PseudoCatalog:
    """What ``spec.i18n.catalog`` gives for every language while a page is rendered: the pseudo-language, and
    a note of each message asked for."""

    def __init__(self):
        self.asked = set()

    def gettext(self, message):
        self.asked.add(message)
        return pseudo(message)

    def ngettext(self, singular, plural, count):
        self.asked.update((singular, plural))
        return pseudo(singular if count == 1 else plural)


def pseudo_pages(classes):
    """The page of each ``(results, options)`` in the pseudo-language, and every message the pages asked for."""
    catalog = PseudoCatalog()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "catalog", lambda lang: catalog)
        pages = [html(results, lang="ja", **options) for results, options in classes]
    return pages, catalog.asked


def every_branch():
    """Classes that between them take every branch of the templates, as ``(results, options)``: the handmade
    class with coverage links, one where nothing went wrong, and one where nothing could be graded."""
    coverage = {"coverage_pages": {"class/ana.py": "/tmp/coverage/ana.py/html/index.html"},
                "coverage_index": "/tmp/coverage/index.html"}
    return [(handmade_class(), coverage), ([handmade_class()[0]], {}), ([handmade_class()[4]], {})]


def visible_text(root):
    """What a reader sees of the page, in document order: text, titles (tooltips), labels and the chart's
    words; not the styles, and not <pre> or <code>, which hold the submissions' reports and code."""
    parts = []

    def walk(element):
        name = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else None
        if name is not None and name not in ("style", "pre", "code"):
            parts.extend(element.get(a) for a in ("title", "aria-label", "alt") if element.get(a))
            parts.append(element.text or "")
            for child in element:
                walk(child)
        parts.append(element.tail or "")

    walk(root)
    return " ".join(parts)


def data_of(results):
    """Everything on the page that is the class's and not the page's: names, clause ids and titles, components,
    hints (and the code in them), flags and load errors. Longest first, so that none is cut by a shorter one."""
    folder = shared_folder([r.submission for r in results])
    found = {folder}
    for r in results:
        found.update((r.submission, without_folder(r.submission, folder), *r.flags, r.error or ""))
        for c in r.clauses:
            found.update((c.id, c.component, c.title, *c.hint.split("`")))
    return sorted(filter(None, found), key=len, reverse=True)


def test_every_word_of_the_page_goes_through_the_catalog():
    """Rendered with a catalog that turns every message into a pseudo-language, the page has no English word
    left but the class's own data: so each of its words is a message a translator gets, none is stuck in
    English in a template, a macro or the chart."""
    for results, options in every_branch():
        html(results, **options)  # first in English: nothing of that page may stay for the next
    pages, _ = pseudo_pages(every_branch())
    for (results, _), page in zip(every_branch(), pages):
        root = parse(page)
        assert root.get("lang") == "ja"
        seen = left = visible_text(root)
        for data in data_of(results):
            left = left.replace(data, " ")
        english = [word for word in re.findall(r"[A-Za-z]+", left) if word not in SYMBOL_LETTERS]
        assert english == [], f"words that did not go through the catalog: {english}"
        assert "{" not in seen and "}" not in seen  # no placeholder left unfilled
    root = parse(pages[0])
    assert words(by_id(root, "glance-heading")) == pseudo("The class at a glance")
    grid_cell = by_id(root, "grid-table").find("./tbody/tr/td[2]")
    assert grid_cell.get("title") == f"MUL-1: {pseudo('passed')}"  # the status words of _words.html.j2 as well
    link = by_id(root, "glance").find(".//p[@class='note']/a")
    assert words(link) == pseudo("Needs a look") and link.get("href") == "#attention"  # markup inside a message


def test_a_translation_is_text_and_the_values_put_in_it_are_escaped_unless_the_template_made_them_markup(
        monkeypatch):
    from markupsafe import Markup

    class Careless:  # a translator who types markup, "&" and "%"
        def gettext(self, message):
            return message.replace("Score", "<b>Score</b> & 100%")

        def ngettext(self, singular, plural, count):
            return (singular if count == 1 else plural) + " <i>"

    monkeypatch.setattr(i18n, "catalog", lambda lang: Careless())
    template = html_report.environment().from_string(
        '{{ _("Score: {name} {link}", name=name, link=link) }} {{ _("Score") }} '
        '{{ ngettext("{count} clause", "{count} clauses", 2, count=2) }}')
    assert template.render(name="<script>", link=Markup('<a href="#x">x</a>')) == (
        '&lt;b&gt;Score&lt;/b&gt; &amp; 100%: &lt;script&gt; <a href="#x">x</a> &lt;b&gt;Score&lt;/b&gt; &amp; 100% '
        '2 clauses &lt;i&gt;')


def test_the_charts_words_are_in_the_pages_language_without_a_warning_per_letter():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (page,), _ = pseudo_pages([(handmade_class(), {})])
    svg, = parse(page).iter(f"{SVG}svg")
    labels = [words(t) for t in svg.iter(f"{SVG}text")]
    assert pseudo("score, in percent of the maximum") in labels and pseudo("submissions") in labels
    glyphs = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert glyphs == []  # matplotlib's font has no glyph for them, and need not


def extracted_messages():
    """What ``pybabel extract -F babel.cfg -k N_`` puts in the catalog template: message -> the files it is in."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    messages = Catalog()
    for filename, line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords={**DEFAULT_KEYWORDS, "N_": None}):
        messages.add(message, locations=[(filename, line)])
    return {m.id: {file for file, _ in m.locations} for m in messages if m.id}


def test_every_message_the_page_asks_for_is_in_the_catalog_with_brace_placeholders():
    """The pseudo-language pages ask for each message of the templates (every branch is taken), and each is
    in what extraction finds: no template word a translator never sees. And like the rest of the catalog,
    their placeholders are ``{name}``, never printf's ``%(name)s``, which msgfmt would hold translators to."""
    from babel.messages.catalog import Message

    _, asked = pseudo_pages(every_branch())
    extracted = extracted_messages()
    assert sorted(asked - extracted.keys()) == []
    from_templates = {m for m, files in extracted.items() if any(f.endswith(".j2") for f in files)}
    assert sorted(from_templates - asked) == []  # the pages showed every message the templates have
    assert [m for m in from_templates if Message(m).python_format] == []
