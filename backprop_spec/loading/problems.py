"""How loading reports a problem: one line of text that names the file and says what to do."""

MESSAGE_LIMIT = 400


class LoadError(Exception):
    """Nothing in this file (or folder) can be graded; the message is the line to show."""


def one_line(text, limit=MESSAGE_LIMIT):
    """Collapse ``text`` onto one printable line, however odd the file names or error texts inside it."""
    text = " ".join(str(text).split())
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"
