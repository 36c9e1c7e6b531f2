"""backprop-spec: the executable specification of chapter 5's backpropagation layers, and its grader.

Kept import-free on purpose: the isolated worker imports ``spec.values`` and nothing that knows answers.
"""

__version__ = "0.1.0"
