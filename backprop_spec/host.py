"""Runs the subject's operations next to the student's code and answers with plain data.

The same :class:`Host` serves ``pytest --impl`` in-process and the isolated worker across a pipe, so
both modes give the same verdicts. Every argument is a fresh copy; every answer goes through
``spec.values.plain``; every exception from student code becomes a :class:`StudentError`.
"""
import difflib
import inspect
import re
import traceback

import numpy as np

from spec.i18n import _

# Imported up front: the worker hides the spec package from later imports.
from spec.learning import sgd
from spec.probes import PROBES
from spec.signatures import book_call
from spec.subject import NO_INIT, SIGNATURE, TAKES_FEWER, ComponentMissing, Found, StudentError
from spec.values import NotPlain, Probe, plain

STUDENT_ERROR_LIMIT = 400  # characters of an exception message kept in a verdict


class Host:
    """Holds the student's components and the objects built from them, addressed by integer handles."""

    def __init__(self, components, found=None, student_files=None, name_notes=None):
        self.components = dict(components)  # canonical name -> class or function
        self.found = dict(found or {})  # canonical name -> Found
        self.student_files = dict(student_files or {})  # file name its code was compiled with -> as messages show it
        self.name_notes = dict(name_notes or {})  # name -> why it is not defined, for a NameError
        self.objects = {}  # handle -> (object, constructor arguments, label)
        self.last_handle = 0

    # -- operations ---------------------------------------------------------------------------------
    def find(self, component):
        return self.found.get(component, Found(component))

    def new(self, component, args):
        cls = self._component(component)
        args = self._materialise(args)
        obj = self._run(f"{component}({_arg_list(args)})", cls, args, called=(component, None))
        self.last_handle += 1
        self.objects[self.last_handle] = (obj, args, component)
        return self.last_handle

    def call(self, target, method, args, keep_args=False):
        """Call function component ``target`` (when ``method`` is None) or ``method`` of handle ``target``."""
        raw, args = args, self._materialise(args)
        if method is None:
            fn, label, called = self._component(target), f"{target}({_arg_list(args)})", (target, None)
        else:
            obj, _args, component = self._object(target)
            fn, label = self._method(obj, component, method), f"{component}.{method}({_arg_list(args)})"
            called = (component, method)
        result = self._plain(label, self._run(label, fn, args, called=called))
        if keep_args:
            return result, [r if isinstance(r, Probe) else self._plain(label, a) for r, a in zip(raw, args)]
        return result

    def once(self, component, ctor_args, method, args, keep_args=False):
        handle = self.new(component, ctor_args)
        try:
            return self.call(handle, method, args, keep_args)
        finally:
            del self.objects[handle]

    def get(self, handle, attr):
        obj, _args, component = self._object(handle)
        label = f"{component}.{attr}"
        try:
            value = getattr(obj, attr)
        except AttributeError:
            raise _missing_attribute(label, obj, component, attr) from None
        except BaseException as exc:  # a property that raises or exits
            raise self._error(label, exc) from None
        return self._plain(label, value)

    def set(self, handle, path, value):
        """Write ``value`` into the array that ``path`` reaches, in place, as an optimiser would."""
        obj, args, component = self._object(handle)
        target, label = obj, component
        for kind, key in path:
            try:
                if kind == "arg":
                    label = _("argument {number} of {call}").format(number=key, call=f"{component}(...)")
                    target = args[key]
                elif kind == "attr":
                    target, label = getattr(target, key), f"{label}.{key}"
                else:
                    target, label = target[key], f"{label}[{key!r}]"
            except BaseException as exc:
                raise self._error(label, exc) from None
        if not isinstance(target, np.ndarray):
            raise StudentError(label, "TypeError", _("is a {type}, not a numpy array").format(
                type=type(target).__name__))
        if np.shape(target) != np.shape(value):
            raise StudentError(label, "ValueError", _("has shape {shape}, expected {expected}").format(
                shape=np.shape(target), expected=np.shape(value)))
        np.ndarray.__setitem__(target, Ellipsis, value)

    def reseed(self, seed):
        """Seed NumPy's global generator, which students' weight initialisation draws from."""
        np.random.seed(seed)

    def train(self, handle, **settings):
        obj, _args, component = self._object(handle)
        label = _("training {component}").format(component=component)
        return self._plain(label, self._run(label, sgd, [obj], settings))

    # -- helpers ------------------------------------------------------------------------------------
    def _component(self, component):
        if component not in self.components:
            raise ComponentMissing(component, self.found.get(component, Found(component)).note)
        return self.components[component]

    def _object(self, handle):
        if handle not in self.objects:
            raise StudentError(f"object #{handle}", "LookupError", _("no such object"))
        return self.objects[handle]

    def _method(self, obj, component, name):
        try:
            return getattr(obj, name)
        except AttributeError:
            raise _missing_attribute(f"{component}.{name}", obj, component, name) from None
        except BaseException as exc:
            raise self._error(f"{component}.{name}", exc) from None

    def _materialise(self, args):
        """Fresh copies of the arguments, with probes replaced by the functions they name."""
        out = [a if isinstance(a, Probe) else a.copy() if isinstance(a, np.ndarray) else plain(a) for a in args]
        for i, a in enumerate(args):
            if isinstance(a, Probe):
                out[i] = PROBES[a.name] if a.reads_arg is None else _closure(PROBES[a.name], out, a.reads_arg)
        return out

    def _run(self, label, fn, args, kwargs=None, called=None):
        """Call ``fn``; ``called`` is (component, method or None) when ``fn`` is the student's own callable."""
        try:
            return fn(*args, **(kwargs or {}))
        except BaseException as exc:  # SystemExit, KeyboardInterrupt and GeneratorExit included
            if called and isinstance(exc, TypeError) and _raised_by_the_call(exc) and ARGUMENTS.search(str(exc)):
                message, reason = _signature_mismatch(fn, *called)
                if message:
                    if TOO_MANY.search(str(exc)) and reason == SIGNATURE:
                        reason = TAKES_FEWER
                    raise StudentError(label, "TypeError", message, reason=reason) from None
            raise self._error(label, exc) from None

    def _error(self, label, exc):
        """A StudentError for ``exc``, explaining a name the submission never made available.

        Every exception that student code raises comes through here (the notebook's Host passes some on).
        """
        error = _student_error(label, exc, self.student_files)
        name = _undefined_name(exc)
        if name:
            note = self.name_notes.get(name) or _("`{name}` is used, but the submission neither defines nor imports "
                                                  "it").format(name=name)
            error = StudentError(label, error.kind, note, error.where, reason="name is not defined")
        return error

    def _plain(self, label, value):
        try:
            return plain(value)
        except NotPlain as exc:
            raise StudentError(label, "NotPlain", _("returned {what}, not numbers or arrays").format(what=exc),
                               reason=f"returned {exc}") from None
        except BaseException as exc:  # an object whose conversion hooks raise or exit
            raise self._error(label, exc) from None


