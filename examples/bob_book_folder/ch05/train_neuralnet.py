import sys, os
sys.path.append(os.pardir)
import numpy as np
from dataset.mnist import load_mnist
from two_layer_net import TwoLayerNet

(x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
net = TwoLayerNet(784, 50, 10)
for step in range(10000):
    pick = np.random.choice(x_train.shape[0], 100)
    g = net.gradient(x_train[pick], t_train[pick])
    for k in g:
        net.params[k] -= 0.1 * g[k]
    if step % 600 == 0:
        print(step, net.accuracy(x_test, t_test))
