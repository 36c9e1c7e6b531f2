"""The ``json`` report: every submission's full record, as DESIGN.md ("Reports") shows it."""
import json


def write(results, *, spec_version, tier):
    document = {
        "spec_version": spec_version,
        "tier": tier,
        "submissions": [r.to_dict() for r in results],
    }
    return json.dumps(document, indent=2) + "\n"
