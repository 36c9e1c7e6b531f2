"""The implementation under test in an isolated worker process: a Subject that speaks over a socket.

It answers exactly as ``backprop_spec.local.LocalSubject`` does (both run ``backprop_spec.host.Host``), but the
student's code runs in another process, and only plain data comes back. Time spent in the worker is limited per
operation, per clause (``deadline``) and per submission; an operation that runs out of time, or a worker
that dies, aborts the clause, and the next operation starts a fresh worker.
"""

import contextlib
import importlib.util
import os
import time

from backprop_spec.worker import protocol
from backprop_spec.worker.capture import OUTPUT_LIMIT
from backprop_spec.worker.fontcache import font_cache_dir
from backprop_spec.worker.process import WorkerProcess
from backprop_spec.worker.resolve import name_notes, resolve, standin_warnings
from spec.clauses import COMPONENTS
from spec.i18n import N_, _
from spec.subject import ClauseAborted, ComponentMissing, Found, Handle, StudentError, Subject
from spec.values import plain

TEXT_LIMIT = 2000  # characters kept of any text the worker sends
SLOW_HINT = N_("an endless loop, or a very slow one?")


class RemoteHandle(Handle):
    """An object living in the worker; it is lost when that worker is stopped."""

    def __init__(self, subject, number, generation, component):
        self._subject, self._number, self._generation = subject, number, generation
        self.component = component

    def call(self, method, *args, keep_args=False):
        request = {
            "op": "call",
            "target": self._number,
            "method": method,
            "args": plain(list(args)),
            "keep_args": keep_args,
        }
        return self._subject._operate(request, f"{self.component}.{method}(...)", self._generation)

    def get(self, attr):
        request = {"op": "get", "handle": self._number, "attr": attr}
        return self._subject._operate(request, f"{self.component}.{attr}", self._generation)

    def set(self, path, value):
        request = {
            "op": "set",
            "handle": self._number,
            "path": plain([tuple(step) for step in path]),
            "value": plain(value),
        }
        self._subject._operate(request, f"setting an array of {self.component}", self._generation)


