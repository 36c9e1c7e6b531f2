"""numerical_gradient(f, x): the book's central difference, the tool every gradient check relies on (4.4)."""
import numpy as np
from hypothesis import strategies as st

from spec import strategies as s
from spec.clauses import clause
from spec.expect import expect_close, fail, hint_for, show
from spec.probes import exact_central_difference
from spec.values import Probe

H = 1e-4


def _hint(actual, name, x, expected, rounding):
    w = np.ones_like(x) if name == "sum_of_cubes" else np.arange(1, x.size + 1.0).reshape(x.shape)
    mistakes = {
        "a forward difference (f(x+h) - f(x)) / h: use the central difference (f(x+h) - f(x-h)) / (2*h)":
            w * (3 * x**2 + 3 * x * H + H**2),
        "the difference is divided by h instead of 2*h": 2 * w * (3 * x**2 + H**2),
    }
    for h in (1e-5, 1e-6, 1e-3):
        mistakes[f"the step is h = {h:g}: the book's numerical_gradient uses h = 1e-4"] = w * (3 * x**2 + h**2)
    return hint_for(actual, mistakes, expected, rtol=0, atol=rounding)


def _check(subject, probe, x):
    inputs = {"f": f"{probe}(x) = {'sum(x**3)' if probe == 'sum_of_cubes' else 'sum(w * x**3), w = 1, 2, ...'}",
              "x": x}
    actual = subject.call("numerical_gradient", Probe(probe), x)
    expected = exact_central_difference(probe, x, H)
    # Rounding in (f(x+h) - f(x-h)) / 2h grows with |f|; for small inputs it stays below the h**2 = 1e-8
    # term that tells h = 1e-4 from other steps.
    rounding = 8 * np.finfo(np.float64).eps * float(np.sum(np.abs(expected * x))) / H + 1e-12
    expect_close("numerical_gradient(f, x)", actual, expected, inputs,
                 lambda: _hint(actual, probe, x, expected, rounding), rtol=0,
                 atol=rounding, precision=12)


@clause("NUM-1", "numerical_gradient", 2, "numerical_gradient(f, x) returns, for each element, the central "
        "difference (f(x + h) - f(x - h)) / 2h with h = 1e-4.")
def numerical_central_difference(subject, ctx):
    @ctx.given(s.arrays(st.tuples(s.WIDTH), s.floats(-2, 2)))
    def prop(x):
        _check(subject, "sum_of_cubes", x)

    prop()


@clause("NUM-2", "numerical_gradient", 2, "numerical_gradient handles arrays of any shape (1-D, 2-D, 3-D), returning "
        "the gradient in x's shape with every element in its place.")
def numerical_any_shape(subject, ctx):
    @ctx.given(s.arrays(s.batch_shapes(2, 3).map(lambda shape: shape[:3]), s.floats(-2, 2)))
    def prop(x):
        _check(subject, "weighted_sum_of_cubes", x)

    prop()


@clause("NUM-3", "numerical_gradient", 1, "numerical_gradient leaves x as it found it: every element restored "
        "after its perturbation.")
def numerical_restores(subject, ctx):
    x = np.array([[0.5, -1.25, 2.0], [3.0, 0.1, -0.7]])
    _, (_, after) = subject.call("numerical_gradient", Probe("sum_of_cubes"), x, keep_args=True)
    if not np.allclose(after, x, rtol=0, atol=1e-10):
        fail(f"after numerical_gradient(f, x), x is {show(after, 12)}", {"x": x},
             "save x[idx] before perturbing it and put the saved value back: x[idx] = tmp_val")
