"""Affine: the batched ``x @ W + b`` layer, whose backward stores ``dW`` and ``db`` (section 5.6)."""
import numpy as np

from spec import strategies as s
from spec.clauses import EXTENDED, clause
from spec.expect import EXACT, ClauseFailed, as_array, expect_close, fail, hint_for
from spec.gradcheck import expect_gradients, weighted_sum
from spec.i18n import N_, _
from spec.subject import StudentError


def _golden_layer(subject, ctx):
    g = ctx.golden("affine")
    x, W, b, dout = (np.array(g[k]) for k in ("x", "W", "b", "dout"))
    return g, subject.new("Affine", W, b), {"x": x, "W": W, "b": b, "dout": dout}


def _db_hint(db, dout):
    return hint_for(db, {
        _("db is summed over the wrong axis: db = np.sum(dout, axis=0), one value per output"): dout.sum(axis=1),
        _("db is summed over everything: db = np.sum(dout, axis=0), one value per output"): dout.sum(),
        _("db is the mean, not the sum, of dout over the batch"): dout.mean(axis=0),
    }, dout.sum(axis=0))


def _dw_hint(dW, x, dout):
    x2 = x.reshape(x.shape[0], -1)
    return hint_for(dW, {
        _("dW is transposed: dW = np.dot(x.T, dout) has the shape of W"): (x2.T @ dout).T,
        _("dW is divided by the batch size: the 1/N is already inside dout (SoftmaxWithLoss)"):
            x2.T @ dout / x.shape[0],
    }, x2.T @ dout)


def _dx_hint(dx, x):
    if x.ndim > 2 and np.shape(dx) != x.shape:
        return _("an input of more than two dimensions is flattened to (N, -1) in forward, and dx is reshaped back "
                 "to the input's shape in backward (the book keeps x.shape in self.original_x_shape)")
    return ""


def _ignores_b_hint(subject, x, W, b, out):
    """Forward is run again with another b: an output that does not move means forward never reads self.b."""
    try:
        moved = as_array("Affine.forward(x)", subject.once("Affine", (W, b + 1.0), "forward", x))
        unmoved = np.array_equal(moved, as_array("Affine.forward(x)", out))
    except (StudentError, ClauseFailed):
        return ""
    if not unmoved:
        return ""
    return _("forward does not use self.b (is it adding a global b?): out = np.dot(x, self.W) + self.b")


@clause("AFF-1", "Affine", 2, N_("forward(x) returns x @ W + b for a batch, adding b to every row: "
        "x @ W = [[0,0,0],[10,10,10]] with b = [1,2,3] gives [[1,2,3],[11,12,13]]."))
def affine_forward(subject, ctx):
    g, layer, inputs = _golden_layer(subject, ctx)
    expect_close("Affine.forward(x)", layer.call("forward", inputs["x"]), g["forward"], inputs, **EXACT)

    @ctx.given(s.affine_cases())
    def prop(case):
        x, W, b = case
        out = subject.once("Affine", (W, b), "forward", x)
        expect_close("Affine.forward(x)", out, x @ W + b, {"x": x, "W": W, "b": b},
                     lambda: _ignores_b_hint(subject, x, W, b, out))

    prop()


@clause("AFF-2", "Affine", 2, N_("backward(dout) returns dx = dout @ W.T, in the shape of x."))
def affine_dx(subject, ctx):
    g, layer, inputs = _golden_layer(subject, ctx)
    layer.call("forward", inputs["x"])
    expect_close("Affine.backward(dout)", layer.call("backward", inputs["dout"]), g["dx"], inputs, **EXACT)

    @ctx.given(s.affine_cases())
    def prop(case):
        x, W, b = case
        dout = np.linspace(-1, 1, x.shape[0] * W.shape[1]).reshape(x.shape[0], W.shape[1])
        layer = subject.new("Affine", W, b)
        layer.call("forward", x)
        expect_close("Affine.backward(dout)", layer.call("backward", dout), dout @ W.T,
                     {"x": x, "W": W, "b": b, "dout": dout})

    prop()


@clause("AFF-3", "Affine", 2, N_("backward(dout) stores dW = x.T @ dout and db = dout.sum(axis=0) as attributes dW "
        "and db: dout = [[1,2,3],[4,5,6]] gives db = [5,7,9]."))
