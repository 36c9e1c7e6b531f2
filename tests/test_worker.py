"""RemoteSubject: the answers of LocalSubject, from a worker process, with the student's own components."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from backprop_spec.loading import load_submission
from backprop_spec.local import LocalSubject
from backprop_spec.worker import RemoteSubject, protocol
from backprop_spec.worker.process import descendants
from spec.subject import ClauseAborted, ComponentMissing, StudentError
from spec.values import Probe

DATA = os.path.join(os.path.dirname(__file__), "data", "worker")
CORRECT = os.path.join(DATA, "correct.py")
BOOK = os.path.join(DATA, "book_folder")
X = np.array([[1.0, -0.5], [-2.0, 3.0]])


@pytest.fixture(scope="module")
def pair():
    """The same correct file, in this process and in a worker."""
    with RemoteSubject(load_submission(CORRECT)) as remote:
        yield LocalSubject.from_target(CORRECT), remote


def both(pair, operation):
    """``operation(subject)`` on each subject: its value, or the type and text of what it raised."""
    results = []
    for subject in pair:
        try:
            results.append(("value", operation(subject)))
        except (StudentError, ComponentMissing) as exc:
            results.append((type(exc).__name__, str(exc)))
    return results


def assert_same(local, remote, rtol=0.0):
    """Equal answers; with ``rtol``, equal up to rounding (for results of many floating-point steps)."""
    assert type(local) is type(remote)
    if isinstance(local, np.ndarray):
        assert local.dtype == remote.dtype and local.shape == remote.shape
        assert np.array_equal(local, remote) if rtol == 0 else np.allclose(local, remote, rtol=rtol, atol=0)
    elif isinstance(local, (tuple, list)):
        assert len(local) == len(remote)
        for a, b in zip(local, remote):
            assert_same(a, b, rtol)
    elif isinstance(local, dict):
        assert local.keys() == remote.keys()
        for key in local:
            assert_same(local[key], remote[key], rtol)
    elif isinstance(local, float) and rtol:
        assert local == pytest.approx(remote, rel=rtol, abs=0)
    else:
        assert local == remote


@pytest.mark.parametrize(
    "operation",
    [
        lambda s: s.new("MulLayer").call("forward", 100.0, 2.0),
        lambda s: s.call("softmax", X),
        lambda s: s.call("softmax", X, keep_args=True),
        lambda s: s.call("cross_entropy_error", s.call("softmax", X), np.array([0, 1])),
        lambda s: s.call("numerical_gradient", Probe("sum_of_cubes"), X.copy(), keep_args=True),
        lambda s: s.new("Affine", np.eye(2), np.ones(2)).call("forward", np.ones((2, 1, 2))),
        lambda s: s.new("Relu").call("forward", X, keep_args=True),
        lambda s: s.new("Affine", np.eye(2), np.ones(2)).call("forward", np.ones(3)),  # raises
        lambda s: s.new("Relu").call("backward", X),  # raises: no forward first
        lambda s: s.new("Relu").call("forwark", X),  # raises: a misspelt method
        lambda s: s.call("TwoLayerNet", 1),  # raises: not a function
    ],
    ids=["mul", "softmax", "keep_args", "cross_entropy", "probe", "affine_nd", "relu_keep", "bad_shape",
         "no_forward", "misspelt", "class_called"],
)
def test_remote_answers_like_local(pair, operation):
    local, remote = both(pair, operation)
    assert local[0] == remote[0]
    assert_same(local[1], remote[1])


def test_handles_get_and_set_like_local(pair):
    def run(subject):
        affine = subject.new("Affine", np.zeros((2, 3)), np.zeros(3))
        affine.set([("arg", 0)], np.arange(6.0).reshape(2, 3))  # as an optimiser updates W in place
        out = affine.call("forward", X)
        dx = affine.call("backward", np.ones((2, 3)))
        return out, dx, affine.get("dW"), affine.get("db")

    local, remote = both(pair, run)
    assert_same(local, remote)
    assert np.array_equal(remote[1][0], X @ np.arange(6.0).reshape(2, 3))  # W was written in place


def test_training_runs_the_graders_loop_like_local(pair):
    rng = np.random.default_rng(0)
    x, t = rng.random((20, 4)), np.eye(3)[rng.integers(0, 3, 20)]
    weights = {"W1": rng.normal(0, 0.1, (4, 5)), "W2": rng.normal(0, 0.1, (5, 3))}

    def run(subject):
        net = subject.new("TwoLayerNet", 4, 5, 3)
        for key, value in weights.items():
            net.set([("attr", "params"), ("item", key)], value)
        subject.train(net, x=x, t=t, iters=5, batch_size=4, lr=0.1, seed=1)
        return net.get("params"), net.call("loss", x, t)

    local, remote = both(pair, run)
    # NumPy 1.x's sums depend on memory alignment in their last bits: five SGD steps may differ there.
    assert_same(local, remote, rtol=1e-12)


def test_errors_arrive_as_the_same_exceptions(pair):
    local, remote = pair
    with pytest.raises(StudentError) as raised:
        remote.new("Relu").call("backward", X)
    assert raised.value.kind == "AttributeError" and raised.value.where == "correct.py:28"
    with pytest.raises(ComponentMissing):
        remote.call("not_a_component", X)


def test_found_names_the_file_and_class(pair):
    _, remote = pair
    assert remote.find("Relu").found_as == "correct.py:Relu"
    assert remote.find("TwoLayerNet").note == "exact"
    assert remote.warnings == [] and remote.flags == [] and remote.output == ""


@pytest.fixture(scope="module")
def book():
    loaded = load_submission(BOOK)
    with RemoteSubject(loaded, aliases={"numerical_gradient": "load_digits"}) as subject:
        yield subject


def test_the_books_helpers_serve_the_students_own_class(book):
    assert book.find("TwoLayerNet").found_as == "ch05/two_layer_net.py:TwoLayerNet"
    net = book.new("TwoLayerNet", 4, 5, 3)
    loss = net.call("loss", np.ones((2, 4)), np.eye(3)[[0, 2]])
    assert abs(loss - np.log(3)) < 1e-2
    assert book.warnings == []  # `from two_layer_net import TwoLayerNet` found its sibling


def test_helpers_taken_from_the_book_are_missing_with_a_note(book):
    assert book.find("Affine").found_as is None
    note = book.find("Affine").note
    assert note == "Affine came from common.layers (the book's helper), not from the submission"
    assert "inherits from common.layers" in book.find("Relu").note
    assert "takes its methods from common.layers" in book.find("Sigmoid").note
    assert "came from common.functions" in book.find("softmax").note
    # The book's common/layers.py has no MulLayer (it is chapter 5's layer_naive.py), so the star import brought none
    assert book.find("MulLayer").note == "the submission defines no class named MulLayer"
    with pytest.raises(ComponentMissing, match="inherits from common.layers"):
        book.new("Relu")
    assert book.find("cross_entropy_error").found_as == "ch05/borrowed.py:cross_entropy_error"


def test_dataset_mnist_is_served_from_the_bundled_digits(book):
    assert book.find("numerical_gradient").note == "mapped with --alias numerical_gradient=load_digits"
    digits = book.call("numerical_gradient")
    assert digits.shape == (3, 784) and digits.dtype == np.float32 and 0 <= digits.min() < digits.max() <= 1


def test_a_class_shadowed_by_a_later_star_import_is_still_the_students():
    loaded = load_submission(os.path.join(DATA, "shadowed.py"), exec_all=True)
    with RemoteSubject(loaded) as subject:
        assert subject.find("Sigmoid").found_as == "shadowed.py:Sigmoid"
        assert subject.new("Sigmoid").get("made_by") == "student"
        assert subject.find("Relu").found_as is None  # the star import brought it
        assert subject.output == "Sigmoid defined\n"


def test_deadline_limits_time_spent_in_the_worker(tmp_path):
    slow = tmp_path / "slow.py"
    slow.write_text("import time\n\ndef softmax(x):\n    time.sleep(x)\n    return x\n")
    with RemoteSubject(load_submission(str(slow)), timeout_s=5) as subject:
        subject.find("softmax")
        with subject.deadline(0.5):
            subject.call("softmax", 0.3)
            started = time.monotonic()
            with pytest.raises(ClauseAborted) as aborted:
                subject.call("softmax", 0.3)  # only 0.2 s of the block's 0.5 s are left
            assert aborted.value.status == "timeout" and time.monotonic() - started < 1.0  # not the 5 s per call
        assert subject.call("softmax", 0.0) == 0.0  # a fresh worker, a fresh budget


def test_a_restarted_worker_says_why_the_submissions_prints_come_again(tmp_path):
    slow = tmp_path / "slow.py"
    slow.write_text("import time\nprint('loaded')\n\ndef softmax(x):\n    time.sleep(x)\n    return x\n")
    with RemoteSubject(load_submission(str(slow), exec_all=True), timeout_s=0.3, output_limit=60) as subject:
        with pytest.raises(ClauseAborted):
            subject.call("softmax", 1.0)
        assert subject.call("softmax", 0.0) == 0.0
        restarted = "[a new worker started after a timeout or crash: the submission's top-level code runs again]\n"
        kept = ("loaded\n" + restarted)[:60]
        assert subject.output == kept + "\n[... 7 more characters not kept]"  # the note is not counted as printed


def test_total_budget_is_shared_by_all_operations(tmp_path):
    slow = tmp_path / "slow.py"
    slow.write_text("import time\n\ndef softmax(x):\n    time.sleep(x)\n    return x\n")
    # The budget also pays for starting the worker (0.2-0.4 s here, more on a busy machine): 1 s of it is left over.
    with RemoteSubject(load_submission(str(slow)), timeout_s=5, total_timeout_s=2.0) as subject:
        subject.call("softmax", 1.0)
        with pytest.raises(ClauseAborted, match="total time of 2 s ran out"):
            subject.call("softmax", 1.0)


def test_no_process_outlives_close_or_an_interrupt():
    subject = RemoteSubject(load_submission(CORRECT))
    subject.find("Relu")
    pid = subject.pid
    with pytest.raises(KeyboardInterrupt):
        with subject:
            os.kill(pid, 0)
            raise KeyboardInterrupt
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    assert pid not in descendants(os.getpid())


def test_a_load_error_is_reported_without_a_worker(tmp_path):
    loaded = load_submission(str(tmp_path / "nothing.py"))
    with RemoteSubject(loaded) as subject:
        assert subject.pid is None and subject.error == loaded.error
        assert subject.find("Relu").note == f"not graded: {loaded.error}"
        with pytest.raises(ClauseAborted):
            subject.new("Relu")


def test_the_protocol_refuses_oversized_messages():
    import socket

    ours, theirs = socket.socketpair()
    with ours, theirs:
        protocol.send(theirs, {"x": np.zeros(100)})
        with pytest.raises(protocol.MessageTooLarge):
            protocol.receive(ours, deadline=time.monotonic() + 1, limit=100)


def test_the_worker_dies_with_a_grader_that_is_killed(tmp_path):
    script = tmp_path / "grader.py"
    script.write_text(
        "import sys\nfrom backprop_spec.loading import load_submission\n"
        "from backprop_spec.worker import RemoteSubject\n"
        f"subject = RemoteSubject(load_submission({CORRECT!r}))\nsubject.find('Relu')\n"
        "print(subject.pid, flush=True)\nsys.stdin.read()\n"
    )
    grader = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    worker = int(grader.stdout.readline())
    grader.kill()  # SIGKILL: no finaliser runs; the kernel's parent-death signal must stop the worker
    grader.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.05)
    assert not _alive(worker)


def _alive(pid):
    """Running, as opposed to gone or a zombie waiting for its (new) parent to reap it."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            return file.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def test_a_students_own_module_named_like_a_grader_package_is_theirs_and_not_an_attack(tmp_path):
    (tmp_path / "reference.py").write_text("import numpy as np\n\n\ndef relu(x):\n    return np.maximum(x, 0)\n")
    (tmp_path / "layers.py").write_text(textwrap.dedent(
        """
        import numpy as np
        from reference import relu


        class Relu:
            def forward(self, x):
                self.mask = x <= 0
                return relu(x)

            def backward(self, dout):
                import reference.layers  # not the submission's: still the grader's, still refused

                return np.where(self.mask, 0, dout)
        """))
    with RemoteSubject(load_submission(str(tmp_path))) as subject:
        relu = subject.new("Relu")
        assert relu.call("forward", np.array([-1.0, 2.0])).tolist() == [0.0, 2.0]
        assert subject.flags == []
        with pytest.raises(StudentError, match="tried to import the grader's reference package"):
            relu.call("backward", np.array([1.0, 1.0]))


