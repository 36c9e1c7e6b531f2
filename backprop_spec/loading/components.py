"""Find, by reading the code, where each graded component is defined and which definition counts."""
import ast
import re
from dataclasses import dataclass, field, replace
from typing import List

from backprop_spec.loading.definitions import global_reads
from backprop_spec.loading.model import Candidate
from backprop_spec.loading.names import match_components
from backprop_spec.loading.statements import SourceSyntaxError, parse_module
from spec.i18n import _

FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass
class Definition:
    kind: str  # class | function
    line: int
    methods: List[str] = field(default_factory=list)
    reads: List[str] = field(default_factory=list)  # module-level names its code reads


def top_level_definitions(statements):
    """Name -> Definition for a unit's top-level classes and functions; the last definition of a name wins.

    ``Relu = ReLU`` counts as a definition of ``Relu`` of the same kind as ``ReLU``.
    """
    found = {}
    for statement in statements:
        node = statement.node
        if isinstance(node, ast.ClassDef):
            found[node.name] = Definition("class", node.lineno, method_names(node), global_reads(statement))
        elif isinstance(node, FUNCTION_NODES):
            found[node.name] = Definition("function", node.lineno, reads=global_reads(statement))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in found:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = replace(found[node.value.id], line=node.lineno)
    return found


def method_names(class_node):
    return [node.name for node in class_node.body if isinstance(node, FUNCTION_NODES)]


def static_methods(unit_code, class_name):
    """The methods of the top-level class ``class_name`` in ``unit_code``, read without running it."""
    try:
        tree = parse_module(unit_code)
    except SourceSyntaxError:
        return []
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name]
    return method_names(classes[-1]) if classes else []


# A chapter named in a path: ch05/, ch5_, chap5/, chapter05/, chapter_5/, Ch05/, chapter_five/, 5장, 第5章, 第五章.
NAMED_CHAPTER = re.compile(r"(?:^|[^a-z0-9])(?:ch|chap|chapter)[ _.-]?(?P<number>\d+|five)(?![0-9])"
                           r"|(?:^|[^0-9])(?P<before>\d+)\s*(?:장|章)|第(?P<han>\d+|五)章", re.IGNORECASE)
# Without a named chapter, a folder or file numbered 5: 5/, 05-backprop.ipynb, notebooks/5_layers.py.
NUMBERED_5 = re.compile(r"(?:^|/)0?5[ _./-]")


def in_chapter_5(path):
    """Whether ``path`` is chapter 5's: a chapter named 5 in it, or else, when it names no chapter, a folder or file
    numbered 5 (a section numbered 05- inside 第3章/ is chapter 3's)."""
    named = _named_chapters(path)
    if named:
        return 5 in named
    return bool(NUMBERED_5.search(path))


def in_another_chapter(path):
    """Whether ``path`` names chapters, none of them 5: ch04/, Chapter4/, 第3章/."""
    named = _named_chapters(path)
    return bool(named) and 5 not in named


def _named_chapters(path):
    numbers = (next(n for n in match.groups() if n).lower() for match in NAMED_CHAPTER.finditer(path))
    return {5 if n in ("five", "五") else int(n) for n in numbers}


# What a definition of each class component has when it is chapter 5's: its methods, and for the network the
# layers it is built from (a chapter-4 TwoLayerNet has no gradient method and no Affine).
CHAPTER_5_SHAPE = {"TwoLayerNet": {"gradient", "Affine", "Relu", "SoftmaxWithLoss", "OrderedDict"}}
LAYER_METHODS = {"forward", "backward"}


def preference(filename, imported=0, completeness=0, used_by_network=False):
    """Sort key among definitions of the same component: chapter 5's own files, then chapter 5's copy of the
    helpers, then common/, then the rest; within those, the definition that has more of what chapter 5 asks of
    it (``completeness``), then the one the graded TwoLayerNet's file uses (``used_by_network``), then the one
    that other files import most (``imported``), then the shortest path."""
    in_common = "common/" in filename.lower()
    if in_chapter_5(filename):
        tier = 1 if in_common else 0
    elif filename.lower().startswith("common/"):
        tier = 2
    else:
        tier = 3
    return tier, -completeness, not used_by_network, -imported, len(filename), filename


