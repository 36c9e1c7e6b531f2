"""Hostile submissions (fixtures/submissions/hostile/) lose only their own points.

Each test grades one attack class through RemoteSubject and checks, besides what the attack gets: the
grader process is untouched, no process is left behind, and no file of the project or of the grader's
working folder changed.
"""
import builtins
import contextlib
import hashlib
import importlib.util
import math
import os
import signal
import time

import numpy as np
import pytest

from backprop_spec.loading import load_submission
from backprop_spec.worker import RemoteSubject
from backprop_spec.worker.process import WorkerProcess
from spec.catalogue import BY_ID
from spec.context import CheckContext
from spec.runner import run_clause
from spec.subject import ClauseAborted, StudentError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOSTILE = os.path.join(ROOT, "fixtures", "submissions", "hostile")
GOLDENS = os.path.join(ROOT, "fixtures", "goldens")
GOLDEN = os.path.join(GOLDENS, "relu.json")
# Where the book's helpers come from: the reference as installed (site-packages under tox, or this checkout).
INSTALLED_REFERENCE = os.path.realpath(os.path.dirname(importlib.util.find_spec("reference").origin))
X = np.array([[1.0, -0.5], [-2.0, 3.0]])
RELU_X = np.array([[1.0, 0.0], [0.0, 3.0]])


def grader_functions():
    return np.allclose, np.testing.assert_allclose, math.isclose, builtins.abs, builtins.max


GRADER_ORIGINALS = grader_functions()


@pytest.fixture
def grade(tmp_path, monkeypatch, capfd):
    """Grade a hostile file; afterwards check the grader, its processes and its files."""
    monkeypatch.chdir(tmp_path)  # the grader's working folder, where results.json would go
    watched = [GOLDENS, os.path.join(ROOT, "reference"), HOSTILE, str(tmp_path)]
    before = _snapshot(watched)
    started = []
    spawn = WorkerProcess.__init__

    def recording_spawn(self, *args, **kwargs):
        spawn(self, *args, **kwargs)
        started.append(self.pid)

    monkeypatch.setattr(WorkerProcess, "__init__", recording_spawn)
    subjects = []

    def open_subject(name, **options):
        subjects.append(RemoteSubject(load_submission(os.path.join(HOSTILE, name)), **options))
        return subjects[-1]

    yield open_subject
    for subject in subjects:
        subject.close()
    assert started, "no worker was started"
    for pid in started:
        with pytest.raises(ProcessLookupError):
            os.killpg(pid, 0)
    assert not [pid for pid, sid in _sessions() if sid in started], "a process is left in a worker's session"
    assert not [cmd for cmd in _command_lines() if "sleep 1000" in cmd], "a process the submission started"
    assert _snapshot(watched) == before, "a file changed"
    assert grader_functions() == GRADER_ORIGINALS
    printed = capfd.readouterr()
    assert printed.out == "" and printed.err == "", "student output reached the grader's terminal"


def _snapshot(folders):
    digests = {}
    for folder in folders:
        for parent, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in files:
                path = os.path.join(parent, name)
                with open(path, "rb") as file:
                    digests[path] = hashlib.sha256(file.read()).hexdigest()
    return digests


def _proc_entries(field):
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                with open(f"/proc/{entry}/{field}", "rb") as file:
                    yield int(entry), file.read()


def _sessions():
    return [(pid, int(stat.rsplit(b")", 1)[1].split()[3])) for pid, stat in _proc_entries("stat")]


def _command_lines():
    return [cmd.replace(b"\0", b" ").decode(errors="replace") for _, cmd in _proc_entries("cmdline")]


def raised(operation):
    """What a grader's operation ended in: the exception it raised (StudentError or ClauseAborted)."""
    with pytest.raises((StudentError, ClauseAborted)) as info:
        operation()
    return info.value


def test_patching_numpy_math_or_builtins_changes_nothing_in_the_grader(grade):
    subject = grade("patch_numpy.py")
    relu = subject.new("Relu")
    out = relu.call("forward", X)
    assert not np.allclose(out, RELU_X)  # the grader's own allclose judges the wrong answer
    assert np.array_equal(relu.call("backward", X), np.full((2, 2), 42.0))


