"""The reader's display settings, on every public page: forced colours (Windows contrast
themes), a dark colour scheme, and reduced motion.

One visit per page: the settings are switched in place with page.emulate_media, so a page
is loaded once for all of them. Screenshots go to test-artifacts/ (not committed) for a
person to look at: forced-colours/<language>/<page>-light.png and -dark.png (the two
system palettes, whole page), dark-scheme/<language>/<page>.png (the first screen: the site
has no dark theme, so it should look like the ordinary page).

Under forced colours the system palette replaces the site's colours, backgrounds become
Canvas and box shadows disappear. What must survive:
* every control drawn as a filled box (the exit button, the helpline number, buttons)
  keeps a visible edge on all four sides, or it becomes text floating among text;
* every focusable control shows an outline in a colour that differs from what is behind it;
* the open/closed dot keeps its meaning (filled or hollow, in system colours, beside the
  words) and "you are here" in the main menu still marks only the current page;
* a bar that stays put while the page scrolls under it (the exit bar) keeps a lower edge,
  and icons in controls take the control's system colour.
"""

import pytest

from tests.browser.conftest import public_paths
from tests.browser.spoken import ROOT
from tests.browser.test_spoken import page_key

pytestmark = pytest.mark.browser

PATHS = public_paths()
ARTIFACTS = ROOT / "test-artifacts"
HELPLINE_LINK = ".help-bar a[href^='tel:']"
EXIT_BUTTON = ".quick-exit__button"

# Colour helpers shared by the scripts below: the colour actually behind an element is the
# first opaque background among its ancestors (the canvas if none).
COLOUR_JS = """
const channels = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
const opaque = (c) => { const v = channels(c); return v.length === 3 || (v.length === 4 && v[3] > 0); };
const behind = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (opaque(bg)) return bg;
  }
  return getComputedStyle(document.documentElement).backgroundColor;
};
const sameColour = (a, b) => channels(a).slice(0, 3).join() === channels(b).slice(0, 3).join();
const label = (el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '')
  + ' "' + el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 30) + '"';
const shown = (el) => { const b = el.getBoundingClientRect(); return el.checkVisibility() && b.width > 2 && b.height > 2; };
const CONTROLS = 'a[href], button, summary';
"""

# In the site's own colours: which controls are drawn as filled boxes (a background of their
# own, unlike what is behind them)? Their positions in document order are returned.
FILLED_JS = (
    "() => {"
    + COLOUR_JS
    + """
  return [...document.querySelectorAll(CONTROLS)].flatMap((el, i) => {
    const bg = getComputedStyle(el).backgroundColor;
    return shown(el) && opaque(bg) && !sameColour(bg, behind(el.parentElement)) ? [i] : [];
  });
}"""
)

