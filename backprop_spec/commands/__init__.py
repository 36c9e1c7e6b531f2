"""Subcommands of the CLI. Each module has ``register(subparsers)``, which sets ``run`` on its parser."""
from backprop_spec.commands import clauses, github_workflow, grade, gradescope, train

SUBCOMMANDS = [clauses, grade, train, gradescope, github_workflow]
