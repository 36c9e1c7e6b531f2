"""``load_mnist`` with the book's signature and return value, reading either the bundled digits or IDX files.

By default it serves the 5,000 real MNIST digits shipped in ``reference/data/mnist_5k.npz`` (checked
against their sha256), split into 4,000 training and 1,000 test images, 400 and 100 per class, the same
split on every call. With ``data_dir`` (or the ``MNIST_DIR`` environment variable) it reads the four
standard MNIST IDX files instead, gzipped or not, with a small parser of its own.
"""
import gzip
import hashlib
import math
import os
import zlib
from pathlib import Path

import numpy as np

BUNDLED_PATH = Path(__file__).resolve().parent / "data" / "mnist_5k.npz"
BUNDLED_SHA256 = "246e0c30eeea57c8d0037d3f38c8e00651ec204cc61b8022563e9aeeb9d756f4"
TRAIN_PER_CLASS = 400  # of the 500 bundled digits per class; the other 100 are the test set
NUM_CLASSES = 10

IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions (count, rows, columns)
LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension (count)
IDX_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


class MnistError(ValueError):
    """The digits could not be loaded; the message names the file, what is wrong, and what was expected."""


def load_mnist(normalize=True, flatten=True, one_hot_label=False, data_dir=None):
    """Return ``((x_train, t_train), (x_test, t_test))`` like the book's ``dataset.mnist.load_mnist``.

    ``normalize`` gives float32 pixels in [0, 1] (as the book does), otherwise uint8 in 0-255;
    ``flatten`` gives images of shape ``(N, 784)``, otherwise ``(N, 1, 28, 28)``; ``one_hot_label``
    gives float64 labels of shape ``(N, 10)``, otherwise uint8 digits of shape ``(N,)``.
    ``data_dir`` (default: the ``MNIST_DIR`` environment variable, else the bundled digits) is a
    folder holding the four standard MNIST IDX files. Raises ``MnistError`` when the data is unusable.
    """
    if data_dir is None:
        data_dir = os.environ.get("MNIST_DIR") or None
    if data_dir is None:
        (train_images, train_labels), (test_images, test_labels) = _bundled_split()
    else:
        (train_images, train_labels), (test_images, test_labels) = _read_idx_dir(data_dir)
    return (
        (_prepare_images(train_images, normalize, flatten), _prepare_labels(train_labels, one_hot_label)),
        (_prepare_images(test_images, normalize, flatten), _prepare_labels(test_labels, one_hot_label)),
    )


def _prepare_images(images, normalize, flatten):
    count = images.shape[0]
    shaped = images.reshape(count, -1) if flatten else images.reshape(count, 1, *images.shape[1:])
    if normalize:
        return shaped.astype(np.float32) / np.float32(255.0)
    return shaped.copy()


def _prepare_labels(labels, one_hot_label):
    if not one_hot_label:
        return labels.copy()
    one_hot = np.zeros((labels.shape[0], NUM_CLASSES))
    one_hot[np.arange(labels.shape[0]), labels] = 1.0
    return one_hot


# --- the bundled digits -------------------------------------------------------------------------------


