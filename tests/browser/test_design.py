"""The design rules that can be read from the files themselves (no browser needed).

The colour table below is the record of every foreground/background pair the stylesheet
uses, with the contrast ratio it has. The test recomputes each ratio from the tokens in
static/css/site.css, so changing a colour token either keeps every pair legible or fails
here (axe-core then checks the rendered pages in test_axe.py).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "static/css/site.css").read_text(encoding="utf-8")
JS = (ROOT / "static/js/quick-exit.js").read_text(encoding="utf-8")
CSS_RULES = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
MY_TEMPLATES = [ROOT / "templates/base.html", *sorted((ROOT / "templates/includes").glob("*.html"))]

TEXT, UI = 4.5, 3.0
# (foreground token, background token, minimum, ratio as designed, where it is used)
PAIRS = [
    ("--ink", "--paper", TEXT, 16.56, "body text"),
    ("--ink", "--tint", TEXT, 14.84, "text in callouts"),
    ("--ink", "--help-tint", TEXT, 14.68, "text in the call card, help callout, figure"),
    ("--ink", "--warn-tint", TEXT, 15.20, "text in warning callouts"),
    ("--ink", "--focus", TEXT, 12.30, "skip link"),
    ("--muted", "--paper", TEXT, 7.23, "small print, place name"),
    ("--muted", "--help-tint", TEXT, 6.41, "figure source"),
    ("--navy", "--paper", TEXT, 12.27, "headings, helpline number"),
    ("--navy", "--tint", TEXT, 11.00, "headings in callouts"),
    ("--navy", "--help-tint", TEXT, 10.88, "heading of the call card"),
    ("--navy", "--warn-tint", TEXT, 11.26, "headings in warning callouts"),
    ("--link", "--paper", TEXT, 8.14, "links, secondary buttons"),
    ("--link", "--tint", TEXT, 7.30, "links in callouts, hovered buttons"),
    ("--link", "--help-tint", TEXT, 7.22, "links in help callouts"),
    ("--link", "--warn-tint", TEXT, 7.47, "links in warning callouts"),
    ("--paper", "--navy", TEXT, 12.27, "exit bar, help bar"),
    ("--on-dark", "--navy", TEXT, 9.46, "helpline label and status"),
    ("--paper", "--navy-deep", TEXT, 14.98, "footer"),
    ("--on-dark", "--navy-deep", TEXT, 11.55, "partner names in the footer"),
    ("--paper", "--help", TEXT, 6.20, "primary buttons"),
    ("--paper", "--help-hover", TEXT, 9.15, "primary buttons, hovered"),
    ("--help", "--help-tint", TEXT, 5.50, "the big figure"),
    ("--paper", "--exit", TEXT, 6.54, "exit button"),
    ("--paper", "--exit-hover", TEXT, 8.91, "exit button, hovered"),
    ("--focus", "--navy", UI, 9.11, "focus ring on the dark bars"),
    ("--focus", "--navy-deep", UI, 11.13, "focus ring in the footer"),
    ("--focus-halo", "--paper", UI, 19.59, "focus halo on white"),
    ("--focus-halo", "--tint", UI, 17.56, "focus halo on tinted cards"),
    ("--focus-halo", "--help-tint", UI, 17.37, "focus halo on the call card"),
    ("--focus-halo", "--warn-tint", UI, 17.97, "focus halo in warning callouts"),
    ("--paper", "--navy", UI, 12.27, "white edge of the exit button"),
    ("--link", "--paper", UI, 8.14, "edge of secondary buttons"),
    ("--help", "--paper", UI, 6.20, "edge of primary buttons"),
    ("--open", "--paper", UI, 5.32, "open dot"),
    ("--open", "--help-tint", UI, 4.71, "open dot in the call card"),
    ("--open-dark", "--navy", UI, 5.54, "open dot in the help bar"),
    ("--on-dark", "--navy", UI, 9.46, "closed (hollow) dot in the help bar"),
    ("--warn", "--paper", UI, 6.33, "edge of warning callouts"),
]


def tokens() -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", CSS_RULES, flags=re.S).group(1)
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", root))


def luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("fg", "bg", "minimum", "designed", "use"), PAIRS, ids=[f"{p[0]} on {p[1]}" for p in PAIRS]
)
def test_colour_pairs_meet_wcag_contrast(fg, bg, minimum, designed, use):
    colours = tokens()
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= minimum, f"{use}: {fg} on {bg} is {ratio:.2f}:1, needs {minimum}:1"
    assert abs(ratio - designed) < 0.01, f"{fg} on {bg} is now {ratio:.2f}:1: update the table ({use})"


def test_every_colour_token_is_in_the_table():
    colour_tokens = {name for name, value in tokens().items() if value.startswith("#")}
    listed = {p[0] for p in PAIRS} | {p[1] for p in PAIRS}
    # --line only draws card borders and table rules: decoration, not needed to see a control.
    assert colour_tokens - listed == {"--line"}, "a colour that is not checked anywhere"
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b", CSS_RULES.split(":root", 1)[1].split("}", 1)[1]), (
        "colours outside :root: use a token"
    )


def test_tokens_focus_ring_and_fonts():
    colours = tokens()
    assert colours["--focus-width"] == "3px"
    assert colours["--font"].startswith("system-ui")
    assert "@font-face" not in CSS and "@import" not in CSS and "url(" not in CSS_RULES
    assert ":focus-visible" in CSS and "outline: var(--focus-width) solid var(--focus)" in CSS


PHYSICAL = [
    r"\b(?:margin|padding|border)-(?:left|right|top|bottom)\b",
    r"(?<![\w-])(?:left|right|top|bottom)\s*:",
    r"(?<![\w(-])(?:min-|max-)?(?:width|height)\s*:",
    r"\b(?:text-align|float|clear)\s*:\s*(?:left|right)",
]


def test_only_logical_properties_so_right_to_left_works():
    found = [m.group(0) for pattern in PHYSICAL for m in re.finditer(pattern, CSS_RULES)]
    assert not found, f"physical properties: {found}"


def test_small_css_and_js_with_no_framework():
    # About 3.5 KB over the wire with Brotli: the first visit stays under 15 KB (test_page_weight).
    assert len(CSS.encode()) < 14 * 1024
    assert len(JS.encode()) < 2 * 1024
    # The script never writes inline styles (the CSP forbids them) or markup.
    assert not re.search(r"\.style\b|innerHTML|outerHTML|insertAdjacentHTML|eval\(|document\.write", JS)
    assert "location.replace(" in JS


@pytest.mark.parametrize("template", MY_TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_inline_styles_or_scripts(template):
    html = template.read_text(encoding="utf-8")
    assert not re.search(r"\sstyle\s*=", html)
    assert "<style" not in html
    for script in re.findall(r"<script[^>]*>", html):
        assert "src=" in script and "defer" in script, script
    if template.name == "base.html":
        assert re.findall(r'<link rel="stylesheet"[^>]*>', html) == [
            """<link rel="stylesheet" href="{% static 'css/site.css' %}">"""
        ]
        assert len(re.findall(r"<script", html)) == 1
