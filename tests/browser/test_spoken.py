"""What a screen reader hears on every public page, and what must be true of it.

One visit per page. The virtual screen reader (spoken.py says why it, and how it is held
to Chromium's own accessibility tree) reads the page three ways from the top: Down arrow
to the end, H from heading to heading, D from landmark to landmark. What it says is

* compared exactly with a reviewed transcript, tests/browser/transcripts/<language>/<page>.txt.
  After a deliberate change, `UPDATE_TRANSCRIPTS=1` rewrites the files: read the diff
  before committing it, as you would read a change to the page's copy;
* held to the rules that matter whatever the wording: the way out is heard first, then
  the skip link, then the helpline number as a link that says what it is; the open/closed
  status is one phrase; landmarks can be told apart; one h1 and no skipped heading level;
  every link's name contains its visible text; language links say each language's name
  in that language.

Pages come from conftest.public_paths() and transcripts are named from the address alone
(/ur/get-help/ -> transcripts/ur/get-help.txt), so a new page or language needs only its
transcript files made. The `site` fixture fixes the clock at a Tuesday 10am: helpline open.
"""

import re

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tests.browser import spoken
from tests.browser.conftest import NEUTRAL_PAGE, OTHER_LANGUAGES, public_paths

pytestmark = pytest.mark.browser

PATHS = public_paths()
CONDITIONS = "1280x800, JavaScript on, helpline open (a Tuesday at 10am)"
# Each language's name in that language. Django's own table gives "Punjabi" for pa, in English.
ENDONYMS = {"en": "English", "ur": "اردو", "pa": "ਪੰਜਾਬੀ", "pl": "polski", "ro": "română"}


def page_key(path: str) -> tuple[str, str]:
    """('en', 'get-help') for /get-help/, ('ur', 'home') for /ur/."""
    default = settings.LANGUAGE_CODE.split("-")[0]
    codes = {code for code, _name in settings.LANGUAGES}
    prefixes = (codes | {code.split("-")[0] for code in codes}) - {default, settings.LANGUAGE_CODE}
    return spoken.page_key(path, prefixes, default)


def transcript_file(path: str):
    return spoken.transcript_file(*page_key(path))


def expected(language: str, page) -> dict:
    """What the page should say, from the same code and catalogue the page is made with."""
    from content.snapshot import get_snapshot

    snap = get_snapshot()
    helpline = snap.helpline
    status = snap.status(timezone.now())
    django_language = settings.LANGUAGE_CODE if language == settings.LANGUAGE_CODE.split("-")[0] else language
    with translation.override(django_language):
        return {
            "language": language,
            "quick exit": _("Quick exit"),
            "exit quickly": _("Exit this page quickly"),
            "skip": _("Skip to main content"),
            "status": status.text,
            # Its first words ("Usually open now"): heard apart from the rest, it is in pieces.
            "status headline": re.split(r" until|\.", status.text)[0],
            "status count": page.locator(".status").count(),
            "number": helpline.phone_shown,
            "tel": helpline.phone_tel,
            "helpline link": _("Call the %(name)s confidential helpline on %(number)s")
            % {"name": helpline.name, "number": helpline.phone_shown},
        }


# --- The rules, each returning what is wrong ---------------------------------------------


def way_out_then_skip_link_then_helpline(heard, want) -> list[str]:
    reading = heard["reading"]
    phrases = [s["phrase"] for s in reading]
    start = [f"region, {want['quick exit']}", f"link, {want['exit quickly']}"]
    if phrases[:2] != start:
        return [f"the first announcements should be {start}, not {phrases[:2]}"]
    problems = []
    if reading[1]["about"]["href"] != settings.QUICK_EXIT_URL:
        problems.append(f"the first link goes to {reading[1]['about']['href']}, not the quick exit")
    later_links = [(i, s) for i, s in enumerate(reading) if i > 1 and spoken.role_of(s) == "link"]
    if not later_links or later_links[0][1]["phrase"] != f"link, {want['skip']}":
        return [*problems, f"the next link should be the skip link, not {later_links[:1]}"]
    if later_links[0][1]["about"]["href"] != "#main":
        problems.append("the skip link does not go to #main")
    # The visible exit button may come between: it is the way out again.
    others = [(i, s) for i, s in later_links[1:] if s["about"]["href"] != settings.QUICK_EXIT_URL]
    if not others or others[0][1]["about"]["href"] != want["tel"]:
        return [
            *problems,
            f"after the skip link the next link should be the helpline number, not {others[:1]}",
        ]
    index, helpline = others[0]
    name, visible = helpline["item"], helpline["about"]["visibleText"]
    if want["number"] not in name or visible not in name:
        problems.append(f"the helpline link's name {name!r} must contain the number as printed ({visible!r})")
    if name != want["helpline link"]:
        problems.append(f"the helpline link says {name!r}, not what it is: {want['helpline link']!r}")
    before = [s["phrase"] for s in reading[:index] if s["phrase"] == "main" or spoken.role_of(s) == "heading"]
    if before:
        problems.append(f"page content is heard before the helpline number: {before}")
    return problems


