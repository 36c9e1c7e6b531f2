"""What ``check()`` is to check, decided before anything runs: which components, the student's objects for
them, and why the others are not there (missing, misspelt, or the book's helpers rather than the student's)."""
import inspect
from dataclasses import dataclass, field

from backprop_spec.loading.names import closest_name, match_components
from backprop_spec.notebook import words
from backprop_spec.notebook.origin import global_namespace, helper_origin
from spec.clauses import COMPONENTS
from spec.i18n import _


@dataclass
class Plan:
    """What to check, decided before anything runs."""

    namespace: dict  # where the subject finds components: the student's own objects, helpers left out
    checked: list  # the components to run, in the catalogue's order
    objects: dict  # component -> the student's object
    names: dict  # component -> the student's name for it
    not_yours: dict = field(default_factory=dict)  # component -> why it is the book's, not the student's
    missing: dict = field(default_factory=dict)  # check() without argument: component -> why ("" if undefined)
    everything: bool = False


def plan_everything(namespace):
    """Every component the namespace defines, matched by name as the grader matches; the others, with why."""
    own, helpers = split_helpers(namespace)
    kinds = _kinds(own)
    matches = match_components(kinds)
    checked = [c for c in COMPONENTS if matches[c].name]
    taken = {m.name for m in matches.values() if m.name}
    missing = {c: _why_missing(c, kinds, helpers, taken) for c in COMPONENTS if not matches[c].name}
    return Plan(own, checked, {c: own[matches[c].name] for c in checked}, {c: matches[c].name for c in checked},
                missing=missing, everything=True)


def plan_one(obj, component, caller):
    """``obj`` as ``component`` (or as its name says), with the names its code reads from its own globals."""
    component = _component_of(obj, component)
    namespace = global_namespace(obj)
    own, _helpers = split_helpers(caller if namespace is None else namespace)
    own[component] = obj  # an exact name wins, so the subject finds this very object
    name = getattr(obj, "__name__", component)
    origin = helper_origin(obj)
    if origin:
        where, how = origin
        note = _(words.NOT_YOURS).format(name=name, how=_(words.ORIGIN_HOW[how]), origin=where, component=component)
        return Plan(own, [], {component: obj}, {component: name}, not_yours={component: note})
    return Plan(own, [component], {component: obj}, {component: name})


def _component_of(obj, component):
    """The component ``obj`` is: ``component`` when given, else the one its name matches as the grader matches."""
    if not callable(obj):
        cls = type(obj).__name__
        if any(m.name for m in match_components({cls: "class"}).values()):
            raise TypeError(_(words.AN_INSTANCE).format(name=cls))
        raise TypeError(_(words.NOT_CALLABLE).format(what=f"{cls} {obj!r:.40}"))
    kind = "class" if inspect.isclass(obj) else "function"
    name = getattr(obj, "__name__", "")
    if component is not None:
        if component not in COMPONENTS:
            raise ValueError(_(words.UNKNOWN_COMPONENT).format(given=component, components=_listed()))
        if COMPONENTS[component] != kind:
            raise TypeError(_(words.WRONG_KIND).format(component=component, kind=_(words.KINDS[COMPONENTS[component]]),
                                                       name=name or obj, other=_(words.KINDS[kind])))
        return component
    found = [c for c, m in match_components({name: kind}).items() if m.name]
    if found:
        return found[0]
    near = [c for c, k in COMPONENTS.items() if k == kind and closest_name(c, [name])]
    if near:
        raise ValueError(_(words.NOT_A_COMPONENT_NEAR).format(name=name, near=near[0]))
    raise ValueError(_(words.NOT_A_COMPONENT).format(name=name, components=_listed()))


def split_helpers(namespace):
    """``(own, helpers)``: the namespace without what came from the book's helpers, and those, name -> origin."""
    own, helpers = {}, {}
    for name, value in namespace.items():
        origin = _origin(value) if callable(value) and not name.startswith("_") else None
        if origin:
            helpers[name] = (origin, "class" if inspect.isclass(value) else "function")
        else:
            own[name] = value
    return own, helpers


def _origin(value):
    try:
        return helper_origin(value)
    except Exception:  # an object whose attributes raise is nobody's helper
        return None


def _kinds(namespace):
    """As LocalSubject sees them: every public callable, a class or (anything else) a function."""
    return {name: "class" if inspect.isclass(value) else "function"
            for name, value in namespace.items() if callable(value) and not name.startswith("_")}


def _why_missing(component, kinds, helpers, taken):
    kind = COMPONENTS[component]
    helper = match_components({n: k for n, (_where, k) in helpers.items()}, components={component: kind})[component]
    if helper.name:
        (where, how), _kind = helpers[helper.name]
        return _(words.NOT_YOURS_SHORT).format(how=_(words.ORIGIN_HOW[how]), origin=where)
    near = closest_name(component, [n for n, k in kinds.items() if k == kind and n not in taken])
    return _(words.NEAR_MISS).format(near=near, name=component) if near else ""


def _listed():
    return ", ".join(COMPONENTS)
