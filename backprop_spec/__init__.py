"""backprop-spec, the grading tool: loads submissions, runs the clauses of ``spec`` on them in an isolated
worker, and reports.

Kept import-light on purpose: the worker process imports modules of this package, and must not load the
grader's side with them. Public entry points are imported on first use.
"""
from spec import __version__

__all__ = ["GradeOptions", "__version__", "check", "grade_class", "grade_submission"]


def __getattr__(name):
    if name in ("GradeOptions", "grade_class", "grade_submission"):
        from backprop_spec import grading

        return getattr(grading, name)
    if name == "check":
        from backprop_spec.notebook.checking import check

        return check
    raise AttributeError(f"module 'backprop_spec' has no attribute {name!r}")
