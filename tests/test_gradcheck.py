"""The gradient checker: the directional and the book's elementwise method agree, and both see subtle bugs."""
import numpy as np
import pytest

from spec.gradcheck import directional_mismatch, elementwise_mismatch, first_failing_tensor

A = np.random.default_rng(1).normal(size=(6, 5))
B = np.random.default_rng(2).normal(size=5)


def objective(name, moved):
    """L(W, b) = sum(A * sin(W)) + sum(exp(b) / 3): smooth, every element matters."""
    W = moved if name == "W" else TENSORS["W"]
    b = moved if name == "b" else TENSORS["b"]
    terms = np.concatenate([(A * np.sin(W)).ravel(), (np.exp(b) / 3).ravel()])
    return float(terms.sum()), float(np.abs(terms).sum())


TENSORS = {"W": np.random.default_rng(3).normal(size=(6, 5)), "b": B}
TRUE = {"W": A * np.cos(TENSORS["W"]), "b": np.exp(B) / 3}


def with_bug(kind):
    grads = {k: v.copy() for k, v in TRUE.items()}
    if kind == "one element doubled":
        grads["W"][2, 3] *= 2
    elif kind == "one element off by 1%":
        grads["W"][4, 1] *= 1.01
    elif kind == "off by 1e-3 relative":
        grads = {k: v * (1 + 1e-3) for k, v in grads.items()}
    elif kind == "transposed-like swap":
        grads["W"][[0, 1]] = grads["W"][[1, 0]]
    elif kind == "bias gradient zero":
        grads["b"] = np.zeros_like(grads["b"])
    return grads


BUGS = ["one element doubled", "one element off by 1%", "off by 1e-3 relative", "transposed-like swap",
        "bias gradient zero"]


def test_a_correct_gradient_passes_both_methods():
    assert directional_mismatch(objective, TENSORS, TRUE, np.random.default_rng(0)) is None
    assert elementwise_mismatch(objective, TENSORS, TRUE) is None


@pytest.mark.parametrize("bug", BUGS)
def test_subtle_bugs_fail_both_methods_with_the_same_verdict(bug):
    grads = with_bug(bug)
    assert first_failing_tensor(objective, TENSORS, grads, np.random.default_rng(0)) is not None
    assert elementwise_mismatch(objective, TENSORS, grads) is not None


@pytest.mark.parametrize("bug, where", [("one element doubled", ("W", (2, 3))), ("one element off by 1%",
                                                                                 ("W", (4, 1)))])
def test_a_failure_is_localised_to_the_wrong_element(bug, where):
    mismatch = directional_mismatch(objective, TENSORS, with_bug(bug), np.random.default_rng(0))
    assert (mismatch.tensor, mismatch.index) == where
    assert mismatch.numerical == pytest.approx(TRUE[where[0]][where[1]], rel=1e-6)


def test_the_directional_check_costs_two_evaluations_per_direction_and_tensor():
    calls = []

    def counting(name, moved):
        calls.append(name)
        return objective(name, moved)

    directional_mismatch(counting, TENSORS, TRUE, np.random.default_rng(0))
    assert len(calls) == 2 * 2 * len(TENSORS)  # 2 directions, 2 evaluations, per tensor
    calls.clear()
    elementwise_mismatch(counting, TENSORS, TRUE)
    assert len(calls) == 2 * sum(t.size for t in TENSORS.values())


def test_an_exactly_zero_gradient_is_judged_by_the_rounding_floor():
    flat = {"W": np.zeros((3, 3))}

    def constant(name, moved):
        return 1.0, 1.0

    assert directional_mismatch(constant, flat, {"W": np.zeros((3, 3))}, np.random.default_rng(0)) is None
    assert directional_mismatch(constant, flat, {"W": np.full((3, 3), 1e-3)}, np.random.default_rng(0)) is not None
