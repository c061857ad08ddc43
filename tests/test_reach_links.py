"""Counted help links (/go/), the call-link ping and poster codes (/c/)."""

import re

import pytest
from django.db import OperationalError, connection
from django.template import Context, Template
from django.test import Client, TestCase

from content import snapshot
from content.models import Helpline, HelpService
from content.site_pages import page_paths
from reach import codes, counter
from reach.models import DailyClickCount, DailyCodeCount, PosterCode
from tests.reach_helpers import BROWSER

pytestmark = pytest.mark.usefixtures("counting")

PAGE_PATHS = page_paths()


def saved_clicks():
    assert counter.flush() is True
    return {row.slug: row.clicks for row in DailyClickCount.objects.all()}


def saved_visits():
    assert counter.flush() is True
    return {row.code: row.visits for row in DailyCodeCount.objects.all()}


def assert_private_redirect(response, location):
    assert response.status_code == 302
    assert response["Location"] == location
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


# --- /go/<slug>/ -------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "location"),
    [
        ("self-help", "https://get-help.stopitnow.org.uk/"),
        ("live-chat", "https://www.stopitnow.org.uk/helpline/"),
        ("secure-email", "https://www.stopitnow.org.uk/helpline/"),
        ("shore", "https://shorespace.org.uk/"),
        ("childline", "https://www.childline.org.uk/"),
        ("iwf", "https://www.iwf.org.uk/report/"),
        ("ceop", "https://www.ceop.police.uk/Safety-Centre/"),
        ("samaritans", "https://www.samaritans.org/how-we-can-help/contact-samaritan/"),
        ("nhs-111", "https://111.nhs.uk/"),
    ],
)
def test_help_links_count_one_click_then_redirect_without_referrer(seeded, browser, slug, location):
    assert_private_redirect(browser.get(f"/go/{slug}/"), location)
    assert saved_clicks() == {slug: 1}


def test_clicks_add_up_per_service(seeded, browser):
    for _ in range(3):
        browser.get("/go/samaritans/")
    browser.get("/go/shore/")
    assert saved_clicks() == {"samaritans": 3, "shore": 1}


@pytest.mark.parametrize(
    "path",
    [
        "/go/no-such-service/",
        "/go/emergency/",  # a service with a phone number but no website
        "/go/police-101/",
        "/go/call/",
        "/go/https:%2F%2Fevil.example/",
        "/go/%2F%2Fevil.example/",
        "/go//evil.example/",
        "/go/evil.example/",
        "/go/https://evil.example/",
        "/go/samaritans/https://evil.example/",
        "/go/?url=https://evil.example/",
    ],
)
def test_unknown_help_links_are_404_and_never_redirect(seeded, browser, path):
    response = browser.get(path)
    assert response.status_code == 404
    assert "Location" not in response.headers
    assert "0808 1000 900" in response.content.decode()  # the 404 page still offers help
    assert saved_clicks() == {}


def test_only_http_addresses_are_ever_redirect_targets(seeded, browser):
    # Even if a bad address got past the admin's checks, /go/ would not send anyone there.
    HelpService.objects.create(slug="sneaky", name="Sneaky", group="other", url="javascript:alert(1)")
    HelpService.objects.filter(slug="iwf").update(url="data:text/html,<script>alert(1)</script>")
    snapshot.publish()
    assert browser.get("/go/sneaky/").status_code == 404
    assert browser.get("/go/iwf/").status_code == 404


def test_a_link_left_blank_in_the_admin_is_404(seeded, browser):
    helpline = Helpline.load()
    helpline.live_chat_url = ""
    helpline.save()
    snapshot.publish()
    assert browser.get("/go/live-chat/").status_code == 404


def test_help_links_follow_admin_edits(seeded, browser):
    service = HelpService.objects.get(slug="samaritans")
    service.url = "https://www.samaritans.org/how-we-can-help/"
    with TestCase.captureOnCommitCallbacks(execute=True):
        service.save()
    assert browser.get("/go/samaritans/")["Location"] == "https://www.samaritans.org/how-we-can-help/"


