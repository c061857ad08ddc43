"""The wording guard: text that comms staff type is checked against the glossary.

The glossary itself lives in one editable place, the `GlossaryTerm` model (admin: "Wording
glossary"), seeded from the brief by a data migration. Two kinds of term:

* **banned** ("child pornography", "child porn", "kiddie porn"): refused outright, and the
  error gives the wording to use instead;
* **warn** ("paedo", "monster", "beast", "nonce"): stigmatising words the editor must
  acknowledge ("I have checked this wording") before the text can be saved.

Matching is whole-word and case-insensitive, so "announce" never matches "nonce" and
"Beastie" never matches "beast"; a plural "s" and a hyphen or line break between the
words of a phrase are caught ("monsters", "child-porn").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

BANNED = "banned"
WARN = "warn"


@dataclass(frozen=True)
class Term:
    term: str
    kind: str
    preferred: str
    note: str = ""


@dataclass(frozen=True)
class Hit:
    """One glossary term found in a piece of text."""

    term: Term
    found: str  # the text as the editor typed it, e.g. "Monsters"

    @property
    def banned(self) -> bool:
        return self.term.kind == BANNED

    @property
    def key(self) -> str:
        """How an acknowledgement refers to this term."""
        return self.term.term.lower()


@lru_cache(maxsize=512)
def pattern_for(term: str) -> re.Pattern:
    words = [re.escape(w) for w in term.split()]
    # Words of a phrase may be split by spaces, hyphens or line breaks; a plural s/es is
    # the same word; the lookarounds make it whole-word (no match inside "announce").
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?:e?s)?(?!\w)", re.IGNORECASE)


def find(text: str, terms) -> list[Hit]:
    """Every glossary term in `text`, banned ones first, each term once."""
    hits = []
    if not text:
        return hits
    for term in terms:
        if not term.term.strip():
            continue
        match = pattern_for(term.term.strip()).search(str(text))
        if match:
            hits.append(Hit(term, match.group(0)))
    hits.sort(key=lambda h: (not h.banned, h.term.term))
    return hits


def load_terms() -> list[Term]:
    """The glossary as comms staff have edited it (one small query)."""
    from content.models import GlossaryTerm

    return [Term(t.term, t.kind, t.preferred, t.note) for t in GlossaryTerm.objects.order_by("kind", "term")]


def banned_message(hit: Hit) -> str:
    return _("“%(found)s” must never be used on this site. Use “%(preferred)s” instead.") % {
        "found": hit.found,
        "preferred": hit.term.preferred,
    }


def warning_message(hit: Hit) -> str:
    return _(
        "“%(found)s” is stigmatising. Prefer person-first wording, for example “%(preferred)s”. "
        "If you have checked and mean to keep it, tick “I have checked this wording” below "
        "and save again."
    ) % {"found": hit.found, "preferred": hit.term.preferred}


def text_fields(model) -> list[str]:
    """Names of the free-text fields of a model that the glossary applies to.

    CharField and TextField only: links, e-mail addresses, slugs, phone numbers, file
    names and fields with fixed choices are not prose.
    """
    from django.db import models
    from phonenumber_field.modelfields import PhoneNumberField

    names = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        if isinstance(field, (models.URLField, models.EmailField, models.SlugField, PhoneNumberField)):
            continue
        if field.choices or not field.editable:
            continue
        names.append(field.name)
    return names


def language_of_field(name: str) -> str:
    """ "In Urdu: " for a translated field such as question_ur, "" for any other field."""
    from django.conf import settings

    for code, language in settings.LANGUAGES:
        if name.endswith("_" + code.replace("-", "_")):
            return _("In %(language)s: ") % {"language": language}
    return ""
