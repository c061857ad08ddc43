"""The guide for editors covers every task, each with one picture of the real admin.

The pictures are made by `make screenshots` from one list, `GUIDE_SHOTS` in
scripts/screenshots.py, and committed in static/img/guide/. These tests tie the three together:
the guide has a section for every task in that list and nothing else, each section shows its
own picture with alt text and the size the script wrote, every picture exists and is small,
and every page the script photographs answers for a signed-in administrator.
"""

import re
import string
from html import unescape

import pytest
from django.urls import reverse
from PIL import Image

from scripts.screenshots import GUIDE_DIR, GUIDE_MAX_BYTES, GUIDE_SCALE, GUIDE_SHOTS, make_example_content
from tests.conftest import sign_in_with_otp

GUIDE_URL = "/admin/content/helpline/guide/"

# Each task the guide must explain (its section id, as in GUIDE_SHOTS), with words its
# heading must contain and words its section must use, so the steps cannot quietly lose them.
TASKS = {
    "number": ("number people dial", ["Check the new number", "Yes, publish this number", "Ireland"]),
    "hours": ("opening hours", ["9am", "21:00", "UK time", "Opening hours last checked"]),
    "services": ("Other help services", ["What it offers", "Text message number", "Last checked"]),
    "closure": ("Add a closure", ["First day closed", "Last day closed", "Reason"]),
    "closed-today": ("Closed today", ["admin home page", "Closed today", "Undo this change"]),
    "bank-holidays": ("bank holidays", ["year", "already entered"]),
    "figures": (
        "Local figures",
        ["Year", "Source", "Source link", "Police activity", "increasing", "Last checked"],
    ),
    "partners": (
        "Partners and logos",
        ["alt text", "Appears on campaign materials", "Logo licensed for press use"],
    ),
    "faq": ("Questions and answers", ["Answer", "Reviewed by", "Reviewed on"]),
    "legal": ("Legal details and legal review", ["Approved by legal review", "Reviewed by"]),
    "press": ("Press releases and quotes", ["Approved by the speaker", "never shown", "Published"]),
    "media-contacts": ("Media contacts", ["email", "phone", "press page"]),
    "poster-codes": (
        "Poster and advert codes",
        ["QR code", "A4", "A3", "SVG", "offered in the partner toolkit", "Active"],
    ),
    "reach": ("reach report", ["fewer than 10", "Download as CSV", "nothing about who"]),
    "health": ("Content health", ["6 months", "bank holidays", "legal review", "accessibility"]),
    "wording": (
        "Wording",
        ["child pornography", "monster", "I have checked this wording", "Wording glossary"],
    ),
    "settings": (
        "Site settings",
        ["controller", "privacy contact", "server logs", "never a police address", "Next review due"],
    ),
    "undo": ("See who changed what, and undo a change", ["History", "Undo this change"]),
    "restore": ("deleted", ["Recently deleted", "Undo this change", "logo"]),
}

SECTION = re.compile(r'<section class="task" id="([^"]+)"[^>]*>(.*?)</section>', re.S)
IMG = re.compile(r"<img\b[^>]*>")
GUIDE_SRC = re.compile(r"/static/img/guide/(?P<name>[a-z0-9-]+?)(?:\.[0-9a-f]{12})?\.png")


def attrs(tag: str) -> dict[str, str]:
    return {name: unescape(value) for name, value in re.findall(r'([a-z-]+)="([^"]*)"', tag)}


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def guide(editor_client) -> str:
    response = editor_client.get(GUIDE_URL)
    assert response.status_code == 200
    return response.content.decode()


def test_there_is_one_list_of_pictures_and_it_names_every_task():
    names = [shot.name for shot in GUIDE_SHOTS]
    assert len(names) == len(set(names))
    assert set(names) == set(TASKS)


def test_every_task_has_its_own_section_with_its_steps_and_one_picture(guide):
    sections = dict(SECTION.findall(guide))
    assert set(sections) == set(TASKS), "a section per task in GUIDE_SHOTS, and only those"
    for name, (heading_words, words) in TASKS.items():
        body = sections[name]
        heading = text(re.search(r"<h2\b[^>]*>(.*?)</h2>", body, re.S).group(1))
        assert heading_words.lower() in heading.lower(), (name, heading)
        assert "<ol>" in body, f"{name}: the steps are numbered"
        said = text(body).lower()
        missing = [w for w in words if w.lower() not in said]
        assert not missing, f"the {name} section does not mention {missing}"
        images = IMG.findall(body)
        assert len(images) == 1, f"{name}: one picture per task"
        found = GUIDE_SRC.search(attrs(images[0])["src"])
        assert found and found["name"] == name, (name, images[0])
        # The contents list links to it.
        assert f'href="#{name}"' in guide


def test_every_picture_exists_is_small_described_and_sized_as_drawn(guide):
    images = [attrs(tag) for tag in IMG.findall(guide)]
    assert images
    shown = set()
    for img in images:
        found = GUIDE_SRC.fullmatch(img["src"])
        assert found, f"the guide's pictures are its own static files: {img['src']}"
        name = found["name"]
        shown.add(name)
        path = GUIDE_DIR / f"{name}.png"
        assert path.exists(), f"{path} is missing: run `make screenshots`"
        assert path.stat().st_size < GUIDE_MAX_BYTES, f"{path.name} is {path.stat().st_size // 1024} KB"
        alt = img.get("alt", "")
        assert len(alt.split()) >= 8, f"{name}: say what the picture shows: {alt!r}"
        assert img.get("loading") == "lazy", name
        with Image.open(path) as picture:
            size = picture.size
        assert (int(img["width"]) * GUIDE_SCALE, int(img["height"]) * GUIDE_SCALE) == size, (
            f"{name}: width and height are not the picture's; run `make screenshots`, which writes them"
        )
    # No picture is kept that the guide does not show.
    assert {p.stem for p in GUIDE_DIR.glob("*.png")} == shown


def test_the_guide_links_to_every_list_an_editor_works_in(guide):
    from content.models import content_models
    from reach.models import PosterCode, ReachReport

    for model in [*content_models(), PosterCode, ReachReport]:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert f'href="{url}"' in guide, f"the guide does not link to {model._meta.verbose_name_plural}"
    assert (
        "who to ask" in text(guide).lower() and "user accounts are for administrators" in text(guide).lower()
    )


def test_every_page_the_script_photographs_answers(client, seeded):
    """scripts/screenshots.py can make each picture: its example content is made, and each
    page it opens is there for the administrator it signs in as."""
    ids, device = make_example_content()
    sign_in_with_otp(client, device.user)
    for shot in GUIDE_SHOTS:
        fields = {field for _text, field, _spec, _conv in string.Formatter().parse(shot.path) if field}
        assert fields <= set(ids), (shot.name, fields - set(ids))
        assert shot.region, shot.name
        response = client.get("/admin/" + shot.path.format(**ids))
        assert response.status_code == 200, (shot.name, response.status_code)