def status_is_one_phrase(heard, want) -> list[str]:
    sentence = want["status"]
    phrases = [s["phrase"] for s in heard["reading"]]
    problems = []
    if want["language"] == "en" and not re.search(r"\b(open|closed)\b", sentence, re.I):
        problems.append(f"the status {sentence!r} does not say open or closed")
    if phrases.count(sentence) != want["status count"]:
        problems.append(
            f"{sentence!r} should be heard as one phrase {want['status count']} times (once for each "
            f"status on the page), was heard {phrases.count(sentence)} times"
        )
    # "Open now" heard on its own, and "until 9pm" after it, is the sentence in pieces.
    pieces = [p for p in phrases if want["status headline"] in p and p != sentence]
    if pieces:
        problems.append(f"the status is heard in pieces: {pieces}")
    return problems


def landmarks_can_be_told_apart(heard, want) -> list[str]:
    """WAI-ARIA APG: a landmark role used more than once needs a distinct name on each."""
    marks = [(spoken.role_of(s), s["item"]) for s in heard["landmarks"]]
    problems = [f"two landmarks sound the same: {m}" for m in sorted(set(marks)) if marks.count(m) > 1]
    roles = [role for role, _name in marks]
    problems += [
        f"there is more than one {role}, so each needs a name: {m}"
        for m in marks
        for role in [m[0]]
        if roles.count(role) > 1 and not m[1]
    ]
    if roles.count("main") != 1:
        problems.append(f"there should be one main landmark, not {roles.count('main')}")
    return problems


def one_h1_and_no_skipped_level(heard, want) -> list[str]:
    levels = [spoken.heading_level(s) for s in heard["headings"]]
    problems = []
    if levels.count(1) != 1 or not levels or levels[0] != 1:
        problems.append(f"there should be one h1, heard first; the levels are {levels}")
    for i in range(1, len(levels)):
        if levels[i] > levels[i - 1] + 1:
            step = heard["headings"][i]["phrase"]
            problems.append(f"a level is skipped (h{levels[i - 1]} to h{levels[i]}) at {step!r}")
    return problems


def link_names_contain_their_visible_text(heard, want) -> list[str]:
    """WCAG 2.5.3 Label in Name: a voice-control user says what they see. Words are compared,
    so a no-break space (which keeps "0800 1111" on one line) counts as a space."""

    def words(text):
        return " ".join(text.lower().split())

    return [
        f"{s['phrase']!r} does not contain its visible text {s['about']['visibleText']!r}"
        for s in spoken.links(heard)
        if s["about"]["visibleText"] and words(s["about"]["visibleText"]) not in words(s["item"])
    ]


def languages_are_named_in_their_own_language(heard, want) -> list[str]:
    """Only where the page has a language switcher: a nav whose links carry hreflang or lang."""
    problems = []
    for step in spoken.links(heard):
        about = step["about"]
        code = about["inNav"] and (about["hreflang"] or about["linkLang"])
        if not code:
            continue
        code = code.split("-")[0].lower()
        if (about["lang"] or "").split("-")[0].lower() != code:
            problems.append(f"{step['phrase']!r} needs lang={code!r} so it is read in that language")
        endonym = ENDONYMS.get(code)
        if endonym is None:
            problems.append(f"no name known for the language {code!r}: add it to ENDONYMS")
        elif endonym.lower() not in step["item"].lower():
            problems.append(f"{step['phrase']!r} should say {endonym!r}")
    return problems


RULES = [
    way_out_then_skip_link_then_helpline,
    status_is_one_phrase,
    landmarks_can_be_told_apart,
    one_h1_and_no_skipped_level,
    link_names_contain_their_visible_text,
    languages_are_named_in_their_own_language,
]


def broken_rules(heard, want) -> list[str]:
    return [f"{rule.__name__}: {problem}" for rule in RULES for problem in rule(heard, want)]


# --- The tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_what_a_screen_reader_hears(site, new_page, vsr_source, path):
    page, _guard = new_page()
    response = page.goto(site + path)
    assert response.status == (404 if path.endswith("/no-such-page/") else 200)
    failures = spoken_failures(page, vsr_source, path)
    assert not failures, "\n\n".join(failures)