def test_a_shim_package_serves_like_common_and_a_star_import_brings_np(tmp_path):
    source = tmp_path / "net.py"
    source.write_text(
        textwrap.dedent(
            """
            from mylib.layers import *
            from common.functions import *


            def cross_entropy_error(y, t):
                return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


            class TwoLayerNet:
                def __init__(self, W):
                    self.layer = Affine(W, np.zeros(W.shape[1]))

                def predict(self, x):
                    return self.layer.forward(x)
            """
        )
    )
    loaded = load_submission(str(source), shims=("mylib",))
    with RemoteSubject(loaded) as subject:
        assert subject.warnings == []
        net = subject.new("TwoLayerNet", np.eye(2))
        assert np.array_equal(net.call("predict", X), X)
        assert subject.call("cross_entropy_error", np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])) > 0.69
        assert subject.find("Affine").note.startswith("Affine came from mylib.layers")


def test_a_module_the_submission_lacks_is_stood_in_for_by_the_books_helpers(tmp_path):
    source = tmp_path / "net.py"
    source.write_text(textwrap.dedent(
        """
        import numpy as np
        import functions as F


        class Affine:  # the student's own, which the star import below must not replace
            def __init__(self, W, b):
                self.W, self.b = W, b

            def forward(self, x):
                return x @ self.W + self.b + 1000


        from layers import *
        from common import soft_max
        from common.layers import ReLU


        class TwoLayerNet:
            def __init__(self, W):
                self.affine, self.relu = Affine(W, np.zeros(W.shape[1])), Relu()

            def predict(self, x):
                return self.relu.forward(self.affine.forward(x))

            def loss(self, x, t):
                return F.cross_entropy_error(soft_max(self.predict(x)), t) + 0 * ReLU().forward(x).sum()
        """))
    with RemoteSubject(load_submission(str(source))) as subject:
        net = subject.new("TwoLayerNet", np.eye(2))
        assert np.array_equal(net.call("predict", X), X + 1000)  # its own Affine, the book's Relu
        assert abs(net.call("loss", np.zeros((1, 2)), np.array([[1.0, 0.0]])) - np.log(2)) < 1e-6
        assert subject.find("Affine").found_as == "net.py:Affine"
        assert subject.find("Relu").note.startswith("Relu is the book's: `from layers import *` (line 14) imports "
                                                    "it from `layers`, which is not part of the submission")
        assert "net.py line 14: `layers` is not part of the submission, so the book's Relu was used in its place " \
               "(not graded as the submission's own)" in subject.warnings
        assert "net.py line 15: `common` is not part of the submission, so the book's soft_max (as softmax) was " \
               "used in its place (not graded as the submission's own)" in subject.warnings


