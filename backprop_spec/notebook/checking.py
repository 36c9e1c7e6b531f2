"""``check()``: a component's clauses run on the live object, in this process, and judged as ``grade`` judges.

The clauses, seed, profile, hints, upstream blame and scoring are grade's; what differs is where the student's
code runs (here, with a time limit per clause from ``stopping``, instead of an isolated worker).
"""
import inspect
import numbers
import sys
import time

import numpy as np

from backprop_spec.loading.language import language_of, prose_of_python
from backprop_spec.notebook import stopping, words
from backprop_spec.notebook.origin import global_names
from backprop_spec.notebook.plan import plan_everything, plan_one
from backprop_spec.notebook.printed import captured
from backprop_spec.notebook.result import CheckResult
from backprop_spec.scoring import TIERS, clause_result, component_results, counts
from spec import i18n
from spec.clauses import COMPONENTS
from spec.context import PROFILES, CheckContext, load_goldens
from spec.i18n import _, current
from spec.runner import run_clause
from spec.subject import Found, Outcome
from spec.upstream import with_upstream_hints

_GOLDENS = []  # read on first use, then kept


def check(obj=None, *, component=None, tier="core", profile="default", seed=0, timeout=None, lang="auto"):
    """Check ``obj``, a class or function of chapter 5 (``check(Affine)``), or without argument every component
    defined where ``check()`` is called; returns a :class:`CheckResult` (``.passed``, an HTML table in Jupyter).

    ``component`` names what ``obj`` is when its name does not say (``check(MyAffine, component="Affine")``);
    ``tier``, ``profile`` and ``seed`` are grade's; ``timeout`` is the limit per clause in seconds (grade's 10 s
    by default, times the clause's time factor as in grading); ``lang`` is the language of what it says
    (``en``, ``ja``, ``zh``, ``ko``; ``auto``, the default, is that of the notebook's comments).
    """
    _validate_language(lang)
    caller = _caller_globals()
    with i18n.language(notebook_language(caller, obj) if lang == "auto" else lang):
        _validate(tier, profile, timeout)  # in the student's language, now that it is known
        if obj is None:
            if component is not None:
                raise TypeError(_(words.COMPONENT_WITHOUT_OBJECT).format(component=component))
            plan = plan_everything(caller)
        else:
            plan = plan_one(obj, component, caller)
        return run(plan, tier=tier, profile=profile, seed=seed, timeout=timeout)


def notebook_language(namespace, obj=None):
    """The language of the comments in the cells run so far (IPython keeps them in ``In``), in the script that
    called (its ``__file__``), or in ``obj``'s code."""
    cells = namespace.get("In") or namespace.get("_ih") or []
    prose = [prose_of_python(cell) for cell in cells if isinstance(cell, str)]
    for source in (obj, sys.modules.get(namespace.get("__name__")) if not cells else None):
        if source is not None:
            try:
                prose.append(prose_of_python(inspect.getsource(source)))
            except (OSError, TypeError):  # defined in a cell or at the prompt: nothing to read
                pass
    return language_of("\n".join(prose))


def _validate_language(lang):
    if lang != "auto" and lang not in i18n.LANGUAGES:
        raise ValueError(_(words.BAD_CHOICE).format(name="lang", choices=", ".join(("auto",) + i18n.LANGUAGES),
                                                    given=lang))


def _validate(tier, profile, timeout):
    if tier not in TIERS:
        raise ValueError(_(words.BAD_CHOICE).format(name="tier", choices=", ".join(TIERS), given=tier))
    if profile not in PROFILES:
        raise ValueError(_(words.BAD_CHOICE).format(name="profile", choices=", ".join(PROFILES), given=profile))
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, numbers.Real)
                                or not 0 < timeout < float("inf")):  # np.float64(5) is a number too
        raise ValueError(_(words.BAD_TIMEOUT).format(given=timeout))


def _caller_globals():
    """The globals of whoever called ``check()``: in IPython, the notebook's user namespace."""
    try:
        return sys._getframe(2).f_globals
    except (AttributeError, ValueError):  # an interpreter without frames
        return {}


