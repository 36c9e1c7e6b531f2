"""Tell whether a line continues the statement before it, without a tokenizer, so it works on broken code.

Used to split a file that does not parse into top-level statements, and to tell a notebook's IPython
lines (``%matplotlib inline``) from the continued ``% value)`` of a formatting expression.
"""


class LineScanner:
    """Feed lines in order; ``continues`` says whether the next line belongs to the current statement."""

    def __init__(self):
        self.open_brackets = 0
        self.open_string = None  # the triple quote of a string still open at the end of the last line
        self.after_backslash = False

    @property
    def continues(self):
        return bool(self.open_brackets or self.open_string or self.after_backslash)

    def forget_brackets(self):
        """Drop unclosed brackets: a broken statement should not swallow the definitions after it."""
        self.open_brackets = 0

    def feed(self, line):
        self.after_backslash = False
        position = 0
        if self.open_string:
            position, closed = _skip_string(line, 0, self.open_string)
            if not closed:
                return
            self.open_string = None
        while position < len(line):
            char = line[position]
            if char == "#":
                return
            if char in "\"'":
                quote = char * 3 if line.startswith(char * 3, position) else char
                position, closed = _skip_string(line, position + len(quote), quote)
                if not closed and len(quote) == 3:
                    self.open_string = quote
                continue
            if char in "([{":
                self.open_brackets += 1
            elif char in ")]}":
                self.open_brackets = max(0, self.open_brackets - 1)
            position += 1
        self.after_backslash = line.endswith("\\")


def _skip_string(line, position, quote):
    """Move past a string's body; return where scanning goes on and whether the string closed on this line."""
    while position < len(line):
        if line[position] == "\\":
            position += 2
        elif line.startswith(quote, position):
            return position + len(quote), True
        else:
            position += 1
    return len(line), False
