"""Find, by reading the code, where each graded component is defined and which definition counts."""
import ast
from dataclasses import dataclass, field, replace
from typing import List

from backprop_spec.loading.model import Candidate
from backprop_spec.loading.names import match_components
from backprop_spec.loading.statements import SourceSyntaxError, parse_module

FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass
class Definition:
    kind: str  # class | function
    line: int
    methods: List[str] = field(default_factory=list)


def top_level_definitions(statements):
    """Name -> Definition for a unit's top-level classes and functions; the last definition of a name wins.

    ``Relu = ReLU`` counts as a definition of ``Relu`` of the same kind as ``ReLU``.
    """
    found = {}
    for statement in statements:
        node = statement.node
        if isinstance(node, ast.ClassDef):
            found[node.name] = Definition("class", node.lineno, method_names(node))
        elif isinstance(node, FUNCTION_NODES):
            found[node.name] = Definition("function", node.lineno)
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


def preference(filename):
    """Sort key among units defining the same component: chapter 5, then common/, then the shortest path."""
    lowered = filename.lower()
    if "ch05" in lowered or "ch5" in lowered:
        tier = 0
    elif lowered.startswith("common/"):
        tier = 1
    else:
        tier = 2
    return tier, len(filename), filename


def find_components(units_with_definitions, aliases):
    """Candidates per component (preferred first), the preferred one, and suggestions for those not found.

    ``units_with_definitions`` pairs each SourceUnit with its ``top_level_definitions``.
    """
    candidates, suggestions = {}, {}
    for unit, found in sorted(units_with_definitions, key=lambda pair: preference(pair[0].filename)):
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
                    )
                )
            elif match.suggestion:
                suggestions.setdefault(component, match.suggestion)
    preferred = {component: found[0] for component, found in candidates.items()}
    suggestions = {component: text for component, text in suggestions.items() if component not in candidates}
    return candidates, preferred, suggestions
