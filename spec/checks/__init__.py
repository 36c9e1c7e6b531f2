"""The checks behind the clauses, one module per part of chapter 5; each check is registered with its clause."""
