"""The specification as a pytest suite, shipped in the package: ``pytest --pyargs spec --impl PATH`` runs every
clause against the implementation at PATH (the reference by default)."""
