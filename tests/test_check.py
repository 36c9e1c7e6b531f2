"""check(), in this process: the verdicts of grade on live objects, the time limit, what it refuses, how it shows.

The same in a real Jupyter kernel is tests/test_notebook_check.py.
"""
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from html_table import statuses as shown_statuses
from html_table import tables

from backprop_spec import check
from backprop_spec.grading import GradeOptions, grade_submission
from backprop_spec.notebook import words
from backprop_spec.notebook.subject import NotebookHost
from spec.catalogue import CLAUSES
from spec.context import CheckContext
from spec.subject import ClauseAborted, StudentError

ROOT = Path(__file__).resolve().parent.parent
CORRECT = (ROOT / "fixtures" / "impls" / "correct" / "book_style.py").read_text(encoding="utf-8")

BUGGY = ROOT / "fixtures" / "impls" / "buggy"
RELU_IGNORES_MASK = (BUGGY / "relu_backward_ignores_mask.py").read_text(encoding="utf-8")
# carol's layers: a case-insensitive ReLU, a misspelt Sigmod, a softmax of the whole batch, demo code at the end.
CAROL = (ROOT / "examples" / "carol_layers.py").read_text(encoding="utf-8")
# A softmax slightly off, which SoftmaxWithLoss and TwoLayerNet call: grade blames it in their failures.
SOFTMAX_OFF = CORRECT.replace("        return y.T\n", "        return y.T * 1.0001\n", 1)


def defined(source, module="__main__", **names):
    """The namespace ``source`` leaves, run as a notebook's cells run it (``module`` is its ``__name__``)."""
    namespace = {"__name__": module, **names}
    exec(compile(textwrap.dedent(source), f"<{module}>", "exec"), namespace)
    return namespace


def check_everything(namespace, **options):
    """``check()`` with no argument, called from code running in ``namespace``, as from a notebook cell."""
    namespace.update(check=check, options=options)
    exec("result = check(**options)", namespace)
    return namespace.pop("result")


def core_points(component):
    return sum(c.points for c in CLAUSES if c.component == component and c.tier == "core")


def ids(component):
    return [c.id for c in CLAUSES if c.component == component]


# -- verdicts ---------------------------------------------------------------------------------------------------
def test_a_correct_component_passes_every_core_clause():
    result = check(defined(CORRECT)["Affine"])
    assert result.passed
    assert list(result.statuses) == ids("Affine")
    assert {c.status for c in result.clauses if c.tier == "core"} == {"pass"}
    assert str(result).splitlines()[0] == f"Affine: PASS, {core_points('Affine'):g}/{core_points('Affine'):g} points"


def test_a_buggy_component_fails_with_the_hint_for_its_mistake():
    result = check(defined(RELU_IGNORES_MASK)["Relu"])
    assert not result.passed
    assert result.statuses == {"RELU-1": "pass", "RELU-2": "fail", "RELU-3": "fail", "RELU-4": "pass"}
    relu2 = next(c for c in result.clauses if c.id == "RELU-2")
    assert "ignores the mask" in relu2.hint
    assert relu2.counterexample.startswith("x = ")
    assert result.components["Relu"].score == 2 and result.components["Relu"].status == "fail"


def test_an_extended_clause_that_fails_does_not_fail_the_core_tier_but_does_the_extended_one():
    affine = defined(CORRECT.replace("x = x.reshape(x.shape[0], -1)", "pass"))["Affine"]
    assert check(affine).passed
    extended = check(affine, tier="extended")
    assert extended.statuses["AFF-6"] == "fail" and not extended.passed


def verdicts(clauses):
    return {c.id: (c.status, c.score, c.max_score, c.counterexample, c.hint) for c in clauses}


def graded(tmp_path, source):
    path = tmp_path / "submission.py"
    path.write_text(source, encoding="utf-8")
    return grade_submission(path, GradeOptions())


