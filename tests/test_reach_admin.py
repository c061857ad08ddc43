"""The reach report, its CSV export, and poster codes with their QR downloads."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
import segno
from django.contrib.auth.models import Permission
from django.test import TestCase
from PIL import Image

from reach import qr
from reach.admin import today
from reach.models import DailyClickCount, DailyCodeCount, DailyPageCount, PosterCode
from tests.admin_forms import form_values
from tests.conftest import sign_in_with_otp

pytestmark = pytest.mark.usefixtures("counting")

REPORT_URL = "/admin/reach/reachreport/"
CSV_URL = "/admin/reach/reachreport/csv/"
CODES_URL = "/admin/reach/postercode/"


@pytest.fixture
def figures(seeded):
    """Known counts: three days of views, clicks and code visits, and one day outside."""
    d = today()
    day1, day2, day3 = d - datetime.timedelta(days=2), d - datetime.timedelta(days=1), d
    PosterCode.objects.create(code="bus", label="Bus shelters", target="home")
    DailyPageCount.objects.bulk_create(
        [
            DailyPageCount(day=day1, path="/", views=120),
            DailyPageCount(day=day1, path="/get-help/", views=9),
            DailyPageCount(day=day2, path="/", views=10),
            DailyPageCount(day=day3, path="/get-help/", views=31),
            DailyPageCount(day=d - datetime.timedelta(days=400), path="/", views=5000),
        ]
    )
    DailyClickCount.objects.bulk_create(
        [
            DailyClickCount(day=day1, slug="samaritans", clicks=3),
            DailyClickCount(day=day2, slug="self-help", clicks=40),
            DailyClickCount(day=day3, slug="call", clicks=12),
        ]
    )
    DailyCodeCount.objects.bulk_create(
        [DailyCodeCount(day=day2, code="bus", visits=7), DailyCodeCount(day=day3, code="bus", visits=8)]
    )
    return day1, day2, day3


def parse_xml(text):
    return ET.fromstring(text)  # noqa: S314 (our own output, not untrusted input)


def period(start, end, **extra):
    return {"start": start.isoformat(), "end": end.isoformat(), **extra}


# --- who can see it ------------------------------------------------------------


def test_comms_editors_can_see_the_report_and_the_codes(editor_client, figures):
    assert editor_client.get(REPORT_URL).status_code == 200
    assert editor_client.get(CODES_URL).status_code == 200
    assert editor_client.get(CSV_URL).status_code == 200
    index = editor_client.get("/admin/").content.decode()
    assert REPORT_URL in index and CODES_URL in index


def test_staff_without_the_permission_are_refused(client, figures, django_user_model):
    user = django_user_model.objects.create_user(
        "someone", "s@example.org", "a-long-test-password-123", is_staff=True
    )
    sign_in_with_otp(client, user)
    assert client.get(REPORT_URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403
    code = PosterCode.objects.exclude(code="toolkit").get()
    assert client.get(f"{CODES_URL}{code.pk}/qr.png").status_code == 403
    # With exactly the report permission, the report opens.
    user.user_permissions.add(Permission.objects.get(codename="view_reachreport"))
    assert client.get(REPORT_URL).status_code == 200
    assert client.get(CSV_URL).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, figures):
    for url in (
        REPORT_URL,
        CSV_URL,
        f"{CODES_URL}{PosterCode.objects.exclude(code='toolkit').get().pk}/qr.svg",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_nobody_can_edit_the_figures(superuser_client, figures):
    assert superuser_client.get(f"{REPORT_URL}add/").status_code == 404
    row = DailyPageCount.objects.first().pk
    for url in (f"{REPORT_URL}{row}/change/", f"{REPORT_URL}{row}/delete/", f"{REPORT_URL}{row}/history/"):
        assert superuser_client.get(url).status_code == 404
    assert f"{REPORT_URL}add/" not in superuser_client.get("/admin/").content.decode()


# --- the report -------------------------------------------------------------------


def test_the_report_shows_totals_tables_and_charts_for_the_period(editor_client, figures):
    day1, _day2, day3 = figures
    html = editor_client.get(REPORT_URL, period(day1, day3)).content.decode()
    assert re.search(r'id="total-views">170<', html)  # 120 + 9 + 10 + 31, not the old 5000
    assert re.search(r'id="total-clicks">55<', html)
    assert re.search(r'id="total-visits">15<', html)
    assert "Bus shelters" in html and "/c/bus/" in html
    assert "Get help" in html  # a page's title beside its address
    assert "Samaritans" in html
    svgs = re.findall(r"<svg\b[^>]*class=\"reach-chart\".*?</svg>", html, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        root = parse_xml(svg)
        bars = root.findall("{http://www.w3.org/2000/svg}rect")
        assert len(bars) == 3  # one per day
    views_chart = parse_xml(svgs[0])
    titles = [
        rect.find("{http://www.w3.org/2000/svg}title").text
        for rect in views_chart.iter("{http://www.w3.org/2000/svg}rect")
    ]
    assert titles[0].endswith(": 129") and titles[1].endswith(": 10") and titles[2].endswith(": 31")
    assert "<script" not in html.split('id="content-main"')[1]


def test_the_report_defaults_to_the_last_30_days(editor_client, figures):
    html = editor_client.get(REPORT_URL).content.decode()
    assert re.search(r'id="total-views">170<', html)
    svg = re.findall(r"<svg\b[^>]*class=\"reach-chart\".*?</svg>", html, re.S)[0]
    assert len(parse_xml(svg).findall("{http://www.w3.org/2000/svg}rect")) == 30


def test_the_report_narrows_to_one_page_link_or_code(editor_client, figures):
    day1, _day2, day3 = figures
    html = editor_client.get(
        REPORT_URL, period(day1, day3, page="/get-help/", link="call", code="bus")
    ).content.decode()
    assert re.search(r'id="total-views">40<', html)
    assert re.search(r'id="total-clicks">12<', html)
    assert re.search(r'id="total-visits">15<', html)


def test_a_backwards_period_is_refused(editor_client, figures):
    day1, _day2, day3 = figures
    html = editor_client.get(REPORT_URL, period(day3, day1)).content.decode()
    assert "before its start" in html
    assert "total-views" not in html
    assert editor_client.get(CSV_URL, period(day3, day1)).status_code == 404


# --- CSV ------------------------------------------------------------------------------


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_has_every_row_with_small_numbers_banded(editor_client, figures):
    day1, day2, day3 = figures
    response = editor_client.get(CSV_URL, period(day1, day3))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="campaign-reach-{day1.isoformat()}-to-{day3.isoformat()}.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == ["date", "measure", "item", "count"]
    whole = f"{day1.isoformat()} to {day3.isoformat()}"
    assert rows[1:] == [
        [day1.isoformat(), "page views", "/", "120"],
        [day1.isoformat(), "page views", "/get-help/", "fewer than 10"],
        [day2.isoformat(), "page views", "/", "10"],
        [day3.isoformat(), "page views", "/get-help/", "31"],
        [whole, "page views", "/", "130"],
        [whole, "page views", "/get-help/", "40"],
        [day1.isoformat(), "help-link clicks", "samaritans", "fewer than 10"],
        [day2.isoformat(), "help-link clicks", "self-help", "40"],
        [day3.isoformat(), "help-link clicks", "call", "12"],
        [whole, "help-link clicks", "call", "12"],
        [whole, "help-link clicks", "samaritans", "fewer than 10"],
        [whole, "help-link clicks", "self-help", "40"],
        [day2.isoformat(), "poster-code visits", "bus", "fewer than 10"],
        [day3.isoformat(), "poster-code visits", "bus", "fewer than 10"],
        [whole, "poster-code visits", "bus", "15"],
    ]


def test_no_number_below_10_appears_in_the_csv(editor_client, figures):
    day1, _day2, day3 = figures
    for row in read_csv(editor_client.get(CSV_URL, period(day1, day3)))[1:]:
        assert row[3] == "fewer than 10" or int(row[3]) >= 10


def test_the_csv_follows_the_chosen_page(editor_client, figures):
    day1, _day2, day3 = figures
    rows = read_csv(editor_client.get(CSV_URL, period(day1, day3, page="/")))
    assert {row[2] for row in rows[1:] if row[1] == "page views"} == {"/"}


def test_the_report_links_to_the_csv_for_the_same_period(editor_client, figures):
    day1, _day2, day3 = figures
    html = editor_client.get(REPORT_URL, period(day1, day3)).content.decode()
    assert f"{CSV_URL}?start={day1.isoformat()}&amp;end={day3.isoformat()}" in html


# --- poster codes and QR downloads ------------------------------------------------------


def decode_svg_modules(svg_bytes):
    """The dark modules drawn by segno's SVG path, as a set of (x, y) in module units."""
    root = parse_xml(svg_bytes)
    path = root.find("{http://www.w3.org/2000/svg}path")
    dark = set()
    x = y = 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path.get("d")):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for i in range(int(float(a))):
                dark.add((int(x) + i, int(y)))
            x += float(a)
    return root, dark