def affine_stored_gradients(subject, ctx):
    g, layer, inputs = _golden_layer(subject, ctx)
    layer.call("forward", inputs["x"])
    layer.call("backward", inputs["dout"])
    dout = inputs["dout"]
    db, dW = _attribute(layer, "db", inputs), _attribute(layer, "dW", inputs)
    what = _("{what} after backward(dout)").format(what="Affine.db")
    expect_close(what, db, g["db"], inputs, _db_hint(db, dout), **EXACT)
    what = _("{what} after backward(dout)").format(what="Affine.dW")
    expect_close(what, dW, g["dW"], inputs, _dw_hint(dW, inputs["x"], dout), **EXACT)

    @ctx.given(s.affine_cases())
    def prop(case):
        x, W, b = case
        dout = np.linspace(-1, 2, x.shape[0] * W.shape[1]).reshape(x.shape[0], W.shape[1])
        inputs = {"x": x, "W": W, "b": b, "dout": dout}
        layer = subject.new("Affine", W, b)
        layer.call("forward", x)
        layer.call("backward", dout)
        db, dW = _attribute(layer, "db", inputs), _attribute(layer, "dW", inputs)
        what = _("{what} after backward(dout)").format(what="Affine.db")
        expect_close(what, db, dout.sum(axis=0), inputs, _db_hint(db, dout))
        what = _("{what} after backward(dout)").format(what="Affine.dW")
        expect_close(what, dW, x.T @ dout, inputs, _dw_hint(dW, x, dout))

    prop()


def _attribute(layer, name, inputs):
    value = layer.get(name)
    if value is None:
        fail(_("Affine.{name} is None after backward").format(
            name=name), inputs, _("store the gradient: self.{name} = ...").format(name=name))
    return value


@clause("AFF-4", "Affine", 2, N_("the layer uses the very W and b arrays it was given: updating them in place, as "
        "training does, changes the next forward."))
def affine_shares_parameters(subject, ctx):
    rng = ctx.rng(4)
    x, W, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=2)
    W_new, b_new = rng.normal(size=(4, 2)), rng.normal(size=2)
    layer = subject.new("Affine", W, b)
    layer.call("forward", x)
    layer.set([("arg", 0)], W_new)
    layer.set([("arg", 1)], b_new)
    out = layer.call("forward", x)
    expect_close(_("{what} after {update}").format(what="Affine.forward(x)", update="W[...] = W_new, b[...] = b_new"),
                 out, x @ W_new + b_new, {"x": x, "W, W_new": W_new, "b, b_new": b_new},
                 hint_for(out, {_("the layer keeps a copy of W and b: keep the arrays themselves (self.W = W), "
                                "or training will change nothing"): x @ W + b}, x @ W_new + b_new))


@clause("AFF-5", "Affine", 1, N_("backward's dx, dW and db agree with a numerical gradient of forward, for random "
        "2-D shapes and values."))
def affine_gradient(subject, ctx):
    gradient_property(subject, ctx, nd=False)


@clause("AFF-6", "Affine", 2, N_("input of more than two dimensions is flattened to (N, -1); backward's dx comes back "
        "in the input's shape and all gradients agree with a numerical gradient."), tier=EXTENDED)
def affine_nd(subject, ctx):
    gradient_property(subject, ctx, nd=True)


def gradient_property(subject, ctx, nd):
    @ctx.given(s.affine_cases(nd=nd))
    def prop(case):
        x, W, b = case
        dout = ctx.rng(6).normal(size=(x.shape[0], W.shape[1]))
        inputs = {"x": x, "W": W, "b": b, "dout": dout}
        layer = subject.new("Affine", W, b)
        layer.call("forward", x)
        dx = layer.call("backward", dout)
        grads = {"x": dx, "W": _attribute(layer, "dW", inputs), "b": _attribute(layer, "db", inputs)}

        def objective(name, moved):
            args = {"x": x, "W": W, "b": b, name: moved}
            out = subject.once("Affine", (args["W"], args["b"]), "forward", args["x"])
            return weighted_sum(as_array("Affine.forward(x)", out, inputs), dout)

        hints = {"W": lambda: _dw_hint(grads["W"], x, dout), "b": lambda: _db_hint(grads["b"], dout),
                 "x": lambda: _dx_hint(dx, x)}
        expect_gradients("Affine.backward(dout)", objective, {"x": x, "W": W, "b": b}, grads, ctx, inputs, hints)

    prop()