def test_verdicts_hints_and_missing_components_are_grades(tmp_path):
    grade = graded(tmp_path, CAROL)
    everything = check_everything(defined(CAROL))
    assert verdicts(everything.clauses) == verdicts(c for c in grade.clauses if c.component in everything.components)
    assert list(everything.missing) == [n for n, c in grade.components.items() if c.status == "missing"]
    assert {n: c.status for n, c in everything.components.items()} == \
        {n: c.status for n, c in grade.components.items() if c.status != "missing"}
    assert everything.missing["Sigmoid"] == words.NEAR_MISS.format(near="Sigmod", name="Sigmoid")


def test_a_component_built_on_a_failing_one_blames_it_as_grade_does(tmp_path):
    """check(SoftmaxWithLoss) runs softmax's clauses too, only to blame it; check() runs them anyway."""
    grade = graded(tmp_path, SOFTMAX_OFF)
    namespace = defined(SOFTMAX_OFF)
    assert verdicts(check_everything(namespace).clauses) == verdicts(grade.clauses)
    for component in ("SoftmaxWithLoss", "TwoLayerNet"):
        alone = check(namespace[component])
        assert verdicts(alone.clauses) == verdicts(c for c in grade.clauses if c.component == component)
    assert "softmax fails SMX-1" in check(namespace["SoftmaxWithLoss"]).clauses[0].hint


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the log of a softmax that is not one
def test_the_names_a_component_calls_are_those_of_its_own_namespace():
    """SoftmaxWithLoss calls `softmax` from where it was defined (a notebook's namespace), not from the caller's."""
    swl = defined(CORRECT)["SoftmaxWithLoss"]
    assert "softmax" not in globals()
    assert check(swl).passed
    broken = defined(CORRECT)
    broken["softmax"] = lambda x: x  # redefined in a later cell: SoftmaxWithLoss now calls this one
    result = check(broken["SoftmaxWithLoss"])
    assert result.statuses["SWL-1"] == "fail" and "softmax fails" in result.clauses[0].hint


def test_check_leaves_numpys_random_state_as_it_was():
    namespace = defined(CORRECT)
    np.random.seed(7)
    expected = np.random.rand(3)
    np.random.seed(7)
    check(namespace["TwoLayerNet"])
    assert np.array_equal(np.random.rand(3), expected)


def test_what_the_code_prints_is_captured_and_capped(capsys):
    chatty = defined(RELU_IGNORES_MASK.replace("return dout", "print('x' * 5000)\n        return dout"))
    result = check(chatty["Relu"])
    assert capsys.readouterr() == ("", "")
    assert result.printed_total > 5000 and result.printed == "x" * 1000
    assert words.PRINTED_CUT.format(total=result.printed_total, shown=1000) in str(result)


# -- which component, and whose -----------------------------------------------------------------------------------
def test_names_are_matched_as_the_grader_matches_them():
    namespace = defined(CORRECT.replace("class Relu", "class relu").replace("class Affine", "class AffineLayer"))
    relu = check(namespace["relu"])
    assert list(relu.components) == ["Relu"] and relu.passed
    assert str(relu).startswith("Relu: PASS, 5/5 points (your `relu`, checked as Relu)\n")
    assert list(check(namespace["AffineLayer"]).components) == ["Affine"]
    mine = defined("class MyLayer(Affine):\n    pass\n", Affine=namespace["AffineLayer"])["MyLayer"]
    assert check(mine, component="Affine").passed


def test_a_component_from_the_books_helpers_is_not_checked_as_the_students():
    helpers = defined(CORRECT, module="common.layers")
    result = check(helpers["Affine"])
    assert not result.passed and result.components["Affine"].status == "missing"
    assert set(result.statuses.values()) == {"missing"}
    says = "Affine comes from common.layers (the book's helper), so it is not checked as yours: write Affine yourself"
    head, *note = str(result).splitlines()
    assert head == f"Affine: MISSING, 0/{core_points('Affine'):g} points" and " ".join(note) == says
    assert tables(result._repr_html_()) == [] and says.replace("'", "&#x27;") in result._repr_html_()
    subclass = defined("class Affine(Base):\n    pass\n", Base=helpers["Affine"])["Affine"]
    assert "inherits from common.layers.Affine" in str(check(subclass))
    borrowed = defined("class Affine:\n    forward = Base.forward\n", Base=helpers["Affine"])["Affine"]
    assert "takes its methods from common.layers" in str(check(borrowed))


