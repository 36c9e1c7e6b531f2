"""TwoLayerNet: Affine, Relu, Affine and SoftmaxWithLoss assembled, checked against a closed-form oracle (5.7)."""
import numpy as np
from hypothesis import assume

from spec import strategies as s
from spec.checks.losses import LOSS_GRADIENT_RTOL, expect_loss, softmax_rows
from spec.clauses import EXTENDED, clause
from spec.expect import as_array, expect_close, expect_scalar, fail, hint_for, show
from spec.gradcheck import expect_gradients
from spec.i18n import N_, _
from spec.subject import SIGNATURE, StudentError

KEYS = ("W1", "b1", "W2", "b2")
KINK_MARGIN = 1e-3  # hidden pre-activations stay this far from ReLU's kink in gradient checks


class Oracle:
    """What any network holding ``params`` computes, written out in closed form.

    Independent of ``reference/``: the spec judges the reference too, so it must not lean on it.
    """

    def __init__(self, params):
        self.params = params

    def predict(self, x):
        return self._forward(x)[1]

    def gradient(self, x, t):
        """The four gradients of the mean cross-entropy of softmax(predict(x)); ``t`` one-hot or integer labels."""
        W2 = self.params["W2"]
        hidden, scores = self._forward(x)
        one_hot = t if t.ndim == 2 else np.eye(scores.shape[1])[t]
        dscores = (softmax_rows(scores) - one_hot) / x.shape[0]
        dhidden = (dscores @ W2.T) * (hidden > 0)
        return {"W1": x.T @ dhidden, "b1": dhidden.sum(axis=0),
                "W2": np.maximum(hidden, 0).T @ dscores, "b2": dscores.sum(axis=0)}

    def _forward(self, x):
        hidden = x @ self.params["W1"] + self.params["b1"]
        return hidden, np.maximum(hidden, 0) @ self.params["W2"] + self.params["b2"]


def read_params(net, sizes):
    """The network's ``params`` as plain arrays, after checking the four keys and their shapes."""
    I, H, O = sizes
    params = net.get("params")
    if not isinstance(params, dict):
        fail(_("TwoLayerNet.params is {type}, expected a dict with keys W1, b1, W2, b2").format(
            type=type(params).__name__),
             {"sizes": sizes})
    shapes = {"W1": (I, H), "b1": (H,), "W2": (H, O), "b2": (O,)}
    for key in KEYS:
        if key not in params:
            fail(_("TwoLayerNet.params has no key {key!r} (keys: {keys})").format(
                key=key, keys=sorted(params)), {"sizes": sizes})
        value = as_array(f"TwoLayerNet.params[{key!r}]", params[key], {"sizes": sizes})
        if value.shape != shapes[key]:
            fail(_("TwoLayerNet({inputs}, {hidden}, {outputs}).params[{key!r}] has shape {shape}, expected "
                   "{expected}").format(inputs=I, hidden=H, outputs=O, key=key, shape=value.shape,
                                        expected=shapes[key]),
                 {"sizes": sizes})
        params[key] = value
    return params


def set_params(net, params):
    for key in KEYS:
        net.set([("attr", "params"), ("item", key)], params[key])


def _predict_hint(actual, params, x):
    hidden = x @ params["W1"] + params["b1"]
    scores = np.maximum(hidden, 0) @ params["W2"] + params["b2"]
    return hint_for(actual, {
        _("predict applies softmax: in chapter 5 it returns the last Affine's scores, the loss layer applies "
        "softmax"): softmax_rows(scores),
        _("the hidden layer uses sigmoid: chapter 5's network uses Relu"): (1 / (1 + np.exp(-hidden))) @ params["W2"]
        + params["b2"],
        _("predict skips the activation between the two Affine layers"): hidden @ params["W2"] + params["b2"],
    }, scores)


@clause("NET-1", "TwoLayerNet", 2, N_("TwoLayerNet(input_size, hidden_size, output_size) holds params W1 (I, H), "
        "b1 (H,) of zeros, W2 (H, O) and b2 (O,) of zeros, with random non-zero weights."))
