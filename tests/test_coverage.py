"""``grade --coverage DIR``: which lines of each submission the spec ran, as HTML and per component.

One class is graded once, through the command line with two jobs, and most tests read what that wrote.
"""
import json
import os

import nbformat
import numpy as np
import pytest
from coverage import CoverageData

from backprop_spec.cli import main
from backprop_spec.coverage_report import describe_lines, folder_names
from backprop_spec.executed import source_as_run
from backprop_spec.grading import GradeOptions, grade_submission
from backprop_spec.loading import load_submission
from backprop_spec.worker import RemoteSubject
from spec.subject import ClauseAborted

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "coverage")
EXTRAS = os.path.join(DATA, "extras.py")
TRACING = os.path.join(DATA, "tracing.py")
HANGS = os.path.join(DATA, "hangs.py")
CORRECT = os.path.join(HERE, "data", "worker", "correct.py")
BOOK = os.path.join(HERE, "data", "worker", "book_folder")
X = np.array([[1.0, -0.5], [-2.0, 3.0]])

# A notebook whose Relu has a method no clause calls: its `return` is cell 3, line 14, unit line 15.
NOTEBOOK_CELLS = [
    ("markdown", "# Chapter 5"),
    ("code", "import numpy as np"),
    ("code", "class Relu:\n    def forward(self, x):\n        self.mask = x <= 0\n        out = x.copy()\n"
             "        out[self.mask] = 0\n        return out\n\n    def backward(self, dout):\n"
             "        dout = dout.copy()\n        dout[self.mask] = 0\n        return dout\n\n"
             "    def describe(self):\n        return 'ReLU'"),
    ("code", "Relu().describe()"),
]


