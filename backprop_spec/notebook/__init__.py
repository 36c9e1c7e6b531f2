"""``check()`` in the student's own notebook or script: the clauses of ``grade``, run on live objects in this
process, with a time limit per clause (see ``checking``); its own words are in ``words``, the rest are the text
report's."""
