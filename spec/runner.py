"""Runs one clause against a subject and turns whatever happens into an :class:`Outcome`."""
from spec.expect import ClauseFailed
from spec.hints import hint_for_error
from spec.i18n import _
from spec.subject import ClauseAborted, ComponentMissing, Outcome, StudentError


def run_clause(clause, subject, ctx):
    """Never raises for anything the implementation does: every way a clause ends is an outcome."""
    found = subject.find(clause.component)
    if found.broken:
        return Outcome("fail", found.broken, hint=found.hint)
    if found.found_as is None:
        return Outcome("missing", ComponentMissing(clause.component, found.note).args[0])
    try:
        subject.reseed(ctx.seed)
        clause.check(subject, ctx)
    except ClauseFailed as failure:
        return Outcome("fail", failure.message, failure.counterexample, failure.hint)
    except StudentError as error:
        return Outcome("fail", str(error), hint=hint_for_error(clause, error))
    except ComponentMissing as missing:
        return Outcome("missing", str(missing))
    except ClauseAborted as aborted:
        return Outcome(aborted.status, aborted.message)
    except Exception as exc:  # the check itself broke: this clause is lost, the others are still graded
        return Outcome("crash", _("the check of {clause} failed inside the grader ({error}); this is a grader bug, "
                                  "please report it").format(clause=clause.id, error=f"{type(exc).__name__}: {exc}"))
    return Outcome("pass")
