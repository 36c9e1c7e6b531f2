"""``backprop-spec gradescope``: the autograder it writes, run as Gradescope runs it in /autograder."""
import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import zipfile
from importlib import metadata

import jsonschema
import pytest

from backprop_spec.cli import main
from spec.catalogue import CLAUSES

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
NUMBER = {"type": "number"}

# Gradescope's results.json, from https://gradescope-autograders.readthedocs.io/en/latest/specs/
GRADESCOPE_RESULTS = {
    "type": "object",
    "required": ["score", "execution_time", "output", "tests"],
    "additionalProperties": False,
    "properties": {
        "score": NUMBER,
        "execution_time": NUMBER,
        "output": {"type": "string"},
        "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "leaderboard": {"type": "array"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "score", "max_score", "status", "output"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "number": {"type": "string"},
                    "score": NUMBER,
                    "max_score": NUMBER,
                    "status": {"enum": ["passed", "failed"]},
                    "output": {"type": "string"},
                    "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": VISIBILITY,
                    "extra_data": {"type": "object"},
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    """The autograder folder, written once for the module (building the wheel takes a few seconds)."""
    out = tmp_path_factory.mktemp("autograder")
    assert main(["gradescope", "-o", str(out), "--tier", "extended", "--alias", "Sigmoid=Sigmod"]) == 0
    return out


def run_autograder(autograder, root, path=None):
    """Run ``run_autograder`` as Gradescope does, with ``root`` standing for /autograder.

    setup.sh is not run: this environment has backprop-spec installed already, on PATH.
    """
    env = dict(os.environ, AUTOGRADER_ROOT=str(root))
    first = [str(path)] if path else []
    env["PATH"] = os.pathsep.join([*first, os.path.dirname(sys.executable), env["PATH"]])
    finished = subprocess.run(["bash", str(autograder / "run_autograder")], env=env, capture_output=True,
                              text=True, timeout=900, check=False)
    assert finished.returncode == 0, finished.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(results, GRADESCOPE_RESULTS)
    return results, finished


def autograder_root(tmp_path, submission):
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    shutil.copy(submission, root / "submission" / submission.name)
    return root


def test_run_autograder_grades_the_submission_into_gradescopes_results_json(autograder, tmp_path):
    results, _ = run_autograder(autograder, autograder_root(tmp_path, EXAMPLES / "carol_layers.py"))
    assert [test["number"] for test in results["tests"]] == [clause.id for clause in CLAUSES]
    assert results["score"] == pytest.approx(sum(test["score"] for test in results["tests"]))
    assert results["extra_data"]["tier"] == "extended"


@pytest.mark.parametrize("failure", ["exits with an error", "leaves half a report"])
def test_a_failing_grader_still_leaves_a_valid_results_json_with_zero_points(autograder, tmp_path, failure):
    stub = tmp_path / "bin"
    stub.mkdir()
    script = {
        "exits with an error": 'echo "Traceback: something broke" >&2; exit 3',
        "leaves half a report": 'while [ "$1" != -o ]; do shift; done; echo "{" > "$2"; exit 1',
    }[failure]
    (stub / "backprop-spec").write_text(f"#!/usr/bin/env bash\n{script}\n")
    (stub / "backprop-spec").chmod(0o755)
    root = autograder_root(tmp_path, EXAMPLES / "carol_layers.py")
    results, finished = run_autograder(autograder, root, stub)
    assert results["score"] == 0 and results["tests"] == []
    assert "could not grade this submission" in results["output"]
    if failure == "exits with an error":
        assert "exit status 3" in results["output"] and "something broke" in results["output"]
    assert "writing one with 0 points" in finished.stderr


def test_run_autograder_passes_the_chosen_options_on(autograder):
    text = (autograder / "run_autograder").read_text()
    assert "GRADE_OPTIONS=(--tier extended --lang auto --alias Sigmoid=Sigmod)" in text


def test_requirements_pin_the_versions_installed_here(autograder):
    lines = (autograder / "requirements.txt").read_text().splitlines()
    pins = dict(line.split("==") for line in lines if line and not line.startswith("#"))
    assert {"numpy", "hypothesis", "nbformat", "coverage"} <= set(pins)
    assert all(pins[name] == metadata.version(name) for name in pins)
    assert "pytest" not in pins  # an extra of backprop-spec, not needed to grade


def test_setup_sh_is_valid_bash_that_checks_its_python(autograder):
    setup = autograder / "setup.sh"
    subprocess.run(["bash", "-n", str(setup)], check=True)
    assert 'PINNED_PYTHON="{}.{}"'.format(*sys.version_info[:2]) in setup.read_text()


def test_the_zip_holds_what_gradescope_runs_at_its_top_with_the_scripts_executable(autograder):
    with zipfile.ZipFile(autograder / "autograder.zip") as bundle:
        infos = {info.filename: info for info in bundle.infolist()}
        wheel = next(name for name in infos if name.endswith(".whl"))
        assert {"setup.sh", "run_autograder", "requirements.txt", wheel} == set(infos)
        for script in ("setup.sh", "run_autograder"):
            assert (infos[script].external_attr >> 16) & stat.S_IXUSR
        bundle.extract(wheel, autograder / "unzipped")
    with zipfile.ZipFile(autograder / "unzipped" / wheel) as built:
        names = set(built.namelist())
    assert {"backprop_spec/cli.py", "backprop_spec/worker/__init__.py", "reference/data/mnist_5k.npz",
            "backprop_spec/worker/book/functions.py", "spec/goldens/apple.json",
            "spec/locale/ja/LC_MESSAGES/backprop-spec.mo"} <= names
