"""Feedback in the student's language: complete catalogs whose placeholders match the English, a catalog template
in step with the code, the language read from the submission, and the choice of it on every way in."""
import ast
import json
import string
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from backprop_spec.commands.grade import locale_language
from backprop_spec.grading import GradeOptions, grade_submission
from backprop_spec.loading import load_submission
from backprop_spec.loading.language import language_of, prose_of_notebook, prose_of_python
from backprop_spec.reports import render
from spec import i18n

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "spec" / "locale"
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != "en"]
PATTERNS = ROOT / "fixtures" / "submissions" / "patterns"


def read_catalog(path):
    with open(path, "rb") as file:
        return read_po(file)


def fields(text):
    """The placeholders of a message, with their format specs and conversions: ``{'count:,', 'name!r'}``."""
    found = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            found.add(name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))
    return found


TEMPLATE = read_catalog(LOCALE / "backprop-spec.pot")
MESSAGES = [m for m in TEMPLATE if m.id]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(lang):
    catalog = read_catalog(LOCALE / lang / "LC_MESSAGES" / "backprop-spec.po")
    problems = []
    for message in MESSAGES:
        translated = catalog.get(message.id)
        if translated is None or not translated.string or translated.fuzzy:
            problems.append(f"untranslated: {message.id!r}")
        elif fields(translated.string) != fields(message.id):
            problems.append(f"placeholders differ: {message.id!r} -> {translated.string!r}")
    assert not problems, f"{len(problems)} problems in {lang}:\n" + "\n".join(problems[:30])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_glossary_of_the_books_terms_goes_with_each_language(lang):
    glossary = (LOCALE / lang / "glossary.md").read_text(encoding="utf-8")
    assert glossary.count("\n|") >= 20  # a table of terms, with the edition it follows named above it


