"""Find, by reading the code, where each graded component is defined and which definition counts."""
import ast
import re
from dataclasses import dataclass, field, replace
from typing import List

from backprop_spec.loading.definitions import global_reads
from backprop_spec.loading.model import Candidate
from backprop_spec.loading.names import match_components
from backprop_spec.loading.statements import SourceSyntaxError, parse_module

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


# A path in chapter 5's folder or file: ch05/, ch5_, chap5/, chapter05/, chapter_5/, Ch05/, 5장, 第5章, 5-backprop.
CHAPTER_5 = re.compile(r"(?:^|[^a-z0-9])(?:ch|chap|chapter)[ _.-]?0?5(?![0-9])|(?:^|[^0-9])0?5(?:장|章)|第5章"
                       r"|(?:^|/)0?5[ _.-]", re.IGNORECASE)


def preference(filename, imported=0):
    """Sort key among units defining the same component: chapter 5's, then common/, then the one that other
    files import it from most (``imported``), then the shortest path."""
    if CHAPTER_5.search(filename):
        tier = 0
    elif filename.lower().startswith("common/"):
        tier = 1
    else:
        tier = 2
    return tier, -imported, len(filename), filename


def find_components(units_with_definitions, aliases):
    """Candidates per component (preferred first), the preferred one, and suggestions for those not found.

    ``units_with_definitions`` pairs each SourceUnit with its ``top_level_definitions``.
    """
    candidates, suggestions = {}, {}
    imports = [record for unit, _ in units_with_definitions for record in unit.imports]
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
    for found in candidates.values():
        found.sort(key=lambda c: preference(c.filename, sum(r.module == c.module and (c.name in r.names or
                                                                                      "*" in r.names)
                                                            for r in imports)))
    preferred = {component: found[0] for component, found in candidates.items()}
    suggestions = {component: text for component, text in suggestions.items() if component not in candidates}
    return candidates, preferred, suggestions
