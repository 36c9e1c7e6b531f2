"""Decide which of the student's definitions each graded component is (on the grader's side).

The worker reports what the submission actually defined when it ran, and which names it bound to the
book's helpers; the static scan of ``backprop_spec.loading`` says which definition is preferred. A component the
student did not write (imported from ``common.layers``, subclassed from it, or copied from it) is
missing, with a note that says so.
"""

from backprop_spec.loading.components import preference
from backprop_spec.loading.names import match_components
from spec.subject import Found

HOW_NOTES = {
    "exact": "exact",
    "case-insensitive": "matched case-insensitively as {name}",
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
    bindings, found = {}, {}
    for component, kind in components.items():
        key, how = _bound(component, kind, loaded, records, aliases, filenames)
        if key:
            bindings[component] = list(key)
            note = HOW_NOTES.get(how, how).format(name=key[1], component=component)
            found[component] = Found(component, f"{filenames[key[0]]}:{key[1]}", note)
        else:
            note = _why_missing(component, kind, loaded, records, report["helper_names"], aliases, filenames)
            found[component] = Found(component, None, note)
    return bindings, found


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


def _why_missing(component, kind, loaded, records, helper_names, aliases, filenames):
    wanted = {component.lower(), aliases.get(component, component).lower()}
    for (module, name), record in records.items():
        if name.lower() in wanted and record["helper"]:
            origin, how = record["helper"]
            return (
                f"{filenames[module]}:{name} {HELPER_PHRASES.get(how, 'comes from')} {origin} (the book's "
                f"helper), so it is not graded as the submission's own; write {component} yourself"
            )
    for candidate in loaded.definitions.get(component, []):
        return (
            f"{candidate.found_as} ({candidate.where}) is defined, but running its definition failed: "
            "see the warnings"
        )
    for entry in helper_names:
        if entry["name"].lower() in wanted:
            return f"{component} came from {entry['origin']} (the book's helper), not from the submission"
    if component in loaded.suggestions:
        return loaded.suggestions[component]
    return f"the submission defines no {kind} named {component}"
