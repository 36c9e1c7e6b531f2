"""How loading reports a problem: one line of text that names the file and says what to do."""
from spec.i18n import _

MESSAGE_LIMIT = 400


class LoadError(Exception):
    """Nothing in this file (or folder) can be graded; the message is the line to show."""


def one_line(text, limit=MESSAGE_LIMIT):
    """Collapse ``text`` onto one printable line, however odd the file names or error texts inside it."""
    text = " ".join(str(text).split())
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listed(names, limit=8):
    """``a, b, c`` or, past ``limit`` names, ``a, b, ... and 3 more``: a list that keeps a message short."""
    names = list(names)
    shown = ", ".join(names[:limit])
    if len(names) <= limit:
        return shown
    return _("{names} and {count} more").format(names=shown, count=len(names) - limit)
