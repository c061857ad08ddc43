"""The site in Urdu, Panjabi, Polish and Romanian, as a visitor and an editor meet it:
addresses, lang and dir, the language links, the draft notice and interpreter instruction,
no cookie and no guessing, hidden languages, translated content with English fallback,
and the wording guard in every language."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from content import languages
from content.models import FaqEntry, GlossaryTerm, HelpService, SiteLanguage
from content.site_pages import PAGES
from tests.admin_forms import form_values
from tests.conftest import fresh_caches

NUMBER = "0808 1000 900"
DIRECTION = {"en-gb": "ltr", "ur": "rtl", "pa": "ltr", "pl": "ltr", "ro": "ltr"}
ALL = ("en-gb", *languages.OTHERS)


def path_in(code, name):
    with translation.override(code):
        return reverse(f"pages:{name}")


def notice_in(code):
    with translation.override(code):
        return translation.gettext(
            "A qualified translator has not checked this translation yet. The helpline can arrange an "
            "interpreter for you."
        )


ENGLISH_NOTICE = "This translation has not yet been checked by a qualified translator. The helpline can arrange an interpreter."


@pytest.mark.parametrize("code", ALL)
@pytest.mark.parametrize("name", [page.name for page in PAGES])
def test_every_page_answers_in_every_language(client, seeded, code, name):
    path = path_in(code, name)
    assert path.startswith("/" if code == "en-gb" else f"/{code}/")
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{languages.TAGS[code]}" dir="{DIRECTION[code]}">' in html
    assert NUMBER in html and 'href="tel:+448081000900"' in html
    # The language links, each in its own script and language, to this same page.
    for other in ALL:
        assert re.search(
            rf'<a href="{re.escape(path_in(other, name))}" hreflang="{languages.TAGS[other]}" '
            rf'lang="{languages.TAGS[other]}"[^>]*>{languages.ENDONYMS[other]}</a>',
            html,
        ), other
        assert f'hreflang="{languages.TAGS[other]}" href="http' in html  # <link rel="alternate">
    assert 'hreflang="x-default"' in html
    if code == "en-gb":
        assert ENGLISH_NOTICE not in html
    else:
        assert notice_in(code) in html and notice_in(code) != ENGLISH_NOTICE[:20]
        assert ENGLISH_NOTICE in html
        # How to ask for an interpreter: the number, and the language's name in English.
        assert f'<bdi lang="en">{languages.NAMES_IN_ENGLISH[code]}</bdi>' in html
    assert not response.cookies and "Set-Cookie" not in response
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_language_comes_from_the_address_alone(client, seeded):
    """No redirect by guesswork: a browser asking for Urdu, or sending a language cookie,
    still gets the English page at an English address, and there is no set_language view."""
    client.cookies["django_language"] = "ur"
    response = client.get("/get-help/", HTTP_ACCEPT_LANGUAGE="ur,pl;q=0.8")
    assert response.status_code == 200
    assert '<html lang="en-GB" dir="ltr">' in response.content.decode()
    assert client.post("/i18n/setlang/", {"language": "ur"}).status_code in (404, 405)
    assert (
        client.get("/ur/get-help/", HTTP_ACCEPT_LANGUAGE="en").content.decode().count('lang="ur" dir="rtl"')
        == 1
    )


@pytest.mark.parametrize("path", ["/de/", "/de/get-help/", "/xx/faq/", "/UR/"])
def test_an_unknown_language_prefix_gets_the_english_404_with_the_helpline(client, seeded, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en-GB" dir="ltr">' in html
    assert NUMBER in html and "Exit this page" in html


def test_a_missing_page_in_urdu_is_an_urdu_404_whose_language_links_lead_home(client, seeded):
    response = client.get("/ur/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ur" dir="rtl">' in html
    assert NUMBER in html
    with translation.override("ur"):
        assert translation.gettext("Page not found") in html
    for code in ALL:
        assert f'<a href="{path_in(code, "home")}" hreflang="{languages.TAGS[code]}"' in html


def test_a_hidden_language_redirects_to_english_and_leaves_the_links_and_sitemap(client, seeded):
    SiteLanguage.objects.filter(code="pl").update(shown=False)
    fresh_caches()  # as the save's on_commit would (tests run inside a transaction)
    response = client.get("/pl/get-help/")
    assert response.status_code == 302 and response["Location"] == "/get-help/"
    html = client.get("/get-help/").content.decode()
    assert "Polski" not in html and 'hreflang="pl"' not in html
    assert "اردو" in html
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/pl/" not in sitemap and "/ur/get-help/" in sitemap


def test_the_sitemap_lists_each_page_with_its_languages(client, seeded):
    sitemap = client.get("/sitemap.xml").content.decode().lower()  # hreflang is not case-sensitive
    for code in ALL:
        assert f'hreflang="{languages.TAGS[code].lower()}"' in sitemap
        assert path_in(code, "arrested") in sitemap
    assert 'hreflang="x-default"' in sitemap


def test_a_reviewed_language_loses_the_draft_notice_but_keeps_the_interpreter_line(client, seeded):
    language = SiteLanguage.objects.get(code="ro")
    language.review, language.reviewed_by = SiteLanguage.Review.REVIEWED, "A. Translator"
    language.reviewed_on = language.reviewed_on or __import__("datetime").date(2026, 11, 20)
    language.save()
    fresh_caches()  # as the save's on_commit would (tests run inside a transaction)
    html = client.get("/ro/").content.decode()
    assert notice_in("ro") not in html and ENGLISH_NOTICE not in html
    assert '<bdi lang="en">Romanian</bdi>' in html
    assert notice_in("ur") in client.get("/ur/").content.decode()


def test_seed_content_arrives_translated_and_untranslated_text_is_marked_english(client, seeded):
    samaritans = HelpService.objects.get(slug="samaritans")
    assert samaritans.description_ur and samaritans.description_ur != samaritans.description_en_gb
    html = client.get("/ur/faq/").content.decode()
    entry = FaqEntry.objects.first()
    assert entry.question_ur in html
    FaqEntry.objects.create(
        question_en_gb="A new question only in English?", answer_en_gb="Only English so far.", order=99
    )
    fresh_caches()  # as the save's on_commit would (tests run inside a transaction)
    html = client.get("/ur/faq/").content.decode()
    assert '<span lang="en-GB" dir="ltr">A new question only in English?</span>' in html
    assert '<div lang="en-GB" dir="ltr"><p>Only English so far.</p></div>' in html
    english = client.get("/faq/").content.decode()
    assert 'lang="en-GB" dir="ltr">A new question' not in english


def test_seed_content_never_puts_a_translation_beside_english_it_was_not_written_for(seeded):
    from django.core.management import call_command

    service = HelpService.objects.get(slug="samaritans")
    service.description_en_gb = "New English an editor wrote."
    service.description_ur = ""
    service.save()
    call_command("seed_content", "--without-bank-holidays", verbosity=0)
    service.refresh_from_db()
    assert service.description_ur == ""


class _Text(HTMLParser):
    """Visible text, leaving out anything marked as English (lang="en...") and scripts."""

    def __init__(self):
        super().__init__()
        self.stack, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "hr", "source"):
            return
        lang = dict(attrs).get("lang", "")
        skip = (
            tag in ("script", "style", "title")
            or lang.lower().startswith("en")
            or (tag == "nav" and dict(attrs).get("class") == "languages__nav")
        )
        self.stack.append(skip or (self.stack[-1] if self.stack else False))

    def handle_endtag(self, tag):
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


# Names that stay in Latin script on every page (brands, organisations, Acts, addresses).
NAMES = re.compile(
    r"Stop It Now!?( Get Help)?|The Lucy Faithfull Foundation|Telegraph & Argus|Lucy Faithfull|Shore|Childline|NSPCC|Samaritans|"
    r"Shout|SHOUT|CEOP|Internet Watch Foundation|IWF|Report Remove|GOV\.UK|NHS|NCA|West Yorkshire|ico\.org\.uk|"
    r"(?:[A-Z][a-z]+ (?:of |and |the )?){1,4}Act( \d{4})?|staff_\w+|csrftoken|R v [A-Z][a-z]+|[a-z0-9.-]+\.(org|uk|com)\S*|/[a-z0-9/-]+|"
    r"https?://\S+|\b[A-Z]{2,5}\b|JAWS|NVDA|TalkBack|VoiceOver|Narrator|Windows|iOS|macOS|F12|Ctrl|Shift|Cmd|AI|PDF|SVG|PNG|QR|Atom|RSS|CSV|A[34]|JavaScript|Chrome|Firefox|Safari|Edge|iPhone|Android"
)


@pytest.mark.parametrize("code", ["ur", "pa"])
def test_urdu_and_panjabi_pages_have_no_english_left_but_names(client, seeded, code):
    leftovers = {}
    for page in PAGES:
        parser = _Text()
        parser.feed(client.get(path_in(code, page.name)).content.decode())
        # The interpreter instruction names the language in English, as the caller says it.
        text = NAMES.sub(" ", " ".join(parser.parts)).replace(languages.NAMES_IN_ENGLISH[code], " ")
        words = re.findall(r"[A-Za-z]{3,}", text)
        if words:
            leftovers[page.name] = sorted(set(words))[:12]
    assert not leftovers, leftovers


def test_the_urdu_helpline_number_reads_left_to_right(client, seeded):
    html = client.get("/ur/").content.decode()
    for match in re.finditer(re.escape(NUMBER), html):
        before = html[: match.start()]
        if before.rfind("<") > before.rfind(">"):
            continue  # inside an attribute (an aria-label): not laid out as text
        assert before.endswith('<bdi dir="ltr">') or before.rstrip().endswith('dir="ltr">'), html[
            match.start() - 80 : match.end()
        ]


def test_a_banned_term_in_a_translation_is_refused_naming_the_language(editor_client, seeded):
    entry = FaqEntry.objects.first()
    url = f"/admin/content/faqentry/{entry.pk}/change/"
    data = form_values(editor_client.get(url).content.decode(), "faqentry_form")
    term = GlossaryTerm.objects.get(term="بچوں کی فحش نگاری")
    data["answer_ur"] = f"یہ {term.term} ہے۔"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Urdu" in page and term.term in page
    entry.refresh_from_db()
    assert term.term not in entry.answer_ur


def test_changing_the_english_empties_the_other_languages_and_says_so(editor_client, seeded):
    entry = FaqEntry.objects.first()
    assert entry.answer_pl and entry.answer_ur
    url = f"/admin/content/faqentry/{entry.pk}/change/"
    data = form_values(editor_client.get(url).content.decode(), "faqentry_form")
    data["answer_en_gb"] = "A new answer in English."
    data["answer_pl"] = "Nowa odpowiedź."  # the translator's update arrives in the same save
    response = editor_client.post(url, data, follow=True)
    entry.refresh_from_db()
    assert entry.answer_en_gb == "A new answer in English."
    assert entry.answer_pl == "Nowa odpowiedź."
    assert entry.answer_ur == entry.answer_pa == entry.answer_ro == ""
    assert entry.question_ur  # the question's English did not change
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "Answer (Urdu), Answer (Punjabi), Answer (Romanian)" in text


@pytest.mark.parametrize("path", ["/ur/", "/pa/get-help/", "/pl/faq/", "/ro/arrested/"])
def test_a_warm_page_in_any_language_needs_no_database(client, seeded, path, django_assert_num_queries):
    client.get(path)
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200


def test_reach_counts_a_view_under_its_page_and_its_language(seeded, counting, browser, editor_client):
    for path in ("/ur/get-help/", "/get-help/", "/pl/get-help/"):
        assert browser.get(path).status_code == 200
    assert counting.flush() is True
    page = editor_client.get("/admin/reach/reachreport/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Per language" in text
    for name in ("English", "Urdu", "Polish"):
        assert re.search(rf"{name} 1\b", text), name
