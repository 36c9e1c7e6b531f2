"""(b) one submission against the book's gradient check; (c) a class with --jobs 1 and 2; (d) peak memory."""
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, book_gradient_check_seconds, grade, make_class, wall


def single_submission(rounds=3):
    """Book check and grading interleaved ``rounds`` times; the median ratio, so one noisy moment does not decide."""
    ratios, books, totals = [], [], []
    for _ in range(rounds):
        book = book_gradient_check_seconds()
        total, report = grade([ROOT / "examples" / "bob_book_folder"])
        ratios.append(total / book)
        books.append(book)
        totals.append(total)
    interpreter, _ = wall([sys.executable, "-c", "pass"])
    modules = "backprop_spec.cli, backprop_spec.commands.grade, backprop_spec.grading"
    imports, _ = wall([sys.executable, "-c", f"import {modules}"])
    with_catalogue, _ = wall([sys.executable, "-c", f"import {modules}, spec.catalogue"])
    catalogue = with_catalogue - imports
    result = report["submissions"][0]
    res = result["resources"]
    rest = total - imports - catalogue - res["load_s"] - res["clauses_s"]
    print("(b) grading one correct submission (examples/bob_book_folder, default profile)")
    print(f"    last round: interpreter start {interpreter:.2f} s, + imports {imports - interpreter:.2f} s, loading "
          f"{res['load_s']:.2f} s, the catalogue and Hypothesis imported while the worker starts "
          f"{catalogue:.2f} s, clauses {res['clauses_s']:.2f} s, report and exit {rest:.2f} s")
    print(f"    whole submission {', '.join(f'{t:.2f}' for t in totals)} s, score {result['score']:g}/"
          f"{result['max_score']:g}; the book's single gradient check {', '.join(f'{b:.2f}' for b in books)} s")
    print(f"    ratios {', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f} (goal: <= 0.75)")


def class_scaling(sizes=(8, 64)):
    print("(c) a class of copies of examples/ (one of four is a folder, one a notebook), default profile")
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            paths = make_class(Path(tmp) / f"class{size}", size)
            for jobs in (1, 2):
                seconds, report = grade(paths, "--jobs", str(jobs))
                peaks = [s["resources"].get("grader_peak_mib", 0) for s in report["submissions"]]
                workers = [s["resources"].get("worker_peak_mib", 0) for s in report["submissions"]]
                rows[size, jobs] = (seconds, max(peaks), max(workers))
                print(f"    {size:>3} submissions, --jobs {jobs}: {seconds:7.1f} s ({seconds / size:.2f} s each), "
                      f"grader peak {max(peaks):.0f} MiB, worker peak {max(workers):.0f} MiB")
    small, large = sizes
    for jobs in (1, 2):
        growth = rows[large, jobs][0] / rows[small, jobs][0]
        print(f"    --jobs {jobs}: {large} submissions take {growth:.1f}x the time of {small} "
              f"(linear: {large / small:.1f}x)")
    for size in sizes:
        print(f"    {size} submissions: --jobs 2 takes {rows[size, 2][0] / rows[size, 1][0]:.2f}x of --jobs 1 "
              f"(goal: <= 0.6)")
    print("(d) peak memory: grader "
          + ", ".join(f"{size}: {rows[size, 1][1]:.0f} MiB" for size in sizes)
          + " (must not grow with the class); worker "
          + ", ".join(f"{size}: {rows[size, 1][2]:.0f} MiB" for size in sizes))
