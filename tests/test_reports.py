"""The report writers and the progress line, on results built by hand (no grading runs here)."""
import csv
import dataclasses
import io
import json

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from backprop_spec.progress import Progress
from backprop_spec.reports import WRITERS, render
from backprop_spec.results import STATUSES, ClauseResult, ComponentResult, SubmissionResult

VERSION, TIER = "9.9.9", "core"

LONG_MESSAGE = (
    "dW differs from x.T @ dout: expected [[1.0, 3.0], [2.0, 4.0]], got [[1.0, 2.0], [3.0, 4.0]]; "
    "the values are right but sit in the wrong places, as if the transpose were taken of dout"
)
COUNTEREXAMPLE = "x = [[1. 2.]\n [3. 4.]]\ndout = [[1. 0.]\n [0. 1.]]"
HINT = "dW = np.dot(x.T, dout), not np.dot(dout.T, x)"


def clause(id, component, status, score, max_score, tier="core", **details):
    return ClauseResult(
        id=id, component=component, tier=tier, title=f"{component} behaves as clause {id} says",
        status=status, score=score, max_score=max_score, duration_s=0.25, **details,
    )


def components(**specs):
    return {name: ComponentResult(*spec) for name, spec in specs.items()}


def passing():
    return SubmissionResult(
        "class/alice.py", score=6.0, max_score=6.0, duration_s=1.25,
        components=components(
            Affine=("pass", "alice.py:Affine", 4.0, 4.0), Relu=("pass", "alice.py:ReLU", 2.0, 2.0)
        ),
        clauses=[
            clause("AFF-1", "Affine", "pass", 2.0, 2.0),
            clause("AFF-2", "Affine", "pass", 2.0, 2.0),
            clause("AFF-9", "Affine", "pass", 0.0, 0.0, tier="extended"),
            clause("RELU-1", "Relu", "pass", 2.0, 2.0),
        ],
    )


def failing():
    return SubmissionResult(
        "class/bob/", score=2.0, max_score=6.0, duration_s=2.5,
        components=components(
            Affine=("fail", "bob/common/layers.py:Affine", 2.0, 4.0),
            Relu=("missing", None, 0.0, 2.0, "did you mean 'Rleu'?"),
        ),
        clauses=[
            clause("AFF-1", "Affine", "pass", 2.0, 2.0),
            clause("AFF-2", "Affine", "fail", 0.0, 2.0, message=LONG_MESSAGE, counterexample=COUNTEREXAMPLE,
                   hint=HINT),
            clause("RELU-1", "Relu", "missing", 0.0, 2.0, message="no class Relu in the submission"),
        ],
    )


def broken_run():
    return SubmissionResult(
        "class/carol.ipynb", score=2.0, max_score=6.0, duration_s=31.0, output="hello\x00\x1b[31m world",
        components=components(
            Affine=("fail", "carol.ipynb:cell 3:Affine", 0.0, 4.0), Relu=("pass", "carol.ipynb:Relu", 2, 2)
        ),
        clauses=[
            clause("AFF-1", "Affine", "timeout", 0.0, 2.0, message="forward did not return within 5 s"),
            clause("AFF-2", "Affine", "crash", 0.0, 2.0, message="the worker died: MemoryError\nin forward"),
            clause("AFF-9", "Affine", "skipped", 0.0, 0.0, "extended", message="extended tier not graded"),
            clause("RELU-1", "Relu", "pass", 2.0, 2.0),
        ],
    )


def load_error():
    return SubmissionResult(
        "class/dave.py", max_score=6.0, duration_s=0.5,
        error="SyntaxError: invalid syntax (dave.py, line 3)\n    def forward(self x):",
    )


def flagged():
    return SubmissionResult(
        "class/erin.py", score=8.0, max_score=8.0, duration_s=1.5,
        flags=["patched numpy.allclose"], warnings=["import of 'matplotlib' failed and was skipped"],
        components=components(
            Affine=("pass", "erin.py:Affine", 4.0, 4.0), Relu=("pass", "erin.py:Relu", 2.0, 2.0),
            Sigmoid=("pass", "erin.py:Sigmoid", 2.0, 2.0),
        ),
        clauses=[
            clause("AFF-1", "Affine", "pass", 2.0, 2.0),
            clause("AFF-2", "Affine", "pass", 2.0, 2.0),
            clause("RELU-1", "Relu", "pass", 2.0, 2.0),
            clause("SIG-1", "Sigmoid", "pass", 2.0, 2.0),
        ],
    )


