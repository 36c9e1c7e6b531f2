"""What loading a submission produces: plain data that the worker runs and the grader reports on."""
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from spec.i18n import _


@dataclass
class Chunk:
    """One top-level statement, run on its own so that one failing import or statement is only a warning."""

    code: str
    kind: str  # import | def | const | other
    names: List[str]  # the names it binds; "*" for a star import
    line: int  # its first line, in the unit's numbering
    where: str  # "line 12", or in a notebook "cell 3, line 2"

    def positioned_code(self):
        """The code after ``line - 1`` blank lines, so that compiling it gives tracebacks the right line."""
        return "\n" * (self.line - 1) + self.code


def place(line_map, line):
    """Where unit line ``line`` is in what the student wrote: "line 12", or by ``line_map`` "cell 3, line 2"."""
    if 0 < line <= len(line_map):
        return line_map[line - 1]
    return _("line {line}").format(line=line)


@dataclass
class BrokenDefinition:
    """A class or function whose code does not parse: it is the student's, and it fails."""

    name: str
    kind: str  # class | function
    filename: str
    where: str  # of the error: "line 12", "cell 4, line 3"
    error: str  # "SyntaxError: expected ':'"
    hint: str = ""

    @property
    def found_as(self):
        return f"{self.filename}:{self.name}"

    def message(self):
        text = _("class {name} in {file} does not parse: {error} ({where})") if self.kind == "class" else \
            _("function {name} in {file} does not parse: {error} ({where})")
        return text.format(name=self.name, file=self.filename, error=self.error, where=self.where)


@dataclass
class SourceUnit:
    """One module of the submission: a file, a notebook, or a file of a folder."""

    module: str  # the name it runs as: "submission", "common.layers", "ch05.two_layer_net"
    filename: str  # as shown to the student: the file's name, or its path inside the folder
    code: str  # the chunks' code joined, in the order they run
    dropped: List[str] = field(default_factory=list)  # "line 12: print(x)": what was left out
    chunks: List[Chunk] = field(default_factory=list)
    line_map: List[str] = field(default_factory=list)  # notebooks: entry i places unit line i + 1
    is_package: bool = False  # an __init__.py
    needs_numpy_alias: bool = False  # uses `np` without binding it: run it with `np` = numpy
    imports: list = field(default_factory=list)  # ImportRecord of every import in the code that runs
    free_names: List[str] = field(default_factory=list)  # read as globals, never bound at module level
    unrun: Dict[str, str] = field(default_factory=dict)  # name -> where a dropped statement binds it

    def where(self, line):
        return place(self.line_map, line)


@dataclass
class Candidate:
    """A definition that the static scan takes for a graded component."""

    component: str  # canonical name: "Relu"
    module: str
    filename: str
    name: str  # as written: "ReLU"
    kind: str  # class | function
    line: int  # of the def or class statement, in the unit's numbering
    where: str
    how: str  # exact | case-insensitive | alias
    methods: List[str] = field(default_factory=list)  # a class's methods, for hints
    reads: List[str] = field(default_factory=list)  # module-level names its code reads: what it calls

    @property
    def found_as(self):
        return f"{self.filename}:{self.name}"


@dataclass
class LoadedSubmission:
    """A submission read and filtered, ready for the worker; ``error`` says why it cannot be graded at all."""

    path: str
    units: List[SourceUnit] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    error: Optional[str] = None
    exec_all: bool = False
    provided_modules: List[str] = field(default_factory=list)  # modules the submission brings itself
    shim_packages: List[str] = field(default_factory=list)  # packages the worker supplies when missing
    definitions: Dict[str, List[Candidate]] = field(default_factory=dict)
    preferred: Dict[str, Candidate] = field(default_factory=dict)
    suggestions: Dict[str, str] = field(default_factory=dict)  # component -> "did you mean ...?"
    set_aside: Dict[str, List[Candidate]] = field(default_factory=dict)  # another chapter's definitions of it
    broken: List[BrokenDefinition] = field(default_factory=list)  # definitions that do not parse
    imported_modules: List[str] = field(default_factory=list)  # what its code imports: the worker may stand in
    language: str = "en"  # of the student's comments and markdown: ja, zh, ko or en

    @property
    def needs_numpy_alias(self):
        return any(unit.needs_numpy_alias for unit in self.units)

    def should_shim(self, module):
        """Whether the worker supplies ``module`` (e.g. "common.layers") because the submission lacks it."""
        return module.split(".")[0] in self.shim_packages and module not in self.provided_modules
