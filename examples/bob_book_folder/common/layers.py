import numpy as np
from common.functions import softmax, cross_entropy_error, sigmoid


class Relu:
    def __init__(self):
        self.negative = None

    def forward(self, x):
        self.negative = x <= 0
        y = x.copy()
        y[self.negative] = 0
        return y

    def backward(self, dout):
        dout[self.negative] = 0
        return dout


class Sigmoid:
    def __init__(self):
        self.y = None

    def forward(self, x):
        self.y = sigmoid(x)
        return self.y

    def backward(self, dout):
        return dout * self.y * (1.0 - self.y)


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = None
        self.in_shape = None
        self.dW = self.db = None

    def forward(self, x):
        self.in_shape = x.shape
        self.x = x.reshape(len(x), -1)
        return self.x.dot(self.W) + self.b

    def backward(self, dout):
        self.dW = self.x.T.dot(dout)
        self.db = dout.sum(axis=0)
        return dout.dot(self.W.T).reshape(self.in_shape)


class SoftmaxWithLoss:
    def __init__(self):
        self.y = self.t = self.loss = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, t)
        return self.loss

    def backward(self, dout=1):
        n = self.t.shape[0]
        if self.t.shape == self.y.shape:
            return dout * (self.y - self.t) / n
        grad = self.y.copy()
        grad[np.arange(n), self.t] -= 1
        return dout * grad / n
