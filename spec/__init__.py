"""The executable specification of chapter 5's backpropagation layers: clauses, checks, goldens and hints.

Kept import-free on purpose: the isolated worker imports ``spec.values`` and nothing that knows answers.
"""

__version__ = "0.1.0"
