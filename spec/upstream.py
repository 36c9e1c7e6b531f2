"""Blame upstream: a clause that fails with no hint of its own, on a component built on one that fails its own
clauses, says so. A TwoLayerNet whose Affine is wrong fails for Affine's reason, and Affine's clauses say which."""
from spec.clauses import CORE
from spec.i18n import _
from spec.subject import Outcome

FAILING = ("fail", "timeout")


def with_upstream_hints(clauses, outcomes, tier=CORE, calls=None):
    """``outcomes`` with a hint added to each failing, hintless clause whose foundations fail their own clauses.

    Only clauses that count under ``tier`` blame a foundation: under ``core``, a component that fails only an
    extended clause is not what breaks the one built on it. ``calls`` maps a component to the components the
    student's code of it really calls, when known: one it never calls is not blamed.
    """
    failing = {}
    for clause in clauses:
        if outcomes[clause.id].status in FAILING and (tier != CORE or clause.tier == CORE):
            failing.setdefault(clause.component, []).append(clause.id)
    updated = dict(outcomes)
    for clause in clauses:
        outcome = outcomes[clause.id]
        if outcome.status != "fail" or outcome.hint:
            continue
        culprits = [c for c in clause.exercises[1:]
                    if c in failing and (calls is None or c in calls.get(clause.component, ()))]
        if culprits:
            updated[clause.id] = Outcome(outcome.status, outcome.message, outcome.counterexample,
                                         _hint(clause.component, culprits, failing), outcome.extra)
    return updated


def _hint(component, culprits, failing):
    fails = "; ".join(_("{component} fails {clauses}").format(component=c, clauses=", ".join(failing[c]))
                      for c in culprits)
    if len(culprits) == 1:
        return _("{fails}: {component} is built on it, so fix it first").format(fails=fails, component=component)
    return _("{fails}: {component} is built on them, so fix them first").format(fails=fails, component=component)
