import sys, os
sys.path.append(os.pardir)
import numpy as np
from collections import OrderedDict
from common.layers import Affine, Relu, SoftmaxWithLoss
from common.gradient import numerical_gradient


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {
            'W1': weight_init_std * np.random.randn(input_size, hidden_size),
            'b1': np.zeros(hidden_size),
            'W2': weight_init_std * np.random.randn(hidden_size, output_size),
            'b2': np.zeros(output_size),
        }
        self.layers = OrderedDict(
            Affine1=Affine(self.params['W1'], self.params['b1']),
            Relu1=Relu(),
            Affine2=Affine(self.params['W2'], self.params['b2']),
        )
        self.lastLayer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.lastLayer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        guess = self.predict(x).argmax(axis=1)
        if t.ndim == 2:
            t = t.argmax(axis=1)
        return float((guess == t).mean())

    def numerical_gradient(self, x, t):
        f = lambda _: self.loss(x, t)
        return {k: numerical_gradient(f, self.params[k]) for k in ('W1', 'b1', 'W2', 'b2')}

    def gradient(self, x, t):
        self.loss(x, t)
        d = self.lastLayer.backward(1)
        for layer in reversed(self.layers.values()):
            d = layer.backward(d)
        a1, a2 = self.layers['Affine1'], self.layers['Affine2']
        return {'W1': a1.dW, 'b1': a1.db, 'W2': a2.dW, 'b2': a2.db}
