"""Which lines of the student's files ran, measured in the worker by coverage.py (``grade --coverage``).

The worker compiles each unit under its relative filename, which coverage.py resolves against the worker's
folder; measuring only that folder leaves out the book's helpers, NumPy and the grader's own code.
"""

import contextlib
import os
import re
import warnings


class LineRecorder:
    """Starts measuring at once; :meth:`lines` may be called while it goes on, as often as needed."""

    def __init__(self, folder):
        import coverage  # here, not at the top: a worker that does not measure does not load it

        self._folder = os.path.realpath(folder)
        self._coverage = coverage.Coverage(
            data_file=None, config_file=False, include=[_literal_glob(self._folder) + "/*"]
        )
        with _quiet():
            self._coverage.start()

    def lines(self):
        """Every line run so far: ``{filename relative to the folder: sorted line numbers}``."""
        with _quiet():
            data = self._coverage.get_data()
        return {
            os.path.relpath(path, self._folder): sorted(data.lines(path) or ())
            for path in data.measured_files()
        }


@contextlib.contextmanager
def _quiet():
    """coverage.py's warnings ("no data was collected") would land in the student's captured output."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _literal_glob(path):
    """``path`` as a coverage.py include pattern that matches it alone (a ``?`` for any special character)."""
    return re.sub(r"[^\w/.-]", "?", path)
