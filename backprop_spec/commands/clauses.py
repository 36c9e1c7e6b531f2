"""``backprop-spec clauses``: the catalogue as a table, JSON or the Markdown specification."""
import json


def register(subparsers):
    p = subparsers.add_parser("clauses", help="list the spec's clauses")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.set_defaults(run=run)


def run(args):
    from spec.catalogue import CLAUSES
    from spec.specdoc import markdown, table

    if args.format == "json":
        print(json.dumps([c.to_dict() for c in CLAUSES], indent=2))
    elif args.format == "markdown":
        print(markdown(), end="")
    else:
        print(table(CLAUSES))
    return 0