def _closure(probe, args, index):
    """``lambda W: probe(args[index])``: what chapter 5 hands numerical_gradient, reading the array it perturbs."""
    def f(_ignored):
        return probe(args[index])

    f.__name__ = f"lambda W: {probe.__name__}(W)"
    return f


def _arg_list(args):
    return ", ".join(_short(a) for a in args)


def _short(value):
    if isinstance(value, np.ndarray):
        return f"<array {value.shape}>"
    if callable(value):
        return getattr(value, "__name__", "f")
    text = repr(value)
    return text if len(text) < 30 else text[:27] + "..."


def _missing_attribute(label, obj, component, name):
    """The AttributeError of a method or attribute the object lacks, saying why when the grader can tell."""
    reason = f"has no attribute '{name}'"
    if name in _functions_nested_in_init(type(obj)):
        message = _("{component} has no attribute '{name}': `def {name}` is inside `__init__` (indented one level "
                    "too deep), so it is a local function of __init__, not a method")
        return StudentError(label, "AttributeError", message.format(component=component, name=name),
                            reason=reason + " is inside `__init__`")
    names = [n for n in dir(type(obj)) if not n.startswith("__")] + list(getattr(obj, "__dict__", {}))
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.7)
    if close:
        message = _("{component} has no attribute '{name}'; did you mean '{close}'?").format(
            component=component, name=name, close=close[0])
    else:
        message = _("{component} has no attribute '{name}'").format(component=component, name=name)
    return StudentError(label, "AttributeError", message, reason=reason)