def test_lying_objects_arrive_as_plain_data_or_not_at_all(grade):
    subject = grade("lying_objects.py")
    out = subject.new("Relu").call("forward", X)
    assert type(out) is np.ndarray and np.array_equal(out, np.full((2, 2), 7.0))
    assert not np.array_equal(out, RELU_X)
    assert type(subject.new("Relu").call("backward", X)) is float
    sigmoid = subject.new("Sigmoid")
    assert raised(lambda: sigmoid.call("forward", X)).kind == "NotPlain"
    assert raised(lambda: sigmoid.call("backward", X)).kind == "NotPlain"
    pid = subject.pid
    affine = subject.new("Affine", np.eye(2), np.zeros(2))
    error = raised(lambda: affine.call("forward", X))  # its __array__ would exit: never called
    assert error.kind == "NotPlain" and "Exploding object" in error.message
    assert raised(lambda: affine.call("backward", X)).kind == "NotPlain"
    assert subject.pid == pid


def test_exits_while_defining_cost_only_those_definitions(grade):
    subject = grade("exits_at_import.py")
    for component, what in (("Relu", "SystemExit: bye"), ("Sigmoid", "SystemExit: 3"),
                            ("Affine", "KeyboardInterrupt"), ("SoftmaxWithLoss", "GeneratorExit")):
        assert subject.find(component).found_as is None
        assert "running its definition failed" in subject.find(component).note
        assert any(f"`class {component}:` raised {what}" in w for w in subject.warnings)
    assert subject.new("MulLayer").call("forward", 2.0, 3.0) == 6.0


def test_a_hard_exit_while_loading_makes_every_clause_crash(grade):
    subject = grade("hard_exit_at_import.py")
    assert subject.find("MulLayer").found_as is None
    assert "os._exit(3)" in subject.error
    for _ in range(2):
        aborted = raised(lambda: subject.new("MulLayer"))
        assert aborted.status == "crash" and "os._exit(3)" in aborted.message


def test_exits_from_methods_are_student_errors_or_a_crash(grade):
    subject = grade("exits_in_methods.py")
    outcome = run_clause(BY_ID["MUL-1"], subject, CheckContext(profile="quick"))
    assert outcome.status == "fail" and outcome.hint == "code that is graded must not call sys.exit() or exit()"
    mul, add = subject.new("MulLayer"), subject.new("AddLayer")
    assert raised(lambda: mul.call("forward", 1.0, 2.0)).kind == "SystemExit"
    assert raised(lambda: mul.call("backward", 1.0)).kind == "SystemExit"
    assert raised(lambda: add.call("forward", 1.0, 2.0)).kind == "KeyboardInterrupt"
    assert raised(lambda: add.call("backward", 1.0)).kind == "GeneratorExit"
    aborted = raised(lambda: subject.new("Relu").call("forward", X))
    assert aborted.status == "crash" and "os._exit(4)" in aborted.message
    lost = raised(lambda: mul.call("forward", 1.0, 2.0))
    assert lost.status == "crash" and "lost" in lost.message
    assert np.allclose(subject.call("softmax", np.array([1.0, 3.0])), [0.25, 0.75])  # a fresh worker


@pytest.mark.parametrize(
    "component, method",
    [("Relu", "forward"), ("Relu", "backward"), ("Sigmoid", "forward")],
    ids=["endless_loop", "sleep_forever", "ignores_sigterm_and_sigint"],
)
def test_a_hang_is_stopped_in_time_and_the_next_operation_gets_a_fresh_worker(grade, component, method):
    subject = grade("hangs.py", timeout_s=1.0)
    layer = subject.new(component)
    first_pid = subject.pid
    started = time.monotonic()
    aborted = raised(lambda: layer.call(method, X))
    assert aborted.status == "timeout" and time.monotonic() - started < 2.0
    with pytest.raises(ProcessLookupError):
        os.killpg(first_pid, signal.SIGKILL)
    assert np.allclose(subject.call("softmax", np.array([1.0, 3.0])), [0.25, 0.75])
    assert subject.pid != first_pid


def test_starting_or_signalling_processes_is_refused_and_flagged(grade):
    subject = grade("processes.py")
    relu, sigmoid = subject.new("Relu"), subject.new("Sigmoid")
    affine = subject.new("Affine", np.eye(2), np.zeros(2))
    attempts = [
        (lambda: relu.call("forward", X), "fork a process (os.fork)"),
        (lambda: relu.call("backward", X), "start a process (subprocess)"),
        (lambda: sigmoid.call("forward", X), "run a shell command (os.system)"),
        (lambda: sigmoid.call("backward", X), "fork a process (os.fork)"),
        (lambda: affine.call("forward", X), "start a process (_posixsubprocess)"),
        (lambda: affine.call("backward", X), "send a signal to a process (os.kill)"),
        (lambda: subject.call("softmax", X), "send a signal to a process group (os.killpg)"),
    ]
    for attempt, what in attempts:
        error = raised(attempt)
        assert isinstance(error, StudentError) and what in error.message
        assert f"tried to {what} (refused)" in subject.flags


