"""The book's mini-batch SGD loop on the reference ``TwoLayerNet``, and the learning curves it draws.

Runs are reproducible from ``seed`` alone: weights and batches come from a local ``RandomState`` (whose
stream NumPy keeps fixed across versions), and the global NumPy random state is left as it was.
"""
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from reference.mnist import load_mnist
from reference.two_layer_net import TwoLayerNet

PLOT_HINT = "pip install 'backprop-spec[plot]'"


class PlotUnavailableError(RuntimeError):
    """matplotlib is not installed, so ``curves.png`` was not drawn (``curves.json`` was written)."""


@dataclass
class TrainingResult:
    """Loss after every iteration; train and test accuracy once per epoch, as the book records them."""

    loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    test_acc: list = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    def to_dict(self):
        return asdict(self)


def init_params(net, rng, weight_init_std=0.01):
    """Redraw the weights of a ``TwoLayerNet`` from ``rng`` in place (the layers hold those very arrays)."""
    for key, value in net.params.items():
        if key.startswith("W"):
            value[...] = weight_init_std * rng.standard_normal(value.shape)
        else:
            value[...] = 0.0


def make_net(input_size, hidden_size, output_size, rng):
    """Build the reference net with weights drawn from ``rng``, restoring the global state its init uses."""
    saved = np.random.get_state()
    try:
        net = TwoLayerNet(input_size, hidden_size, output_size)
    finally:
        np.random.set_state(saved)
    init_params(net, rng)
    return net


def train(
    iters=10000, batch_size=100, lr=0.1, hidden=50, seed=0, data_dir=None, progress=None, on_epoch=None
):
    """Train ``TwoLayerNet(784, hidden, 10)`` with SGD on one-hot MNIST, like the book's ``train_neuralnet``.

    An epoch is ``max(train_size // batch_size, 1)`` iterations; accuracies are recorded after the
    update of every iteration ``i`` with ``i % iter_per_epoch == 0`` (so the first after one step).
    ``progress(iteration, total, loss)`` is called after every iteration (``iteration`` counts from 1);
    ``on_epoch(epoch, iteration, train_acc, test_acc)`` after every accuracy record.
    Raises ``MnistError`` when ``data_dir`` (or ``MNIST_DIR``) does not hold usable data.
    """
    for name, value in (("iters", iters), ("batch_size", batch_size), ("hidden", hidden)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if not lr > 0:
        raise ValueError(f"lr must be a positive number, got {lr!r}")

    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True, data_dir=data_dir)
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size // batch_size, 1)
    rng = np.random.RandomState(seed)
    net = make_net(x_train.shape[1], hidden, t_train.shape[1], rng)

    result = TrainingResult(
        settings={
            "iters": iters,
            "batch_size": batch_size,
            "lr": lr,
            "hidden": hidden,
            "seed": seed,
            "data": "bundled mnist_5k" if data_dir is None else str(data_dir),
            "train_size": train_size,
            "test_size": x_test.shape[0],
            "iter_per_epoch": iter_per_epoch,
        }
    )
    for i in range(iters):
        batch = rng.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch], t_train[batch]
        grads = net.gradient(x_batch, t_batch)
        for key, grad in grads.items():
            net.params[key] -= lr * grad
        loss = float(net.loss(x_batch, t_batch))
        result.loss.append(loss)
        if i % iter_per_epoch == 0:
            result.train_acc.append(float(net.accuracy(x_train, t_train)))
            result.test_acc.append(float(net.accuracy(x_test, t_test)))
            if on_epoch is not None:
                on_epoch(len(result.test_acc), i + 1, result.train_acc[-1], result.test_acc[-1])
        if progress is not None:
            progress(i + 1, iters, loss)
    return result


def write_curves(result, out_dir):
    """Write ``curves.json`` and ``curves.png`` into ``out_dir`` (created if needed); return both paths.

    Raises ``PlotUnavailableError`` after writing the JSON when matplotlib is not installed.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = result.to_dict() if isinstance(result, TrainingResult) else dict(result)
    json_path = out_dir / "curves.json"
    json_path.write_text(json.dumps(data) + "\n", encoding="utf-8")
    png_path = out_dir / "curves.png"
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotUnavailableError(
            f"wrote {json_path}, but drawing {png_path} needs matplotlib: {PLOT_HINT}"
        ) from None
    fig = Figure(figsize=(10, 4), layout="constrained")
    FigureCanvasAgg(fig)  # an explicit Agg canvas: headless, and pyplot's global backend is left alone
    _draw_curves(fig, data)
    fig.savefig(png_path, dpi=100)
    return json_path, png_path


def _draw_curves(fig, data):
    """The loss per iteration on the left, train and test accuracy per epoch on the right."""
    from matplotlib.ticker import MaxNLocator

    loss_ax, acc_ax = fig.subplots(1, 2)
    loss_ax.plot(np.arange(1, len(data["loss"]) + 1), data["loss"], linewidth=0.8)
    loss_ax.set(title="training loss", xlabel="iteration", ylabel="loss (mini-batch)")
    epochs = np.arange(len(data["train_acc"]))
    acc_ax.plot(epochs, data["train_acc"], label="train")
    acc_ax.plot(epochs, data["test_acc"], label="test", linestyle="--")
    acc_ax.set(title="accuracy", xlabel="epoch", ylabel="accuracy", ylim=(0.0, 1.0))
    acc_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    acc_ax.legend(loc="lower right")
