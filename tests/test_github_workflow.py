"""``backprop-spec github-workflow``: a GitHub Actions workflow that runs a valid grade command."""
import shlex

import pytest
import yaml

from backprop_spec.cli import build_parser, main
from spec import __version__


def workflow(capsys, *options):
    assert main(["github-workflow", "-o", "-", *options]) == 0
    return yaml.safe_load(capsys.readouterr().out)


def step(document, **match):
    steps = document["jobs"]["grade"]["steps"]
    return next(s for s in steps if all(value in s.get(key, "") for key, value in match.items()))


def test_the_workflow_runs_on_push_and_grades_with_the_options_given(capsys):
    document = workflow(capsys, "--tier", "extended", "--alias", "Sigmoid=Sigmod", "--shim", "mylib")
    assert "push" in document[True]  # YAML 1.1 reads the key `on` as true; GitHub reads it as "on"
    assert step(document, uses="actions/setup-python@")["with"]["python-version"]
    grade = shlex.split(step(document, name="Grade")["run"])
    assert grade[:2] == ["backprop-spec", "grade"]
    args = build_parser().parse_args(grade[1:])
    assert (args.paths, args.format, args.output) == (["."], "junit", "backprop-spec-report.xml")
    assert (args.tier, args.alias, args.shim) == ("extended", [("Sigmoid", "Sigmod")], ["mylib"])


def test_the_junit_report_is_published_and_kept_even_when_grading_fails(capsys):
    document = workflow(capsys, "--report", "reports/grade.xml")
    publish = step(document, uses="mikepenz/action-junit-report@")
    keep = step(document, uses="actions/upload-artifact@")
    assert publish["with"]["report_paths"] == keep["with"]["path"] == "reports/grade.xml"
    assert "!cancelled()" in publish["if"] and "!cancelled()" in keep["if"]
    assert document["permissions"]["checks"] == "write"


def test_install_defaults_to_this_version_and_takes_any_pip_spec(capsys):
    default = step(workflow(capsys), name="Install")["run"]
    assert shlex.split(default)[-1] == f"backprop-spec=={__version__}"
    url = "git+https://github.com/course/backprop-spec@v1 #fork"
    custom = step(workflow(capsys, "--install", url), name="Install")["run"]
    assert shlex.split(custom) == ["python", "-m", "pip", "install", url]


def test_odd_values_survive_yaml_and_the_shell(capsys):
    document = workflow(capsys, "--python", "3.10", "--path", "my work: #1", "--report", "out put.xml")
    assert step(document, uses="actions/setup-python@")["with"]["python-version"] == "3.10"
    assert shlex.split(step(document, name="Grade")["run"])[2] == "my work: #1"
    assert step(document, uses="mikepenz/")["with"]["report_paths"] == "out put.xml"


def test_it_writes_the_workflow_where_github_looks_and_keeps_an_existing_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["github-workflow"]) == 0
    written = tmp_path / ".github" / "workflows" / "grade.yml"
    assert yaml.safe_load(written.read_text())["name"] == "Grade"
    written.write_text("# the course's own\n")
    with pytest.raises(SystemExit) as raised:
        main(["github-workflow"])
    assert raised.value.code == 2 and "--force" in capsys.readouterr().err
    assert written.read_text() == "# the course's own\n"
    assert main(["github-workflow", "--force"]) == 0
    assert "backprop-spec grade" in written.read_text()
