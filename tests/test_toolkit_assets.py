"""The partner toolkit's generators: what a printer, a partner and a screen reader get.

Pure functions, so no database except for the wording check (the glossary lives there).
PDFs are read back with pypdf (text, boxes, fonts, structure tree, embedded QR image) and
rendered with PDFium (where the text lands, what the QR code looks like when printed).
"""

import dataclasses
import datetime
import io
import re
from functools import lru_cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import segno
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from content import glossary
from content.snapshot import default_snapshot
from reach.qr import BORDER
from toolkit import briefing, images, posters
from toolkit.assets import (
    KINDS,
    AssetContent,
    asset_filename,
    asset_key,
    content_from_snapshot,
    display_address,
    generate,
    hours_summary,
)
from toolkit.pdf import ACCENT, NAVY, WHITE
from toolkit.text import intranet_article

MM = 72 / 25.4  # points in a millimetre

CONTENT = AssetContent(
    helpline_name="Stop It Now!",
    phone_display="0808 1000 900",
    phone_note="Free to call from UK phones.",
    hours_text="Monday to Thursday 9am to 9pm, Friday 9am to 5pm",
    selfhelp_name="Stop It Now! Get Help",
    selfhelp_address="get-help.stopitnow.org.uk",
    site_address="campaign.example.org",
    qr_url="https://campaign.example.org/c/leeds-bus/",
    partner_names=(
        "West Yorkshire Police",
        "The Lucy Faithfull Foundation",
        "Mayor of West Yorkshire",
        "Leeds Safeguarding Children Partnership",
    ),
    placement_label="Leeds bus shelters",
)
NEW_NUMBER = dataclasses.replace(CONTENT, phone_display="0800 123 4567")


@lru_cache
def poster(content=CONTENT, size="A4") -> bytes:
    return posters.poster_pdf(content, size)


@lru_cache
def briefing_pdf(content=CONTENT) -> bytes:
    return briefing.briefing_pdf(content)


