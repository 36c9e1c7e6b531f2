"""The result of grading: one record per clause, per component and per submission.

``to_dict`` gives exactly the JSON of DESIGN.md ("Reports"); every report writer reads these records.
"""
from dataclasses import dataclass, field
from typing import Optional

from spec.i18n import _

STATUSES = ("pass", "fail", "timeout", "crash", "missing", "skipped")


def format_points(x):
    """Points the way people write them: ``2``, ``1.5``, ``0.25``."""
    return f"{x:g}"


@dataclass
class ClauseResult:
    id: str
    component: str
    tier: str
    title: str
    status: str
    score: float
    max_score: float
    message: str = ""
    counterexample: str = ""
    hint: str = ""
    duration_s: float = 0.0

    def to_dict(self):
        return {
            "id": self.id,
            "component": self.component,
            "tier": self.tier,
            "title": self.title,
            "status": self.status,
            "score": self.score,
            "max_score": self.max_score,
            "message": self.message,
            "counterexample": self.counterexample,
            "hint": self.hint,
            "duration_s": round(self.duration_s, 4),
        }

    @property
    def costs_points(self):
        """True when the clause did not pass and lost points (an unscored clause never costs any)."""
        return self.status != "pass" and self.score < self.max_score

    def explanation(self):
        """Message, counterexample and hint as one text, for reports that have a single field for them."""
        parts = [self.message]
        for label, value in ((_("Counterexample"), self.counterexample), (_("Hint"), self.hint)):
            if value:
                separator = "\n" if "\n" in value else " "
                parts.append(f"{label}:{separator}{value}")
        return "\n".join(part for part in parts if part)


@dataclass
class ComponentResult:
    status: str  # pass | fail | missing
    found_as: Optional[str]
    score: float
    max_score: float
    note: str = ""
    coverage: Optional[dict] = None  # with grade --coverage: lines, run, percent, missed, missed_where

    def to_dict(self):
        record = {
            "status": self.status,
            "found_as": self.found_as,
            "score": self.score,
            "max_score": self.max_score,
            "note": self.note,
        }
        if self.coverage is not None:
            record["coverage"] = dict(self.coverage)
        return record


@dataclass
class SubmissionResult:
    submission: str
    score: float = 0.0
    max_score: float = 0.0
    duration_s: float = 0.0
    error: Optional[str] = None
    flags: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    components: dict = field(default_factory=dict)  # name -> ComponentResult
    clauses: list = field(default_factory=list)  # ClauseResult, in catalogue order
    output: str = ""  # what the student's code printed (capped)
    resources: dict = field(default_factory=dict)  # load_s, clauses_s, worker_peak_mib, grader_peak_mib
    executed: Optional[object] = None  # with grade --coverage: an ``executed.Executed``, for the HTML; not reported
    language: str = "en"  # of its messages: en, ja, zh or ko

    @property
    def full_marks(self):
        return self.error is None and self.score >= self.max_score

    @property
    def failing(self):
        """The clauses that cost this submission points."""
        return [c for c in self.clauses if c.costs_points]

    def to_dict(self):
        return {
            "submission": self.submission,
            "language": self.language,
            "score": self.score,
            "max_score": self.max_score,
            "duration_s": round(self.duration_s, 3),
            "error": self.error,
            "flags": list(self.flags),
            "warnings": list(self.warnings),
            "components": {name: c.to_dict() for name, c in self.components.items()},
            "clauses": [c.to_dict() for c in self.clauses],
            "output": self.output,
            "resources": dict(self.resources),
        }
