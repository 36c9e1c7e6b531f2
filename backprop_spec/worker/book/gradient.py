"""The rest of the book's gradient helpers: chapter 4's row-by-row numerical gradient (``gradient_2d.py``)."""

import numpy as np

from reference.gradient import numerical_gradient


def _numerical_gradient_1d(f, x):
    """The central difference of f at each element of the 1-D array x, perturbed in place."""
    return numerical_gradient(f, x)


def numerical_gradient_2d(f, X):
    """A 1-D X as it is; a 2-D X one row at a time, each row perturbed in place through the 1-D function."""
    if X.ndim == 1:
        return _numerical_gradient_1d(f, X)
    grad = np.zeros_like(X)
    for row, x in enumerate(X):
        grad[row] = _numerical_gradient_1d(f, x)
    return grad


_numerical_gradient_no_batch = _numerical_gradient_1d