def read_bundled(path=None):
    """Return the bundled ``(images, labels)`` after checking the file's sha256 against the known one."""
    path = Path(BUNDLED_PATH if path is None else path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise MnistError(
            f"{path}: cannot read the bundled digits ({exc.strerror or exc}); expected the file shipped with "
            "backprop-spec: reinstall it, or pass data_dir= / set MNIST_DIR to read MNIST IDX files"
        ) from None
    digest = hashlib.sha256(content).hexdigest()
    if digest != BUNDLED_SHA256:
        raise MnistError(
            f"{path}: sha256 is {digest}, expected {BUNDLED_SHA256}; the bundled digits are damaged or were "
            "replaced: reinstall backprop-spec, or pass data_dir= / set MNIST_DIR to read MNIST IDX files"
        )
    with np.load(path, allow_pickle=False) as archive:
        return archive["images"], archive["labels"]


def _bundled_split():
    """Split the bundled digits by class: the first 400 of each class train, the last 100 test.

    Both sets are interleaved by class (0, 1, ..., 9, 0, 1, ...), so any prefix is balanced too.
    No random numbers are involved, so every call returns the same split.
    """
    images, labels = read_bundled()
    per_class = [np.flatnonzero(labels == digit) for digit in range(NUM_CLASSES)]
    train_index = np.stack([idx[:TRAIN_PER_CLASS] for idx in per_class], axis=1).ravel()
    test_index = np.stack([idx[TRAIN_PER_CLASS:] for idx in per_class], axis=1).ravel()
    return (images[train_index], labels[train_index]), (images[test_index], labels[test_index])


# --- IDX files ----------------------------------------------------------------------------------------


def _read_idx_dir(data_dir):
    folder = Path(data_dir).expanduser()
    if not folder.is_dir():
        what = "is not a directory" if folder.exists() else "does not exist"
        raise MnistError(
            f"{folder}: MNIST data directory {what}; expected a folder holding "
            + ", ".join(name + ".gz" for name in IDX_FILES.values())
            + " (gzipped or not)"
        )
    paths = {key: _find_idx_file(folder, name) for key, name in IDX_FILES.items()}
    train = _read_pair(paths["train_images"], paths["train_labels"])
    test = _read_pair(paths["test_images"], paths["test_labels"])
    return train, test


def _find_idx_file(folder, name):
    for candidate in (folder / (name + ".gz"), folder / name):
        if candidate.is_file():
            return candidate
    raise MnistError(
        f"{folder / (name + '.gz')}: MNIST file not found (nor {name} without .gz); expected the four "
        "standard IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
        "t10k-labels-idx1-ubyte in that folder, gzipped or not"
    )


def _read_pair(images_path, labels_path):
    images = read_idx(images_path, IMAGES_MAGIC)
    labels = read_idx(labels_path, LABELS_MAGIC)
    if images.shape[0] != labels.shape[0]:
        raise MnistError(
            f"{labels_path}: holds {labels.shape[0]} labels but {images_path.name} holds "
            f"{images.shape[0]} images; expected one label per image (files from different downloads?)"
        )
    if labels.size and labels.max() >= NUM_CLASSES:
        raise MnistError(f"{labels_path}: found label {int(labels.max())}; expected digits 0-9")
    return images, labels


def read_idx(path, expected_magic):
    """Parse one IDX file (gzipped or not) into a uint8 array, checking its magic number and its length.

    The format is a big-endian 4-byte magic number (type ``0x08`` = unsigned byte, then the number of
    dimensions), one big-endian 4-byte size per dimension, then the data bytes.
    """
    path = Path(path)
    raw = _read_maybe_gzipped(path)
    if len(raw) < 4:
        raise MnistError(
            f"{path}: file is truncated: {len(raw)} bytes, expected at least a 4-byte magic number"
        )
    magic = int.from_bytes(raw[:4], "big")
    if magic != expected_magic:
        kind = "images" if expected_magic == IMAGES_MAGIC else "labels"
        raise MnistError(
            f"{path}: wrong magic number 0x{magic:08x}, expected 0x{expected_magic:08x} for MNIST {kind}; "
            "is this the right file, and is it an IDX file?"
        )
    ndim = raw[3]
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise MnistError(
            f"{path}: file is truncated: {len(raw)} bytes, expected a header of {header_size} bytes"
        )
    dims = tuple(int(size) for size in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected_size = header_size + math.prod(dims)
    if len(raw) != expected_size:
        problem = "is truncated" if len(raw) < expected_size else "has trailing bytes"
        raise MnistError(
            f"{path}: file {problem}: {len(raw)} bytes, expected {expected_size} "
            f"(a {header_size}-byte header and {'x'.join(map(str, dims))} bytes of data)"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header_size).reshape(dims).copy()


def _read_maybe_gzipped(path):
    """Return the file's bytes, decompressed when they start with the gzip signature, whatever the name."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MnistError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise MnistError(
            f"{path}: not a valid gzip file ({exc}); expected a complete download, gzipped or not"
        ) from None
