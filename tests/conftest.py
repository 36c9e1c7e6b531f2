import os

from hypothesis import settings

# Deterministic in CI: no example database, derandomised generation.
settings.register_profile("ci", database=None, derandomize=True, deadline=None, print_blob=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
