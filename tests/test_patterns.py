"""Ways real students write chapter 5, each graded as ``backprop-spec grade`` grades it, against the verdicts in
``fixtures/submissions/patterns/expected.json``: correct code written that way passes, and what fails says why
in the student's terms, never naming a file of the grader."""
import json
import re
from pathlib import Path

import pytest

from backprop_spec.grading import GradeOptions, grade_submission
from spec.clauses import COMPONENTS

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = ROOT / "fixtures" / "submissions" / "patterns"
EXPECTED = json.loads((PATTERNS / "expected.json").read_text(encoding="utf-8"))["submissions"]
GRADER_FILES = {p.name for folder in ("spec", "backprop_spec", "reference") for p in (ROOT / folder).rglob("*.py")}


@pytest.fixture(scope="module")
def graded():
    results = {}

    def grade(name):
        if name not in results:
            results[name] = grade_submission(PATTERNS / name, GradeOptions(profile="quick", lang="en"))
        return results[name]

    return grade


def test_every_pattern_has_its_expected_verdicts_and_nothing_else_is_there():
    on_disk = {p.name for p in PATTERNS.iterdir() if p.name not in ("expected.json", "README.md")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_components_get_their_verdicts(graded, name):
    expected, result = EXPECTED[name], graded(name)
    assert result.error is None, result.error
    statuses = {component: result.components[component].status for component in COMPONENTS}
    wanted = {component: expected["components"].get(component, "missing") for component in COMPONENTS}
    assert statuses == wanted, "\n".join(
        f"{c}: {statuses[c]} ({result.components[c].note}) "
        + "; ".join(f"{r.id} {r.message.splitlines()[0] if r.message else ''}" for r in result.clauses
                    if r.component == c and r.status != "pass")
        for c in COMPONENTS if statuses[c] != wanted[c])
    for component, found_as in expected.get("found_as", {}).items():
        assert result.components[component].found_as == found_as


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_what_the_student_reads_says_why(graded, name):
    expected, result = EXPECTED[name], graded(name)
    clauses = {clause.id: clause for clause in result.clauses}
    for words in expected.get("warnings", []):
        assert any(words in warning for warning in result.warnings), (words, result.warnings)
    for clause_id, words in expected.get("messages", {}).items():
        assert words in clauses[clause_id].message, clauses[clause_id].message
    for clause_id, words in expected.get("hints", {}).items():
        assert words in clauses[clause_id].hint, clauses[clause_id].hint
    for component, words in expected.get("notes", {}).items():
        assert words in result.components[component].note, result.components[component].note


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_message_names_a_file_of_the_grader(graded, name):
    result = graded(name)
    students = {p.name for p in (PATTERNS / name).rglob("*")} | {name}
    for clause in result.clauses:
        named = set(re.findall(r"[\w.-]+\.py\b", f"{clause.message} {clause.hint}")) - students
        assert not named & GRADER_FILES, (clause.id, clause.message)