def test_memory_is_capped_and_the_worker_survives(grade):
    subject = grade("memory_hog.py")
    relu = subject.new("Relu")
    pid = subject.pid
    for error in (raised(lambda: relu.call("forward", X)), raised(lambda: relu.call("backward", X))):
        assert error.kind == "MemoryError"
        assert "ran out of memory (the worker's cap is 2 GiB)" in error.message
    assert subject.pid == pid
    assert np.allclose(subject.call("softmax", np.array([1.0, 3.0])), [0.25, 0.75])


def test_gigabytes_of_output_are_captured_capped_and_flagged(grade):
    subject = grade("output_flood.py")
    relu = subject.new("Relu")
    started = time.monotonic()
    relu.call("forward", X)
    relu.call("backward", X)
    assert time.monotonic() - started < 10
    assert "printed 4.1 GB to stdout (captured and capped)" in subject.flags
    assert "printed 2.0 GB to stderr (captured and capped)" in subject.flags
    assert len(subject.output) < subject.output_limit + 100
    assert subject.output.endswith("more characters not kept]")


def test_the_graders_reference_and_spec_cannot_be_borrowed(grade):
    subject = grade("borrow_answers.py")
    relu, sigmoid = subject.new("Relu"), subject.new("Sigmoid")
    affine = subject.new("Affine", np.eye(2), np.zeros(2))
    assert raised(lambda: relu.call("forward", X)).kind == "ImportError"
    assert raised(lambda: relu.call("backward", X)).kind == "ImportError"
    assert raised(lambda: sigmoid.call("forward", X)).kind == "ImportError"
    assert raised(lambda: sigmoid.call("backward", X)).kind == "KeyError"  # backprop_spec.host is not in sys.modules
    assert raised(lambda: subject.new("MulLayer").call("forward", 1.0, 2.0)).kind == "ImportError"
    assert raised(lambda: subject.new("AddLayer").call("forward", 1.0, 2.0)).kind == "ImportError"
    assert "tried to read" in raised(lambda: affine.call("forward", "")).message
    assert "tried to read" in raised(lambda: affine.call("backward", GOLDEN)).message
    assert "tried to read" in raised(lambda: subject.call("softmax", GOLDENS)).message
    for flag in ("tried to import the grader's reference package (refused)",
                 "tried to import the grader's spec package (refused)",
                 "tried to import the grader's own package (refused)",
                 "tried to import the grader's copy of the book's helpers (refused)",
                 f"tried to read {os.path.join(INSTALLED_REFERENCE, 'layers.py')} (refused)",
                 f"tried to read {os.path.realpath(GOLDEN)} (refused)"):
        assert flag in subject.flags


def test_files_outside_the_workers_folder_cannot_be_written(grade, tmp_path):
    subject = grade("write_files.py")
    relu, sigmoid = subject.new("Relu"), subject.new("Sigmoid")
    affine = subject.new("Affine", np.eye(2), np.zeros(2))
    forged = str(tmp_path / "results.json")
    for attempt in (lambda: relu.call("forward", forged), lambda: relu.call("backward", ""),
                    lambda: sigmoid.call("forward", GOLDEN), lambda: sigmoid.call("backward", GOLDEN),
                    lambda: affine.call("forward", GOLDEN), lambda: affine.call("backward", GOLDEN),
                    lambda: subject.call("softmax", GOLDEN)):
        assert raised(attempt).kind == "Refused"
    assert subject.call("cross_entropy_error", X, X) == 5.0  # its own temporary folder is fine
    real_tmp = os.path.realpath(tmp_path)
    for flag in (f"tried to write {real_tmp}/results.json (refused)",
                 f"tried to write {os.path.realpath(GOLDEN)} (refused)",
                 "tried to create a symbolic link (refused)"):
        assert flag in subject.flags
    assert not os.path.exists(forged)


def test_fake_test_runner_output_is_only_captured_output(grade):
    subject = grade("fake_test_output.py")
    assert np.array_equal(subject.new("Relu").call("forward", X), np.zeros((2, 2)))
    assert "40 passed" in subject.output and "PASSED: score 50/50" in subject.output
