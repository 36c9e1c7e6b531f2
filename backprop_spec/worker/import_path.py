"""Where an import finds a module of the submission: the worker's finder follows it, and the loader predicts
with it which module a file's import will reach."""


def import_candidates(package, name):
    """The modules ``import name``, run in a module of ``package``, may find, in the order Python looked on the
    student's machine: in the module's own folder first (a script's folder leads ``sys.path``), then from the
    top of the submission, then in each folder above (``sys.path.append(os.pardir)``)."""
    parts = package.split(".") if package else []
    if parts:
        yield f"{package}.{name}"
    yield name
    for end in range(len(parts) - 1, 0, -1):
        yield ".".join(parts[:end]) + "." + name
