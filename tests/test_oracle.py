"""The NET clauses' oracle, written independently of reference/, agrees with the reference and with numbers."""
import numpy as np
import pytest

from reference.two_layer_net import TwoLayerNet
from spec.checks.losses import mean_cross_entropy, softmax_rows
from spec.checks.network import KEYS, Oracle


def _params(rng, sizes=(5, 4, 3)):
    (i, h, o) = sizes
    return {"W1": rng.normal(size=(i, h)), "b1": rng.normal(size=h), "W2": rng.normal(size=(h, o)),
            "b2": rng.normal(size=o)}


@pytest.mark.parametrize("integer_labels", [False, True])
def test_the_oracle_agrees_with_the_reference_network(integer_labels):
    rng = np.random.default_rng(3)
    params, x = _params(rng), rng.normal(size=(6, 5))
    labels = rng.integers(0, 3, size=6)
    t = labels if integer_labels else np.eye(3)[labels]
    net = TwoLayerNet(5, 4, 3)
    for key in KEYS:
        net.params[key][...] = params[key]
    np.testing.assert_allclose(Oracle(params).predict(x), net.predict(x), rtol=1e-12)
    expected = net.gradient(x, t)
    for key in KEYS:
        np.testing.assert_allclose(Oracle(params).gradient(x, t)[key], expected[key], rtol=1e-10, atol=1e-14)


def test_the_oracle_gradient_is_the_central_difference_of_its_loss():
    rng = np.random.default_rng(4)
    params, x, labels = _params(rng), rng.normal(size=(6, 5)), rng.integers(0, 3, size=6)

    def loss(p):
        return mean_cross_entropy(softmax_rows(Oracle(p).predict(x)), labels)

    gradient = Oracle(params).gradient(x, labels)
    for key in KEYS:
        for index in np.ndindex(*params[key].shape):
            moved = {k: v.copy() for k, v in params.items()}
            moved[key][index] += 1e-6
            plus = loss(moved)
            moved[key][index] -= 2e-6
            numerical = (plus - loss(moved)) / 2e-6
            assert abs(numerical - gradient[key][index]) < 1e-7, (key, index)
