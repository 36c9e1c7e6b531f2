"""``reference.mnist.load_mnist``: the bundled digits, their split and checksum, and the IDX reader."""
import gzip
import shutil
import struct

import numpy as np
import pytest

from reference import mnist
from reference.mnist import MnistError, load_mnist


@pytest.fixture(autouse=True)
def _no_mnist_dir(monkeypatch):
    """A developer's own MNIST_DIR must not change what these tests load."""
    monkeypatch.delenv("MNIST_DIR", raising=False)


def idx_bytes(array, magic):
    """Encode a uint8 array as an IDX file: big-endian magic, one big-endian size per dimension, data."""
    return struct.pack(">I", magic) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()


def make_digits(count, seed):
    images = np.random.RandomState(seed).randint(0, 256, size=(count, 28, 28)).astype(np.uint8)
    return images, (np.arange(count) % 10).astype(np.uint8)


def write_idx_dir(folder, gzipped, train=None, test=None):
    """Write the four MNIST files into ``folder``; return ``(train, test)`` as ``(images, labels)`` pairs."""
    train = train or make_digits(12, seed=1)
    test = test or make_digits(5, seed=2)
    contents = {
        "train-images-idx3-ubyte": idx_bytes(train[0], mnist.IMAGES_MAGIC),
        "train-labels-idx1-ubyte": idx_bytes(train[1], mnist.LABELS_MAGIC),
        "t10k-images-idx3-ubyte": idx_bytes(test[0], mnist.IMAGES_MAGIC),
        "t10k-labels-idx1-ubyte": idx_bytes(test[1], mnist.LABELS_MAGIC),
    }
    for name, data in contents.items():
        if gzipped:
            (folder / (name + ".gz")).write_bytes(gzip.compress(data))
        else:
            (folder / name).write_bytes(data)
    return train, test


def error_of(data_dir):
    with pytest.raises(MnistError) as info:
        load_mnist(data_dir=data_dir)
    message = str(info.value)
    assert "\n" not in message, "errors are one line, for the CLI"
    return message


# --- the bundled digits -------------------------------------------------------------------------------


@pytest.mark.parametrize("normalize", [True, False])
@pytest.mark.parametrize("flatten", [True, False])
@pytest.mark.parametrize("one_hot_label", [True, False])
def test_bundled_shapes_dtypes_and_ranges(normalize, flatten, one_hot_label):
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize, flatten, one_hot_label)
    for x, t, n in ((x_train, t_train, 4000), (x_test, t_test, 1000)):
        assert x.shape == ((n, 784) if flatten else (n, 1, 28, 28))
        if normalize:
            assert x.dtype == np.float32
            assert x.min() == 0.0 and x.max() == 1.0
        else:
            assert x.dtype == np.uint8
            assert x.min() == 0 and x.max() == 255
        if one_hot_label:
            assert t.shape == (n, 10)
            assert set(np.unique(t)) == {0.0, 1.0}
            np.testing.assert_array_equal(t.sum(axis=1), 1.0)
        else:
            assert t.shape == (n,) and t.dtype == np.uint8
            assert t.min() == 0 and t.max() == 9


def test_flags_describe_the_same_digits():
    (x_raw, t_raw), _ = load_mnist(normalize=False, flatten=False, one_hot_label=False)
    (x, t), _ = load_mnist(normalize=True, flatten=True, one_hot_label=True)
    np.testing.assert_array_equal(x, x_raw.reshape(4000, 784).astype(np.float32) / np.float32(255))
    np.testing.assert_array_equal(t.argmax(axis=1), t_raw)


def test_split_is_deterministic_stratified_and_leaves_global_rng_alone():
    state = np.random.get_state()
    (x1, t1), (xt1, tt1) = load_mnist(normalize=False)
    (x2, t2), (xt2, tt2) = load_mnist(normalize=False)
    after = np.random.get_state()
    assert np.array_equal(after[1], state[1]) and after[2:] == state[2:]
    for a, b in ((x1, x2), (t1, t2), (xt1, xt2), (tt1, tt2)):
        np.testing.assert_array_equal(a, b)
    assert np.bincount(t1, minlength=10).tolist() == [400] * 10
    assert np.bincount(tt1, minlength=10).tolist() == [100] * 10
    assert t1[:10].tolist() == list(range(10)), "interleaved by class, so every prefix is balanced"
    train_rows = {row.tobytes() for row in x1}
    assert not any(row.tobytes() in train_rows for row in xt1), "no test digit is also a training digit"


def test_arrays_are_fresh_and_writable():
    (x, t), _ = load_mnist(normalize=False)
    original = x[0, 0], t[0]
    x[0, 0] += 1
    t[0] += 1
    (x_again, t_again), _ = load_mnist(normalize=False)
    assert (x_again[0, 0], t_again[0]) == original


