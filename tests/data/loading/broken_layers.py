# A student's layers file in which one class does not parse: the other classes must still be graded.
import numpy as np

"""
class Relu:  # an old attempt, "commented out" in a string: it must not come back
    pass
"""


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, x)
        self.x = x
        return np.dot(x, self.W) + self.b


class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


print(Relu().forward(np.array([-1.0, 2.0])))