def completeness(candidate):
    """How much of what chapter 5's component has the candidate has: its methods, and the layers it uses."""
    if candidate.kind != "class":
        return 0
    wanted = CHAPTER_5_SHAPE.get(candidate.component, LAYER_METHODS)
    return len(wanted & (set(candidate.methods) | set(candidate.reads)))


def _imports_from(record, candidate):
    """Whether an import takes ``candidate`` from its module: ``from two_layer_net_2 import TwoLayerNet`` takes
    package/two_layer_net_2.py's, found from its own folder or through ``sys.path``."""
    module = candidate.module
    same = record.module == module or module.endswith("." + record.module)
    return same and (candidate.name in record.names or "*" in record.names)


def _used_by(network, units_with_definitions):
    """Whether a candidate is what ``network``'s file ran with: defined there, or taken by the last of its imports
    that take any definition of the component (``from functions import *`` then ``from gradients import
    numerical_gradient``: the network ran with gradients.py's, whatever functions.py has)."""
    imports = [record for unit, _definitions in units_with_definitions if unit.module == network.module
               for record in unit.imports]

    def used(candidate, rivals):
        if candidate.module == network.module:
            return True
        takes = [record for record in imports if any(_imports_from(record, rival) for rival in rivals)]
        return bool(takes) and _imports_from(takes[-1], candidate)
    return used


def earlier_network(candidate):
    """Whether a TwoLayerNet is another chapter's, not chapter 5's: in chapter 4's folder, built without the layers
    (chapter 4's network computes its layers inline, with a sigmoid, and has no Affine, Relu or SoftmaxWithLoss)."""
    return (candidate.component == "TwoLayerNet" and in_another_chapter(candidate.filename)
            and completeness(candidate) < 2)


def find_components(units_with_definitions, aliases):
    """Candidates per component (preferred first), the preferred one, suggestions for those not found, warnings
    for those graded from outside chapter 5's folder while chapter 5's has a near miss of the name, and the
    definitions set aside as another chapter's (``earlier_network``).

    ``units_with_definitions`` pairs each SourceUnit with its ``top_level_definitions``.
    """
    candidates, suggestions, chapter_5_near = {}, {}, {}
    imports = [record for unit, _definitions in units_with_definitions for record in unit.imports]
    for unit, found in units_with_definitions:
        kinds = {name: definition.kind for name, definition in found.items()}
        for component, match in match_components(kinds, aliases).items():
            if match.name:
                definition = found[match.name]
                candidates.setdefault(component, []).append(
                    Candidate(
                        component=component,
                        module=unit.module,
                        filename=unit.filename,
                        name=match.name,
                        kind=definition.kind,
                        line=definition.line,
                        where=unit.where(definition.line),
                        how=match.how,
                        methods=definition.methods,
                        reads=definition.reads,
                    )
                )
            elif match.suggestion:
                suggestions.setdefault(component, match.suggestion)
                if in_chapter_5(unit.filename):
                    chapter_5_near.setdefault(component, f"{unit.filename}: {match.suggestion}")

    set_aside = {}
    for component, found in list(candidates.items()):
        set_aside_here = [c for c in found if earlier_network(c)]
        if set_aside_here:
            set_aside[component] = set_aside_here
            candidates[component] = [c for c in found if not earlier_network(c)]
            if not candidates[component]:
                del candidates[component]

    def imported(candidate):
        return sum(_imports_from(record, candidate) for record in imports)

    networks = candidates.get("TwoLayerNet", [])
    networks.sort(key=lambda c: preference(c.filename, imported(c), completeness(c)))
    used = _used_by(networks[0], units_with_definitions) if networks else (lambda candidate, rivals: False)
    for found in candidates.values():
        rivals = list(found)  # a list being sorted reads as empty
        found.sort(key=lambda c: preference(c.filename, imported(c), completeness(c), used(c, rivals)))
    preferred = {component: found[0] for component, found in candidates.items()}
    suggestions = {component: text for component, text in suggestions.items() if component not in candidates}
    warnings = [
        _("{component} is graded from {found_as}, outside chapter 5's folder; {near}").format(
            component=component, found_as=preferred[component].found_as, near=near)
        for component, near in chapter_5_near.items()
        if component in preferred and not in_chapter_5(preferred[component].filename)
    ]
    return candidates, preferred, suggestions, warnings, set_aside