def test_tampered_bundled_file_is_refused(tmp_path, monkeypatch):
    tampered = tmp_path / "mnist_5k.npz"
    shutil.copyfile(mnist.BUNDLED_PATH, tampered)
    content = bytearray(tampered.read_bytes())
    content[len(content) // 2] ^= 0xFF
    tampered.write_bytes(bytes(content))
    monkeypatch.setattr(mnist, "BUNDLED_PATH", tampered)
    with pytest.raises(MnistError, match="sha256") as info:
        load_mnist()
    assert str(tampered) in str(info.value)
    assert mnist.BUNDLED_SHA256 in str(info.value)


def test_missing_bundled_file_is_named(tmp_path):
    with pytest.raises(MnistError, match="mnist_5k.npz"):
        mnist.read_bundled(tmp_path / "mnist_5k.npz")


# --- IDX files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzipped", "plain"])
def test_reads_idx_files(tmp_path, gzipped):
    (train_x, train_t), (test_x, test_t) = write_idx_dir(tmp_path, gzipped)
    (x, t), (xt, tt) = load_mnist(normalize=False, flatten=False, data_dir=tmp_path)
    np.testing.assert_array_equal(x, train_x.reshape(12, 1, 28, 28))
    np.testing.assert_array_equal(t, train_t)
    np.testing.assert_array_equal(xt, test_x.reshape(5, 1, 28, 28))
    np.testing.assert_array_equal(tt, test_t)
    (x, t), _ = load_mnist(normalize=True, one_hot_label=True, data_dir=str(tmp_path))
    assert x.shape == (12, 784) and x.dtype == np.float32 and x.max() <= 1.0
    np.testing.assert_array_equal(t.argmax(axis=1), train_t)


def test_gzip_detected_by_content_not_name(tmp_path):
    write_idx_dir(tmp_path, gzipped=False)
    name = tmp_path / "train-images-idx3-ubyte"
    name.write_bytes(gzip.compress(name.read_bytes()))
    (x, _), _ = load_mnist(normalize=False, data_dir=tmp_path)
    assert x.shape == (12, 784)


def test_mnist_dir_environment_variable(tmp_path, monkeypatch):
    write_idx_dir(tmp_path, gzipped=True)
    monkeypatch.setenv("MNIST_DIR", str(tmp_path))
    (x, _), (xt, _) = load_mnist()
    assert (x.shape[0], xt.shape[0]) == (12, 5)
    monkeypatch.setenv("MNIST_DIR", "")
    (x, _), _ = load_mnist()
    assert x.shape[0] == 4000, "an empty MNIST_DIR means the bundled digits"


def test_data_dir_wins_over_environment(tmp_path, monkeypatch):
    write_idx_dir(tmp_path, gzipped=True)
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "nowhere"))
    (x, _), _ = load_mnist(data_dir=tmp_path)
    assert x.shape[0] == 12


def test_missing_file_is_named(tmp_path):
    write_idx_dir(tmp_path, gzipped=True)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    message = error_of(tmp_path)
    assert "t10k-labels-idx1-ubyte" in message and "not found" in message


def test_missing_directory_is_named(tmp_path):
    message = error_of(tmp_path / "nowhere")
    assert "nowhere" in message and "does not exist" in message


@pytest.mark.parametrize("cut", [2, 10, 100])
def test_truncated_file(tmp_path, cut):
    write_idx_dir(tmp_path, gzipped=False)
    path = tmp_path / "train-images-idx3-ubyte"
    data = path.read_bytes()
    path.write_bytes(data[:cut] if cut < 16 else data[:-cut])
    message = error_of(tmp_path)
    assert str(path) in message and "truncated" in message


def test_truncated_gzip_file(tmp_path):
    write_idx_dir(tmp_path, gzipped=True)
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-20])
    message = error_of(tmp_path)
    assert str(path) in message and "gzip" in message


def test_wrong_magic(tmp_path):
    write_idx_dir(tmp_path, gzipped=False)
    images = tmp_path / "train-images-idx3-ubyte"
    shutil.copyfile(tmp_path / "train-labels-idx1-ubyte", images)
    message = error_of(tmp_path)
    assert str(images) in message
    assert "magic" in message and "0x00000801" in message and "0x00000803" in message


def test_label_count_must_match_image_count(tmp_path):
    images, labels = make_digits(12, seed=1)
    write_idx_dir(tmp_path, gzipped=False, train=(images, labels[:11]))
    message = error_of(tmp_path)
    assert "train-labels-idx1-ubyte" in message and "11 labels" in message and "12 images" in message


def test_a_label_that_is_not_a_digit_is_refused(tmp_path):
    images, labels = make_digits(12, seed=1)
    labels[3] = 10
    write_idx_dir(tmp_path, gzipped=False, train=(images, labels))
    message = error_of(tmp_path)
    assert "train-labels-idx1-ubyte" in message and "label 10" in message and "digits 0-9" in message


def test_an_unreadable_file_is_named(tmp_path, monkeypatch):
    write_idx_dir(tmp_path, gzipped=False)
    target = tmp_path / "train-images-idx3-ubyte"
    real_read_bytes = type(target).read_bytes

    def refuse(path):
        if path == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(type(target), "read_bytes", refuse)
    message = error_of(tmp_path)
    assert str(target) in message and "cannot read the file" in message and "Permission denied" in message