def expected_modules(url, border):
    symbol = segno.make_qr(url, error="q")
    return {
        (col + border, row + border)
        for row, line in enumerate(symbol.matrix)
        for col, bit in enumerate(line)
        if bit & 1
    }


def test_the_svg_download_is_a_qr_code_of_the_code_address(editor_client, seeded, settings):
    settings.SITE_URL = "https://campaign.example.org"
    code = PosterCode.objects.create(code="bus", label="Bus shelters", target="home")
    response = editor_client.get(f"{CODES_URL}{code.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="poster-code-bus.svg"'
    root, dark = decode_svg_modules(response.content)
    assert root.find("{http://www.w3.org/2000/svg}title").text == "https://campaign.example.org/c/bus/"
    assert dark == expected_modules("https://campaign.example.org/c/bus/", qr.BORDER)
    assert dark != expected_modules("https://campaign.example.org/c/bux/", qr.BORDER)


def test_the_png_download_is_a_qr_code_of_the_code_address(editor_client, seeded, settings):
    settings.SITE_URL = "https://campaign.example.org"
    code = PosterCode.objects.create(code="leeds-station", label="Leeds station", target="get_help")
    response = editor_client.get(f"{CODES_URL}{code.pk}/qr.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="poster-code-leeds-station.png"'
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(response.content)).convert("L")
    expected = segno.make_qr("https://campaign.example.org/c/leeds-station/", error="q")
    modules = expected.symbol_size(scale=1, border=qr.BORDER)[0]
    assert image.width == image.height and image.width % modules == 0
    scale = image.width // modules
    dark = {
        (x, y)
        for y in range(modules)
        for x in range(modules)
        if image.getpixel((x * scale + scale // 2, y * scale + scale // 2)) < 128
    }
    assert dark == expected_modules("https://campaign.example.org/c/leeds-station/", qr.BORDER)
    assert image.info.get("dpi", (0, 0))[0] == pytest.approx(300, abs=1)


def code_width_mm(png: bytes) -> float:
    image = Image.open(io.BytesIO(png))
    return image.width / image.info["dpi"][0] * 25.4


def test_qr_downloads_are_sized_for_a4_and_a3_posters_with_advice(editor_client, seeded, settings):
    settings.SITE_URL = "https://campaign.example.org"
    code = PosterCode.objects.create(code="leeds-bus", label="Leeds buses", target="get_help")
    a4 = editor_client.get(f"{CODES_URL}{code.pk}/qr.a4.png")
    a3 = editor_client.get(f"{CODES_URL}{code.pk}/qr.a3.png")
    assert a4["Content-Disposition"] == 'attachment; filename="poster-code-leeds-bus-a4.png"'
    assert a3["Content-Disposition"] == 'attachment; filename="poster-code-leeds-bus-a3.png"'
    assert code_width_mm(a4.content) == pytest.approx(60, abs=3)
    assert code_width_mm(a3.content) == pytest.approx(90, abs=4)
    page = editor_client.get(f"{CODES_URL}{code.pk}/change/").content.decode()
    for kind in ("qr.a4.png", "qr.a3.png", "qr.svg"):
        assert f"{CODES_URL}{code.pk}/{kind}" in page
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Keep the white border (the quiet zone)" in text
    assert "never print it smaller than 3 cm" in text and "scan a test print" in text


@pytest.mark.parametrize(
    "typed, code", [("Leeds Bus", "leeds-bus"), ("  Café Posters_2026 ", "cafe-posters-2026")]
)
def test_a_name_typed_as_a_code_becomes_a_valid_code(editor_client, seeded, typed, code):
    form = form_values(editor_client.get(f"{CODES_URL}add/").content.decode(), "postercode_form")
    form.update({"code": typed, "label": "Buses", "target": "home", "active": "on", "_save": "Save"})
    response = editor_client.post(f"{CODES_URL}add/", form)
    assert response.status_code == 302
    assert PosterCode.objects.exclude(code="toolkit").get().code == code


@pytest.mark.parametrize("typed", ["!!!", "retired", "a" * 31])
def test_a_code_that_cannot_be_made_valid_is_refused_with_the_help_texts_words(editor_client, seeded, typed):
    page = editor_client.get(f"{CODES_URL}add/").content.decode()
    form = form_values(page, "postercode_form")
    form.update({"code": typed, "label": "Buses", "target": "home", "_save": "Save"})
    response = editor_client.post(f"{CODES_URL}add/", form)
    assert response.status_code == 200
    words = "lower-case letters, digits and hyphens, for example 'bus' or 'leeds-station'"
    assert words in unescape(response.content.decode())  # the message...
    assert words.capitalize() in unescape(page)  # ...says what the help text says
    assert not PosterCode.objects.exclude(code="toolkit").exists()


def test_the_report_names_retired_code_visits(editor_client, figures):
    DailyCodeCount.objects.create(day=today(), code="retired", visits=4)
    text = " ".join(re.sub(r"<[^>]+>", " ", editor_client.get(REPORT_URL).content.decode()).split())
    assert "Retired or unknown codes (sent to the home page) retired code 4" in text


def test_unknown_qr_formats_and_codes_are_404(editor_client, seeded):
    code = PosterCode.objects.create(code="bus", label="Bus shelters", target="home")
    assert editor_client.get(f"{CODES_URL}{code.pk}/qr.gif").status_code == 404
    assert editor_client.get(f"{CODES_URL}{code.pk + 100}/qr.png").status_code == 404


def test_an_editor_adds_a_code_and_it_works_at_once(editor_client, seeded, client):
    form = form_values(editor_client.get(f"{CODES_URL}add/").content.decode(), "postercode_form")
    form.update(
        {"code": "Bus", "label": "Bus shelters, Leeds", "target": "get_help", "active": "on", "_save": "Save"}
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = editor_client.post(f"{CODES_URL}add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    code = PosterCode.objects.exclude(code="toolkit").get()
    assert code.code == "bus"
    assert client.get("/c/bus/")["Location"] == "/get-help/"
    change = editor_client.get(f"{CODES_URL}{code.pk}/change/").content.decode()
    assert f"{CODES_URL}{code.pk}/qr.a4.png" in change and f"{CODES_URL}{code.pk}/qr.svg" in change
    # The printed code cannot be changed afterwards.
    assert 'name="code"' not in change


def test_a_code_for_a_page_that_does_not_exist_is_refused(editor_client, seeded):
    form = form_values(editor_client.get(f"{CODES_URL}add/").content.decode(), "postercode_form")
    form.update({"code": "bus", "label": "Bus", "target": "https://evil.example/", "_save": "Save"})
    response = editor_client.post(f"{CODES_URL}add/", form)
    assert response.status_code == 200
    assert not PosterCode.objects.exclude(code="toolkit").exists()


def test_the_code_list_shows_recent_visits_and_downloads(editor_client, figures):
    html = editor_client.get(CODES_URL).content.decode()
    code = PosterCode.objects.exclude(code="toolkit").get()
    assert "/c/bus/" in html
    assert re.search(r'class="field-visits_last_30_days">15<', html)
    assert f"{CODES_URL}{code.pk}/qr.a4.png" in html


def test_an_editor_offers_a_code_to_partners_from_its_form(editor_client, seeded):
    form = form_values(editor_client.get(f"{CODES_URL}add/").content.decode(), "postercode_form")
    form.update(
        {"code": "bus", "label": "Bus shelters", "target": "get_help", "active": "on", "for_partners": "on"}
    )
    assert editor_client.post(f"{CODES_URL}add/", {**form, "_save": "Save"}).status_code == 302
    page = editor_client.get("/partners/").content.decode()
    assert "Bus shelters" in page
