"""The ``backprop-spec`` command: one subcommand per module in ``spec.commands``."""
import argparse
import sys

from spec import __version__
from spec.commands import SUBCOMMANDS


def build_parser():
    parser = argparse.ArgumentParser(
        prog="backprop-spec",
        description="Executable spec, reference and grader for the backprop layers of "
        "Deep Learning from Scratch, chapter 5.",
    )
    parser.add_argument("--version", action="version", version=f"backprop-spec {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in SUBCOMMANDS:
        module.register(sub)
    return parser


def main(argv=None):
    """Run a subcommand; argparse exits with 2 on a usage error, each command returns its own code."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
