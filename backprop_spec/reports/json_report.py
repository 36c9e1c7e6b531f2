"""The ``json`` report: every submission's full record, as DESIGN.md ("Reports") shows it, and the class
``summary`` (``backprop_spec.summary``) that the HTML report draws, for other tools to use."""
import json

from backprop_spec.summary import summarise


def write(results, *, spec_version, tier):
    document = {
        "spec_version": spec_version,
        "tier": tier,
        "submissions": [r.to_dict() for r in results],
        "summary": summarise(results),
    }
    return json.dumps(document, indent=2) + "\n"
