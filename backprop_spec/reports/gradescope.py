"""The ``gradescope`` report: Gradescope's autograder ``results.json``, which describes one submission.

Format: https://gradescope-autograders.readthedocs.io/en/latest/specs/
"""
import json

from backprop_spec.reports.text import status
from backprop_spec.results import format_points
from spec import i18n
from spec.i18n import _


def status_of(clause):
    """Gradescope knows only "passed" and "failed": a skipped clause that cost no points counts as passed."""
    if clause.status == "pass" or (clause.status == "skipped" and not clause.costs_points):
        return "passed"
    return "failed"


def output_of(clause):
    """The clause's explanation, headed by its status when that is more than a plain failure."""
    head = "" if clause.status in ("pass", "fail") else status(clause.status)
    return "\n".join(part for part in (head, clause.explanation()) if part)


def entry_for(clause, loaded):
    return {
        "name": f"{clause.id} {clause.component}: {clause.title}",
        "number": clause.id,
        "score": clause.score if loaded else 0.0,
        "max_score": clause.max_score,
        "status": status_of(clause) if loaded else "failed",
        "output": output_of(clause),
        "tags": [clause.component, clause.tier],
        "visibility": "visible",
    }


def summary(result, *, spec_version, tier):
    """The top-level ``output``: what a student reads first."""
    if result.error:
        return _("Your submission could not be graded: {error}").format(error=result.error)
    lines = [_("backprop-spec {version}, {tier} tier: {score}/{max_score} points.").format(
        version=spec_version, tier=_(tier), score=format_points(result.score),
        max_score=format_points(result.max_score))]
    failing = result.failing
    if failing:
        lines.append(_("{count} clause(s) lost points: {clauses}.").format(
            count=len(failing), clauses=", ".join(c.id for c in failing)))
    lines += [_("Note: {flag}").format(flag=flag) for flag in result.flags]
    lines += [_("Warning: {warning}").format(warning=warning) for warning in result.warnings]
    return "\n".join(lines)


def write(results, *, spec_version, tier):
    if len(results) != 1:
        raise ValueError(f"a Gradescope results.json describes one submission; got {len(results)}")
    result = results[0]
    with i18n.language(result.language):
        return _document(result, spec_version, tier)


def _document(result, spec_version, tier):
    loaded = result.error is None
    document = {
        "score": result.score if loaded else 0.0,
        "execution_time": round(result.duration_s, 3),
        "output": summary(result, spec_version=spec_version, tier=tier),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {"spec_version": spec_version, "tier": tier, "language": result.language,
                       "flags": list(result.flags)},
        "tests": [entry_for(c, loaded) for c in result.clauses],
    }
    return json.dumps(document, indent=2) + "\n"