@pytest.mark.parametrize("agent", ["", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0"])
def test_bots_following_help_links_are_redirected_but_not_counted(seeded, agent):
    response = Client(HTTP_USER_AGENT=agent).get("/go/samaritans/")
    assert response.status_code == 302
    assert saved_clicks() == {}


def test_head_requests_to_help_links_are_not_counted(seeded, browser):
    assert browser.head("/go/samaritans/").status_code == 302
    assert browser.post("/go/samaritans/").status_code == 405
    assert saved_clicks() == {}


def test_help_links_work_but_do_not_count_with_counting_off(seeded, browser, settings):
    settings.REACH_COUNTING = False
    assert_private_redirect(
        browser.get("/go/samaritans/"), "https://www.samaritans.org/how-we-can-help/contact-samaritan/"
    )
    assert saved_clicks() == {}


def test_help_links_work_in_a_database_outage(seeded, browser):
    browser.get("/")  # the snapshot is cached
    with connection.execute_wrapper(database_down):
        assert_private_redirect(
            browser.get("/go/samaritans/"), "https://www.samaritans.org/how-we-can-help/contact-samaritan/"
        )
    assert saved_clicks() == {"samaritans": 1}


def database_down(execute, sql, params, many, context):
    raise OperationalError("the database is down")


# --- the call link's ping ------------------------------------------------------


def test_a_ping_from_the_call_link_is_counted(seeded):
    # A browser's ping carries no CSRF token; the ping must still be accepted.
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER)
    response = client.post("/go/call/ping/", "PING", content_type="text/ping")
    assert response.status_code == 204
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert saved_clicks() == {"call": 1}


def test_only_a_browser_ping_counts_as_a_call(seeded, browser):
    assert browser.get("/go/call/ping/").status_code == 405
    assert browser.post("/go/call/ping/", {"a": "b"}).status_code == 204  # not a ping: ignored
    assert (
        Client(HTTP_USER_AGENT="curl/8").post("/go/call/ping/", "PING", content_type="text/ping").status_code
        == 204
    )
    assert saved_clicks() == {}


def test_public_pages_allow_same_origin_pings(seeded, browser, settings):
    policy = browser.get("/").headers["Content-Security-Policy"]
    assert "connect-src 'self'" in policy


# --- poster codes ---------------------------------------------------------------


@pytest.fixture
def bus(seeded):
    return PosterCode.objects.create(code="bus", label="Bus shelters, Leeds", target="get_help")


def test_a_poster_code_counts_a_visit_and_lands_on_its_page(bus, browser):
    assert_private_redirect(browser.get("/c/bus/"), "/get-help/")
    browser.get("/c/bus/")
    assert saved_visits() == {"bus": 2}


def test_a_code_typed_in_capitals_still_works(bus, browser):
    assert browser.get("/c/BUS/")["Location"] == "/get-help/"
    assert saved_visits() == {"bus": 1}


def test_codes_are_stored_in_lower_case(seeded):
    code = PosterCode.objects.create(code="Radio-Ad", label="Radio", target="home")
    assert code.code == "radio-ad"


@pytest.mark.parametrize("path", ["/c/nope/", "/c/leeds-bus-2019/"])
def test_unknown_codes_land_on_the_home_page_counted_as_retired(bus, browser, path):
    assert_private_redirect(browser.get(path), "/")
    assert saved_visits() == {codes.RETIRED: 1}


@pytest.mark.parametrize("path", ["/c/https:%2F%2Fevil.example/", "/c//evil.example/", "/c/bus.example/"])
def test_addresses_that_are_not_codes_never_redirect(bus, browser, path):
    response = browser.get(path)
    assert response.status_code == 404
    assert "Location" not in response.headers
    assert saved_visits() == {}


def test_a_retired_code_lands_on_the_home_page_at_once(bus, browser):
    assert browser.get("/c/bus/")["Location"] == "/get-help/"
    bus.active = False
    with TestCase.captureOnCommitCallbacks(execute=True):
        bus.save()
    assert_private_redirect(browser.get("/c/bus/"), "/")
    assert saved_visits() == {"bus": 1, codes.RETIRED: 1}


def test_a_new_code_works_at_once(bus, browser):
    assert browser.get("/c/train/")["Location"] == "/"
    with TestCase.captureOnCommitCallbacks(execute=True):
        PosterCode.objects.create(code="train", label="Station posters", target="awareness")
    assert browser.get("/c/train/")["Location"] == "/awareness/"


def test_bots_and_head_requests_do_not_count_code_visits(bus, browser):
    assert Client(HTTP_USER_AGENT="Mozilla/5.0 (compatible; bingbot/2.0)").get("/c/bus/").status_code == 302
    assert browser.head("/c/bus/").status_code == 302
    assert saved_visits() == {}


def test_codes_work_in_a_database_outage(bus, browser):
    browser.get("/c/bus/")  # the code list is cached
    with connection.execute_wrapper(database_down):
        assert browser.get("/c/bus/")["Location"] == "/get-help/"
        assert browser.get("/c/nope/")["Location"] == "/"
        # With nothing cached at all, a visitor still lands on the site (uncounted).
        from django.core.cache import cache

        cache.delete(codes.CACHE_KEY)
        assert browser.get("/c/bus/")["Location"] == "/"
    assert saved_visits() == {"bus": 2, codes.RETIRED: 1}


# --- template tags -----------------------------------------------------------------


def render(source, **context):
    return Template("{% load reach_tags %}" + source).render(Context(context))


def test_go_url_gives_the_counted_link_only_where_one_exists(seeded):
    snap = snapshot.get_snapshot()
    assert render("{% go_url 'samaritans' %}", snap=snap) == "/go/samaritans/"
    assert render("{% go_url 'self-help' %}", snap=snap) == "/go/self-help/"
    assert render("{% go_url slug %}", snap=snap, slug="shore") == "/go/shore/"
    assert render("{% go_url 'emergency' %}", snap=snap) == ""
    assert render("{% go_url 'no-such-thing' %}", snap=snap) == ""


def test_with_counting_off_links_go_straight_to_the_service(seeded, settings):
    settings.REACH_COUNTING = False
    assert (
        render("{% go_url 'samaritans' %}") == "https://www.samaritans.org/how-we-can-help/contact-samaritan/"
    )
    assert render('<a href="tel:+448081000900"{% call_ping %}>') == '<a href="tel:+448081000900">'


def test_call_ping_adds_the_ping_attribute(seeded):
    assert (
        render('<a href="tel:+448081000900"{% call_ping %}>')
        == '<a href="tel:+448081000900" ping="/go/call/ping/">'
    )


# --- the public pages use the counted links ---------------------------------------------


def outbound_hrefs(html):
    return re.findall(r'<a\b[^>]*\bhref="(https?://[^"]*)"', html)


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_help_links_on_every_page_go_through_go_and_keep_no_referrer(seeded, browser, path):
    html = browser.get(path).content.decode()
    snap = snapshot.get_snapshot()
    help_urls = {snap.helpline.selfhelp_url, snap.helpline.live_chat_url, snap.helpline.secure_email_url}
    help_urls |= {s.url for s in snap.services if s.url}
    assert not set(outbound_hrefs(html)) & help_urls
    go_links = re.findall(r'<a\b[^>]*\bhref="/go/[^"]*"[^>]*>', html)
    assert any('href="/go/self-help/"' in a for a in go_links)  # the strip on every page
    for anchor in go_links:
        assert 'rel="noreferrer"' in anchor
        slug = re.search(r'href="/go/([^/"]+)/"', anchor).group(1)
        assert browser.get(f"/go/{slug}/").status_code == 302


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_helpline_call_link_pings(seeded, browser, path):
    html = browser.get(path).content.decode()
    calls = re.findall(r'<a\b[^>]*\bhref="tel:(?:\+448081000900|\+441372847161)"[^>]*>', html)
    assert calls
    for anchor in calls:
        assert 'ping="/go/call/ping/"' in anchor


def test_every_help_route_is_linked_through_go_on_some_page(seeded, browser):
    html = " ".join(browser.get(path).content.decode() for path in PAGE_PATHS)
    slugs = ["self-help", "live-chat"] + [s.slug for s in HelpService.objects.exclude(url="")]
    assert len(slugs) > 10
    for slug in slugs:
        assert f'href="/go/{slug}/"' in html, slug


def test_chat_and_secure_messages_on_one_page_get_one_link_saying_so(seeded, browser):
    html = browser.get("/get-help/").content.decode()
    assert 'href="/go/live-chat/"' in html and "/go/secure-email/" not in html
    assert "Chat online or send a secure message" in html
    Helpline.objects.update(secure_email_url="https://example.org/secure-message/")
    snapshot.publish()
    html = browser.get("/get-help/").content.decode()
    assert 'href="/go/live-chat/"' in html and 'href="/go/secure-email/"' in html


def test_with_counting_off_pages_link_straight_to_services(seeded, browser, settings):
    settings.REACH_COUNTING = False
    html = browser.get("/get-help/").content.decode()
    assert "/go/" not in html and "ping=" not in html
    assert 'href="https://www.samaritans.org/how-we-can-help/contact-samaritan/"' in html


def test_the_privacy_page_says_what_is_counted_and_what_is_not(seeded, browser):
    html = re.sub(r"\s+", " ", browser.get("/privacy/").content.decode())
    assert "What we count" in html
    for fact in (
        "how many times each page of this website was viewed",
        "how many times each help link was used",
        "how many times the helpline phone number was tapped",
        "Firefox",
        "how many visits came from each poster or advert",
        "IP address",
        "your browser or device",
        "the page you came from",
        "after a question mark",
        "any cookie",
        "hashed",
        "fewer than 10",
    ):
        assert fact in html, fact