def write_notebook(path):
    notebook = nbformat.v4.new_notebook()
    for kind, source in NOTEBOOK_CELLS:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        notebook.cells.append(make(source))
    nbformat.write(notebook, str(path))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A class of four graded with --jobs 2 --coverage: the JSON report, and the coverage folder."""
    folder = tmp_path_factory.mktemp("class")
    notebook, empty = folder / "nb.ipynb", folder / "empty.py"
    write_notebook(notebook)
    empty.write_text("")
    out, report = folder / "coverage", folder / "report.json"
    paths = [EXTRAS, CORRECT, str(notebook), str(empty)]
    code = main(["grade", *paths, "--jobs", "2", "--profile", "quick", "--coverage", str(out), "--format", "json",
                 "-o", str(report)])
    assert code == 1
    submissions = json.loads(report.read_text())["submissions"]
    return {os.path.basename(s["submission"]): s for s in submissions}, out


def test_code_that_no_clause_runs_is_reported_missed_line_by_line(graded):
    submissions, _ = graded
    components = submissions["extras.py"]["components"]
    assert components["Relu"]["status"] == "pass"
    assert components["Relu"]["coverage"] == {
        "lines": 13, "run": 11, "percent": 84.6, "missed": [18, 19], "missed_where": "lines 18-19",
    }  # describe(), which no clause calls
    assert components["Affine"]["coverage"] == {
        "lines": 15, "run": 14, "percent": 93.3, "missed": [34], "missed_where": "line 34",
    }  # the `raise` of a branch no clause takes
    assert "coverage" not in components["Sigmoid"]  # not in the submission


def test_a_component_the_spec_runs_whole_is_covered_in_full(graded):
    submissions, _ = graded
    components = submissions["correct.py"]["components"]
    assert components["Affine"]["coverage"] == {
        "lines": 11, "run": 11, "percent": 100.0, "missed": [], "missed_where": "",
    }
    assert all(c["coverage"]["percent"] == 100.0 for c in components.values())


def test_a_notebooks_missed_lines_are_named_by_cell(graded):
    submissions, out = graded
    relu = submissions["nb.ipynb"]["components"]["Relu"]["coverage"]
    assert (relu["missed"], relu["missed_where"]) == ([15], "cell 3, line 14")
    index = (out / "index.html").read_text()
    assert "nb.ipynb is shown as nb.ipynb.py: cell 2 = line 1, cell 3 = lines 2-15" in index
    assert (out / "nb.ipynb" / "source" / "nb.ipynb.py").is_file()


def test_each_submission_gets_html_data_and_the_sources_as_they_ran(graded):
    _, out = graded
    index = (out / "index.html").read_text()
    assert '<a href="extras.py/html/index.html">' in index and "26/29 lines run" in index
    assert "extras.py" in (out / "extras.py" / "html" / "index.html").read_text()
    source = (out / "extras.py" / "source" / "extras.py").read_text()
    with open(EXTRAS) as file:
        written = file.read().split("\n")
    assert source.split("\n")[1:38] == written[1:38]  # the comment on line 1 is not code that ran
    assert "print" not in source  # the demo the loader left out is not there to be counted as missed
    data = CoverageData(basename=str(out / "extras.py" / ".coverage"))
    data.read()
    assert sorted(data.lines(str(out / "extras.py" / "source" / "extras.py")))[-3:] == [36, 37, 38]


def test_a_submission_that_did_not_load_is_listed_unmeasured(graded):
    _, out = graded
    assert "not measured: " in (out / "index.html").read_text()
    assert not (out / "empty.py").exists()


def test_without_the_option_nothing_is_measured():
    with RemoteSubject(load_submission(TRACING)) as subject:
        assert subject.call("softmax", X).tolist() == [[0.0, 0.0], [0.0, 0.0]]  # no tracer in the worker
        subject.collect_lines()
        assert subject.executed_lines == {}
    result = grade_submission(TRACING, GradeOptions(profile="quick"))
    assert result.executed is None
    assert "coverage" not in result.to_dict()["components"]["softmax"]


def test_with_the_option_only_the_students_own_files_are_measured():
    with RemoteSubject(load_submission(TRACING), coverage=True) as subject:
        assert subject.call("softmax", X).tolist() == [[1.0, 1.0], [1.0, 1.0]]
        subject.collect_lines()
        assert subject.executed_lines == {"tracing.py": [2, 3, 6, 7, 8]}
    with RemoteSubject(load_submission(BOOK), coverage=True) as book:
        net = book.new("TwoLayerNet", 4, 5, 3)
        net.call("loss", np.ones((2, 4)), np.eye(3)[[0, 2]])  # through the book's helpers, served as shims
        book.collect_lines()
        lines = book.executed_lines
    assert set(lines) == {"ch05/two_layer_net.py", "ch05/borrowed.py", "ch05/train_neuralnet.py"}
    assert {26, 27, 30, 31} <= set(lines["ch05/two_layer_net.py"])  # predict and loss ran


def test_lines_of_a_stopped_worker_are_kept_and_merged_with_the_next_ones():
    with RemoteSubject(load_submission(HANGS), timeout_s=0.5, coverage=True) as subject:
        subject.new("MulLayer").call("forward", 2.0, 3.0)
        subject.collect_lines()
        with pytest.raises(ClauseAborted):
            subject.new("Relu").call("forward", X)  # loops until the worker is stopped
        subject.collect_lines()  # nothing to ask: the worker is gone, with the loop's lines
        subject.new("AddLayer").call("forward", 2.0, 3.0)  # a fresh worker
        subject.collect_lines()
        assert subject.executed_lines == {"hangs.py": [4, 5, 6, 9, 10, 11, 14, 15]}


def test_the_source_as_run_keeps_shared_lines_and_blanks_what_the_loader_left_out(tmp_path):
    path = tmp_path / "mixed.py"
    path.write_text("import os, sys\nN = 2; M = 3\nprint(N)\n\ndef f():\n    return N * M\n")
    (unit,) = load_submission(str(path)).units
    assert source_as_run(unit) == "import os; import sys\nN = 2; M = 3\n\n\ndef f():\n    return N * M\n"


def test_missed_lines_are_described_as_the_student_finds_them():
    assert describe_lines([45, 46, 47, 52]) == "lines 45-47, 52"
    assert describe_lines([7]) == "line 7"
    line_map = ["cell 2, line 1", "cell 4, line 1", "cell 4, line 2", "cell 4, line 3"]
    assert describe_lines([1, 2, 4], line_map) == "cell 2, line 1; cell 4, lines 1, 3"


def test_folder_names_are_distinct_and_safe():
    names = folder_names(["a/submission.py", "b/submission.py", "alice smith.ipynb", "index.html", "c/"])
    assert names == {
        "a/submission.py": "a_submission.py", "b/submission.py": "b_submission.py",
        "alice smith.ipynb": "alice_smith.ipynb", "index.html": "index.html-2", "c/": "c",
    }


def test_a_coverage_folder_that_cannot_be_written_is_refused_before_grading(tmp_path, capsys):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("")
    assert main(["grade", EXTRAS, "--coverage", str(a_file / "html")]) == 2
    assert f"--coverage {a_file / 'html'}: cannot write there (Not a directory)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["grade", EXTRAS, "--coverage", str(a_file)])
    assert exit_info.value.code == 2
    assert f"--coverage {a_file}: expected a folder" in capsys.readouterr().err
