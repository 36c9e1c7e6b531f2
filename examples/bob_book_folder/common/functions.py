# Bob's helper functions (week 4 homework, reused for chapter 5)
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(a):
    # subtract the biggest score of each row so exp() never overflows
    a = a - a.max(axis=-1, keepdims=True)
    ea = np.exp(a)
    return ea / ea.sum(axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    if y.ndim == 1:  # one sample -> batch of one
        y = y[np.newaxis, :]
        t = t[np.newaxis, :] if t.ndim == 1 and t.size == y.size else np.atleast_1d(t)
    if t.shape == y.shape:  # one-hot labels -> class numbers
        t = np.argmax(t, axis=1)
    n = y.shape[0]
    picked = y[np.arange(n), t]
    return -np.log(picked + 1e-7).sum() / n
