"""Every page in Urdu, Panjabi, Polish and Romanian, in Chromium: the same axe, keyboard,
touch-target, 320 px, doubled-text, forced-colours, no-JavaScript and spoken-output checks the English pages get one by
one, here one test per language visiting every page (and the language's 404 page), so the
suite stays quick. Plus the Urdu and Panjabi home pages at 320 px, photographed, with the
helpline number read left to right.

Screenshots: test-artifacts/languages/<code>-home-320.png.
"""

import pytest
from django.utils import translation

from tests.browser.conftest import OTHER_LANGUAGES, ROOT, describe_violations, public_paths, run_axe
from tests.browser.test_forced_colours import forced_colour_problems
from tests.browser.test_journeys import (
    DESKTOP,
    LAYOUT_PROBLEMS_JS,
    NUMBER,
    PHONE,
    ZOOM_400,
    check_keyboard,
    check_without_javascript,
    touch_target_problems,
)
from tests.browser.test_spoken import spoken_failures

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "languages"
DIRECTION = {
    code: "rtl" if translation.get_language_info(code)["bidi"] else "ltr" for code in OTHER_LANGUAGES
}

# Where each group of the helpline number is drawn, from the text's own layout.
NUMBER_LAYOUT_JS = """(number) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const at = node.data.indexOf(number);
    if (at < 0 || !node.parentElement.checkVisibility()) continue;
    const groups = [];
    let offset = at;
    for (const group of number.split(' ')) {
      const range = document.createRange();
      range.setStart(node, offset);
      range.setEnd(node, offset + group.length);
      const box = range.getBoundingClientRect();
      groups.push({group, left: box.left, top: box.top});
      offset += group.length + 1;
    }
    found.push({where: node.parentElement.closest('[class]')?.className || node.parentElement.tagName, groups});
  }
  return found;
}"""


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_axe_keyboard_reflow_and_forced_colours_on_every_page(site, new_page, axe_source, code):
    page, _guard = new_page(viewport=PHONE)
    problems = []
    paths = public_paths(code)
    for path in paths:
        response = page.goto(site + path)
        assert response.status == (404 if path.endswith("/no-such-page/") else 200), path
        assert page.locator("html").get_attribute("dir") == DIRECTION[code], path
        problems += [f"{path} axe: {describe_violations(v)}" for v in [run_axe(page, axe_source)] if v]
        try:
            check_keyboard(page)
        except AssertionError as failure:
            problems.append(f"{path} keyboard: {failure}")
        problems += [f"{path} touch target {p}" for p in touch_target_problems(page)]  # WCAG 2.5.8
        page.set_viewport_size(ZOOM_400)
        problems += [f"{path} at 320px: {p}" for p in page.evaluate(LAYOUT_PROBLEMS_JS)]
        page.set_viewport_size(PHONE)
        page.reload()  # forced colours start from a freshly loaded page, as for English
        # Screenshots of the home page only (test-artifacts/forced-colours/<code>/): the
        # checks run on every page, the pictures are the slow part.
        shots = path == paths[0]
        problems += [f"{path} {p}" for p in forced_colour_problems(page, axe_source, path, shots)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_text_doubled_by_the_browser_font_size_setting_fits(site, new_page, code):
    """The reader's font size doubled (as test_journeys does for English, which also checks
    that every size doubles: the stylesheet is the same). Longer words must still fit."""
    page, _guard = new_page(viewport=DESKTOP)
    page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    problems = []
    for path in public_paths(code):
        page.goto(site + path)
        problems += [f"{path}: {p}" for p in page.evaluate(LAYOUT_PROBLEMS_JS)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_page_is_readable_and_every_link_usable_without_javascript(site, new_page, code):
    check_without_javascript(site, new_page, public_paths(code))


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_what_a_screen_reader_hears(site, new_page, vsr_source, code):
    page, _guard = new_page()
    failures = []
    for path in public_paths(code):
        page.goto(site + path)
        failures += [f"{path}: {f}" for f in spoken_failures(page, vsr_source, path)]
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("code", ["ur", "pa"])
def test_the_home_page_at_320px_reads_the_number_left_to_right(site, new_page, code):
    page, _guard = new_page(viewport={"width": 320, "height": 640})
    page.goto(site + f"/{code}/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{code}-home-320.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    found = page.evaluate(NUMBER_LAYOUT_JS, NUMBER)
    assert len(found) >= 2, found  # the help bar and the page itself
    for place in found:
        groups = place["groups"]
        on_one_line = len({round(g["top"]) for g in groups}) == 1
        if on_one_line:
            lefts = [g["left"] for g in groups]
            assert lefts == sorted(lefts), f"{place['where']}: the number reads {groups}"
    # The Urdu and Panjabi fonts are the Noto families named first in the stylesheet.
    family = page.locator("main p").first.evaluate("el => getComputedStyle(el).fontFamily")
    assert ("Nastaliq" in family or "Naskh" in family) if code == "ur" else "Gurmukhi" in family, family
