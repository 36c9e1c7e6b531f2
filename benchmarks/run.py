"""Every benchmark, with one command: ``python benchmarks/run.py [--quick]``.

Each prints ratios of things measured side by side in this one run; the machines are shared and noisy,
so a ratio means more than a time. ``--quick`` grades classes of 4 and 16 instead of 8 and 64.
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(name, "1")  # before numpy is imported

from benchmarks import gradient_check, grading, html_report, isolation, notebook_check  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller classes for (c) and (d)")
    args = parser.parse_args()
    gradient_check.main()
    grading.single_submission()
    grading.class_scaling((4, 16) if args.quick else (8, 64))
    isolation.main()
    html_report.main()
    notebook_check.main()


if __name__ == "__main__":
    main()
