import os
import sys

sys.path.append(os.pardir)
from collections import OrderedDict

import numpy as np

from common.layers import *


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {
            "W1": weight_init_std * np.random.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
        }
        self.layers = OrderedDict(Relu1=Relu())
        self.lastLayer = SoftmaxWithLoss()
