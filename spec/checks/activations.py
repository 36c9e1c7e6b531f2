"""Relu and Sigmoid: elementwise activation layers that remember what backward needs (section 5.5)."""
import numpy as np

from spec import strategies as s
from spec.clauses import EXTENDED, clause
from spec.expect import EXACT, as_array, expect_close, fail, hint_for, show
from spec.gradcheck import expect_gradients, weighted_sum
from spec.i18n import N_, _


def relu(x):
    return np.maximum(x, 0.0)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _relu_hint(actual_backward, x, dout):
    return hint_for(actual_backward, {
        _("the mask is inverted: backward must zero dout where x <= 0 and keep it where x > 0"):
            np.where(x > 0, 0.0, dout),
        _("backward returns the forward output instead of dout masked by the input"): relu(x),
        _("backward ignores the mask: dout must be zeroed where the input was <= 0"): dout,
    }, np.where(x > 0, dout, 0.0))


def _relu_forward_hint(actual, x):
    return hint_for(actual, {
        _("forward returns its input unchanged: return the copy with the masked elements set to 0"): x,
        _("the mask is inverted: keep x where x > 0, zero it where x <= 0"): np.where(x > 0, 0.0, x),
        _("forward returns the mask, not the values"): (x <= 0).astype(float),
    }, relu(x))


@clause("RELU-1", "Relu", 2, N_("forward(x) keeps x where x > 0 and gives 0 where x <= 0: "
        "[[1.0, -0.5], [-2.0, 3.0]] → [[1, 0], [0, 3]]."))
def relu_forward(subject, ctx):
    g = ctx.golden("relu")
    x = np.array(g["x"])
    out = subject.once("Relu", (), "forward", x)
    expect_close("Relu.forward(x)", out, g["forward"], {"x": x}, _relu_forward_hint(out, x), **EXACT)

    @ctx.given(s.arrays(s.batch_shapes()))
    def prop(x):
        out = subject.once("Relu", (), "forward", x)
        expect_close("Relu.forward(x)", out, relu(x), {"x": x}, _relu_forward_hint(out, x),
                     **EXACT)

    prop()


@clause("RELU-2", "Relu", 2, N_("backward(dout) passes dout where forward's input was > 0 and zeroes it where the "
        "input was <= 0 (at exactly 0 either is accepted)."))
def relu_backward(subject, ctx):
    g = ctx.golden("relu")
    x, dout = np.array(g["x"]), np.array(g["dout"])
    layer = subject.new("Relu")
    layer.call("forward", x)
    inputs = {"x": x, "dout": dout}
    actual = layer.call("backward", dout)
    expect_close("Relu.backward(dout)", actual, g["backward"], inputs, _relu_hint(actual, x, dout), **EXACT)

    @ctx.given(s.same_shape_arrays(2, s.away_from_zero()))
    def prop(arrays):
        x, dout = arrays
        layer = subject.new("Relu")
        layer.call("forward", x)
        actual = layer.call("backward", dout)
        expect_close("Relu.backward(dout)", actual, np.where(x > 0, dout, 0.0), {"x": x, "dout": dout},
                     _relu_hint(actual, x, dout), **EXACT)

    prop()


@clause("RELU-3", "Relu", 1, N_("backward agrees with a numerical gradient of forward, for random shapes and inputs "
        "away from 0."))
def relu_gradient(subject, ctx):
    gradient_property(subject, ctx, "Relu", s.away_from_zero(), relu, _relu_hint)


@clause("RELU-4", "Relu", 1, N_("forward leaves its input array unchanged."), tier=EXTENDED)
def relu_keeps_input(subject, ctx):
    input_unchanged(subject, ctx, "Relu", _("zero a copy (`out = x.copy()`), not x itself"))


@clause("SIG-1", "Sigmoid", 2, N_("forward(x) returns 1 / (1 + exp(-x)) elementwise: [[1.0, -0.5], [-2.0, 3.0]] → "
        "[[0.73105858, 0.37754067], [0.11920292, 0.95257413]]."))
def sigmoid_forward(subject, ctx):
    g = ctx.golden("sigmoid")
    x = np.array(g["x"])
    out = subject.once("Sigmoid", (), "forward", x)
    expect_close("Sigmoid.forward(x)", out, g["forward"], {"x": x}, _sigmoid_forward_hint(out, x), rtol=0,
                 atol=g["atol"])

    @ctx.given(s.arrays(s.batch_shapes(), s.floats(-8, 8)))
    def prop(x):
        out = subject.once("Sigmoid", (), "forward", x)
        expect_close("Sigmoid.forward(x)", out, sigmoid(x), {"x": x}, _sigmoid_forward_hint(out, x))

    prop()


