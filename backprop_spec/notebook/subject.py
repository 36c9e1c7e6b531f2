"""The student's live objects as a subject, run in this process under ``check()``'s time limit."""
import contextlib
import functools

from backprop_spec.host import Host
from backprop_spec.local import LocalSubject
from backprop_spec.notebook import stopping, words
from spec.i18n import _
from spec.subject import ClauseAborted


def _operation(method):
    """An operation on the subject: where a time limit or an interrupt may stop the clause (see ``stopping``)."""

    @functools.wraps(method)
    def operation(self, *args, **kwargs):
        stopping.stop_if_due()
        return method(self, *args, **kwargs)

    return operation


class NotebookHost(Host):
    """A Host that lets the time limit and the kernel's interrupt through instead of blaming the student's code.

    In the notebook an interrupt is the student pressing stop: it stops ``check()`` (grading counts a
    ``KeyboardInterrupt`` raised by student code as the code's failure, and still does).
    """

    new = _operation(Host.new)
    call = _operation(Host.call)
    once = _operation(Host.once)
    get = _operation(Host.get)
    set = _operation(Host.set)
    train = _operation(Host.train)

    def _error(self, label, exc):
        if isinstance(exc, ClauseAborted):  # the alarm went off in this call: say which call it stopped
            return ClauseAborted(exc.status, _(words.TIMEOUT_AT).format(call=label, message=exc.message))
        if isinstance(exc, KeyboardInterrupt):
            return exc
        return super()._error(label, exc)


_OPERATION = NotebookHost.call.__code__  # every operation runs this one wrapper's code


def in_operation(frame):
    """Whether raising in ``frame`` stops only the operation it runs in: the operation is on the stack, and no
    code of Hypothesis's runs above it (the garbage collector calls Hypothesis's own callback from anywhere)."""
    while frame is not None:
        if frame.f_code is _OPERATION:
            return True
        if str(frame.f_globals.get("__name__", "")).split(".")[0] == "hypothesis":
            return False
        frame = frame.f_back
    return False


class NotebookSubject(LocalSubject):
    """The components of a namespace, run in this process, whose ``deadline`` is the alarm of ``stopping``."""

    host_class = NotebookHost

    def deadline(self, seconds):
        """Stop the clause in the block once it has run ``seconds`` (no limit where ``stopping`` cannot set one)."""
        if stopping.unavailable():
            return contextlib.nullcontext()
        return stopping.time_limit(seconds, in_operation)
