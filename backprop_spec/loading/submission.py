"""Load a submission: read it safely and turn it into the code the worker will run, without running any."""
import functools
import importlib.util
import os
from dataclasses import dataclass

from backprop_spec.loading.components import find_components, top_level_definitions
from backprop_spec.loading.definitions import bound_names, select_statements, shadowing_warnings
from backprop_spec.loading.files import SOURCE_SUFFIXES, find_source_files, read_text
from backprop_spec.loading.imports import free_names, imported_modules, unit_imports
from backprop_spec.loading.language import language_of, prose_of_notebook, prose_of_python
from backprop_spec.loading.model import BrokenDefinition, Chunk, LoadedSubmission, SourceUnit
from backprop_spec.loading.modules import enclosing_packages, imported_module, module_name
from backprop_spec.loading.names import match_components
from backprop_spec.loading.numpy_alias import uses_np_unbound
from backprop_spec.loading.problems import LoadError, one_line
from backprop_spec.loading.sources import MAX_CODE_CHARS, parse_notebook, parse_python_file
from backprop_spec.worker.import_path import import_candidates
from spec import i18n
from spec.i18n import _

DEFAULT_SHIM_PACKAGES = ("common", "dataset")
MAX_FOLDER_CODE_CHARS = 4 * MAX_CODE_CHARS
SINGLE_FILE_MODULE = "submission"


def load_submission(path, *, exec_all=False, shims=(), aliases=None, lang="en"):
    """Read the ``.py`` file, ``.ipynb`` notebook or folder at ``path`` into units of code to run.

    By default each unit keeps its definitions only (see ``backprop_spec.loading.definitions``); ``exec_all``
    keeps every statement. ``shims`` names packages the worker supplies besides ``common`` and
    ``dataset``; ``aliases`` maps a component to the student's name for it (``{"Sigmoid": "Sigmod"}``).
    Warnings are in ``lang``; ``auto`` is the language of the submission's comments and markdown.
    Bad input never raises: ``error`` then says in one line why nothing can be graded.
    """
    path = os.fspath(path)
    if lang == "auto":
        try:
            lang = _language(path)
        except Exception:  # an odd folder: reading it again below says what is wrong with it
            lang = "en"
    with i18n.language(lang):
        loaded = _load_safely(path, exec_all, tuple(shims), dict(aliases or {}))
    loaded.language = lang
    return loaded


def _language(path):
    """The language of the comments and markdown of the file, or of the folder's files, at ``path``."""
    if os.path.isdir(path):
        found, _warnings = find_source_files(path)
        files = [(f.path, f.relative.lower().endswith(".ipynb")) for f in found]
    else:
        files = [(path, path.lower().endswith(".ipynb"))]
    prose, budget = [], MAX_FOLDER_CODE_CHARS  # as much as loading reads, and no more
    for file, notebook in files:
        try:
            text = read_text(file, file, honour_coding_line=not notebook)
        except (LoadError, OSError):
            continue
        budget -= len(text)
        if budget < 0:
            break
        prose.append(prose_of_notebook(text) if notebook else prose_of_python(text))
    return language_of("\n".join(prose))


def _load_safely(path, exec_all, shims, aliases):
    try:
        return _load(path, exec_all, shims, aliases)
    except LoadError as problem:
        return LoadedSubmission(path=path, error=one_line(str(problem)), exec_all=exec_all)
    except Exception as bug:  # one odd submission must not stop a class of thousands from being graded
        return LoadedSubmission(
            path=path,
            error=one_line(
                f"{path} could not be loaded because of a bug in backprop-spec "
                f"({type(bug).__name__}: {bug}); please report it"
            ),
            exec_all=exec_all,
        )


@dataclass
class _Draft:
    unit: SourceUnit
    statements: list  # every statement that parsed, in order
    kept: list  # the statements that run, for the static checks
    warnings: list
    code_chars: int  # how much code was parsed
    broken: list  # BrokenDefinition of each definition that does not parse
    ipython_dropped: list  # IPython lines taken out of a notebook