def everyone():
    return [passing(), failing(), broken_run(), load_error(), flagged()]


def measured():
    """``passing()`` graded with --coverage: Affine has two lines no clause ran, Relu none."""
    result = passing()
    result.components["Affine"].coverage = {
        "lines": 12, "run": 10, "percent": 83.3, "missed": [45, 46], "missed_where": "lines 45-46",
    }
    result.components["Relu"].coverage = {"lines": 6, "run": 6, "percent": 100.0, "missed": [], "missed_where": ""}
    return result


def report(format, results, **options):
    return render(format, results, spec_version=VERSION, tier=TIER, **options)


def test_every_format_has_a_writer_and_unknown_formats_are_refused():
    assert set(WRITERS) == {"text", "json", "junit", "gradescope", "csv", "html"}
    with pytest.raises(ValueError, match="unknown report format 'xml'"):
        report("xml", [passing()])


# json

DOCUMENTED_SUBMISSION_KEYS = {
    "submission", "score", "max_score", "duration_s", "error", "flags", "components", "clauses",
}
DOCUMENTED_COMPONENT_KEYS = {"status", "found_as", "score", "max_score"}
DOCUMENTED_CLAUSE_KEYS = {
    "id", "component", "tier", "title", "status", "score", "max_score", "message", "counterexample",
}


def test_json_round_trips_with_the_documented_keys_and_status_words():
    results = everyone()
    document = json.loads(report("json", results))
    assert set(document) == {"spec_version", "tier", "submissions", "summary"}
    assert (document["spec_version"], document["tier"]) == (VERSION, TIER)
    assert document["submissions"] == [r.to_dict() for r in results]
    for submission in document["submissions"]:
        assert DOCUMENTED_SUBMISSION_KEYS <= set(submission)
        for component in submission["components"].values():
            assert DOCUMENTED_COMPONENT_KEYS <= set(component)
            assert component["status"] in {"pass", "fail", "missing"}
        for entry in submission["clauses"]:
            assert DOCUMENTED_CLAUSE_KEYS <= set(entry)
            assert entry["status"] in STATUSES
    bob = document["submissions"][1]
    assert bob["clauses"][1]["counterexample"] == COUNTEREXAMPLE
    assert document["submissions"][3]["error"].startswith("SyntaxError")


def test_json_has_a_coverage_figure_only_for_components_measured():
    plain, covered = (json.loads(report("json", [r]))["submissions"][0] for r in (passing(), measured()))
    assert all("coverage" not in c for c in plain["components"].values())
    assert covered["components"]["Affine"]["coverage"] == {
        "lines": 12, "run": 10, "percent": 83.3, "missed": [45, 46], "missed_where": "lines 45-46",
    }


def test_json_is_pretty_printed_and_stable():
    first, second = report("json", everyone()), report("json", everyone())
    assert first == second
    assert first.startswith('{\n  "spec_version": "9.9.9",\n  "tier": "core",\n  "submissions": [')
    assert first.endswith("}\n")


# gradescope: the schema restates https://gradescope-autograders.readthedocs.io/en/latest/specs/

VISIBILITY = {"type": "string", "enum": ["hidden", "after_due_date", "after_published", "visible"]}
GRADESCOPE_SCHEMA = {
    "type": "object",
    "required": ["score", "execution_time", "output", "visibility", "stdout_visibility", "tests"],
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number"},
        "output": {"type": "string"},
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "number", "score", "max_score", "status", "output", "visibility"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "number": {"type": "string"},
                    "score": {"type": "number"},
                    "max_score": {"type": "number", "minimum": 0},
                    "status": {"enum": ["passed", "failed"]},
                    "output": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": VISIBILITY,
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}


def gradescope(result):
    document = json.loads(report("gradescope", [result]))
    jsonschema.validate(document, GRADESCOPE_SCHEMA)
    return document


