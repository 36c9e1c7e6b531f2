"""(g), issue 14: check(Affine) in the notebook vs grading the same Affine's clauses through grade.

The Affine is the correct fixture's (book_style.py), alone in a file, so that grade runs Affine's clauses and
finds the other components missing. check() is timed on its first call in a fresh interpreter (what a student
waits for after the import cell: the catalogue and Hypothesis are imported then) and on later calls.
"""
import ast
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ENV, ROOT, grade

SOURCE = ROOT / "fixtures" / "impls" / "correct" / "book_style.py"
FIRST_CALL = """
import sys, time
namespace = {"__name__": "__main__"}
exec(open(sys.argv[1]).read(), namespace)
started = time.perf_counter()
from backprop_spec import check
imported = time.perf_counter()
result = check(namespace["Affine"])
assert result.passed, result
print(imported - started, time.perf_counter() - imported)
"""


def affine_only(folder):
    """A file holding the fixture's Affine and nothing else of chapter 5."""
    text = SOURCE.read_text(encoding="utf-8")
    [node] = [n for n in ast.parse(text).body if isinstance(n, ast.ClassDef) and n.name == "Affine"]
    path = Path(folder) / "affine_only.py"
    path.write_text("import numpy as np\n\n\n" + ast.get_source_segment(text, node) + "\n", encoding="utf-8")
    return path


def first_call(path):
    """(import seconds, first check seconds) in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", FIRST_CALL, str(path)], env=ENV, capture_output=True, text=True,
                         check=True).stdout
    imported, checked = map(float, out.split())
    return imported, checked


def main(rounds=5):
    from backprop_spec import check
    from backprop_spec.grading import GradeOptions, grade_submission

    with tempfile.TemporaryDirectory() as tmp:
        path = affine_only(tmp)
        namespace = {"__name__": "__main__"}
        exec(path.read_text(encoding="utf-8"), namespace)
        firsts = [first_call(path) for _ in range(3)]
        check(namespace["Affine"])  # the catalogue imported, as after a first call
        warm, cli, in_process = [], [], []
        for _ in range(rounds):  # interleaved, so that a noisy moment hits both
            started = time.perf_counter()
            result = check(namespace["Affine"])
            warm.append(time.perf_counter() - started)
            started = time.perf_counter()
            graded = grade_submission(path, GradeOptions())
            in_process.append(time.perf_counter() - started)
        for _ in range(3):
            cli.append(grade([path])[0])
    same = result.statuses == {c.id: c.status for c in graded.clauses if c.component == "Affine"}
    assert same and result.passed, (result.statuses, graded.clauses)
    first = statistics.median(c for _, c in firsts)
    print(f"(g) check(Affine) in the notebook vs grade, on the Affine of {SOURCE.relative_to(ROOT)} alone in a file "
          "(same verdicts)")
    print(f"    check(Affine): first call {first:.2f} s (median of 3 fresh interpreters; `from backprop_spec import "
          f"check` took {statistics.median(i for i, _ in firsts):.2f} s before it), later calls "
          f"{statistics.median(warm):.2f} s (median of {rounds})")
    print(f"    grade: `backprop-spec grade` {statistics.median(cli):.2f} s (median of 3), grade_submission in-process "
          f"{statistics.median(in_process):.2f} s (median of {rounds})")
    print(f"    ratios to `backprop-spec grade`: first call {first / statistics.median(cli):.2f}, later calls "
          f"{statistics.median(warm) / statistics.median(cli):.2f} (goal: check(Affine) well under 1 s)")