def net_params(subject, ctx):
    sizes = (5, 4, 3)
    params = read_params(subject.new("TwoLayerNet", *sizes), sizes)
    for key in ("b1", "b2"):
        if np.any(params[key] != 0):
            fail(_("TwoLayerNet.params[{key!r}] is {value}, expected zeros").format(
                key=key, value=show(params[key])), {"sizes": sizes})
    for key in ("W1", "W2"):
        if np.all(params[key] == 0) or np.unique(params[key]).size < 2:
            fail(_("TwoLayerNet.params[{key!r}] is {value}, expected random weights").format(
                key=key, value=show(params[key])), {"sizes": sizes},
                 _("weights start random (weight_init_std * np.random.randn(...)), or every unit learns the same"))


def scaled_net(subject, ctx, sizes, std, salt):
    """A network whose weights have standard deviation ``std``.

    Built with ``weight_init_std=std``; when the student's TwoLayerNet takes only the three sizes (the book's
    training script never passes a fourth), built with those and given weights of that scale in place.
    """
    try:
        return subject.new("TwoLayerNet", *sizes, std)
    except StudentError as error:
        if not error.reason.startswith(SIGNATURE):
            raise
    net = subject.new("TwoLayerNet", *sizes)
    rng = ctx.rng(salt)
    params = read_params(net, sizes)
    set_params(net, dict(params, W1=std * rng.normal(size=params["W1"].shape),
                         W2=std * rng.normal(size=params["W2"].shape)))
    return net


@clause("NET-2", "TwoLayerNet", 1, N_("the initial weights have standard deviation weight_init_std: 0.01 by default, "
        "and the fourth argument when the constructor takes one."))
def net_init_scale(subject, ctx):
    sizes = (40, 30, 20)
    for std, args in ((0.01, sizes), (0.5, sizes + (0.5,))):
        try:
            net = subject.new("TwoLayerNet", *args)
        except StudentError as error:
            if error.reason.startswith(SIGNATURE) and len(args) == 4:
                continue  # a constructor of the three sizes only, as the book's scripts call it
            raise
        params = read_params(net, sizes)
        for key in ("W1", "W2"):
            measured = float(np.std(params[key]))
            if not 0.8 * std <= measured <= 1.2 * std:
                fail(_("TwoLayerNet{args}.params[{key!r}] has standard deviation {measured:.4g}, expected about "
                       "{std}").format(args=args, key=key, measured=measured, std=std), {"arguments": args},
                     _("scale the weights: weight_init_std * np.random.randn(...)"))


@clause("NET-3", "TwoLayerNet", 2, N_("predict(x) returns the scores Affine2(Relu(Affine1(x))) of its params, without "
        "softmax."))
def net_predict(subject, ctx):
    sizes = (6, 5, 4)
    net = scaled_net(subject, ctx, sizes, 1.0, 30)
    params = read_params(net, sizes)
    x = ctx.rng(31).normal(size=(3, 6))
    actual = net.call("predict", x)
    expect_close("TwoLayerNet.predict(x)", actual, Oracle(params).predict(x), {"x": x, "params": params},
                 _predict_hint(actual, params, x))


def _labelled_batch(ctx, sizes, batch, salt):
    rng = ctx.rng(salt)
    x = rng.normal(size=(batch, sizes[0]))
    labels = rng.integers(0, sizes[2], size=batch)
    return x, labels, np.eye(sizes[2])[labels]


@clause("NET-4", "TwoLayerNet", 2, N_("loss(x, t) with one-hot t is the mean cross-entropy of softmax(predict(x)) "
        "against t."))
def net_loss(subject, ctx):
    sizes = (6, 5, 4)
    net = scaled_net(subject, ctx, sizes, 0.3, 40)
    params = read_params(net, sizes)
    x, _labels, t = _labelled_batch(ctx, sizes, 4, 41)
    inputs = {"x": x, "t": t, "params": params}
    actual = expect_scalar("TwoLayerNet.loss(x, t)", net.call("loss", x, t), inputs)
    expect_loss("TwoLayerNet.loss(x, t)", actual, softmax_rows(Oracle(params).predict(x)), t.argmax(axis=1), inputs)


