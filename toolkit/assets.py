"""What every toolkit asset is made from, and the one entry point that makes them.

    content = content_from_snapshot(get_snapshot(), site_url=settings.SITE_URL,
                                    qr_url=reach.qr.code_url("leeds-bus"))
    pdf = generate(content, "poster", "A4")          # bytes
    name = asset_filename(content, "poster", "A4")   # "poster-a4-3f9c0b1d2e4a5b6c.pdf"

Generators are pure: the bytes depend only on the `AssetContent`, the kind and size, the
translation catalogue and the pinned libraries, all of which `asset_key` hashes. Nothing
reads the clock, the database or the network.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils import translation
from django.utils.dates import WEEKDAYS

# Bump when the layout or a generator changes in a way the inputs do not show, so that
# every cached asset is made again.
LAYOUT_VERSION = 1


@dataclass(frozen=True)
class AssetContent:
    """Everything an asset shows that comms staff can change, as plain text.

    Build it with `content_from_snapshot` (the site's current content) or directly (tests,
    previews). The fixed sentences around these facts live in `toolkit.copy`.
    """

    #: The helpline's name as the public knows it: "Stop It Now!".
    helpline_name: str
    #: The number as printed, grouped for reading: "0808 1000 900". Shown largest of all.
    phone_display: str
    #: A short sentence shown with the number: "Free to call from UK phones." May be empty.
    phone_note: str
    #: When the helpline answers, as one phrase: "Monday to Thursday 9am to 9pm, Friday 9am
    #: to 5pm". While the hours are unconfirmed, `content_from_snapshot` puts "For opening
    #: times, visit <site>" here instead, so no poster prints hours that may be wrong.
    hours_text: str
    #: The charity's self-help website's name: "Stop It Now! Get Help".
    selfhelp_name: str
    #: Its address as printed, without https://: "get-help.stopitnow.org.uk".
    selfhelp_address: str
    #: This campaign site's address as printed, without https://.
    site_address: str
    #: The absolute http(s) address the QR code on a poster opens, usually a poster code
    #: (https://<site>/c/leeds-bus/) so the reach report can count scans per placement.
    qr_url: str
    #: The partners shown as "A campaign by ...", in order. Only organisations that have
    #: agreed to appear on printed campaign materials.
    partner_names: tuple[str, ...] = ()
    #: Small print on posters for tracing a copy back to where it was put up:
    #: "Leeds bus shelters". Empty for none.
    placement_label: str = ""
    #: The language of the fixed copy (a Django language code). Generators render the copy
    #: in this language and tag PDFs with it.
    language: str = "en-gb"

    def __post_init__(self):
        # A list passed by a caller would make the dataclass unhashable and its JSON form
        # differ from a tuple's; store a tuple of plain strings either way.
        object.__setattr__(self, "partner_names", tuple(str(n) for n in self.partner_names if str(n).strip()))
        for name in ("helpline_name", "phone_display", "selfhelp_name", "selfhelp_address", "site_address"):
            if not str(getattr(self, name)).strip():
                raise ValueError(f"AssetContent.{name} must not be empty: every asset prints it.")
        if urlsplit(self.qr_url).scheme not in ("http", "https") or not urlsplit(self.qr_url).netloc:
            raise ValueError("AssetContent.qr_url must be an absolute http(s) address.")


def display_address(url: str) -> str:
    """An address as people should type it: 'https://get-help.stopitnow.org.uk/' ->
    'get-help.stopitnow.org.uk'. A path is kept (without its trailing slash)."""
    parts = urlsplit(url if "//" in url else "//" + url)
    return (parts.netloc + parts.path).rstrip("/")


def hours_summary(periods) -> str:
    """The opening hours as one phrase: 'Monday to Thursday 9am to 9pm, Friday 9am to 5pm'.

    Consecutive days with the same times are joined into a range; days with no period
    (closed) are left out. Uses the active language.
    """
    from content import hours
    from toolkit import copy

    by_day = {}
    for p in periods:
        by_day.setdefault(p.weekday, []).append((p.opens, p.closes))
    runs = []  # [first day, last day, spans]
    for day in range(7):
        spans = tuple(sorted(by_day.get(day, ())))
        if not spans:
            continue
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == spans:
            runs[-1][1] = day
        else:
            runs.append([day, day, spans])
    parts = []
    for first, last, spans in runs:
        days = (
            str(WEEKDAYS[first])
            if first == last
            else str(copy.HOURS_DAY_RANGE) % {"first": WEEKDAYS[first], "last": WEEKDAYS[last]}
        )
        times = str(copy.HOURS_AND).join(
            str(copy.HOURS_SPAN) % {"opens": hours.clock(o), "closes": hours.clock(c)} for o, c in spans
        )
        parts.append(str(copy.HOURS_DAY_SPANS) % {"days": days, "spans": times})
    return str(copy.HOURS_LIST_SEPARATOR).join(parts)


def content_from_snapshot(
    snap,
    *,
    site_url: str,
    qr_url: str,
    placement_label: str = "",
    partner_names=None,
    language: str = "en-gb",
) -> AssetContent:
    """The site's current content (a `content.snapshot.Snapshot`) as an `AssetContent`.

    `partner_names` defaults to every partner in the snapshot; once partners carry an
    "appears on campaign materials" flag, pass only those.
    """
    from toolkit import copy

    helpline = snap.helpline
    site = display_address(site_url)
    with translation.override(language):
        summary = hours_summary(snap.periods) if helpline.hours_last_verified else ""
        hours_text = summary or str(copy.HOURS_UNCONFIRMED) % {"site": site}
    return AssetContent(
        helpline_name=helpline.name,
        phone_display=helpline.phone_shown,
        phone_note=helpline.phone_note,
        hours_text=hours_text,
        selfhelp_name=helpline.selfhelp_name,
        selfhelp_address=display_address(helpline.selfhelp_url),
        site_address=site,
        qr_url=qr_url,
        partner_names=tuple(p.name for p in snap.partners) if partner_names is None else tuple(partner_names),
        placement_label=placement_label,
        language=language,
    )


# kind -> (sizes, file extension). The first size is the default.
KINDS = {
    "poster": (("A4", "A3"), "pdf"),
    "card": (("1080x1080", "1080x1350", "1080x1920", "1200x675"), "png"),
    "banner": (("600x150",), "png"),
    "briefing": (("A4",), "pdf"),
    "article": (("text",), "txt"),
    "lockup": (("1200x400",), "png"),
}


def _check(kind: str, size: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown asset kind {kind!r}; expected one of {sorted(KINDS)}.")
    if size not in KINDS[kind][0]:
        raise ValueError(f"Unknown size {size!r} for {kind}; expected one of {KINDS[kind][0]}.")


def _copy_fingerprint(language: str) -> list[str]:
    """Every fixed sentence as it renders in `language`, so a changed translation
    catalogue changes the key too."""
    from django.utils.functional import Promise

    from toolkit import copy

    out = []
    with translation.override(language):
        for name in sorted(vars(copy)):
            value = getattr(copy, name)
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, Promise):
                    out.append(f"{name}={item}")
    return out


def asset_key(content: AssetContent, kind: str, size: str) -> str:
    """A stable SHA-256 hex digest of everything the asset's bytes depend on.

    Use it as a cache key or in a file name: equal keys mean equal bytes (on the same
    pinned libraries), and any change to the content, copy, layout or libraries changes it.
    """
    import fpdf
    import PIL
    import segno

    _check(kind, size)
    payload = {
        "layout": LAYOUT_VERSION,
        "kind": kind,
        "size": size,
        "content": dataclasses.asdict(content),
        "copy": _copy_fingerprint(content.language),
        "libraries": [fpdf.__version__, PIL.__version__, segno.__version__],
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def asset_filename(content: AssetContent, kind: str, size: str) -> str:
    """A download name that changes whenever the asset does: 'poster-a4-3f9c0b1d2e4a5b6c.pdf'."""
    ext = KINDS[kind][1] if kind in KINDS else ""
    return f"{kind}-{size.lower()}-{asset_key(content, kind, size)[:16]}.{ext}"


def generate(content: AssetContent, kind: str, size: str) -> bytes:
    """Make one asset's file. Cards and the banner: the PNG (their alt text and suggested
    posts come from `toolkit.images`); the article: UTF-8 text."""
    from toolkit import briefing, images, posters, text

    _check(kind, size)
    if kind == "poster":
        return posters.poster_pdf(content, size)
    if kind == "card":
        return images.social_card(content, size).png
    if kind == "banner":
        return images.email_banner(content).png
    if kind == "briefing":
        return briefing.briefing_pdf(content)
    if kind == "lockup":
        return images.lockup(content).png
    return text.intranet_article(content).text.encode("utf-8")
