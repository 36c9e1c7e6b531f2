"""``reference.training`` and ``backprop-spec train``: short SGD runs on the bundled digits learn."""
import io
import json
import sys

import numpy as np
import pytest

from backprop_spec.cli import main
from backprop_spec.commands.train import Progress
from reference.training import PlotUnavailableError, train, write_curves

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _no_mnist_dir(monkeypatch):
    monkeypatch.delenv("MNIST_DIR", raising=False)


@pytest.fixture(scope="module")
def short_run():
    # 300 iterations reach about 0.86 test accuracy with seeds 0 to 5 (measured); chance is 0.1.
    return train(iters=300)


def test_short_run_learns(short_run):
    assert short_run.test_acc[-1] >= 0.75
    assert short_run.train_acc[-1] >= 0.75
    assert np.mean(short_run.loss[-20:]) < 0.5 * np.mean(short_run.loss[:20])


def test_records_loss_every_iteration_and_accuracy_every_epoch(short_run):
    assert len(short_run.loss) == 300
    assert short_run.settings["iter_per_epoch"] == 40  # 4000 training digits / batch 100
    assert len(short_run.train_acc) == len(short_run.test_acc) == 8  # iterations 0, 40, ..., 280
    assert short_run.settings["train_size"] == 4000 and short_run.settings["test_size"] == 1000


def test_runs_are_reproducible_and_leave_global_rng_alone():
    state = np.random.get_state()
    first = train(iters=20, seed=3)
    after = np.random.get_state()
    assert np.array_equal(after[1], state[1]) and after[2:] == state[2:]
    assert train(iters=20, seed=3).loss == first.loss
    assert train(iters=20, seed=4).loss != first.loss


def test_callbacks_report_progress_and_epochs():
    seen, epochs = [], []
    train(iters=45, progress=lambda i, total, loss: seen.append((i, total)),
          on_epoch=lambda *record: epochs.append(record[:2]))
    assert seen == [(i, 45) for i in range(1, 46)]
    assert epochs == [(1, 1), (2, 41)]


def test_rejects_nonsense_settings():
    with pytest.raises(ValueError, match="iters"):
        train(iters=0)
    with pytest.raises(ValueError, match="lr"):
        train(lr=-0.1)


def test_write_curves(short_run, tmp_path):
    json_path, png_path = write_curves(short_run, tmp_path / "curves")
    data = json.loads(json_path.read_text())
    assert {"loss", "train_acc", "test_acc", "settings"} <= set(data)
    assert len(data["loss"]) == 300 and len(data["train_acc"]) == len(data["test_acc"]) == 8
    assert data["settings"]["lr"] == 0.1
    assert png_path.read_bytes()[:8] == PNG_SIGNATURE


def test_write_curves_without_matplotlib(short_run, tmp_path, monkeypatch):
    """Hiding matplotlib's modules makes their import fail, as when the [plot] extra is not installed."""
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    monkeypatch.setitem(sys.modules, "matplotlib.backends.backend_agg", None)
    with pytest.raises(PlotUnavailableError, match=r"backprop-spec\[plot\]"):
        write_curves(short_run, tmp_path)
    assert (tmp_path / "curves.json").exists()
    assert not (tmp_path / "curves.png").exists()


def test_progress_bar_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = Progress(stream)
    progress(1, 2, 2.3)
    progress(2, 2, 1.5)
    assert stream.getvalue().startswith("\r[") and stream.getvalue().endswith("loss 1.5000\n")


def test_cli_train_writes_curves(tmp_path, capsys):
    assert main(["train", "--iters", "50", "--out", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "epoch" in out and "test acc" in out and str(tmp_path) in out
    assert "iteration 50/50" in err
    assert len(json.loads((tmp_path / "curves.json").read_text())["loss"]) == 50
    assert (tmp_path / "curves.png").read_bytes()[:8] == PNG_SIGNATURE


def test_cli_train_bad_data_dir(tmp_path, capsys):
    missing = tmp_path / "no-such-dir"
    assert main(["train", "--iters", "5", "--data-dir", str(missing), "--out", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1
    assert str(missing) in err and "error" in err
    assert not (tmp_path / "curves.json").exists()
