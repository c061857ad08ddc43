"""What visitors do, in a real browser: keyboard only, quick exit, no JavaScript, a 320px
screen, big text, reduced motion, touch, and what a screen reader is given.

Every page is opened through `site` (the real stack, seed content, helpline open) and
every request to a host other than 127.0.0.1 fails the test; the quick-exit site is
answered by a stand-in page (see conftest.py).
"""

import re

import pytest
from django.conf import settings

from tests.browser.conftest import public_paths

pytestmark = pytest.mark.browser

PATHS = public_paths()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# 1280px at 400% zoom, as WCAG 1.4.10 (Reflow) measures it.
ZOOM_400 = {"width": 320, "height": 256}
NUMBER = "0808 1000 900"

FOCUSABLE = (
    'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, '
    'textarea, summary, [tabindex]:not([tabindex="-1"])'
)

FOCUS_INFO_JS = """(selector) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const all = [...document.querySelectorAll(selector)];
  const style = getComputedStyle(el);
  const box = el.getClientRects()[0] || el.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {
    index: all.indexOf(el),
    text: el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60),
    href: el.getAttribute('href'),
    classes: el.className,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
    shown: el.checkVisibility() && box.width >= 1 && box.height >= 1,
    onScreen: box.top >= -1 && box.bottom <= innerHeight + 1 && box.left >= -1 && box.right <= innerWidth + 1,
    unobscured: !!hit && (hit === el || el.contains(hit)),
  };
}"""

TAB_STOPS_JS = """(selector) => [...document.querySelectorAll(selector)]
  .map((el, index) => ({el, index}))
  .filter(({el}) => el.tabIndex >= 0 && el.checkVisibility())
  .map(({index}) => index)"""