FORCED_PROBLEMS_JS = (
    "({filled, helplineLink, exitButton}) => {"
    + COLOUR_JS
    + """
  const problems = [];
  const controls = [...document.querySelectorAll(CONTROLS)];
  const edgeProblems = (el) => {
    const s = getComputedStyle(el);
    const around = behind(el.parentElement);
    return ['Top', 'Right', 'Bottom', 'Left'].flatMap((side) => {
      const width = parseFloat(s[`border${side}Width`]);
      const colour = s[`border${side}Color`];
      const ok = width >= 1 && !['none', 'hidden'].includes(s[`border${side}Style`]) && opaque(colour) && !sameColour(colour, around);
      return ok ? [] : [`${label(el)} has no visible ${side.toLowerCase()} edge (${width}px ${s[`border${side}Style`]} ${colour} on ${around})`];
    });
  };
  for (const [selector, what] of [[exitButton, 'the exit button'], [helplineLink, 'the helpline number']]) {
    const el = document.querySelector(selector);
    if (!el) { problems.push(`${what} (${selector}) is missing`); continue; }
    if (!filled.includes(controls.indexOf(el))) problems.push(`${what} is no longer drawn as a box: check what replaced it`);
  }
  for (const i of filled) problems.push(...edgeProblems(controls[i]));
  for (const el of controls) {
    const s = getComputedStyle(el);
    if (shown(el) && sameColour(s.color, behind(el))) problems.push(`${label(el)}: text in the colour behind it (${s.color})`);
  }

  // Icons inside controls are drawn in the control's system colour, not ours.
  for (const icon of document.querySelectorAll('a svg, button svg')) {
    const control = icon.closest('a, button');
    if (shown(control) && !sameColour(getComputedStyle(icon).color, getComputedStyle(control).color)) {
      problems.push(`the icon in ${label(control)} keeps its own colour (${getComputedStyle(icon).color})`);
    }
  }

  // Bars that stay put while the page scrolls under them keep a visible lower edge.
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el);
    if (!['sticky', 'fixed'].includes(s.position) || !shown(el)) continue;
    if (parseFloat(s.borderBottomWidth) < 1 || s.borderBottomStyle === 'none' || sameColour(s.borderBottomColor, behind(el))) {
      problems.push(`${label(el)} stays put while the page scrolls under it, with no visible lower edge`);
    }
  }

  // The open/closed dot: filled when open, hollow when closed, always edged, beside words.
  for (const dot of document.querySelectorAll('.status__dot')) {
    const status = dot.closest('.status');
    const s = getComputedStyle(dot);
    const around = behind(dot.parentElement);
    const box = dot.getBoundingClientRect();
    const words = status.textContent.trim();
    if (!words) problems.push('a status dot has no words beside it');
    if (box.width < 6 || box.height < 6 || !dot.checkVisibility()) problems.push(`the status dot is not shown (${box.width}x${box.height})`);
    if (parseFloat(s.borderTopWidth) < 1 || sameColour(s.borderTopColor, around)) problems.push(`the status dot by "${words}" has no visible edge`);
    const filledDot = opaque(s.backgroundColor) && !sameColour(s.backgroundColor, around);
    const open = status.classList.contains('status--open');
    if (open && !filledDot) problems.push(`the open dot by "${words}" is not filled (${s.backgroundColor} on ${around})`);
    if (!open && filledDot) problems.push(`the closed dot by "${words}" is filled, like an open one`);
  }

  // "You are here": the current page's link must look unlike the other menu links.
  for (const nav of document.querySelectorAll('nav')) {
    const links = [...nav.querySelectorAll('a[href]')];
    const current = links.filter((a) => a.getAttribute('aria-current') === 'page');
    if (!current.length) continue;
    const look = (a) => {
      const s = getComputedStyle(a);
      const bar = parseFloat(s.borderBottomWidth) > 0 && s.borderBottomStyle !== 'none' && !sameColour(s.borderBottomColor, behind(a.parentElement));
      return [bar, s.fontWeight, s.textDecorationLine, s.color, behind(a)].join('|');
    };
    for (const other of links.filter((a) => !current.includes(a))) {
      if (look(other) === look(current[0])) problems.push(`${label(other)} looks like the current page (${label(current[0])})`);
    }
  }
  return problems;
}"""
)

# Focus every control in turn (after one real Tab, so focus shows as it does for keyboard
# users) and read its outline.
FOCUS_PROBLEMS_JS = (
    "(selector) => {"
    + COLOUR_JS
    + """
  const problems = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.tabIndex < 0 || !shown(el)) continue;
    el.focus();
    const s = getComputedStyle(el);
    const around = behind(el.parentElement);
    if (!el.matches(':focus-visible')) problems.push(`${label(el)} does not show keyboard focus`);
    else if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2 || !opaque(s.outlineColor) || sameColour(s.outlineColor, around)) {
      problems.push(`${label(el)}: focus ring not visible (${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor} on ${around})`);
    }
  }
  document.activeElement.blur();
  window.scrollTo(0, 0);  // focusing scrolled the page; the screenshots start from the top
  return problems;
}"""
)

FOCUSABLE = (
    'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, '
    'textarea, summary, [tabindex]:not([tabindex="-1"])'
)

