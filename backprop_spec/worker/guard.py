"""The hardening a worker installs before any student code runs: limits, captured output and an audit hook.

The hook refuses what a submission has no business doing (importing the grader's own packages, reading
its files, writing outside the worker's temporary folder, starting or signalling processes, ctypes,
network connections, raising its own limits) and records each attempt as a flag for the report. Python's
audit hooks are not a sandbox: code that attacks the interpreter's internals can get round them. They
stop accidents and casual attempts; the grades never depend on them, since every comparison runs in the
grader's own process.
"""

import _posixsubprocess
import os
import resource
import signal
import sys
from pathlib import PurePath

from backprop_spec.worker.capture import Capture
from backprop_spec.worker.shims import BOOK_PACKAGE

FILE_SIZE_LIMIT = 64 * 1024 * 1024
CPU_GRACE_S = 5  # between the soft CPU limit (SIGXCPU) and the hard one (SIGKILL)
MAX_FLAGS = 100
# The grader's packages, and the worker's private copy of the book's helpers (shims.BOOK_PACKAGE), which hands out
# the reference's classes: a submission that imported it could wrap the answers and pass as its own.
GRADER_PACKAGES = ("backprop_spec", "spec", "reference", BOOK_PACKAGE)
REFUSED_IMPORTS = {
    "backprop_spec": "import the grader's own package",
    "spec": "import the grader's spec package",
    "reference": "import the grader's reference package",
    BOOK_PACKAGE: "import the grader's copy of the book's helpers",
    "_posixsubprocess": "load a second copy of the process-starting module",
}
REFUSED_EVENTS = {
    "os.system": "run a shell command (os.system)",
    "os.exec": "replace the worker with another program (os.exec*)",
    "os.posix_spawn": "start a process (os.posix_spawn)",
    "os.spawn": "start a process (os.spawn*)",
    "os.fork": "fork a process (os.fork)",
    "os.forkpty": "fork a process (os.forkpty)",
    "subprocess.Popen": "start a process (subprocess)",
    "os.kill": "send a signal to a process (os.kill)",
    "os.killpg": "send a signal to a process group (os.killpg)",
    "resource.setrlimit": "change the worker's resource limits",
    "resource.prlimit": "change resource limits",
    "os.link": "create a hard link",
    "os.symlink": "create a symbolic link",
    "socket.connect": "open a network connection",
    "socket.bind": "listen on the network",
    "socket.sendto": "send over the network",
    "socket.sendmsg": "send over the network",
}
# Events that change the file system: positions of their path arguments and of their dir_fd arguments.
PATH_EVENTS = {
    "os.rename": ((0, 1), (2, 3)),
    "os.remove": ((0,), (1,)),
    "os.rmdir": ((0,), (1,)),
    "os.mkdir": ((0,), (2,)),
    "os.chmod": ((0,), (2,)),
    "os.chown": ((0,), (3,)),
    "os.truncate": ((0,), ()),
    "os.utime": ((0,), (3,)),
    "os.setxattr": ((0,), ()),
    "os.removexattr": ((0,), ()),
}
LISTING_EVENTS = ("os.listdir", "os.scandir")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
DIRECTORY_FLAGS = getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_PATH", 0)
SYSTEM_READABLE = ("/usr", "/lib", "/lib64", "/dev/null", "/dev/zero", "/dev/urandom", "/dev/random")


class Refused(PermissionError):
    """What student code gets when it tries something the worker does not allow."""


class Flags:
    """The attempts worth reporting, each once, at most ``MAX_FLAGS`` of them."""

    def __init__(self):
        self.items = []
        self._reported = 0

    def add(self, text):
        if text not in self.items and len(self.items) < MAX_FLAGS:
            self.items.append(text)

    def news(self):
        new = self.items[self._reported :]
        self._reported = len(self.items)
        return new


class Policy:
    """Which paths the worker may read and write: writes only in its temporary folder; reads in its own
    folder, the data folders, the Python installation and a few system folders, never in the grader's."""

    def __init__(self, tmp, protected, data_dirs, quiet=()):
        self.tmp = _real(tmp)
        self.data_dirs = tuple(_real(p) for p in data_dirs)
        self.protected = tuple(_real(p) for p in protected)
        prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
        roots = [p for p in sys.path if p] + sorted(prefixes) + list(SYSTEM_READABLE)
        self.readable = tuple(_real(p) for p in roots) + (f"/proc/{os.getpid()}",)
        self.quiet = frozenset(_real(p) for p in quiet)

    def may_write(self, path):
        return _under(path, (self.tmp,))

    def may_read(self, path):
        if _under(path, (self.tmp,) + self.data_dirs):
            return True
        return not _under(path, self.protected) and _under(path, self.readable)


def set_limits(memory_bytes, cpu_seconds):
    """Cap memory (address space), CPU time and file size; no core dumps. Soft and hard alike."""
    for limit, soft, hard in (
        (resource.RLIMIT_AS, memory_bytes, memory_bytes),
        (resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + CPU_GRACE_S),
        (resource.RLIMIT_FSIZE, FILE_SIZE_LIMIT, FILE_SIZE_LIMIT),
        (resource.RLIMIT_CORE, 0, 0),
    ):
        _, current_hard = resource.getrlimit(limit)
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(limit, (soft, hard))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the size limit fails instead of killing


