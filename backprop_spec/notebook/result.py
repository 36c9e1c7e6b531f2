"""What ``check()`` returns: the verdicts ``grade`` gives, per component and per clause, that Jupyter shows as
an HTML table and anything else prints as text."""
from dataclasses import dataclass, field

from backprop_spec.notebook import render


@dataclass
class CheckResult:
    components: dict  # component -> backprop_spec.results.ComponentResult, for each component checked
    clauses: list  # backprop_spec.results.ClauseResult of those components, in the catalogue's order
    tier: str = "core"
    names: dict = field(default_factory=dict)  # component -> the student's name for it, when not the book's
    missing: dict = field(default_factory=dict)  # check() without argument: component -> why ("" if undefined)
    everything: bool = False  # check() without argument: the components not found are listed
    notes: list = field(default_factory=list)  # about the run itself (no time limit here)
    printed: str = ""  # what the student's code printed while it was checked, capped
    printed_total: int = 0  # characters printed in all
    duration_s: float = 0.0
    language: str = "en"  # of its messages: the words around them are shown in it too

    @property
    def passed(self):
        """Whether every clause that counts under the tier passes, in every component checked (and one was)."""
        return bool(self.components) and all(c.status == "pass" for c in self.components.values())

    @property
    def statuses(self):
        """Clause id -> status (pass, fail, timeout, crash, missing)."""
        return {c.id: c.status for c in self.clauses}

    def __str__(self):
        return render.to_text(self)

    __repr__ = __str__

    def _repr_html_(self):
        return render.to_html(self)
