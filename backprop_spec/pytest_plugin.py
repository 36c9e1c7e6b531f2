"""The pytest plugin: ``--impl`` chooses the implementation under test, the reference by default."""
import os

import pytest

from spec.context import PROFILES, CheckContext


def pytest_addoption(parser):
    group = parser.getgroup("backprop-spec")
    group.addoption("--impl", default="reference", metavar="PATH_OR_MODULE",
                    help="implementation under test: a .py file or an importable module (default: reference)")
    group.addoption("--spec-profile", default=os.environ.get("BACKPROP_SPEC_PROFILE", "default"),
                    choices=sorted(PROFILES), help="how many examples per property clause")
    group.addoption("--spec-seed", type=int, default=0, help="seed of every property clause")


def pytest_configure(config):
    config.addinivalue_line("markers", "clause(id): the spec clause this test checks")


@pytest.fixture(scope="session")
def subject(request):
    """The implementation under test, loaded once; a component it lacks fails only that component's tests."""
    from backprop_spec.local import LocalSubject

    target = request.config.getoption("--impl")
    try:
        return LocalSubject.from_target(target)
    except Exception as exc:  # the user's file does not even import: every clause test says why
        pytest.fail(f"--impl {target}: could not load it: {type(exc).__name__}: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def spec_context(request):
    return CheckContext(profile=request.config.getoption("--spec-profile"),
                        seed=request.config.getoption("--spec-seed"))
