"""Hints for errors raised by student code: the classic mistakes that show up as an exception.

A pattern is matched against the error's ``reason`` (what the grader found, in English whatever the language of
the message) and Python's own message; the hint is translated where it is given.
"""
import re

from spec.i18n import N_, _

# (scope, exception kind or None, pattern in the message, hint). The scope is None for any clause, a component
# for its clauses, or "Component.method" for errors raised by that call in its clauses.
ERROR_HINTS = [
    (None, "AttributeError", r"is inside `__init__`",
     N_("move the method out of __init__: its `def` starts at the same indentation as `def __init__`")),
    (None, "AttributeError", r"has no attribute '(forward|backward)'",
     N_("the method must be named exactly forward / backward (is it misspelt, e.g. forwark or backword?)")),
    (None, "AttributeError", r"has no attribute '(dW|db)'",
     N_("Affine.backward must store self.dW and self.db (exactly those names)")),
    (None, "TypeError", r"dot\(\) missing|dot\(\) takes",
     N_("np.dot takes two arrays: dx = np.dot(dout, self.W.T), not np.dot(dout * self.W.T)")),
    (None, "TypeError", r"has no `__init__`|\w+\(\) takes no arguments",
     N_("is __init__ spelt right? It has two underscores on each side: def __init__(self, ...)")),
    (None, "TypeError", r"^signature: takes fewer",
     N_("check the signature: the spec passes exactly the book's arguments, and yours takes fewer; take them as the "
        "book's does, in the same order")),
    (None, "TypeError", r"abstract method",
     N_("a base class declares this method abstract (@abstractmethod) and the class does not define it: is the "
        "method's name misspelt (backword)?")),
    (None, "TypeError", r"^signature|takes \d+ positional argument|missing \d+ required positional argument",
     N_("check the signature: the spec calls it with exactly the book's arguments, so a parameter the book's does "
        "not have needs a default value (size=None)")),
    ("Affine.forward", "ValueError", r"not aligned|matmul|mismatch in its core dimension",
     N_("forward multiplies the input by the layer's own weights, input first: out = np.dot(x, self.W) + self.b "
        "(not np.dot(self.W, x), not a global W)")),
    ("Affine", "ValueError", r"not aligned|matmul|mismatch in its core dimension",
     N_("check the transposes: dx = np.dot(dout, W.T) and dW = np.dot(x.T, dout)")),
    ("Affine.forward", "ValueError", r"could not be broadcast",
     N_("forward adds an array of the wrong shape: out = np.dot(x, self.W) + self.b, with the layer's own b "
        "(not a global b)")),
    ("Affine.backward", "ValueError", r"could not be broadcast",
     N_("dx = np.dot(dout, self.W.T) and dW = np.dot(self.x.T, dout) are matrix products (np.dot), not `*`")),
    ("TwoLayerNet", "ValueError", r"not aligned|matmul|mismatch in its core dimension",
     N_("check the shapes of W1 (input_size, hidden_size) and W2 (hidden_size, output_size); if they are right, "
        "Affine's own clauses (AFF-1 to AFF-6) show where its shapes go wrong")),
    ("TwoLayerNet", "ValueError", r"non-broadcastable output operand",
     N_("gradient() returned an array whose shape is not its parameter's: grads[key] must have the shape of "
        "params[key] (is a gradient transposed, or stored under the wrong key?)")),
    ("TwoLayerNet", "ValueError", r"could not be broadcast",
     N_("an array has the wrong shape inside the network: Affine's own clauses (AFF-1 to AFF-6) show which of its "
        "forward and backward makes it")),
    (None, "AxisError", r"axis 1 is out of bounds for array of dimension 1",
     N_("a 1-D array has no axis 1: handle a single vector (reshape it to (1, -1)) and integer labels of shape "
        "(N,) (check t.ndim) separately")),
    (None, "NameError", r"is not defined",
     N_("a name the code uses is not defined where it runs: a global instead of self.<name>, or a missing "
        "import?")),
    (None, "NotPlain", r"returned None", N_("is a `return` missing?")),
    (None, "TypeError", r"NoneType", N_("something was None where an array was expected: is a `return` missing in "
                                        "forward or backward, or a gradient (self.dW, self.db) not stored under "
                                        "exactly that name?")),
    (None, "SystemExit", r"", N_("code that is graded must not call sys.exit() or exit()")),
]


def hint_for_error(clause, error):
    for scope, kind, pattern, hint in ERROR_HINTS:
        if not _in_scope(scope, clause, error):
            continue
        if kind not in (None, error.kind):
            continue
        if re.search(pattern, f"{error.reason}\n{error.message}"):
            return _(hint)
    return ""


def _in_scope(scope, clause, error):
    if scope is None:
        return True
    component, _dot, method = scope.partition(".")
    return component == clause.component and (not method or error.call.startswith(f"{scope}("))
