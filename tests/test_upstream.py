"""A failing clause without a hint of its own points at the failing component it is built on."""
from spec.catalogue import BY_ID, CLAUSES
from spec.subject import Outcome
from spec.upstream import with_upstream_hints


def _outcomes(**statuses):
    outcomes = {c.id: Outcome("pass") for c in CLAUSES}
    for clause_id, outcome in statuses.items():
        outcomes[clause_id.replace("_", "-")] = outcome
    return outcomes


def test_a_network_clause_names_the_failing_layer_it_is_built_on():
    outcomes = _outcomes(AFF_5=Outcome("fail", "dW disagrees"), AFF_6=Outcome("fail", "dW disagrees"),
                         NET_7=Outcome("fail", "gradient W1 disagrees"))
    hinted = with_upstream_hints(CLAUSES, outcomes)
    # AFF-6 is extended: under the core tier it is not what breaks the network
    assert hinted["NET-7"].hint == "Affine fails AFF-5: TwoLayerNet is built on it, so fix it first"
    assert hinted["NET-7"].message == "gradient W1 disagrees"
    assert hinted["AFF-5"].hint == ""  # a layer's own clauses are not blamed on anything


def test_a_clause_with_its_own_hint_keeps_it():
    outcomes = _outcomes(AFF_5=Outcome("fail", "dW"), NET_7=Outcome("fail", "W1", hint="grads['b1'] holds W1"))
    assert with_upstream_hints(CLAUSES, outcomes)["NET-7"].hint == "grads['b1'] holds W1"


def test_several_foundations_are_named_and_a_clause_on_its_own_blames_none():
    outcomes = _outcomes(SMX_1=Outcome("fail", "rows"), CEE_1=Outcome("fail", "mean"),
                         SWL_1=Outcome("fail", "loss"), CEE_4=Outcome("fail", "gradient"))
    hinted = with_upstream_hints(CLAUSES, outcomes)
    assert hinted["SWL-1"].hint == ("softmax fails SMX-1; cross_entropy_error fails CEE-1, CEE-4: SoftmaxWithLoss "
                                    "is built on them, so fix them first")
    assert BY_ID["CEE-4"].exercises == ("cross_entropy_error",)  # the spec computes the softmax itself
    assert hinted["CEE-4"].hint == ""


def test_under_the_core_tier_an_extended_failure_is_not_blamed():
    outcomes = _outcomes(AFF_6=Outcome("fail", "N-D input"), NET_7=Outcome("fail", "W1"))
    assert with_upstream_hints(CLAUSES, outcomes, tier="core")["NET-7"].hint == ""
    assert with_upstream_hints(CLAUSES, outcomes, tier="extended")["NET-7"].hint == (
        "Affine fails AFF-6: TwoLayerNet is built on it, so fix it first")


def test_a_foundation_the_students_component_never_calls_is_not_blamed():
    outcomes = _outcomes(SMX_1=Outcome("fail", "rows"), SWL_1=Outcome("fail", "loss"))
    calls = {"SoftmaxWithLoss": {"cross_entropy_error"}}  # its own softmax inside the class
    assert with_upstream_hints(CLAUSES, outcomes, calls=calls)["SWL-1"].hint == ""


def test_nothing_is_blamed_when_the_foundations_pass_or_are_missing():
    outcomes = _outcomes(AFF_1=Outcome("missing", "no Affine"), NET_7=Outcome("fail", "W1"))
    assert with_upstream_hints(CLAUSES, outcomes)["NET-7"].hint == ""
