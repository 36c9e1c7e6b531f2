"""Assertions with one message template per kind of check: what was expected, what came, from which input.

Every failure raises :class:`ClauseFailed`; its ``counterexample`` is the smallest input that shows
the difference (Hypothesis shrinks it for property clauses) and its ``hint`` names a classic mistake.
"""
import numpy as np

from spec.i18n import _
from spec.values import describe_type

EXACT = {"rtol": 0.0, "atol": 0.0}
CLOSE = {"rtol": 1e-7, "atol": 1e-9}  # float64 reassociation: a different but correct order of operations


class ClauseFailed(AssertionError):
    def __init__(self, message, counterexample="", hint=""):
        self.message, self.counterexample, self.hint = message, counterexample, hint
        super().__init__(self.full_text())

    def full_text(self):
        parts = [self.message]
        if self.counterexample:
            parts.append(_("smallest input: {counterexample}").format(counterexample=self.counterexample))
        if self.hint:
            parts.append(_("hint: {hint}").format(hint=self.hint))
        return "\n".join(parts)


def show(value, precision=8):
    """A compact, readable rendering of a value for messages."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            body = np.array2string(value, precision=precision, separator=", ", threshold=24, edgeitems=2,
                                   max_line_width=100)
        else:
            body = np.array2string(value, separator=", ", threshold=24, edgeitems=2, max_line_width=100)
        return _("{array} (shape {shape})").format(array=body, shape=value.shape) if value.ndim else body
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (tuple, list)):
        inner = ", ".join(show(v, precision) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {show(v, precision)}" for k, v in value.items()) + "}"
    return repr(value)


def show_inputs(inputs, precision=8):
    return "; ".join(f"{name} = {show(value, precision)}" for name, value in inputs.items())


def fail(message, inputs=None, hint="", precision=8):
    """Fail the clause; ``hint`` may be a function, worked out only now that there is a failure to explain."""
    raise ClauseFailed(message, show_inputs(inputs, precision) if inputs else "", hint() if callable(hint) else hint)


def otherwise(hint, default):
    """``hint``, once worked out, if it names anything; ``default`` if not."""
    return lambda: (hint() if callable(hint) else hint) or default


def as_array(what, value, inputs=None, hint=""):
    """The value as a float64 array, or a failure that says what came instead (a missing ``return``...)."""
    if value is None:
        fail(_("{what} returned None").format(what=what), inputs, otherwise(hint, _("is a `return` missing?")))
    if isinstance(value, (int, float, bool)) or isinstance(value, np.ndarray):
        array = np.asarray(value)
        if array.dtype.kind in "biuf":
            return array.astype(np.float64)
    if isinstance(value, (list, tuple)):
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            fail(_("{what} returned {type} that is not an array of numbers").format(
                what=what, type=describe_type(value)), inputs, hint)
        return array
    fail(_("{what} returned {type}, expected an array of numbers").format(what=what, type=describe_type(value)),
         inputs, hint)


def expect_close(what, actual, expected, inputs=None, hint="", rtol=1e-7, atol=1e-9, precision=8):
    """``actual`` must equal ``expected`` elementwise within ``atol + rtol * |expected|`` (exactly if both 0)."""
    expected = np.asarray(expected, dtype=np.float64)
    actual = as_array(what, actual, inputs, hint)
    if actual.shape != expected.shape:
        headline = _("{what}: expected shape {expected_shape}, got shape {shape}").format(
            what=what, expected_shape=expected.shape, shape=actual.shape)
        fail(headline + "\n" + _expected_got(expected, actual, precision), inputs, hint, precision)
    if rtol == 0 and atol == 0:
        bad = ~((actual == expected) | (np.isnan(actual) & np.isnan(expected)))
    else:
        with np.errstate(invalid="ignore"):
            bad = ~(np.abs(actual - expected) <= atol + rtol * np.abs(expected))
        bad &= ~(np.isnan(actual) & np.isnan(expected))
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        tolerance = _("exactly") if rtol == 0 and atol == 0 else _("within rtol={rtol:g}, atol={atol:g}").format(
            rtol=rtol, atol=atol)
        counts = {"wrong": int(bad.sum()), "total": bad.size, "tolerance": tolerance}
        if expected.ndim:
            headline = _("{what} differs at index {index}: expected {expected!r}, got {got!r} ({wrong} of {total} "
                         "values wrong, compared {tolerance})").format(
                what=what, index=index, expected=float(expected[index]), got=float(actual[index]), **counts)
        else:
            headline = _("{what} differs ({wrong} of {total} values wrong, compared {tolerance})").format(
                what=what, **counts)
        fail(headline + "\n" + _expected_got(expected, actual, precision), inputs, hint, precision)
    return actual


def _expected_got(expected, actual, precision):
    """The two values one above the other: ``  expected ...`` then ``  got      ...``."""
    labels = [_("expected"), _("got")]
    width = max(map(len, labels))
    return "\n".join(f"  {label:<{width}} {show(value, precision)}"
                     for label, value in zip(labels, (expected, actual)))


def expect_pair(what, value, inputs=None):
    """Backward of a two-input layer returns ``(dx, dy)``: a tuple or a list of length two."""
    if value is None:
        fail(_("{what} returned None, expected the pair (dx, dy)").format(what=what), inputs,
             _("is a `return` missing?"))
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        fail(_("{what} returned {type}, expected the pair (dx, dy)").format(what=what, type=describe_type(value)),
             inputs, _("return both gradients: `return dx, dy`"))
    return value


def expect_scalar(what, value, inputs=None, hint=""):
    array = as_array(what, value, inputs, hint)
    if array.size != 1:
        fail(_("{what} returned an array of shape {shape}, expected one number").format(what=what, shape=array.shape),
             inputs, otherwise(hint, _("a loss is the mean over the batch: a single number")))
    return float(array.reshape(()))


def hint_for(actual, mistakes, correct, rtol=1e-6, atol=1e-9):
    """The one classic mistake whose result ``actual`` reproduces; ``mistakes`` maps hint -> its result.

    A mistake that gives the correct answer on this input, or that another mistake's result ties with,
    cannot be what went wrong here, so it is not named: a wrong hint teaches worse than none.
    """
    try:
        actual = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError):
        return ""
    matches = {hint for hint, result in mistakes.items()
               if _same(result, actual, rtol, atol) and not _same(result, correct, rtol, atol)}
    return matches.pop() if len(matches) == 1 else ""


def _same(a, b, rtol, atol):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))
