"""A time limit for one clause run in this very process: SIGALRM stops the student's code running past it.

The alarm raises :class:`spec.subject.ClauseAborted` (a BaseException, so an ``except Exception`` in the
student's code does not swallow it) only where that is safe: inside an operation on the subject, where the
student's code runs, as grade's isolated worker would answer it. Raised anywhere else (in the middle of
Hypothesis's own bookkeeping) it would leave Hypothesis broken for the next clause; there the alarm only marks
the limit passed, and the next operation stops the clause as it starts. Either way the exception ends the
clause from inside its check, where ``spec.runner.run_clause`` turns it into ``timeout``.

The alarm fires between two bytecodes: an endless Python loop or a ``time.sleep`` ends, a single long call
into C does not. It repeats until the block ends, so code that catches the first one is stopped again. Where
there is no SIGALRM (Windows), or outside the main thread, there is no limit, and :func:`unavailable` says why.
"""
import contextlib
import signal
import threading
import time

from backprop_spec.notebook import words
from spec.subject import ClauseAborted

REPEAT_S = 0.05  # after the first alarm, how often it fires again until the block ends
_in_force = []  # the limit of the clause running now (SIGALRM is one per process, so at most one)


class _Limit:
    def __init__(self, seconds):
        self.seconds = seconds
        self.armed = True
        self.passed = False

    def aborted(self):
        return ClauseAborted("timeout", words.TIMEOUT.format(seconds=self.seconds))


def unavailable():
    """Why no time limit can be set here, or "" when it can."""
    if not hasattr(signal, "SIGALRM") or not hasattr(signal, "setitimer"):
        return words.NO_LIMIT_PLATFORM
    if threading.current_thread() is not threading.main_thread():
        return words.NO_LIMIT_THREAD
    return ""


def stop_if_passed():
    """Raise ClauseAborted if the limit in force has passed: an operation on the subject calls this as it starts."""
    if _in_force and _in_force[-1].passed:
        raise _in_force[-1].aborted()


@contextlib.contextmanager
def time_limit(seconds, stoppable):
    """Stop the block once it has run ``seconds``: in the frame the alarm interrupts if ``stoppable(frame)``,
    else at the next :func:`stop_if_passed`.

    The previous SIGALRM handler and timer are back when the block ends, however it ends.
    """
    limit = _Limit(seconds)

    def on_alarm(signum, frame):
        if limit.armed:
            limit.passed = True
            if stoppable(frame):
                raise limit.aborted()

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_S)
    _in_force.append(limit)
    started = time.monotonic()
    try:
        yield
    finally:
        limit.armed = False  # from here on the handler does nothing
        _in_force.remove(limit)
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None: a handler that was not set from Python, which Python cannot put back either
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous_handler is None else previous_handler)
        delay, interval = previous_timer
        if delay > 0:  # someone else's timer was running: it goes on, as if ours had never been set
            signal.setitimer(signal.ITIMER_REAL, max(delay - (time.monotonic() - started), 1e-6), interval)