def capture_output(limit):
    """Point stdout and stderr, and their ``sys.__std*__`` originals, at an in-memory :class:`Capture`."""
    capture = Capture(limit)
    sys.stdout = sys.__stdout__ = capture.stream("stdout")
    sys.stderr = sys.__stderr__ = capture.stream("stderr")
    return capture


def hide_grader(root, flags, provided=()):
    """Forget the grader's modules and the ``sys.path`` entry ``root``, and refuse to import them again, except
    those of the names that the submission ``provided`` itself (a student's own ``spec.py``).

    The worker's own modules keep working (their functions hold their globals); ``sys.modules`` no
    longer names them, so a submission's ``import spec...``, ``import backprop_spec...`` or ``import reference...``
    goes to the import system, where the blocker and the audit hook refuse it.
    """
    for name in list(sys.modules):
        if name.split(".")[0] in GRADER_PACKAGES:
            del sys.modules[name]
    sys.path.remove(root)  # the entry main.py put first (an installed root is site-packages: it stays)
    sys.meta_path.insert(0, GraderBlocker(flags, provided))


class GraderBlocker:
    """A meta-path finder that refuses the grader's packages, for imports that raise no audit event."""

    def __init__(self, flags, provided=()):
        self._flags = flags
        self._provided = frozenset(provided)

    def find_spec(self, fullname, path=None, target=None):
        _check_import(fullname, self._flags, self._provided)
        return None


def install_audit_hook(policy, flags, provided=()):
    """Install the audit hook (it cannot be removed) that enforces ``policy`` and records ``flags``; the modules
    the submission ``provided`` may be imported whatever their names."""
    provided = frozenset(provided)

    def refuse(what, flag=True):
        if flag:
            flags.add(f"tried to {what} (refused)")
        raise Refused(f"the grader's worker does not allow this: tried to {what}")

    def check_path(path, writing):
        if type(path) is int:
            return  # an open file descriptor: opening it was checked
        real = _real(_text_path(path, refuse))
        if writing and not policy.may_write(real):
            refuse(f"write {real}")
        if not writing and not policy.may_read(real):
            refuse(f"read {real}", flag=real not in policy.quiet)

    def on_open(args):
        path, mode, open_flags = args
        writing = (
            bool(open_flags & WRITE_FLAGS) if type(open_flags) is int else any(c in mode for c in "wax+")
        )
        check_path(path, writing)
        # os.open (mode None) of a folder gives a descriptor that dir_fd arguments would write through.
        if mode is None and type(path) is not int:
            real = _real(_text_path(path, refuse))
            if (open_flags & DIRECTORY_FLAGS or os.path.isdir(real)) and not policy.may_write(real):
                refuse(f"open the folder {real} as a descriptor")

    def on_path_event(event, args):
        paths, dir_fds = PATH_EVENTS[event]
        if any(args[i] not in (None, -1) for i in dir_fds if i < len(args)):
            refuse(f"change files relative to a folder descriptor ({event})")
        if event == "os.mkdir" and os.path.isdir(_real(_text_path(args[0], refuse))):
            return  # makedirs(..., exist_ok=True) on a folder that exists: the system call changes nothing
        for i in paths:
            check_path(args[i], writing=True)

    def hook(event, args):
        if event == "open":
            on_open(args)
        elif event == "import":
            _check_import(args[0], flags, provided)
        elif event in REFUSED_EVENTS:
            refuse(REFUSED_EVENTS[event])
        elif event in PATH_EVENTS:
            on_path_event(event, args)
        elif event in LISTING_EVENTS:
            if args[0] is not None:
                check_path(args[0], writing=False)
        elif event.startswith("ctypes."):
            refuse("call C code through ctypes")
        elif event == "object.__setattr__" and args[0] is hook:
            refuse("change the worker's audit hook")

    sys.addaudithook(hook)
    _disarm_unaudited(refuse)


def _disarm_unaudited(refuse):
    """Take away the ways to start or signal a process that raise no audit event.

    ``_posixsubprocess.fork_exec`` (behind subprocess and multiprocessing) and pidfd signalling. The
    module stays importable, so that importing subprocess (as matplotlib does) still works; loading a
    fresh copy of it raises an import event, which the hook refuses.
    """

    def fork_exec(*args, **kwargs):
        refuse("start a process (_posixsubprocess)")

    _posixsubprocess.fork_exec = fork_exec
    for module, name in (
        (os, "pidfd_open"),
        (sys.modules["posix"], "pidfd_open"),
        (signal, "pidfd_send_signal"),
    ):
        if hasattr(module, name):
            delattr(module, name)


def _check_import(name, flags, provided):
    name = str(name)
    top = name.split(".")[0]
    if top in REFUSED_IMPORTS and name not in provided:
        flags.add(f"tried to {REFUSED_IMPORTS[top]} (refused)")
        raise ImportError(f"the grader's worker does not allow this: tried to {REFUSED_IMPORTS[top]}")


def _text_path(path, refuse):
    """The path as a plain str, read through the base classes (a str subclass cannot lie about it)."""
    if isinstance(path, str):
        return str.__str__(path)
    if isinstance(path, bytes):
        return bytes.decode(path, sys.getfilesystemencoding(), "surrogateescape")
    kind = type(path)
    if getattr(kind, "__fspath__", None) is PurePath.__fspath__ and kind.__str__ is PurePath.__str__:
        return str.__str__(os.fspath(path))
    refuse(f"open a file through a {type(path).__name__} object")


def _real(path):
    return os.path.realpath(path)


def _under(path, roots):
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)
