"""``backprop-spec grade PATH...``: grade submissions and write a report."""
import argparse
import os
import sys

from spec import __version__
from spec.context import PROFILES
from spec.i18n import LANGUAGES


def locale_language(environ=os.environ):
    """``ja`` for ``LANG=ja_JP.UTF-8``: the first of LC_ALL, LC_MESSAGES and LANG that names one of ours."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = environ.get(variable, "").split("_")[0].split(".")[0].lower()
        if code:
            return code if code in LANGUAGES else "en"
    return "en"

FORMATS = ("text", "json", "junit", "gradescope", "csv", "html")


def parse_alias(text):
    canonical, sep, name = text.partition("=")
    if not sep or not canonical or not name:
        raise argparse.ArgumentTypeError(f"--alias expects CANONICAL=NAME (e.g. Sigmoid=Sigmod), got {text!r}")
    from spec.clauses import COMPONENTS

    if canonical not in COMPONENTS:
        raise argparse.ArgumentTypeError(f"--alias {text}: {canonical} is not a component "
                                         f"(one of {', '.join(COMPONENTS)})")
    return canonical, name


def _positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value

    return parse


def register(subparsers):
    p = subparsers.add_parser("grade", help="grade submissions (.py, .ipynb or book-style folders)",
                              description="Grade each PATH (one submission each) against the spec.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="the report: html is one self-contained page for the class (with -o FILE, its links to "
                   "--coverage pages are relative to FILE)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="text and html reports: list every clause, not only those that lost points")
    p.add_argument("--jobs", type=_positive(int), default=1, metavar="N", help="submissions graded at once")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="grade on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786); "
                   "needs backprop-spec[dask]")
    p.add_argument("--timeout", type=_positive(float), default=10.0, metavar="S", help="seconds per clause")
    p.add_argument("--submission-timeout", type=_positive(float), default=300.0, metavar="S",
                   help="seconds per submission")
    p.add_argument("--memory", type=_positive(int), default=2048, metavar="MiB",
                   help="memory cap of the worker running student code")
    p.add_argument("--alias", type=parse_alias, action="append", default=[], metavar="CANONICAL=NAME",
                   help="grade the student's NAME as the component CANONICAL (e.g. Sigmoid=Sigmod)")
    p.add_argument("--shim", action="append", default=[], metavar="NAME",
                   help="treat package NAME like the book's `common` (resolved to the reference)")
    p.add_argument("--exec-all", action="store_true", help="run every statement, not only definitions")
    p.add_argument("--coverage", metavar="DIR",
                   help="write coverage.py HTML of which lines of each submission the spec ran into DIR "
                   "(DIR/index.html lists them), and add a line-coverage figure per component to the report")
    p.add_argument("--tier", choices=("core", "extended"), default="core", help="which clauses carry points")
    p.add_argument("--seed", type=int, default=0, help="seed of the property clauses")
    p.add_argument("--profile", choices=sorted(PROFILES), default="default",
                   help="how hard property clauses look")
    p.add_argument("--lang", choices=("auto",) + LANGUAGES, default=locale_language(),
                   help="the language of messages, hints and report words: auto is each submission's own "
                   "(from its comments and markdown), and the locale's for the class summary and the html page; "
                   "default: this machine's locale ($LANG), else English")
    p.set_defaults(run=run, parser=p)


def run(args):
    from backprop_spec.distributed import ClusterError
    from backprop_spec.grading import GradeOptions, grade_class
    from backprop_spec.progress import Progress
    from backprop_spec.reports import render

    if args.format == "gradescope" and len(args.paths) != 1:
        args.parser.error("--format gradescope describes one submission: give exactly one PATH")
    if args.dask and args.jobs > 1:
        args.parser.error("--jobs and --dask exclude each other: on a cluster, the workers' threads set "
                          "how many submissions are graded at once")
    options = GradeOptions(tier=args.tier, profile=args.profile, seed=args.seed, timeout_s=args.timeout,
                           submission_timeout_s=args.submission_timeout, memory_bytes=args.memory * 1024**2,
                           aliases=dict(args.alias), shims=tuple(args.shim), exec_all=args.exec_all,
                           coverage=bool(args.coverage), lang=args.lang)
    if args.coverage and os.path.exists(args.coverage) and not os.path.isdir(args.coverage):
        args.parser.error(f"--coverage {args.coverage}: expected a folder to write the HTML into, and this is a file")
    coverage = None
    if args.coverage:
        from backprop_spec.coverage_report import CoverageWriter

        try:
            coverage = CoverageWriter(args.coverage, args.paths)
        except OSError as exc:
            print(f"backprop-spec grade: error: --coverage {args.coverage}: cannot write there "
                  f"({exc.strerror or exc}); give a folder you can write to", file=sys.stderr)
            return 2
    try:
        with Progress(len(args.paths), enabled=len(args.paths) > 1) as progress:
            def on_result(result):
                if coverage:
                    coverage.add(result)  # before the report is written: it puts a figure on each component
                progress.advance(result)

            results = grade_class(args.paths, options, jobs=args.jobs, on_result=on_result, dask=args.dask)
    except ClusterError as exc:
        print(f"backprop-spec grade: error: {exc}", file=sys.stderr)
        return 2
    extra = {}
    if args.format in ("text", "html"):
        # The class's words (each submission's are in its own language): --lang, or the locale's under auto.
        extra.update(verbose=args.verbose, lang=locale_language() if args.lang == "auto" else args.lang)
    if coverage:
        index = coverage.finish()
        print(f"wrote the coverage HTML of each submission: {index}", file=sys.stderr)
        if args.format == "html":
            extra.update(coverage_pages=coverage.pages(), coverage_index=index)
    if args.format == "html":
        extra["report_path"] = args.output  # links to the coverage pages are relative to the report
    report = render(args.format, results, spec_version=__version__, tier=args.tier, **extra)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(report)
    else:
        sys.stdout.write(report)
    return 0 if all(r.full_marks for r in results) else 1
