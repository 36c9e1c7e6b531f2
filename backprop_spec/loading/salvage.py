"""Keep what parses of a file that does not parse as a whole: one broken class costs only that class."""
import re

from backprop_spec.loading.continuation import LineScanner
from backprop_spec.loading.statements import SourceSyntaxError, parse_statements

DEFINITION_START = re.compile(r"(?:@|def\s|async\s+def\s|class\s)")
CONTINUATION_START = re.compile(r"(?:else|elif|except|finally)\b|[)\]}]")
NAMED_DEFINITION = re.compile(r"(?:async\s+)?(def|class)\s+(\w+)")


def salvage_statements(text, shown):
    """The statements of the top-level chunks that parse on their own, and a warning for each other one."""
    lines = text.split("\n")
    statements, warnings = [], []
    for start, end in top_level_chunks(lines):
        try:
            statements += parse_statements("\n".join(lines[start:end]), line_offset=start)
        except SourceSyntaxError as failure:
            what, noun = _describe(lines[start:end])
            warnings.append(
                f"{shown} line {start + failure.line}: {failure.kind} in {what} ({failure.message}) "
                f"— this {noun} is skipped"
            )
    return statements, warnings


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


def _describe(chunk_lines):
    """("class Affine", "definition") or ("the statement `x = [`", "statement")."""
    for line in chunk_lines:
        named = NAMED_DEFINITION.match(line)
        if named:
            kind = "function" if named.group(1) == "def" else "class"
            return f"{kind} {named.group(2)}", "definition"
    first = next((line.strip() for line in chunk_lines if line.strip()), "")
    return f"the statement `{first[:60]}`", "statement"
