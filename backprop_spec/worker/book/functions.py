"""The rest of the book's ``common/functions.py``: chapter 3's activations and chapter 4's losses."""

import numpy as np

from reference.functions import cross_entropy_error, sigmoid, softmax


def identity_function(x):
    return x


def step_function(x):
    """1 where x > 0, else 0, as integers."""
    return np.array(x > 0, dtype=int)


def sigmoid_grad(x):
    """The derivative of the sigmoid at x: y * (1 - y)."""
    y = sigmoid(x)
    return y * (1.0 - y)


def relu(x):
    return np.maximum(0, x)


def relu_grad(x):
    """1 where x >= 0, else 0 (the book takes the derivative at 0 to be 1)."""
    grad = np.zeros_like(x)
    grad[x >= 0] = 1
    return grad


def sum_squared_error(y, t):
    """Half the sum of squared differences (chapter 4 calls it mean_squared_error too)."""
    return 0.5 * np.sum((y - t) ** 2)


mean_squared_error = sum_squared_error


def softmax_loss(X, t):
    """Cross-entropy of the softmax of the scores X."""
    return cross_entropy_error(softmax(X), t)
