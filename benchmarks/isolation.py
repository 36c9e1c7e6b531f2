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


def round_trip_seconds(subject, calls=200):
    """Seconds per call of Relu.forward on a small array: in-process, a call; through the worker, a round trip."""
    import numpy as np

    relu = subject.new("Relu")
    x = np.array([[1.0, -0.5], [-2.0, 3.0]])
    started = time.perf_counter()
    for _ in range(calls):
        relu.call("forward", x)
    return (time.perf_counter() - started) / calls


def main(repeats=3):
    from backprop_spec.loading import load_submission
    from backprop_spec.local import LocalSubject
    from backprop_spec.worker import RemoteSubject

    local, remote, local_call, remote_call = [], [], [], []
    for _ in range(repeats):
        in_process = LocalSubject.from_target(str(SUBMISSION))
        local.append(spec_seconds(in_process))
        local_call.append(round_trip_seconds(in_process))
        with RemoteSubject(load_submission(SUBMISSION)) as subject:
            subject.find("Relu")  # started and loaded: the cost measured is the boundary, not the start
            remote.append(spec_seconds(subject))
            remote_call.append(round_trip_seconds(subject))
    print(f"(e) the whole spec on {SUBMISSION.relative_to(ROOT)} (a complete correct implementation), best of "
          f"{repeats}")
    print(f"    in-process {min(local):.2f} s, through the isolated worker {min(remote):.2f} s: "
          f"ratio {min(remote) / min(local):.2f} (goal: <= 2)")
    print(f"    one call of Relu.forward: in-process {min(local_call) * 1e3:.3f} ms, one round trip to the worker "
          f"{min(remote_call) * 1e3:.3f} ms (goal: well under 1 ms)")
