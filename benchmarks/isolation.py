"""Issue 4: the cost of isolation. The whole spec through the worker vs in-process, on the same code."""
import time

from benchmarks.common import ROOT

SUBMISSION = ROOT / "fixtures" / "impls" / "correct" / "book_style.py"


def spec_seconds(subject):
    from spec.catalogue import CLAUSES
    from spec.context import CheckContext
    from spec.runner import run_clause

    ctx = CheckContext()
    started = time.perf_counter()
    statuses = {run_clause(c, subject, ctx).status for c in CLAUSES}
    assert statuses == {"pass"}, statuses
    return time.perf_counter() - started


def main(repeats=3):
    from backprop_spec.loading import load_submission
    from backprop_spec.local import LocalSubject
    from backprop_spec.worker import RemoteSubject

    local, remote = [], []
    for _ in range(repeats):
        local.append(spec_seconds(LocalSubject.from_target(str(SUBMISSION))))
        with RemoteSubject(load_submission(SUBMISSION)) as subject:
            subject.find("Relu")  # started and loaded: the cost measured is the boundary, not the start
            remote.append(spec_seconds(subject))
    print(f"(e) the whole spec on {SUBMISSION.relative_to(ROOT)} (a complete correct implementation), best of "
          f"{repeats}")
    print(f"    in-process {min(local):.2f} s, through the isolated worker {min(remote):.2f} s: "
          f"ratio {min(remote) / min(local):.2f} (goal: <= 2)")
