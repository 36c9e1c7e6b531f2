"""``backprop-spec github-workflow``: write a GitHub Actions workflow that grades the repository on each push.

For GitHub Classroom: put it in the assignment's template repository, and every student repository grades
itself, with one check per clause (a JUnit report) and the report kept as an artifact.
"""
import json
import os
import shlex
import sys

from backprop_spec.commands.gradescope import add_grading_options, grading_arguments
from spec import __version__

DEFAULT_OUTPUT = os.path.join(".github", "workflows", "grade.yml")


def register(subparsers):
    p = subparsers.add_parser(
        "github-workflow",
        help="write a GitHub Actions workflow (for GitHub Classroom) that grades the repository",
        description="Write a GitHub Actions workflow that installs backprop-spec, grades the repository on "
        "every push, publishes the JUnit report as a check and keeps it as an artifact.",
    )
    p.add_argument("-o", "--output", default=DEFAULT_OUTPUT, metavar="FILE",
                   help=f"where to write the workflow ({DEFAULT_OUTPUT}); - for stdout")
    p.add_argument("--install", default=f"backprop-spec=={__version__}", metavar="SPEC",
                   help="what `pip install` installs: a version on PyPI, or a git URL such as "
                   "git+https://github.com/OWNER/backprop-spec@v0.1.0 (default: %(default)s)")
    p.add_argument("--python", default="{}.{}".format(*sys.version_info[:2]), metavar="VERSION",
                   help="the Python that grades (default: this one, %(default)s)")
    p.add_argument("--path", default=".", help="the submission inside the repository (default: all of it)")
    p.add_argument("--report", default="backprop-spec-report.xml", metavar="FILE",
                   help="the JUnit report's path in the repository")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    add_grading_options(p)
    p.set_defaults(run=run, parser=p)


def run(args):
    text = workflow(args)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    if os.path.exists(args.output) and not args.force:
        args.parser.error(f"{args.output} exists; pass --force to replace it")
    os.makedirs(os.path.dirname(args.output) or ".", exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    print(f"wrote {args.output}: commit it to the repository (for GitHub Classroom, to the template "
          "repository of the assignment)")
    return 0


def workflow(args):
    """The workflow's YAML: values in YAML are JSON strings (valid YAML), words of commands shell-quoted."""
    from backprop_spec.templates import render

    grade = [args.path, "--format", "junit", "-o", args.report, *grading_arguments(args)]
    return render("grade.yml", python=json.dumps(args.python), install=shlex.quote(args.install),
                  grade_arguments=shlex.join(grade), report=json.dumps(args.report))
