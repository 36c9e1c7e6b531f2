"""Read a submission's files safely: size-limited, text only, and a folder walk that cannot loop."""
import io
import itertools
import os
import stat
import tokenize
from dataclasses import dataclass

from backprop_spec.loading.problems import LoadError
from spec.i18n import _

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FOLDER_FILES = 1000  # Python files and notebooks read from one folder
MAX_FOLDER_ENTRIES = 100_000  # directory entries looked at in one folder, whatever they are
SOURCE_SUFFIXES = (".py", ".ipynb")
SKIPPED_FOLDERS = frozenset(
    {"__pycache__", "site-packages", "dist-packages", "node_modules", "venv", "env", "virtualenv"}
)


@dataclass(frozen=True)
class FoundFile:
    relative: str  # path from the folder root, with "/" separators
    path: str


def read_text(path, shown, *, honour_coding_line=True):
    """The text of a source file with "\\n" newlines; raises LoadError for anything that is not text.

    ``honour_coding_line`` follows a PEP 263 ``# -*- coding: ... -*-`` line, as Python does for .py files.
    """
    data = _read_bytes(path, shown)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LoadError(_("{shown} is a binary file, not source code (it contains a NUL byte at offset {nul})").format(
            shown=shown, nul=nul))
    encoding = _declared_encoding(data) if honour_coding_line else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except LookupError:  # a coding line naming a codec that is not a text encoding (rot13, hex, zlib)
        raise LoadError(_("{shown} declares the coding {encoding}, in which Python reads no source code; save the "
                          "file as UTF-8 without that line").format(shown=shown, encoding=encoding)) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        expected = "UTF-8" if encoding.startswith("utf-8") else _("{encoding} (as its coding line declares)").format(
            encoding=encoding)
        raise LoadError(
            _("{shown} is not {expected} text: byte 0x{byte:02x} at offset {start} (line {line}) cannot be decoded; "
              "save the file as UTF-8").format(
                shown=shown, expected=expected, byte=data[error.start], start=error.start, line=line)
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path, shown):
    # O_NONBLOCK so that a FIFO named like a source file cannot block us before fstat rejects it.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _unreadable(shown, error) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(_("{shown} is not a regular file").format(shown=shown))
        if info.st_size > MAX_FILE_BYTES:
            raise _too_big(shown, info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _unreadable(shown, error) from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(shown, len(data))
    return data


def _unreadable(shown, error):
    reason = "permission denied" if isinstance(error, PermissionError) else error.strerror or str(error)
    return LoadError(_("{shown} cannot be read: {reason}").format(shown=shown, reason=reason))


def _too_big(shown, size):
    return LoadError(
        _("{shown} is {size:.1f} MB, over the {limit} MB limit for one source file; hand in the code without data "
          "or outputs").format(shown=shown, size=size / 2**20, limit=MAX_FILE_BYTES // 2**20)
    )


def _declared_encoding(data):
    """The encoding a coding line declares; UTF-8 (with or without a byte-order mark) otherwise."""
    try:
        encoding, _lines = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:  # undecodable first lines or an unknown codec: report it as not UTF-8
        return "utf-8-sig"
    return encoding


def find_source_files(root):
    """The Python files and notebooks under ``root``, sorted, with warnings about what was left out.

    Hidden, cache and virtualenv folders are skipped. Links to folders are never followed and links to
    files only inside ``root``, so a symlink loop cannot hang the walk and no file outside the submission
    is read.
    """
    found, warnings = [], []
    for relative, entry in _walk(root, warnings):
        if not entry.name.lower().endswith(SOURCE_SUFFIXES):
            continue
        if len(found) == MAX_FOLDER_FILES:
            warnings.append(_("the folder holds over {limit:,} source files; the rest are skipped").format(
                limit=MAX_FOLDER_FILES))
            break
        found.append(FoundFile(relative, entry.path))
    return sorted(found, key=_source_order), warnings


def _walk(root, warnings):
    """Yield ``(relative path, DirEntry)`` for each file the walk may read; add to ``warnings`` as it goes."""
    root_real = os.path.realpath(root)
    visited = {root_real}
    pending = [(root, "")]
    entries_seen = 0
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                room = MAX_FOLDER_ENTRIES - entries_seen
                entries = sorted(itertools.islice(listing, room + 1), key=lambda entry: entry.name)
        except OSError as error:
            warnings.append(_("{folder} cannot be read ({strerror}); its files are skipped").format(
                folder=prefix or './', strerror=error.strerror))
            continue
        if len(entries) > room:
            warnings.append(_("the folder holds over {limit:,} entries; the rest are not read").format(
                limit=MAX_FOLDER_ENTRIES))
            entries, pending = entries[:room], []
        entries_seen += len(entries)
        for entry in entries:
            relative = prefix + entry.name
            if entry.name.startswith(".") or not _may_follow(entry, relative, root_real, warnings):
                continue
            if _is_real_folder(entry):
                real = os.path.realpath(entry.path)
                if not _is_skipped_folder(entry) and real not in visited:
                    visited.add(real)
                    pending.append((entry.path, relative + "/"))
            else:
                yield relative, entry


def _may_follow(entry, relative, root_real, warnings):
    """False for a link to a folder, or to a file outside the submission or of no interest."""
    if not entry.is_symlink():
        return True
    target = os.path.realpath(entry.path)
    if os.path.isdir(target):
        warnings.append(_("{relative} is a link to a folder; links to folders are not followed").format(
            relative=relative))
        return False
    if not entry.name.lower().endswith(SOURCE_SUFFIXES):
        return False
    if not _is_inside(target, root_real):
        warnings.append(_("{relative} links to a file outside the submission; it is skipped").format(relative=relative))
        return False
    return True


def _source_order(found):
    """.py files first, so that they get their plain module names before notebooks of the same name."""
    return (not found.relative.lower().endswith(".py"), found.relative)


def _is_real_folder(entry):
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_skipped_folder(entry):
    return entry.name in SKIPPED_FOLDERS or os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))


def _is_inside(path, root):
    return os.path.commonpath([path, root]) == root
