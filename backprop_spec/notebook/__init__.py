"""``check()`` in the student's own notebook or script: the clauses of ``grade``, run on live objects in this
process, with a time limit per clause (see ``checking``); every word it shows is in ``words``."""
