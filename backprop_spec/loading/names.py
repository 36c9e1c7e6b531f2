"""Match the names a student wrote to the names the spec grades: exactly, case-insensitively, or by --alias.

Near misses (``Sigmod``, ``TwoLayerNetwork``, ``forwark``) are never matched silently: they come back as
a suggestion, because grading the wrong definition would be worse than asking.
"""
import difflib
from dataclasses import dataclass
from typing import Optional

from spec.i18n import N_, _

COMPONENT_KINDS = {
    "MulLayer": "class",
    "AddLayer": "class",
    "Relu": "class",
    "Sigmoid": "class",
    "Affine": "class",
    "SoftmaxWithLoss": "class",
    "TwoLayerNet": "class",
    "softmax": "function",
    "cross_entropy_error": "function",
    "numerical_gradient": "function",
}
NEAR_MISS_RATIO = 0.75
NEAR_MISS_EDITS = 2


# How a component's name was matched, as a component's note says it.
HOW_NOTES = {
    "exact": N_("exact"),
    "case-insensitive": N_("matched {name} as {component}, ignoring case"),
    "spelt alike": N_("matched {name} as {component}"),
    "layer name": N_("matched {name} as {component}"),
    "alias": N_("mapped with --alias {component}={name}"),
}


def how_note(how, name, component):
    """``matched ReLU as Relu, ignoring case``: how the student's ``name`` was taken for ``component``."""
    return _(HOW_NOTES.get(how, how)).format(name=name, component=component)


def not_defined_note(kind, component):
    if kind == "class":
        return _("the submission defines no class named {component}").format(component=component)
    return _("the submission defines no function named {component}").format(component=component)


@dataclass
class Match:
    name: Optional[str]  # the student's name for the component, None when not found
    how: Optional[str]  # exact | case-insensitive | spelt alike | layer name | alias | None
    suggestion: Optional[str] = None  # when not found: "did you mean `Sigmod`? ..."


def match_components(defined, aliases=None, components=None):
    """Map each canonical component to the student's definition of it.

    ``defined`` maps names to their kind ("class" or "function"); ``aliases`` maps a canonical name to
    the student's (from ``--alias Sigmoid=Sigmod``) and overrides the rest. Case-insensitive matches and
    suggestions only pair a class with a class and a function with a function: the function
    ``sigmoid`` is not the layer ``Sigmoid``.
    """
    aliases = aliases or {}
    components = COMPONENT_KINDS if components is None else components
    matches = {}
    for canonical, kind in components.items():
        if canonical in aliases:
            matches[canonical] = _aliased(canonical, aliases[canonical], defined)
        elif defined.get(canonical) == kind:
            matches[canonical] = Match(canonical, "exact")
        else:
            matches[canonical] = _folded(canonical, kind, defined)
    taken = {match.name for match in matches.values()}
    for canonical, match in matches.items():
        if match.name is None and match.suggestion is None:
            spare = [n for n, k in defined.items() if k == components[canonical] and n not in taken]
            near = closest_name(canonical, spare)
            if near:
                match.suggestion = _("did you mean `{name}`? If so, run with --alias {component}={name}").format(
                    name=near, component=canonical)
    return matches


# Other names students give a layer that leave no doubt which one it is (spelt as ``spelling`` gives them).
LAYER_NAMES = {"MulLayer": {"multiplylayer", "multiplicationlayer"}, "AddLayer": {"additionlayer"}}


def spelling(name):
    """A name without case and underscores: ``soft_max``, ``Soft_Max`` and ``softmax`` are spelt alike."""
    return name.lower().replace("_", "")


def _folded(canonical, kind, defined):
    """``ReLU`` for Relu (case-insensitive); ``soft_max`` for softmax (spelt alike); for a layer, ``AffineLayer``,
    ``Sigmoid_Layer`` or ``MultiplyLayer`` (a layer's name)."""
    same_kind = sorted(n for n, k in defined.items() if k == kind)
    for how, same in (
        ("case-insensitive", lambda n: n.lower() == canonical.lower()),
        ("spelt alike", lambda n: spelling(n) == spelling(canonical)),
        ("layer name", lambda n: kind == "class" and (spelling(n) == spelling(canonical) + "layer"
                                                       or spelling(n) in LAYER_NAMES.get(canonical, ()))),
    ):
        found = [n for n in same_kind if same(n)]
        if found:
            return Match(found[0], how)
    return Match(None, None)


def _aliased(canonical, name, defined):
    if name in defined:
        return Match(name, "alias")
    return Match(None, None, _("--alias {component}={name} was given, but nothing named `{name}` is defined").format(
        component=canonical, name=name))


def near_miss_methods(defined_methods, expected=("forward", "backward")):
    """Expected methods that are missing, mapped to the misspelling found ({"forward": "forwark"})."""
    defined = list(defined_methods)
    spare = [name for name in defined if name not in expected]
    misses = {}
    for name in expected:
        if name not in defined:
            near = closest_name(name, spare)
            if near:
                misses[name] = near
    return misses


# The book's other classes, which look like the graded ones but are something else (chapters 6 and 7), and the
# base classes students give their layers.
NOT_A_NEAR_MISS = frozenset({"multilayernet", "multilayernetextend", "simpleconvnet", "deepconvnet", "layer",
                             "baselayer", "layerbase"})


def closest_name(target, names):
    """The name in ``names`` most like ``target`` if it is a near miss (ignoring case), else None."""
    best, best_ratio = None, 0.0
    for name in names:
        a = spelling(target)
        spelt = spelling(name)
        # SigmodLayer and AffineLyaer are near misses of Sigmoid and Affine: compare the name with and without a
        # "layer" at its end to the component's name with and without one; TwoLayerNeuralNetwork spelt with "net"
        forms = {spelt, spelt[: -len("layer")]} if spelt.endswith("layer") and not a.endswith("layer") else {spelt}
        forms |= {form.replace("neuralnetwork", "net").replace("network", "net") for form in forms}
        if forms & NOT_A_NEAR_MISS:
            continue
        pairs = [(t, b) for t in ({a} if a.endswith("layer") else {a, a + "layer"}) for b in forms]
        ratio = max(difflib.SequenceMatcher(None, t, b).ratio() for t, b in pairs)
        near = ratio >= NEAR_MISS_RATIO or any(
            abs(len(t) - len(b)) <= NEAR_MISS_EDITS and edit_distance(t, b) <= NEAR_MISS_EDITS for t, b in pairs
        )
        if near and (best is None or ratio > best_ratio):
            best, best_ratio = name, ratio
    return best


def edit_distance(a, b):
    """Levenshtein distance: insertions, deletions and substitutions, one each."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]
