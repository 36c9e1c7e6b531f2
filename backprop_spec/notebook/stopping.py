"""Stopping the student's code from inside this very process: a time limit per clause (SIGALRM) and the
kernel's interrupt (SIGINT, the stop button), both only where that is safe.

Safe is inside an operation on the subject, where the student's code runs, as grade's isolated worker would
answer it. An exception raised anywhere else (in the middle of Hypothesis's own bookkeeping) would leave
Hypothesis broken for the next clause; there the signal only marks itself, and the next operation raises as
it starts (:func:`stop_if_due`). A time limit raises :class:`spec.subject.ClauseAborted` (a BaseException, so
an ``except Exception`` in the student's code does not swallow it), which ends the clause as ``timeout``; an
interrupt raises KeyboardInterrupt, which ends ``check()``.

Signals act between two bytecodes: an endless Python loop or a ``time.sleep`` ends, a single long call into C
does not. The alarm repeats until the clause ends, so code that catches the first one is stopped again. Where
there is no SIGALRM (Windows), or outside the main thread, there is no limit, and :func:`unavailable` says why.
"""
import contextlib
import signal
import threading
import time

from backprop_spec.notebook import words
from spec.i18n import _
from spec.subject import ClauseAborted

REPEAT_S = 0.05  # after the first alarm, how often it fires again until the block ends
_in_force = []  # the limit of the clause running now (SIGALRM is one per process, so at most one)
_interrupts = []  # the interrupts asked for while check() runs


class _Limit:
    def __init__(self, seconds):
        self.seconds = seconds
        self.armed = True
        self.passed = False

    def aborted(self):
        return ClauseAborted("timeout", _(words.TIMEOUT).format(seconds=self.seconds))


def unavailable():
    """Why no time limit can be set here, or "" when it can."""
    if not hasattr(signal, "SIGALRM") or not hasattr(signal, "setitimer"):
        return _(words.NO_LIMIT_PLATFORM)
    if threading.current_thread() is not threading.main_thread():
        return _(words.NO_LIMIT_THREAD)
    return ""


def stop_if_due():
    """Raise what a signal asked for while it could not: an operation on the subject calls this as it starts."""
    if _interrupts and _interrupts[-1]:
        raise KeyboardInterrupt
    if _in_force and _in_force[-1].passed:
        raise _in_force[-1].aborted()


@contextlib.contextmanager
def time_limit(seconds, stoppable):
    """Stop the block once it has run ``seconds``: in the frame the alarm interrupts if ``stoppable(frame)``,
    else at the next :func:`stop_if_due`.

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


@contextlib.contextmanager
def interrupts(stoppable):
    """Let the kernel's interrupt stop the block only where ``stoppable(frame)``, else at the next
    :func:`stop_if_due`, or as the block ends.

    Only where SIGINT raises KeyboardInterrupt as Python's own handler does; a handler of someone else's is left
    in place.
    """
    if unavailable() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    asked = []

    def on_interrupt(signum, frame):
        asked.append(True)
        if stoppable(frame):
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    _interrupts.append(asked)
    try:
        yield
    finally:
        _interrupts.remove(asked)
        signal.signal(signal.SIGINT, previous)
    if asked:  # asked for while nothing could be stopped, and no operation came after
        raise KeyboardInterrupt
