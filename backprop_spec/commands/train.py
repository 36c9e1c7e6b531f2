"""``backprop-spec train``: run the book's SGD training of the reference TwoLayerNet and draw its curves."""
import argparse
import sys
import time


def _positive(kind):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a positive {kind.__name__}, got {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"expected a positive {kind.__name__}, got {text!r}")
        return value

    return parse


def register(subparsers):
    p = subparsers.add_parser(
        "train",
        help="train the reference TwoLayerNet on MNIST and plot its learning curves",
        description="Mini-batch SGD on the reference TwoLayerNet, as in the book's chapter 5. Uses the "
        "bundled 5,000 digits unless --data-dir (or MNIST_DIR) names a folder of MNIST IDX files.",
    )
    p.add_argument("--iters", type=_positive(int), default=10000, metavar="N", help="iterations (10000)")
    p.add_argument("--batch-size", type=_positive(int), default=100, metavar="B", help="batch size (100)")
    p.add_argument("--lr", type=_positive(float), default=0.1, metavar="L", help="learning rate (0.1)")
    p.add_argument("--hidden", type=_positive(int), default=50, metavar="H", help="hidden units (50)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed for weights and batches (0)")
    p.add_argument("--data-dir", default=None, metavar="DIR", help="folder with the four MNIST IDX files")
    p.add_argument("--out", default="out", metavar="DIR", help="where curves.json and curves.png go (out/)")
    p.set_defaults(run=run)


class Progress:
    """A one-line bar redrawn with ``\\r`` on a terminal; a line every tenth of the run otherwise."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = stream.isatty()
        self.last_draw = 0.0
        self.shown = False

    def __call__(self, iteration, total, loss):
        if self.tty:
            now = time.monotonic()
            if iteration == total or now - self.last_draw >= 0.1:
                self.last_draw = now
                done = 30 * iteration // total
                bar = "#" * done + "-" * (30 - done)
                self.stream.write(f"\r[{bar}] {iteration}/{total} loss {loss:.4f}")
                self.shown = True
                if iteration == total:
                    self.stream.write("\n")
                    self.shown = False
                self.stream.flush()
        elif iteration == total or iteration % max(total // 10, 1) == 0:
            self.stream.write(f"iteration {iteration}/{total}  loss {loss:.4f}\n")
            self.stream.flush()

    def clear(self):
        """Wipe the bar so that a line printed on stdout is not drawn over it."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def run(args):
    from reference.mnist import MnistError
    from reference.training import PlotUnavailableError, train, write_curves

    progress = Progress(sys.stderr)

    def on_epoch(epoch, iteration, train_acc, test_acc):
        progress.clear()
        print(f"epoch {epoch:4d} (iteration {iteration}): train acc {train_acc:.4f}, test acc {test_acc:.4f}",
              flush=True)

    try:
        result = train(iters=args.iters, batch_size=args.batch_size, lr=args.lr, hidden=args.hidden,
                       seed=args.seed, data_dir=args.data_dir, progress=progress, on_epoch=on_epoch)
    except MnistError as exc:
        print(f"backprop-spec train: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        progress.clear()
        print("backprop-spec train: interrupted", file=sys.stderr)
        return 130
    epochs = len(result.test_acc)
    last_iteration = (epochs - 1) * result.settings["iter_per_epoch"] + 1
    print(f"last record (epoch {epochs}, iteration {last_iteration} of {args.iters}): "
          f"train acc {result.train_acc[-1]:.4f}, test acc {result.test_acc[-1]:.4f}")
    try:
        json_path, png_path = write_curves(result, args.out)
    except PlotUnavailableError as exc:
        print(f"backprop-spec train: warning: {exc}", file=sys.stderr)
        return 0
    except OSError as exc:
        print(f"backprop-spec train: error: cannot write the curves to {args.out}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {json_path} and {png_path}")
    return 0
