"""How the book builds and calls each component, as the clauses do: shown when a student's signature differs."""

BOOK_CALLS = {
    "MulLayer": {"__init__": "MulLayer()", "forward": "forward(x, y)", "backward": "backward(dout)"},
    "AddLayer": {"__init__": "AddLayer()", "forward": "forward(x, y)", "backward": "backward(dout)"},
    "Relu": {"__init__": "Relu()", "forward": "forward(x)", "backward": "backward(dout)"},
    "Sigmoid": {"__init__": "Sigmoid()", "forward": "forward(x)", "backward": "backward(dout)"},
    "Affine": {"__init__": "Affine(W, b)", "forward": "forward(x)", "backward": "backward(dout)"},
    "SoftmaxWithLoss": {"__init__": "SoftmaxWithLoss()", "forward": "forward(x, t)", "backward": "backward(dout=1)"},
    "TwoLayerNet": {
        "__init__": "TwoLayerNet(input_size, hidden_size, output_size, weight_init_std=0.01)",
        "predict": "predict(x)",
        "loss": "loss(x, t)",
        "accuracy": "accuracy(x, t)",
        "gradient": "gradient(x, t)",
        "numerical_gradient": "numerical_gradient(x, t)",
    },
    "softmax": "softmax(x)",
    "cross_entropy_error": "cross_entropy_error(y, t)",
    "numerical_gradient": "numerical_gradient(f, x)",
}


def book_call(component, method=None):
    """``Affine(W, b)`` for a constructor, ``forward(x)`` for a method, ``softmax(x)`` for a function; or ""."""
    calls = BOOK_CALLS.get(component, "")
    if isinstance(calls, str):
        return calls
    return calls.get(method or "__init__", "")
