"""``pytest --pyargs spec --impl PATH``: the spec's suite, shipped in the package, run from any folder on anything
``backprop-spec grade`` accepts, with the verdicts ``grade`` gives."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from backprop_spec.grading import GradeOptions, grade_submission

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = ROOT / "fixtures" / "submissions" / "patterns"
SUBMISSIONS = [*sorted((ROOT / "examples").iterdir()),
               *(PATTERNS / name for name in ("helpers_from_functions.py", "star_from_layers", "broken_affine.py",
                                              "reimported_layers.ipynb"))]


def run_pytest(tmp_path, *args):
    report = tmp_path / "report.xml"
    done = subprocess.run([sys.executable, "-m", "pytest", "--pyargs", "spec", "-p", "no:cacheprovider", "-q",
                           "--spec-profile", "quick", f"--junitxml={report}", *args],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    return done, ElementTree.parse(report).getroot()


def clause_statuses(junit):
    """Clause id -> pass, or the status word the failure message starts with (fail, missing, timeout, ...)."""
    statuses = {}
    for case in junit.iter("testcase"):
        clause_id = re.search(r"test_clause\[([A-Z]+-\d+)\]", case.get("name")).group(1)
        failure = case.find("failure")
        statuses[clause_id] = "pass" if failure is None else re.search(
            rf"{clause_id} \(\w+\) (\w+):", failure.get("message")).group(1)
    return statuses


@pytest.mark.parametrize("path", SUBMISSIONS, ids=[p.name for p in SUBMISSIONS])
def test_every_clause_gets_the_verdict_grade_gives(tmp_path, path):
    done, junit = run_pytest(tmp_path, "--impl", str(path))
    graded = grade_submission(path, GradeOptions(profile="quick"))
    assert clause_statuses(junit) == {c.id: c.status for c in graded.clauses}
    assert done.returncode == (0 if all(c.status == "pass" for c in graded.clauses) else 1)
    assert list(tmp_path.iterdir()) == [tmp_path / "report.xml"]  # and nothing else is left in the folder


def test_a_failure_says_what_was_wrong_where_the_student_reads_it(tmp_path):
    done, _ = run_pytest(tmp_path, "--impl", str(ROOT / "examples" / "carol_layers.py"), "--alias", "Sigmoid=Sigmod")
    assert "SMX-1 (softmax) fail: softmax of a 2-D batch normalises each row on its own" in done.stdout
    assert "hint: softmax normalises over the whole batch, not per row" in done.stdout
    assert "SIG-1" not in done.stdout  # the alias made Sigmod the Sigmoid graded, and it is right


def test_with_lang_the_failure_is_in_that_language_titles_and_labels_included(tmp_path):
    from spec import i18n
    from spec.catalogue import BY_ID

    done, _ = run_pytest(tmp_path, "--impl", str(ROOT / "examples" / "carol_layers.py"), "--lang", "ko", "-k",
                         "SMX-1")
    with i18n.language("ko"):
        title, label = i18n._(BY_ID["SMX-1"].title), i18n._("hint: {value}").format(value="")
    assert f"SMX-1 (softmax) fail: {title}" in done.stdout and label in done.stdout
    assert "hint:" not in done.stdout


def test_a_submission_that_cannot_be_loaded_fails_every_clause_with_the_reason(tmp_path):
    empty = tmp_path / "empty.py"
    empty.write_text("")
    done, junit = run_pytest(tmp_path, "--impl", str(empty))
    assert done.returncode == 1
    errors = {case.find("error").get("message") for case in junit.iter("testcase")}
    assert errors == {f'failed on setup with "Failed: --impl: {empty} is empty: there is nothing to grade"'}
