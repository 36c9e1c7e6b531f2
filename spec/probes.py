"""Functions the spec hands to student code that takes a function, such as ``numerical_gradient(f, x)``.

They are known by name so that a worker can supply them without receiving code; each is smooth with a
non-zero third derivative, so a central difference with ``h = 1e-4`` differs from the true gradient by
a predictable ``h**2`` term (see ``exact_central_difference``).
"""
import numpy as np


def sum_of_cubes(x):
    return float(np.sum(np.asarray(x, dtype=np.float64) ** 3))


def weighted_sum_of_cubes(x):
    x = np.asarray(x, dtype=np.float64)
    weights = np.arange(1, x.size + 1, dtype=np.float64).reshape(x.shape)
    return float(np.sum(weights * x**3))


PROBES = {f.__name__: f for f in (sum_of_cubes, weighted_sum_of_cubes)}


def exact_central_difference(name, x, h):
    """What an exact central difference of probe ``name`` at ``x`` with step ``h`` gives: f' + f'''h²/6."""
    weights = np.ones_like(x) if name == "sum_of_cubes" else np.arange(1, x.size + 1.0).reshape(x.shape)
    return weights * (3 * x**2 + h**2)
