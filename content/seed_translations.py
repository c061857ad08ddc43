"""Translations of the seed content, kept where translators work: one catalogue per
language, locale/<language>/LC_MESSAGES/content.po, beside the page copy's django.po.

Each entry's msgctxt names the model and field ("HelpService.description") and its msgid
is the seed's English. `seed_content` fills a language's box from the catalogue only
while that box is empty and the English is still the seed's English: a translation is
never put beside English it was not written for, and nothing an editor typed is
overwritten. `update_catalogue` (run by `manage.py update_catalogues`) adds new seed
English to the catalogues, untranslated, and drops entries whose English has gone.
"""

from pathlib import Path

import polib
from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from content import defaults
from content.languages import DEFAULT
from content.models import FaqEntry, Figure, Helpline, HelpService, LegalPoint, Partner
from content.translation import TRANSLATED


def _seed_rows():
    return {
        Helpline: [defaults.HELPLINE],
        HelpService: defaults.HELP_SERVICES,
        Partner: defaults.PARTNERS,
        Figure: defaults.FIGURES,
        LegalPoint: defaults.LEGAL_POINTS,
        FaqEntry: [{"question": question, "answer": answer} for question, answer in defaults.FAQ],
    }


def seed_strings() -> list[tuple[str, str]]:
    """(context, English) for every translated field's text in the seed content, in order."""
    found = []
    for model, rows in _seed_rows().items():
        for row in rows:
            for field in TRANSLATED[model]:
                if row.get(field) and (key := (f"{model.__name__}.{field}", row[field])) not in found:
                    found.append(key)
    return found


def catalogue_path(code: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "content.po"


def translations(code: str) -> dict[tuple[str, str], str]:
    """(context, English) -> translation, for the finished (translated, not fuzzy) entries."""
    path = catalogue_path(code)
    if not path.exists():
        return {}
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.pofile(str(path)) if entry.translated()
    }


def fill(codes) -> dict[str, int]:
    """Put the catalogues' translations into empty boxes beside unchanged seed English, for
    each language in `codes`. Each record is saved once for all languages (one history row).
    Returns how many boxes were filled per language."""
    known = {code: translations(code) for code in codes}
    filled = dict.fromkeys(codes, 0)
    seeded = _seed_rows()
    for model, fields in TRANSLATED.items():
        if model not in seeded:
            continue
        for record in model.objects.all():
            changed = []
            for code in codes:
                for field in fields:
                    target = build_localized_fieldname(field, code)
                    english = getattr(record, build_localized_fieldname(field, DEFAULT))
                    text = known[code].get((f"{model.__name__}.{field}", english))
                    if text and not getattr(record, target):
                        setattr(record, target, text)
                        changed.append(target)
                        filled[code] += 1
            if changed:
                record._change_reason = "Draft translations added from the seed catalogues"
                record.save(update_fields=changed)
    return filled


def update_catalogue(code: str) -> Path:
    """Add the seed's current English to a language's content.po, keeping translations."""
    path = catalogue_path(code)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue = polib.pofile(str(path)) if path.exists() else polib.POFile()
    catalogue.metadata = {
        "Project-Id-Version": "campaign-site content",
        "Language": code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        **{k: v for k, v in catalogue.metadata.items() if k not in ("Language",)},
    }
    wanted = seed_strings()
    existing = {(entry.msgctxt, entry.msgid): entry for entry in catalogue}
    kept = []
    for context, english in wanted:
        entry = existing.get((context, english))
        if entry is None:
            entry = polib.POEntry(msgctxt=context, msgid=english, msgstr="")
        kept.append(entry)
    catalogue[:] = kept
    catalogue.save(str(path))
    return path
