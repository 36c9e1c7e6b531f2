"""Subcommands of the CLI. Each module has ``register(subparsers)``, which sets ``run`` on its parser."""
from spec.commands import clauses, grade, train

SUBCOMMANDS = [clauses, grade, train]
