"""numerical_gradient(f, x): the book's central difference, the tool every gradient check relies on (4.4).

Chapter 5 always calls it as ``numerical_gradient(lambda W: net.loss(x, t), params[key])`` on 1-D and 2-D
parameters: ``f`` ignores its argument and reads the array that is perturbed in place. The core clauses call
it that way, so chapter 4's ``gradient_2d.py`` version (a 2-D array one row at a time) is correct; what only
``common/gradient.py`` does besides (3-D arrays, an ``f`` that computes from its argument) is extended.
"""
import numpy as np

from spec import strategies as s
from spec.clauses import EXTENDED, clause
from spec.expect import expect_close, fail, hint_for, show
from spec.i18n import N_, _
from spec.probes import exact_central_difference
from spec.values import Probe

H = 1e-4


def _hint(actual, name, x, expected, rounding, closure):
    w = np.ones_like(x) if name == "sum_of_cubes" else np.arange(1, x.size + 1.0).reshape(x.shape)
    mistakes = {
        _("a forward difference (f(x+h) - f(x)) / h: use the central difference (f(x+h) - f(x-h)) / (2*h)"):
            w * (3 * x**2 + 3 * x * H + H**2),
        _("the difference is divided by h instead of 2*h"): 2 * w * (3 * x**2 + H**2),
    }
    if closure:
        mistakes[_(PERTURBED_COPY)] = np.zeros_like(x)
    for h in (1e-5, 1e-6, 1e-3):
        step = w * (3 * x**2 + h**2)
        if not np.allclose(step, 0, rtol=0, atol=rounding):  # at x = 0, h = 1e-6 gives what a zero gradient gives
            mistakes[_("the step is h = {h:g}: the book's numerical_gradient uses h = 1e-4").format(h=h)] = step
    if x.ndim == 2 and name == "weighted_sum_of_cubes":  # f computes from its argument, handed one row at a time
        row_weights = np.broadcast_to(np.arange(1, x.shape[1] + 1.0), x.shape)
        mistakes[_(ROW_BY_ROW)] = row_weights * (3 * x**2 + H**2)
    return hint_for(actual, mistakes, expected, rtol=0, atol=rounding)


PERTURBED_COPY = N_("every element of the gradient is 0: f reads the array from outside (lambda W: net.loss(x, t)), "
                    "so numerical_gradient must change x itself (x[idx] = tmp_val + h), not a copy such as x + h")
ROW_BY_ROW = (N_("a 2-D x is perturbed one row at a time and f is given only that row (chapter 4's gradient_2d.py); "
              "common/gradient.py perturbs x element by element (np.nditer) and gives f the whole array"))


CHAPTER_5 = N_("f(W) = {f} of the array x, read from outside as chapter 5's `lambda W: net.loss(x, t)` does")
OWN_ARGUMENT = N_("f(W) = {f} of the array W that f is given")
FORMULAS = {"sum_of_cubes": "sum(x**3)", "weighted_sum_of_cubes": "sum(w * x**3), w = 1, 2, ..."}


def _check(subject, probe, x, closure=True):
    f = _(CHAPTER_5 if closure else OWN_ARGUMENT).format(f=FORMULAS[probe])
    inputs = {"f": f, "x": x}
    actual = subject.call("numerical_gradient", Probe(probe, reads_arg=1 if closure else None), x)
    expected = exact_central_difference(probe, x, H)
    # Rounding in (f(x+h) - f(x-h)) / 2h grows with |f|; for small inputs it stays below the h**2 = 1e-8
    # term that tells h = 1e-4 from other steps.
    rounding = 8 * np.finfo(np.float64).eps * float(np.sum(np.abs(expected * x))) / H + 1e-12
    expect_close("numerical_gradient(f, x)", actual, expected, inputs,
                 lambda: _hint(actual, probe, x, expected, rounding, closure), rtol=0,
                 atol=rounding, precision=12)


PARAMETER_SHAPES = s.batch_shapes(1, 2)  # the shapes of chapter 5's parameters: b (H,) and W (I, H)


@clause("NUM-1", "numerical_gradient", 2, N_("numerical_gradient(f, x) returns, for each element, the central "
        "difference (f(x + h) - f(x - h)) / 2h with h = 1e-4, called as chapter 5 calls it: on 1-D and 2-D "
        "arrays, with an f that reads the array it perturbs (lambda W: net.loss(x, t))."))
def numerical_central_difference(subject, ctx):
    @ctx.given(s.arrays(PARAMETER_SHAPES, s.floats(-2, 2)))
    def prop(x):
        _check(subject, "sum_of_cubes", x)

    prop()


@clause("NUM-2", "numerical_gradient", 2, N_("numerical_gradient returns the gradient in x's shape with every element "
        "in its place, for 1-D and 2-D x."))
def numerical_any_shape(subject, ctx):
    @ctx.given(s.arrays(PARAMETER_SHAPES, s.floats(-2, 2)))
    def prop(x):
        _check(subject, "weighted_sum_of_cubes", x)

    prop()


@clause("NUM-3", "numerical_gradient", 1, N_("numerical_gradient leaves x as it found it: every element restored "
        "after its perturbation."))
def numerical_restores(subject, ctx):
    x = np.array([[0.5, -1.25, 2.0], [3.0, 0.1, -0.7]])
    _result, (_f, after) = subject.call("numerical_gradient", Probe("sum_of_cubes", reads_arg=1), x, keep_args=True)
    if not np.allclose(after, x, rtol=0, atol=1e-10):
        fail(_("after numerical_gradient(f, x), x is {after}").format(after=show(after, 12)), {"x": x},
             _("save x[idx] before perturbing it and put the saved value back: x[idx] = tmp_val"))


@clause("NUM-4", "numerical_gradient", 1, N_("as the book's common/gradient.py, numerical_gradient also handles "
        "arrays of any shape (1-D, 2-D, 3-D) and an f that computes from the array it is given."), tier=EXTENDED)
def numerical_general(subject, ctx):
    @ctx.given(s.arrays(s.batch_shapes(1, 3), s.floats(-2, 2)))
    def prop(x):
        _check(subject, "weighted_sum_of_cubes", x, closure=False)

    prop()
