"""Decide which of the student's definitions each graded component is (on the grader's side).

The worker reports what the submission actually defined when it ran, and which names it bound to the
book's helpers; the static scan of ``backprop_spec.loading`` says which definition is preferred. A component the
student did not write (imported from ``common.layers``, subclassed from it, or copied from it) is
missing, with a note that says so.
"""

from backprop_spec.loading.components import preference
from backprop_spec.loading.names import match_components
from backprop_spec.worker.shims import BOOK_PACKAGE, BOOK_PATHS, PROGRESS_BARS, book_name
from spec.subject import Found

HOW_NOTES = {
    "exact": "exact",
    "case-insensitive": "matched case-insensitively as {name}",
    "spelt alike": "matched {name} as {component}",
    "layer name": "matched {name} as {component}",
    "alias": "mapped with --alias {component}={name}",
}
HELPER_PHRASES = {
    "inherits": "inherits from",
    "copied": "is a copy of a function from",
    "copies methods": "takes its methods from",
}


def resolve(loaded, report, components, aliases=None):
    """Return ``(bindings, found)``: component -> ``[module, name]`` in the worker, and component -> Found."""
    aliases = aliases or {}
    filenames = {unit.module: unit.filename for unit in loaded.units}
    records = {(d["module"], d["name"]): d for d in report["definitions"]}
    broken = {b.name: b for b in loaded.broken}
    bindings, found = {}, {}
    for component, kind in components.items():
        key, how = _bound(component, kind, loaded, records, aliases, filenames)
        if key:
            bindings[component] = list(key)
            note = HOW_NOTES.get(how, how).format(name=key[1], component=component)
            found[component] = Found(component, f"{filenames[key[0]]}:{key[1]}", note)
            continue
        unparsed = _broken(component, kind, broken, aliases)
        if unparsed:
            found[component] = Found(component, unparsed.found_as, "does not parse", unparsed.message(),
                                     unparsed.hint)
        else:
            note = _why_missing(component, kind, loaded, records, report, aliases, filenames)
            found[component] = Found(component, None, note)
    return bindings, found


def _broken(component, kind, broken, aliases):
    """The student's definition of ``component`` that does not parse, if that is all there is of it."""
    match = match_components({name: b.kind for name, b in broken.items()}, aliases, {component: kind})[component]
    return broken.get(match.name) if match.name else None


def _bound(component, kind, loaded, records, aliases, filenames):
    """The (module, name) of the student's own definition, and how its name matched; (None, None) if none."""
    for candidate in loaded.definitions.get(component, []):
        record = records.get((candidate.module, candidate.name))
        if _own(record, kind):
            return (candidate.module, candidate.name), candidate.how
    # Definitions the static scan could not see (inside an `if`, a `try`, ...), matched by name.
    own = [r for r in records.values() if _own(r, r["kind"])]
    own.sort(key=lambda r: preference(filenames[r["module"]]))
    match = match_components({r["name"]: r["kind"] for r in own}, aliases, {component: kind})[component]
    for record in own:
        if record["name"] == match.name:
            return (record["module"], record["name"]), match.how
    return None, None


def _own(record, kind):
    return record is not None and record["kind"] == kind and not record["helper"]


def _why_missing(component, kind, loaded, records, report, aliases, filenames):
    wanted = {component.lower(), aliases.get(component, component).lower()}
    for (module, name), record in records.items():
        if name.lower() in wanted and record["kind"] == kind and record["helper"]:
            origin, how = record["helper"]
            return (
                f"{filenames[module]}:{name} {HELPER_PHRASES.get(how, 'comes from')} {helper_label(origin)}, so it "
                f"is not graded as the submission's own; write {component} yourself"
            )
    for candidate in loaded.definitions.get(component, []):
        return (
            f"{candidate.found_as} ({candidate.where}) is defined, but running its definition failed: "
            "see the warnings"
        )
    for entry in report["helper_names"]:
        if entry["name"].lower() in wanted and entry.get("kind", kind) == kind:
            served = _served_by(loaded, entry["module"], entry["name"], report["standins"])
            if served:
                return (f"{component} is the book's: {served}; it is not graded as the submission's own")
            return f"{component} came from {helper_label(entry['origin'])}, not from the submission"
    if component in loaded.suggestions:
        return loaded.suggestions[component]
    return f"the submission defines no {kind} named {component}"


