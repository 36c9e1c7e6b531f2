"""The pytest plugin: ``--impl`` chooses the implementation under test, the reference by default.

``pytest --pyargs spec --impl PATH`` loads PATH (a ``.py``, a notebook or a book-style folder) exactly as
``backprop-spec grade`` does, and runs it in the same isolated worker, so the verdicts are the same; an
importable module name (``--impl reference``) is imported into the test process instead.
"""
import importlib.util
import os

import pytest

from backprop_spec.commands.grade import parse_alias
from spec import i18n
from spec.context import PROFILES, CheckContext
from spec.i18n import LANGUAGES


def pytest_addoption(parser):
    group = parser.getgroup("backprop-spec")
    group.addoption("--impl", default="reference", metavar="PATH_OR_MODULE",
                    help="implementation under test: a .py file, a notebook or a folder, graded as "
                    "`backprop-spec grade` grades it, or an importable module (default: reference)")
    group.addoption("--alias", type=parse_alias, action="append", default=[], metavar="CANONICAL=NAME",
                    help="grade the implementation's NAME as the component CANONICAL (e.g. Sigmoid=Sigmod)")
    group.addoption("--shim", action="append", default=[], metavar="NAME",
                    help="treat package NAME like the book's `common` (resolved to the reference)")
    group.addoption("--exec-all", action="store_true", help="run every statement, not only definitions")
    group.addoption("--spec-profile", default=os.environ.get("BACKPROP_SPEC_PROFILE", "default"),
                    choices=sorted(PROFILES), help="how many examples per property clause")
    group.addoption("--spec-seed", type=int, default=0, help="seed of every property clause")
    group.addoption("--spec-timeout", type=float, default=10.0, metavar="S", help="seconds per clause")
    group.addoption("--lang", choices=("auto",) + LANGUAGES, default="auto",
                    help="the language of the messages: auto (the default) is the submission's own, from its "
                    "comments and markdown (English for a module name)")


def pytest_configure(config):
    config.addinivalue_line("markers", "clause(id): the spec clause this test checks")


def is_path(target):
    """Whether ``--impl`` names a file or folder rather than an importable module (``reference``)."""
    if target.endswith((".py", ".ipynb")) or os.sep in target or not target.replace(".", "").isidentifier():
        return True
    try:
        return importlib.util.find_spec(target) is None and os.path.exists(target)
    except (ImportError, ValueError):
        return os.path.exists(target)


@pytest.fixture(scope="session")
def subject(request):
    """The implementation under test, loaded once; a component it lacks fails only that component's tests."""
    config = request.config
    target = config.getoption("--impl")
    if not is_path(target):
        from backprop_spec.local import LocalSubject

        try:
            local = LocalSubject.from_target(target)
        except Exception as exc:  # the module does not even import: every clause test says why
            pytest.fail(f"--impl {target}: could not import it: {type(exc).__name__}: {exc}", pytrace=False)
        yield local
        return
    from backprop_spec.loading import load_submission
    from backprop_spec.worker import RemoteSubject

    aliases, shims = dict(config.getoption("--alias")), tuple(config.getoption("--shim"))
    loaded = load_submission(target, exec_all=config.getoption("--exec-all"), shims=shims, aliases=aliases,
                             lang=config.getoption("--lang"))
    if loaded.error:
        pytest.fail(f"--impl: {loaded.error}", pytrace=False)  # the error names the path
    with RemoteSubject(loaded, aliases=aliases, shims=shims, timeout_s=config.getoption("--spec-timeout"),
                       lang=loaded.language) as remote:
        yield remote


@pytest.fixture(scope="session")
def spec_context(request, subject):
    """The clauses' settings; the messages they make are in the implementation's language."""
    lang = getattr(subject, "language", "en") if request.config.getoption("--lang") == "auto" else \
        request.config.getoption("--lang")
    with i18n.language(lang):
        yield CheckContext(profile=request.config.getoption("--spec-profile"),
                           seed=request.config.getoption("--spec-seed"),
                           timeout_s=request.config.getoption("--spec-timeout"))
