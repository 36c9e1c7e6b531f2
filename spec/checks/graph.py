"""MulLayer and AddLayer: the computational-graph nodes of the book's shopping examples (section 5.4)."""
import numpy as np

from spec import strategies as s
from spec.clauses import clause
from spec.expect import EXACT, expect_close, expect_pair, hint_for
from spec.i18n import N_, _


def _mul_hint(dx, dy, x, y, dout):
    return hint_for(np.concatenate([np.ravel(dx), np.ravel(dy)]), {
        _("dx and dy are swapped: dx = dout * y, dy = dout * x"):
            np.concatenate([np.ravel(dout * x), np.ravel(dout * y)]),
        _("both gradients come from one input: dx = dout * y uses the *other* input, and so does dy"):
            np.concatenate([np.ravel(dout * x), np.ravel(dout * x)]),
        _("both gradients come from one input: dx = dout * y, dy = dout * x"):
            np.concatenate([np.ravel(dout * y), np.ravel(dout * y)]),
    }, np.concatenate([np.ravel(dout * y), np.ravel(dout * x)]))


@clause("MUL-1", "MulLayer", 2, N_("forward(x, y) returns x * y: the apple example 100 × 2 × 1.1 gives exactly "
        "220.00000000000003."))
def mul_forward_apple(subject, ctx):
    g = ctx.golden("apple")
    apple_layer, tax_layer = subject.new("MulLayer"), subject.new("MulLayer")
    price = apple_layer.call("forward", g["apple"], g["apple_num"])
    expect_close("MulLayer.forward(100, 2)", price, g["apple"] * g["apple_num"], {"x": 100, "y": 2}, **EXACT)
    total = tax_layer.call("forward", price, g["tax"])
    expect_close("MulLayer.forward(200, 1.1)", total, g["price"], {"x": price, "y": g["tax"]}, precision=17,
                 **EXACT)


@clause("MUL-2", "MulLayer", 2, N_("backward(dout) returns the pair (dout * y, dout * x) from the inputs cached by "
        "forward: the apple example's backward of 1 gives exactly 2.2, 110.00000000000001 and 200."))
def mul_backward_apple(subject, ctx):
    g = ctx.golden("apple")
    apple_layer, tax_layer = subject.new("MulLayer"), subject.new("MulLayer")
    price = apple_layer.call("forward", g["apple"], g["apple_num"])
    tax_layer.call("forward", price, g["tax"])
    inputs = {"forward": f"(100, 2), ({price!r}, 1.1)", "dout": 1}
    dprice, dtax = expect_pair("MulLayer.backward(1)", tax_layer.call("backward", 1), inputs)
    hint = _mul_hint(dprice, dtax, price, g["tax"], 1)
    expect_close("dtax", dtax, g["dtax"], inputs, hint, **EXACT)
    expect_close("dprice", dprice, g["tax"], inputs, hint, **EXACT)
    dapple, dapple_num = expect_pair("MulLayer.backward(1.1)", apple_layer.call("backward", dprice), inputs)
    hint = _mul_hint(dapple, dapple_num, g["apple"], g["apple_num"], dprice)
    expect_close("dapple", dapple, g["dapple"], inputs, hint, precision=17, **EXACT)
    expect_close("dapple_num", dapple_num, g["dapple_num"], inputs, hint, precision=17, **EXACT)


@clause("MUL-3", "MulLayer", 1, N_("forward and backward work elementwise on arrays of any shape: forward(x, y) = "
        "x * y and backward(dout) = (dout * y, dout * x)."))
def mul_arrays(subject, ctx):
    @ctx.given(s.same_shape_arrays(3))
    def prop(arrays):
        x, y, dout = arrays
        inputs = {"x": x, "y": y, "dout": dout}
        layer = subject.new("MulLayer")
        expect_close("MulLayer.forward(x, y)", layer.call("forward", x, y), x * y, inputs, **EXACT)
        dx, dy = expect_pair("MulLayer.backward(dout)", layer.call("backward", dout), inputs)
        hint = _mul_hint(dx, dy, x, y, dout)
        of = _("{what} of {call}")
        expect_close(of.format(what="dx", call="MulLayer.backward(dout)"), dx, dout * y, inputs, hint, **EXACT)
        expect_close(of.format(what="dy", call="MulLayer.backward(dout)"), dy, dout * x, inputs, hint, **EXACT)

    prop()


@clause("ADD-1", "AddLayer", 1, N_("forward(x, y) returns x + y, for numbers and for arrays of any shape."))
def add_forward(subject, ctx):
    layer = subject.new("AddLayer")
    expect_close("AddLayer.forward(220, 330)", layer.call("forward", 220.0, 330.0), 550.0, {"x": 220.0, "y": 330.0},
                 **EXACT)

    @ctx.given(s.same_shape_arrays(2))
    def prop(arrays):
        x, y = arrays
        out = subject.once("AddLayer", (), "forward", x, y)
        expect_close("AddLayer.forward(x, y)", out, x + y, {"x": x, "y": y}, **EXACT)

    prop()


@clause("ADD-2", "AddLayer", 1, N_("backward(dout) returns the pair (dout, dout), for numbers and for arrays."))
def add_backward(subject, ctx):
    @ctx.given(s.same_shape_arrays(3))
    def prop(arrays):
        x, y, dout = arrays
        inputs = {"x": x, "y": y, "dout": dout}
        layer = subject.new("AddLayer")
        layer.call("forward", x, y)
        dx, dy = expect_pair("AddLayer.backward(dout)", layer.call("backward", dout), inputs)
        of, unchanged = _("{what} of {call}"), _("an addition passes dout on unchanged")
        expect_close(of.format(what="dx", call="AddLayer.backward(dout)"), dx, dout, inputs, unchanged,
                     **EXACT)
        expect_close(of.format(what="dy", call="AddLayer.backward(dout)"), dy, dout, inputs, unchanged,
                     **EXACT)

    prop()


@clause("ADD-3", "AddLayer", 2, N_("AddLayer joins the apple-and-orange graph (its multiplication nodes computed by "
        "the spec): forward 715.0000000000001; backward 2.2, 110.00000000000001, 3.3000000000000003, 165.0 and 650, "
        "exactly."))
def apple_orange(subject, ctx):
    """Only the addition node is the student's: a correct AddLayer passes beside a broken MulLayer."""
    g = ctx.golden("apple_orange")
    apple_price, orange_price = g["apple"] * g["apple_num"], g["orange"] * g["orange_num"]
    inputs = {"apple_price": apple_price, "orange_price": orange_price, "tax": g["tax"]}
    add_fruit = subject.new("AddLayer")
    all_price = add_fruit.call("forward", apple_price, orange_price)
    # Exactly 650: the price (715.0000000000001 with the tax) and dtax (650) follow from it.
    expect_close(f"AddLayer.forward({apple_price:g}, {orange_price:g})", all_price, apple_price + orange_price,
                 inputs, **EXACT)
    dall_price = g["tax"]  # the tax node's backward of 1
    dapple_price, dorange_price = expect_pair(f"AddLayer.backward({dall_price:g})",
                                              add_fruit.call("backward", dall_price), inputs)
    passed_on = _("an addition passes dout on unchanged: backward returns (dout, dout)")
    for name, value in (("dapple", dapple_price * g["apple_num"]), ("dapple_num", dapple_price * g["apple"]),
                        ("dorange", dorange_price * g["orange_num"]), ("dorange_num", dorange_price * g["orange"])):
        expect_close(name, value, g[name], inputs, passed_on, precision=17, **EXACT)