def _sigmoid_forward_hint(actual, x):
    return hint_for(actual, {
        _("the minus sign is missing: y = 1 / (1 + np.exp(-x))"): 1 / (1 + np.exp(x)),
        _("forward returns exp(-x) terms without the 1 +: y = 1 / (1 + np.exp(-x))"): 1 / np.exp(-x),
    }, sigmoid(x))


def _sigmoid_hint(actual, x, dout):
    y = sigmoid(x)
    return hint_for(actual, {
        _("backward uses the input x instead of the output y: dx = dout * y * (1 - y)"): dout * x * (1 - x),
        _("backward forgets dout: dx = dout * y * (1 - y)"): y * (1 - y),
        _("backward uses y * y instead of y * (1 - y)"): dout * y * y,
    }, dout * y * (1 - y))


@clause("SIG-2", "Sigmoid", 2, N_("backward(dout) returns dout * y * (1 - y) with y the output of the last forward: "
        "with dout = x on the example, [[0.19661193, -0.11750186], [-0.20998717, 0.13552998]]."))
def sigmoid_backward(subject, ctx):
    g = ctx.golden("sigmoid")
    x, dout = np.array(g["x"]), np.array(g["dout"])
    layer = subject.new("Sigmoid")
    layer.call("forward", x)
    actual = layer.call("backward", dout)
    expect_close("Sigmoid.backward(dout)", actual, g["backward"], {"x": x, "dout": dout},
                 _sigmoid_hint(actual, x, dout), rtol=0, atol=g["atol"])

    @ctx.given(s.same_shape_arrays(2, s.floats(-8, 8)))
    def prop(arrays):
        x, dout = arrays
        layer = subject.new("Sigmoid")
        layer.call("forward", x)
        actual = layer.call("backward", dout)
        y = sigmoid(x)
        expect_close("Sigmoid.backward(dout)", actual, dout * y * (1 - y), {"x": x, "dout": dout},
                     _sigmoid_hint(actual, x, dout))

    prop()


@clause("SIG-3", "Sigmoid", 1, N_("backward agrees with a numerical gradient of forward, for random shapes and "
                                  "inputs."))
def sigmoid_gradient(subject, ctx):
    gradient_property(subject, ctx, "Sigmoid", s.floats(-6, 6), sigmoid, _sigmoid_hint)


@clause("SIG-4", "Sigmoid", 1, N_("forward leaves its input array unchanged."), tier=EXTENDED)
def sigmoid_keeps_input(subject, ctx):
    input_unchanged(subject, ctx, "Sigmoid", _("compute into a new array; do not assign into x"))


def gradient_property(subject, ctx, component, elements, forward, hint_of):
    """Backward of an elementwise layer against a directional numerical gradient of its forward.

    ``hint_of(dx, x, dout)`` names the classic mistake ``dx`` shows, if any: a mistake of backward, so it is
    asked only when the layer's own forward is right (``forward(x)`` is what it must compute).
    """
    @ctx.given(s.same_shape_arrays(2, elements))
    def prop(arrays):
        x, dout = arrays
        inputs = {"x": x, "dout": dout}
        layer = subject.new(component)
        layer.call("forward", x)
        dx = layer.call("backward", dout)

        def objective(_name, x_moved):
            out = as_array(f"{component}.forward(x)", subject.once(component, (), "forward", x_moved), inputs)
            return weighted_sum(out, dout)

        def hint():
            out = subject.once(component, (), "forward", x)
            if not np.allclose(as_array(f"{component}.forward(x)", out, inputs), forward(x), rtol=1e-7, atol=1e-9):
                return _("{component}.forward is wrong too: make it right first, then check backward against "
                         "it").format(component=component)
            return hint_of(dx, x, dout)

        expect_gradients(f"{component}.backward(dout)", objective, {"x": x}, {"x": dx}, ctx, inputs, hint)

    prop()


def input_unchanged(subject, ctx, component, hint):
    @ctx.given(s.arrays(s.batch_shapes()))
    def prop(x):
        _result, (after,) = subject.once(component, (), "forward", x, keep_args=True)
        if not np.array_equal(after, x):
            fail(_("{component}.forward(x) changed its argument x to {after}").format(
                component=component, after=show(after)), {"x": x}, hint)

    prop()
