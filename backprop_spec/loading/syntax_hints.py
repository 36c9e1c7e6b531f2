"""What usually causes a syntax error in a student's definition, said in a sentence they can act on.

Python's own messages differ between versions (3.9 often says only "invalid syntax"), so each cause is
recognised from the message or from the line itself.
"""
import re
import sys

from spec.i18n import N_, _

BLOCK_STATEMENT = re.compile(r"\s*(def|class|if|elif|else|for|while|try|except|finally|with)\b")
DOTTED_PARAMETER = re.compile(r"^\s*def\s+\w+\s*\([^)]*\bself\.\w")
FULL_WIDTH = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
# Syntax that a newer Python than the grader's accepts, by the version that brought it: type parameters
# (def f[T](...), class C[T]:) and type statements in 3.12; match statements in 3.10.
NEWER_SYNTAX = [
    ((3, 12), re.compile(r"^\s*(?:(?:async\s+)?def|class)\s+\w+\s*\[|^\s*type\s+\w+\s*(?:\[.*\])?\s*=")),
    ((3, 10), re.compile(r"^\s*(?:match|case)\s+\S.*:\s*(?:#.*)?$")),
]


def syntax_hint(kind, message, line):
    """A hint for the syntax error ``kind: message`` found on ``line``, or "" when no cause is clear."""
    for recognise, hint in CAUSES:
        if recognise(kind, message, line):
            return _(hint).format(version="{}.{}".format(*sys.version_info[:2]))
    return ""


def _newer_syntax(kind, message, line):
    return any(sys.version_info < needs and pattern.search(line) for needs, pattern in NEWER_SYNTAX)


def _missing_colon(kind, message, line):
    if "expected ':'" in message:
        return True
    code = line.split("#", 1)[0].rstrip()
    return message.startswith("invalid syntax") and bool(BLOCK_STATEMENT.match(code)) and not code.endswith(":")


CAUSES = [
    (_newer_syntax,
     N_("this line is written for a newer Python than the one grading it ({version}): type parameters in brackets "
        "(`def f[T](...)`) and `type` statements need Python 3.12, `match` needs 3.10; write it without them")),
    (lambda kind, message, line: bool(DOTTED_PARAMETER.search(line)),
     N_("a `def` line lists parameters separated by commas: `def backward(self, dout):`, not `self.dout`")),
    (lambda kind, message, line: bool(FULL_WIDTH.search(line)) or "U+FF" in message or "U+300" in message,
     N_("a full-width character (such as ：, （ or a full-width space) was typed with a Japanese, Chinese or Korean "
     "input method: retype it in half-width")),
    (lambda kind, message, line: kind == "TabError" or "inconsistent use of tabs" in message,
     N_("tabs and spaces are mixed in the indentation: indent with spaces only")),
    (lambda kind, message, line: "line continuation character" in message,
     N_("a backslash `\\` that continues a line must be its last character: remove what follows it, even a space")),
    (lambda kind, message, line: "never closed" in message or "EOF" in message or "unexpected end" in message,
     N_("a bracket or a string is opened but never closed: check that each opening bracket has its closing one")),
    (_missing_colon, N_("a `def`, `class`, `if`, `for` or `while` line ends with a colon `:`")),
    (lambda kind, message, line: kind == "IndentationError",
     N_("the indentation is off: a block's lines start at the same column, one level deeper than the line before it")),
    (lambda kind, message, line: "Missing parentheses in call to 'print'" in message,
     N_("this is Python 2's print statement: write print(...)")),
    (lambda kind, message, line: "Perhaps you forgot a comma" in message, N_("a comma is missing between two items")),
    (lambda kind, message, line: "unterminated string" in message or "EOL while scanning" in message,
     N_("a string is opened but not closed on this line")),
]
