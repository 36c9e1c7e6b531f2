"""softmax, cross_entropy_error and the SoftmaxWithLoss layer that joins them (sections 3.5, 4.2, 5.6.3)."""
import functools

import numpy as np

from spec import strategies as s
from spec.clauses import EXTENDED, clause
from spec.expect import as_array, expect_close, expect_scalar, fail, hint_for, otherwise, show
from spec.gradcheck import expect_gradients
from spec.i18n import N_, _
from spec.subject import StudentError


def softmax_rows(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def mean_cross_entropy(y, labels):
    return float(-np.mean(np.log(y[np.arange(len(labels)), labels])))


DELTA = 1e-7  # the book adds it inside the log; a correct implementation may leave it out
# The same 1e-7 bends the loss's gradient by up to 1e-7 / y relative; logits within ±1.25 keep y >= 0.007.
LOSS_GRADIENT_RTOL = 1e-4


def _softmax_hint(actual, x):
    with np.errstate(all="ignore"):  # the mistakes themselves may overflow or divide by zero
        return _softmax_mistake(actual, x)


OVERFLOW = N_("subtract the largest value before exp(): exp(1000) overflows to inf")
WHOLE_BATCH = N_("softmax normalises over the whole batch, not per row: use `axis=1, keepdims=True`")


def _softmax_mistake(actual, x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return hint_for(actual, {
        _(WHOLE_BATCH): _whole_batch_softmax(x),
        _("softmax subtracts the max only in the numerator: shift x first, then take exp of the shifted values"):
            e / np.exp(x).sum(axis=-1, keepdims=True),
    }, e / e.sum(axis=-1, keepdims=True))


def _whole_batch_softmax(x):
    e = np.exp(x - x.max())
    return e / e.sum()


@clause("SMX-1", "softmax", 2, N_("softmax of a 2-D batch normalises each row on its own: "
        "softmax(x)[i] = exp(x[i]) / sum(exp(x[i]))."))
def softmax_rows_clause(subject, ctx):
    @ctx.given(s.labelled_scores())
    def prop(case):
        x, _labels = case
        actual = subject.call("softmax", x)
        expect_close("softmax(x)", actual, softmax_rows(x), {"x": x}, _softmax_hint(actual, x), rtol=1e-6,
                     atol=1e-12)

    prop()


@clause("SMX-2", "softmax", 1, N_("softmax of a 1-D vector is the softmax of that vector: [0.3, 2.9, 4.0] → "
        "[0.01821127, 0.24519181, 0.73659691]."))
def softmax_vector(subject, ctx):
    g = ctx.golden("softmax_cross_entropy")
    a = np.array(g["softmax_input"])
    actual = subject.call("softmax", a)
    expect_close("softmax(a)", actual, g["softmax_output"], {"a": a}, _softmax_hint(actual, a), rtol=0,
                 atol=g["softmax_atol"])


@clause("SMX-3", "softmax", 1, N_("every row of softmax's output is positive and sums to 1."))
def softmax_sums_to_one(subject, ctx):
    @ctx.given(s.labelled_scores())
    def prop(case):
        x, _labels = case
        y = as_array("softmax(x)", subject.call("softmax", x), {"x": x})
        if y.shape != x.shape:
            fail(_("softmax(x) has shape {shape}, expected {expected}").format(shape=y.shape, expected=x.shape),
                 {"x": x})
        sums = y.sum(axis=1)
        if not (np.all(y >= 0) and np.allclose(sums, 1.0, rtol=0, atol=1e-9)):
            fail(_("rows of softmax(x) sum to {sums}, expected 1 each").format(
                sums=show(sums)), {"x": x}, _softmax_hint(y, x))

    prop()


@clause("SMX-4", "softmax", 1, N_("softmax does not overflow: [1010, 1000, 990] gives "
        "[9.99954600e-01, 4.53978686e-05, 2.06106005e-09], and a batch with rows near 1000 and near -1000 "
        "stays finite and right."))
def softmax_overflow(subject, ctx):
    g = ctx.golden("softmax_cross_entropy")
    a = np.array(g["overflow_input"])
    actual = subject.call("softmax", a)
    overflowed = not np.isfinite(as_array("softmax(a)", actual, {"a": a})).all()
    expect_close("softmax(a)", actual, g["overflow_output"], {"a": a},
                 otherwise(lambda: _softmax_hint(actual, a), _(OVERFLOW) if overflowed else ""), rtol=1e-7, atol=0)
    # The second row lies far below the batch's maximum: shifting by the whole batch's max gives 0 / 0 there.
    batch = np.array([[1000.0, 999.0, 1001.0], [-1000.0, -1001.0, -999.0]])
    actual = subject.call("softmax", batch)
    values = as_array("softmax(x)", actual, {"x": batch})
    hint = ""
    if np.isnan(values).any():
        hint = _("shift each row by its own maximum (np.max(x, axis=-1, keepdims=True)): shifted by the batch's "
                 "maximum, a row far below it becomes 0 / 0")
    elif not np.isfinite(values).all():
        hint = _(OVERFLOW)
    expect_close("softmax(x)", actual, softmax_rows(batch), {"x": batch},
                 otherwise(lambda: _softmax_hint(actual, batch), hint),
                 rtol=1e-6, atol=1e-12)


@clause("SMX-5", "softmax", 1, N_("softmax leaves its input array unchanged."), tier=EXTENDED)
def softmax_keeps_input(subject, ctx):
    x = np.array([[0.3, 2.9, 4.0], [1.0, -1.0, 0.5]])
    _result, (after,) = subject.call("softmax", x, keep_args=True)
    if not np.array_equal(after, x):
        fail(_("softmax(x) changed its argument x to {after}").format(after=show(after)), {"x": x},
             _("`x -= np.max(x)` changes the caller's array; write `x = x - np.max(...)`"))


def expect_loss(what, actual, y, labels, inputs, hint=""):
    """A mean cross-entropy, allowing the book's ``log(y + 1e-7)``: it lowers each term by up to 1e-7 / y."""
    allowance = 1.01 * float(np.mean(DELTA / y[np.arange(len(labels)), labels])) + 1e-12
    expect_close(what, actual, mean_cross_entropy(y, labels), inputs, hint, rtol=1e-9, atol=allowance)


def _one_hot(labels, classes):
    return np.eye(classes)[labels]


SUMMED = N_("cross-entropy is summed over the batch instead of averaged: divide by the batch size")


def _cee_hint(actual, y, labels):
    return hint_for(actual, _cee_mistakes(y, labels), mean_cross_entropy(y, labels))


def _cee_mistakes(y, labels):
    picked = y[np.arange(len(labels)), labels]
    return {_(SUMMED): -np.log(picked).sum(), **_delta_mistakes(picked)}


def _delta_mistakes(picked):
    """The mean loss with another constant than the book's 1e-7 inside the log, for each one students use."""
    return {_("the log is taken of y + {delta:g}: the book adds 1e-7, small enough to change no loss the spec "
              "checks and still keep log(0) away").format(delta=delta): float(-np.mean(np.log(picked + delta)))
            for delta in (1e-4, 1e-5, 1e-6)}


@clause("CEE-1", "cross_entropy_error", 2, N_("cross_entropy_error(y, t) with one-hot t is the mean over the batch "
        "of -sum(t * log(y)) (the book's 1e-7 inside the log is allowed)."))
def cee_one_hot(subject, ctx):
    @ctx.given(s.labelled_scores())
    def prop(case):
        x, t = case
        y = softmax_rows(x / 4)  # probabilities well away from 0, where the 1e-7 matters
        labels = t.argmax(axis=1)
        inputs = {"y": y, "t": t}
        actual = expect_scalar("cross_entropy_error(y, t)", subject.call("cross_entropy_error", y, t), inputs)
        expect_loss("cross_entropy_error(y, t)", actual, y, labels, inputs, _cee_hint(actual, y, labels))

    prop()


@clause("CEE-2", "cross_entropy_error", 1, N_("a 1-D y with a 1-D one-hot t is a batch of one: the book's examples "
        "give 0.51082545709933802 and 2.3025840929945458."))
def cee_vector(subject, ctx):
    g = ctx.golden("softmax_cross_entropy")
    t = np.array(g["t"], dtype=np.float64)
    for key in ("right", "wrong"):
        y = np.array(g[f"y_{key}"])
        actual = expect_scalar("cross_entropy_error(y, t)", subject.call("cross_entropy_error", y, t), {"y": y})
        hint = hint_for(actual, {_("a 1-D y is a batch of one: reshape y and t to (1, -1) before dividing by the "
                                 "batch size"): g[f"loss_{key}"] / y.size, **_delta_mistakes(y[t == 1])},
                        g[f"loss_{key}"])
        expect_close("cross_entropy_error(y, t)", actual, g[f"loss_{key}"], {"y": y, "t": t}, hint,
                     rtol=g["cross_entropy_rtol"], atol=0)


def _vector_label_hint(subject, y, label, actual, expected):
    """What went wrong with a 1-D y and an integer label: another constant in the log, or what the student's
    function needs to get the same case right: y as a batch (of shape (1, -1)), the label one-hot, or both."""
    delta = hint_for(actual, _delta_mistakes(y[label]), expected)
    if delta:
        return delta

    def right(*args):
        try:
            loss = subject.call("cross_entropy_error", *args)
            return np.isclose(float(np.asarray(loss, dtype=np.float64).reshape(())), expected, rtol=1e-6, atol=1e-6)
        except (StudentError, TypeError, ValueError):
            return False

    if right(y.reshape(1, -1), label):
        return _("a 1-D y is a batch of one: reshape it to (1, -1), and t to (1,)")
    one_hot = _one_hot(label, y.size)
    if right(y, one_hot[0]):
        return _("with integer labels pick y[np.arange(batch_size), t]")
    if right(y.reshape(1, -1), one_hot):
        return _("a 1-D y is a batch of one (reshape y to (1, -1) and t to (1,)), and with integer labels pick "
                 "y[np.arange(batch_size), t]")
    return ""


@clause("CEE-3", "cross_entropy_error", 2, N_("integer labels t of shape (N,) give the same loss as the equivalent "
        "one-hot labels, also for a 1-D y with the label [2] (0.51082545709933802)."), tier=EXTENDED)
def cee_integer_labels(subject, ctx):
    g = ctx.golden("softmax_cross_entropy")
    for key in ("right", "wrong"):
        y, label = np.array(g[f"y_{key}"]), np.array([int(np.argmax(g["t"]))])
        actual = expect_scalar("cross_entropy_error(y, t)", subject.call("cross_entropy_error", y, label), {"y": y})
        hint = functools.partial(_vector_label_hint, subject, y, label, actual, g[f"loss_{key}"])
        expect_close(_("{call} of a 1-D y and an integer label").format(call="cross_entropy_error(y, t)"), actual,
                     g[f"loss_{key}"], {"y": y, "t": label}, hint, rtol=g["cross_entropy_rtol"], atol=0)

    @ctx.given(s.labelled_scores(one_hot=False))
    def prop(case):
        x, labels = case
        y = softmax_rows(x / 4)
        inputs = {"y": y, "t": labels}
        actual = expect_scalar("cross_entropy_error(y, t)", subject.call("cross_entropy_error", y, labels), inputs)

        def hint():
            """The integer-label path is to blame only if the same labels, one-hot, give the right loss."""
            try:
                one_hot = subject.call("cross_entropy_error", y, _one_hot(labels, y.shape[1]))
                one_hot_right = np.isclose(float(np.asarray(one_hot, dtype=np.float64).reshape(())),
                                           mean_cross_entropy(y, labels), rtol=1e-6, atol=1e-6)
            except (StudentError, TypeError, ValueError):
                return ""
            if one_hot_right:
                return _("with integer labels pick y[np.arange(batch_size), t]")
            return _cee_hint(actual, y, labels)

        expect_loss("cross_entropy_error(y, t) with integer labels", actual, y, labels, inputs, hint)

    prop()


@clause("CEE-4", "cross_entropy_error", 1, N_("cross_entropy_error(softmax(x), t) has the gradient (softmax(x) - t) / "
        "N with respect to x (checked numerically, with the spec's own softmax)."))
def cee_softmax_gradient(subject, ctx):
    """The softmax is the spec's, so a correct cross_entropy_error passes beside a broken softmax."""
    @ctx.given(s.labelled_scores())
    def prop(case):
        x, t = case
        x = x / 8
        inputs = {"x": x, "t": t}

        def objective(_name, moved):
            y = softmax_rows(moved)
            loss = expect_scalar("cross_entropy_error(y, t)", subject.call("cross_entropy_error", y, t), inputs)
            return loss, abs(loss) * (1 + x.size)

        expected = (softmax_rows(x) - t) / x.shape[0]
        expect_gradients("cross_entropy_error(softmax(x), t)", objective, {"x": x}, {"x": expected}, ctx,
                         inputs, rtol=LOSS_GRADIENT_RTOL)

    prop()


def _swl_backward_hint(actual, x, t):
    """``t`` is one-hot or integer labels; with integer labels the classic broadcast of ``y - t`` is named."""
    y, n = softmax_rows(x), x.shape[0]
    one_hot = t if t.ndim == 2 else _one_hot(t, x.shape[1])
    mistakes = {}
    if n > 1:  # with a batch of one, dividing by the batch size (once or twice) changes nothing
        mistakes[_("backward does not divide by the batch size: dx = (y - t) / batch_size")] = y - one_hot
        mistakes[_("backward divides by the batch size twice")] = (y - one_hot) / n / n
    mistakes[_("backward returns t - y: the sign is flipped")] = (one_hot - y) / n
    mistakes[_("backward uses the scores x instead of softmax(x): dx = (y - t) / batch_size")] = (x - one_hot) / n
    mistakes[_(WHOLE_BATCH)] = (_whole_batch_softmax(x) - one_hot) / n
    if t.ndim == 1 and t.shape[0] in (1, y.shape[1]):  # the shapes for which `y - t` broadcasts silently
        mistakes[_("with integer labels, `y - t` broadcasts t of shape (N,) across the columns: copy y and "
                   "subtract 1 at [np.arange(batch_size), t]")] = (y - t) / n
    return hint_for(actual, mistakes, (y - one_hot) / n)


# A batch on which each classic mistake of a loss layer's forward gives its own value, unlike the shrunk
# counterexample (two rows of zeros: there a whole-batch softmax and a summed loss give the same number).
PROBE_X = np.array([[0.5, -0.25, 1.0], [-1.0, 0.75, 0.25], [0.0, 1.5, -0.5]])
PROBE_LABELS = np.array([2, 0, 1])


def _loss_forward_hint(subject, one_hot):
    """Which classic mistake the student's SoftmaxWithLoss.forward makes, judged on :data:`PROBE_X`."""
    labels = PROBE_LABELS
    t = _one_hot(labels, PROBE_X.shape[1]) if one_hot else labels
    try:
        loss = subject.once("SoftmaxWithLoss", (), "forward", PROBE_X, t)
    except StudentError:
        return ""
    y = softmax_rows(PROBE_X)
    mistakes = _cee_mistakes(y, labels)
    mistakes[_(WHOLE_BATCH)] = mean_cross_entropy(_whole_batch_softmax(PROBE_X), labels)
    return hint_for(loss, mistakes, mean_cross_entropy(y, labels))


def _loss_layer(subject, x, t, inputs):
    layer = subject.new("SoftmaxWithLoss")
    loss = expect_scalar("SoftmaxWithLoss.forward(x, t)", layer.call("forward", x, t), inputs)
    return layer, loss


@clause("SWL-1", "SoftmaxWithLoss", 2, N_("forward(x, t) with one-hot t returns the mean cross-entropy of softmax(x) "
        "against t."))
def swl_forward(subject, ctx):
    @ctx.given(s.labelled_scores())
    def prop(case):
        x, t = case
        x = x / 4
        inputs = {"x": x, "t": t}
        _layer, loss = _loss_layer(subject, x, t, inputs)
        y = softmax_rows(x)
        labels = t.argmax(axis=1)
        expect_loss("SoftmaxWithLoss.forward(x, t)", loss, y, labels, inputs,
                    lambda: _loss_forward_hint(subject, one_hot=True))

    prop()


@clause("SWL-2", "SoftmaxWithLoss", 2, N_("backward(dout=1) returns (softmax(x) - t) / batch_size for the last "
        "forward's x and one-hot t."))
def swl_backward(subject, ctx):
    @ctx.given(s.labelled_scores())
    def prop(case):
        x, t = case
        inputs = {"x": x, "t": t, "dout": 1}
        layer, _loss = _loss_layer(subject, x, t, inputs)
        expected = (softmax_rows(x) - t) / x.shape[0]
        actual = layer.call("backward", 1)
        expect_close("SoftmaxWithLoss.backward(1)", actual, expected, inputs, _swl_backward_hint(actual, x, t),
                     rtol=1e-6, atol=1e-12)
        try:
            by_default = layer.call("backward")
        except StudentError as error:
            if error.kind == "TypeError":  # backward(self, dout) with no default: the book's callers pass 1
                return
            raise
        expect_close(_("{call} with dout left at its default").format(call="SoftmaxWithLoss.backward()"), by_default,
                     expected, inputs, _("dout defaults to 1: def backward(self, dout=1)"), rtol=1e-6, atol=1e-12)

    prop()


@clause("SWL-3", "SoftmaxWithLoss", 1, N_("backward(1) agrees with a numerical gradient of forward, for random "
        "batches and one-hot labels."))
def swl_gradient(subject, ctx):
    swl_gradient_property(subject, ctx, s.labelled_scores())


@clause("SWL-4", "SoftmaxWithLoss", 2, N_("with integer labels t of shape (N,), forward gives the same loss as one-hot "
        "labels and backward(1) agrees with a numerical gradient."), tier=EXTENDED)
def swl_integer_labels(subject, ctx):
    swl_gradient_property(subject, ctx, s.labelled_scores(one_hot=False))


def swl_gradient_property(subject, ctx, cases):
    @ctx.given(cases)
    def prop(case):
        x, t = case
        x = x / 8
        inputs = {"x": x, "t": t, "dout": 1}
        layer, loss = _loss_layer(subject, x, t, inputs)
        labels = t if t.ndim == 1 else t.argmax(axis=1)
        expect_loss("SoftmaxWithLoss.forward(x, t)", loss, softmax_rows(x), labels, inputs,
                    lambda: _loss_forward_hint(subject, one_hot=t.ndim == 2))
        dx = layer.call("backward", 1)

        def objective(_name, moved):
            value = expect_scalar("SoftmaxWithLoss.forward(x, t)",
                                  subject.once("SoftmaxWithLoss", (), "forward", moved, t), inputs)
            return value, abs(value) * (1 + x.size)

        expect_gradients("SoftmaxWithLoss.backward(1)", objective, {"x": x}, {"x": dx}, ctx, inputs,
                         lambda: _swl_backward_hint(dx, x, t), rtol=LOSS_GRADIENT_RTOL)

    prop()