def spoken_failures(page, vsr_source, path) -> list[str]:
    """What a screen reader hears on the page as loaded: the rules above, agreement with
    Chromium's own outline, and the reviewed transcript (transcripts/<language>/<page>.txt)."""
    heard = spoken.listen(page, vsr_source)
    failures = spoken.disagreements(heard, spoken.chromium_outline(page))
    failures += broken_rules(heard, expected(page_key(path)[0], page))
    diff = spoken.compare_or_update(transcript_file(path), spoken.transcript(path, heard, CONDITIONS))
    return failures + ([diff] if diff else [])


def test_closed_status_is_one_phrase_too(closed_site, new_page, vsr_source):
    page, _guard = new_page()
    page.goto(closed_site + "/get-help/")
    heard = spoken.listen(page, vsr_source)
    want = expected(page_key("/get-help/")[0], page)
    assert want["status"].startswith("Usually closed now")
    assert status_is_one_phrase(heard, want) == []


def test_every_transcript_belongs_to_a_public_page():
    """A page renamed or removed leaves its transcript behind: delete it with the page."""
    made = {transcript_file(path) for code in ("en-gb", *OTHER_LANGUAGES) for path in public_paths(code)}
    left = sorted(
        str(f.relative_to(spoken.ROOT)) for f in spoken.TRANSCRIPTS.glob("*/*.txt") if f not in made
    )
    assert not left, f"transcripts of no public page: {left}"


# --- Leaving by the quick exit --------------------------------------------------------------

LISTEN_FROM_THE_FIRST_LINK_JS = """async (globalName) => {
  const reader = new window[globalName].Virtual();
  await reader.start({container: document.body});
  await reader.next();  // region, Quick exit
  await reader.next();  // link, Exit this page quickly
  window.__reader = reader;
  return await reader.lastSpokenPhrase();
}"""

# The press and everything after it happen in one call: once the page has started to leave,
# Playwright (and CDP) wait for the next document before running anything else in the tab.
# The neutral site's answer is held back meanwhile, so the leaving page stays to be examined.
PRESS_AND_LISTEN_JS = """async ({globalName, way}) => {
  const reader = window.__reader;
  const button = document.querySelector('.quick-exit__button');
  if (way === 'button') button.focus();  // whatever focusing it says is said before the press
  await reader.clearSpokenPhraseLog();
  if (way === 'reader') {
    await reader.act();  // Enter (VO-Space) on the link under the virtual cursor
  } else if (way === 'button') {
    button.click();  // what Enter on the focused link does
  } else {
    for (let i = 0; i < 3; i++) {
      document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Shift', bubbles: true}));
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 300));  // time for anything late (a live region, a timer)
  const live = [...document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role=status], [role=alert], [role=log], output')];
  // What a screen reader could still find: a fresh reader, read from the top to the end.
  const fresh = new window[globalName].Virtual();
  await fresh.start({container: document.body});
  for (let i = 0; i < 50 && (await fresh.lastSpokenPhrase()) !== 'end of document'; i++) await fresh.next();
  const left = (await fresh.spokenPhraseLog()).filter((p) => !['document', 'end of document'].includes(p));
  await fresh.stop();
  return {
    heard: await reader.spokenPhraseLog(),
    left,
    title: document.title,
    anythingShown: [...document.body.querySelectorAll('*')].some((el) => el.checkVisibility()),
    liveText: live.map((el) => el.textContent.trim()).filter(Boolean),
    focusOn: document.activeElement === document.body ? 'body' : document.activeElement?.outerHTML.slice(0, 80),
  };
}"""

EXITS = {
    "screen reader on the first link": "reader",
    "exit button": "button",
    "shift three times": "shift",
}


@pytest.mark.parametrize("way", EXITS)
def test_leaving_by_the_quick_exit_says_nothing(site, new_page, vsr_source, way):
    """After the press nothing from this site is announced (no live region, no focus move),
    and nothing is left on the page for a screen reader to read."""
    page, _guard = new_page()
    held = []
    page.route(settings.QUICK_EXIT_URL, lambda route: held.append(route))
    page.goto(site + "/get-help/")
    page.evaluate(vsr_source)
    assert page.evaluate(LISTEN_FROM_THE_FIRST_LINK_JS, spoken.GLOBAL) == "link, Exit this page quickly"

    after = page.evaluate(PRESS_AND_LISTEN_JS, {"globalName": spoken.GLOBAL, "way": EXITS[way]})
    assert [route.request.url for route in held] == [settings.QUICK_EXIT_URL], "it did not leave"
    assert after["heard"] == [], "announced after the exit was pressed"
    assert after["left"] == [], "a screen reader could still read this on the leaving page"
    assert after["title"] == "Loading" and not after["anythingShown"] and not after["liveText"], after
    assert after["focusOn"] in ("body", None), f"focus moved to {after['focusOn']}"

    held[0].fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
    page.wait_for_url(settings.QUICK_EXIT_URL)
