"""Which language a submission's student writes in, read from their comments, docstrings and markdown.

Kana means Japanese, hangul Korean, and Chinese characters without kana Chinese; anything else is
English. Code and names say nothing: a student who writes ``softmax`` may comment in any language.
"""
import io
import json
import tokenize

LEAST = 2  # characters of a script before it counts: one stray character is not a language


def language_of(prose):
    """``ja``, ``ko``, ``zh`` or ``en`` for the comments, docstrings and markdown in ``prose``."""
    kana = hangul = han = 0
    for char in prose:
        code = ord(char)
        if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
            kana += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            hangul += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            han += 1
    if hangul >= LEAST and hangul > kana:  # a Korean repository may keep a Japanese file of the book's
        return "ko"
    if kana and kana + han >= LEAST:  # Chinese has no kana: one among Chinese characters makes them Japanese
        return "ja"
    if han >= LEAST:
        return "zh"
    return "en"


def prose_of_python(source):
    """The comments and string literals of Python source (all of it, if it does not tokenize)."""
    pieces = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.COMMENT, tokenize.STRING):
                pieces.append(token.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    return "\n".join(pieces)


def prose_of_notebook(text):
    """The markdown cells of a notebook, and the comments and strings of its code cells."""
    try:
        cells = json.loads(text).get("cells") or []
    except (ValueError, AttributeError, RecursionError):
        return ""
    pieces = []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        source = "".join(map(str, source)) if isinstance(source, list) else str(source)
        pieces.append(source if cell.get("cell_type") == "markdown" else prose_of_python(source))
    return "\n".join(pieces)
