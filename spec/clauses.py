"""A clause: one normative sentence of the spec, with its points, defined once next to its check."""
from dataclasses import dataclass

CORE, EXTENDED = "core", "extended"

# The components of chapter 5, in the order the spec presents them, with the kind of object each is.
COMPONENTS = {
    "MulLayer": "class",
    "AddLayer": "class",
    "Relu": "class",
    "Sigmoid": "class",
    "Affine": "class",
    "softmax": "function",
    "cross_entropy_error": "function",
    "SoftmaxWithLoss": "class",
    "numerical_gradient": "function",
    "TwoLayerNet": "class",
}


# What each component calls in the book. A clause runs only its own component of the student's code (the
# spec supplies anything else it needs), except that the student's component runs whatever it calls itself.
BUILT_ON = {
    "SoftmaxWithLoss": ("softmax", "cross_entropy_error"),
    "TwoLayerNet": ("Affine", "Relu", "SoftmaxWithLoss"),
}


@dataclass(frozen=True)
class Clause:
    id: str
    component: str
    tier: str
    points: float
    title: str
    check: object  # callable(subject, ctx); raises ClauseFailed when the clause does not hold
    time_factor: float = 1.0  # multiplies the per-clause time limit (training takes longer)
    also_runs: tuple = ()  # components the student's component calls in this clause only, besides BUILT_ON

    @property
    def exercises(self):
        """The student's components this clause may run: its own, and what that one calls in the book."""
        return (self.component,) + BUILT_ON.get(self.component, ()) + self.also_runs

    def to_dict(self):
        return {
            "id": self.id,
            "component": self.component,
            "tier": self.tier,
            "points": self.points,
            "title": self.title,
            "exercises": list(self.exercises),
        }


REGISTRY = []


def clause(id, component, points, title, tier=CORE, time_factor=1.0, also_runs=()):
    """Register the decorated check as clause ``id``."""
    if component not in COMPONENTS:
        raise ValueError(f"unknown component {component}")

    def register(check):
        if any(c.id == id for c in REGISTRY):
            raise ValueError(f"clause {id} defined twice")
        REGISTRY.append(Clause(id, component, tier, float(points), title, check, time_factor, tuple(also_runs)))
        return check

    return register