class RemoteSubject(Subject):
    """A ``backprop_spec.loading.LoadedSubmission`` run in a worker process; use it as a context manager.

    ``timeout_s`` limits each operation outside a :meth:`deadline` block; ``total_timeout_s`` the time
    spent in the worker over the whole submission; ``load_timeout_s`` starting a worker and running the
    submission's definitions. ``memory_bytes`` caps the worker's address space. With ``coverage``, each
    worker measures which lines of the submission run, for :meth:`collect_lines`.
    """

    def __init__(
        self,
        loaded,
        *,
        aliases=None,
        shims=(),
        timeout_s=10.0,
        total_timeout_s=600.0,
        load_timeout_s=60.0,
        memory_bytes=2 * 1024**3,
        output_limit=OUTPUT_LIMIT,
        components=None,
        coverage=False,
        lang="en",
    ):
        self.label = loaded.path
        self.error = loaded.error  # why the submission cannot be graded at all, once known
        self.warnings = list(loaded.warnings)
        self.timeout_s, self.total_timeout_s, self.load_timeout_s = timeout_s, total_timeout_s, load_timeout_s
        self.memory_bytes, self.output_limit = memory_bytes, output_limit
        self._loaded, self._aliases = loaded, dict(aliases or {})
        self._components = dict(COMPONENTS if components is None else components)
        self._font_cache = font_cache_dir() if _imports_matplotlib(loaded) else None
        self._setup = _setup(
            loaded, shims, memory_bytes, output_limit, total_timeout_s + load_timeout_s, self._font_cache, coverage
        )
        self._setup["lang"] = self.language = lang
        self._executed = {}  # filename -> the line numbers any worker reported
        self._flags, self._output, self._kept, self._noted = [], [], 0, 0  # _noted: characters of the grader's notes
        self._printed_before = {"stdout": 0, "stderr": 0}  # by workers already stopped
        self._printed = dict(self._printed_before)  # by the current worker
        self._budgets = []  # remaining seconds of each open deadline block
        self._total_left = total_timeout_s
        self._worker, self._generation, self._ready, self._peak_memory = None, 0, False, 0
        self._bindings, self._found, self._failure, self._closed = None, None, None, False
        self._name_notes = {}
        if self.error is None:
            self._start()  # the worker starts up while the grader does other work

    # -- Subject ------------------------------------------------------------------------------------
    def find(self, component):
        if self._found is None:
            try:
                self._ensure_ready()
            except ClauseAborted:
                pass
        if self._found is None:
            return Found(component, None, _("not graded: {error}").format(error=self.error))
        return self._found.get(
            component, Found(component, None, f"{component} is not a component of the spec")
        )

    def new(self, component, *args):
        request = {"op": "new", "component": component, "args": plain(list(args))}
        number = self._operate(request, f"{component}(...)")
        return RemoteHandle(self, number, self._generation, component)

    def call(self, component, *args, keep_args=False):
        request = {
            "op": "call",
            "target": component,
            "method": None,
            "args": plain(list(args)),
            "keep_args": keep_args,
        }
        return self._operate(request, f"{component}(...)")

    def once(self, component, ctor_args, method, *args, keep_args=False):
        request = {
            "op": "once",
            "component": component,
            "ctor_args": plain(list(ctor_args)),
            "method": method,
            "args": plain(list(args)),
            "keep_args": keep_args,
        }
        return self._operate(request, f"{component}(...).{method}(...)")

    def reseed(self, seed):
        self._operate({"op": "reseed", "seed": int(seed)}, "np.random.seed")

    def train(self, net, **settings):
        request = {"op": "train", "handle": net._number, "settings": plain(settings)}
        return self._operate(request, _("training {component}").format(component=net.component), net._generation)

    @contextlib.contextmanager
    def deadline(self, seconds):
        """Allow the operations inside the block ``seconds`` in all (time spent in the worker only)."""
        budget = [float(seconds)]
        self._budgets.append(budget)
        try:
            yield
        finally:
            self._budgets.remove(budget)

    # -- what the submission did --------------------------------------------------------------------
    @property
    def flags(self):
        """What the submission tried that it should not have, each once."""
        printed = {s: self._printed_before[s] + self._printed[s] for s in self._printed}
        floods = [
            _("printed {size} to {stream} (captured and capped)").format(size=_size(n), stream=stream)
            for stream, n in printed.items()
            if n > self.output_limit
        ]
        return self._flags + floods

    @property
    def output(self):
        """What the submission printed (stdout and stderr together), capped at ``output_limit`` characters."""
        text = "".join(self._output)
        unseen = sum(self._printed_before.values()) + sum(self._printed.values()) - (len(text) - self._noted)
        if unseen <= 0:
            return text
        return text + "\n" + _("[... {count:,} more characters not kept]").format(count=unseen)

    def collect_lines(self):
        """Add the lines that the current worker has run so far to :attr:`executed_lines`.

        Call it after each clause: a worker stopped after a timeout or crash takes its unreported lines with it.
        Does nothing without a ready worker, and gives up quietly if the worker does not answer.
        """
        if not self._setup["coverage"] or self._worker is None or not self._ready or self._total_left <= 0:
            return
        label = "collecting the lines run"
        try:
            limit = min(self.timeout_s, self._total_left)
            reply = self._exchange({"op": "coverage"}, label, limit, "the worker did not answer in time")
            lines = self._answer(reply, label)
        except (ClauseAborted, StudentError, ComponentMissing):
            return
        if not isinstance(lines, dict):
            return
        for filename, numbers in lines.items():
            if isinstance(filename, str) and isinstance(numbers, list):
                self._executed.setdefault(filename, set()).update(n for n in numbers if type(n) is int)

    @property
    def executed_lines(self):
        """``{filename: sorted line numbers}`` run by every worker so far, as far as collected."""
        return {filename: sorted(lines) for filename, lines in self._executed.items()}

    @property
    def pid(self):
        """The current worker's process id (its process group id too), or None."""
        return self._worker.pid if self._worker else None

    def close(self):
        """Stop the worker and everything it started."""
        self._closed = True
        self._stop_worker()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the worker ---------------------------------------------------------------------------------
    def _operate(self, request, label, generation=None):
        """Run one operation and return its plain answer, raising what the student's code raised."""
        if generation is not None and (generation != self._generation or self._worker is None):
            raise ClauseAborted("crash", _("{label}: the object was lost when the worker was stopped after an earlier "
                                           "timeout or crash; build it again").format(label=label))
        self._ensure_ready()
        limit, reason = self._limit()
        if limit <= 0:
            raise ClauseAborted("timeout", _("{label}: not run, {reason}").format(label=label, reason=reason))
        request["label"] = label
        reply = self._exchange(request, label, limit, reason, charge_clause=True)
        return self._answer(reply, label)

    def _ensure_ready(self):
        if self._closed:
            raise RuntimeError("this RemoteSubject is closed")
        if self._failure:
            raise ClauseAborted(*self._failure)
        if self.error is not None:
            raise ClauseAborted("crash", _("not graded: {error}").format(error=self.error))
        if self._worker is None:
            self._start()
        if not self._ready:
            self._load()

    def _start(self):
        self._generation += 1
        if self._generation > 1:  # so that the submission's own prints, which come again, are not a puzzle
            note = "[a new worker started after a timeout or crash: the submission's top-level code runs again]\n"
            self._noted += len(self._note_output(note))
        self._worker, self._ready = WorkerProcess(self._font_cache), False
        try:
            protocol.send(
                self._worker.channel,
                dict(self._setup, tmp=self._worker.tmp),
                time.monotonic() + self.load_timeout_s,
            )
        except OSError:
            pass  # the worker died at once; loading will say how

    def _load(self):
        """Wait for the worker to run the submission, then tell it which definitions are the components."""
        limit = min(self.load_timeout_s, self._total_left)
        reason = _("loading the submission took more than {limit:g} s (a long computation at top level, outside any "
                   "function?)").format(limit=limit)
        loading = _("loading the submission")
        try:
            report = self._exchange(None, loading, limit, reason)
            if "fatal" in report:
                self._stop_worker()
                raise ClauseAborted(
                    "crash", _("the worker could not start: {reason}").format(
                        reason=_text(report["fatal"]).strip().split("\n")[-1])
                )
            if self._found is None:
                self._bindings, self._found = resolve(self._loaded, report, self._components, self._aliases)
                self._name_notes = name_notes(self._loaded, report)
                self.warnings += [_text(w) for w in report["warnings"]]
                self.warnings += standin_warnings(self._loaded, report)
            bind = {
                "op": "bind",
                "components": self._bindings,
                "found": {c: [f.found_as, f.note] for c, f in self._found.items()},
                "name_notes": self._name_notes,
            }
            self._answer(self._exchange(bind, loading, limit, reason), loading)
        except ClauseAborted as aborted:
            self._failure, self.error = (aborted.status, aborted.message), aborted.message
            raise
        except Exception as exc:  # a report that is not what the worker sends (student code can reach it)
            self._stop_worker()
            self._failure = ("crash", f"the worker answered with malformed data ({type(exc).__name__})")
            self.error = self._failure[1]
            raise ClauseAborted(*self._failure) from None
        self._ready = True

    def _limit(self):
        """Seconds the next operation may take, and what limit that is, for the message."""
        if self._budgets:
            limit, reason = min(b[0] for b in self._budgets), _("the clause's time limit ran out")
        else:
            limit, reason = self.timeout_s, _("it did not finish within {seconds:g} s ({hint})").format(
                seconds=self.timeout_s, hint=_(SLOW_HINT))
        if self._total_left < limit:
            limit, reason = self._total_left, _("the submission's total time of {seconds:g} s ran out").format(
                seconds=self.total_timeout_s)
        return limit, reason

    def _exchange(self, request, label, limit, reason, charge_clause=False):
        """Send ``request`` (None: only wait) and return the worker's reply, within ``limit`` seconds."""
        worker = self._worker
        started = time.monotonic()
        try:
            if request is not None:
                protocol.send(worker.channel, request, started + limit)
            reply = protocol.receive(worker.channel, started + limit)
        except TimeoutError:
            self._stop_worker()
            raise ClauseAborted("timeout", _("{label}: {reason}; the worker was stopped").format(
                label=label, reason=reason)) from None
        except (OSError, EOFError):
            self._stop_worker()
            raise ClauseAborted("crash", _("{label}: the worker {how}").format(
                label=label, how=worker.exit_description(self.memory_bytes))) from None
        except Exception as exc:  # the worker is the student's: a message that does not decode is theirs
            self._stop_worker()
            raise ClauseAborted("crash", _("{label}: the worker sent malformed data ({error}); it was stopped").format(
                label=label, error=type(exc).__name__)) from None
        except BaseException:  # KeyboardInterrupt: the worker is mid-operation, so it cannot be kept
            self._stop_worker()
            raise
        finally:
            self._charge(time.monotonic() - started, charge_clause)
        if not isinstance(reply, dict):
            self._stop_worker()
            raise ClauseAborted("crash", _("{label}: the worker sent malformed data; it was stopped").format(
                label=label))
        self._absorb(reply)
        return reply

    def _charge(self, seconds, charge_clause):
        self._total_left -= seconds
        if charge_clause:
            for budget in self._budgets:
                budget[0] -= seconds

    def _absorb(self, reply):
        """Take the flags and output that came with a reply."""
        for flag in reply.get("flags") or ():
            flag = _text(flag)
            if flag not in self._flags:
                self._flags.append(flag)
        self._note_output(reply.get("output") or "")
        printed = reply.get("printed")
        if isinstance(printed, dict):
            self._printed = {s: _count(printed.get(s)) for s in self._printed}

    def _note_output(self, text):
        """Keep ``text`` while the output limit allows; returns what was kept."""
        text = _text(text, self.output_limit - self._kept)
        self._output.append(text)
        self._kept += len(text)
        return text

    def _answer(self, reply, label):
        if "ok" in reply:
            return reply["ok"]
        error = reply.get("error")
        kind = error.get("type") if isinstance(error, dict) else None
        if kind == "StudentError":
            exception_kind, message = _text(error.get("kind")), _text(error.get("message"))
            if exception_kind == "MemoryError":
                cap = f"{self.memory_bytes / 1024**3:g} GiB"
                message = _("ran out of memory (the worker's cap is {cap})").format(cap=cap) + (
                    f": {message}" if message else ""
                )
            raise StudentError(
                _text(error.get("call")), exception_kind, message, self._where(error.get("where")),
                _text(error.get("reason")),
            )
        if kind == "ComponentMissing":
            raise ComponentMissing(_text(error.get("component")), _text(error.get("detail")))
        self._stop_worker()
        detail = _text(error.get("message")) if isinstance(error, dict) else "no answer"
        raise ClauseAborted("crash", _("{label}: the worker failed ({detail}); it was stopped").format(
            label=label, detail=detail))

    def _where(self, where):
        """``file:line`` as the Host gives it; in a notebook, the cell and the line in it."""
        file, _colon, line = _text(where).rpartition(":")
        for unit in self._loaded.units:
            if unit.line_map and unit.filename == file and line.isdigit():
                return f"{unit.filename} {unit.where(int(line))}"
        return _text(where)

    @property
    def peak_memory_bytes(self):
        """The largest resident size any of this subject's workers reached so far (0 before the first)."""
        self._note_peak()
        return self._peak_memory

    def _note_peak(self):
        if self._worker is not None:
            self._peak_memory = max(self._peak_memory, _resident_peak(self._worker.pid))

    def _stop_worker(self):
        if self._worker is not None:
            self._note_peak()
            self._worker.stop()
            self._printed_before = {s: self._printed_before[s] + self._printed[s] for s in self._printed}
            self._printed = {s: 0 for s in self._printed}
            self._worker, self._ready = None, False