@lru_cache
def card(content=CONTENT, size="1080x1080"):
    return images.social_card(content, size)


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, whitespace collapsed (so wrapped names read whole)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def struct_elements(data: bytes):
    """The structure tree's elements under /Document, in order: [(type, alt), ...]."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    kids = root["/K"]
    document = (kids[0] if isinstance(kids, list) else kids).get_object()
    assert document["/S"] == "/Document"
    return [(k.get_object()["/S"], k.get_object().get("/Alt")) for k in document["/K"]]


ALL_PDFS = [
    ("poster A4", lambda c: poster(c, "A4")),
    ("poster A3", lambda c: poster(c, "A3")),
    ("briefing", briefing_pdf),
]


# --- What the assets say ---------------------------------------------------------------


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_poster_shows_the_number_the_self_help_address_and_every_partner(size):
    text = pdf_text(poster(CONTENT, size))
    assert "0808 1000 900" in text
    assert "get-help.stopitnow.org.uk" in text
    assert "campaign.example.org" in text
    assert "Monday to Thursday 9am to 9pm, Friday 9am to 5pm" in text
    for name in CONTENT.partner_names:
        assert name in text
    assert "Poster ref: Leeds bus shelters" in text


def test_changing_the_number_changes_the_poster_the_briefing_and_the_cards():
    for _name, make in ALL_PDFS:
        old, new = pdf_text(make(CONTENT)), pdf_text(make(NEW_NUMBER))
        assert "0808 1000 900" in old and "0800 123 4567" not in old
        assert "0800 123 4567" in new and "0808 1000 900" not in new
    for size in images.CARD_SIZES:
        old, new = card(CONTENT, size), card(NEW_NUMBER, size)
        assert "0808 1000 900" in old.text and "0808 1000 900" not in new.text
        assert "0800 123 4567" in new.text and "0800 123 4567" in new.alt_text
        assert all("0800 123 4567" in p for p in new.posts[:2])
        assert new.png != old.png
    banner = images.email_banner(NEW_NUMBER)
    assert "0800 123 4567" in banner.text and "0800 123 4567" in banner.alt_text
    assert "0800 123 4567" in intranet_article(NEW_NUMBER).text


def test_the_number_is_the_largest_text_on_every_card_and_the_banner():
    for asset in [*(card(CONTENT, s) for s in images.CARD_SIZES), images.email_banner(CONTENT)]:
        number = [d for d in asset.drawn if d.text == CONTENT.phone_display]
        assert len(number) == 1, asset.text
        others = [d.size_px for d in asset.drawn if d is not number[0]]
        assert number[0].size_px > max(others) * 1.3


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_the_number_is_the_largest_text_on_the_poster(size):
    sizes = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[3] ** 2 + tm[2] ** 2) ** 0.5 * (cm[3] ** 2 + cm[2] ** 2) ** 0.5
            sizes[text.strip()] = max(sizes.get(text.strip(), 0), font_size * scale)

    PdfReader(io.BytesIO(poster(CONTENT, size))).pages[0].extract_text(visitor_text=visit)
    number = sizes.pop(CONTENT.phone_display)
    assert number > 1.5 * max(sizes.values())


def test_the_briefing_says_what_to_do_where_to_signpost_and_what_not_to_promise():
    data = briefing_pdf(CONTENT)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    text = pdf_text(data)
    for expected in [
        "Listen",
        "Stay calm",
        "Do not judge",
        "Thank them for telling you",
        "0808 1000 900",
        "get-help.stopitnow.org.uk",
        "safeguarding procedure",
        "call 999",
        "Samaritans: call 116 123",
        "text SHOUT to 85258",
        "call 111 and choose the mental health option",
        "suicide is highest just after an arrest",
        "Do not promise to keep it secret",
        "Do not promise outcomes",
        # Both halves of confidentiality, as the charity states it.
        "Callers do not have to give their name",
        "the helpline passes them on",
    ]:
        assert expected in text, expected


def test_cards_come_with_alt_text_and_two_or_three_posts_that_fit_a_post():
    for size in images.CARD_SIZES:
        asset = card(CONTENT, size)
        assert "0808 1000 900" in asset.alt_text and "get-help.stopitnow.org.uk" in asset.alt_text
        assert asset.alt_text.startswith("Looking at sexual images of children online?")
        assert 2 <= len(asset.posts) <= 3
        assert all(len(p) <= 280 for p in asset.posts), [len(p) for p in asset.posts]
        assert all(CONTENT.phone_display in p or CONTENT.selfhelp_address in p for p in asset.posts)
    banner = images.email_banner(CONTENT)
    assert "0808 1000 900" in banner.alt_text and "get-help.stopitnow.org.uk" in banner.alt_text


def test_the_intranet_article_is_plain_paragraphs_with_the_help_details():
    article = intranet_article(CONTENT)
    text = article.text
    assert text.startswith(article.title + "\n\n")
    assert "West Yorkshire Police, The Lucy Faithfull Foundation, Mayor of West Yorkshire and Leeds" in text
    assert "0808 1000 900" in text and "get-help.stopitnow.org.uk" in text and "campaign.example.org" in text
    assert "<" not in text  # plain text, nothing to escape when pasted
    without_partners = intranet_article(dataclasses.replace(CONTENT, partner_names=()))
    assert "campaign by" not in without_partners.text


@pytest.mark.django_db
def test_no_asset_uses_a_word_from_the_wording_glossary():
    terms = glossary.load_terms()
    assert {t.term for t in terms} >= {"child pornography", "child porn", "paedo", "monster"}
    texts = [pdf_text(make(CONTENT)) for _name, make in ALL_PDFS]
    for size in images.CARD_SIZES:
        asset = card(CONTENT, size)
        texts += [asset.text, asset.alt_text, *asset.posts]
    banner = images.email_banner(CONTENT)
    texts += [banner.text, banner.alt_text, intranet_article(CONTENT).text]
    for text in texts:
        assert glossary.find(text, terms) == [], text


# --- Print: page size, bleed, safe area, fonts --------------------------------------------


@pytest.mark.parametrize(("size", "trim"), [("A4", (210, 297)), ("A3", (297, 420))])
def test_poster_page_is_the_trim_size_plus_3mm_bleed_with_trim_and_bleed_boxes(size, trim):
    page = PdfReader(io.BytesIO(poster(CONTENT, size))).pages[0]
    width, height = float(page.mediabox.width) / MM, float(page.mediabox.height) / MM
    assert (round(width, 1), round(height, 1)) == (trim[0] + 6, trim[1] + 6)
    trimbox = [float(v) / MM for v in page.trimbox]
    assert trimbox == pytest.approx([3, 3, trim[0] + 3, trim[1] + 3], abs=0.01)
    assert [float(v) / MM for v in page.bleedbox] == pytest.approx([0, 0, width, height], abs=0.01)
    # Nothing else of ours leaks into the page dictionary.
    assert set(page.keys()) <= {
        "/Type", "/Parent", "/Contents", "/Resources", "/Group", "/StructParents", "/TrimBox", "/BleedBox",
        "/MediaBox", "/Annots",
    }  # fmt: skip


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_poster_text_stays_at_least_10mm_inside_the_trim(size):
    """Measured on the rendered page, glyph by glyph, as a printer's guillotine would see it."""
    document = pdfium.PdfDocument(poster(CONTENT, size))
    page = document[0]
    width, height = page.get_size()
    left, bottom, right, top = 3 * MM + 10 * MM, 3 * MM + 10 * MM, width - 13 * MM, height - 13 * MM
    textpage = page.get_textpage()
    boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
    boxes = [b for b in boxes if b[2] > b[0]]  # spaces and line ends have no box
    assert len(boxes) > 300
    assert min(b[0] for b in boxes) >= left
    assert min(b[1] for b in boxes) >= bottom
    assert max(b[2] for b in boxes) <= right
    assert max(b[3] for b in boxes) <= top
    document.close()


