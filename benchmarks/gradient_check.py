"""(a) The directional gradient check against the book's elementwise one, on TwoLayerNet(784, 50, 10).

Both check the same backward gradients of the same network on three bundled digits: the reference's,
which is right, and two subtly wrong ones (one element of dW1 doubled; every gradient off by 1e-3
relative), at the tolerance the spec uses for loss gradients. The verdicts must agree; the ratio of the
two methods' times is printed (directional: best of three runs, after a warm-up).
"""
import time

import numpy as np

from reference.mnist import load_mnist
from reference.two_layer_net import TwoLayerNet
from spec.checks.losses import LOSS_GRADIENT_RTOL
from spec.gradcheck import elementwise_mismatch, first_failing_tensor, localise


def network_and_batch(seed=0):
    (x, t), _ = load_mnist(normalize=True, one_hot_label=True)
    np.random.seed(seed)
    net = TwoLayerNet(784, 50, 10)
    for key in net.params:  # non-zero biases, as after some training, so every parameter matters
        net.params[key][...] += np.random.default_rng(seed).normal(0, 0.01, net.params[key].shape)
    return net, x[:3].astype(np.float64), t[:3]


def objective_of(net, x, t):
    def objective(name, moved):
        saved = net.params[name].copy()
        net.params[name][...] = moved
        value = float(net.loss(x, t))
        net.params[name][...] = saved
        return value, abs(value) * (1 + x.size)

    return objective


def variants(grads):
    one_element = {k: v.copy() for k, v in grads.items()}
    i, j = np.unravel_index(np.argmax(np.abs(grads["W1"])), grads["W1"].shape)
    one_element["W1"][i, j] *= 2
    scaled = {k: v * (1 + 1e-3) for k, v in grads.items()}
    return {"correct": grads, "one element of dW1 doubled": one_element, "all gradients x (1 + 1e-3)": scaled}


def best_time(check, *args, repeats=3):
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = check(*args)
        times.append(time.perf_counter() - started)
    return min(times), result


def main():
    net, x, t = network_and_batch()
    objective = objective_of(net, x, t)
    grads = net.gradient(x, t)
    params = {k: v.copy() for k, v in net.params.items()}
    print(f"(a) gradient check of TwoLayerNet(784, 50, 10) on a batch of 3, relative tolerance {LOSS_GRADIENT_RTOL:g}")
    print(f"    {'gradients':<30} {'book elementwise':>17} {'directional':>12} {'ratio':>7}  verdicts (book/dir)"
          f"  then localised")
    ratios = []

    def directional(candidate):
        return first_failing_tensor(objective, params, candidate, np.random.default_rng(0), LOSS_GRADIENT_RTOL)

    directional(grads)  # warm-up
    for label, candidate in variants(grads).items():
        book_s, book = best_time(elementwise_mismatch, objective, params, candidate, LOSS_GRADIENT_RTOL, repeats=1)
        fast_s, failing = best_time(directional, candidate)
        where = ""
        if failing is not None:
            where_s, found = best_time(localise, objective, failing, params[failing], candidate[failing],
                                       np.random.default_rng(0), repeats=1)
            where = f"  {failing}{list(found.index)} in {where_s:.2f} s"
        same = (book is None) == (failing is None)
        ratios.append(book_s / fast_s)
        print(f"    {label:<30} {book_s:>15.2f} s {fast_s * 1000:>9.1f} ms {book_s / fast_s:>6.0f}x  "
              f"{'pass' if book is None else 'fail'}/{'pass' if failing is None else 'fail'} "
              f"{'same' if same else 'DIFFERENT'}{where}")
    print(f"    directional verdicts are {min(ratios):.0f}x to {max(ratios):.0f}x faster than the book's "
          f"(goal: >= 200x at equal verdicts)")


if __name__ == "__main__":
    main()
