"""The reference implementation: the model answer that satisfies every clause of the spec."""
from reference.functions import cross_entropy_error, sigmoid, softmax
from reference.gradient import numerical_gradient
from reference.layers import AddLayer, Affine, MulLayer, Relu, Sigmoid, SoftmaxWithLoss
from reference.two_layer_net import TwoLayerNet

__all__ = [
    "AddLayer",
    "Affine",
    "MulLayer",
    "Relu",
    "Sigmoid",
    "SoftmaxWithLoss",
    "TwoLayerNet",
    "cross_entropy_error",
    "numerical_gradient",
    "sigmoid",
    "softmax",
]
