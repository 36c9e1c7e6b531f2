"""A progress line on stderr while a class is graded.

On a terminal one line is redrawn in place; in a log (stderr a file or a pipe) a line is written only
at every tenth of the way, so that CI logs stay short.
"""
import os
import shutil
import sys
import time

from backprop_spec.results import format_points

BAR_WIDTH = 24
LOG_STEPS = 10


class Progress:
    """Counts graded submissions: ``with Progress(len(paths)) as p: ... p.advance(result)``."""

    def __init__(self, total, *, stream=None, enabled=True, clock=time.monotonic):
        self.total = total
        self.done = 0
        self.last = None
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled
        self.clock = clock
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = clock()
        self.logged_step = 0

    def __enter__(self):
        if self.interactive:
            self.draw()
        return self

    def advance(self, result):
        """Count ``result`` (a SubmissionResult) as done and show its score."""
        self.done += 1
        self.last = result
        if self.interactive:
            self.draw()
        elif self.total and self.done * LOG_STEPS // self.total > self.logged_step:
            self.logged_step = self.done * LOG_STEPS // self.total
            self.emit(self.line() + "\n")

    def __exit__(self, *exc_info):
        if self.interactive:
            self.emit("\n")
        return False

    def line(self):
        elapsed = int(self.clock() - self.started)
        text = f"{self.done}/{self.total} graded  {elapsed // 60:02d}:{elapsed % 60:02d}"
        if self.last is not None:
            r = self.last
            score = "ERROR" if r.error else f"{format_points(r.score)}/{format_points(r.max_score)}"
            text += f"  last: {os.path.basename(r.submission.rstrip('/')) or r.submission} {score}"
        return text

    def draw(self):
        filled = BAR_WIDTH * self.done // self.total if self.total else BAR_WIDTH
        text = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.line()}"
        width = shutil.get_terminal_size().columns - 1
        self.emit(f"\r{text[:width]:<{width}}")

    def emit(self, text):
        if self.enabled:
            self.stream.write(text)
            self.stream.flush()
