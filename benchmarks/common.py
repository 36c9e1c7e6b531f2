"""Helpers shared by the benchmarks: run the CLI, time things, make a class of submissions."""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").iterdir())
ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")


def wall(command):
    """Seconds a command takes from start to exit, and its exit code."""
    started = time.perf_counter()
    code = subprocess.run(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return time.perf_counter() - started, code


def grade(paths, *options):
    """Run ``backprop-spec grade`` as a user would; returns (wall seconds, the JSON report)."""
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"backprop-spec-bench-{os.getpid()}.json"
    seconds, _ = wall([sys.executable, "-m", "backprop_spec", "grade", *map(str, paths), "--format", "json",
                       "-o", str(out), *options])
    report = json.loads(out.read_text())
    out.unlink()
    return seconds, report


def book_gradient_check_seconds():
    """The book's check: TwoLayerNet(784, 50, 10).numerical_gradient on three digits."""
    import numpy as np

    from reference.mnist import load_mnist
    from reference.two_layer_net import TwoLayerNet

    (x, t), _ = load_mnist(normalize=True, one_hot_label=True)
    np.random.seed(0)
    net = TwoLayerNet(784, 50, 10)
    started = time.perf_counter()
    net.numerical_gradient(x[:3], t[:3])
    return time.perf_counter() - started


def make_class(folder, size):
    """``size`` submissions: copies of examples/, round robin."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(size):
        source = EXAMPLES[i % len(EXAMPLES)]
        target = folder / f"s{i:03d}_{source.name}"
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
        paths.append(target)
    return paths
