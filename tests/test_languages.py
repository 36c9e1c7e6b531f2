"""Every buggy fixture's report read in every language: the same verdicts, and what the student reads translated.

Each failing clause of each buggy fixture runs again in Japanese, Chinese and Korean: its status must not change,
its message and hint must be in that language (code, names, numbers and Python's own error messages stay as they
are, so a sentence of ours is recognised by the script it is written in), and the fixture's text report, words
and all, renders in it.
"""
import re

import pytest
from test_meta import BUGGY, _buggy_param, _buggy_subject, parse_expectations

from backprop_spec.reports import text
from backprop_spec.results import SubmissionResult
from backprop_spec.scoring import clause_result, component_results
from spec import i18n
from spec.catalogue import BY_ID
from spec.context import CheckContext
from spec.runner import run_clause

SCRIPTS = {
    "ja": re.compile(r"[\u3040-\u30ff]"),  # kana: Chinese characters alone could be a Chinese message
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ko": re.compile(r"[\uac00-\ud7af]"),
}


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("path", [_buggy_param(p) for p in BUGGY])
def test_a_buggy_fixture_reads_the_same_in_every_language(path):
    fails, _hints = parse_expectations(path.read_text(encoding="utf-8"))
    subject, _clauses = _buggy_subject(path)
    clauses = [BY_ID[i] for i in sorted(fails)]
    english = {c.id: run_clause(c, subject, CheckContext(profile="quick", seed=0)) for c in clauses}
    for lang, script in SCRIPTS.items():
        with i18n.language(lang):
            outcomes = {c.id: run_clause(c, subject, CheckContext(profile="quick", seed=0)) for c in clauses}
            results = [clause_result(c, outcomes[c.id], "core") for c in clauses]
            found = {name: subject.find(name) for name in {c.component for c in clauses}}
            report = SubmissionResult(path.name, clauses=results, components=component_results(results, found,
                                                                                               "core"))
        report.language = lang
        assert {i: o.status for i, o in outcomes.items()} == {i: o.status for i, o in english.items()}, lang
        for clause_id, outcome in outcomes.items():
            for part in (outcome.message, outcome.hint):
                assert not part or script.search(part), f"{path.name} {clause_id} in {lang}: {part!r}"
        for result in results:
            assert script.search(result.title), f"{result.id} title in {lang}: {result.title!r}"
        lines = text.submission_detail(report, spec_version="9", tier="core", color=False)
        assert script.search(lines[0]), lines[0]  # "N points, M FAILING", in the student's words
        wide = [line for line in lines[1:] if text.width_of(line) > text.WIDTH]  # a wide character takes two columns
        assert wide == [], f"{path.name} in {lang}: {wide[:1]}"
