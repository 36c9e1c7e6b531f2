"""Parse source text into top-level statements, each with its own code, so that each can run on its own."""
import ast
from dataclasses import dataclass

DEFINITION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass
class Statement:
    node: ast.stmt  # line numbers already in the unit's numbering
    code: str
    line: int  # first line, decorators included


class SourceSyntaxError(Exception):
    """The text does not parse; ``line`` counts from 1 in the text that was parsed."""

    def __init__(self, kind, line, message):
        self.kind = kind
        self.line = line
        self.message = message
        super().__init__(f"{kind} at line {line}: {message}")


def parse_module(text):
    """``ast.parse``, with every way it can refuse input turned into a SourceSyntaxError."""
    try:
        return ast.parse(text)
    except SyntaxError as error:
        raise SourceSyntaxError(type(error).__name__, error.lineno or 1, error.msg or str(error)) from None
    except ValueError as error:  # NUL characters, on the Python versions that do not call it a SyntaxError
        raise SourceSyntaxError("SyntaxError", 1, str(error)) from None
    except (RecursionError, MemoryError):
        raise SourceSyntaxError("SyntaxError", 1, "nested too deeply for Python's parser") from None


def parse_statements(text, line_offset=0):
    """The top-level statements of ``text``, numbered from ``line_offset + 1``.

    An import of several names (``import os, sys``) becomes one statement per name, so that a missing
    module costs only the names it would have bound.
    """
    tree = parse_module(text)
    byte_lines = [line.encode("utf-8") for line in text.split("\n")]
    codes = [_source_segment(byte_lines, node) for node in tree.body]
    ast.increment_lineno(tree, line_offset)
    statements = []
    for node, code in zip(tree.body, codes):
        for part, part_code in _one_import_per_name(node, code):
            statements.append(Statement(part, part_code, first_line(part)))
    return statements


def first_line(node):
    decorators = getattr(node, "decorator_list", None)
    return decorators[0].lineno if decorators else node.lineno


def _source_segment(byte_lines, node):
    # AST columns count UTF-8 bytes, hence the byte lines.
    decorated = bool(getattr(node, "decorator_list", None))
    pieces = byte_lines[first_line(node) - 1 : node.end_lineno]
    pieces[-1] = pieces[-1][: node.end_col_offset]
    pieces[0] = pieces[0][0 if decorated else node.col_offset :]
    return b"\n".join(pieces).decode("utf-8")


def _one_import_per_name(node, code):
    if isinstance(node, ast.Import) and len(node.names) > 1:
        parts = [ast.Import(names=[alias]) for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and len(node.names) > 1:
        parts = [ast.ImportFrom(module=node.module, names=[alias], level=node.level) for alias in node.names]
    else:
        return [(node, code)]
    return [(ast.copy_location(part, node), ast.unparse(part)) for part in parts]