# Everything on screen must fit the viewport and nothing may be cut off by its box.
LAYOUT_PROBLEMS_JS = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '')
    + ' "' + el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px content in ${width}px`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, .skip-link:not(:focus), [hidden], [aria-hidden="true"]')) continue;
    if (!el.checkVisibility()) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -1 || box.right > width + 1) problems.push(`${name(el)} reaches ${Math.round(box.left)}..${Math.round(box.right)}px`);
    const style = getComputedStyle(el);
    const clips = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY);
    if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) problems.push(`${name(el)} cuts off its content`);
    if (style.textOverflow === 'ellipsis') problems.push(`${name(el)} may truncate its text`);
  }
  return problems;
}"""

TARGETS_JS = """() => {
  const squash = (s) => s.trim().replace(/\\s+/g, ' ');
  return [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
    .filter((el) => el.checkVisibility() && !el.closest('.visually-hidden') && !el.matches('.skip-link'))
    .map((el) => {
      const box = el.getBoundingClientRect();
      const block = el.parentElement.closest('p, li, dd, dt, td, th, h1, h2, h3, h4, figcaption, div, section');
      const inSentence = getComputedStyle(el).display === 'inline' && !!block && squash(block.textContent) !== squash(el.textContent);
      return {
        text: squash(el.textContent).slice(0, 50) || el.getAttribute('aria-label'),
        width: box.width, height: box.height, inSentence,
        main: el.matches('.helpline-strip__number, .quick-exit__button, .button'),
      };
    });
}"""


def tab_through(page, limit=200):
    """Press Tab from the top of the page until focus leaves the document or comes round."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO_JS, FOCUSABLE)
        if info is None or (stops and info["index"] == stops[0]["index"]):
            break
        stops.append(info)
    return stops


def wait_briefly(page):
    page.wait_for_timeout(300)


# --- Keyboard only --------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", PATHS)
def test_keyboard_only(site, new_page, path, viewport):
    page, _guard = new_page(viewport=viewport)
    page.goto(site + path)
    check_keyboard(page)


def check_keyboard(page):
    """Tab from the top: the way out, the skip link and the helpline first, then every
    control once, each with a visible focus ring in full view."""
    stops = tab_through(page)
    assert len(stops) >= 4, stops

    # The first four Tab stops: skip link, exit button, helpline number, self-help.
    skip, exit_button, phone, selfhelp = stops[:4]
    assert "skip-link" in skip["classes"] and skip["href"] == "#main"
    assert skip["shown"] and skip["onScreen"], "the skip link must appear when it has focus"
    assert "quick-exit__button" in exit_button["classes"]
    assert exit_button["href"] == settings.QUICK_EXIT_URL
    assert phone["href"] == "tel:+448081000900" and phone["text"] == NUMBER
    selfhelp_href = page.locator(".helpline-strip__selfhelp a").get_attribute("href")
    assert selfhelp["href"] == selfhelp_href, selfhelp

    # Every control is reached, each once, and each shows a 3px focus ring in full view.
    reached = [stop["index"] for stop in stops]
    assert sorted(reached) == sorted(set(reached)), "focus visited a control twice"
    expected = page.evaluate(TAB_STOPS_JS, FOCUSABLE)
    missed = sorted(set(expected) - set(reached))
    assert not missed, f"never reached with Tab: {missed}"
    for stop in stops:
        assert stop["outlineStyle"] == "solid" and stop["outlineWidth"] >= 3, stop
        assert stop["boxShadow"] != "none", stop  # the dark halo around the yellow ring
        assert stop["shown"] and stop["onScreen"], stop
        assert stop["unobscured"], f"hidden behind something (the sticky exit bar?): {stop}"


def test_skip_link_moves_focus_to_the_main_content(site, new_page):
    page, _guard = new_page()
    page.goto(site + "/get-help/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), "next Tab should land inside <main>"


# --- Quick exit -----------------------------------------------------------------------

TRIGGERS = {
    "button": "document.querySelector('.quick-exit__button').click()",
    "hidden first link": "document.querySelector('a.visually-hidden.js-quick-exit').click()",
    "shift three times": "for (let i = 0; i < 3; i++) document.body.dispatchEvent("
    "new KeyboardEvent('keydown', {key: 'Shift', bubbles: true}))",
}
# Run the trigger and read the page in the same task: by the next task the browser may
# already be swapping in the neutral site.
LEAVING_STATE_JS = """() => {
  %s;
  return {
    title: document.title,
    bodyShown: document.body.checkVisibility(),
    anythingShown: [...document.body.querySelectorAll('*')].some((el) => el.checkVisibility()),
  };
}"""


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_quick_exit_blanks_the_page_at_once(site, new_page, trigger):
    page, guard = new_page()
    page.goto(site + "/awareness/")
    assert page.locator("h1").is_visible()
    state = page.evaluate(LEAVING_STATE_JS % TRIGGERS[trigger])
    assert state == {"title": "Loading", "bodyShown": False, "anythingShown": False}
    page.wait_for_url(settings.QUICK_EXIT_URL)
    assert guard.exit_requests == [settings.QUICK_EXIT_URL]


def _press_shift_three_times(page):
    for _ in range(3):
        page.keyboard.press("Shift")


def _activate_hidden_link(page):
    # A screen reader moves its focus to the link and presses Enter.
    link = page.locator("body a").first
    assert link.get_attribute("class") == "visually-hidden js-quick-exit"
    link.focus()
    page.keyboard.press("Enter")


REAL_TRIGGERS = {
    "button": lambda page: page.locator(".quick-exit__button").click(),
    "hidden first link": _activate_hidden_link,
    "shift three times": _press_shift_three_times,
}


@pytest.mark.parametrize("trigger", REAL_TRIGGERS)
def test_quick_exit_leaves_without_a_back_entry(site, new_page, trigger):
    page, guard = new_page()
    page.goto(site + "/")
    page.goto(site + "/awareness/")
    REAL_TRIGGERS[trigger](page)
    page.wait_for_url(settings.QUICK_EXIT_URL)
    assert guard.exit_requests == [settings.QUICK_EXIT_URL]
    # location.replace() took the campaign page out of the history: Back skips it.
    page.go_back()
    assert page.url == site + "/"


def test_what_back_shows_after_an_exit_is_what_the_staying_safe_page_says(site, new_page):
    """Home, then Get help, then Exit: Back skips Get help but shows the home page in full.
    The page about the quick exit must say exactly that, not that Back never returns here."""
    page, _guard = new_page()
    page.goto(site + "/staying-safe-online/")
    copy = page.locator("main").inner_text()
    assert "Only the page you are on is swapped" in copy
    assert "pressing Back from the weather page can show them" in copy
    page.goto(site + "/")
    page.goto(site + "/get-help/")
    page.locator(".quick-exit__button").click()
    page.wait_for_url(settings.QUICK_EXIT_URL)
    page.go_back()
    assert page.url == site + "/"
    assert page.locator("h1").inner_text().startswith("Stop viewing sexual images of children")
    assert page.locator("main").is_visible()


def test_shift_presses_must_be_close_together_and_uninterrupted(site, new_page):
    page, guard = new_page()
    page.clock.install()
    page.goto(site + "/awareness/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.fast_forward(6_000)  # more than 5 seconds: the count starts again
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")  # typing anything else starts it again too
    page.keyboard.press("Shift")
    wait_briefly(page)
    assert guard.exit_requests == [] and page.url == site + "/awareness/"
    page.keyboard.press("Shift")
    page.clock.fast_forward(4_000)  # within 5 seconds of the previous press
    page.keyboard.press("Shift")
    page.wait_for_url(settings.QUICK_EXIT_URL)


def test_hidden_first_link_is_first_for_screen_readers_and_out_of_the_tab_order(site, new_page):
    page, _guard = new_page()
    page.goto(site + "/consequences/")
    first = page.locator("body a").first
    assert first.get_attribute("tabindex") == "-1"
    assert first.get_attribute("href") == settings.QUICK_EXIT_URL
    box = first.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1  # visually hidden
    tree = page.locator("body").aria_snapshot().splitlines()
    assert tree[0].strip() == '- region "Quick exit":'
    assert tree[1].strip() == '- link "Exit this page quickly":'


def test_quick_exit_works_as_a_plain_link_without_javascript(site, new_page):
    page, guard = new_page(java_script_enabled=False)
    page.goto(site + "/")
    page.goto(site + "/get-help/")
    assert page.locator(".quick-exit__hint").is_hidden(), "the Shift hint is only true with JavaScript"
    page.locator(".quick-exit__button").click()
    page.wait_for_url(settings.QUICK_EXIT_URL)
    assert guard.exit_requests == [settings.QUICK_EXIT_URL]
    # Without JavaScript it is an ordinary link, so the page it left stays in the history.
    page.go_back()
    assert page.url == site + "/get-help/"


# --- JavaScript off -------------------------------------------------------------------


def test_every_page_is_readable_and_every_link_usable_without_javascript(site, new_page):
    check_without_javascript(site, new_page, PATHS)


def check_without_javascript(site, new_page, paths):
    page, _guard = new_page(java_script_enabled=False)
    internal = set()
    for path in paths:
        page.goto(site + path)
        assert page.locator("h1").is_visible()
        assert len(page.locator("main").inner_text()) > 60, path
        assert page.get_by_role("link", name=NUMBER).first.is_visible()
        assert page.locator(".quick-exit__button").is_visible()
        assert page.locator(".js-only").first.is_hidden()
        # The stylesheet works without script (the help bar is dark blue, not unstyled).
        assert (
            page.locator(".help-bar").evaluate("el => getComputedStyle(el).backgroundColor")
            == "rgb(23, 53, 95)"
        )
        for href in page.locator("a").evaluate_all("links => links.map((a) => a.getAttribute('href'))"):
            assert href and href != "#" and not href.lower().startswith("javascript:"), (path, href)
            if href.startswith("#"):
                assert page.locator(f"[id='{href[1:]}']").count() == 1, (path, href)
            elif href.startswith("/"):
                internal.add(href.split("#")[0])
            else:
                assert re.match(r"(https://|tel:\+?\d|sms:\d|mailto:)", href), (path, href)
    for href in sorted(internal):
        response = page.request.get(site + href, max_redirects=0)
        assert response.status in (200, 301, 302), (href, response.status)


# --- Small screens, zoom, big text ----------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_320px_wide_400_percent_zoom_no_sideways_scrolling_nothing_cut_off(site, new_page, path):
    page, _guard = new_page(viewport=ZOOM_400)
    page.goto(site + path)
    assert page.evaluate(LAYOUT_PROBLEMS_JS) == []


def test_text_doubled_by_the_browser_font_size_setting_stays_readable(site, new_page):
    """The reader's own font size setting, doubled (16px to 32px).

    CDP Page.setFontSizes sets the same default font sizes as Chromium's Settings >
    Appearance > Font size (Customise fonts), so this is what a reader does. (A stylesheet
    injected to set html { font-size: 200% } would be refused by the page's CSP.)

    Every font size must double: the page at 1280px with 32px text is compared with the
    page at 640px with 16px text, because the breakpoints are in em and so, rightly, treat
    big text like a narrower screen. And nothing may be clipped or scroll sideways
    (WCAG 1.4.4 Resize text).
    """
    sample = "main h1, main p, .helpline-strip__number, .quick-exit__button, .site-nav a, .site-footer p"
    sizes_js = f"() => [...document.querySelectorAll('{sample}')].map((el) => parseFloat(getComputedStyle(el).fontSize))"
    normal_page, _guard = new_page(viewport={"width": 640, "height": 400})
    big_page, _guard = new_page(viewport=DESKTOP)
    big_page.context.new_cdp_session(big_page).send(
        "Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}}
    )
    for path in PATHS:
        normal_page.goto(site + path)
        big_page.goto(site + path)
        assert big_page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 32
        normal, big = normal_page.evaluate(sizes_js), big_page.evaluate(sizes_js)
        assert len(normal) == len(big) > 5
        assert big == [2 * size for size in normal], f"{path}: some text did not double"
        assert big_page.evaluate(LAYOUT_PROBLEMS_JS) == [], path


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_touch_targets(site, new_page, viewport):
    """WCAG 2.2 (2.5.8): 24px at least, links inside sentences excepted; the main calls
    to action (helpline number, exit button, .button links) 44px."""
    page, _guard = new_page(viewport=viewport)
    problems = []
    for path in PATHS:
        page.goto(site + path)
        problems += [f"{path} {p}" for p in touch_target_problems(page)]
    assert not problems, "\n".join(problems)


def touch_target_problems(page) -> list[str]:
    """The targets on the page as loaded that are too small (and a problem if none is a main
    call to action: the helpline number must be one)."""
    targets = page.evaluate(TARGETS_JS)
    problems = [] if any(t["main"] for t in targets) else ["no main call to action"]
    for t in targets:
        need = 44 if t["main"] else (0 if t["inSentence"] else 24)
        if t["width"] < need - 0.5 or t["height"] < need - 0.5:
            problems.append(f"{t['text']!r}: {t['width']:.0f}x{t['height']:.0f}px, needs {need}px")
    return problems


# --- Motion ---------------------------------------------------------------------------

MOTION_JS = """() => [...document.querySelectorAll('*')].flatMap((el) => {
  const s = getComputedStyle(el);
  const moving = [];
  if (s.animationName !== 'none' && parseFloat(s.animationDuration) > 0) moving.push('animation ' + s.animationName);
  if (s.transitionDuration.split(',').some((d) => parseFloat(d) > 0)) moving.push('transition ' + s.transitionProperty);
  if (s.scrollBehavior === 'smooth') moving.push('smooth scrolling');
  return moving.map((m) => el.tagName.toLowerCase() + '.' + el.className + ': ' + m);
})"""


def test_reduced_motion_is_respected(site, new_page):
    moving, _guard = new_page(reduced_motion="no-preference")
    moving.goto(site + "/")
    # The open dot pulses (three times, then stops) for readers who have not asked for less
    # motion; this proves the check below can see motion when there is some.
    assert any("animation pulse" in m for m in moving.evaluate(MOTION_JS))
    still, _guard = new_page(reduced_motion="reduce")
    for path in PATHS:
        still.goto(site + path)
        assert still.evaluate(MOTION_JS) == [], path


# --- What a screen reader is given ----------------------------------------------------


def spoken_text(aria_snapshot: str) -> str:
    """The text a screen reader reads for a snapshot subtree, in order."""
    parts = []
    for line in aria_snapshot.splitlines():
        match = re.match(r"\s*- (?:text|strong|emphasis|paragraph|generic): (.+)$", line)
        if match:
            parts.append(match.group(1).strip().strip('"'))
    return re.sub(r"\s+([.,])", r"\1", " ".join(parts))


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("site", "Usually open now until 9pm (hours being confirmed)"),
        ("closed_site", "Usually closed now. Opens Monday at 9am (hours being confirmed)."),
    ],
)
def test_open_or_closed_is_announced_as_a_sentence(request, new_page, fixture, expected):
    base = request.getfixturevalue(fixture)
    page, _guard = new_page()
    for path in ("/", "/get-help/"):
        page.goto(base + path)
        strip = page.get_by_role("region", name="Confidential help")
        tree = strip.aria_snapshot()
        assert f'link "Call the Stop It Now! confidential helpline on {NUMBER}"' in tree
        assert "img" not in tree, "the status dot must be hidden from screen readers"
        assert spoken_text(page.locator("#helpline-status").aria_snapshot()) == expected
        statuses = page.locator(".status")
        for i in range(statuses.count()):
            status = statuses.nth(i)
            assert spoken_text(status.aria_snapshot()) == expected, path
            assert status.locator(".status__dot").get_attribute("aria-hidden") == "true"


# --- Weight ---------------------------------------------------------------------------


def test_every_page_is_under_60kb_and_10_requests(site, new_page):
    """Transferred bytes (headers and compressed bodies) with nothing cached."""
    page, _guard = new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    for path in PATHS:
        finished.clear()
        page.goto(site + path, wait_until="networkidle")
        sizes = [r.sizes() for r in finished]
        total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
        assert len(finished) < 10, (path, [r.url for r in finished])
        assert total < 60 * 1024, (path, total)
