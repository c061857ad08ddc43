"""What a screen reader announces on a page, written down as text.

Why the virtual screen reader, checked against Chromium's own tree
-----------------------------------------------------------------
Two things could stand in for a screen reader here:

* Chromium's accessibility tree (CDP `Accessibility.getFullAXTree`; Playwright's
  `aria_snapshot()` is not it but Playwright's own re-computation in page script). The
  tree is what NVDA, JAWS, VoiceOver and TalkBack are really given: roles, names, states.
  But it is only the raw material: it does not say in which order things are read, which
  containers are entered and left ("end of list"), what Down arrow or H or D lands on, or
  what a live region or a focus change makes the reader say.
* @guidepup/virtual-screen-reader (pinned in package.json) models the reader itself: a
  virtual cursor moved item by item, by heading and by landmark, with spoken phrases
  built from roles, names and states ("link, Home, current page"), and announcements of
  live regions and focus changes. It computes roles and names from the DOM itself
  (dom-accessibility-api, html-aria) rather than reading Chromium's tree, so it could
  drift from what the browser exposes.

So the transcripts come from the virtual screen reader, the nearest thing to "what is
heard" that runs here, and every transcript is checked against Chromium's tree: the
landmarks, headings and links must have the same roles, names and levels, in the same
order, in both (`chromium_outline` / `disagreements`). Where they differ the transcript
cannot be trusted for that page and the test says so.

It runs in the page, under the page's real Content-Security-Policy: the package ships a
self-contained browser build (lib/esm/index.browser.js, every dependency inlined, no
import of its own) whose only module syntax is its final `export {...}` statement. That
statement is rewritten into a property of `window` and the whole is run with
`page.evaluate(source)`, which the CSP does not govern (a <script> tag would be refused).
No bundler is needed for that.
"""

import difflib
import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VSR_PACKAGE = ROOT / "node_modules" / "@guidepup" / "virtual-screen-reader"
VSR_JS = VSR_PACKAGE / "lib" / "esm" / "index.browser.js"
TRANSCRIPTS = Path(__file__).resolve().parent / "transcripts"
UPDATE = os.environ.get("UPDATE_TRANSCRIPTS") == "1"
UPDATE_HINT = "UPDATE_TRANSCRIPTS=1 make test PYTEST_ARGS=tests/browser/test_spoken.py"
GLOBAL = "__virtualScreenReader"
LANDMARK_ROLES = {"banner", "main", "contentinfo", "navigation", "region", "complementary", "search", "form"}