def test_check_everything_checks_what_is_defined_and_lists_the_rest_in_one_line():
    helpers = defined(CORRECT, module="common.layers")
    namespace = defined(CORRECT.split("class MulLayer")[0] + RELU_IGNORES_MASK + "class Sigmod:\n    pass\n",
                        Affine=helpers["Affine"])
    result = check_everything(namespace)
    assert list(result.components) == ["Relu", "softmax", "cross_entropy_error", "numerical_gradient"]
    assert not result.passed  # Relu fails
    missing = [line for line in str(result).splitlines() if line.startswith("not found:")]
    assert missing == [
        "not found: MulLayer, AddLayer, Sigmoid (is it `Sigmod`? then check(Sigmod, component=\"Sigmoid\")), "
        "Affine (comes from common.layers, the book's helper), SoftmaxWithLoss, TwoLayerNet"]
    assert str(result).splitlines()[0].startswith(words.SUMMARY.format(checked=4, passing=3, failing=1))


def test_check_everything_with_nothing_to_check_does_not_pass():
    result = check_everything({"__name__": "__main__"})
    assert not result.passed and result.components == {}
    assert str(result).startswith(words.SUMMARY_NOTHING)


@pytest.mark.parametrize("call, error, says", [
    (lambda ns: check(ns["Affine"](np.ones((1, 1)), np.ones(1))), TypeError, "not an object made from it"),
    (lambda ns: check("Affine"), TypeError, "takes a class or a function"),
    (lambda ns: check(ns["Sigmod"]), ValueError, 'is it Sigmoid? then check(Sigmod, component="Sigmoid")'),
    (lambda ns: check(ns["Layer"]), ValueError, "is not named like any component"),
    (lambda ns: check(ns["Layer"], component="Sigmiod"), ValueError, "is not a component of chapter 5"),
    (lambda ns: check(ns["softmax"], component="Affine"), TypeError, "Affine is a class in the book"),
    (lambda ns: check(component="Affine"), TypeError, "says what the object checked is"),
    (lambda ns: check(ns["Affine"], timeout=0), ValueError, "timeout must be a positive number"),
    (lambda ns: check(ns["Affine"], timeout=True), ValueError, "timeout must be a positive number"),
    (lambda ns: check(ns["Affine"], tier="all"), ValueError, "tier must be one of core, extended"),
    (lambda ns: check(ns["Affine"], profile="fast"), ValueError, "profile must be one of"),
])
def test_a_wrong_call_says_what_to_write_instead(call, error, says):
    namespace = defined(CORRECT + "\nclass Sigmod:\n    pass\n\nclass Layer:\n    pass\n")
    with pytest.raises(error) as raised:
        call(namespace)
    assert says in str(raised.value)


# -- the time limit -----------------------------------------------------------------------------------------------
LOOPS = """
import time

class Sigmoid:
    def forward(self, x):
        while True:
            pass

    def backward(self, dout):
        return dout

class Relu:  # catches the first alarm, then sleeps: the alarm comes again
    def forward(self, x):
        try:
            while True:
                pass
        except BaseException:
            time.sleep(100)

    def backward(self, dout):
        return dout
"""


@pytest.mark.parametrize("component, limit", [("Sigmoid", 0.2), ("Relu", np.float64(0.2))])  # numpy's numbers too
def test_an_endless_loop_ends_its_clause_with_timeout_within_the_limit(component, limit):
    handler = signal.getsignal(signal.SIGALRM)
    started = time.perf_counter()
    result = check(defined(LOOPS)[component], timeout=limit)
    assert set(result.statuses.values()) == {"timeout"}
    assert time.perf_counter() - started < 0.2 * len(result.clauses) + 1.5
    assert result.clauses[0].message.startswith(f"{component}.forward(<array (2, 2)>): still running after the "
                                                "clause's time limit of 0.2 s")
    assert signal.getsignal(signal.SIGALRM) is handler and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert check(defined(CORRECT)[component]).passed  # nothing left broken


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")  # raised in a gc callback
def test_a_limit_passed_outside_the_students_code_stops_the_clause_at_its_next_call():
    """Tiny limits pass anywhere, in Hypothesis's own code too: clauses time out, and none breaks the next."""
    namespace = defined(CORRECT)
    seen = set()
    for limit in (0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03):
        for component in ("Affine", "SoftmaxWithLoss"):
            seen.update(check(namespace[component], timeout=limit).statuses.values())
    assert seen == {"pass", "timeout"}
    assert check(namespace["Affine"]).passed and check(namespace["SoftmaxWithLoss"]).passed


