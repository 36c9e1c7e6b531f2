"""One worker process, seen from the grader: started in its own session, stopped with its whole group.

The worker is the leader of a new session and process group, with no terminal, stdin, stdout or stderr
(its channel is an inherited socket), a minimal environment and a private temporary folder. Stopping it
SIGKILLs the group and any descendant that left the group, reaps it and removes the folder; a finaliser
does the same if the grader forgets, or exits (KeyboardInterrupt included).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import weakref

from backprop_spec.worker import protocol
from spec.i18n import _

MAIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "main.py")
THREAD_VARIABLES = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
PASSED_VARIABLES = ("PATH", "LANG", "LC_ALL", "MNIST_DIR")


class WorkerProcess:
    def __init__(self, font_cache=None):
        self.tmp = tempfile.mkdtemp(prefix="backprop-spec-worker-")
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-B", MAIN, str(theirs.fileno()), str(os.getpid())],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
                cwd=self.tmp,
                env=worker_environment(self.tmp, font_cache),
            )
        except BaseException:
            ours.close()
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        finally:
            theirs.close()
        self.channel = ours
        self.pid = self.process.pid
        self._stop = weakref.finalize(self, _stop, self.process, self.channel, self.tmp)

    def stop(self):
        """Kill the worker and everything it started, reap it, and remove its folder (once)."""
        self._stop()

    def exit_description(self, memory_bytes):
        """How the (stopped) worker ended, in words a student can act on."""
        return describe_exit(self.process.returncode, memory_bytes)


def worker_environment(tmp, font_cache=None):
    """A minimal environment: one BLAS thread, home and temporary files in the worker's own folder."""
    env = {name: os.environ[name] for name in PASSED_VARIABLES if name in os.environ}
    env.update({name: "1" for name in THREAD_VARIABLES})
    env.update(HOME=tmp, TMPDIR=tmp, MPLCONFIGDIR=font_cache or tmp, MPLBACKEND="Agg")
    return env


def _stop(process, channel, tmp):
    if process.returncode is None:  # not reaped yet, so its process group id cannot have been reused
        strays = descendants(process.pid)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for pid in strays:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait()
    channel.close()
    shutil.rmtree(tmp, ignore_errors=True)


def descendants(pid):
    """Every live descendant of ``pid``, from ``/proc`` (a child that called setsid left the group)."""
    children = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as file:
                stat = file.read()
        except OSError:
            continue
        parent = int(stat.rsplit(b")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, pending = [], [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def describe_exit(returncode, memory_bytes):
    cap = f"{memory_bytes / 1024**3:g} GiB"
    if returncode is None:
        return _("is still running")
    if returncode == protocol.EXIT_INTERNAL_ERROR:
        return _("failed inside the grader's own worker code (please report it)")
    if returncode >= 0:
        return _("exited with code {code}: student code called os._exit({code}) or a C library's exit").format(
            code=returncode)
    number = -returncode
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    if number == signal.SIGXCPU:
        return _("used up its CPU time limit and was stopped (SIGXCPU)")
    if number in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
        return _("was killed by {signal} (a crash: unbounded recursion in C code, or running out of memory; the "
                 "memory cap is {cap})").format(signal=name, cap=cap)
    return _("was killed by {signal}").format(signal=name)
