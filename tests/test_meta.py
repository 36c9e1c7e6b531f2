"""Meta-tests of the spec: correct code written differently passes every core clause, and every extended one
but those its docstring's ``extended fails:`` line names; each classic bug fails exactly the clauses its
fixture's docstring names, with the hints it names and no other hint.

A buggy fixture holds only the component(s) it changes. It is executed on top of the correct base, in the same
namespace, as in a student's file: the base's TwoLayerNet then picks up a buggy Affine through its globals.
"""
import ast
import functools
import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from backprop_spec.local import LocalSubject
from spec.catalogue import BY_ID, CLAUSES
from spec.context import CheckContext
from spec.runner import run_clause

IMPLS = Path(__file__).resolve().parent.parent / "fixtures" / "impls"
CORRECT = sorted((IMPLS / "correct").glob("*.py"))
BUGGY = sorted((IMPLS / "buggy").glob("*.py"))
BASE = IMPLS / "correct" / "book_style.py"


def parse_expectations(source, label="fails:"):
    """``(fails, hints)`` from a buggy fixture's docstring: its ``fails:`` line and its ``hint:`` lines."""
    doc = ast.get_docstring(ast.parse(source)) or ""
    fails_lines = re.findall(rf"^{label}(.*)$", doc, re.MULTILINE)
    if len(fails_lines) != 1:
        raise ValueError(f"the docstring needs exactly one '{label}' line, found {len(fails_lines)}")
    fails = fails_lines[0].split()
    hints = {}
    for line in re.findall(r"^hint:(.*)$", doc, re.MULTILINE):
        clause_id, sep, text = line.partition("=")
        if not sep or not text.strip():
            raise ValueError(f"malformed hint line 'hint:{line}': expected 'hint: <clause id> = <text>'")
        hints[clause_id.strip()] = text.strip()
    unknown = [c for c in list(fails) + list(hints) if c not in BY_ID]
    if unknown:
        raise ValueError(f"unknown clause id(s) {', '.join(unknown)}")
    if not fails:
        raise ValueError("'fails:' lists no clause: a buggy fixture must fail at least one")
    not_failing = sorted(set(hints) - set(fails))
    if not_failing:
        raise ValueError(f"hint for clause(s) {', '.join(not_failing)} that the fixture does not fail")
    return frozenset(fails), hints


def parse_correct_expectations(source):
    """``(fails, hints)`` of a correct fixture: the extended clauses it does not implement, and their hints."""
    doc = ast.get_docstring(ast.parse(source)) or ""
    if not re.search(r"^extended fails:", doc, re.MULTILINE):
        return frozenset(), {}
    fails, hints = parse_expectations(source, label="extended fails:")
    core = sorted(i for i in fails if BY_ID[i].tier != "extended")
    if core:
        raise ValueError(f"correct code passes every core clause, but 'extended fails:' names {', '.join(core)}")
    return fails, hints


@functools.cache
def _compiled(path):
    return compile(Path(path).read_text(encoding="utf-8"), str(path), "exec")


def _execute(path, namespace):
    exec(_compiled(path), namespace)


def _names_used(obj):
    """Global names the code of a function, or of a class's methods, may read (a superset: attributes too)."""
    if inspect.isclass(obj):
        members = [m.__func__ if isinstance(m, (staticmethod, classmethod)) else m
                   for m in vars(obj).values()]
        codes = [m.__code__ for m in members if inspect.isfunction(m)]
        names = {base.__name__ for base in obj.__bases__}
    elif inspect.isfunction(obj):
        codes, names = [obj.__code__], set()
    else:
        return set()
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(c for c in code.co_consts if inspect.iscode(c))
    return names


def _reachable(namespace, roots):
    """Every namespace name that the code of ``roots`` reaches through global names."""
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name not in seen and name in namespace:
            seen.add(name)
            todo.extend(_names_used(namespace[name]))
    return seen


def _outcomes(subject, profile, clauses=CLAUSES):
    ctx = CheckContext(profile=profile, seed=0)
    return {clause.id: run_clause(clause, subject, ctx) for clause in clauses}


def _describe(outcomes, ids):
    lines = []
    for i in sorted(ids):
        outcome = outcomes[i]
        first = outcome.message.splitlines()[0] if outcome.message else ""
        hint = f" | hint: {outcome.hint}" if outcome.hint else ""
        lines.append(f"  {i}: {outcome.status}: {first}{hint}")
    return "\n".join(lines)


@pytest.fixture(autouse=True)
def _seeded_global_rng():
    """Students initialise weights with ``np.random``: seed it so that every run trains the same network."""
    state = np.random.get_state()
    np.random.seed(0)
    yield
    np.random.set_state(state)


@pytest.mark.parametrize("profile", ["quick", "default"])
@pytest.mark.parametrize("path", CORRECT, ids=[p.stem for p in CORRECT])
def test_correct_implementation_passes_every_clause_but_its_listed_extended_ones(path, profile):
    allowed, hints = parse_correct_expectations(path.read_text(encoding="utf-8"))
    outcomes = _outcomes(_correct_subject(path), profile)
    failed = {i for i, outcome in outcomes.items() if outcome.status != "pass"}
    assert failed == allowed, (f"{path.name} is correct but did not pass:\n{_describe(outcomes, failed - allowed)}"
                               f"\nlisted in 'extended fails:' but passed: {sorted(allowed - failed) or 'none'}")
    for clause_id, text in hints.items():
        assert text in outcomes[clause_id].hint, f"{path.name} {clause_id}: {outcomes[clause_id].hint!r}"


