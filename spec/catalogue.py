"""The clause catalogue: every clause of the spec, in the order of the book, read by pytest, the CLI and reports.

Clauses are defined once, next to their checks, in ``spec.checks``; importing this module collects them.
"""
from spec.checks import activations, affine, graph, learning, losses, network, numerical  # noqa: F401  (registers)
from spec.clauses import COMPONENTS, CORE, EXTENDED, REGISTRY

# One paragraph per component: the contract its clauses make precise.
CONTRACTS = {
    "MulLayer": "A multiplication node. `forward(x, y)` caches both inputs and returns `x * y`; `backward(dout)` "
    "returns the pair `(dout * y, dout * x)`: each input's gradient is dout times the *other* input.",
    "AddLayer": "An addition node. `forward(x, y)` returns `x + y`; `backward(dout)` returns `(dout, dout)`.",
    "Relu": "`forward(x)` remembers where `x <= 0` and zeroes those elements of a copy; `backward(dout)` zeroes "
    "dout at the same places. It may overwrite dout (the book does): the spec always hands over a copy.",
    "Sigmoid": "`forward(x)` returns and keeps `y = 1 / (1 + exp(-x))`; `backward(dout)` returns "
    "`dout * y * (1 - y)` from that kept output.",
    "Affine": "Constructed with `W` and `b`, which it keeps (not copies). `forward(x)` returns `x @ W + b` for a "
    "batch; `backward(dout)` returns `dx = dout @ W.T` and stores `dW = x.T @ dout`, `db = dout.sum(axis=0)`.",
    "softmax": "Softmax of each row of a 2-D batch, or of a 1-D vector, stable for large inputs.",
    "cross_entropy_error": "`cross_entropy_error(y, t)`: the mean over the batch of `-log(y)` at the labelled "
    "class; `t` one-hot, or (extended) integer labels; a 1-D `y` is a batch of one.",
    "SoftmaxWithLoss": "`forward(x, t)` applies softmax and returns the mean cross-entropy; `backward(dout=1)` "
    "returns `(softmax(x) - t) / batch_size`.",
    "numerical_gradient": "`numerical_gradient(f, x)`: for every element, the central difference "
    "`(f(x + h) - f(x - h)) / 2h` with `h = 1e-4`, leaving `x` as it was.",
    "TwoLayerNet": "`TwoLayerNet(input_size, hidden_size, output_size, weight_init_std=0.01)`: params "
    "`W1, b1, W2, b2`; layers Affine, Relu, Affine and SoftmaxWithLoss built on those very arrays; `predict`, "
    "`loss`, `accuracy`, `gradient` (backprop) and `numerical_gradient`; and it learns under SGD.",
}

CLAUSES = sorted(REGISTRY, key=lambda c: list(COMPONENTS).index(c.component))
BY_ID = {c.id: c for c in CLAUSES}

__all__ = ["CLAUSES", "BY_ID", "COMPONENTS", "CONTRACTS", "CORE", "EXTENDED"]
