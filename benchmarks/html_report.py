"""(f) The HTML class report for 200 submissions: its size, the time to write it as a share of the time to grade
the class, and the time a browser takes to open it.

Grading 200 takes minutes, so the class of 200 is made from six submissions graded for real (examples/, an
attack that gets flagged, a binary file that cannot be loaded), each copied under 200 different names; the
grading time of the 200 is that of the six, per submission, times 200.
"""
import copy
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.common import ENV, EXAMPLES, ROOT

SIZE = 200
LIMIT_MIB = 5
ATTACK = ROOT / "fixtures" / "submissions" / "hostile" / "borrow_answers.py"


def grade_for_real(folder):
    """The six submissions graded in this process (default profile, one at a time); results and seconds."""
    from backprop_spec.grading import GradeOptions, grade_class

    binary = folder / "binary.py"
    binary.write_bytes(b"\x00\x01 not python")
    paths = [*EXAMPLES, ATTACK, binary]
    started = time.perf_counter()
    results = grade_class(paths, GradeOptions())
    return results, time.perf_counter() - started


def a_class_of(results, size):
    """``size`` results, the graded ones round robin, each under a name of its own."""
    copies = []
    for number in range(size):
        result = copy.deepcopy(results[number % len(results)])
        result.submission = f"submissions/s{number:03d}_{Path(result.submission).name}"
        copies.append(result)
    return copies


def write_seconds(format, results, rounds=3):
    """Seconds to write the report, first (what one grading run pays, imports included) and median of the rest."""
    from backprop_spec.reports import render

    times, report = [], ""
    for _ in range(rounds):
        started = time.perf_counter()
        report = render(format, results, spec_version="bench", tier="core")
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times[1:]), report


def browser_seconds(page, rounds=3):
    """Headless Chromium loading ``page`` and an empty page and taking a screenshot of the first screen: seconds,
    best of ``rounds``, or None without Chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        return None
    empty = page.with_name("empty.html")
    empty.write_text("<!DOCTYPE html><title>empty</title>")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", f"--user-data-dir={page.parent / 'profile'}",
             f"--screenshot={page.parent / 'screen.png'}", "--window-size=1400,900"]
    best = {}
    for target in (empty, page):
        for _ in range(rounds):
            started = time.perf_counter()
            subprocess.run([chromium, *flags, target.as_uri()], env=ENV, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=120, check=True)
            best[target] = min(best.get(target, float("inf")), time.perf_counter() - started)
    return best[empty], best[page]


def main():
    from backprop_spec.reports import render

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results, grading = grade_for_real(folder)
        per_submission = grading / len(results)
        print(f"(f) the HTML class report; {len(results)} submissions graded for real in {grading:.1f} s "
              f"({per_submission:.2f} s each): examples/*, {ATTACK.name} (flagged), a binary file (not loaded)")
        first, warm, _ = write_seconds("html", results)
        print(f"    those {len(results)}: writing the HTML took {first:.2f} s ({100 * first / grading:.1f}% of "
              f"grading them; {warm:.3f} s once Jinja2 and matplotlib are imported)")
        big = a_class_of(results, SIZE)
        first, warm, page = write_seconds("html", big)
        _, json_warm, document = write_seconds("json", big)
        size = len(page.encode("utf-8"))
        class_grading = per_submission * SIZE
        print(f"    {SIZE} submissions (the six copied under {SIZE} names): {size / 2**20:.2f} MiB of HTML "
              f"(goal: < {LIMIT_MIB} MiB; the JSON report is {len(document.encode()) / 2**20:.2f} MiB), "
              f"written in {first:.2f} s, {warm:.2f} s warm (JSON: {json_warm:.2f} s)")
        print(f"    writing it is {100 * first / class_grading:.2f}% of grading the {SIZE} "
              f"({class_grading:.0f} s at {per_submission:.2f} s each)")
        longest = max(results, key=lambda r: len(render("text", [r], spec_version="bench", tier="core")))
        worst = len(render("html", a_class_of([longest], SIZE), spec_version="bench", tier="core").encode())
        print(f"    {SIZE} copies of the longest report of the six ({Path(longest.submission).name}): "
              f"{worst / 2**20:.2f} MiB")
        path = folder / "report.html"
        path.write_text(page, encoding="utf-8")
        opened = browser_seconds(path)
        if opened is None:
            print("    no Chromium on PATH: the time to open it was not measured")
        else:
            empty, report = opened
            print(f"    headless Chromium opens it (loaded, laid out, first screen shot) in {report:.2f} s, "
                  f"an empty page in {empty:.2f} s: {report - empty:.2f} s for the report (best of 3)")
