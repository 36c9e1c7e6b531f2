"""Grades submissions: load, run every clause in an isolated worker, score by tier; a class in parallel."""
import concurrent.futures
import multiprocessing
import resource
import time
from dataclasses import dataclass, field

from backprop_spec.executed import executed
from backprop_spec.results import SubmissionResult
from backprop_spec.scoring import clause_result, component_results
from spec import i18n
from spec.clauses import COMPONENTS
from spec.context import CheckContext, load_goldens
from spec.i18n import _
from spec.runner import run_clause
from spec.subject import Outcome
from spec.upstream import with_upstream_hints


@dataclass
class GradeOptions:
    tier: str = "core"
    profile: str = "default"
    seed: int = 0
    timeout_s: float = 10.0  # per clause (times the clause's time_factor)
    submission_timeout_s: float = 300.0
    memory_bytes: int = 2 * 1024**3
    aliases: dict = field(default_factory=dict)
    shims: tuple = ()
    exec_all: bool = False
    coverage: bool = False  # measure which lines of the submission run (grade --coverage)
    lang: str = "auto"  # of the messages: en, ja, zh, ko, or auto (the language of the submission's comments)


def grade_submission(path, options, goldens=None):
    """Grade one submission; never raises for anything the submission is or does."""
    from backprop_spec.loading import load_submission

    started = time.perf_counter()
    loaded = load_submission(path, exec_all=options.exec_all, shims=options.shims, aliases=options.aliases,
                             lang=options.lang)
    with i18n.language(loaded.language):
        result = _grade(loaded, options, goldens, started)
    result.language = loaded.language
    return result


def _grade(loaded, options, goldens, started):
    from backprop_spec.worker import RemoteSubject

    ctx = CheckContext(profile=options.profile, seed=options.seed, goldens=goldens or load_goldens())
    result = SubmissionResult(submission=str(loaded.path), warnings=list(loaded.warnings))
    result.resources["load_s"] = round(time.perf_counter() - started, 4)
    if loaded.error:
        result.error = loaded.error
        outcomes = {c.id: Outcome("missing", _("not graded: the submission could not be loaded")) for c in _clauses()}
        return _finish(result, outcomes, {}, {}, options, started)
    outcomes, durations = {}, {}
    with RemoteSubject(loaded, aliases=options.aliases, shims=options.shims, timeout_s=options.timeout_s,
                       total_timeout_s=options.submission_timeout_s, memory_bytes=options.memory_bytes,
                       coverage=options.coverage, lang=i18n.current()) as subject:
        clauses = _clauses()  # the worker starts up meanwhile
        clauses_started = time.perf_counter()
        for clause in clauses:
            clause_started = time.perf_counter()
            if clause_started - started > options.submission_timeout_s:
                outcomes[clause.id] = Outcome("timeout", _("not run: the submission's time limit of {seconds:g} s was "
                                                           "used up").format(seconds=options.submission_timeout_s))
                continue
            with subject.deadline(options.timeout_s * clause.time_factor):
                outcomes[clause.id] = run_clause(clause, subject, ctx)
            durations[clause.id] = time.perf_counter() - clause_started
            subject.collect_lines()
        result.resources["clauses_s"] = round(time.perf_counter() - clauses_started, 4)
        result.resources["worker_peak_mib"] = round(subject.peak_memory_bytes / 2**20, 1)
        found = {name: subject.find(name) for name in COMPONENTS}
        if options.coverage:
            result.executed = executed(loaded, subject.executed_lines, found)
        result.flags, result.output, result.error = list(subject.flags), subject.output, subject.error
        result.warnings += [w for w in subject.warnings if w not in result.warnings]
    return _finish(result, outcomes, durations, found, options, started, component_calls(loaded, found))


def component_calls(loaded, found):
    """Component -> the other components its definition calls by the names the student gave them."""
    names = {c: f.found_as.rpartition(":")[2] if f.found_as else c for c, f in found.items()}
    calls = {}
    for component, where in found.items():
        candidate = next((c for c in loaded.definitions.get(component, []) if c.found_as == where.found_as), None)
        if candidate:
            calls[component] = {other for other, name in names.items()
                                if other != component and name in candidate.reads}
    return calls


def _clauses():
    """The catalogue, imported on first use: it brings Hypothesis, which takes longer than a worker's start."""
    from spec.catalogue import CLAUSES

    return CLAUSES


def _finish(result, outcomes, durations, found, options, started, calls=None):
    outcomes = with_upstream_hints(_clauses(), outcomes, options.tier, calls)
    result.clauses = [clause_result(c, outcomes[c.id], options.tier, durations.get(c.id, 0.0))
                      for c in _clauses()]
    result.components = component_results(result.clauses, found, options.tier)
    result.score = sum(c.score for c in result.clauses)
    result.max_score = sum(c.max_score for c in result.clauses)
    if result.error:
        result.score = 0.0
    result.duration_s = time.perf_counter() - started
    result.resources["grader_peak_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def _grade_safely(path, options, goldens):
    """The pool's task: a bug in the grader itself costs one submission's report, not the class's."""
    try:
        return grade_submission(path, options, goldens)
    except Exception as exc:  # the grader's own fault: report it on this submission and go on
        return _ungraded(path, f"internal grader error: {type(exc).__name__}: {exc}", options)


def grade_class(paths, options, jobs=1, on_result=None, dask=None):
    """Grade many submissions, ``jobs`` at a time, and return their results in the order of ``paths``.

    Goldens are read once, before any student code runs, and handed to every job. ``dask`` is the
    address of a Dask scheduler to grade on instead (see ``backprop_spec.distributed``).
    """
    goldens = load_goldens()
    if dask:
        from backprop_spec import distributed

        return distributed.grade_class(dask, paths, options, goldens, on_result)
    results = [None] * len(paths)
    if jobs <= 1:
        for i, path in enumerate(paths):
            results[i] = _grade_safely(path, options, goldens)
            if on_result:
                on_result(results[i])
        return results
    context = multiprocessing.get_context("forkserver")
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(_grade_safely, path, options, goldens): i for i, path in enumerate(paths)}
        for future in concurrent.futures.as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception as exc:  # the job process itself died
                results[i] = _ungraded(paths[i], f"grading process died: {type(exc).__name__}", options)
            if on_result:
                on_result(results[i])
    return results


def _ungraded(path, reason, options):
    result = SubmissionResult(submission=str(path), error=f"{path}: {reason}")
    outcomes = {c.id: Outcome("crash", _("not graded: {reason}").format(reason=reason)) for c in _clauses()}
    return _finish(result, outcomes, {}, {}, options, time.perf_counter())
