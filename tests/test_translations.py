"""The translators' catalogues (locale/<code>/LC_MESSAGES/*.po): complete, true to the
English's placeholders and markup, up to date with the sources, and compiled as `make run`
compiles them. A broken catalogue fails here, before it can reach a page."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from content import languages, seed_translations

LOCALE = Path(settings.LOCALE_PATHS[0])
DOMAINS = ("django", "content")
CATALOGUES = [(code, domain) for code in languages.OTHERS for domain in DOMAINS]
PLURAL_FORMS = {"ur": 2, "pa": 2, "pl": 3, "ro": 3}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def catalogue(code, domain):
    return polib.pofile(str(LOCALE / code / "LC_MESSAGES" / f"{domain}.po"))


def forms(entry):
    """(English, translation) pairs: one for a plain entry, one per plural form."""
    if entry.msgid_plural:
        return [
            (entry.msgid if index == 0 else entry.msgid_plural, text)
            for index, text in sorted(entry.msgstr_plural.items())
        ]
    return [(entry.msgid, entry.msgstr)]


@pytest.mark.parametrize(("code", "domain"), CATALOGUES)
def test_every_entry_is_translated_and_none_is_fuzzy(code, domain):
    entries = catalogue(code, domain)
    assert not entries.metadata_is_fuzzy
    assert entries.metadata["Language"] == code
    unfinished = [entry.msgid[:70] for entry in entries if not entry.obsolete and not entry.translated()]
    assert not unfinished, f"{len(unfinished)} untranslated or fuzzy in {code}/{domain}.po: {unfinished[:5]}"


@pytest.mark.parametrize(("code", "domain"), CATALOGUES)
def test_placeholders_and_markup_are_kept_exactly(code, domain):
    broken = []
    for entry in catalogue(code, domain):
        for english, text in forms(entry):
            if not text:
                continue
            used = PLACEHOLDER.findall(text)
            if entry.msgid_plural:
                # Every plural form but the first ("one day") keeps the number; none adds one.
                allowed = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
                needed = set() if english == entry.msgid else set(PLACEHOLDER.findall(english))
                wrong = not (needed <= set(used) <= allowed)
            else:
                wrong = sorted(used) != sorted(PLACEHOLDER.findall(english))
            if wrong or sorted(TAG.findall(text)) != sorted(TAG.findall(english)):
                broken.append((english[:60], text[:60]))
    assert not broken, f"{code}/{domain}.po: {broken}"


@pytest.mark.parametrize("code", languages.OTHERS)
def test_plural_forms_are_the_languages_own(code):
    entries = catalogue(code, "django")
    header = entries.metadata["Plural-Forms"]
    assert f"nplurals={PLURAL_FORMS[code]};" in header.replace(" ", "")
    for entry in entries:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == PLURAL_FORMS[code], entry.msgid


@pytest.mark.parametrize("code", languages.OTHERS)
def test_the_clock_style_is_a_choice_the_code_understands(code):
    entry = catalogue(code, "django").find("12", msgctxt="clock style")
    assert entry is not None and entry.msgstr in ("12", "24")


@pytest.mark.parametrize("code", languages.OTHERS)
def test_the_content_catalogue_covers_the_seed_content(code):
    have = {(entry.msgctxt, entry.msgid) for entry in catalogue(code, "content")}
    assert have == set(seed_translations.seed_strings())


def test_the_page_catalogues_cover_the_current_english(tmp_path, settings, monkeypatch):
    """`make messages` would add nothing: no English on a public page is missing from the
    catalogues (run on a copy, so the real catalogues are untouched)."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed for this check: apt-get install gettext (.ci/run installs it)")
    root = Path(settings.BASE_DIR)
    for part in ("templates", "pages", "content", "locale"):
        shutil.copytree(root / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("update_catalogues", verbosity=0)
    for code in languages.OTHERS:
        fresh = polib.pofile(str(tmp_path / "locale" / code / "LC_MESSAGES" / "django.po"))
        committed = catalogue(code, "django")
        new = {entry.msgid for entry in fresh if not entry.obsolete} - {entry.msgid for entry in committed}
        assert not new, f"English not yet in {code}/django.po (run `make messages`): {sorted(new)[:5]}"
        gone = {entry.msgid for entry in committed} - {entry.msgid for entry in fresh}
        assert not gone, (
            f"{code}/django.po has entries no page uses (run `make messages`): {sorted(gone)[:5]}"
        )


def test_the_compiled_catalogues_are_what_the_site_reads(tmp_path, settings):
    """compile_translations (pure Python) makes .mo files that Django's gettext reads."""
    shutil.copytree(LOCALE, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("compile_translations", verbosity=0)
    for code in languages.OTHERS:
        assert (tmp_path / "locale" / code / "LC_MESSAGES" / "django.mo").exists()
    entry = next(e for e in catalogue("pl", "django") if e.msgid == "Page not found")
    translation.trans_real._translations = {}  # read the freshly compiled files
    try:
        with translation.override("pl"):
            assert translation.gettext("Page not found") == entry.msgstr != "Page not found"
    finally:
        translation.trans_real._translations = {}
