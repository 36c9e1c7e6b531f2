"""Hints for errors raised by student code: the classic mistakes that show up as an exception."""
import re

# (component or None for any, exception kind or None, pattern in the message, hint)
ERROR_HINTS = [
    (None, "AttributeError", r"has no attribute '(forward|backward)'",
     "the method must be named exactly forward / backward (is it misspelt, e.g. forwark or backword?)"),
    (None, "AttributeError", r"has no attribute '(dW|db)'",
     "Affine.backward must store self.dW and self.db (exactly those names)"),
    (None, "TypeError", r"(takes \d+ positional argument|__init__\(\) takes|\w+\(\) takes no arguments)",
     "check the signature: is __init__ spelt right, and does the method take the arguments the book's does?"),
    (None, "TypeError", r"dot\(\) missing|dot\(\) takes",
     "np.dot takes two arrays: dx = np.dot(dout, self.W.T), not np.dot(dout * self.W.T)"),
    ("Affine", "ValueError", r"not aligned|matmul|mismatch in its core dimension",
     "check the transposes: dx = np.dot(dout, W.T) and dW = np.dot(x.T, dout)"),
    ("Affine", "ValueError", r"could not be broadcast",
     "dx = np.dot(dout, self.W.T) and dW = np.dot(self.x.T, dout) are matrix products (np.dot), not `*`"),
    ("TwoLayerNet", "ValueError", r"not aligned|matmul|mismatch in its core dimension",
     "check the shapes of W1 (input_size, hidden_size) and W2 (hidden_size, output_size), and the transposes "
     "in Affine.backward: dx = np.dot(dout, W.T)"),
    ("SoftmaxWithLoss", "ValueError", r"could not be broadcast",
     "with integer labels t of shape (N,), `y - t` does not work: copy y and subtract 1 at "
     "[np.arange(batch_size), t]"),
    ("TwoLayerNet", "ValueError", r"non-broadcastable output operand",
     "gradient() returned an array whose shape is not its parameter's: grads[key] must have the shape of "
     "params[key] (is a gradient stored under the wrong key?)"),
    (None, "AxisError", r"axis 1 is out of bounds for array of dimension 1",
     "a 1-D array has no axis 1: handle a single vector (reshape it to (1, -1)) and integer labels of shape "
     "(N,) (check t.ndim) separately"),
    (None, "NameError", r"name '(\w+)' is not defined",
     "a name the code uses is not defined where it runs: a global instead of self.<name>, or a missing import?"),
    (None, "NotPlain", r"returned None", "is a `return` missing?"),
    (None, "TypeError", r"NoneType", "something returned None: is a `return` missing in forward or backward?"),
    (None, "SystemExit", r"", "code that is graded must not call sys.exit() or exit()"),
]


def hint_for_error(clause, error):
    for component, kind, pattern, hint in ERROR_HINTS:
        if component not in (None, clause.component):
            continue
        if kind not in (None, error.kind):
            continue
        if re.search(pattern, error.message):
            return hint
    return ""
