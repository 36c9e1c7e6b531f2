"""Small text helpers shared by the report writers."""


def first_line(text):
    """The first non-blank line of ``text``: what fits in an attribute or a spreadsheet cell."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