def _accuracy(subject, ctx, integer_labels):
    sizes = (6, 5, 4)
    net = scaled_net(subject, ctx, sizes, 1.0, 50)
    params = read_params(net, sizes)
    x = ctx.rng(51).normal(size=(20, 6))
    predicted = Oracle(params).predict(x).argmax(axis=1)
    labels = np.where(np.arange(20) < 15, predicted, (predicted + 1) % 4)  # 15 of 20 right: 0.75
    t = labels if integer_labels else np.eye(4)[labels]
    inputs = {"x": x, "t": t, "params": params}
    actual = expect_scalar("TwoLayerNet.accuracy(x, t)", net.call("accuracy", x, t), inputs)
    expect_close("TwoLayerNet.accuracy(x, t)", actual, 0.75, inputs,
                 hint_for(actual, {_("accuracy returns a count: divide by the number of rows"): 15.0}, 0.75),
                 atol=1e-12)


@clause("NET-5", "TwoLayerNet", 2, N_("accuracy(x, t) with one-hot t is the fraction (not the count) of rows whose "
        "highest score is the labelled class."))
def net_accuracy(subject, ctx):
    _accuracy(subject, ctx, integer_labels=False)


@clause("NET-6", "TwoLayerNet", 1, N_("loss and accuracy accept integer labels t of shape (N,) as well."),
        tier=EXTENDED)
def net_integer_labels(subject, ctx):
    sizes = (6, 5, 4)
    net = scaled_net(subject, ctx, sizes, 0.3, 60)
    params = read_params(net, sizes)
    x, labels, _one_hot = _labelled_batch(ctx, sizes, 4, 61)
    inputs = {"x": x, "t": labels, "params": params}
    actual = expect_scalar("TwoLayerNet.loss(x, t)", net.call("loss", x, labels), inputs)
    expect_loss("TwoLayerNet.loss(x, t) with integer labels", actual, softmax_rows(Oracle(params).predict(x)),
                labels, inputs)
    _accuracy(subject, ctx, integer_labels=True)


def _loss_objective(net, params, x, t, inputs):
    """The loss with one parameter replaced in place; the previous one is put back only when it changes."""
    moved_before = []

    def objective(name, moved):
        if moved_before and moved_before[0] != name:
            net.set([("attr", "params"), ("item", moved_before[0])], params[moved_before[0]])
        moved_before[:] = [name]
        net.set([("attr", "params"), ("item", name)], moved)
        value = expect_scalar("TwoLayerNet.loss(x, t)", net.call("loss", x, t), inputs)
        return value, abs(value) * (1 + x.size)

    return objective


def _gradient_dict(what, grads, inputs):
    if not isinstance(grads, dict) or any(key not in grads for key in KEYS):
        keys = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        fail(_("{what} returned {keys}, expected a dict with keys W1, b1, W2, b2").format(what=what, keys=keys), inputs,
             _("return a dict: grads['W1'], grads['b1'], grads['W2'], grads['b2']"))
    return {key: grads[key] for key in KEYS}


def _gradient_hints(subject, method, grads):
    """A lazy hint per key: what a wrong ``grads[key]`` shows (never stored, or another parameter's gradient).

    Which key holds which gradient is judged on a fixed network whose four parameters all differ in shape,
    not on the shrunk counterexample, where several gradients may be zeros of one shape.
    """
    def hint(key):
        if grads[key] is None and method == "gradient":
            return _("grads[{key!r}] is None: Affine.backward must store self.dW and self.db under exactly those "
                     "names, and gradient() must read them after the backward pass").format(key=key)
        probe, expected = _probe_gradients(subject, method)
        if probe is None or probe.get(key) is None:
            return ""
        swapped = {_("grads[{key!r}] holds the gradient of {other}: check which layer's dW/db goes to which "
                     "key").format(key=key, other=other): expected[other] for other in KEYS if other != key}
        return hint_for(probe[key], swapped, expected[key], rtol=1e-4, atol=1e-7)

    return {key: (lambda key=key: hint(key)) for key in KEYS}


