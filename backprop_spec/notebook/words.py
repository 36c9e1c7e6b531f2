"""Every word that ``check()`` shows, in one place, so that it can be translated as a whole (gettext) later.

Templates use ``str.format`` fields; the renderers and ``check()`` never build a sentence of their own.
"""

# A status word per clause and component status, in capitals so that it reads the same without colour.
STATUS = {
    "pass": "PASS",
    "fail": "FAIL",
    "timeout": "TIMEOUT",
    "crash": "CRASH",
    "missing": "MISSING",
    "skipped": "SKIPPED",
}

# The columns of the HTML table, in order.
COLUMNS = ("status", "clause", "points", "what it checks", "message", "counterexample", "hint")
COUNTEREXAMPLE = "counterexample"
HINT = "hint"
SAME_MISTAKE = "same mistake as {clause}: {hint}"  # in text, a hint already given with its clause's detail
MORE_LINES = "... ({count} more lines: the result's clauses hold them all)"

COMPONENT_LINE = "{name}: {status}, {score}/{max_score} points"
CHECKED_AS = "{line} (your `{name}`, checked as {component})"
SUMMARY = "{checked} checked: {passing} passing, {failing} failing"
SUMMARY_NOTHING = "no component of chapter 5 was found here"
MISSING = "not found: {names}"
MISSING_WHY = "{name} ({why})"
NEAR_MISS = "is it `{near}`? then check({near}, component=\"{name}\")"
NOT_YOURS = "{name} {how} {origin} (the book's helper), so it is not checked as yours: write {component} yourself"
NOT_YOURS_SHORT = "{how} {origin}, the book's helper"
ORIGIN_HOW = {
    "imported": "comes from",
    "inherits": "inherits from",
    "copies methods": "takes its methods from",
}
TIMEOUT = ("still running after the clause's time limit of {seconds:g} s (an endless loop, or a very slow one?); "
           "stopped")
TIMEOUT_AT = "{call}: {message}"
NO_LIMIT = "no time limit: {why}; an endless loop runs until you interrupt the kernel"
NO_LIMIT_PLATFORM = "this platform has no SIGALRM (Windows)"
NO_LIMIT_THREAD = "check() was called outside the main thread"
PRINTED = "your code printed {total} characters while it was checked:"
PRINTED_CUT = "your code printed {total} characters while it was checked; the first {shown}:"
TOOK = "{seconds:.2f} s"

# Errors in the call of check() itself (raised, as Python functions do for wrong arguments).
NOT_CALLABLE = ("check() takes a class or a function of chapter 5 (check(Affine), check(softmax)), or nothing "
                "to check everything defined here; got {what}")
AN_INSTANCE = "check() takes the class itself, not an object made from it: check({name})"
NOT_A_COMPONENT = ("`{name}` is not named like any component of chapter 5 ({components}); if it is one, say which: "
                   "check({name}, component=\"...\")")
NOT_A_COMPONENT_NEAR = "`{name}` is not named like any component of chapter 5; is it {near}? then check({name}, " \
                       "component=\"{near}\")"
UNKNOWN_COMPONENT = "component={given!r} is not a component of chapter 5: {components}"
WRONG_KIND = "{component} is a {kind} in the book, but `{name}` is a {other}"
BAD_TIMEOUT = "timeout must be a positive number of seconds, got {given!r}"
BAD_CHOICE = "{name} must be one of {choices}, got {given!r}"
KINDS = {"class": "class", "function": "function"}  # the kinds of component, as WRONG_KIND names them
COMPONENT_WITHOUT_OBJECT = ("component={component!r} says what the object checked is: "
                            "check(obj, component={component!r})")
