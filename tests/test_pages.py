"""A sweep of every public page, as a visitor would see it."""

import re

import pytest
from django.urls import reverse

from content.site_pages import PAGES

PAGE_NAMES = [page.name for page in PAGES]
NUMBER = "0808 1000 900"


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_answers_with_one_h1_the_helpline_and_no_cookie(client, seeded, name):
    response = client.get(reverse(f"pages:{name}"))
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert NUMBER in html
    assert 'href="tel:+448081000900"' in html
    assert 'href="https://get-help.stopitnow.org.uk/"' in html or "/go/self-help/" in html
    assert "Exit this page" in html
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    # Each page has its own title and description.
    assert re.search(r"<title>[^<]{10,}</title>", html)
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)


def test_titles_and_descriptions_are_unique(client, seeded):
    titles, descriptions = set(), set()
    for name in PAGE_NAMES:
        html = client.get(reverse(f"pages:{name}")).content.decode()
        titles.add(re.search(r"<title>([^<]*)</title>", html).group(1))
        descriptions.add(re.search(r'<meta name="description" content="([^"]*)">', html).group(1))
    assert len(titles) == len(PAGE_NAMES)
    assert len(descriptions) == len(PAGE_NAMES)


def test_the_404_page_still_offers_help(client, seeded):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert h1_count(html) == 1
    assert NUMBER in html and "Exit this page" in html
    assert not response.cookies


def test_the_500_page_still_offers_help(client, seeded, rf):
    from pages.views import server_error

    request = rf.get("/")
    response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert NUMBER in html and "Exit this page" in html
    assert "Traceback" not in html


def test_home_shows_the_local_figure_with_its_year_and_source(client, seeded):
    html = client.get("/").content.decode()
    assert "In 2018, 1,365 people from West Yorkshire asked the charity for help" in html
    assert "Source: <a" in html and ">The Lucy Faithfull Foundation</a>" in html


def test_sitemap_lists_every_page_with_the_configured_address(client, seeded, settings):
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    xml = response.content.decode()
    assert response.status_code == 200
    for name in PAGE_NAMES:
        assert f"<loc>{settings.SITE_URL}{reverse(f'pages:{name}')}</loc>" in xml
    assert not response.cookies


def test_robots_txt_keeps_crawlers_off_redirects_and_never_names_the_admin(client, settings):
    settings.ADMIN_PATH = "staff-k3v9q/"  # the secret path a production site sets
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /go/" in text and "Disallow: /c/" in text
    assert "Sitemap:" in text
    assert "staff-k3v9q" not in text


def test_pages_render_from_seed_defaults_before_any_content_exists(client, empty_site):
    """A fresh site that has not been seeded still shows the helpline."""
    response = client.get("/get-help/")
    assert response.status_code == 200
    assert NUMBER in response.content.decode()


@pytest.mark.parametrize("word", ["child pornography", "child porn", "paedo", "monster", "beast", "nonce"])
def test_no_page_uses_forbidden_or_stigmatising_terms(client, seeded, word):
    for name in PAGE_NAMES:
        html = client.get(reverse(f"pages:{name}")).content.decode().lower()
        assert not re.search(rf"\b{word}\b", html), f"{word!r} appears on {name}"
