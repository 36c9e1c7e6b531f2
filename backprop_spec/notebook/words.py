"""The words of ``check()`` that the text report does not have, in one place, marked for gettext (``N_``) and
translated where shown (``spec.i18n._``), as the rest of the project does.

Templates use ``str.format`` fields; sentences are built from them, never from words put side by side.
"""
from backprop_spec.reports.text import STATUS_WORDS
from spec.i18n import N_

# A status word per clause and component status: the text report's, in capitals so that it reads the same without
# colour.
STATUS = {status: word for status, (word, _colour) in STATUS_WORDS.items()}

# The columns of the HTML table, in order.
COLUMNS = (N_("status"), N_("clause"), N_("points"), N_("what it checks"), N_("message"), N_("counterexample"),
           N_("hint"))
MORE_LINES = N_("... ({count} more lines: the result's clauses hold them all)")

COMPONENT_LINE = N_("{name}: {status}, {score}/{max_score} points")
CHECKED_AS = N_("{line} (your `{name}`, checked as {component})")
SUMMARY = N_("{checked} checked: {passing} passing, {failing} failing")
SUMMARY_NOTHING = N_("no component of chapter 5 was found here")
MISSING = N_("not found: {names}")
MISSING_WHY = N_("{name} ({why})")
NEAR_MISS = N_("is it `{near}`? then check({near}, component=\"{name}\")")
NOT_YOURS = N_("{name} {how} {origin} (the book's helper), so it is not checked as yours: write {component} "
               "yourself")
NOT_YOURS_SHORT = N_("{how} {origin}, the book's helper")
ORIGIN_HOW = {
    "imported": N_("comes from"),
    "inherits": N_("inherits from"),
    "copies methods": N_("takes its methods from"),
}
TIMEOUT = N_("still running after the clause's time limit of {seconds:g} s (an endless loop, or a very slow one?); "
             "stopped")
TIMEOUT_AT = N_("{call}: {message}")
NO_LIMIT = N_("no time limit: {why}; an endless loop runs until you interrupt the kernel")
NO_LIMIT_PLATFORM = N_("this platform has no SIGALRM (Windows)")
NO_LIMIT_THREAD = N_("check() was called outside the main thread")
PRINTED = N_("your code printed {total} characters while it was checked:")
PRINTED_CUT = N_("your code printed {total} characters while it was checked; the first {shown}:")
TOOK = N_("{seconds:.2f} s")

# Errors in the call of check() itself (raised, as Python functions do for wrong arguments).
NOT_CALLABLE = N_("check() takes a class or a function of chapter 5 (check(Affine), check(softmax)), or nothing "
                  "to check everything defined here; got {what}")
AN_INSTANCE = N_("check() takes the class itself, not an object made from it: check({name})")
NOT_A_COMPONENT = N_("`{name}` is not named like any component of chapter 5 ({components}); if it is one, say "
                     "which: check({name}, component=\"...\")")
NOT_A_COMPONENT_NEAR = N_("`{name}` is not named like any component of chapter 5; is it {near}? then "
                          "check({name}, component=\"{near}\")")
UNKNOWN_COMPONENT = N_("component={given!r} is not a component of chapter 5: {components}")
WRONG_KIND = N_("{component} is a {kind} in the book, but `{name}` is a {other}")
BAD_TIMEOUT = N_("timeout must be a positive number of seconds, got {given!r}")
BAD_CHOICE = N_("{name} must be one of {choices}, got {given!r}")
KINDS = {"class": N_("class"), "function": N_("function")}  # the kinds of component, as WRONG_KIND names them
COMPONENT_WITHOUT_OBJECT = N_("component={component!r} says what the object checked is: "
                              "check(obj, component={component!r})")
