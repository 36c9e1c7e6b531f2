"""A matplotlib font cache built once, by the grader, for the workers to read.

Without one, every worker whose submission imports ``matplotlib.pyplot`` would rebuild it in its fresh
folder: half a second each time, and a call to ``fc-list`` that the guard refuses and flags, though the
student did nothing wrong. The cache is kept per matplotlib version under the user's cache folder.
"""

import importlib.metadata
import os
import subprocess
import sys

BUILD_TIMEOUT_S = 120


def font_cache_dir():
    """The folder of a font cache for the installed matplotlib, built if needed; None if impossible."""
    try:
        version = importlib.metadata.version("matplotlib")
    except importlib.metadata.PackageNotFoundError:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "backprop-spec", f"matplotlib-{version}")
    if not _has_cache(folder):
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            subprocess.run(
                [sys.executable, "-I", "-c", "import matplotlib.font_manager"],
                env=dict(os.environ, MPLCONFIGDIR=folder, MPLBACKEND="Agg"),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=BUILD_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
    return folder if _has_cache(folder) else None


def _has_cache(folder):
    try:
        return any(name.startswith("fontlist") for name in os.listdir(folder))
    except OSError:
        return False
