"""Read back the tables of check()'s HTML as a browser would see them: headers and the text of each cell."""
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = []  # each: {"headers": [...], "rows": [[cell text, ...], ...]}
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"headers": [], "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell).strip()
            if tag == "th":
                self.tables[-1]["headers"].append(text)
            else:
                self.tables[-1]["rows"][-1].append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html):
    """Every table of ``html``: a list of dicts, headers -> cell text, one per body row."""
    parser = _Tables()
    parser.feed(html)
    return [[dict(zip(t["headers"], row)) for row in t["rows"] if row] for t in parser.tables]


def statuses(html):
    """Clause id -> the status word shown, over every table of ``html``."""
    return {row["clause"]: row["status"] for table in tables(html) for row in table}
