"""Mutation score of the spec: mutmut mutates the reference, and the spec's clauses must kill the mutants.

    python mutation/run.py [--jobs 1] [--profile quick] [--workdir DIR] [--skip-run]

It copies ``reference/``, the spec's test (``tests/test_spec.py`` and its conftest, nothing that reads the
reference's source) and ``mutation/pyproject.toml`` (mutmut's settings) into a scratch folder, runs
``mutmut run`` there, and compares every mutant that survives with ``mutation/survivors.md``, where each
survivor is explained: ``equivalent`` (no clause could tell it from the reference, and why), ``open`` (a real
bug the spec misses, not yet fixed) or ``killed`` (a clause added since kills it). It prints
"killed K of N non-equivalent mutants (P%)" and exits 1 when P is below 95 or a survivor is not explained.
"""
import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "mutation"
SURVIVORS = HERE / "survivors.md"
THRESHOLD = 95.0
KILLED = ("killed", "timeout")  # a mutant that makes the spec hang is caught as well
VERDICTS = ("equivalent", "open", "killed")


@dataclass
class Mutant:
    name: str  # mutmut's name: module.x_function__mutmut_N or module.xǁClassǁmethod__mutmut_N
    status: str  # killed, timeout, survived, no tests, ...
    diff: list = field(default_factory=list)  # the changed lines, "-old" and "+new", stripped
    where: str = ""  # file:line of the first changed line

    @property
    def killed(self):
        return self.status in KILLED


@dataclass
class Entry:
    """One survivor explained in survivors.md."""

    name: str
    verdict: str  # one of VERDICTS, or "" when the entry has none
    diff: list


def make_workspace(folder):
    shutil.copytree(ROOT / "reference", folder / "reference", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "tests").mkdir()
    for name in ("test_spec.py", "conftest.py"):
        shutil.copy2(ROOT / "tests" / name, folder / "tests" / name)
    shutil.copy2(HERE / "pyproject.toml", folder / "pyproject.toml")


def mutmut(folder, *args, env=None):
    """``mutmut ARGS`` in the workspace; its output (spinners included) comes back as text."""
    done = subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=folder, env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace")
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
        sys.exit(f"mutmut {' '.join(args)} failed with exit code {done.returncode} in {folder}:\n{tail}")
    return done.stdout


def run_mutmut(folder, jobs, profile):
    env = dict(os.environ, BACKPROP_SPEC_PROFILE=profile)  # the spec's pytest plugin reads it
    for threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(threads, "1")  # one core per job: BLAS threads would spin against each other
    log = mutmut(folder, "run", "--max-children", str(jobs), env=env)
    (folder / "mutmut-run.log").write_text(log, encoding="utf-8")


def read_results(folder):
    """Every mutant with its status, from ``mutmut results``; survivors with their diff and line."""
    mutants = []
    for line in mutmut(folder, "results", "--all", "true").splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("reference."):
            mutants.append(Mutant(name, status))
    for mutant in mutants:
        if not mutant.killed:
            mutant.diff = changed_lines(mutmut(folder, "show", mutant.name))
            mutant.where = locate(mutant)
    return mutants


def changed_lines(diff):
    return [line[0] + line[1:].strip() for line in diff.splitlines()
            if line[:1] in "-+" and not line.startswith(("---", "+++"))]


def locate(mutant):
    """``reference/file.py:line`` of the mutant's first removed line, found inside its function."""
    module, _, mangled = mutant.name.rpartition(".")
    path = Path(*module.split(".")).with_suffix(".py")
    mangled = mangled.rpartition("__mutmut_")[0]  # x_function or xǁClassǁmethod
    qualname = mangled[2:].split("ǁ")  # ["function"] or ["Class", "method"]
    source = (ROOT / path).read_text(encoding="utf-8")
    node = ast.parse(source)
    for name in qualname:
        node = next(n for n in ast.iter_child_nodes(node) if getattr(n, "name", None) == name)
    removed = next((line[1:] for line in mutant.diff if line.startswith("-")), None)
    lines = source.splitlines()
    for number in range(node.lineno, node.end_lineno + 1):
        if lines[number - 1].strip() == removed:
            return f"{path}:{number}"
    return f"{path}:{node.lineno}"


def read_survivors(text):
    """The entries of survivors.md: a ``### `mutant name``` heading, a ```diff block, a **verdict**."""
    entries = {}
    sections = re.split(r"^### `([^`]+)`[ \t]*$", text, flags=re.M)
    for name, body in zip(sections[1::2], sections[2::2]):
        verdict = re.search(r"^\*\*(\w+)\*\*", body, flags=re.M)
        block = re.search(r"^```diff\n(.*?)^```", body, flags=re.M | re.S)
        entries[name] = Entry(name, verdict.group(1) if verdict and verdict.group(1) in VERDICTS else "",
                              changed_lines(block.group(1)) if block else [])
    return entries


