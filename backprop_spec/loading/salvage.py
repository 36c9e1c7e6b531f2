"""Keep what parses of code that does not parse as a whole: one broken class costs only that class, which
is reported as the student's and failing, never as missing."""
import re
from dataclasses import dataclass

from backprop_spec.loading.continuation import LineScanner
from backprop_spec.loading.statements import SourceSyntaxError, parse_statements
from backprop_spec.loading.syntax_hints import syntax_hint
from spec.i18n import _

DEFINITION_START = re.compile(r"(?:@|def\s|async\s+def\s|class\s)")
CONTINUATION_START = re.compile(r"(?:else|elif|except|finally)\b|[)\]}]")
NAMED_DEFINITION = re.compile(r"(?:async\s+)?(def|class)\s+(\w+)")


@dataclass
class Unparsed:
    """A top-level chunk that does not parse: a definition (``name``, ``kind``) or another statement."""

    line: int  # of the error, in the unit's numbering
    error: str  # "SyntaxError: expected ':'"
    hint: str
    name: str = ""
    kind: str = ""  # class | function, for a definition


def salvage_statements(text, line_offset=0):
    """The statements of the top-level chunks that parse on their own, and an :class:`Unparsed` for each other."""
    lines = text.split("\n")
    statements, unparsed = [], []
    for start, end in top_level_chunks(lines):
        try:
            statements += parse_statements("\n".join(lines[start:end]), line_offset=line_offset + start)
        except SourceSyntaxError as failure:
            line = start + failure.line
            kind, name = _definition(lines[start:end])
            unparsed.append(Unparsed(line_offset + line, f"{failure.kind}: {failure.message}",
                                     syntax_hint(failure.kind, failure.message, _line(lines, line)), name, kind))
    return statements, unparsed


def describe(unparsed, shown, where):
    """The warning for a chunk that does not parse, naming the file (or cell) and the line."""
    if unparsed.kind == "class":
        text = _("{file} {where}: class {name} does not parse ({error}) — this definition is skipped")
    elif unparsed.kind:
        text = _("{file} {where}: function {name} does not parse ({error}) — this definition is skipped")
    else:
        text = _("{file} {where}: a statement does not parse ({error}) — this statement is skipped")
    text = text.format(file=shown, where=where(unparsed.line), name=unparsed.name, error=unparsed.error)
    return _("{warning} (hint: {hint})").format(warning=text, hint=unparsed.hint) if unparsed.hint else text


def top_level_chunks(lines):
    """Split ``lines`` where a new top-level statement starts: ``(first, last + 1)`` index pairs.

    A statement starts at column 0 unless the line continues the one before (``else:``, ``except``, a
    closing bracket, an open string or bracket, a backslash) or is the definition its decorators announce.
    A ``def`` or ``class`` line starts a new chunk even inside an unclosed bracket.
    """
    starts = [0]
    scanner = LineScanner()
    after_decorator = False
    for index, line in enumerate(lines):
        if _begins_statement(line, scanner):
            is_decorator = line.startswith("@")
            decorated_definition = after_decorator and bool(DEFINITION_START.match(line))
            if not decorated_definition:
                starts.append(index)
            after_decorator = is_decorator
            scanner.forget_brackets()
        scanner.feed(line)
    bounds = zip(starts, starts[1:] + [len(lines)])
    return [(start, end) for start, end in bounds if start < end]


def _begins_statement(line, scanner):
    if not line or line[0] in " \t\f#" or CONTINUATION_START.match(line):
        return False
    if scanner.open_string or scanner.after_backslash:
        return False
    return not scanner.open_brackets or bool(DEFINITION_START.match(line))


def _definition(chunk_lines):
    """("class", "Affine") for a chunk that defines a class, ("", "") for any other statement."""
    for line in chunk_lines:
        named = NAMED_DEFINITION.match(line)
        if named:
            return ("function" if named.group(1) == "def" else "class"), named.group(2)
    return "", ""


def _line(lines, number):
    return lines[number - 1] if 0 < number <= len(lines) else ""