def test_a_timer_set_before_check_goes_on_after_it():
    fired = []

    def mine(*_):
        fired.append(True)

    previous = signal.signal(signal.SIGALRM, mine)
    signal.setitimer(signal.ITIMER_REAL, 30.0)
    try:
        check(defined(LOOPS)["Sigmoid"], timeout=0.1)
        assert signal.getsignal(signal.SIGALRM) is mine and not fired
        assert 25 < signal.getitimer(signal.ITIMER_REAL)[0] < 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_outside_the_main_thread_there_is_no_limit_and_the_result_says_so():
    results = []
    thread = threading.Thread(target=lambda: results.append(check(defined(CORRECT)["Relu"])))
    thread.start()
    thread.join()
    assert results[0].passed
    assert results[0].notes == [words.NO_LIMIT.format(why=words.NO_LIMIT_THREAD)]
    assert words.NO_LIMIT_THREAD in str(results[0]) and words.NO_LIMIT_THREAD in results[0]._repr_html_()


def test_an_interrupt_stops_check_and_leaves_nothing_armed():
    interrupted = defined(LOOPS.replace("while True:\n            pass", "raise KeyboardInterrupt"))
    handler = signal.getsignal(signal.SIGALRM)
    np.random.seed(3)
    expected = np.random.rand()
    np.random.seed(3)
    with pytest.raises(KeyboardInterrupt):
        check(interrupted["Sigmoid"])
    assert signal.getsignal(signal.SIGALRM) == handler and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert np.random.rand() == expected


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_an_interrupt_stops_check_only_where_it_breaks_nothing():
    """The stop button, pressed at any moment: check() ends, and the next check() runs as if it had not been."""
    namespace = defined(CORRECT)
    seen, rng = set(), random.Random(0)
    for _ in range(40):
        sender = threading.Timer(rng.uniform(0, 0.25), os.kill, (os.getpid(), signal.SIGINT))
        try:
            sender.start()
            try:
                seen.update(check(namespace["Affine"]).statuses.values())
                seen.update(check(namespace["SoftmaxWithLoss"]).statuses.values())
            except KeyboardInterrupt:
                seen.add("interrupted")
            sender.join()
            time.sleep(0.01)  # an interrupt that came after check() returned is handled here
        except KeyboardInterrupt:
            seen.add("after")
    assert "interrupted" in seen and "crash" not in seen
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert check(namespace["Affine"]).passed and check(namespace["SoftmaxWithLoss"]).passed


def test_the_notebooks_host_passes_on_the_limit_and_the_interrupt_and_blames_the_student_for_the_rest():
    class Layer:
        @property
        def late(self):
            raise ClauseAborted("timeout", "too late")

        def forward(self, x):
            raise KeyboardInterrupt

        def backward(self, dout):
            raise SystemExit(3)

    host = NotebookHost({"Relu": Layer})
    handle = host.new("Relu", ())
    with pytest.raises(ClauseAborted, match=r"^Relu\.late: too late$"):
        host.get(handle, "late")
    with pytest.raises(KeyboardInterrupt):
        host.call(handle, "forward", [np.ones(2)])
    with pytest.raises(StudentError, match="SystemExit"):
        host.call(handle, "backward", [np.ones(2)])


def test_the_default_limit_is_grades():
    """check() without timeout= leaves the limit to the check context, whose default must be grade's."""
    assert CheckContext(goldens={}).timeout_s == GradeOptions().timeout_s


