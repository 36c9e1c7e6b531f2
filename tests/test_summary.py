"""The class summary (``backprop_spec.summary``) on a class whose every figure is worked out by hand."""
import json

from handmade_class import ELEMENTWISE, FORK, NO_FLATTEN, TIER, VERSION, WHOLE_BATCH, handmade_class

from backprop_spec.reports import render
from backprop_spec.summary import summarise
from spec.catalogue import BY_ID


def test_counts_the_class_and_leaves_a_load_error_out_of_the_graded():
    summary = summarise(handmade_class())
    assert (summary["submissions"], summary["graded"], summary["not_graded"]) == (6, 5, 1)
    assert (summary["full_marks"], summary["flagged"]) == (2, 1)  # ana and fay (whose one failure is unscored)


def test_scores_are_those_of_the_graded_submissions():
    # Points 8, 4, 6, 0, 8 of 8 (eve's load error is not among them).
    assert {k: v for k, v in summarise(handmade_class())["scores"].items() if k != "histogram"} == {
        "max_score": 8.0, "mean": 5.2, "median": 6.0, "min": 0.0, "max": 8.0,
        "mean_percent": 65.0, "median_percent": 75.0,
    }


def test_the_histogram_gives_full_marks_a_bin_of_their_own():
    bins = summarise(handmade_class())["scores"]["histogram"]
    assert [(b["percent_from"], b["percent_to"]) for b in bins] == [
        *((start, start + 10) for start in range(0, 100, 10)), (100, 100),
    ]
    assert {b["percent_from"]: b["count"] for b in bins if b["count"]} == {0: 1, 50: 1, 70: 1, 100: 2}
    assert sum(b["count"] for b in bins) == 5


def test_a_score_just_short_of_full_marks_is_not_counted_as_full_marks():
    nearly = handmade_class()[0]
    nearly.score = 7.99
    bins = summarise([nearly])["scores"]["histogram"]
    assert [b["percent_from"] for b in bins if b["count"]] == [90]


def test_pass_counts_and_rates_per_component():
    assert summarise(handmade_class())["components"] == [
        {"component": "MulLayer", "graded": 5, "pass": 4, "fail": 0, "missing": 1, "pass_rate": 0.8},
        {"component": "Affine", "graded": 5, "pass": 2, "fail": 3, "missing": 0, "pass_rate": 0.4},
        {"component": "softmax", "graded": 5, "pass": 3, "fail": 2, "missing": 0, "pass_rate": 0.6},
    ]


def test_pass_counts_per_clause_keep_every_status_and_mark_the_unscored():
    rows = {row["id"]: row for row in summarise(handmade_class())["clauses"]}
    assert list(rows) == ["MUL-1", "AFF-1", "AFF-2", "AFF-6", "SMX-1"]
    assert rows["AFF-2"] == {
        "id": "AFF-2", "component": "Affine", "tier": "core", "title": BY_ID["AFF-2"].title, "scored": True,
        "graded": 5, "pass": 2, "fail": 2, "timeout": 0, "crash": 1, "missing": 0, "skipped": 0, "pass_rate": 0.4,
    }
    assert (rows["MUL-1"]["missing"], rows["AFF-1"]["timeout"]) == (1, 1)
    assert (rows["AFF-6"]["scored"], rows["AFF-6"]["pass"], rows["AFF-6"]["fail"]) == (False, 2, 3)
    assert [row["pass_rate"] for row in rows.values()] == [0.8, 0.8, 0.4, 0.4, 0.6]


def test_hints_are_grouped_by_text_ranked_and_count_each_submission_once():
    assert summarise(handmade_class())["hints"] == [
        # cai got it on two clauses: one submission. Ties keep the order the hints first appear in.
        {"hint": ELEMENTWISE, "count": 2, "rate": 0.4, "submissions": ["class/ben.py", "class/cai.ipynb"],
         "clauses": ["AFF-2", "AFF-6"], "scored": True},
        {"hint": WHOLE_BATCH, "count": 2, "rate": 0.4, "submissions": ["class/ben.py", "class/dee/"],
         "clauses": ["SMX-1"], "scored": True},
        {"hint": NO_FLATTEN, "count": 1, "rate": 0.2, "submissions": ["class/fay.py"], "clauses": ["AFF-6"],
         "scored": False},
    ]


def test_the_most_received_hint_comes_first_whatever_the_order_seen():
    fay, ben, cai = (handmade_class()[i] for i in (5, 1, 2))
    assert [h["hint"] for h in summarise([fay, ben, cai])["hints"]] == [ELEMENTWISE, NO_FLATTEN, WHOLE_BATCH]


def test_lists_load_errors_flags_timeouts_and_crashes_with_the_submission():
    summary = summarise(handmade_class())
    assert summary["errors"] == [{"submission": "class/eve.py", "error": handmade_class()[4].error}]
    assert summary["flags"] == [{"submission": "class/dee/", "flags": [FORK]}]
    assert summary["timeouts"] == [{"submission": "class/dee/", "clauses": ["AFF-1"]}]
    assert summary["crashes"] == [{"submission": "class/dee/", "clauses": ["AFF-2"]}]


def test_a_class_that_could_not_be_graded_has_counts_and_no_rates():
    summary = summarise([handmade_class()[4]])
    assert (summary["graded"], summary["not_graded"], summary["components"], summary["clauses"]) == (0, 1, [], [])
    assert summary["scores"]["mean"] is None and summary["scores"]["median"] is None
    assert sum(b["count"] for b in summary["scores"]["histogram"]) == 0
    assert summarise([])["submissions"] == 0


def test_the_json_report_carries_the_summary_next_to_the_submissions():
    results = handmade_class()
    document = json.loads(render("json", results, spec_version=VERSION, tier=TIER))
    assert list(document) == ["spec_version", "tier", "submissions", "summary"]
    assert document["summary"] == summarise(results)
    assert document["submissions"] == [r.to_dict() for r in results]
