import numpy as np


def numerical_gradient(f, x):
    eps = 1e-4
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + eps
        up = f(x)
        x[i] = keep - eps
        down = f(x)
        g[i] = (up - down) / (2 * eps)
        x[i] = keep
    return g
