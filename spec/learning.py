"""The grader's own SGD loop, run beside a student's network: the book's loop of section 5.7.4."""
import numpy as np


def sgd(net, x, t, iters, batch_size, lr, seed):
    """Train ``net`` in place: each step draws a batch, asks ``net.gradient`` and updates ``net.params``."""
    rng = np.random.default_rng(seed)
    for _ in range(iters):
        batch = rng.choice(x.shape[0], batch_size)
        grads = net.gradient(x[batch], t[batch])
        for key in ("W1", "b1", "W2", "b2"):
            net.params[key] -= lr * grads[key]
    return None