def test_a_long_partner_list_still_fits_inside_the_safe_area():
    many = dataclasses.replace(
        CONTENT,
        partner_names=tuple(
            f"{place} Safeguarding Children Partnership"
            for place in ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"]
        )
        + ("West Yorkshire Police", "The Lucy Faithfull Foundation", "Mayor of West Yorkshire"),
        placement_label="Wakefield libraries, second print run, spring",
    )
    data = posters.poster_pdf(many, "A4")
    assert "Wakefield Safeguarding Children Partnership" in pdf_text(data)
    document = pdfium.PdfDocument(data)
    page = document[0]
    textpage = page.get_textpage()
    boxes = [b for b in (textpage.get_charbox(i) for i in range(textpage.count_chars())) if b[2] > b[0]]
    assert min(b[1] for b in boxes) >= 13 * MM
    document.close()
    assert len(PdfReader(io.BytesIO(briefing.briefing_pdf(many))).pages) == 1


@pytest.mark.parametrize(("name", "make"), ALL_PDFS)
def test_every_font_is_embedded(name, make):
    page = PdfReader(io.BytesIO(make(CONTENT))).pages[0]
    fonts = page["/Resources"]["/Font"]
    assert len(fonts) == 2  # Noto Sans regular and bold
    for font in fonts.values():
        font = font.get_object()
        assert font["/Subtype"] == "/Type0"
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded in the {name}"
        assert re.fullmatch(r"/[A-Z]{6}\+NotoSans(Bold)?", font["/BaseFont"])


# --- Accessibility: tags, language, title, alt text, contrast -----------------------------


