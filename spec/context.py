"""What a check needs besides the subject: the profile (how hard to look), the seed and the goldens."""
import json
import os
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

# Examples per property clause, per profile.
# The quick profile already fails every buggy fixture (tests/test_meta.py); default looks a little harder.
PROFILES = {"quick": 8, "default": 10, "thorough": 150}


def load_goldens():
    """Every golden JSON file shipped in ``spec.goldens``, by file stem."""
    folder = resources.files("spec.goldens")
    return {
        entry.name[: -len(".json")]: json.loads(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    }


@dataclass
class CheckContext:
    profile: str = "default"
    seed: int = 0
    gradient_method: str = "directional"  # or "elementwise", the book's method (see spec.gradcheck)
    timeout_s: float = 10.0  # per clause (times the clause's time_factor), where the subject can limit time
    goldens: dict = field(default_factory=load_goldens)

    def golden(self, name):
        return self.goldens[name]

    def rng(self, salt=0):
        """A NumPy generator for a check's own random draws, reproducible from the printed seed."""
        return np.random.default_rng([self.seed, salt])

    def given(self, *strategies):
        """``hypothesis.given`` with this profile's example count and this context's seed."""
        # Imported here, not at the top: the grader imports Hypothesis while the worker is starting up.
        from hypothesis import HealthCheck, Phase, given, settings
        from hypothesis import seed as hypothesis_seed

        keep_hypothesis_files_in_cache()

        def decorate(test):
            wrapped = given(*strategies)(test)
            wrapped = settings(
                max_examples=PROFILES[self.profile],
                deadline=None,
                database=None,
                derandomize=False,
                print_blob=False,
                report_multiple_bugs=False,  # one failure, shrunk, is what a student needs
                phases=(Phase.explicit, Phase.generate, Phase.shrink),
                suppress_health_check=list(HealthCheck),
            )(wrapped)
            return hypothesis_seed(self.seed)(wrapped)

        return decorate


def keep_hypothesis_files_in_cache():
    """Have Hypothesis write its files (a cache of constants) in the user's cache, not in ``./.hypothesis``.

    Running the spec must leave nothing in the folder it was run from. ``HYPOTHESIS_STORAGE_DIRECTORY``, when set,
    still wins.
    """
    if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return
    from hypothesis.configuration import set_hypothesis_home_dir

    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    set_hypothesis_home_dir(os.path.join(cache, "backprop-spec", "hypothesis"))