def vsr_version() -> str:
    return json.loads((VSR_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]


def vsr_source() -> str:
    """The browser build as a classic script that sets window.__virtualScreenReader."""
    source = VSR_JS.read_text(encoding="utf-8")
    exports = list(re.finditer(r";export\{([\w$]+) as Virtual,([\w$]+) as virtual\};", source))
    if len(exports) != 1 or re.search(r"\bimport\.meta\b|;import[ {*]", source):
        raise RuntimeError(
            f"{VSR_JS} (version {vsr_version()}) is no longer one self-contained script with a final "
            "export statement: see tests/browser/spoken.py for how it is loaded"
        )
    virtual_class, _instance = exports[0].groups()
    start, end = exports[0].span()
    return f"{source[:start]};window.{GLOBAL}={{Virtual:{virtual_class}}};{source[end:]}"


# Three passes from the top of the page, each with a fresh reader: Down arrow (VO-Right)
# to the end, then H (next heading), then D (next landmark). Each step keeps what was
# spoken, the item's own text, and a little about the element the cursor is on, so that
# tests can tell a link's address or language without parsing phrases.
LISTEN_JS = """async ({globalName, limit}) => {
  const {Virtual} = window[globalName];
  const element = (node) => node && (node.nodeType === 1 ? node : node.parentElement);
  const about = (node) => {
    const el = element(node);
    if (!el) return null;
    const link = el.closest('a[href]');
    return {
      tag: el.tagName.toLowerCase(),
      href: link && link.getAttribute('href'),
      hreflang: link && link.getAttribute('hreflang'),
      linkLang: link && link.getAttribute('lang'),
      lang: (el.closest('[lang]') || document.documentElement).getAttribute('lang'),
      visibleText: link ? link.innerText.trim().replace(/\\s+/g, ' ') : null,
      inNav: !!el.closest('nav'),
    };
  };
  const pass = async (move) => {
    const reader = new Virtual();
    await reader.start({container: document.body});
    const steps = [];
    const seen = new Set();
    for (let i = 0; i < limit; i++) {
      const before = (await reader.spokenPhraseLog()).length;
      await move(reader);
      const log = await reader.spokenPhraseLog();
      const node = reader.activeNode;
      if (log.length === before || (move !== next && seen.has(node))) break;
      seen.add(node);
      steps.push({phrase: log.at(-1), item: await reader.itemText(), about: about(node)});
      if (log.at(-1) === 'end of document') break;
    }
    await reader.stop();
    return steps;
  };
  const next = (reader) => reader.next();
  return {
    reading: await pass(next),
    headings: await pass((reader) => reader.perform(reader.commands.moveToNextHeading)),
    landmarks: await pass((reader) => reader.perform(reader.commands.moveToNextLandmark)),
  };
}"""


def listen(page, source: str, limit: int = 3000) -> dict:
    """Everything the virtual screen reader says on the open page, in the three passes."""
    if not page.evaluate(f"() => typeof window.{GLOBAL} === 'object'"):
        page.evaluate(source)
    return page.evaluate(LISTEN_JS, {"globalName": GLOBAL, "limit": limit})


def role_of(step: dict) -> str:
    """'link' from 'link, Home, current page'; 'banner' from 'banner'."""
    return step["phrase"].split(", ", 1)[0]


def heading_level(step: dict) -> int:
    return int(re.search(r", level (\d+)$", step["phrase"]).group(1))


def links(listened: dict) -> list[dict]:
    return [s for s in listened["reading"] if role_of(s) == "link"]


# --- Chromium's own tree ----------------------------------------------------------------


def chromium_outline(page) -> dict:
    """Landmarks, headings and links as Chromium exposes them to screen readers, in order."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}
    outline = {"landmarks": [], "headings": [], "links": []}

    def visit(node):
        if not node.get("ignored"):
            role = node.get("role", {}).get("value", "")
            name = node.get("name", {}).get("value", "")
            if role in LANDMARK_ROLES and (role != "region" or name):
                outline["landmarks"].append((role, name))
            elif role == "heading":
                props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
                outline["headings"].append((props.get("level"), name))
            elif role == "link":
                outline["links"].append(name)
        for child in node.get("childIds", []):
            if child in by_id:
                visit(by_id[child])

    roots = [n for n in nodes if "parentId" not in n]
    for root in roots:
        visit(root)
    return outline


def virtual_outline(listened: dict) -> dict:
    return {
        "landmarks": [(role_of(s), s["item"]) for s in listened["landmarks"]],
        "headings": [(heading_level(s), s["item"]) for s in listened["headings"]],
        "links": [s["item"] for s in links(listened)],
    }


def disagreements(listened: dict, chromium: dict) -> list[str]:
    """Where the virtual screen reader and Chromium's tree differ (they should not)."""
    ours = virtual_outline(listened)
    problems = []
    for kind in ("landmarks", "headings", "links"):
        if ours[kind] != chromium[kind]:
            diff = "\n".join(
                difflib.unified_diff(
                    [repr(x) for x in chromium[kind]],
                    [repr(x) for x in ours[kind]],
                    "Chromium",
                    "virtual screen reader",
                    lineterm="",
                )
            )
            problems.append(f"{kind} differ between Chromium's tree and the virtual screen reader:\n{diff}")
    return problems


# --- Transcript files -------------------------------------------------------------------


def page_key(path: str, language_prefixes: set[str], default_language: str) -> tuple[str, str]:
    """('en', 'get-help') for /get-help/, ('ur', 'home') for /ur/: the transcript's language and name."""
    parts = [p for p in path.split("/") if p]
    language = default_language
    if parts and parts[0] in language_prefixes:
        language = parts.pop(0)
    return language, "--".join(parts) or "home"


def transcript_file(language: str, name: str) -> Path:
    return TRANSCRIPTS / language / f"{name}.txt"


def transcript(path: str, listened: dict, conditions: str) -> str:
    def section(title, steps):
        return [f"## {title}: {len(steps)} announcements", *(s["phrase"] for s in steps), ""]

    lines = [
        f"# What a screen reader hears on {path}",
        f"# @guidepup/virtual-screen-reader {vsr_version()} in Chromium; {conditions}.",
        f"# Made by tests/browser/test_spoken.py; after a deliberate change: {UPDATE_HINT}",
        "",
        *section("Reading from the top (Down arrow, VO-Right)", listened["reading"]),
        *section("Jumping by headings (H)", listened["headings"]),
        *section("Jumping by landmarks (D, VO rotor)", listened["landmarks"]),
    ]
    return "\n".join(lines)


def compare_or_update(file: Path, actual: str) -> str | None:
    """None if the file holds `actual`; otherwise a readable diff (or, in update mode, rewrite it)."""
    expected = file.read_text(encoding="utf-8") if file.exists() else None
    if expected == actual:
        return None
    if UPDATE:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(actual, encoding="utf-8")
        return None
    shown = file.relative_to(ROOT)
    if expected is None:
        return f"no reviewed transcript at {shown}: make it with {UPDATE_HINT}, read it, and commit it"
    diff = "\n".join(
        difflib.unified_diff(
            expected.splitlines(),
            actual.splitlines(),
            f"{shown} (reviewed)",
            "heard now",
            lineterm="",
        )
    )
    return (
        f"what a screen reader hears has changed ({shown}).\n"
        f"If the change is intended, rewrite the file with {UPDATE_HINT} and review its diff.\n{diff}"
    )