@pytest.mark.parametrize(("name", "make"), ALL_PDFS)
def test_pdfs_are_tagged_with_language_title_and_structure(name, make):
    reader = PdfReader(io.BytesIO(make(CONTENT)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata.title
    elements = struct_elements(make(CONTENT))
    assert elements[0][0] == "/H1"
    assert sum(1 for kind, _alt in elements if kind == "/P") >= 8


def test_poster_qr_code_is_a_figure_with_alt_text_and_the_text_is_tagged_in_reading_order():
    elements = struct_elements(poster(CONTENT, "A4"))
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    assert figures == ["QR code. It opens https://campaign.example.org/c/leeds-bus/, a page with more help."]
    kinds = [kind for kind, _alt in elements]
    assert kinds.index("/H1") < kinds.index("/Figure")
    # Every piece of text on the page is inside a tagged element: the marked-content ids
    # in the page match the elements, one for one.
    content = (
        PdfReader(io.BytesIO(poster(CONTENT, "A4"))).pages[0].get_contents().get_data().decode("latin-1")
    )
    assert len(re.findall(r"<</MCID \d+>> BDC", content)) == len(elements)
    outside = re.sub(r"BDC.*?EMC", "", content, flags=re.S)
    assert " Tj" not in outside and "TJ" not in outside


def test_briefing_has_a_heading_for_each_section():
    kinds = [kind for kind, _alt in struct_elements(briefing_pdf(CONTENT))]
    assert kinds.count("/H1") == 1
    assert kinds.count("/H2") == len(briefing.sections(CONTENT))


def _luminance(rgb):
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_every_text_colour_pair_has_at_least_4_5_to_1_contrast():
    # Text is navy on white or amber, white or amber on navy; never amber on white.
    for text, background in [(NAVY, WHITE), (WHITE, NAVY), (ACCENT, NAVY), (NAVY, ACCENT)]:
        assert contrast(text, background) >= 4.5
    assert contrast(ACCENT, WHITE) < 4.5  # the reason amber is never text on white


# --- The QR code ------------------------------------------------------------------------


def expected_modules(url):
    """segno's matrix for the URL, with the standard 4-module quiet zone: 1 = dark."""
    return [list(row) for row in segno.make_qr(url, error="q", boost_error=False).matrix_iter(border=BORDER)]


def read_modules(image: Image.Image, count: int):
    """Sample the centre of each module of a square QR image: 1 = dark."""
    grey = image.convert("L")
    step = grey.width / count
    return [
        [
            1 if grey.getpixel((int((x + 0.5) * step), int((y + 0.5) * step))) < 128 else 0
            for x in range(count)
        ]
        for y in range(count)
    ]


@pytest.mark.parametrize(
    "url", ["https://campaign.example.org/c/leeds-bus/", "https://campaign.example.org/c/gp-1/"]
)
def test_the_embedded_qr_image_is_exactly_segnos_code_for_the_url(url):
    data = posters.poster_pdf(dataclasses.replace(CONTENT, qr_url=url), "A4")
    (embedded,) = PdfReader(io.BytesIO(data)).pages[0].images
    expected = expected_modules(url)
    assert embedded.image.width == embedded.image.height == len(expected) * posters.QR_PX_PER_MODULE
    assert read_modules(embedded.image, len(expected)) == expected
    other = expected_modules("https://campaign.example.org/c/somewhere-else/")
    assert read_modules(embedded.image, len(expected)) != other[: len(expected)]


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_the_printed_qr_code_matches_segno_with_its_quiet_zone(size):
    """Render the page as a printer would and read the code back from the pixels."""
    document = pdfium.PdfDocument(poster(CONTENT, size))
    page = document[0]
    (qr,) = list(page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE,)))
    left, bottom, right, top = qr.get_bounds()
    assert right - left == pytest.approx(posters.QR_MM * MM * (1 if size == "A4" else 297 / 210), abs=0.5)
    scale = 4
    bitmap = page.render(scale=scale).to_pil()
    height = page.get_size()[1]
    crop = bitmap.crop(
        (
            round(left * scale),
            round((height - top) * scale),
            round(right * scale),
            round((height - bottom) * scale),
        )
    )
    expected = expected_modules(CONTENT.qr_url)
    assert read_modules(crop, len(expected)) == expected
    # The quiet zone is really white on the page, not just in the image.
    assert all(v == 0 for v in expected[0]) and all(row[0] == 0 for row in expected)
    document.close()


# --- Images -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", list(images.CARD_SIZES))
def test_card_png_has_the_exact_size(size):
    asset = card(CONTENT, size)
    image = Image.open(io.BytesIO(asset.png))
    assert image.format == "PNG"
    assert image.size == images.CARD_SIZES[size] == (asset.width, asset.height)
    assert tuple(int(v) for v in size.split("x")) == image.size


def test_banner_png_is_600_by_150():
    asset = images.email_banner(CONTENT)
    image = Image.open(io.BytesIO(asset.png))
    assert image.format == "PNG" and image.size == (600, 150)


# --- Caching: same inputs, same bytes, same key -----------------------------------------


