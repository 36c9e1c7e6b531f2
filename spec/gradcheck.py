"""Gradient checks: directional first (two evaluations per tensor), elementwise only to locate a failure.

For a tensor ``T`` with backward gradient ``g`` and a random direction ``u``, backward predicts the
directional derivative ``<g, u>``; a central difference ``(L(T + h u) - L(T - h u)) / 2h`` measures it.
By Cauchy-Schwarz ``|<g, u>| <= |g| |u|``, so the error is judged relative to ``|g| |u|``: a gradient off
by one part in a thousand, or wrong in a single element, stands far above float64 noise.
"""
from dataclasses import dataclass

import numpy as np

EPS = np.finfo(np.float64).eps
STEP = 1e-5  # central-difference step along a unit-variance direction
RTOL = 1e-6  # allowed |measured - predicted| relative to |g| |u|
DIRECTIONS = 2  # random directions per tensor
LOCALISE_LIMIT = 4096  # elements examined one by one after a failure (a random sample beyond this)


@dataclass
class Mismatch:
    """Where a backward gradient disagrees with the numerical one."""

    tensor: str
    index: tuple
    numerical: float
    backward: float
    relative_error: float


def directional_mismatch(objective, tensors, grads, rng, rtol=RTOL, step=STEP, directions=DIRECTIONS):
    """The first tensor whose backward gradient fails a directional check, localised; else ``None``.

    ``objective(name, array)`` evaluates the scalar under test with tensor ``name`` replaced by ``array``
    and returns ``(value, magnitude)``, where ``magnitude`` bounds the rounding in ``value``
    (for a sum of terms, the sum of their absolute values).
    """
    for name, tensor in tensors.items():
        g = grads[name]
        for _ in range(directions):
            u = rng.standard_normal(tensor.shape)
            plus, plus_mag = objective(name, tensor + step * u)
            minus, minus_mag = objective(name, tensor - step * u)
            measured = (plus - minus) / (2 * step)
            predicted = float(np.sum(g * u))
            scale = float(np.linalg.norm(g) * np.linalg.norm(u))
            noise = 1e3 * EPS * (plus_mag + minus_mag) / (2 * step) + 1e-12
            if not abs(measured - predicted) <= rtol * max(scale, abs(measured)) + noise:
                return localise(objective, name, tensor, g, rng, step)
    return None


def numerical_gradient(objective, name, tensor, step=1e-4, indices=None):
    """The book's elementwise central difference of ``objective`` in tensor ``name`` (at ``indices``)."""
    grad = np.full(tensor.shape, np.nan)
    for index in indices if indices is not None else np.ndindex(*tensor.shape):
        bumped = tensor.copy()
        bumped[index] = tensor[index] + step
        plus, _ = objective(name, bumped)
        bumped[index] = tensor[index] - step
        minus, _ = objective(name, bumped)
        grad[index] = (plus - minus) / (2 * step)
    return grad


def localise(objective, name, tensor, g, rng, step=STEP):
    """Elementwise differences on the failing tensor alone: the index where backward is worst."""
    indices = list(np.ndindex(*tensor.shape))
    if len(indices) > LOCALISE_LIMIT:
        chosen = rng.choice(len(indices), LOCALISE_LIMIT, replace=False)
        indices = [indices[i] for i in chosen]
    numerical = numerical_gradient(objective, name, tensor, step=step * 10, indices=indices)
    errors = [abs(numerical[i] - g[i]) for i in indices]
    worst = indices[int(np.argmax(errors))]
    scale = max(abs(numerical[worst]), abs(g[worst]), 1e-12)
    return Mismatch(name, tuple(int(i) for i in worst), float(numerical[worst]), float(g[worst]),
                    float(abs(numerical[worst] - g[worst]) / scale))


def expect_gradients(what, objective, tensors, grads, rng, inputs, hint="", rtol=RTOL):
    """Fail the clause, naming the worst element, when a backward gradient is not the numerical one."""
    from spec.expect import as_array, fail

    checked = {}
    for name, tensor in tensors.items():
        g = as_array(f"{what}: gradient {name}", grads[name], inputs, hint)
        if g.shape != tensor.shape:
            fail(f"{what}: gradient {name} has shape {g.shape}, expected {tensor.shape} (the shape of {name})",
                 inputs, hint)
        checked[name] = g
    mismatch = directional_mismatch(objective, tensors, checked, rng, rtol=rtol)
    if mismatch is not None:
        fail(f"{what}: gradient {mismatch.tensor} disagrees with a numerical gradient; worst at index "
             f"{mismatch.index}: numerical {mismatch.numerical:.8g}, backward {mismatch.backward:.8g}",
             inputs, hint)


def weighted_sum(out, weights):
    """The scalar ``sum(out * weights)`` and its rounding magnitude: a layer's output seen through ``dout``."""
    terms = out * weights
    return float(np.sum(terms)), float(np.sum(np.abs(terms)))