def helper_label(origin):
    """``common.layers (the book's helper)``; ``the book's common/layers.py`` for what a stand-in served."""
    package, _, module = origin.rpartition(".")
    if package == BOOK_PACKAGE:
        return f"the book's {BOOK_PATHS.get(module, origin)}"
    return f"{origin} (the book's helper)"


def _served_by(loaded, module, name, standins):
    """``` `from layers import *` (line 2) imports it from layers, which is not part of the submission` ``."""
    unit = next((u for u in loaded.units if u.module == module), None)
    if unit is None:
        return ""
    records = [r for r in unit.imports if r.module in standins]
    named = [r for r in records if name in r.names] + [r for r in records if "*" in r.names]
    if not named:
        return ""
    return (f"`{named[0].code}` ({named[0].where}) imports it from `{named[0].module}`, which is not part of the "
            "submission, so the book's helpers were used in its place")


def standin_warnings(loaded, report):
    """One warning per module of a unit that the worker stood in for: the book's names it served, and each name
    the book does not have, with the file the student needs to include."""
    book, standins = set(report["book_names"]), set(report["standins"])
    warnings = []
    for unit in loaded.units:
        by_module = {}
        for record in unit.imports:
            if record.module in standins:
                by_module.setdefault(record.module, []).append(record)
        for module, records in by_module.items():
            where = f"{unit.filename} {records[0].where}"
            if module.split(".")[0] == PROGRESS_BARS:
                warnings.append(f"{where}: tqdm is not installed where the submission is graded, so its loops run "
                                "without progress bars")
                continue
            imported = list(dict.fromkeys(name for r in records for name in r.names))
            if "*" in imported:
                imported = [name for name in unit.free_names if book_name(name, book)] + imported
            served = [_as_served(name, book) for name in dict.fromkeys(imported) if book_name(name, book)]
            if served:
                warnings.append(f"{where}: `{module}` is not part of the submission, so the book's {_listed(served)} "
                                f"{'was' if len(served) == 1 else 'were'} used in its place (not graded as the "
                                "submission's own)")
            for name in imported:
                if not book_name(name, book) and name != "*":
                    warnings.append(f"{where}: `{name}` comes from `{module_path(module)}`, which is not part of "
                                    "the submission: include that file")
            if not served and not any(r.names for r in records):
                warnings.append(f"{where}: `{module}` is neither part of the submission nor installed")
    return warnings


def name_notes(loaded, report):
    """Why a name the student's code uses is not defined, by name: for the message of a NameError."""
    notes = {}
    for unit in loaded.units:
        for name, where in unit.unrun.items():
            notes.setdefault(name, f"`{name}` is set only by a statement the grader does not run ({unit.filename} "
                                   f"{where}): the grader runs definitions, not top-level code; define it inside "
                                   "the function or class that uses it")
    book, standins = set(report["book_names"]), set(report["standins"])
    for unit in loaded.units:
        for record in unit.imports:
            for name in record.names:
                if record.module in standins and not book_name(name, book) and name != "*" and \
                        record.module.split(".")[0] != PROGRESS_BARS:
                    notes[name] = (f"`{name}` comes from `{module_path(record.module)}`, which is not part of the "
                                   "submission: include that file")
    for broken in loaded.broken:
        notes[broken.name] = f"`{broken.name}` is used, but its definition does not parse: {broken.message()}"
    return notes


def _as_served(name, book):
    """``softmax``, or ``ReLU (as Relu)`` when the book spells it otherwise."""
    served = book_name(name, book)
    return name if served == name else f"{name} (as {served})"


def module_path(module):
    """``functions/softmax_function.py`` for the module ``functions.softmax_function``."""
    return module.replace(".", "/") + ".py"


def _listed(names, limit=8):
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