def _probe_gradients(subject, method):
    """``method``'s answer on sizes (3, 4, 2) and a batch of 5, and the right one; ``(None, None)`` if it raises."""
    rng = np.random.default_rng(7)
    params = {"W1": rng.normal(size=(3, 4)), "b1": rng.normal(size=4), "W2": rng.normal(size=(4, 2)),
              "b2": rng.normal(size=2)}
    x, t = rng.normal(size=(5, 3)), np.eye(2)[[0, 1, 1, 0, 1]]
    try:
        net = subject.new("TwoLayerNet", 3, 4, 2)
        set_params(net, params)
        grads = net.call(method, x, t)
    except StudentError:
        return None, None
    return (grads if isinstance(grads, dict) else None), Oracle(params).gradient(x, t)


@clause("NET-7", "TwoLayerNet", 3, N_("gradient(x, t) returns the four keys W1, b1, W2, b2, each agreeing with a "
        "numerical gradient of loss(x, t), for random sizes, batches and parameters."))
def net_gradient(subject, ctx):
    @ctx.given(s.network_cases())
    def prop(case):
        sizes, x, t, params = case
        assume(np.min(np.abs(x @ params["W1"] + params["b1"])) >= KINK_MARGIN)
        assume(np.ptp(Oracle(params).predict(x), axis=1).max() <= 2.5)  # keeps softmax away from 0 (the 1e-7)
        net = subject.new("TwoLayerNet", *sizes)
        set_params(net, params)
        inputs = {"x": x, "t": t, "params": params}
        grads = _gradient_dict("TwoLayerNet.gradient(x, t)", net.call("gradient", x, t), inputs)
        hints = _gradient_hints(subject, "gradient", grads)
        expect_gradients("TwoLayerNet.gradient(x, t)", _loss_objective(net, params, x, t, inputs), params, grads,
                         ctx, inputs, hints, rtol=LOSS_GRADIENT_RTOL)

    prop()


@clause("NET-8", "TwoLayerNet", 1, N_("numerical_gradient(x, t) returns the four keys W1, b1, W2, b2 with the "
        "numerical gradient of loss(x, t) for each parameter."), also_runs=("numerical_gradient",))
def net_numerical_gradient(subject, ctx):
    sizes = (3, 4, 2)
    rng = ctx.rng(81)
    params = {"W1": rng.normal(size=(3, 4)), "b1": rng.uniform(0.2, 1.0, size=4) * rng.choice([-1, 1], 4),
              "W2": rng.normal(size=(4, 2)) * 0.3, "b2": rng.normal(size=2) * 0.3}
    x, _labels, t = _labelled_batch(ctx, sizes, 3, 82)
    x = x * 0.5
    net = subject.new("TwoLayerNet", *sizes)
    set_params(net, params)
    inputs = {"x": x, "t": t, "params": params}
    grads = _gradient_dict("TwoLayerNet.numerical_gradient(x, t)", net.call("numerical_gradient", x, t), inputs)
    expected = Oracle(params).gradient(x, t)
    hints = _gradient_hints(subject, "numerical_gradient", grads)
    for key in KEYS:
        expect_close(f"TwoLayerNet.numerical_gradient(x, t)[{key!r}]", grads[key], expected[key], inputs, hints[key],
                     rtol=1e-4, atol=1e-7)


@clause("NET-9", "TwoLayerNet", 2, N_("the layers use the arrays in params: an in-place update of params (as SGD "
        "does) changes what predict returns."))
def net_params_shared(subject, ctx):
    sizes = (6, 5, 4)
    rng = ctx.rng(91)
    net = subject.new("TwoLayerNet", *sizes)
    x = rng.normal(size=(3, 6))
    before = net.call("predict", x)
    params = {"W1": rng.normal(size=(6, 5)), "b1": rng.normal(size=5), "W2": rng.normal(size=(5, 4)),
              "b2": rng.normal(size=4)}
    set_params(net, params)
    actual = net.call("predict", x)
    hint = hint_for(actual, {_("the layers hold copies of params: pass the very arrays "
                             "(Affine(self.params['W1'], self.params['b1'])), or SGD changes nothing"): before},
                    Oracle(params).predict(x))
    expect_close(_("{what} after {update}").format(what="TwoLayerNet.predict(x)", update="params[key][...] = ..."),
                 actual, Oracle(params).predict(x), {"x": x, "params": params}, hint)
