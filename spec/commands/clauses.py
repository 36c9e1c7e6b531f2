"""``backprop-spec clauses``: list the catalogue."""
import json


def register(subparsers):
    p = subparsers.add_parser("clauses", help="list the spec's clauses")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.set_defaults(run=run)


def run(args):
    from spec.catalogue import CLAUSES

    if args.format == "json":
        print(json.dumps([c.to_dict() for c in CLAUSES], indent=2))
    else:
        print("clauses: TODO")
    return 0