# -- how it shows -------------------------------------------------------------------------------------------------
def test_the_html_is_a_table_per_component_with_every_clause_and_escapes_the_students_words():
    sneaky = defined(RELU_IGNORES_MASK.replace("return dout", "raise ValueError('<script>alert(1)</script>')"))
    result = check(sneaky["Relu"])
    html = result._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    [table] = tables(html)
    assert list(table[0]) == list(words.COLUMNS)
    assert shown_statuses(html) == {i: words.STATUS[s] for i, s in result.statuses.items()}
    relu2 = next(row for row in table if row["clause"] == "RELU-2")
    assert relu2["points"] == "0/2" and "<script>alert(1)</script>" in relu2["message"]
    assert "Relu: FAIL, 2/5 points" in html
    assert repr(result) == str(result) and "<script>alert(1)</script>" in str(result)


def test_text_explains_a_mistake_once_and_cuts_a_long_counterexample_where_the_html_keeps_everything():
    result = check(defined(CAROL)["softmax"])
    text, html = str(result), result._repr_html_()
    assert text.count("hint: softmax normalises over the whole batch") == 1
    assert "same mistake as SMX-1: softmax normalises over the whole batch" in text
    assert html.count("softmax normalises over the whole batch") == len([s for s in result.statuses.values()
                                                                         if s == "fail"])
    long = replace(result.clauses[0], counterexample="\n".join(f"W1[{i}] = {i}" for i in range(20)), hint="")
    cut = replace(result, clauses=[long])
    assert "W1[5] = 5" in str(cut) and "W1[6] = 6" not in str(cut)
    assert words.MORE_LINES.format(count=14) in str(cut) and "W1[19] = 19" in cut._repr_html_()


def test_the_html_says_its_language_and_keeps_the_short_columns_on_one_line():
    """A browser breaks CJK text between any two characters: a status word in Korean would stand in a column."""
    html = check(defined(RELU_IGNORES_MASK)["Relu"], lang="ko")._repr_html_()
    assert '<div class="backprop-spec-check" lang="ko">' in html
    header = re.findall(r'<th scope="col" style="([^"]*)"', html)
    assert ["nowrap" in style for style in header] == [True] * 3 + [False] * (len(words.COLUMNS) - 3)
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    assert ["nowrap" in style for style in re.findall(r'<td style="([^"]*)"', first_row)] == [True] * 3 + [False] * 4


def test_check_everything_shows_the_missing_line_and_a_table_per_component():
    result = check_everything(defined(CORRECT.split("class MulLayer")[0]))
    html = result._repr_html_()
    assert len(tables(html)) == 3
    assert "not found: MulLayer, AddLayer" in html
    assert shown_statuses(html) == {i: "PASS" for i in ids("softmax") + ids("cross_entropy_error")
                                    + ids("numerical_gradient")}


class Bracketed:
    """A catalog that 'translates' every message into ⟪message⟫, to see which words went through gettext."""

    def gettext(self, message):
        return f"⟪{message}⟫"


def test_every_word_check_shows_goes_through_gettext(monkeypatch):
    monkeypatch.setattr("spec.i18n.catalog", lambda lang: Bracketed())
    result = check(defined(RELU_IGNORES_MASK)["Relu"])
    text, html = str(result), result._repr_html_()
    assert text.startswith("⟪Relu: ⟪FAIL⟫, 2/5 points⟫\n")  # the line, and the status word in it
    assert "⟪PASS⟫     RELU-1" in text and "⟪hint: ⟪" in text  # padded by width; the hint is the spec's
    assert [h for table in tables(html) for h in table[0]] == [f"⟪{c}⟫" for c in words.COLUMNS]
    with pytest.raises(ValueError, match="^⟪timeout must be"):
        check(defined(RELU_IGNORES_MASK)["Relu"], timeout=-1)


def test_importing_check_does_not_import_the_catalogue_or_hypothesis():
    code = ("import sys; from backprop_spec import check; "
            "print(sorted(m for m in ('spec.catalogue', 'hypothesis', 'backprop_spec.local') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