def test_a_name_from_a_package_that_is_not_installed_is_not_a_file_to_include(tmp_path):
    source = tmp_path / "net.py"
    source.write_text(textwrap.dedent("""\
        from zodbpickle import pickle
        from my_helpers import stable_exp
        from torch.nn import ReLU


        def softmax(x):
            return pickle.loads(stable_exp(x))


        class Relu:
            def forward(self, x):
                return ReLU()(x)
        """))
    with RemoteSubject(load_submission(str(source))) as subject:
        with pytest.raises(StudentError) as raised:  # torch's ReLU is not the book's Relu
            subject.new("Relu").call("forward", X)
        assert raised.value.message == ("`ReLU` comes from `torch.nn`, a package that is not installed where the "
                                        "submission is graded")
        assert not any("book's ReLU" in warning for warning in subject.warnings)
        assert "net.py line 1: `pickle` comes from `zodbpickle`, a package that is not installed where the " \
               "submission is graded" in subject.warnings
        assert "net.py line 2: `stable_exp` comes from `my_helpers.py`, which is not part of the submission: " \
               "include that file" in subject.warnings


def test_a_name_matched_without_case_says_both_spellings(tmp_path):
    source = tmp_path / "layers.py"
    source.write_text("class ReLU:\n    def forward(self, x):\n        return x\n")
    with RemoteSubject(load_submission(str(source))) as subject:
        found = subject.find("Relu")
        assert (found.found_as, found.note) == ("layers.py:ReLU", "matched ReLU as Relu, ignoring case")
