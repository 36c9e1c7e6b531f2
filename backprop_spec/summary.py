"""The class at a glance, as data: scores, pass rates per component and clause, the hints the class received,
and the submissions that need a look. The JSON report carries it as ``summary`` and the HTML report draws it.

Only submissions that were graded (no ``error``) count in scores and rates: one that could not be loaded says
nothing about which clauses its author understood, and is listed under ``errors`` instead. Its words (titles,
hints) are in the current language whatever language each submission was graded in.
"""
import statistics

from backprop_spec.results import STATUSES
from spec.i18n import _, english

HISTOGRAM_STEP = 10  # percent of the maximum score per bin; full marks get a bin of their own


def summarise(results):
    """The class summary of ``results`` as plain JSON data (see the README, "Grading a class")."""
    graded = [r for r in results if r.error is None]
    return {
        "submissions": len(results),
        "graded": len(graded),
        "not_graded": len(results) - len(graded),
        "full_marks": sum(r.full_marks for r in results),
        "flagged": sum(bool(r.flags) for r in results),
        "scores": scores(graded),
        "components": components(graded),
        "clauses": clauses(graded),
        "hints": hints(graded),
        "errors": [{"submission": r.submission, "error": r.error} for r in results if r.error is not None],
        "flags": [{"submission": r.submission, "flags": list(r.flags)} for r in results if r.flags],
        "timeouts": _clauses_with_status(results, "timeout"),
        "crashes": _clauses_with_status(results, "crash"),
    }


def rate(count, total):
    """``count / total`` to four places, or None when there is nothing to divide by."""
    return round(count / total, 4) if total else None


def percent_of_max(result):
    return 100.0 * result.score / result.max_score if result.max_score else 100.0


def scores(graded):
    """Points of the graded submissions: mean, median, range, and a histogram by percent of the maximum."""
    points = [r.score for r in graded]
    percents = [percent_of_max(r) for r in graded]
    return {
        "max_score": max((r.max_score for r in graded), default=0.0),
        "mean": round(statistics.mean(points), 2) if points else None,
        "median": round(statistics.median(points), 2) if points else None,
        "min": min(points, default=None),
        "max": max(points, default=None),
        "mean_percent": round(statistics.mean(percents), 1) if percents else None,
        "median_percent": round(statistics.median(percents), 1) if percents else None,
        "histogram": histogram(graded),
    }


def histogram(graded):
    """Bins of ``HISTOGRAM_STEP`` percent, ``percent_from <= percent < percent_to``; the last bin, from 100 to
    100, holds full marks alone, so that "nearly there" and "done" are told apart."""
    starts = range(0, 100, HISTOGRAM_STEP)
    bins = [{"percent_from": start, "percent_to": start + HISTOGRAM_STEP, "count": 0} for start in starts]
    bins.append({"percent_from": 100, "percent_to": 100, "count": 0})
    for result in graded:
        if result.score >= result.max_score:
            bins[-1]["count"] += 1
        else:
            bins[min(int(percent_of_max(result) // HISTOGRAM_STEP), len(starts) - 1)]["count"] += 1
    return bins


def components(graded):
    """Per component, in the order first seen: how many graded submissions pass, fail or miss it."""
    counts = {}
    for result in graded:
        for name, component in result.components.items():
            counts.setdefault(name, dict.fromkeys(("pass", "fail", "missing"), 0))
            counts[name][component.status] = counts[name].get(component.status, 0) + 1
    return [
        {"component": name, "graded": sum(by_status.values()), **by_status,
         "pass_rate": rate(by_status["pass"], sum(by_status.values()))}
        for name, by_status in counts.items()
    ]


def clauses(graded):
    """Per clause, in catalogue order: its status counts over the graded submissions and its pass rate.

    ``scored`` is false for a clause that carries no points in any of them (extended under ``--tier core``):
    it is run and counted, but it costs nobody a point.
    """
    rows = {}
    for result in graded:
        for clause in result.clauses:
            row = rows.setdefault(clause.id, {
                "id": clause.id, "component": clause.component, "tier": clause.tier, "title": _title(clause),
                "scored": False, "graded": 0, **dict.fromkeys(STATUSES, 0),
            })
            row["scored"] = row["scored"] or clause.max_score > 0
            row["graded"] += 1
            row[clause.status] = row.get(clause.status, 0) + 1
    for row in rows.values():
        row["pass_rate"] = rate(row["pass"], row["graded"])
    return list(rows.values())


def hints(graded):
    """Each distinct hint the graded submissions received, with who received it and on which clauses; the most
    received first (ties in the order the hints first appear), so that the top of the list is the class's most
    common misconception. A submission counts once however many of its clauses gave the hint, and a hint counts
    as one in every language it was given in."""
    found = {}
    for number, result in enumerate(graded):
        for clause in result.clauses:
            if clause.status == "pass" or not clause.hint:
                continue
            original = english(clause.hint, result.language)
            entry = found.setdefault(original, {"hint": _(original), "submissions": [], "numbers": set(),
                                                "clauses": [], "scored": False})
            if number not in entry["numbers"]:
                entry["numbers"].add(number)
                entry["submissions"].append(result.submission)
            if clause.id not in entry["clauses"]:
                entry["clauses"].append(clause.id)
            entry["scored"] = entry["scored"] or clause.costs_points
    ranked = sorted(found.values(), key=lambda entry: -len(entry["submissions"]))
    return [{"hint": e["hint"], "count": len(e["submissions"]), "rate": rate(len(e["submissions"]), len(graded)),
             "submissions": e["submissions"], "clauses": e["clauses"], "scored": e["scored"]} for e in ranked]


def _title(clause):
    """The clause's title in the current language (the result has it in its submission's)."""
    from spec.catalogue import BY_ID  # here: importing a report must not import the checks (check() is light)

    return _(BY_ID[clause.id].title) if clause.id in BY_ID else clause.title


def _clauses_with_status(results, status):
    """The submissions with a clause of ``status`` (``timeout``, ``crash``), and which clauses."""
    listed = []
    for result in results:
        ids = [c.id for c in result.clauses if c.status == status]
        if ids:
            listed.append({"submission": result.submission, "clauses": ids})
    return listed
