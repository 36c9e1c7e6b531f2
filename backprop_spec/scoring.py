"""Points: which clauses count under the chosen tier, and what each component and submission earns."""
from backprop_spec.results import ClauseResult, ComponentResult
from spec.clauses import COMPONENTS, CORE
from spec.i18n import N_, _

TIERS = (N_("core"), N_("extended"))  # reports name them in the reader's language: _(tier)


def counts(clause, tier):
    """Under ``--tier core`` only core clauses carry points; ``--tier extended`` scores both tiers."""
    return tier == "extended" or clause.tier == CORE


def clause_result(clause, outcome, tier, duration_s=0.0):
    max_score = clause.points if counts(clause, tier) else 0.0
    return ClauseResult(
        id=clause.id, component=clause.component, tier=clause.tier, title=_(clause.title), status=outcome.status,
        score=max_score if outcome.status == "pass" else 0.0, max_score=max_score, message=outcome.message,
        counterexample=outcome.counterexample, hint=outcome.hint, duration_s=duration_s,
    )


def component_results(clause_results, found, tier):
    """A component passes when every clause that carries points passes; missing when it was not found."""
    components = {}
    for name in COMPONENTS:
        mine = [c for c in clause_results if c.component == name]
        graded = [c for c in mine if c.max_score > 0 or (tier == "core" and c.tier == CORE)]
        where = found.get(name)
        if where is None or where.found_as is None:
            status = "missing"
        else:
            status = "pass" if all(c.status == "pass" for c in graded) else "fail"
        components[name] = ComponentResult(
            status=status,
            found_as=where.found_as if where else None,
            score=sum(c.score for c in mine),
            max_score=sum(c.max_score for c in mine),
            note=where.note if where else "",
        )
    return components