# Every element and its ::before and ::after: nothing may animate, transition or scroll smoothly.
MOTION_JS = """() => [...document.querySelectorAll('*')].flatMap((el) => [null, '::before', '::after'].flatMap((pseudo) => {
  const s = getComputedStyle(el, pseudo);
  const moving = [];
  const longest = (list) => Math.max(...list.split(',').map((d) => parseFloat(d) || 0));
  if (s.animationName !== 'none' && longest(s.animationDuration) > 0) moving.push('animation ' + s.animationName);
  if (longest(s.transitionDuration) > 0) moving.push('transition of ' + s.transitionProperty);
  if (!pseudo && s.scrollBehavior === 'smooth') moving.push('smooth scrolling');
  return moving.map((m) => el.tagName.toLowerCase() + '.' + el.className + (pseudo || '') + ': ' + m);
}))"""

CONTRAST_JS = """async () => (await axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast']},
  resultTypes: ['violations']})).violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary))"""


def _shot(page, folder: str, path: str, suffix: str = "", full_page: bool = True):
    language, name = page_key(path)
    file = ARTIFACTS / folder / language / f"{name}{suffix}.png"
    file.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=file, full_page=full_page)


@pytest.mark.parametrize("path", PATHS)
def test_forced_colours_dark_scheme_and_reduced_motion(site, new_page, axe_source, path):
    page, _guard = new_page()
    page.goto(site + path)
    problems = forced_colour_problems(page, axe_source, path)
    assert not problems, "\n".join(problems)


def forced_colour_problems(page, axe_source, path, shots: bool = True) -> list[str]:
    """Forced colours (light and dark palettes), a dark colour scheme and reduced motion on
    the page as loaded; screenshots of each in test-artifacts/ unless shots is False (the
    screenshots are the slow part)."""
    filled = page.evaluate(FILLED_JS)
    page.keyboard.press("Tab")  # from here on, focus is shown as for a keyboard user
    problems = []

    for palette in ("light", "dark"):
        page.emulate_media(forced_colors="active", color_scheme=palette)
        found = page.evaluate(
            FORCED_PROBLEMS_JS, {"filled": filled, "helplineLink": HELPLINE_LINK, "exitButton": EXIT_BUTTON}
        )
        found += page.evaluate(FOCUS_PROBLEMS_JS, FOCUSABLE)
        problems += [f"forced colours, {palette} palette: {p}" for p in found]
        if shots:
            _shot(page, "forced-colours", path, f"-{palette}")

    # The site has no dark theme: asking for one must leave every text readable.
    page.emulate_media(forced_colors="none", color_scheme="dark")
    page.evaluate(axe_source)
    problems += [f"dark colour scheme: {p}" for p in page.evaluate(CONTRAST_JS)]
    if shots:
        _shot(page, "dark-scheme", path, full_page=False)  # by design it looks like the light page

    page.emulate_media(color_scheme="light", reduced_motion="reduce")
    problems += [f"reduced motion: {p}" for p in page.evaluate(MOTION_JS)]
    page.emulate_media(forced_colors="none", color_scheme="light", reduced_motion="no-preference")
    return problems


def test_the_closed_dot_is_hollow_under_forced_colours(closed_site, new_page):
    page, _guard = new_page()
    page.goto(closed_site + "/get-help/")
    assert page.locator(".status--closed").count() >= 2
    filled = page.evaluate(FILLED_JS)
    page.emulate_media(forced_colors="active")
    problems = page.evaluate(
        FORCED_PROBLEMS_JS, {"filled": filled, "helplineLink": HELPLINE_LINK, "exitButton": EXIT_BUTTON}
    )
    assert not problems, "\n".join(problems)


def test_the_motion_check_sees_motion(site, new_page):
    """Without a preference the open dot pulses: proof that MOTION_JS can see motion."""
    page, _guard = new_page(reduced_motion="no-preference")
    page.goto(site + "/")
    assert any("animation pulse" in m for m in page.evaluate(MOTION_JS))
