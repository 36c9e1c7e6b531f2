"""The part of the book's ``common/util.py`` that chapters 4 and 5 use, served as ``common.util``."""

import numpy as np


def smooth_curve(x):
    """Smooth a loss curve for plotting: a normalised Kaiser window of 11 points, edges mirrored."""
    window = 11
    padded = np.r_[x[window - 1 : 0 : -1], x, x[-1:-window:-1]]
    weights = np.kaiser(window, 2)
    smoothed = np.convolve(weights / weights.sum(), padded, mode="valid")
    return smoothed[5 : len(smoothed) - 5]


def shuffle_dataset(x, t):
    """Shuffle inputs and labels with one permutation of the first axis."""
    permutation = np.random.permutation(x.shape[0])
    return x[permutation], t[permutation]
