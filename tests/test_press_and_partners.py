"""Press and partners (issue 14): the press page, releases and their Atom feed, and the
partner toolkit whose files always carry the current helpline details."""

import datetime
import io
import re

import pytest
from defusedxml import ElementTree as ET
from django.test import Client
from pypdf import PdfReader

from content import snapshot
from content.models import Figure, Helpline, MediaContact, Partner, PressQuote, PressRelease
from reach.models import DailyCodeCount, PosterCode
from tests.admin_helpers import HELPLINE_URL, confirm_numbers, errors_in, form_of, save, text_of
from tests.reach_helpers import BROWSER
from toolkit import images

ATOM = "{http://www.w3.org/2005/Atom}"
SEED_NUMBER = "0808 1000 900"
NEW_NUMBER = "0808 800 5000"


@pytest.fixture
def releases(seeded):
    older = PressRelease.objects.create(
        title="Campaign launches",
        published_on=datetime.date(2019, 3, 14),
        summary="West Yorkshire Police and the charity launch a campaign.",
        body="The campaign starts today.\n\n## Why now\n\nDemand is growing.\n\n- one\n- two <script>",
        visible=True,
    )
    newer = PressRelease.objects.create(
        title="A year of help",
        published_on=datetime.date(2020, 3, 14),
        summary="A look back.",
        body="More people asked for help.",
        visible=True,
    )
    PressRelease.objects.create(
        title="Draft",
        published_on=datetime.date(2021, 1, 1),
        summary="Not yet.",
        body="Draft.",
        visible=False,
    )
    PressQuote.objects.create(
        release=older, quote="Help is there.", speaker="A Officer", role="Superintendent", approved=True
    )
    PressQuote.objects.create(release=older, quote="Not agreed yet.", speaker="B Person", role="Director")
    for release in PressRelease.objects.all():
        release.full_clean()
        release.save()
    snapshot.publish()
    return older, newer


def test_the_press_page_lists_releases_newest_first_with_contacts_facts_and_guidance(releases):
    response = Client().get("/press/")
    html, text = response.content.decode(), text_of(response)
    assert response.status_code == 200 and SEED_NUMBER in html
    assert text.index("A year of help") < text.index("Campaign launches")
    assert "Draft" not in text
    assert '<link rel="alternate" type="application/atom+xml" href="/press/feed/"' in html
    assert "In 2018, 1,365 people from West Yorkshire asked the charity for help" in text
    assert "Every year, West Yorkshire Police arrests hundreds of people" in text
    assert "Samaritans' media guidelines for reporting suicide" in text
    assert 'href="https://www.samaritans.org/about-samaritans/media-guidelines/"' in html
    assert "child sexual abuse images" in text and "Please do not illustrate" in text
    assert f"on {SEED_NUMBER}" in text  # the line to include in every article


def test_media_contacts_and_every_figure_come_from_the_same_records_as_the_pages(releases):
    MediaContact.objects.create(name="WYP press office", email="press@example.org", phone="01924 000 000")
    Figure.objects.create(
        topic="arrests",
        year=2025,
        value=400,
        label="people were arrested for these offences",
        source="West Yorkshire Police",
    )
    snapshot.publish()
    html, text = Client().get("/press/").content.decode(), text_of(Client().get("/press/"))
    assert 'href="mailto:press@example.org"' in html and 'href="tel:01924000000"' in html
    assert "In 2025, 400 people were arrested for these offences" in text
    assert "In 2025, 400 people were arrested for these offences" in text_of(Client().get("/"))


def test_a_release_page_shows_its_text_escaped_and_only_approved_quotes(releases):
    older, _newer = releases
    response = Client().get(f"/press/{older.slug}/")
    html = response.content.decode()
    assert response.status_code == 200 and older.slug == "campaign-launches"
    assert "<h1>Campaign launches</h1>" in html and "<h2>Why now</h2>" in html
    assert "<li>two &lt;script&gt;</li>" in html
    assert "Help is there." in html and "A Officer, Superintendent" in html
    assert "Not agreed yet." not in html
    assert "<title>Press release – West Yorkshire</title>" in html  # discreet
    hidden = Client().get("/press/draft/")
    assert hidden.status_code == 404 and SEED_NUMBER in hidden.content.decode()


