"""The book's gradient check (section 5.7.3): backprop and numerical gradients of TwoLayerNet agree."""
import json
from pathlib import Path

import numpy as np

from reference.mnist import load_mnist
from reference.training import make_net

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "goldens" / "gradient_check.json"


def test_gradient_check_on_three_bundled_digits(monkeypatch):
    monkeypatch.delenv("MNIST_DIR", raising=False)
    threshold = json.loads(GOLDEN.read_text())["threshold"]
    (x_train, t_train), _ = load_mnist(normalize=True, one_hot_label=True)
    x, t = x_train[:3], t_train[:3]
    net = make_net(784, 50, 10, np.random.RandomState(0))

    numerical = net.numerical_gradient(x, t)
    backprop = net.gradient(x, t)

    differences = {key: float(np.mean(np.abs(backprop[key] - numerical[key]))) for key in numerical}
    assert set(differences) == {"W1", "b1", "W2", "b2"}
    for key, difference in differences.items():  # a NaN fails too
        assert difference < threshold, f"{key}: mean |gradient - numerical_gradient| = {difference:.3g}"
