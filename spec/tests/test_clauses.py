"""Every clause of the spec, as a test of the implementation under test (``--impl``, the reference by default).

The ``subject`` and ``spec_context`` fixtures come from the ``backprop_spec`` pytest plugin, which loads the
implementation exactly as ``backprop-spec grade`` does.
"""
import pytest

from spec.catalogue import CLAUSES
from spec.i18n import _
from spec.runner import run_clause


@pytest.mark.parametrize(
    "clause", [pytest.param(c, id=c.id, marks=pytest.mark.clause(c.id)) for c in CLAUSES]
)
def test_clause(clause, subject, spec_context):
    with subject.deadline(spec_context.timeout_s * clause.time_factor):
        outcome = run_clause(clause, subject, spec_context)
    if outcome.status != "pass":  # in the language of the spec_context fixture, which is still active
        details = "\n".join(filter(None, [outcome.message,
                                          outcome.counterexample and _("counterexample: {value}").format(
                                              value=outcome.counterexample),
                                          outcome.hint and _("hint: {value}").format(value=outcome.hint)]))
        pytest.fail(f"{clause.id} ({clause.component}) {outcome.status}: {_(clause.title)}\n{details}",
                    pytrace=False)
