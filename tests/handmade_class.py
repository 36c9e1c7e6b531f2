"""A class of six graded by hand (no grading runs), made so that every figure of the class summary is known in
advance: two hints received by two submissions each, one hint on an unscored clause only, a load error, a flag,
a timeout and a crash. The tests of the summary and of the HTML report share it.

Clauses under ``--tier core``: MUL-1, AFF-1, AFF-2 and SMX-1 carry 2 points each; AFF-6 is extended and
carries none.
"""
from backprop_spec.results import ClauseResult, ComponentResult, SubmissionResult
from spec.catalogue import BY_ID

VERSION, TIER = "9.9.9", "core"

# Titles and hints as the spec gives them (the class summary translates each into the page's language).
ELEMENTWISE = ("dx = np.dot(dout, self.W.T) and dW = np.dot(self.x.T, dout) are matrix products (np.dot), "
               "not `*`")
WHOLE_BATCH = "softmax normalises over the whole batch, not per row: use `axis=1, keepdims=True`"
NO_FLATTEN = ("an input of more than two dimensions is flattened to (N, -1) in forward, and dx is reshaped back to "
              "the input's shape in backward (the book keeps x.shape in self.original_x_shape)")
FORK = "tried to fork a process (os.fork) (refused)"

TIERS = {"MUL-1": "core", "AFF-1": "core", "AFF-2": "core", "AFF-6": "extended", "SMX-1": "core"}
COMPONENT = {"MUL-1": "MulLayer", "AFF-1": "Affine", "AFF-2": "Affine", "AFF-6": "Affine", "SMX-1": "softmax"}


def clause(id, status, hint="", message=""):
    points = 2.0 if TIERS[id] == "core" else 0.0
    if status != "pass" and not message:
        message = f"{id} did not hold"
    return ClauseResult(id=id, component=COMPONENT[id], tier=TIERS[id], title=BY_ID[id].title,
                        status=status, score=points if status == "pass" else 0.0, max_score=points,
                        message=message, hint=hint, duration_s=0.1)


def submission(name, statuses, components, error=None, flags=()):
    """``statuses``: clause id -> status, or (status, hint)."""
    clauses = [clause(id, *(s if isinstance(s, tuple) else (s,))) for id, s in statuses.items()]
    score = 0.0 if error else sum(c.score for c in clauses)
    return SubmissionResult(
        name, score=score, max_score=sum(c.max_score for c in clauses), duration_s=1.0, error=error,
        flags=list(flags), clauses=clauses,
        components={n: ComponentResult(status, None if status == "missing" else f"{name}:{n}",
                                       sum(c.score for c in clauses if c.component == n),
                                       sum(c.max_score for c in clauses if c.component == n))
                    for n, status in components.items()},
    )


def all_pass():
    return dict.fromkeys(TIERS, "pass")


def handmade_class():
    return [
        submission("class/ana.py", all_pass(), {"MulLayer": "pass", "Affine": "pass", "softmax": "pass"}),
        submission("class/ben.py", {**all_pass(), "AFF-2": ("fail", ELEMENTWISE), "SMX-1": ("fail", WHOLE_BATCH)},
                   {"MulLayer": "pass", "Affine": "fail", "softmax": "fail"}),
        submission("class/cai.ipynb", {**all_pass(), "AFF-2": ("fail", ELEMENTWISE), "AFF-6": ("fail", ELEMENTWISE)},
                   {"MulLayer": "pass", "Affine": "fail", "softmax": "pass"}),
        submission("class/dee/", {"MUL-1": "missing", "AFF-1": "timeout", "AFF-2": "crash", "AFF-6": "fail",
                                  "SMX-1": ("fail", WHOLE_BATCH)},
                   {"MulLayer": "missing", "Affine": "fail", "softmax": "fail"}, flags=[FORK]),
        submission("class/eve.py", dict.fromkeys(TIERS, "missing"),
                   {"MulLayer": "missing", "Affine": "missing", "softmax": "missing"},
                   error="class/eve.py is a binary file, not source code (it contains a NUL byte at offset 0)"),
        submission("class/fay.py", {**all_pass(), "AFF-6": ("fail", NO_FLATTEN)},
                   {"MulLayer": "pass", "Affine": "pass", "softmax": "pass"}),
    ]
