"""The toolkit's sentences with the content filled in, shared by every asset, plus the
plain-text pieces: suggested social posts and the intranet article.

Functions here use the active language; the public generators switch to
`AssetContent.language` with `in_language`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.utils import translation

from toolkit import copy


def in_language(func):
    """Run a generator with the content's language active, so lazy copy renders in it."""

    @functools.wraps(func)
    def wrapper(content, *args, **kwargs):
        with translation.override(content.language):
            return func(content, *args, **kwargs)

    return wrapper


def sentence(text: str) -> str:
    """'Free to call from UK phones' -> 'Free to call from UK phones.' ('' stays '')."""
    text = " ".join(str(text).split())
    if text and text[-1] not in ".!?":
        text += "."
    return text


def join_names(names) -> str:
    """'A', 'A and B', 'A, B and C' (in the active language)."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return str(copy.LIST_SEPARATOR).join(names[:-1]) + str(copy.LIST_LAST_SEPARATOR) + names[-1]


def hours_line(c) -> str:
    return c.hours_text.strip() or str(copy.HOURS_UNCONFIRMED) % {"site": c.site_address}


def note_and_hours(c) -> str:
    """'Free to call from UK phones. Monday to Thursday 9am to 9pm, Friday 9am to 5pm.'"""
    return (
        str(copy.NOTE_AND_HOURS) % {"note": sentence(c.phone_note), "hours": sentence(hours_line(c))}
    ).strip()


def facts(c) -> dict[str, str]:
    """The placeholders every sentence in `toolkit.copy` may use."""
    return {
        "name": c.helpline_name,
        "phone": c.phone_display,
        "hours": sentence(hours_line(c)),
        "note_and_hours": note_and_hours(c),
        "selfhelp_name": c.selfhelp_name,
        "selfhelp": c.selfhelp_address,
        "site": c.site_address,
        "url": c.qr_url,
        "partners": join_names(c.partner_names),
        "label": c.placement_label,
        "headline": str(copy.HEADLINE),
        "not_too_late": str(copy.NOT_TOO_LATE),
    }


def fill(template, c) -> str:
    return str(template) % facts(c)


@in_language
def suggested_posts(c) -> tuple[str, ...]:
    """Two or three ready-to-paste social posts (each under 280 characters) to go with a card."""
    return tuple(fill(p, c) for p in copy.POSTS)


@dataclass(frozen=True)
class Article:
    """A short article for a partner's intranet or staff newsletter."""

    title: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """Title, then paragraphs separated by blank lines: ready to paste."""
        return "\n\n".join((self.title, *self.paragraphs)) + "\n"


@in_language
def intranet_article(c) -> Article:
    paragraphs = [fill(p, c) for p in copy.ARTICLE_PARAGRAPHS]
    if c.partner_names:
        paragraphs.insert(0, fill(copy.ARTICLE_PARTNERS, c))
    return Article(title=str(copy.ARTICLE_TITLE), paragraphs=tuple(paragraphs))
