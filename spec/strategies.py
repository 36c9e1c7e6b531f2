"""Hypothesis strategies for every property clause, in one place: shapes, bounded float64 arrays, labels."""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

BATCH = st.integers(1, 8)
WIDTH = st.integers(1, 12)
KINK_MARGIN = 0.01  # inputs of Relu stay this far from 0, where its derivative jumps


def floats(low=-5.0, high=5.0):
    return st.floats(low, high, allow_nan=False, allow_infinity=False, width=64)


def away_from_zero(low=KINK_MARGIN, high=5.0):
    return st.one_of(st.floats(low, high, width=64), st.floats(-high, -low, width=64))


def arrays(shape, elements=None):
    return hnp.arrays(np.float64, shape, elements=elements if elements is not None else floats())


@st.composite
def batch_shapes(draw, min_dims=1, max_dims=3):
    """Shapes with a leading batch of 1-8, a width of 1-12 and, for a third dimension, 1-4.

    The third dimension is kept narrow: Hypothesis draws every element, and 8 x 12 x 12 arrays would
    cost far more time than the shape adds insight.
    """
    dims = draw(st.integers(min_dims, max_dims))
    return ((draw(BATCH), draw(WIDTH), draw(st.integers(1, 4)))[:dims])


@st.composite
def same_shape_arrays(draw, count, elements=None, min_dims=1, max_dims=3):
    shape = draw(batch_shapes(min_dims, max_dims))
    return tuple(draw(arrays(shape, elements)) for _ in range(count))


@st.composite
def affine_cases(draw, nd=False):
    """``(x, W, b)`` for an Affine layer; with ``nd`` the input has 3 or 4 dimensions."""
    batch = draw(BATCH)
    feature_shape = (draw(st.integers(1, 4)), draw(st.integers(1, 4))) if nd else (draw(WIDTH),)
    if nd and draw(st.booleans()):
        feature_shape = feature_shape + (draw(st.integers(1, 3)),)
    inputs, outputs = int(np.prod(feature_shape)), draw(WIDTH)
    x = draw(arrays((batch,) + feature_shape, floats(-3, 3)))
    W = draw(arrays((inputs, outputs), floats(-3, 3)))
    b = draw(arrays((outputs,), floats(-3, 3)))
    return x, W, b


@st.composite
def labelled_scores(draw, one_hot=True):
    """Scores ``x`` of shape (N, C) with C >= 2 and labels ``t``: one-hot (N, C) or integer (N,)."""
    batch, classes = draw(BATCH), draw(st.integers(2, 12))
    x = draw(arrays((batch, classes), floats(-10, 10)))
    labels = np.array(draw(st.lists(st.integers(0, classes - 1), min_size=batch, max_size=batch)))
    return x, (np.eye(classes)[labels] if one_hot else labels)


@st.composite
def network_cases(draw):
    """Sizes ``(I, H, O)``, a batch ``x``, one-hot labels ``t`` and parameters away from ReLU's kink."""
    I, H, O = draw(st.integers(1, 8)), draw(st.integers(1, 8)), draw(st.integers(2, 6))
    batch = draw(st.integers(1, 5))
    x = draw(arrays((batch, I), floats(-2, 2)))
    params = {
        "W1": draw(arrays((I, H), floats(-1, 1))),
        "b1": draw(arrays((H,), away_from_zero(0.1, 1.0))),
        "W2": draw(arrays((H, O), floats(-1, 1))),
        "b2": draw(arrays((O,), floats(-1, 1))),
    }
    labels = np.array(draw(st.lists(st.integers(0, O - 1), min_size=batch, max_size=batch)))
    return (I, H, O), x, np.eye(O)[labels], params
