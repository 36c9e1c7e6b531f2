"""The ``backprop-spec`` command as a newcomer meets it: in a pipe, and in a folder of their own."""
import os
import subprocess
import sys
from pathlib import Path

from spec.context import keep_hypothesis_files_in_cache

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run_cli(*args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "backprop_spec", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_clauses_into_a_pipe_that_is_closed_ends_quietly(tmp_path):
    # What `backprop-spec clauses | head -n 1` meets once head has its line: nobody reads any more.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "backprop_spec", "clauses"], cwd=tmp_path, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 1


def test_grading_leaves_nothing_in_the_folder_it_runs_from(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_STORAGE_DIRECTORY"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    here = tmp_path / "work"
    here.mkdir()
    done = run_cli("grade", str(EXAMPLES / "carol_layers.py"), "--profile", "quick", cwd=here, env=env)
    assert done.returncode == 1, done.stderr  # carol's softmax is wrong
    assert sorted(p.name for p in here.iterdir()) == []


def test_hypothesis_keeps_its_files_in_the_users_cache(tmp_path, monkeypatch):
    # Hypothesis writes a cache of constants when the spec runs from a checkout (an editable install).
    from hypothesis import configuration

    monkeypatch.delenv("HYPOTHESIS_STORAGE_DIRECTORY", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    try:
        keep_hypothesis_files_in_cache()
        directory = configuration.storage_directory("constants")
        path = getattr(directory, "path", directory)  # a Path itself in the Hypothesis that Python 3.9 gets
        assert path == tmp_path / "backprop-spec" / "hypothesis" / "constants"
    finally:
        configuration.set_hypothesis_home_dir(None)