def _load(path, exec_all, shims, aliases):
    shown = one_line(path)
    if os.path.isdir(path):
        drafts, warnings = _read_folder(path, shown, exec_all)
    else:
        drafts, warnings = [_read_single_file(path, shown, exec_all)], []
    _keep_what_others_import(drafts, exec_all)
    provided = {draft.unit.module for draft in drafts}
    provided.update(package for module in list(provided) for package in enclosing_packages(module))
    # The student's own `one/common/` is what `import common` found on their machine (via os.pardir).
    nested = {part for module in provided for part in module.split(".")[1:]}
    shim_packages = [p for p in dict.fromkeys(DEFAULT_SHIM_PACKAGES + shims) if p not in nested]
    warnings = [warning for draft in drafts for warning in draft.warnings] + warnings
    for draft in drafts:
        unit = draft.unit
        replaces = functools.partial(_can_replace, unit, provided, shim_packages)
        warnings += shadowing_warnings(draft.statements, unit.filename, unit.where, replaces)
    warnings += _flag_missing_numpy_imports(drafts, shim_packages)
    candidates, preferred, suggestions, elsewhere, set_aside = find_components(
        [(draft.unit, top_level_definitions(draft.kept)) for draft in drafts], aliases
    )
    warnings += elsewhere
    return LoadedSubmission(
        path=path,
        units=[draft.unit for draft in drafts],
        warnings=[one_line(warning) for warning in warnings],
        exec_all=exec_all,
        provided_modules=sorted(provided),
        shim_packages=shim_packages,
        definitions=candidates,
        preferred=preferred,
        suggestions=suggestions,
        set_aside=set_aside,
        broken=_broken_components([b for draft in drafts for b in draft.broken], candidates, aliases),
        imported_modules=sorted(imported_modules([r for draft in drafts for r in draft.unit.imports])),
    )


def _read_single_file(path, shown, exec_all):
    if not os.path.lexists(path):
        raise LoadError(_("{shown}: no such file or folder").format(shown=shown))
    if not os.path.exists(path):
        raise LoadError(_("{shown} is a broken symbolic link (or a loop of links)").format(shown=shown))
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SOURCE_SUFFIXES:
        raise LoadError(_("{shown} is not a submission: expected a .py file, a .ipynb notebook or a folder").format(
            shown=shown))
    text = read_text(path, shown, honour_coding_line=suffix == ".py")
    if not text.strip():
        raise LoadError(_("{shown} is empty: there is nothing to grade").format(shown=shown))
    filename = one_line(os.path.basename(path))
    return _draft(SINGLE_FILE_MODULE, filename, False, text, suffix == ".ipynb", exec_all)


def _read_folder(root, shown, exec_all):
    """Every Python file and notebook of the folder as a unit; a file that cannot be read is a warning."""
    found, warnings = find_source_files(root)
    if not found:
        raise LoadError(_("{shown} contains no Python files (.py or .ipynb)").format(shown=shown))
    drafts, problems, taken = [], [], set()
    for file in found:
        filename = one_line(file.relative)
        module, is_package = module_name(file.relative)
        if not module:
            warnings.append(_("{filename} is not read: the submission folder itself is not run as a package").format(
                filename=filename))
            continue
        if sum(draft.code_chars for draft in drafts) >= MAX_FOLDER_CODE_CHARS:
            problems.append(
                _("{filename} is skipped: the folder's other files already hold {limit:,} characters "
                  "of code, the limit for one submission").format(
                    filename=filename, limit=MAX_FOLDER_CODE_CHARS)
            )
            continue
        notebook = file.relative.lower().endswith(".ipynb")
        try:
            text = read_text(file.path, filename, honour_coding_line=not notebook)
            module = _unused_name(module, taken)
            drafts.append(_draft(module, filename, is_package, text, notebook, exec_all))
        except LoadError as problem:
            problems.append(str(problem))
            continue
        taken.add(module)
    if not drafts:
        raise LoadError(_("{shown}: none of its {count} Python files can be graded; {problem}").format(
            shown=shown, count=len(found), problem=problems[0]))
    return drafts, warnings + problems


def _unused_name(module, taken):
    candidate, number = module, 1
    while candidate in taken:
        number += 1
        candidate = f"{module}_{number}"
    return candidate


