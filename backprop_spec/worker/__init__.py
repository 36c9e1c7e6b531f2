"""The isolated worker: student code runs in its own process, and only plain data comes back.

``RemoteSubject`` (the grader's side) is imported lazily, so that the worker process itself, which
imports modules of this package, does not load the grader's side with it.
"""

__all__ = ["RemoteSubject"]


def __getattr__(name):
    if name == "RemoteSubject":
        from backprop_spec.worker.remote import RemoteSubject

        return RemoteSubject
    raise AttributeError(f"module 'backprop_spec.worker' has no attribute {name!r}")
