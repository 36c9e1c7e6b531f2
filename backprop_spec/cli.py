"""The ``backprop-spec`` command: one subcommand per module in ``backprop_spec.commands``."""
import argparse
import os
import sys

from backprop_spec.commands import SUBCOMMANDS
from spec import __version__


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
    try:
        return args.run(args)
    except BrokenPipeError:  # `backprop-spec clauses | head`: the reader left, so stop quietly
        # Point stdout at /dev/null so that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
