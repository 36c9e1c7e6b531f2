"""The book's numerical gradient: a central difference per element, for arrays of any shape."""
import numpy as np


def numerical_gradient(f, x, h=1e-4):
    """Return df/dx by central differences; ``x`` is perturbed in place and restored exactly."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        saved = x[idx]
        x[idx] = saved + h
        f_plus = f(x)
        x[idx] = saved - h
        f_minus = f(x)
        grad[idx] = (f_plus - f_minus) / (2 * h)
        x[idx] = saved
    return grad
