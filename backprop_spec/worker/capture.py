"""What student code prints, kept in the worker's memory: the first characters kept, the rest only counted.

Nothing is written to a pipe, so a submission that prints gigabytes neither blocks on a full pipe nor
reaches the grader's terminal; the grader reads what was kept along with each answer.
"""

import io

OUTPUT_LIMIT = 64 * 1024  # characters kept, stdout and stderr together


class Capture:
    """The shared record behind the captured ``sys.stdout`` and ``sys.stderr``."""

    def __init__(self, limit=OUTPUT_LIMIT):
        self.limit = limit
        self.kept = []
        self.kept_chars = 0
        self.counts = {"stdout": 0, "stderr": 0}
        self._reported = 0  # entries of ``kept`` already handed to the grader

    def stream(self, name):
        return CapturedStream(self, name)

    def add(self, name, text):
        self.counts[name] += len(text)
        room = self.limit - self.kept_chars
        if room > 0:
            part = text[:room]
            self.kept.append(part)
            self.kept_chars += len(part)

    def news(self):
        """Text kept since the last call, and the characters printed so far per stream."""
        text = "".join(self.kept[self._reported :])
        self._reported = len(self.kept)
        return text, dict(self.counts)


class CapturedStream(io.TextIOBase):
    """A text stream that records into a :class:`Capture`; ``buffer`` accepts bytes, as a real one does."""

    def __init__(self, capture, name):
        super().__init__()
        self._capture = capture
        self.name = f"<captured {name}>"
        self._stream = name
        self.buffer = _CapturedBytes(self)

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "replace"

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        raise io.UnsupportedOperation("output is captured by the grader and has no file descriptor")

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._capture.add(self._stream, str.__str__(text))
        return len(text)

    def flush(self):
        pass


class _CapturedBytes(io.RawIOBase):
    def __init__(self, text_stream):
        super().__init__()
        self._text = text_stream

    def writable(self):
        return True

    def write(self, data):
        data = bytes(data)
        self._text.write(data.decode("utf-8", "replace"))
        return len(data)
