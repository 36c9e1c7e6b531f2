"""Hints for errors raised by student code: the classic mistakes that show up as an exception."""
import re

# (scope, exception kind or None, pattern in the message, hint). The scope is None for any clause, a component
# for its clauses, or "Component.method" for errors raised by that call in its clauses.
ERROR_HINTS = [
    (None, "AttributeError", r"is inside `__init__`",
     "move the method out of __init__: its `def` starts at the same indentation as `def __init__`"),
    (None, "AttributeError", r"has no attribute '(forward|backward)'",
     "the method must be named exactly forward / backward (is it misspelt, e.g. forwark or backword?)"),
    (None, "AttributeError", r"has no attribute '(dW|db)'",
     "Affine.backward must store self.dW and self.db (exactly those names)"),
    (None, "TypeError", r"dot\(\) missing|dot\(\) takes",
     "np.dot takes two arrays: dx = np.dot(dout, self.W.T), not np.dot(dout * self.W.T)"),
    (None, "TypeError", r"has no `__init__`|__init__\(\) takes|\w+\(\) takes no arguments",
     "is __init__ spelt right? It has two underscores on each side: def __init__(self, ...)"),
    (None, "TypeError", r"takes \d+ positional argument|missing \d+ required positional argument|your `\w+` takes",
     "check the signature: the spec calls it with exactly the book's arguments, so a parameter the book's does "
     "not have needs a default value (size=None)"),
    ("Affine", "ValueError", r"not aligned|matmul|mismatch in its core dimension",
     "check the transposes: dx = np.dot(dout, W.T) and dW = np.dot(x.T, dout)"),
    ("Affine.forward", "ValueError", r"could not be broadcast",
     "forward adds an array of the wrong shape: out = np.dot(x, self.W) + self.b, with the layer's own b "
     "(not a global b)"),
    ("Affine.backward", "ValueError", r"could not be broadcast",
     "dx = np.dot(dout, self.W.T) and dW = np.dot(self.x.T, dout) are matrix products (np.dot), not `*`"),
    ("TwoLayerNet", "ValueError", r"not aligned|matmul|mismatch in its core dimension",
     "check the shapes of W1 (input_size, hidden_size) and W2 (hidden_size, output_size); if they are right, "
     "Affine's own clauses (AFF-1 to AFF-6) show where its shapes go wrong"),
    ("TwoLayerNet", "ValueError", r"non-broadcastable output operand",
     "gradient() returned an array whose shape is not its parameter's: grads[key] must have the shape of "
     "params[key] (is a gradient transposed, or stored under the wrong key?)"),
    ("TwoLayerNet", "ValueError", r"could not be broadcast",
     "an array has the wrong shape inside the network: Affine's own clauses (AFF-1 to AFF-6) show which of its "
     "forward and backward makes it"),
    (None, "AxisError", r"axis 1 is out of bounds for array of dimension 1",
     "a 1-D array has no axis 1: handle a single vector (reshape it to (1, -1)) and integer labels of shape "
     "(N,) (check t.ndim) separately"),
    (None, "NameError", r"name '\w+' is not defined|neither defines nor imports",
     "a name the code uses is not defined where it runs: a global instead of self.<name>, or a missing import?"),
    (None, "NotPlain", r"returned None", "is a `return` missing?"),
    (None, "TypeError", r"NoneType", "something was None where an array was expected: is a `return` missing in "
     "forward or backward, or a gradient (self.dW, self.db) not stored under exactly that name?"),
    (None, "SystemExit", r"", "code that is graded must not call sys.exit() or exit()"),
]


def hint_for_error(clause, error):
    for scope, kind, pattern, hint in ERROR_HINTS:
        if not _in_scope(scope, clause, error):
            continue
        if kind not in (None, error.kind):
            continue
        if re.search(pattern, error.message):
            return hint
    return ""


def _in_scope(scope, clause, error):
    if scope is None:
        return True
    component, _, method = scope.partition(".")
    return component == clause.component and (not method or error.call.startswith(f"{scope}("))