def test_the_catalog_template_is_in_step_with_the_code():
    """Every message the code marks is in the template, and nothing else: run `pybabel extract` (README) if not.
    What is extracted is what babel.cfg names, the HTML report's templates included."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    extracted = {message for _file, _line, message, _comments, _context in
                 extract_from_dir(str(ROOT), method_map, options_map, keywords={"_": None, "N_": None})}
    assert extracted == {m.id for m in MESSAGES}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalog_is_installed_and_says_what_the_po_file_says(lang):
    """Each translation reaches the reader: a .mo compiled before the .po last changed fails here (reinstall:
    `pip install -e .` compiles it again)."""
    with open(LOCALE / lang / "LC_MESSAGES" / "backprop-spec.po", "rb") as po:
        translations = {m.id: m.string for m in read_po(po) if m.id and m.string and not m.fuzzy}
    with i18n.language(lang):
        shown = {message: i18n._(message) for message in translations}
    assert [m for m in translations if shown[m] != translations[m]] == []


def test_a_module_that_imports_the_translation_function_never_rebinds_its_name():
    """``x, _ = f()`` in a function makes ``_`` a local there, and ``_("...")`` then calls a tuple."""
    rebound = []
    for path in [*ROOT.joinpath("spec").rglob("*.py"), *ROOT.joinpath("backprop_spec").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not any(isinstance(node, ast.ImportFrom) and node.module == "spec.i18n" and
                   any(alias.name == "_" for alias in node.names) for node in ast.walk(tree)):
            continue
        rebound += [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree)
                    if (isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store))
                    or (isinstance(node, ast.arg) and node.arg == "_")]
    assert rebound == []


@pytest.mark.parametrize("prose, lang", [
    ("# 順伝播: 入力をそのまま返す", "ja"),
    ("# 逆伝播の計算", "ja"),  # kanji with kana is Japanese
    ("# 误差反向传播法: 计算图", "zh"),
    ("# 오차역전파법: 계산 그래프", "ko"),
    # hangul outnumbers the kana of a Japanese file of the book's
    ("# 오차역전파법: 계산 그래프\n# 활성화 함수 계층 구현\n# 微分 (book's file: 数値微分のサンプル)", "ko"),
    ("# backward pass", "en"),
    ("# 計", "en"),  # one stray character is not a language
    ("", "en"),
])
def test_the_language_of_the_students_prose(prose, lang):
    assert language_of(prose) == lang


def test_only_comments_strings_and_markdown_tell_the_language():
    code = "def softmax(x):\n    return x  # 소프트맥스\n"
    assert language_of(prose_of_python(code)) == "ko"
    assert language_of(prose_of_python("def f(x):\n    return x\n")) == "en"
    notebook = json.dumps({"cells": [{"cell_type": "markdown", "source": ["## 5.6 Affineレイヤ"]},
                                     {"cell_type": "code", "source": "x = 1  # comment"}]})
    assert language_of(prose_of_notebook(notebook)) == "ja"
    odd = json.dumps({"cells": [3, None, {"cell_type": "markdown", "source": ["## 5.6 ", "Affineレイヤ", 7]}]})
    assert language_of(prose_of_notebook(odd)) == "ja"  # a cell that is not one says nothing; the others still do


@pytest.mark.parametrize("name, lang", [("reimported_layers.ipynb", "ja"), ("star_from_layers", "zh"),
                                        ("flat_common_module.py", "ko"), ("layer_names.py", "en")])
def test_a_submission_is_graded_in_its_own_language(name, lang):
    loaded = load_submission(PATTERNS / name, lang="auto")
    assert loaded.language == lang


def test_auto_translates_messages_and_json_keeps_its_keys_and_status_words():
    result = grade_submission(PATTERNS / "broken_affine.py", GradeOptions(profile="quick", lang="ja"))
    english = grade_submission(PATTERNS / "broken_affine.py", GradeOptions(profile="quick", lang="en"))
    assert (result.language, english.language) == ("ja", "en")
    message, english_message = (next(c.message for c in r.clauses if c.id == "AFF-1") for r in (result, english))
    assert "broken_affine.py" in message and message != english_message
    assert [c.status for c in result.clauses] == [c.status for c in english.clauses]
    document = json.loads(render("json", [result], spec_version="9", tier="core"))
    record = document["submissions"][0]
    assert record["language"] == "ja"
    assert {c["status"] for c in record["clauses"]} <= {"pass", "fail", "missing"}
    assert set(record["components"]["Affine"]) >= {"status", "found_as", "score", "max_score", "note"}


@pytest.mark.parametrize("environ, lang", [
    ({"LANG": "ja_JP.UTF-8"}, "ja"), ({"LC_ALL": "ko_KR.UTF-8", "LANG": "ja_JP.UTF-8"}, "ko"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "fr_FR.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"),
])
def test_the_command_line_defaults_to_the_locale(environ, lang):
    assert locale_language(environ) == lang


def test_check_speaks_the_language_of_the_notebooks_comments():
    from backprop_spec.notebook.checking import notebook_language

    assert notebook_language({"In": ["", "import numpy as np  # 準備する", "x = 1  # 順伝播"]}) == "ja"
    assert notebook_language({"_ih": ["# 오차역전파법 구현"]}) == "ko"
    assert notebook_language({}) == "en"

    def softmax(x):  # 软最大值函数：按行归一化
        return x

    assert notebook_language({}, softmax) == "zh"


def test_check_in_a_script_speaks_the_language_of_its_comments(tmp_path, monkeypatch):
    import importlib

    from backprop_spec.notebook.checking import notebook_language

    (tmp_path / "my_layers.py").write_text("# 오차역전파법: 계산 그래프\nx = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    script = importlib.import_module("my_layers")
    assert notebook_language(vars(script)) == "ko"


def test_junit_names_a_timeout_in_the_submissions_language_and_keeps_its_type():
    from test_reports import broken_run

    root = ElementTree.fromstring(render("junit", [replace(broken_run(), language="ko")], spec_version="9",
                                         tier="core"))
    error = root.find(".//testcase/error")
    with i18n.language("ko"):
        word = i18n._("TIMEOUT")
    assert word != "TIMEOUT" and error.get("message").startswith(f"{word}: ") and error.get("type") == "timeout"


def test_a_class_graded_in_several_languages_counts_a_hint_once_and_says_it_in_the_reports():
    from handmade_class import ELEMENTWISE, handmade_class

    from backprop_spec.summary import summarise
    from spec.catalogue import BY_ID

    english = [r for r in handmade_class() if r.error is None]
    with i18n.language("ja"):
        hint_ja = i18n._(ELEMENTWISE)
    japanese = [replace(r, language="ja", clauses=[replace(c, hint=hint_ja if c.hint == ELEMENTWISE else c.hint)
                                                   for c in r.clauses]) for r in english[:2]]
    mixed = japanese + english[2:]
    assert summarise(mixed)["hints"] == summarise(english)["hints"]  # English, as the JSON report has it
    with i18n.language("ko"):
        summary = summarise(mixed)
        expected = i18n._(ELEMENTWISE)
        titles = [i18n._(BY_ID[row["id"]].title) for row in summary["clauses"]]
    assert hint_ja != ELEMENTWISE != expected
    assert [h["count"] for h in summary["hints"] if h["hint"] == expected] == [2]
    assert [row["title"] for row in summary["clauses"]] == titles != [BY_ID[row["id"]].title
                                                                       for row in summary["clauses"]]
