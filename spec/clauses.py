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


@dataclass(frozen=True)
class Clause:
    id: str
    component: str
    tier: str
    points: float
    title: str
    check: object  # callable(subject, ctx); raises ClauseFailed when the clause does not hold
    requires: tuple = ()  # other components the check builds on
    time_factor: float = 1.0  # multiplies the per-clause time limit (training takes longer)

    def to_dict(self):
        return {
            "id": self.id,
            "component": self.component,
            "tier": self.tier,
            "points": self.points,
            "title": self.title,
            "requires": list(self.requires),
        }


REGISTRY = []


def clause(id, component, points, title, tier=CORE, requires=(), time_factor=1.0):
    """Register the decorated check as clause ``id``."""
    if component not in COMPONENTS:
        raise ValueError(f"unknown component {component}")

    def register(check):
        if any(c.id == id for c in REGISTRY):
            raise ValueError(f"clause {id} defined twice")
        REGISTRY.append(Clause(id, component, tier, float(points), title, check, tuple(requires), time_factor))
        return check

    return register
