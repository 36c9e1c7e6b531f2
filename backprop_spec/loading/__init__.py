"""Loading a submission: read a .py file, a notebook or a book-style folder, safely, into code to run.

Nothing here runs or imports student code: it reads files, parses them and filters statements, so that
the isolated worker gets plain, ready-to-run units (see DESIGN.md, "Loading a submission").
"""
from backprop_spec.loading.components import static_methods
from backprop_spec.loading.files import MAX_FILE_BYTES
from backprop_spec.loading.model import Candidate, Chunk, LoadedSubmission, SourceUnit
from backprop_spec.loading.names import COMPONENT_KINDS, Match, match_components, near_miss_methods
from backprop_spec.loading.submission import DEFAULT_SHIM_PACKAGES, SINGLE_FILE_MODULE, load_submission

__all__ = [
    "COMPONENT_KINDS",
    "DEFAULT_SHIM_PACKAGES",
    "MAX_FILE_BYTES",
    "SINGLE_FILE_MODULE",
    "Candidate",
    "Chunk",
    "LoadedSubmission",
    "Match",
    "SourceUnit",
    "load_submission",
    "match_components",
    "near_miss_methods",
    "static_methods",
]