def test_the_gradescope_schema_rejects_what_gradescope_rejects():
    document = gradescope(passing())
    bad_status = dict(document, tests=[dict(document["tests"][0], status="error")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad_status, GRADESCOPE_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(document, execution_time="1.25s"), GRADESCOPE_SCHEMA)


@pytest.mark.parametrize("make", [passing, failing, broken_run, load_error, flagged])
def test_gradescope_results_follow_the_specification(make):
    result = make()
    document = gradescope(result)
    assert document["visibility"] == "visible" and document["stdout_visibility"] == "hidden"
    assert document["execution_time"] == result.duration_s
    assert [t["number"] for t in document["tests"]] == [c.id for c in result.clauses]
    assert document["score"] == (0 if result.error else sum(t["score"] for t in document["tests"]))


def test_gradescope_tests_carry_name_points_status_and_explanation():
    document = gradescope(failing())
    assert document["score"] == 2.0
    assert "2/6" in document["output"] and "AFF-2, RELU-1" in document["output"]
    aff1, aff2, relu1 = document["tests"]
    assert aff1 == {
        "name": "AFF-1 Affine: Affine behaves as clause AFF-1 says", "number": "AFF-1", "score": 2.0,
        "max_score": 2.0, "status": "passed", "output": "", "tags": ["Affine", "core"],
        "visibility": "visible",
    }
    assert (aff2["status"], aff2["score"], aff2["max_score"]) == ("failed", 0.0, 2.0)
    assert aff2["output"] == f"{LONG_MESSAGE}\nCounterexample:\n{COUNTEREXAMPLE}\nHint: {HINT}"
    assert relu1["status"] == "failed" and relu1["output"] == "MISSING\nno class Relu in the submission"


def test_gradescope_reports_timeouts_crashes_and_unscored_clauses():
    tests = {t["number"]: t for t in gradescope(broken_run())["tests"]}
    assert tests["AFF-1"]["status"] == "failed"
    assert tests["AFF-1"]["output"] == "TIMEOUT\nforward did not return within 5 s"
    assert tests["AFF-2"]["output"].startswith("CRASH\nthe worker died")
    assert (tests["AFF-9"]["status"], tests["AFF-9"]["max_score"]) == ("passed", 0.0)
    assert tests["AFF-9"]["output"] == "SKIPPED\nextended tier not graded"
    extended = {t["number"]: t for t in gradescope(passing())["tests"]}["AFF-9"]
    assert (extended["status"], extended["score"], extended["max_score"]) == ("passed", 0.0, 0.0)


def test_gradescope_puts_a_load_error_up_front_and_scores_nothing():
    document = gradescope(load_error())
    assert document["score"] == 0 and document["tests"] == []
    assert "could not be graded" in document["output"] and "def forward(self x):" in document["output"]
    half_graded = dataclasses.replace(failing(), error="the worker died while loading")
    document = gradescope(half_graded)
    assert document["score"] == 0 and "the worker died while loading" in document["output"]
    assert len(document["tests"]) == 3
    assert {(t["score"], t["status"]) for t in document["tests"]} == {(0.0, "failed")}


def test_gradescope_lists_flags_and_warnings_for_the_student():
    output = gradescope(flagged())["output"]
    assert "Note: patched numpy.allclose" in output
    assert "Warning: import of 'matplotlib' failed and was skipped" in output


@pytest.mark.parametrize("count", [0, 2])
def test_gradescope_describes_exactly_one_submission(count):
    with pytest.raises(ValueError, match="one submission"):
        report("gradescope", everyone()[:count])


# junit


def junit_suites(results):
    return list(JUnitXml.fromstring(report("junit", results).encode()))


def outcome(case):
    (result,) = case.result
    return result


def test_junit_counts_per_submission_and_in_total():
    xml = JUnitXml.fromstring(report("junit", everyone()).encode())
    counts = [(s.name, s.tests, s.failures, s.errors, s.skipped) for s in xml]
    assert counts == [
        ("class/alice.py", 4, 0, 0, 0),
        ("class/bob/", 3, 2, 0, 0),
        ("class/carol.ipynb", 4, 0, 2, 1),
        ("class/dave.py", 1, 0, 1, 0),
        ("class/erin.py", 4, 0, 0, 0),
    ]
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (16, 2, 3, 1)
    for suite in xml:
        cases = list(suite)
        assert suite.tests == len(cases)
        assert suite.failures == sum(isinstance(r, Failure) for c in cases for r in c.result)
        assert suite.errors == sum(isinstance(r, Error) for c in cases for r in c.result)


def test_junit_testcases_name_the_clause_and_carry_the_explanation():
    (suite,) = junit_suites([failing()])
    aff1, aff2, relu1 = suite
    assert (aff1.classname, aff1.name, aff1.time) == (
        "backprop_spec.Affine", "AFF-1 Affine behaves as clause AFF-1 says", 0.25,
    )
    assert aff1.is_passed
    failure = outcome(aff2)
    assert isinstance(failure, Failure)
    assert failure.message == LONG_MESSAGE
    assert failure.text == f"{LONG_MESSAGE}\nCounterexample:\n{COUNTEREXAMPLE}\nHint: {HINT}"
    missing = outcome(relu1)
    assert isinstance(missing, Failure) and missing.message == "Relu not defined"
    assert suite.time == 2.5
    assert {p.name: p.value for p in suite.properties()} == {
        "spec_version": VERSION, "tier": TIER, "score": "2", "max_score": "6",
    }


def test_junit_reports_timeouts_and_crashes_as_errors_and_keeps_the_xml_valid():
    (suite,) = junit_suites([broken_run()])
    timeout, crash, skipped, _ = suite
    assert isinstance(outcome(timeout), Error)
    assert outcome(timeout).message == "TIMEOUT: forward did not return within 5 s"
    assert (outcome(crash).message, outcome(crash).type) == ("CRASH: the worker died: MemoryError", "crash")
    assert isinstance(outcome(skipped), Skipped) and skipped.is_skipped
    system_out = suite._elem.find("system-out").text
    assert system_out == "hello\\x00\\x1b[31m world"


def test_junit_gives_a_submission_that_did_not_load_one_error():
    (suite,) = junit_suites([load_error()])
    (load,) = suite
    assert (load.classname, load.name) == ("backprop_spec.Submission", "load")
    error = outcome(load)
    assert isinstance(error, Error)
    assert error.message == "SyntaxError: invalid syntax (dave.py, line 3)"
    assert error.text.endswith("def forward(self x):")


# csv


def gradebook(results):
    return list(csv.DictReader(io.StringIO(report("csv", results))))


def test_csv_has_a_column_per_component_in_first_seen_order():
    text = report("csv", [load_error(), broken_run(), flagged(), failing()])
    assert text.splitlines()[0] == "submission,Affine,Relu,Sigmoid,total,max_score,error"


def test_csv_rows_hold_component_scores_totals_and_errors():
    rows = {row["submission"]: row for row in gradebook(everyone())}
    assert list(rows) == [r.submission for r in everyone()]
    bob = rows["class/bob/"]
    assert (float(bob["Affine"]), float(bob["Relu"]), bob["Sigmoid"]) == (2.0, 0.0, "")
    assert (float(bob["total"]), float(bob["max_score"]), bob["error"]) == (2.0, 6.0, "")
    erin = rows["class/erin.py"]
    assert [float(erin[k]) for k in ("Affine", "Relu", "Sigmoid", "total")] == [4.0, 2.0, 2.0, 8.0]
    dave = rows["class/dave.py"]
    assert (dave["Affine"], dave["Relu"], float(dave["total"])) == ("", "", 0.0)
    assert dave["error"] == "SyntaxError: invalid syntax (dave.py, line 3)"


def test_csv_adds_a_coverage_column_per_component_only_when_measured():
    rows = gradebook([measured(), failing()])
    assert list(rows[0])[-2:] == ["Affine lines run %", "Relu lines run %"]
    assert (rows[0]["Affine lines run %"], rows[0]["Relu lines run %"]) == ("83.3", "100")
    assert (rows[1]["Affine lines run %"], rows[1]["Relu lines run %"]) == ("", "")


# text


def text_lines(results, **options):
    text = report("text", results, **options)
    assert text.endswith("\n")
    return text.splitlines()


def test_text_detail_shows_what_went_wrong_and_a_line_for_what_did_not():
    lines = text_lines([failing()])
    assert lines[0] == "class/bob/: 2/6 points, 2 FAILING, 2.5s (backprop-spec 9.9.9, core tier)"
    assert "Affine  FAIL     2/4  bob/common/layers.py:Affine" in lines
    assert lines[-1] == "Relu    MISSING  0/2  did you mean 'Rleu'?"  # one line, not one per clause
    assert not any("RELU-1" in line for line in lines)
    assert "  passes AFF-1" in lines
    at = lines.index("  FAIL     AFF-2   0/2  Affine behaves as clause AFF-2 says")
    details = lines[at + 1 : lines.index("  passes AFF-1")]
    assert all(line.startswith(" " * 11) for line in details)
    wrapped = details.index("           counterexample:")
    assert wrapped > 1 and " ".join(line.strip() for line in details[:wrapped]) == LONG_MESSAGE
    assert details[wrapped:] == [
        "           counterexample:",
        "             x = [[1. 2.]",
        "              [3. 4.]]",
        "             dout = [[1. 0.]",
        "              [0. 1.]]",
        f"           hint: {HINT}",
    ]
    assert max(map(len, lines)) <= 100
    assert not any("\x1b" in line for line in lines)


def test_text_explains_again_a_hint_that_another_component_got_for_its_own_mistake():
    hint = "a name the code uses is not defined where it runs"
    result = failing()
    result.components = components(SoftmaxWithLoss=("fail", "swl.py:SoftmaxWithLoss", 0.0, 2.0),
                                   TwoLayerNet=("fail", "net.py:TwoLayerNet", 0.0, 2.0))
    result.clauses = [
        clause("SWL-1", "SoftmaxWithLoss", "fail", 0.0, 2.0, message="`loss` is not defined", hint=hint),
        clause("NET-7", "TwoLayerNet", "fail", 0.0, 2.0, message="`out` is not defined", hint=hint),
    ]
    text = "\n".join(text_lines([result]))
    assert "`loss` is not defined" in text and "`out` is not defined" in text
    assert "same mistake as" not in text


def test_text_verbose_lists_every_clause_in_the_components_order():
    lines = text_lines([failing()], verbose=True)
    assert lines.index("Affine  FAIL     2/4  bob/common/layers.py:Affine") < lines.index(
        "Relu    MISSING  0/2  did you mean 'Rleu'?")
    assert "  PASS     AFF-1   2/2  Affine behaves as clause AFF-1 says" in lines
    assert "  MISSING  RELU-1  0/2  Relu behaves as clause RELU-1 says" in lines
    assert "           no class Relu in the submission" in lines


def test_text_puts_failing_components_first_and_explains_a_mistake_once():
    result = failing()
    result.components = components(
        Relu=("pass", "bob/layers.py:Relu", 2.0, 2.0), Affine=("fail", "bob/common/layers.py:Affine", 0.0, 4.0))
    long_counterexample = "\n".join(f"x{i} = {i}" for i in range(20))
    result.clauses = [
        clause("RELU-1", "Relu", "pass", 2.0, 2.0),
        clause("AFF-1", "Affine", "fail", 0.0, 2.0, message="db is wrong", counterexample=long_counterexample,
               hint=HINT),
        clause("AFF-2", "Affine", "fail", 0.0, 2.0, message="dW is wrong", hint=HINT),
        clause("AFF-9", "Affine", "fail", 0.0, 0.0, "extended", message="N-D input"),
    ]
    lines = text_lines([result])
    assert lines[2] == "Affine  FAIL     0/4  bob/common/layers.py:Affine"
    assert lines[-1] == "Relu    PASS     2/2  bob/layers.py:Relu"
    assert "           same mistake as AFF-1: " + HINT in lines
    assert "dW is wrong" not in "\n".join(lines)  # the hint says it; -v shows the message
    assert "             ... (14 more lines: -v shows them)" in lines
    assert "  fails AFF-9, which carry no points in this tier (-v shows why)" in lines
    assert "N-D input" not in "\n".join(lines)


def test_text_gives_a_components_coverage_with_the_lines_missed():
    lines = text_lines([measured()])
    assert "Affine  PASS     4/4  alice.py:Affine, coverage 10/12 lines (missed: lines 45-46)" in lines
    assert "Relu    PASS     2/2  alice.py:ReLU, coverage 6/6 lines" in lines


def test_text_shows_timeouts_crashes_flags_warnings_and_errors():
    lines = text_lines([broken_run(), flagged(), load_error()])
    assert "  TIMEOUT  AFF-1   0/2  Affine behaves as clause AFF-1 says" in lines
    assert "           forward did not return within 5 s" in lines
    assert "  CRASH    AFF-2   0/2  Affine behaves as clause AFF-2 says" in lines
    assert "  fails AFF-9, which carry no points in this tier (-v shows why)" in lines
    assert lines[lines.index("flags:") + 1] == "  - patched numpy.allclose"
    assert lines[lines.index("warnings:") + 1] == "  - import of 'matplotlib' failed and was skipped"
    at = lines.index("class/dave.py: ERROR, 0.5s (backprop-spec 9.9.9, core tier)")
    assert lines[at + 1 : at + 4] == [
        "ERROR: the submission could not be graded:",
        "  SyntaxError: invalid syntax (dave.py, line 3)",
        "      def forward(self x):",
    ]


def test_text_summarises_a_class_and_leaves_out_the_detail_of_a_large_one():
    lines = text_lines(everyone())
    assert not any("AFF-1" in line for line in lines)
    assert lines == [
        "submission         score  status      time",
        "class/alice.py     6/6    FULL MARKS  1.2s",
        "class/bob/         2/6    2 FAILING   2.5s",
        "class/carol.ipynb  2/6    2 FAILING   31.0s",
        "class/dave.py      0/6    ERROR       0.5s",
        "class/erin.py      8/8    FULL MARKS  1.5s",
        "",
        "5 submissions: mean score 3.6/8, 2 with full marks, 1 could not be graded",
    ]


def test_text_gives_the_detail_of_a_small_class_before_its_summary():
    lines = text_lines([passing(), failing()])
    assert lines[0].startswith("class/alice.py: 6/6 points, FULL MARKS")
    assert "  FAIL     AFF-2   0/2  Affine behaves as clause AFF-2 says" in lines
    assert lines[-4:] == [
        "class/alice.py  6/6    FULL MARKS  1.2s",
        "class/bob/      2/6    2 FAILING   2.5s",
        "",
        "2 submissions: mean score 4/6, 1 with full marks, 0 could not be graded",
    ]


def test_text_colour_is_optional():
    coloured = report("text", [failing()], color=True, verbose=True)
    assert "\x1b[31mFAIL\x1b[0m" in coloured and "\x1b[32mPASS\x1b[0m" in coloured
    assert "\x1b[" not in report("text", [failing()])


# progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_progress_redraws_one_line_on_a_terminal():
    stream, clock = Terminal(), Clock()
    with Progress(3, stream=stream, clock=clock) as progress:
        for result in (passing(), failing(), load_error()):
            clock.now += 25
            progress.advance(result)
    out = stream.getvalue()
    assert out.count("\r") == 4 and out.endswith("\n") and out.count("\n") == 1
    frames = [frame.rstrip() for frame in out.strip("\n").split("\r")[1:]]
    assert frames[0].endswith("0/3 graded  00:00")
    assert frames[1].endswith("1/3 graded  00:25  last: alice.py 6/6")
    assert frames[2].endswith("2/3 graded  00:50  last: bob 2/6")
    assert frames[3] == "[" + "#" * 24 + "] 3/3 graded  01:15  last: dave.py ERROR"


def test_progress_writes_sparse_lines_to_a_log():
    stream = io.StringIO()
    with Progress(40, stream=stream, clock=Clock()) as progress:
        for _ in range(40):
            progress.advance(passing())
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert [line.split()[0] for line in lines] == [f"{n}/40" for n in range(4, 41, 4)]


def test_progress_can_be_silenced():
    stream = Terminal()
    with Progress(2, stream=stream, enabled=False) as progress:
        progress.advance(passing())
    assert stream.getvalue() == ""


def test_wide_text_wraps_within_the_width_and_never_starts_a_line_with_closing_punctuation():
    from backprop_spec.reports.text import NO_LINE_START, WIDTH, width_of, wrap

    sentence = "勾配の要素がすべて 0 です。" * 12 + "（np.dot(x, self.W) を使う）" * 3
    lines = wrap(sentence, "    ")
    assert "".join(line[4:] for line in lines).replace(" ", "") == sentence.replace(" ", "")
    assert all(width_of(line) <= WIDTH for line in lines)
    assert not any(line[4:5] in NO_LINE_START or line.endswith("（") for line in lines)
