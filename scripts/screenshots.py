"""Save a PNG of every public page at phone and desktop widths, for reviewers, and the
pictures in the admin's guide for editors.

    make screenshots            # both parts:
      public: screenshots/<page>-phone.png and <page>-desktop.png (not committed)
      admin:  static/img/guide/<task>.png, one per task in the guide (committed), and their
              sizes written into templates/admin/content/guide.html

Runs the real site (seed content, collected static files, WhiteNoise) in this process on a
free 127.0.0.1 port, with its database in a throwaway directory, and drives the system
Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) with Playwright. Requests to any other
host are refused, so the pictures show exactly what the site itself sends. The admin part
signs in as a throwaway superuser with a password and a one-time code, as a person does.

Options: --part public|admin (repeatable; default both), --out DIR (public part, default
screenshots/), --only NAME (repeatable: a page such as home, or a guide picture such as
number).
"""

import argparse
import datetime
import io
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def start_site():
    """Migrate and seed a throwaway database, collect static files, serve on a free port."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_site.settings")
    os.environ.setdefault("ENV_FILE", "/dev/null")
    os.environ.setdefault("SECRET_KEY", "screenshots-only-not-secret")
    os.environ.setdefault("CACHE_URL", "locmemcache://")
    var_dir = tempfile.mkdtemp(prefix="screenshots-var-")
    os.environ["VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/db.sqlite3"

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_content", verbosity=0)
    call_command("compile_translations")
    call_command("collectstatic", interactive=False, verbosity=0)

    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def only_this_site(route):
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort("blockedbyclient")


def pages():
    from django.urls import reverse

    from content.site_pages import PAGES

    return [(page.name, reverse(page.url_name)) for page in PAGES] + [("not-found", "/no-such-page/")]


def public_screenshots(browser, base, out: Path, only: list[str]):
    out.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
        context.route("**/*", only_this_site)
        page = context.new_page()
        for name, path in pages():
            if only and name not in only:
                continue
            page.goto(base + path)
            target = out / f"{name}-{label}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"saved {shown(target)}")
        context.close()


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


# --- The guide for editors -------------------------------------------------------------
# One picture per task in templates/admin/content/guide.html, each in the guide's section
# of the same id. GUIDE_SHOTS is the one list: this script makes each picture from it, and
# tests/test_guide.py checks the guide shows each one (and nothing else) with alt text.

GUIDE_DIR = ROOT / "static" / "img" / "guide"
GUIDE_TEMPLATE = ROOT / "templates" / "admin" / "content" / "guide.html"
# A small desktop window (as most editors work), with the admin's side menu closed, so each
# picture shows the layout they see and fits the guide's column at its natural size.
# Drawn at twice the pixels, so it is sharp on high-density screens.
GUIDE_VIEWPORT = {"width": 800, "height": 800}
GUIDE_SCALE = 2
GUIDE_MAX_BYTES = 80 * 1024
GUIDE_TARGET_BYTES = 60 * 1024  # fewer colours until a picture is this small
MARK = "3px solid #d4351c"  # the control the steps say to press, outlined
USERNAME = "sam"
PASSWORD = "screenshots-only-" + "x" * 16
# Example numbers are from Ofcom's range for drama and examples, never a real line.
EXAMPLE_NUMBER = "0808 157 0123"


@dataclass(frozen=True)
class GuideShot:
    """One picture in the guide.

    name: the file static/img/guide/<name>.png and the id of its section in the guide.
    path: the admin page, under the admin's address; {names} are filled in from what
        `make_example_content` returns.
    region: Playwright selectors; the picture is the box around the first element each one
        finds, with a small margin.
    prepare: typing or pressing done on the page first (nothing is saved).
    mark: a selector for the control the guide's steps press, outlined in the picture.
    """

    name: str
    path: str
    region: tuple[str, ...]
    prepare: Callable | None = None
    mark: str = ""


def fieldset(heading: str) -> str:
    """A form section by its heading, for example fieldset("Logo")."""
    return f'fieldset:has(> h2:text-is("{heading}"))'


def type_new_number(page):
    page.locator("#id_phone").fill(EXAMPLE_NUMBER)
    page.locator("#id_phone_display").fill("")
    page.locator("input[name=_save]").click()
    page.locator(".number-check").wait_for()


def type_a_closure(page):
    year = datetime.date.today().year + 1
    page.locator("#id_start_date").fill(f"24/12/{year}")
    page.locator("#id_end_date").fill(f"26/12/{year}")
    page.locator("#id_reason").fill("Christmas")


def type_a_reason(page):
    page.locator("#closed-today-reason").fill("staff training")


def type_a_stigmatising_word(page):
    answer = page.locator("#id_answer")
    answer.fill(answer.input_value() + "\n\nNobody who calls is treated as a monster.")
    page.locator("input[name=_continue]").click()
    page.locator(".wording-check").wait_for()


GUIDE_SHOTS = (  # in the guide's order
    GuideShot(
        "number",
        "content/helpline/1/change/",
        (".number-check",),
        prepare=type_new_number,
        mark=".number-check .confirm",
    ),
    GuideShot(
        "hours",
        "content/helpline/1/change/",
        ("#opening_periods-group h2", "#opening_periods-group .inline-related >> nth=1"),
    ),
    GuideShot("services", "content/helpservice/{service}/change/", (fieldset("How to reach it"),)),
    GuideShot(
        "closure",
        "content/closure/add/",
        ("#closure_form fieldset", "#closure_form .submit-row"),
        prepare=type_a_closure,
        mark="#closure_form input[name=_save]",
    ),
    GuideShot(
        "closed-today",
        "",
        (".closed-today",),
        prepare=type_a_reason,
        mark=".closed-today input[type=submit]",
    ),
    GuideShot(
        "bank-holidays",
        "content/closure/bank-holidays/?year={year}",
        ("#bank_holiday_year", "#bank_holiday_add"),
        mark="#bank_holiday_add input[type=submit]",
    ),
    GuideShot(
        "figures", "content/figure/{figure}/change/", (".form-row.field-topic", ".form-row.field-source_url")
    ),
    GuideShot(
        "partners",
        "content/partner/{partner}/change/",
        (fieldset("On materials and the press page"), fieldset("Logo")),
    ),
    GuideShot(
        "faq", "content/faqentry/{faq}/change/", ("#faqentry_form fieldset >> nth=0", fieldset("Review"))
    ),
    GuideShot("legal", "content/legalpoint/{legal}/change/", (fieldset("Legal review"),)),
    GuideShot("press", "content/pressrelease/{release}/change/", ("#quotes-group",)),
    GuideShot("media-contacts", "content/mediacontact/{contact}/change/", ("#mediacontact_form fieldset",)),
    GuideShot(
        "poster-codes",
        "reach/postercode/{code}/change/",
        (".form-row.field-label", ".form-row.field-qr_code"),
    ),
    # From the totals down: Debian's Chromium has only US English, so its date boxes would show
    # 10/31/2026 where an editor's browser shows 31/10/2026.
    GuideShot(
        "reach",
        "reach/reachreport/",
        (".reach-report > h2", ".reach-report > p >> nth=1"),
        mark=".reach-report a.button[download]",
    ),
    GuideShot("health", "", (".content-panel.attention",)),
    GuideShot(
        "wording",
        "content/faqentry/{faq}/change/",
        (".wording-check",),
        prepare=type_a_stigmatising_word,
        mark=".wording-check .confirm",
    ),
    GuideShot("settings", "content/sitesettings/1/change/", (fieldset("Accessibility statement"),)),
    GuideShot(
        "undo",
        "content/helpline/1/history/",
        ("#change-history thead", "#change-history tbody tr >> nth=0"),
        mark="#change-history tbody tr >> nth=0 >> a.undo",
    ),
    GuideShot("restore", "content/partner/", (".recently-deleted",), mark=".recently-deleted li a"),
)


def make_example_content() -> tuple[dict[str, int], object]:
    """What the pictures show beyond the seed content, and the superuser who signs in.

    Returns ({name: value} for GuideShot paths, the user's TOTP device)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from content import snapshot
    from content.models import (
        FaqEntry,
        Figure,
        HelpService,
        LegalPoint,
        MediaContact,
        OpeningPeriod,
        Partner,
        PressQuote,
        PressRelease,
    )
    from reach.models import DailyClickCount, DailyCodeCount, DailyPageCount, PosterCode

    user = get_user_model().objects.create_superuser(
        USERNAME, "sam@example.org", PASSWORD, first_name="Sam", last_name="Taylor"
    )
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    # A change to undo: Friday's closing time, made by Sam.
    friday = OpeningPeriod.objects.get(weekday=OpeningPeriod.Weekday.FRIDAY)
    friday.closes = datetime.time(16, 0)
    friday._history_user = user
    friday.save()
    # A partner added and deleted, for "Recently deleted".
    gone = Partner(name="Example partner (deleted)", order=9)
    gone._history_user = user
    gone.save()
    gone._history_user = user
    gone.delete()

    release = PressRelease.objects.create(
        title="Example: the campaign's new posters",
        summary="An example release, not published.",
        body="The text of the release.",
    )
    PressQuote.objects.create(
        release=release,
        quote="Help is there for anyone worried about their own thoughts or behaviour.",
        speaker="Alex Example",
        role="Job title, organisation",
        approved=True,
    )
    contact = MediaContact.objects.create(
        name="Example press office", email="press@example.org", hours="Monday to Friday, 9am to 5pm"
    )

    # A few weeks of counts, so the report's totals are not all nought.
    today = datetime.date.today()
    for back in range(28):
        day = today - datetime.timedelta(days=back)
        DailyPageCount.objects.create(day=day, path="/", views=40 + (back * 7) % 23)
        DailyPageCount.objects.create(day=day, path="/get-help/", views=15 + (back * 5) % 11)
        DailyClickCount.objects.create(day=day, slug="call", clicks=(back * 3) % 5)
        DailyCodeCount.objects.create(day=day, code="toolkit", visits=(back * 2) % 4)
    snapshot.publish()
    return {
        "year": today.year + 2,
        "figure": Figure.objects.order_by("order", "pk").first().pk,
        "partner": Partner.objects.order_by("order", "pk").first().pk,
        "service": HelpService.objects.get(text_number__gt="", text_keyword__gt="").pk,
        "faq": FaqEntry.objects.order_by("order", "pk").first().pk,
        "legal": LegalPoint.objects.order_by("order", "pk").first().pk,
        "release": release.pk,
        "contact": contact.pk,
        "code": PosterCode.objects.get(code="toolkit").pk,
    }, device


def one_time_code(device) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def region_box(page, selectors) -> tuple[int, int, int, int]:
    """Left, top, right and bottom (CSS pixels, from the page's top left) of the box around
    the selected elements."""
    boxes = [
        page.locator(selector).first.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY]; }"
        )
        for selector in selectors
    ]
    return (
        int(min(b[0] for b in boxes)),
        int(min(b[1] for b in boxes)),
        int(max(b[2] for b in boxes) + 0.999),
        int(max(b[3] for b in boxes) + 0.999),
    )