def _functions_nested_in_init(cls):
    """Names of the functions defined inside ``cls.__init__``'s body."""
    init = inspect.getattr_static(cls, "__init__", None)
    code = getattr(init, "__code__", None)
    return {const.co_name for const in (code.co_consts if code else ()) if inspect.iscode(const)}


def _student_error(label, exc, student_files):
    try:
        message = str(exc)
    except BaseException:
        message = "<unprintable>"
    if isinstance(exc, SystemExit):
        message = _("exit code {code!r}: student code called sys.exit()").format(code=exc.code)
    message = message.replace("\n", " ")[:STUDENT_ERROR_LIMIT]
    return StudentError(label, type(exc).__name__, message, _innermost_frame(exc, student_files))


def _innermost_frame(exc, student_files):
    """``file:line`` of the innermost frame in a student file; "" when no student code was running."""
    # Without source lines: reading them would open files the worker is not allowed to read.
    frames = traceback.StackSummary.extract(traceback.walk_tb(exc.__traceback__), lookup_lines=False)
    ours = [f for f in frames if f.filename in student_files]  # exactly: the book's layers.py is not theirs
    return f"{student_files[ours[-1].filename]}:{ours[-1].lineno}" if ours else ""


def _raised_by_the_call(exc):
    """Whether a TypeError came from the call itself (the arguments do not fit), not from code it ran."""
    frames = list(traceback.walk_tb(exc.__traceback__))
    return len(frames) == 1 and frames[0][0].f_code is Host._run.__code__


# A TypeError of the call itself that is about its arguments (not "Can't instantiate abstract class"), and one
# that says the callable takes fewer than the book's arguments.
ARGUMENTS = re.compile(r"argument")
TOO_MANY = re.compile(r"were given|was given|takes no arguments|unexpected keyword argument")


def _signature_mismatch(fn, component, method):
    """``your `__init__` takes (W, b, input, output); the book's Affine is built as Affine(W, b)`` and its reason,
    or two empty strings."""
    book = book_call(component, method)
    if not book:
        return "", ""
    if inspect.isclass(fn):
        init = inspect.getattr_static(fn, "__init__", None)
        if init is object.__init__:
            return _("your {component} has no `__init__`, so it takes no arguments; the book's {component} is built "
                     "as {book}").format(component=component, book=book), NO_INIT
        parameters = _parameters(init, skip_self=True)
        message = _("your `__init__` takes {parameters}; the book's {component} is built as {book}")
    elif method:
        parameters = _parameters(fn)
        message = _("your `{method}` takes {parameters}; the book's {component}.{method} is called as {book}")
    else:
        parameters = _parameters(fn)
        message = _("your `{method}` takes {parameters}; the book's {component} is called as {book}")
        method = getattr(fn, "__name__", component)
    if parameters is None:
        return "", ""
    return message.format(component=component, method=method, parameters=parameters, book=book), SIGNATURE


def _parameters(fn, skip_self=False):
    try:
        parameters = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    if skip_self and parameters:
        parameters = parameters[1:]
    return "(" + ", ".join(str(p) for p in parameters) + ")"


def _undefined_name(exc):
    """The name a NameError is about (Python 3.9 gives it only in the message)."""
    if not isinstance(exc, NameError) or isinstance(exc, UnboundLocalError):
        return ""
    name = getattr(exc, "name", None)
    if isinstance(name, str):
        return name
    found = re.match(r"name '(\w+)' is not defined", str(exc))
    return found.group(1) if found else ""
