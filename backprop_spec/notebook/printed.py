"""What the student's code prints while it is checked: kept, up to a limit, instead of flooding the notebook
(every clause runs the code many times)."""
import contextlib
import io

LIMIT = 1000  # characters kept: enough to see what a print says, not a flood


class Printed(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters written to it and counts the rest."""

    def __init__(self, limit=LIMIT):
        super().__init__()
        self.limit = limit
        self.total = 0
        self._parts = []
        self._kept = 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        self.total += len(text)
        room = self.limit - self._kept
        if room > 0:
            self._parts.append(text[:room])
            self._kept += min(room, len(text))
        return len(text)

    @property
    def text(self):
        return "".join(self._parts)


@contextlib.contextmanager
def captured():
    """Standard output and error, both into one :class:`Printed`, inside the block."""
    sink = Printed()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield sink