# -- running it ---------------------------------------------------------------------------------------------------
def run(plan, *, tier="core", profile="default", seed=0, timeout=None):
    """Run the plan's clauses (and, to blame them, those of the components a failing one is built on)."""
    # Imported on first use: the catalogue brings Hypothesis, which `from backprop_spec import check` need not.
    from backprop_spec.notebook.subject import NotebookSubject, in_operation
    from spec.catalogue import BY_ID, CLAUSES

    started = time.perf_counter()
    if not _GOLDENS:
        _GOLDENS.append(load_goldens())
    limit = {} if timeout is None else {"timeout_s": float(timeout)}  # else the context's, which is grade's
    ctx = CheckContext(profile=profile, seed=seed, goldens=_GOLDENS[0], **limit)
    subject = NotebookSubject(plan.namespace, str(plan.namespace.get("__name__", "namespace")))
    no_limit = stopping.unavailable()
    calls = _calls(plan, subject)
    outcomes, durations = {}, {}
    random_state = np.random.get_state()  # the clauses reseed NumPy: the student's own random draws go on as before
    try:
        with captured() as printed, stopping.interrupts(in_operation):  # stop: only where it breaks nothing
            for clause in CLAUSES:
                if clause.component in plan.checked:
                    outcomes[clause.id], durations[clause.id] = _run_clause(clause, subject, ctx)
            foundations = _foundations(plan, outcomes, calls, subject, BY_ID)
            for clause in CLAUSES:
                if clause.component in foundations and counts(clause, tier):
                    outcomes[clause.id], _seconds = _run_clause(clause, subject, ctx)
    finally:
        np.random.set_state(random_state)
    for component, note in plan.not_yours.items():
        outcomes.update({c.id: Outcome("missing", note) for c in CLAUSES if c.component == component})
    outcomes = with_upstream_hints([c for c in CLAUSES if c.id in outcomes], outcomes, tier, calls)
    shown = [c for c in CLAUSES if c.component in plan.checked or c.component in plan.not_yours]
    clauses = [clause_result(c, outcomes[c.id], tier, durations.get(c.id, 0.0)) for c in shown]
    found = {c: subject.find(c) for c in plan.checked}
    found.update({c: Found(c, None, note) for c, note in plan.not_yours.items()})
    components = {name: r for name, r in component_results(clauses, found, tier).items() if name in found}
    return CheckResult(
        components=components, clauses=clauses, tier=tier, names=dict(plan.names), missing=dict(plan.missing),
        everything=plan.everything, notes=[_(words.NO_LIMIT).format(why=no_limit)] if no_limit else [],
        printed=printed.text, printed_total=printed.total, duration_s=time.perf_counter() - started,
        language=current(),
    )


def _run_clause(clause, subject, ctx):
    """The clause's outcome within grade's time limit for it, and its seconds: a limit passed ends the clause from
    inside its check, as ``timeout``."""
    started = time.perf_counter()
    with subject.deadline(ctx.timeout_s * clause.time_factor):
        outcome = run_clause(clause, subject, ctx)
    return outcome, time.perf_counter() - started


def _calls(plan, subject):
    """Component -> the other components its code calls by the names the student gave them (as grade's static
    reading of a submission's files decides, here read from the live code)."""
    names = {c: subject.find(c).found_as for c in COMPONENTS}
    names = {c: where.rpartition(":")[2] for c, where in names.items() if where}
    reads = {c: global_names(plan.objects[c]) for c in plan.checked}
    return {c: {other for other, name in names.items() if other != c and name in reads[c]} for c in plan.checked}


def _foundations(plan, outcomes, calls, subject, clauses_by_id):
    """Components not checked yet that a failing, hintless clause may blame: called by its code, and defined."""
    needed = set()
    for clause_id, outcome in outcomes.items():
        clause = clauses_by_id[clause_id]
        if outcome.status == "fail" and not outcome.hint and clause.component in plan.checked:
            needed.update(c for c in clause.exercises[1:] if c in calls.get(clause.component, ()))
    return {c for c in needed if c not in plan.checked and subject.find(c).found_as}