def _resident_peak(pid):
    """VmHWM of a live process, in bytes, from /proc (0 when it is gone or /proc says nothing)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _setup(loaded, shims, memory_bytes, output_limit, cpu_seconds, font_cache, coverage):
    """What a worker needs to run the submission, as plain data (the same for every restart)."""
    reference_dir = os.path.dirname(importlib.util.find_spec("reference").origin)
    goldens_dir = importlib.util.find_spec("spec.goldens").submodule_search_locations[0]
    data_dirs = [os.path.join(reference_dir, "data"), os.environ.get("MNIST_DIR"), font_cache]
    return {
        "units": [
            {
                "module": u.module,
                "filename": u.filename,
                "is_package": u.is_package,
                "needs_numpy_alias": u.needs_numpy_alias,
                "free_names": list(u.free_names),
                "chunks": [
                    {"code": c.code, "names": list(c.names), "line": c.line, "where": c.where}
                    for c in u.chunks
                ],
            }
            for u in loaded.units
        ],
        "shim_packages": list(dict.fromkeys(list(loaded.shim_packages) + list(shims))),
        "provided_modules": list(loaded.provided_modules),
        "imported_modules": list(loaded.imported_modules),
        "reference_dir": reference_dir,
        "protected": [
            os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
            os.path.dirname(importlib.util.find_spec("spec").origin),
            reference_dir,
            goldens_dir,
        ],
        "data_dirs": [folder for folder in data_dirs if folder],
        "memory_bytes": int(memory_bytes),
        "cpu_seconds": int(cpu_seconds) + 1,
        "output_limit": int(output_limit),
        "coverage": bool(coverage),
    }


def _imports_matplotlib(loaded):
    return any("matplotlib" in c.code for u in loaded.units for c in u.chunks if c.kind == "import")


def _text(value, limit=TEXT_LIMIT):
    text = value if isinstance(value, str) else "" if value is None else str(value)
    return text[: max(limit, 0)]


def _count(value):
    return value if isinstance(value, int) and value >= 0 else 0


def _size(chars):
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if chars >= scale:
            return f"{chars / scale:.1f} {unit}"
    return _("{count} characters").format(count=chars)
