"""Report writers: each turns a list of SubmissionResult records into the text of one format."""
from backprop_spec.reports import csv_report, gradescope, html_report, json_report, junit, text

WRITERS = {
    "text": text.write,
    "json": json_report.write,
    "junit": junit.write,
    "gradescope": gradescope.write,
    "csv": csv_report.write,
    "html": html_report.write,
}


def render(format, results, *, spec_version, tier, **options):
    """The report of ``results`` in ``format``; ``options`` go to the writer (``color=True`` for text).

    Raises ValueError for an unknown format, and for ``gradescope`` unless there is exactly one result.
    """
    try:
        writer = WRITERS[format]
    except KeyError:
        raise ValueError(f"unknown report format {format!r}; choose one of {', '.join(WRITERS)}") from None
    return writer(list(results), spec_version=spec_version, tier=tier, **options)
