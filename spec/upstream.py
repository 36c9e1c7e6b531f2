"""Blame upstream: a clause that fails with no hint of its own, on a component built on one that fails its own
clauses, says so. A TwoLayerNet whose Affine is wrong fails for Affine's reason, and Affine's clauses say which."""
from spec.subject import Outcome

# What each component is built on in the book; a clause's own ``requires`` are added to these.
BUILT_ON = {
    "SoftmaxWithLoss": ("softmax", "cross_entropy_error"),
    "TwoLayerNet": ("Affine", "Relu", "SoftmaxWithLoss"),
}
FAILING = ("fail", "timeout")


def with_upstream_hints(clauses, outcomes):
    """``outcomes`` with a hint added to each failing, hintless clause whose foundations fail their own clauses."""
    failing = {}
    for clause in clauses:
        if outcomes[clause.id].status in FAILING:
            failing.setdefault(clause.component, []).append(clause.id)
    updated = dict(outcomes)
    for clause in clauses:
        outcome = outcomes[clause.id]
        if outcome.status != "fail" or outcome.hint:
            continue
        culprits = [c for c in dict.fromkeys(BUILT_ON.get(clause.component, ()) + clause.requires) if c in failing]
        if culprits:
            updated[clause.id] = Outcome(outcome.status, outcome.message, outcome.counterexample,
                                         _hint(clause.component, culprits, failing), outcome.extra)
    return updated


def _hint(component, culprits, failing):
    fails = "; ".join(f"{c} fails {', '.join(failing[c])}" for c in culprits)
    them = "it" if len(culprits) == 1 else "them"
    return f"{fails}: {component} is built on {them}, so fix {them} first"
