"""Inside the worker: set up the guard, run the submission, then answer the grader's operations.

Everything this module needs is imported at its top, before the guard hides the grader's packages.
"""

import os
import sys

import numpy as np  # noqa: F401 -- loaded with its libraries before the memory limit applies

from backprop_spec.host import Host
from backprop_spec.worker import guard, protocol
from backprop_spec.worker.execute import Execution
from backprop_spec.worker.lines import LineRecorder
from backprop_spec.worker.shims import Helpers, MemoryFinder, StandIns, helper_sources, serve_helpers
from spec import i18n
from spec.subject import ComponentMissing, Found, StudentError

OPERATIONS = {
    "new": lambda host, r: host.new(r["component"], r["args"]),
    "call": lambda host, r: host.call(r["target"], r["method"], r["args"], r["keep_args"]),
    "get": lambda host, r: host.get(r["handle"], r["attr"]),
    "set": lambda host, r: host.set(r["handle"], r["path"], r["value"]),
    "train": lambda host, r: host.train(r["handle"], **r["settings"]),
    "reseed": lambda host, r: host.reseed(r["seed"]),
    "once": lambda host, r: host.once(r["component"], r["ctor_args"], r["method"], r["args"], r["keep_args"]),
}


def prepare(channel, root, own_files=()):
    """Receive the setup, install the guard, run the submission, report it, and bind the components.

    Returns the :class:`Host`, a function that gives what was printed and flagged since it last ran, and
    the operations to answer (with "coverage" when the setup asks for the lines run to be measured).
    """
    setup = protocol.receive(channel)
    i18n.set_language(setup["lang"])  # reads the catalog now, before the guard refuses the grader's files
    sources = helper_sources(setup["reference_dir"], setup["shim_packages"])
    own_files = list(own_files) + [
        module.__file__
        for name, module in list(sys.modules.items())
        if name.split(".")[0] in guard.GRADER_PACKAGES and getattr(module, "__file__", None)
    ]

    guard.set_limits(setup["memory_bytes"], setup["cpu_seconds"])
    capture = guard.capture_output(setup["output_limit"])
    flags = guard.Flags()
    finder, helpers, standins = MemoryFinder(), Helpers(), StandIns(setup["imported_modules"])
    shimmed, provided = set(setup["shim_packages"]), set(setup["provided_modules"])
    serve_helpers(
        finder, helpers, sources, lambda name: name.split(".")[0] in shimmed and name not in provided, standins
    )
    finder.install()
    standins.install()
    standins.book()  # the book's helpers run now, before any student code
    operations = OPERATIONS
    if setup["coverage"]:  # started before the guard and before any student code runs
        recorder = LineRecorder(setup["tmp"])
        operations = dict(OPERATIONS, coverage=lambda host, r: recorder.lines())
    guard.hide_grader(root, flags, provided)
    guard.install_audit_hook(
        guard.Policy(setup["tmp"], setup["protected"], setup["data_dirs"], own_files), flags, provided
    )
    os.chdir(setup["tmp"])

    def news():
        text, printed = capture.news()
        return {"output": text, "printed": printed, "flags": flags.news()}

    execution = Execution(setup["units"], finder, helpers, standins)
    protocol.send(channel, dict(execution.run(), **news()))
    binding = protocol.receive(channel)
    components = {name: execution.definitions[tuple(key)] for name, key in binding["components"].items()}
    found = {name: Found(name, *entry) for name, entry in binding["found"].items()}
    host = Host(components, found, student_files={unit["filename"]: unit["filename"] for unit in setup["units"]},
                name_notes=binding["name_notes"])
    protocol.send(channel, dict(ok=None, **news()))
    return host, news, operations


def serve(channel, host, news, operations):
    """Answer operations until the grader closes the channel; exit without running any student finaliser."""
    while True:
        try:
            request = protocol.receive(channel)
        except BaseException:
            os._exit(0)
        reply = dict(answer(host, request, operations), **news())
        try:
            try:
                protocol.send(channel, reply)
            except protocol.MessageTooLarge as exc:
                too_large = _student_error(
                    request.get("label", request.get("op")), "NotPlain", f"answered with {exc}"
                )
                protocol.send(channel, dict(news(), error=too_large))
        except BaseException:
            os._exit(protocol.EXIT_INTERNAL_ERROR)


def answer(host, request, operations):
    try:
        return {"ok": operations[request["op"]](host, request)}
    except StudentError as exc:
        return {"error": _student_error(exc.call, exc.kind, exc.message, exc.where, exc.reason)}
    except ComponentMissing as exc:
        return {"error": {"type": "ComponentMissing", "component": exc.component, "detail": exc.detail}}
    except BaseException as exc:  # the worker's own failure, or student code reaching past the Host
        return {"error": {"type": "WorkerError", "message": f"{type(exc).__name__}: {exc}"[:2000]}}


def _student_error(call, kind, message, where="", reason=""):
    return {"type": "StudentError", "call": call, "kind": kind, "message": message, "where": where,
            "reason": reason}