def judge(mutants, entries):
    """Sort survivors into equivalent, open and unexplained (with the reason); note stale entries."""
    equivalent, open_, unexplained, notes = [], [], [], []
    for mutant in (m for m in mutants if not m.killed):
        entry = entries.get(mutant.name)
        if entry is None:
            unexplained.append((mutant, "not in mutation/survivors.md"))
        elif entry.diff != mutant.diff:
            unexplained.append((mutant, "survivors.md shows another diff under this name: the reference "
                                        "changed and mutmut renumbered its mutants; re-check the entry"))
        elif entry.verdict == "equivalent":
            equivalent.append(mutant)
        elif entry.verdict == "open":
            open_.append(mutant)
        elif entry.verdict == "killed":
            unexplained.append((mutant, "survivors.md says a clause kills it, but it survived"))
        else:
            unexplained.append((mutant, f"its entry has no verdict: start a line with one of "
                                        f"{', '.join(f'**{v}**' for v in VERDICTS)}"))
    status = {m.name: m.status for m in mutants}
    for entry in entries.values():
        if entry.name not in status:
            notes.append(f"survivors.md lists {entry.name}, which mutmut no longer makes")
        elif status[entry.name] in KILLED and entry.verdict != "killed":
            notes.append(f"survivors.md calls {entry.name} {entry.verdict or 'unexplained'}, but the spec "
                         f"kills it now: mark it **killed** by the clause that does")
    return equivalent, open_, unexplained, notes


def skeleton(mutant, reason):
    """A survivors.md entry to fill in."""
    diff = "\n".join(mutant.diff)
    return (f"### `{mutant.name}`\n\n`{mutant.where}` ({mutant.status}; {reason})\n\n```diff\n{diff}\n```\n\n"
            f"**equivalent** because … / **open**: clause … should catch it because …\n")


def report(mutants, entries, how):
    equivalent, open_, unexplained, notes = judge(mutants, entries)
    killed = sum(m.killed for m in mutants)
    candidates = len(mutants) - len(equivalent)
    score = 100.0 * killed / candidates if candidates else 0.0
    print(f"mutmut on reference/{{functions,gradient,layers,two_layer_net}}.py against tests/test_spec.py, {how}")
    print(f"{len(mutants)} mutants: {killed} killed, {len(equivalent)} equivalent, {len(open_)} open, "
          f"{len(unexplained)} unexplained (see mutation/survivors.md)")
    print(f"killed {killed} of {candidates} non-equivalent mutants ({score:.1f}%)")
    for mutant in open_:
        print(f"  open: {mutant.where} {mutant.name}: {' '.join(mutant.diff)}")
    for note in notes:
        print(f"  note: {note}")
    failures = []
    if unexplained:
        failures.append(f"{len(unexplained)} surviving mutant(s) not explained; add to {SURVIVORS.name}:")
        failures.extend(skeleton(mutant, reason) for mutant, reason in unexplained)
    if score < THRESHOLD:
        failures.append(f"the score {score:.1f}% is below {THRESHOLD:g}%: kill the open mutants with clauses")
    for failure in failures:
        print(failure)
    return 1 if failures else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1, help="mutants tested at once (default 1)")
    parser.add_argument("--profile", default="quick", help="the spec's example profile (default quick)")
    parser.add_argument("--workdir", type=Path, help="run here and keep it (default: a temporary folder)")
    parser.add_argument("--skip-run", action="store_true", help="only re-read an earlier run's --workdir")
    args = parser.parse_args(argv)
    if args.skip_run and not args.workdir:
        parser.error("--skip-run needs --workdir, the folder of an earlier run")
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="backprop-spec-mutation-"))
    start = time.monotonic()
    try:
        if not args.skip_run:
            if args.workdir and folder.exists():
                parser.error(f"--workdir {folder} exists; remove it, or re-read it with --skip-run")
            folder.mkdir(parents=True, exist_ok=True)
            make_workspace(folder)
            run_mutmut(folder, args.jobs, args.profile)
        mutants = read_results(folder)
    finally:
        if not args.workdir:
            shutil.rmtree(folder, ignore_errors=True)
    if not mutants:
        sys.exit(f"mutmut reported no mutants in {folder}")
    entries = read_survivors(SURVIVORS.read_text(encoding="utf-8")) if SURVIVORS.exists() else {}
    how = (f"results of the run in {folder}" if args.skip_run else
           f"spec profile {args.profile}, {args.jobs} job(s): {time.monotonic() - start:.0f} s")
    return report(mutants, entries, how)


if __name__ == "__main__":
    sys.exit(main())
