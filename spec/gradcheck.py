"""Gradient checks: directional first (two evaluations per tensor), elementwise only to locate a failure.

For a tensor ``T`` with backward gradient ``g`` and a random direction ``u``, backward predicts the
directional derivative ``<g, u>``; a central difference ``(L(T + h u) - L(T - h u)) / 2h`` measures it.
By Cauchy-Schwarz ``|<g, u>| <= |g| |u|``, so the error is judged relative to ``|g| |u|``: a gradient off
by one part in a thousand, or wrong in a single element, stands far above float64 noise.

The book's method (a central difference per element, ``2n`` evaluations) stays available as
``method="elementwise"``, judged by the same relative tolerance against ``max |g|``; the test suite
asserts that both methods give the same verdicts.
"""
from dataclasses import dataclass

import numpy as np

from spec.expect import as_array, fail
from spec.i18n import _

EPS = np.finfo(np.float64).eps
STEP = 1e-5  # central-difference step along a unit-variance direction
BOOK_STEP = 1e-4  # the book's h, for elementwise differences
RTOL = 1e-6  # allowed error relative to |g| |u| (directional) or max |g| (elementwise)
DIRECTIONS = 2  # random directions per tensor
LOCALISE_LIMIT = 4096  # elements examined one by one after a failure (a random sample beyond this)


@dataclass
class Mismatch:
    """Where a backward gradient disagrees with the numerical one."""

    tensor: str
    index: tuple
    numerical: float
    backward: float


def _rounding(magnitude_plus, magnitude_minus, step):
    """How far rounding can move a central difference whose two values carry these magnitudes."""
    return 1e3 * EPS * (magnitude_plus + magnitude_minus) / (2 * step) + 1e-12


def directional_mismatch(objective, tensors, grads, rng, rtol=RTOL, step=STEP, directions=DIRECTIONS):
    """The first tensor whose backward gradient fails a directional check, localised; else ``None``.

    ``objective(name, array)`` evaluates the scalar under test with tensor ``name`` replaced by ``array``
    and returns ``(value, magnitude)``, where ``magnitude`` bounds the rounding in ``value``
    (for a sum of terms, the sum of their absolute values).
    """
    name = first_failing_tensor(objective, tensors, grads, rng, rtol, step, directions)
    return None if name is None else localise(objective, name, tensors[name], grads[name], rng)


def first_failing_tensor(objective, tensors, grads, rng, rtol=RTOL, step=STEP, directions=DIRECTIONS):
    """The verdict alone: the name of the first tensor whose directional derivatives disagree, else ``None``."""
    for name, tensor in tensors.items():
        g = grads[name]
        for _direction in range(directions):
            u = rng.standard_normal(tensor.shape)
            plus, plus_mag = objective(name, tensor + step * u)
            minus, minus_mag = objective(name, tensor - step * u)
            measured = (plus - minus) / (2 * step)
            predicted = float(np.sum(g * u))
            scale = float(np.linalg.norm(g) * np.linalg.norm(u))
            allowed = rtol * max(scale, abs(measured)) + _rounding(plus_mag, minus_mag, step)
            if not abs(measured - predicted) <= allowed:
                return name
    return None


def numerical_gradient(objective, name, tensor, step=BOOK_STEP, indices=None):
    """The book's elementwise central difference in tensor ``name``, and the largest rounding bound met."""
    grad = np.full(tensor.shape, np.nan)
    rounding = 0.0
    for index in indices if indices is not None else np.ndindex(*tensor.shape):
        bumped = tensor.copy()
        bumped[index] = tensor[index] + step
        plus, plus_mag = objective(name, bumped)
        bumped[index] = tensor[index] - step
        minus, minus_mag = objective(name, bumped)
        grad[index] = (plus - minus) / (2 * step)
        rounding = max(rounding, _rounding(plus_mag, minus_mag, step))
    return grad, rounding


def elementwise_mismatch(objective, tensors, grads, rtol=RTOL, step=BOOK_STEP):
    """The book's method: every element differenced; fails when ``max |num - g| > rtol max |g|``."""
    for name, tensor in tensors.items():
        g = grads[name]
        numerical, rounding = numerical_gradient(objective, name, tensor, step)
        errors = np.abs(numerical - g)
        scale = max(float(np.max(np.abs(g), initial=0.0)), float(np.max(np.abs(numerical), initial=0.0)))
        if errors.size and not errors.max() <= rtol * scale + rounding + truncation(step):
            worst = np.unravel_index(int(np.argmax(errors)), errors.shape)
            return Mismatch(name, tuple(int(i) for i in worst), float(numerical[worst]), float(g[worst]))
    return None


def truncation(step):
    """The central difference's own error, about ``step**2 / 6`` times a third derivative of order one."""
    return step**2


def localise(objective, name, tensor, g, rng, step=BOOK_STEP):
    """Elementwise differences on the failing tensor alone: the index where backward is worst."""
    indices = list(np.ndindex(*tensor.shape))
    if len(indices) > LOCALISE_LIMIT:
        chosen = rng.choice(len(indices), LOCALISE_LIMIT, replace=False)
        indices = [indices[i] for i in chosen]
    numerical, _bound = numerical_gradient(objective, name, tensor, step, indices)
    errors = [abs(numerical[i] - g[i]) for i in indices]
    worst = indices[int(np.argmax(errors))]
    return Mismatch(name, tuple(int(i) for i in worst), float(numerical[worst]), float(g[worst]))


def expect_gradients(what, objective, tensors, grads, ctx, inputs, hint="", rtol=RTOL, salt=0):
    """Fail the clause, naming the worst element, when a backward gradient is not the numerical one.

    ``hint`` is one hint for every tensor, or a dict of hints by tensor name: a hint about ``db`` must not
    be given when it is ``dW`` that is wrong.
    """
    def hint_about(name):
        return hint.get(name, "") if isinstance(hint, dict) else hint

    checked = {}
    for name, tensor in tensors.items():
        g = as_array(_("{what}: gradient {name}").format(what=what, name=name), grads[name], inputs, hint_about(name))
        if g.shape != tensor.shape:
            fail(_("{what}: gradient {name} has shape {shape}, expected {expected} (the shape of {name})").format(
                what=what, name=name, shape=g.shape, expected=tensor.shape),
                 inputs, hint_about(name))
        checked[name] = g
    if ctx.gradient_method == "elementwise":
        mismatch = elementwise_mismatch(objective, tensors, checked, rtol)
    else:
        mismatch = directional_mismatch(objective, tensors, checked, ctx.rng(salt), rtol)
    if mismatch is not None:
        fail(_("{what}: gradient {name} disagrees with a numerical gradient; worst at index {index}: numerical "
               "{numerical:.8g}, backward {backward:.8g}").format(
            what=what, name=mismatch.tensor, index=mismatch.index, numerical=mismatch.numerical,
            backward=mismatch.backward),
             inputs, hint_about(mismatch.tensor))


def weighted_sum(out, weights):
    """The scalar ``sum(out * weights)`` and its rounding magnitude: a layer's output seen through ``dout``."""
    terms = out * weights
    return float(np.sum(terms)), float(np.sum(np.abs(terms)))