@pytest.mark.parametrize(("kind", "size"), [(k, s) for k, (sizes, _ext) in KINDS.items() for s in sizes])
def test_every_asset_is_byte_for_byte_deterministic(kind, size):
    first = generate(CONTENT, kind, size)
    again = generate(dataclasses.replace(CONTENT), kind, size)
    assert first == again
    if kind != "lockup":  # the campaign's name only: no number on it
        assert generate(NEW_NUMBER, kind, size) != first


def test_pdf_metadata_carries_no_timestamp_of_its_making():
    reader = PdfReader(io.BytesIO(poster(CONTENT, "A4")))
    assert reader.metadata["/CreationDate"] == "D:20190314000000Z"
    assert "/ModDate" not in reader.metadata


def test_asset_key_is_stable_and_changes_with_content_kind_and_size():
    key = asset_key(CONTENT, "poster", "A4")
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert (
        asset_key(dataclasses.replace(CONTENT, partner_names=list(CONTENT.partner_names)), "poster", "A4")
        == key
    )
    others = {
        asset_key(NEW_NUMBER, "poster", "A4"),
        asset_key(dataclasses.replace(CONTENT, hours_text="Monday 9am to 5pm"), "poster", "A4"),
        asset_key(
            dataclasses.replace(CONTENT, qr_url="https://campaign.example.org/c/other/"), "poster", "A4"
        ),
        asset_key(CONTENT, "poster", "A3"),
        asset_key(CONTENT, "briefing", "A4"),
    }
    assert key not in others and len(others) == 5
    assert (
        asset_filename(CONTENT, "card", "1080x1350")
        == f"card-1080x1350-{asset_key(CONTENT, 'card', '1080x1350')[:16]}.png"
    )
    with pytest.raises(ValueError):
        asset_key(CONTENT, "poster", "A5")
    with pytest.raises(ValueError):
        generate(CONTENT, "leaflet", "A4")


def test_content_is_checked_when_it_is_made():
    with pytest.raises(ValueError, match="qr_url"):
        dataclasses.replace(CONTENT, qr_url="/c/leeds-bus/")
    with pytest.raises(ValueError, match="phone_display"):
        dataclasses.replace(CONTENT, phone_display="  ")


# --- Building the content from the site's snapshot --------------------------------------


def test_content_from_the_seed_snapshot_hides_unconfirmed_hours():
    snap = default_snapshot()
    assert snap.helpline.hours_last_verified is None
    content = content_from_snapshot(snap, site_url="https://campaign.example.org", qr_url=CONTENT.qr_url)
    assert content.phone_display == "0808 1000 900"
    assert content.selfhelp_address == "get-help.stopitnow.org.uk"
    assert content.site_address == "campaign.example.org"
    assert content.hours_text == "For opening times, visit campaign.example.org"
    assert content.partner_names == tuple(p.name for p in snap.partners)


def test_confirmed_hours_are_summarised_from_the_opening_periods():
    snap = default_snapshot()
    snap.helpline.hours_last_verified = datetime.date(2026, 1, 5)
    verified = snap
    content = content_from_snapshot(verified, site_url="https://campaign.example.org/", qr_url=CONTENT.qr_url)
    assert content.hours_text == "Monday to Thursday 9am to 9pm, Friday 9am to 5pm"
    assert "Monday to Thursday 9am to 9pm, Friday 9am to 5pm." in pdf_text(posters.poster_pdf(content, "A4"))


def test_hours_summary_groups_days_and_splits_days():
    from content.models import OpeningPeriod

    def Period(weekday, opens, closes):  # noqa: N802
        return OpeningPeriod(weekday=weekday, opens=opens, closes=closes)

    t = datetime.time
    periods = [
        Period(0, t(9), t(13)),
        Period(0, t(14), t(17)),
        Period(2, t(10), t(16)),
        Period(3, t(10), t(16)),
    ]
    assert hours_summary(periods) == "Monday 9am to 1pm and 2pm to 5pm, Wednesday to Thursday 10am to 4pm"
    assert hours_summary([]) == ""


def test_display_address_drops_the_scheme_and_trailing_slash():
    assert display_address("https://get-help.stopitnow.org.uk/") == "get-help.stopitnow.org.uk"
    assert display_address("https://www.example.org/help/") == "www.example.org/help"
    assert display_address("example.org") == "example.org"