def _correct_subject(path):
    namespace = {"__name__": f"correct_{path.stem}"}
    _execute(path, namespace)
    return LocalSubject(namespace, path.name, found_in=path.name)


def _buggy_subject(path):
    """The base with the bug executed over it, and the clauses whose code can reach what the bug rebinds."""
    namespace = {"__name__": f"buggy_{path.stem}"}
    _execute(BASE, namespace)
    before = dict(namespace)
    _execute(path, namespace)
    changed = {name for name, value in namespace.items()
               if before.get(name) is not value and not name.startswith("__")}
    subject = LocalSubject(namespace, path.name, found_in=path.name)

    def affected(clause):
        found = subject.find(clause.component).found_as
        return found is None or bool(_reachable(namespace, {found.rsplit(":", 1)[-1]}) & changed)

    return subject, [c for c in CLAUSES if affected(c)]


def _buggy_param(path):
    fails, _ = parse_expectations(path.read_text(encoding="utf-8"))
    return pytest.param(path, id=path.stem, marks=[pytest.mark.clause(i) for i in sorted(fails)])


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # overflowing softmaxes are part of the bugs
@pytest.mark.parametrize("path", [_buggy_param(p) for p in BUGGY])
def test_buggy_implementation_fails_exactly_its_clauses(path):
    """Under the quick profile. Clauses whose code cannot reach a name the bug rebinds run as in the base."""
    fails, hints = parse_expectations(path.read_text(encoding="utf-8"))
    subject, clauses = _buggy_subject(path)
    outcomes = _outcomes(subject, "quick", clauses)
    failed = {i for i, outcome in outcomes.items() if outcome.status != "pass"}
    assert failed == fails, (
        f"{path.name}: expected exactly {sorted(fails)} to fail\n"
        f"failed but not listed:\n{_describe(outcomes, failed - fails) or '  none'}\n"
        f"listed but passed: {sorted(fails - failed) or 'none'}")
    for clause_id, text in hints.items():
        assert text in outcomes[clause_id].hint, (
            f"{path.name}: the hint of {clause_id} should mention {text!r}; got {outcomes[clause_id].hint!r} "
            f"({outcomes[clause_id].message.splitlines()[0]})")
    unreviewed = {i: outcomes[i].hint for i in failed if outcomes[i].hint and i not in hints}
    assert not unreviewed, (
        f"{path.name}: hints that no 'hint:' line of the docstring vouches for (a wrong hint misleads):\n"
        + "\n".join(f"  {i}: {text}" for i, text in sorted(unreviewed.items())))


# The clauses that judge a backward pass against a numerical gradient (spec.gradcheck.expect_gradients).
GRADIENT_CLAUSES = [BY_ID[i] for i in ("RELU-3", "SIG-3", "AFF-5", "AFF-6", "CEE-4", "SWL-3", "SWL-4", "NET-7")]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("path", CORRECT + BUGGY, ids=[f"{p.parent.name}/{p.stem}" for p in CORRECT + BUGGY])
def test_directional_and_book_gradient_checks_give_the_same_verdicts(path):
    """The directional check (two evaluations per tensor) judges every fixture as the book's elementwise one."""
    subject, clauses = _buggy_subject(path) if path in BUGGY else (_correct_subject(path), CLAUSES)
    clauses = [c for c in GRADIENT_CLAUSES if c in clauses]
    verdicts = {}
    for method in ("directional", "elementwise"):
        ctx = CheckContext(profile="quick", seed=0, gradient_method=method)
        verdicts[method] = {c.id: run_clause(c, subject, ctx).status for c in clauses}
    assert verdicts["directional"] == verdicts["elementwise"]


def test_enough_fixtures():
    assert len(CORRECT) >= 5 and BASE in CORRECT
    assert len(BUGGY) >= 16


def test_every_clause_is_failed_by_some_buggy_fixture():
    """No clause is untestable: each one fails on at least one plausible wrong implementation."""
    covered = set().union(*(parse_expectations(p.read_text(encoding="utf-8"))[0] for p in BUGGY))
    assert sorted(set(BY_ID) - covered) == []


@pytest.mark.parametrize("docstring, problem", [
    ('"""A bug.\n\nfails: AFF-3 NOPE-1\n"""', "unknown clause id(s) NOPE-1"),
    ('"""A bug.\n\nfails: AFF-3\nhint: AFX-3 = axis\n"""', "unknown clause id(s) AFX-3"),
    ('"""A bug.\n\nfails: AFF-3\nhint: AFF-5 = axis\n"""', "does not fail"),
    ('"""A bug.\n\nfails:\n"""', "lists no clause"),
    ('"""A bug, without expectations."""', "exactly one 'fails:' line"),
    ('"""A bug.\n\nfails: AFF-3\nhint: AFF-3\n"""', "malformed hint line"),
])
def test_expectation_parser_rejects_bad_docstrings(docstring, problem):
    with pytest.raises(ValueError, match=re.escape(problem)):
        parse_expectations(docstring)


def test_expectation_parser_reads_fails_and_hints():
    fails, hints = parse_expectations('"""db summed over axis 1.\n\nfails: AFF-3 AFF-5 NET-7\n'
                                      'hint: AFF-3 = summed over the wrong axis\n"""\nimport numpy as np\n')
    assert fails == {"AFF-3", "AFF-5", "NET-7"}
    assert hints == {"AFF-3": "summed over the wrong axis"}
