"""The implementation under test, as the checks see it: components reached only through plain data.

A check never touches a student object. It asks a :class:`Subject` to construct a component
(getting a :class:`Handle`), to call a method or function with plain arguments, to read an
attribute, or to overwrite an array in place; every answer is plain data (see ``spec.values``).
``backprop_spec.local.LocalSubject`` answers in-process (for ``pytest --impl``); ``backprop_spec.worker.RemoteSubject``
answers from an isolated worker process (for grading).
"""
import contextlib
from dataclasses import dataclass, field
from typing import Any, Optional

from spec.i18n import _


class ComponentMissing(Exception):
    """The implementation does not define the component a clause needs."""

    def __init__(self, component, detail=""):
        self.component = component
        self.detail = detail
        text = _("{component} is not defined: {detail}") if detail else _("{component} is not defined")
        super().__init__(text.format(component=component, detail=detail))


# A StudentError's reason when the arguments did not fit the student's signature, or the class has no __init__.
SIGNATURE, NO_INIT, TAKES_FEWER = "signature", "signature: has no `__init__`", "signature: takes fewer arguments"


class StudentError(Exception):
    """Student code raised, or answered with something that is not plain data.

    ``kind`` is the exception class name (``ValueError``, ``AttributeError``) or ``NotPlain``;
    ``where`` is ``file:line`` of the innermost student frame, when known. ``reason`` is what the grader found
    when it explained the error itself (``signature``: the arguments did not fit the student's signature;
    ``has no attribute 'forward'``...), always in English whatever the language of the message: hints match it.
    """

    def __init__(self, call, kind, message, where="", reason=""):
        self.call = call
        self.kind = kind
        self.message = message
        self.where = where
        self.reason = reason
        text = _("{call} raised {kind}: {message} (at {where})") if where else _("{call} raised {kind}: {message}")
        super().__init__(text.format(call=call, kind=kind, message=message, where=where))


class ClauseAborted(BaseException):
    """The clause cannot go on: a time limit passed or the worker died.

    A BaseException so that Hypothesis does not try to shrink it; ``status`` is ``timeout`` or ``crash``.
    """

    def __init__(self, status, message):
        self.status = status
        self.message = message
        super().__init__(message)


@dataclass
class Found:
    """Where a component was found: ``found_as`` is ``file:Name`` (``None`` when missing).

    ``broken`` says why the student's definition cannot run (it does not parse): the component then fails
    every clause with that message, and ``hint`` says what usually causes it.
    """

    component: str
    found_as: Optional[str] = None
    note: str = ""  # e.g. "matched case-insensitively" or "did you mean 'Sigmod'? use --alias"
    broken: str = ""
    hint: str = ""


# A path step into an object, for Handle.set: ("attr", "params"), ("item", "W1"), ("arg", 0)
PathStep = tuple


class Handle:
    """An object living in the implementation (a layer, a network), addressed by reference."""

    def call(self, method: str, *args, keep_args: bool = False) -> Any:
        """Call ``method`` with copies of ``args``; with ``keep_args``, return ``(result, args_after)``."""
        raise NotImplementedError

    def get(self, attr: str) -> Any:
        """Read an attribute as plain data."""
        raise NotImplementedError

    def set(self, path, value) -> None:
        """Overwrite, in place (``target[...] = value``), the array reached by ``path`` from this object.

        ``("arg", i)`` is the i-th argument the object was constructed with; ``("attr", name)`` and
        ``("item", key)`` step through attributes and mapping keys.
        """
        raise NotImplementedError


class Subject:
    """An implementation under test."""

    label = "implementation"

    def find(self, component: str) -> Found:
        raise NotImplementedError

    def new(self, component: str, *args) -> Handle:
        """Construct a class component with copies of ``args`` (positionally)."""
        raise NotImplementedError

    def call(self, component: str, *args, keep_args: bool = False) -> Any:
        """Call a function component; like :meth:`Handle.call`."""
        raise NotImplementedError

    def once(self, component: str, ctor_args: tuple, method: str, *args, keep_args: bool = False) -> Any:
        """Construct ``component(*ctor_args)``, call ``method(*args)`` on it and forget the object.

        One round trip instead of two: gradient checks construct a fresh layer for every evaluation.
        """
        raise NotImplementedError

    def reseed(self, seed: int) -> None:
        """Seed ``np.random`` where the student's code runs, so every clause sees the same weights."""
        raise NotImplementedError

    def train(self, net: Handle, **settings) -> Any:
        """Run the grader's own SGD loop on ``net`` (see ``spec.learning``); returns plain data."""
        raise NotImplementedError

    @contextlib.contextmanager
    def deadline(self, seconds):
        """Limit the operations inside the block to ``seconds`` in all, where the subject can; by default it can't."""
        yield


@dataclass
class Outcome:
    """What running one clause gave."""

    status: str  # pass | fail | timeout | crash | missing | skipped
    message: str = ""
    counterexample: str = ""
    hint: str = ""
    extra: dict = field(default_factory=dict)
