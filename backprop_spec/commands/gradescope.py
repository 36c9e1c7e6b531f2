"""``backprop-spec gradescope -o DIR``: write a Gradescope autograder that grades with this backprop-spec.

Gradescope builds an image with ``setup.sh`` once, then runs ``run_autograder`` for every submission
(https://gradescope-autograders.readthedocs.io/en/latest/specs/). The autograder installs a wheel built
from this installation, with the dependency versions installed here, so that Gradescope grades as this
machine does.
"""
import glob
import json
import os
import pathlib
import shlex
import subprocess
import sys
import zipfile
from importlib import metadata
from urllib.parse import urlparse
from urllib.request import url2pathname

import backprop_spec
from backprop_spec.commands.grade import parse_alias
from spec.i18n import LANGUAGES

DISTRIBUTION = "backprop-spec"
SCRIPTS = ("setup.sh", "run_autograder")
REQUIREMENTS = "requirements.txt"
ZIP_NAME = "autograder.zip"
WHEELS = "backprop_spec-*.whl"


def add_grading_options(parser):
    """The ``grade`` options that a platform's autograder passes on."""
    parser.add_argument("--tier", choices=("core", "extended"), default="core",
                        help="which clauses carry points")
    parser.add_argument("--alias", type=parse_alias, action="append", default=[], metavar="CANONICAL=NAME",
                        help="grade the student's NAME as the component CANONICAL (e.g. Sigmoid=Sigmod)")
    parser.add_argument("--shim", action="append", default=[], metavar="NAME",
                        help="treat package NAME like the book's `common` (resolved to the reference)")
    parser.add_argument("--lang", choices=("auto",) + LANGUAGES, default="auto",
                        help="the language of what students read; auto (the default) is each submission's own, "
                        "from its comments and markdown")


def grading_arguments(args):
    """Those options as words of a ``backprop-spec grade`` command line."""
    words = ["--tier", args.tier, "--lang", args.lang]
    for canonical, name in args.alias:
        words += ["--alias", f"{canonical}={name}"]
    for shim in args.shim:
        words += ["--shim", shim]
    return words


def register(subparsers):
    p = subparsers.add_parser(
        "gradescope",
        help="write a Gradescope autograder (setup.sh, run_autograder, autograder.zip)",
        description="Write a Gradescope autograder into DIR: setup.sh installs backprop-spec from a wheel "
        "built now, with the dependency versions installed here; run_autograder grades the submission "
        "with the options given. Upload DIR/autograder.zip as the assignment's autograder.",
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write the autograder into")
    add_grading_options(p)
    p.set_defaults(run=run, parser=p)


def run(args):
    from backprop_spec.templates import render

    out = args.output
    if os.path.exists(out) and not os.path.isdir(out):
        args.parser.error(f"-o {out}: expected a folder to write the autograder into, and this is a file")
    os.makedirs(out, exist_ok=True)
    for stale in wheels_in(out):
        os.remove(stale)
    source = wheel_source()
    print(f"building the backprop-spec wheel from {source} ...", file=sys.stderr)
    built = build_wheel(source, out)
    if built.returncode != 0:
        sys.stderr.write(built.stdout + built.stderr)
        print(f"backprop-spec gradescope: error: pip could not build the wheel (exit status "
              f"{built.returncode}); see its output above", file=sys.stderr)
        return 1
    try:
        pins = pinned_requirements()
    except metadata.PackageNotFoundError as exc:
        print(f"backprop-spec gradescope: error: backprop-spec needs {exc.args[0]}, which is not installed "
              f"in this environment ({sys.executable}), so its version cannot be pinned: install it and try "
              "again", file=sys.stderr)
        return 1
    python = "{}.{}".format(*sys.version_info[:2])
    write(out, REQUIREMENTS, requirements_text(pins, python))
    write(out, "setup.sh", render("setup.sh", python=python), executable=True)
    write(out, "run_autograder", render("run_autograder", options=shlex.join(grading_arguments(args))),
          executable=True)
    archive = zip_autograder(out)
    print(f"wrote {archive}: upload it as the autograder of the Gradescope assignment.\n"
          f"Its requirements.txt pins the packages of this Python ({python}): choose a Gradescope base image "
          f"with Python {python}, or run this command again from an environment with the image's Python.")
    return 0


def wheel_source():
    """What ``pip wheel`` builds this backprop-spec from: the source tree it runs from (an editable install,
    a checkout), else what it was installed from (PEP 610), else its release on the package index.
    """
    tree = pathlib.Path(backprop_spec.__file__).resolve().parent.parent
    if (tree / "pyproject.toml").is_file() and (tree / "reference").is_dir():
        return str(tree)
    dist = metadata.distribution(DISTRIBUTION)
    direct = json.loads(dist.read_text("direct_url.json") or "null")
    if not direct:
        return f"{DISTRIBUTION}=={dist.version}"
    url = direct["url"]
    if "vcs_info" in direct:
        return f"{direct['vcs_info']['vcs']}+{url}@{direct['vcs_info']['commit_id']}"
    if url.startswith("file:") and "dir_info" in direct:
        return url2pathname(urlparse(url).path)
    return url


def build_wheel(source, out):
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "--quiet",
               "--wheel-dir", out, source]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def pinned_requirements():
    """``name==version`` for every package backprop-spec needs to run, as installed here, sorted by name.

    Raises PackageNotFoundError for a dependency that is not installed.
    """
    requirement, canonical_name = _packaging()
    pins, seen = {}, set()
    pending = [(text, ()) for text in metadata.requires(DISTRIBUTION) or []]
    while pending:
        text, wanted_extras = pending.pop()
        needed = requirement(text)
        if needed.marker and not any(needed.marker.evaluate({"extra": e}) for e in ("", *wanted_extras)):
            continue
        key = (canonical_name(needed.name), frozenset(needed.extras))
        if key in seen:
            continue
        seen.add(key)
        dist = metadata.distribution(needed.name)
        pins[key[0]] = dist.version
        pending += [(text, tuple(needed.extras)) for text in dist.requires or []]
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


def _packaging():
    """PyPA's ``packaging`` reads requirements and markers; pip, which builds the wheel, carries a copy."""
    try:
        from packaging.requirements import Requirement
        from packaging.utils import canonicalize_name
    except ImportError:
        from pip._vendor.packaging.requirements import Requirement
        from pip._vendor.packaging.utils import canonicalize_name
    return Requirement, canonicalize_name


def requirements_text(pins, python):
    header = (
        f"# The dependencies of backprop-spec as installed on Python {python} where\n"
        "# `backprop-spec gradescope` wrote this autograder; setup.sh installs exactly these versions.\n"
    )
    return header + "".join(f"{pin}\n" for pin in pins)


def write(out, name, text, executable=False):
    path = os.path.join(out, name)
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)
    if executable:
        os.chmod(path, 0o755)


def zip_autograder(out):
    """The files Gradescope wants at the top of the zip, with their modes: the scripts stay executable."""
    archive = os.path.join(out, ZIP_NAME)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in (*(os.path.join(out, name) for name in (*SCRIPTS, REQUIREMENTS)), *wheels_in(out)):
            bundle.write(path, os.path.basename(path))
    return archive


def wheels_in(out):
    return sorted(glob.glob(os.path.join(glob.escape(out), WHEELS)))