def _draft(module, filename, is_package, text, notebook, exec_all):
    """A SourceUnit with its chunks, and what the later static checks need."""
    parsed = parse_notebook(text, filename) if notebook else parse_python_file(text, filename)
    unit = SourceUnit(module, filename, code="", line_map=parsed.line_map, is_package=is_package)
    broken = [
        BrokenDefinition(u.name, u.kind, filename, unit.where(u.line), u.error, u.hint)
        for u in parsed.unparsed if u.name
    ]
    draft = _Draft(unit, parsed.statements, [], parsed.warnings, parsed.code_chars, broken, parsed.dropped)
    _select(draft, exec_all)
    return draft


def _select(draft, exec_all, exported=()):
    """Choose the statements of ``draft`` that run; ``exported`` names other units import from it by name."""
    unit = draft.unit
    selection = select_statements(draft.statements, exec_all=exec_all, where=unit.where, exported=exported)
    unit.dropped = [one_line(line) for line in draft.ipython_dropped + selection.dropped]
    unit.chunks = [
        Chunk(statement.code, kind, bound_names(statement.node), statement.line, unit.where(statement.line))
        for statement, kind in selection.kept
    ]
    unit.code = "".join(chunk.code + "\n" for chunk in unit.chunks)
    draft.kept = [statement for statement, _kind in selection.kept]
    unit.imports = unit_imports(draft.kept, unit.module, unit.is_package, unit.where)
    unit.free_names = free_names(unit.code, unit.filename)
    kept_ids = {id(statement) for statement in draft.kept}
    unit.unrun = {
        name: unit.where(statement.line)
        for statement in draft.statements if id(statement) not in kept_ids
        for name in bound_names(statement.node)
    }


def _keep_what_others_import(drafts, exec_all):
    """Keep the constants one module imports from another by name (``from common.config import GPU``)."""
    if exec_all:
        return
    units = {draft.unit.module: draft for draft in drafts}
    exported = {}
    for draft in drafts:
        unit = draft.unit
        package = unit.module if unit.is_package else unit.module.rpartition(".")[0]
        for record in unit.imports:
            source = next((name for name in import_candidates(package, record.module) if name in units), None)
            if source and source != unit.module:  # ch05/net.py's `from settings import GPU` is ch05/settings.py's
                exported.setdefault(source, set()).update(n for n in record.names if n != "*")
    for module, names in exported.items():
        draft = units[module]
        if names & set(draft.unit.unrun):
            _select(draft, exec_all, names)


def _broken_components(broken, candidates, aliases):
    """The definitions that do not parse and would have been a component that no other definition is."""
    kinds = {b.name: b.kind for b in broken}
    found = []
    for component, match in match_components(kinds, aliases).items():
        if match.name and component not in candidates:
            found.append(next(b for b in reversed(broken) if b.name == match.name))
    return found


def _can_replace(unit, provided, shim_packages, node):
    """Whether a star import in ``unit`` can bind the book's component names (see ``shadowing_warnings``)."""
    source = imported_module(unit.module, unit.is_package, node)
    return source is not None and (source in provided or source.split(".")[0] in shim_packages)


def _flag_missing_numpy_imports(drafts, shim_packages):
    """Mark the units that use ``np`` without binding it, so that the worker provides it; return warnings."""
    binds_np = {d.unit.module: any("np" in bound_names(s.node) for s in d.kept) for d in drafts}
    warnings = []
    for draft in drafts:
        unit = draft.unit
        brings_np = functools.partial(_star_import_brings_np, unit, binds_np, shim_packages)
        if uses_np_unbound([statement.node for statement in draft.kept], brings_np):
            unit.needs_numpy_alias = True
            text = _("{filename} uses `np` without importing it; numpy was provided (add `import numpy as np` to "
                     "its first cell)") if unit.filename.endswith(".ipynb") \
                else _("{filename} uses `np` without importing it; numpy was provided (add `import numpy as np` so "
                       "that the file runs on its own)")
            warnings.append(text.format(filename=unit.filename))
    return warnings


def _star_import_brings_np(unit, binds_np, shim_packages, node):
    """Whether ``from X import *`` binds ``np``: X is the submission's own module that binds it, or X is served
    by the book's helpers (which import numpy as np), as a helper package or as a stand-in for a module that is
    neither part of the submission nor installed."""
    source = imported_module(unit.module, unit.is_package, node)
    if source in binds_np:
        return binds_np[source]
    if source is None:
        return False
    top = source.split(".")[0]
    return top in shim_packages or not _installed(top)


def _installed(package):
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False
