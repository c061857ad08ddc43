"""The languages of the public site, as visitors see them.

English has no prefix; the others live under /ur/, /pa/, /pl/ and /ro/ (settings.LANGUAGES).
Which of them are shown, and whether each is still a draft, is content that comms staff
edit (content.models.SiteLanguage).
"""

from django.conf import settings

# Each language's name in its own script, for the language links (WCAG 3.1.2: marked
# with its own lang attribute too).
ENDONYMS = {"en-gb": "English", "ur": "اردو", "pa": "ਪੰਜਾਬੀ", "pl": "Polski", "ro": "Română"}
# What a caller says to the helpline, in English, to ask for an interpreter.
NAMES_IN_ENGLISH = {"ur": "Urdu", "pa": "Punjabi", "pl": "Polish", "ro": "Romanian"}
# BCP 47 tags for lang and hreflang attributes.
TAGS = {"en-gb": "en-GB", "ur": "ur", "pa": "pa", "pl": "pl", "ro": "ro"}
DEFAULT = settings.LANGUAGE_CODE
OTHERS = tuple(code for code, _name in settings.LANGUAGES if code != DEFAULT)


def prefix_of(path: str) -> str | None:
    """The language a path's prefix names (/ur/get-help/ -> "ur"), or None for English."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in OTHERS else None


def without_prefix(path: str) -> str:
    """/ur/get-help/ -> /get-help/."""
    code = prefix_of(path)
    return path[len(code) + 1 :] if code else path
