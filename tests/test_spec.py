"""The spec's own suite (``spec/tests``, shipped in the package), run here against ``--impl`` (the reference by
default) from the installed package, as ``pytest --pyargs spec`` runs it."""
from spec.tests.test_clauses import test_clause  # noqa: F401  (collected here)
