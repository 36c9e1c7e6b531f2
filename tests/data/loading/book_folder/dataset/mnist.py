import os.path

dataset_dir = os.path.dirname(os.path.abspath(__file__))


def load_mnist(normalize=True, flatten=True, one_hot_label=False):
    raise FileNotFoundError(os.path.join(dataset_dir, "mnist.pkl"))