def test_the_feed_is_valid_atom_with_the_published_releases_newest_first(releases):
    response = Client().get("/press/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert not response.cookies
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text, required
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://127.0.0.1:8000/press/feed/"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["A year of help", "Campaign launches"]
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}link").get("href").startswith("http://127.0.0.1:8000/press/")


def test_a_release_with_a_banned_term_or_a_quote_without_a_speaker_is_refused(superuser_client):
    url = "/admin/content/pressrelease/add/"
    data = form_of(superuser_client, url, "pressrelease_form")
    data.update(
        title="A new release",
        published_on="2026-11-20",
        summary_en_gb="It is about child pornography.",
        body="Text.",
        visible="on",
        **{
            "quotes-0-quote": "A quote.",
            "quotes-0-speaker": "",
            "quotes-0-role": "Chief",
            "quotes-0-order": "0",
        },
        **{"quotes-TOTAL_FORMS": "1"},
    )
    response = save(superuser_client, url, data)
    assert response.status_code == 200
    errors = errors_in(response)
    assert "child sexual abuse images" in errors and "This field is required" in errors
    assert not PressRelease.objects.filter(title="A new release").exists()
    assert "A new release" not in Client().get("/press/").content.decode()


# --- The partner toolkit -------------------------------------------------------------


def file_links(path="/partners/"):
    response = Client().get(path)
    assert response.status_code == 200, path
    return re.findall(r'href="(/partners/files/[^"]+)"', response.content.decode())


def test_every_toolkit_file_downloads_without_a_cookie_and_for_a_year(seeded, django_assert_num_queries):
    links = file_links()
    kinds = {re.match(r"/partners/files/([a-z]+)-", link).group(1) for link in links}
    assert kinds == {"poster", "card", "banner", "article", "briefing"}
    assert len(links) == 9
    for link in links:
        response = Client().get(link)
        assert response.status_code == 200, link
        assert not response.cookies and "Set-Cookie" not in response
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response["Content-Disposition"].startswith("attachment;")
    with django_assert_num_queries(0):  # made once, then kept by what it is made of
        assert Client().get(links[0]).status_code == 200


def test_the_toolkit_page_gives_the_poster_text_alt_text_posts_article_and_briefing(seeded):
    text = text_of(Client().get("/partners/"))
    assert SEED_NUMBER in text and "get-help.stopitnow.org.uk" in text
    assert "Alt text for every card:" in text and "Posts you can copy" in text
    assert "An article for your intranet or newsletter" in text
    assert "What not to promise" in text  # the briefing as text beside its PDF
    assert "A campaign by West Yorkshire Police and The Lucy Faithfull Foundation." in text
    assert "Mayor" not in text.split("The poster's text", 1)[1].split("Social media cards", 1)[0]


def test_only_partners_who_agreed_appear_on_materials(seeded):
    Partner.objects.filter(name__startswith="The Mayor").update(on_materials=True)
    Partner.objects.filter(name="The Lucy Faithfull Foundation").update(on_materials=False)
    snapshot.publish()
    poster = next(link for link in file_links() if "/poster-a4-" in link)
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(Client().get(poster).content)).pages)
    assert "The Mayor of West Yorkshire" in pdf and "Lucy Faithfull" not in pdf


