"""The ``gradescope`` report: Gradescope's autograder ``results.json``, which describes one submission.

Format: https://gradescope-autograders.readthedocs.io/en/latest/specs/
"""
import json

from backprop_spec.results import format_points


def status_of(clause):
    """Gradescope knows only "passed" and "failed": a skipped clause that cost no points counts as passed."""
    if clause.status == "pass" or (clause.status == "skipped" and not clause.costs_points):
        return "passed"
    return "failed"


def output_of(clause):
    """The clause's explanation, headed by its status when that is more than a plain failure."""
    head = "" if clause.status in ("pass", "fail") else clause.status.upper()
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
        return f"Your submission could not be graded: {result.error}"
    lines = [
        f"backprop-spec {spec_version}, {tier} tier: "
        f"{format_points(result.score)}/{format_points(result.max_score)} points."
    ]
    failing = result.failing
    if failing:
        lines.append(f"{len(failing)} clause(s) lost points: {', '.join(c.id for c in failing)}.")
    lines += [f"Note: {flag}" for flag in result.flags]
    lines += [f"Warning: {warning}" for warning in result.warnings]
    return "\n".join(lines)


def write(results, *, spec_version, tier):
    if len(results) != 1:
        raise ValueError(f"a Gradescope results.json describes one submission; got {len(results)}")
    result = results[0]
    loaded = result.error is None
    document = {
        "score": result.score if loaded else 0.0,
        "execution_time": round(result.duration_s, 3),
        "output": summary(result, spec_version=spec_version, tier=tier),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {"spec_version": spec_version, "tier": tier, "flags": list(result.flags)},
        "tests": [entry_for(c, loaded) for c in result.clauses],
    }
    return json.dumps(document, indent=2) + "\n"