def small_png(image) -> bytes:
    """The picture in as few colours as keep text crisp, under GUIDE_TARGET_BYTES if it can be."""
    from PIL import Image

    rgb = image.convert("RGB")
    for colours in (96, 64, 48, 32):
        out = io.BytesIO()
        rgb.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            out, "PNG", optimize=True
        )
        if out.tell() <= GUIDE_TARGET_BYTES:
            break
    return out.getvalue()


def guide_screenshots(browser, base, only: list[str]):
    from django.conf import settings
    from PIL import Image

    ids, device = make_example_content()
    admin = f"{base}/{settings.ADMIN_PATH}"
    context = browser.new_context(
        viewport=GUIDE_VIEWPORT,
        device_scale_factor=GUIDE_SCALE,
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.route("**/*", only_this_site)
    context.add_init_script("localStorage.setItem('django.admin.navSidebarIsOpen', 'false')")
    page = context.new_page()
    page.goto(admin)
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("input[name=otp_token]").fill(one_time_code(device))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name=re.compile("^Content health")).wait_for()

    GUIDE_DIR.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for shot in GUIDE_SHOTS:
        if only and shot.name not in only:
            continue
        page.goto(admin + shot.path.format(**ids))
        if shot.prepare:
            shot.prepare(page)
        if shot.mark:
            page.locator(shot.mark).first.evaluate(
                f"e => {{ e.style.outline = '{MARK}'; e.style.outlineOffset = '2px'; }}"
            )
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        left, top, right, bottom = region_box(page, shot.region)
        full = Image.open(io.BytesIO(page.screenshot(full_page=True, animations="disabled")))
        # In whole CSS pixels, so the size written into the guide is exactly half the picture's.
        margin = 10
        box = (
            max(0, left - margin),
            max(0, top - margin),
            min(full.width // GUIDE_SCALE, right + margin),
            min(full.height // GUIDE_SCALE, bottom + margin),
        )
        crop = full.crop(tuple(edge * GUIDE_SCALE for edge in box))
        data = small_png(crop)
        if len(data) > GUIDE_MAX_BYTES:
            sys.exit(f"{shot.name}: {len(data) // 1024} KB is too large for the guide; crop it smaller.")
        target = GUIDE_DIR / f"{shot.name}.png"
        target.write_bytes(data)
        sizes[shot.name] = (crop.width // GUIDE_SCALE, crop.height // GUIDE_SCALE)
        print(f"saved {shown(target)} ({sizes[shot.name][0]}x{sizes[shot.name][1]}, {len(data) // 1024} KB)")
    context.close()
    record_sizes(sizes)


def record_sizes(sizes: dict[str, tuple[int, int]]):
    """Write each picture's width and height into its <img> tag in the guide, so the page
    keeps its layout while the pictures load."""
    html = GUIDE_TEMPLATE.read_text(encoding="utf-8")
    for name, (width, height) in sizes.items():
        pattern = re.compile(r"<img\b[^>]*img/guide/" + re.escape(name) + r"\.png[^>]*>")

        def resize(match, width=width, height=height):
            tag = re.sub(r'\bwidth="\d*"', f'width="{width}"', match.group(0))
            return re.sub(r'\bheight="\d*"', f'height="{height}"', tag)

        html, found = pattern.subn(resize, html)
        if not found:
            print(f"note: the guide has no <img> for {name}.png yet")
    GUIDE_TEMPLATE.write_text(html, encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", action="append", choices=["public", "admin"], default=[])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    parts = args.part or ["public", "admin"]
    if not Path(CHROMIUM).exists():
        sys.exit(f"No Chromium at {CHROMIUM}: install the Debian package `chromium` (or set CHROMIUM_PATH).")

    server, base = start_site()

    from playwright.sync_api import sync_playwright

    # Django's ORM is used between Playwright calls (the example content): safe here, as
    # nothing in this script is async.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        # Public pages first: the admin part adds example content and changes Friday's hours.
        if "public" in parts:
            public_screenshots(browser, base, Path(args.out), args.only)
        if "admin" in parts:
            guide_screenshots(browser, base, args.only)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