def test_a_new_number_is_on_the_next_poster_and_card_and_old_links_lead_to_them(superuser_client):
    old_links = file_links()
    old_poster = next(link for link in old_links if "/poster-a4-" in link)
    data = form_of(superuser_client, HELPLINE_URL, "helpline_form")
    data.update(phone=NEW_NUMBER, phone_display=NEW_NUMBER)
    response = save(superuser_client, HELPLINE_URL, data)
    assert confirm_numbers(superuser_client, HELPLINE_URL, response, data).status_code == 302

    new_links = file_links()
    poster = next(link for link in new_links if "/poster-a4-" in link)
    assert poster != old_poster
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(Client().get(poster).content)).pages)
    assert NEW_NUMBER in pdf_text and SEED_NUMBER not in pdf_text
    from pages.press_and_partners import asset_content

    card = images.social_card(asset_content(snapshot.get_snapshot()), "1080x1080")
    assert NEW_NUMBER in card.text and NEW_NUMBER in card.alt_text and SEED_NUMBER not in card.text
    moved = Client().get(old_poster)
    assert moved.status_code == 302 and moved["Location"] == poster


def test_a_placements_poster_carries_its_own_code_and_a_scan_is_in_the_reach_report(
    seeded, superuser_client, settings
):
    settings.REACH_COUNTING = True
    PosterCode.objects.create(
        code="leeds-bus", label="Leeds bus shelters", target="get_help", for_partners=True
    )
    assert 'value="leeds-bus"' in Client().get("/partners/").content.decode()
    chosen = Client().get("/partners/choose/?placement=leeds-bus")
    assert chosen.status_code == 302 and chosen["Location"] == "/partners/leeds-bus/"
    page = text_of(Client().get("/partners/leeds-bus/"))
    assert "These posters are for: Leeds bus shelters" in page
    poster = next(link for link in file_links("/partners/leeds-bus/") if "/poster-a4-" in link)
    assert "/poster-a4-leeds-bus-" in poster
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(Client().get(poster).content)).pages)
    assert "Leeds bus shelters" in pdf_text  # the poster reference, for tracing a copy
    from pages.press_and_partners import asset_content

    assert asset_content(snapshot.get_snapshot(), "leeds-bus").qr_url == "http://127.0.0.1:8000/c/leeds-bus/"
    assert Client(HTTP_USER_AGENT=BROWSER).get("/c/leeds-bus/")["Location"] == "/get-help/"  # the scan
    report = superuser_client.get("/admin/reach/reachreport/")
    assert DailyCodeCount.objects.get(code="leeds-bus").visits == 1
    assert "Leeds bus shelters" in report.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/partners/files/poster-a5-0123456789abcdef.pdf",
        "/partners/files/card-999x999-0123456789abcdef.png",
        "/partners/files/nothing-a4-0123456789abcdef.pdf",
        "/partners/files/card-1080x1080-leeds-bus-0123456789abcdef.png",
        "/partners/files/poster-a4-no-such-place-0123456789abcdef.pdf",
        "/partners/no-such-place/",
    ],
)
def test_an_asset_that_does_not_exist_gets_the_site_404_page(seeded, path):
    response = Client().get(path)
    assert response.status_code == 404 and SEED_NUMBER in response.content.decode()


def test_a_placement_not_offered_to_partners_is_not_on_the_public_page(seeded):
    PosterCode.objects.create(code="staff-only", label="Internal", target="home", for_partners=False)
    assert "staff-only" not in Client().get("/partners/").content.decode()
    assert Client().get("/partners/staff-only/").status_code == 404


def test_press_logos_only_when_licensed(seeded, media_root):
    from django.core.files.base import ContentFile

    from tests.images import png_bytes

    partner = Partner.objects.get(name="West Yorkshire Police")
    partner.logo.save("wyp.png", ContentFile(png_bytes()), save=False)
    partner.alt_text = "West Yorkshire Police"
    partner.save()
    snapshot.publish()
    assert "West Yorkshire Police logo" not in text_of(Client().get("/press/"))
    Partner.objects.filter(pk=partner.pk).update(press_logo=True)
    snapshot.publish()
    assert "West Yorkshire Police logo" in text_of(Client().get("/press/"))
    lockup = re.search(
        r'href="(/partners/files/lockup-[^"]+)"', Client().get("/press/").content.decode()
    ).group(1)
    assert Client().get(lockup)["Content-Type"] == "image/png"
    assert Helpline.load().phone_display == SEED_NUMBER
