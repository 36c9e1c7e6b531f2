"""Everything a student reads, in their language: gettext catalogs per language, chosen per submission.

Messages are written in English with named placeholders, ``_("expected {expected}, got {got}")``, and
translated where they are made, in the language of the submission being graded (:func:`language`). Code,
names, numbers, arrays and file names go into the placeholders, so they are never translated.
"""
import contextlib
import contextvars
import gettext
import os

LANGUAGES = ("en", "ja", "zh", "ko")
DOMAIN = "backprop-spec"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")

_current = contextvars.ContextVar("backprop_spec_language", default="en")
_catalogs = {}
_originals = {}


def catalog(lang):
    """The translations of ``lang`` (English needs none), read once from the compiled catalog."""
    if lang not in _catalogs:
        if lang == "en":
            _catalogs[lang] = gettext.NullTranslations()
        else:
            _catalogs[lang] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return _catalogs[lang]


def _(message):
    """``message`` in the current language."""
    return catalog(_current.get()).gettext(message)


def english(message, lang):
    """The English message of which ``message`` is the ``lang`` translation, or ``message`` itself when it is not
    one (a message with its placeholders filled): a class summary counts a hint given in several languages once."""
    if lang not in _originals:
        translations = getattr(catalog(lang), "_catalog", {})  # GNUTranslations keeps msgid -> msgstr there
        _originals[lang] = {str(msgstr): msgid for msgid, msgstr in translations.items() if isinstance(msgid, str)}
    return _originals[lang].get(message, message)


def N_(message):
    """Mark ``message`` for translation where it is defined (a clause's title); it is translated where shown."""
    return message


def current():
    return _current.get()


@contextlib.contextmanager
def language(lang):
    """Make messages within the block in ``lang`` (one of :data:`LANGUAGES`)."""
    _known(lang)
    catalog(lang)
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def set_language(lang):
    """Make messages from now on in ``lang``, for the rest of the process (the worker, which grades one)."""
    _known(lang)
    catalog(lang)
    _current.set(lang)


def _known(lang):
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
