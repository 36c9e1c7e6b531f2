"""Grades a class on a Dask distributed cluster: ``backprop-spec grade PATH... --dask ADDRESS``.

One task per submission. The task carries the submission's files as bytes and writes them to a temporary
folder on the Dask worker, so the cluster needs no file system shared with this machine; there
``grade_submission`` runs the student's code in its own isolated process, exactly as a local run does.
Results come back in the order of the paths, naming each submission as it was given here.
"""
import asyncio
import dataclasses
import os
import stat
import tempfile
from dataclasses import dataclass, field
from importlib import metadata

from backprop_spec.grading import _grade_safely, _ungraded
from backprop_spec.loading.files import MAX_FILE_BYTES, find_source_files

DISTRIBUTION = "backprop-spec"
CONNECT_TIMEOUT_S = 30
MIN_IN_FLIGHT = 32  # tasks queued on the cluster at once, so that an adaptive cluster sees work to scale for
IN_FLIGHT_PER_THREAD = 2
MAX_PACKAGE_BYTES = 64 * 2**20  # more than any chapter 5 submission; such a folder is graded here
FOLDER_NAME = "submission"


class ClusterError(Exception):
    """The class cannot be graded on the cluster; the message says what to do about it."""


@dataclass
class Package:
    """A submission's files as bytes: what the loader will read of it, to be rebuilt on another machine."""

    path: str  # as given here: what the reports show
    folder: bool
    files: dict = field(default_factory=dict)  # path inside the folder ("" for a lone file) -> bytes
    sizes: dict = field(default_factory=dict)  # files over the loader's size limit: only their size travels


def pack(path):
    """The submission at ``path`` as a Package; None when its files cannot all travel as read here.

    None means: grade it on this machine, so that its report is the one a local run gives. That is a path
    that is missing or unreadable (its loading fails at once, before any code runs), or a folder with
    unreadable files, links the loader skips, or more than ``MAX_PACKAGE_BYTES`` of files.
    """
    path = os.fspath(path)
    if not os.path.isdir(path):
        content = _content(path)
        return Package(path, folder=False, files={"": content}) if isinstance(content, bytes) else None
    found, warnings = find_source_files(path)
    if warnings:
        return None
    package, total = Package(path, folder=True), 0
    for file in found:
        content = _content(file.path)
        if content is None:
            return None
        if isinstance(content, int):
            package.sizes[file.relative] = content
            continue
        total += len(content)
        if total > MAX_PACKAGE_BYTES:
            return None
        package.files[file.relative] = content
    return package


def _content(path):
    """A regular file's bytes; only its size when the loader refuses it as too big; None if unreadable."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > MAX_FILE_BYTES:
            return info.st_size
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def unpack(package, into):
    """Write ``package`` under the folder ``into`` and return the path to grade.

    A lone file keeps its name (the loader shows it); a folder keeps any trailing separator of the path.
    """
    if not package.folder:
        target = os.path.join(into, os.path.basename(package.path))
        with open(target, "wb") as file:
            file.write(package.files[""])
        return target
    root = os.path.join(into, FOLDER_NAME)
    os.makedirs(root)
    for relative, data in package.files.items():
        with open(_place(root, relative), "wb") as file:
            file.write(data)
    for relative, size in package.sizes.items():
        with open(_place(root, relative), "wb") as file:
            file.truncate(size)  # sparse: the loader sees the size and refuses it, as it did here
    return root + package.path[len(package.path.rstrip(os.sep)):]


def _place(root, relative):
    target = os.path.join(root, *relative.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    return target


def grade_package(package, options, goldens):
    """The Dask task: rebuild the submission in a temporary folder, grade it there, name it as given."""
    with tempfile.TemporaryDirectory(prefix="backprop-spec-") as folder:
        path = unpack(package, folder)
        result = _grade_safely(path, options, goldens)
    return _relabel(result, path, package.path)


def _relabel(value, old, new):
    """``value`` with ``old`` written as ``new`` in each string it holds, in lists, dicts and dataclasses."""
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_relabel(item, old, new) for item in value]
    if isinstance(value, dict):
        return {key: _relabel(item, old, new) for key, item in value.items()}
    if dataclasses.is_dataclass(value):
        changes = {f.name: _relabel(getattr(value, f.name), old, new) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def grade_class(address, paths, options, goldens, on_result=None):
    """Grade ``paths`` on the Dask cluster whose scheduler is at ``address``; results in their order.

    Submissions are packed as their turn comes, with a bounded number of tasks on the cluster at once, so
    that neither this machine nor the scheduler holds a whole class of files.
    """
    client = _connect(address)
    try:
        _check_workers(client, address)
        return _grade_on(client, paths, options, goldens, on_result)
    finally:
        client.close()


def _grade_on(client, paths, options, goldens, on_result):
    from distributed import as_completed

    results = [None] * len(paths)
    pending, index = as_completed(loop=client.loop), {}
    queue = iter(enumerate(paths))

    def finish(i, result):
        results[i] = result
        if on_result:
            on_result(result)

    def submit_next():
        for i, path in queue:
            package = pack(path)
            if package is None:
                finish(i, _grade_safely(path, options, goldens))
                continue
            future = client.submit(grade_package, package, options, goldens, pure=False)
            index[future] = i
            pending.add(future)
            return

    threads = sum(client.nthreads().values())
    for _ in range(max(MIN_IN_FLIGHT, IN_FLIGHT_PER_THREAD * threads)):
        submit_next()
    for future in pending:
        i = index.pop(future)
        try:
            result = future.result()
        except Exception as exc:  # the task itself failed (its Dask worker died, say): this submission only
            reason = f"grading task failed on the Dask cluster: {type(exc).__name__}: {exc}"
            result = _ungraded(paths[i], reason, options)
        finish(i, result)
        submit_next()
    return results


def _connect(address):
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            "--dask needs Dask's distributed scheduler, which is not installed: "
            "pip install 'backprop-spec[dask]'"
        ) from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, ValueError) as exc:
        raise ClusterError(
            f"cannot reach a Dask scheduler at {address} ({exc}). Start one with `dask scheduler`, which "
            "prints its address (tcp://HOST:8786), and its workers with `dask worker tcp://HOST:8786` "
            "on machines where backprop-spec[dask] is installed"
        ) from None


def _check_workers(client, address):
    """Refuse a cluster without workers, or whose workers lack this version of backprop-spec, rather than
    wait for ever or fail every task."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except (TimeoutError, asyncio.TimeoutError):  # the same class from Python 3.11 on
        raise ClusterError(
            f"the Dask scheduler at {address} has no workers: start them with `dask worker {address}` on "
            "machines where backprop-spec[dask] is installed"
        ) from None
    here = metadata.version(DISTRIBUTION)
    try:
        versions = client.run(metadata.version, DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise ClusterError(
            f"the Dask workers of {address} cannot grade: backprop-spec is not installed on them. Install "
            f"backprop-spec=={here} where the workers run (the same Python environment), then restart them"
        ) from None
    other = {worker: version for worker, version in versions.items() if version != here}
    if other:
        listed = ", ".join(f"{worker} has {version}" for worker, version in sorted(other.items()))
        raise ClusterError(
            f"the Dask workers must run the same backprop-spec as this machine ({here}), so that every "
            f"submission is graded by the same spec: {listed}"
        )
