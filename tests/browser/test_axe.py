"""axe-core on every public page (and the 404 page), under the page's own CSP."""

import pytest

from tests.browser.conftest import describe_violations, public_paths, run_axe

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", public_paths())
def test_no_axe_violations(site, new_page, axe_source, path, width):
    page, _guard = new_page(viewport=WIDTHS[width])
    response = page.goto(site + path)
    assert response.status == (404 if path == "/no-such-page/" else 200)
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)


def test_no_axe_violations_while_the_helpline_is_closed(closed_site, new_page, axe_source):
    page, _guard = new_page()
    page.goto(closed_site + "/get-help/")
    assert "closed now" in page.locator("#helpline-status").inner_text().lower()
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)


def test_no_axe_violations_without_the_script(site, new_page, axe_source):
    """The page as a browser without JavaScript gets it (the hints stay hidden). axe itself needs
    JavaScript, so the site's script is refused rather than JavaScript turned off."""
    page, _guard = new_page()
    page.route("**/static/js/**", lambda route: route.abort())
    page.goto(site + "/")
    assert page.locator(".js-only").first.is_hidden()
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)
