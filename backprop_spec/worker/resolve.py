"""Decide which of the student's definitions each graded component is (on the grader's side).

The worker reports what the submission actually defined when it ran, and which names it bound to the
book's helpers; the static scan of ``backprop_spec.loading`` says which definition is preferred. A component the
student did not write (imported from ``common.layers``, subclassed from it, or copied from it) is
missing, with a note that says so.
"""

from backprop_spec.loading.components import preference
from backprop_spec.loading.names import how_note, match_components, not_defined_note
from backprop_spec.loading.problems import listed
from backprop_spec.worker.shims import BOOK_PACKAGE, BOOK_PATHS, PROGRESS_BARS, book_name, is_library
from spec.i18n import N_, _
from spec.subject import Found

HELPER_NOTES = {
    "inherits": N_("{found} inherits from {helper}, so it is not graded as the submission's own; write {component} "
                   "yourself"),
    "copied": N_("{found} is a copy of a function from {helper}, so it is not graded as the submission's own; write "
                 "{component} yourself"),
    "copies methods": N_("{found} takes its methods from {helper}, so it is not graded as the submission's own; "
                         "write {component} yourself"),
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
            note = how_note(how, key[1], component)
            found[component] = Found(component, f"{filenames[key[0]]}:{key[1]}", note)
            continue
        unparsed = _broken(component, kind, broken, aliases)
        if unparsed:
            found[component] = Found(component, unparsed.found_as, _("does not parse"), unparsed.message(),
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
    other_chapters = {(c.module, c.name) for c in loaded.set_aside.get(component, [])}
    own = [r for r in records.values() if _own(r, r["kind"]) and (r["module"], r["name"]) not in other_chapters]
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
            return _(HELPER_NOTES.get(how, HELPER_NOTES["inherits"])).format(
                found=f"{filenames[module]}:{name}", helper=helper_label(origin), component=component)
    for candidate in loaded.definitions.get(component, []):
        return _("{found} ({where}) is defined, but running its definition failed: see the warnings").format(
            found=candidate.found_as, where=candidate.where)
    for entry in report["helper_names"]:
        if entry["name"].lower() in wanted and entry["kind"] == kind:
            served = _served_by(loaded, entry["module"], entry["name"], report["standins"])
            if served:
                return _("{component} is the book's: {how}; it is not graded as the submission's own").format(
                    component=component, how=served)
            return _("{component} came from {helper}, not from the submission").format(
                component=component, helper=helper_label(entry["origin"]))
    for candidate in loaded.set_aside.get(component, []):
        note = _("{found} is chapter 4's network, built without the Affine, Relu and SoftmaxWithLoss layers; chapter "
                 "5's is not in the submission").format(found=candidate.found_as)
        if component in loaded.suggestions:
            return _("{note}; {suggestion}").format(note=note, suggestion=loaded.suggestions[component])
        return note
    if component in loaded.suggestions:
        return loaded.suggestions[component]
    return not_defined_note(kind, component)


def helper_label(origin):
    """``common.layers (the book's helper)``; ``the book's common/layers.py`` for what a stand-in served."""
    package, _dot, module = origin.rpartition(".")
    if package == BOOK_PACKAGE:
        return _("the book's {file}").format(file=BOOK_PATHS.get(module, origin))
    return _("{module} (the book's helper)").format(module=origin)


def _served_by(loaded, module, name, standins):
    """``` `from layers import *` (line 2) imports it from layers, which is not part of the submission` ``."""
    unit = next((u for u in loaded.units if u.module == module), None)
    if unit is None:
        return ""
    records = [r for r in unit.imports if r.module in standins]
    named = [r for r in records if name in r.names] + [r for r in records if "*" in r.names]
    if not named:
        return ""
    return _("`{code}` ({where}) imports it from `{module}`, which is not part of the submission, so the book's "
             "helpers were used in its place").format(code=named[0].code, where=named[0].where, module=named[0].module)


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
                warnings.append(_("{where}: tqdm is not installed where the submission is graded, so its loops run "
                                  "without progress bars").format(where=where))
                continue
            imported = list(dict.fromkeys(name for r in records for name in r.names))
            if is_library(module):  # nothing of the book's stands in for a library's names
                warnings.extend(_("{where}: {problem}").format(where=where, problem=_not_here(name, module))
                                for name in imported if name != "*")
                continue
            if "*" in imported:
                imported = [name for name in unit.free_names if book_name(name, book)] + imported
            served = [_as_served(name, book) for name in dict.fromkeys(imported) if book_name(name, book)]
            if served:
                text = _("{where}: `{module}` is not part of the submission, so the book's {names} was used in its "
                         "place (not graded as the submission's own)") if len(served) == 1 else \
                    _("{where}: `{module}` is not part of the submission, so the book's {names} were used in its "
                      "place (not graded as the submission's own)")
                warnings.append(text.format(where=where, module=module, names=listed(served)))
            for name in imported:
                if not book_name(name, book) and name != "*":
                    warnings.append(_("{where}: {problem}").format(where=where, problem=_not_here(name, module)))
            if not served and not any(r.names for r in records):
                warnings.append(_("{where}: `{module}` is neither part of the submission nor installed").format(
                    where=where, module=module))
    return warnings


def name_notes(loaded, report):
    """Why a name the student's code uses is not defined, by name: for the message of a NameError."""
    notes = {}
    for unit in loaded.units:
        for name, where in unit.unrun.items():
            notes.setdefault(name, _("`{name}` is set only by a statement the grader does not run ({file} {where}): "
                                     "the grader runs definitions, not top-level code; define it inside the function "
                                     "or class that uses it").format(name=name, file=unit.filename, where=where))
    book, standins = set(report["book_names"]), set(report["standins"])
    for unit in loaded.units:
        for record in unit.imports:
            for name in record.names:
                if record.module in standins and name != "*" and record.module.split(".")[0] != PROGRESS_BARS and \
                        (is_library(record.module) or not book_name(name, book)):
                    notes[name] = _not_here(name, record.module)
    for broken in loaded.broken:
        notes[broken.name] = _("`{name}` is used, but its definition does not parse: {problem}").format(
            name=broken.name, problem=broken.message())
    return notes


def _not_here(name, module):
    """Why ``name``, imported from ``module``, is not there when the submission runs, and what to do."""
    if is_library(module):
        return _("`{name}` comes from `{module}`, a package that is not installed where the submission is "
                 "graded").format(name=name, module=module)
    return _("`{name}` comes from `{file}`, which is not part of the submission: include that file").format(
        name=name, file=module_path(module))


def _as_served(name, book):
    """``softmax``, or ``ReLU (as Relu)`` when the book spells it otherwise."""
    served = book_name(name, book)
    return name if served == name else _("{name} (as {book_name})").format(name=name, book_name=served)


def module_path(module):
    """``functions/softmax_function.py`` for the module ``functions.softmax_function``."""
    return module.replace(".", "/") + ".py"
